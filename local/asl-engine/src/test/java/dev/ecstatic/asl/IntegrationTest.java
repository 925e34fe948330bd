package dev.ecstatic.asl;

import static dev.ecstatic.asl.EngineTest.T0;
import static dev.ecstatic.asl.EngineTest.sm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Task resources go through {@link Integration}s, chosen by resource; what none supports, or what
 * the one that supports it refuses, is refused when the definition is validated, as
 * CreateStateMachine refuses it.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/integrate-services.html">Integrating services</a>
 */
class IntegrationTest {

    /** An integration for one service, recording what it was asked. */
    static final class Recording implements Integration {
        final String prefix;
        final List<TaskRequest> requests = Collections.synchronizedList(new ArrayList<>());

        Recording(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public boolean supports(String resource) {
            return resource.startsWith(prefix);
        }

        @Override
        public Optional<String> refusal(String resource) {
            // As AWS refuses it: the optimized DynamoDB integration has no query.
            return resource.endsWith(":query") ? Optional.of("The resource provided " + resource
                    + " is not recognized. The value is not a valid resource ARN, or the resource is not available "
                    + "in this region.") : Optional.empty();
        }

        @Override
        public String invoke(TaskRequest request) {
            requests.add(request);
            return "{\"from\":\"" + prefix + "\"}";
        }
    }

    static final String TWO_SERVICES = """
            {"StartAt":"Get","States":{
              "Get":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:getItem",
                "Parameters":{"TableName":"t","Key":{"id":{"S.$":"$.id"}}},"ResultPath":"$.item","Next":"Call"},
              "Call":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}}""";

    @Test
    void eachResource_goesToTheIntegrationThatSupportsIt_withItsResolvedArguments() throws DefinitionException {
        Recording dynamodb = new Recording("arn:aws:states:::dynamodb:");
        Recording lambda = new Recording("arn:aws:states:::lambda:");
        Engine engine = Engine.builder().integration(dynamodb).integration(lambda)
                .clock(new SimulatedClock(T0)).build();
        Execution execution = engine.run(engine.parse(TWO_SERVICES), "two", "{\"id\":\"a\"}");
        assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(dynamodb.requests).singleElement().satisfies(request -> {
            assertThat(request.resource()).isEqualTo("arn:aws:states:::dynamodb:getItem");
            assertThat(Json.parse(request.argumentsJson())).isEqualTo(Json.parse(
                    "{\"TableName\":\"t\",\"Key\":{\"id\":{\"S\":\"a\"}}}"));
            assertThat(request.contextJson()).contains("\"Name\":\"Get\"").contains("\"RetryCount\":0");
            assertThat(request.executionName()).isEqualTo("two");
        });
        assertThat(lambda.requests).singleElement().satisfies(request ->
                assertThat(Json.parse(request.argumentsJson())).isEqualTo(Json.parse(
                        "{\"id\":\"a\",\"item\":{\"from\":\"arn:aws:states:::dynamodb:\"}}")));
        assertThat(execution.stats().taskInvocations()).containsOnlyKeys("arn:aws:states:::dynamodb:getItem",
                "arn:aws:states:::lambda:invoke");
    }

    @Test
    void aResourceNoIntegrationSupports_isRefusedAtValidation_inAwsWords() {
        Engine engine = Engine.builder().integration(new Recording("arn:aws:states:::lambda:")).build();
        assertThatThrownBy(() -> engine.parse(TWO_SERVICES)).isInstanceOf(DefinitionException.class)
                .hasMessageContaining("State \"Get\": field \"Resource\": The resource provided "
                        + "arn:aws:states:::dynamodb:getItem is not recognized.")
                .hasMessageNotContaining("State \"Call\"");
    }

    @Test
    void anIntegration_refusesWhatAwsRefusesAtCreation() {
        Engine engine = Engine.builder().integration(new Recording("arn:aws:states:::dynamodb:")).build();
        assertThatThrownBy(() -> engine.parse("""
                {"StartAt":"Query","States":{"Query":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:query",
                  "End":true}}}""")).isInstanceOf(DefinitionException.class)
                .hasMessageContaining("State \"Query\": field \"Resource\": The resource provided "
                        + "arn:aws:states:::dynamodb:query is not recognized.");
    }

    @Test
    void mockedStates_needNoIntegration() throws DefinitionException {
        MockConfig mocks = MockConfig.parse("""
                {"StateMachines":{"M":{"TestCases":{"Happy":{"Get":"Item"}}}},
                 "MockedResponses":{"Item":{"0":{"Return":{"Item":{}}}}}}""");
        Engine engine = Engine.builder().mockConfig(mocks, "M", "Happy")
                .integration(new Recording("arn:aws:states:::lambda:")).clock(new SimulatedClock(T0)).build();
        assertThat(engine.run(engine.parse(TWO_SERVICES), "mocked", "{\"id\":\"a\"}").status())
                .isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void aTaskInvoker_callsWhatNoIntegrationSupports() throws DefinitionException {
        Recording lambda = new Recording("arn:aws:states:::lambda:");
        List<String> fallback = new ArrayList<>();
        Engine engine = Engine.builder().integration(lambda).taskInvoker(request -> {
            fallback.add(request.resource());
            return "{}";
        }).clock(new SimulatedClock(T0)).build();
        assertThat(engine.run(engine.parse(TWO_SERVICES), "fallback", "{\"id\":\"a\"}").status())
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(fallback).containsExactly("arn:aws:states:::dynamodb:getItem");
        assertThat(lambda.requests).hasSize(1);
    }

    // A definition run without validation reaches a Task no integration supports: it fails with States.Runtime.
    @Test
    void anUnvalidatedResourceNoIntegrationSupports_failsTheExecutionWithStatesRuntime() {
        Execution execution = Engine.builder().clock(new SimulatedClock(T0)).build().run(sm(TWO_SERVICES), "none", "{\"id\":\"a\"}");
        assertThat(execution.error()).isEqualTo("States.Runtime");
        assertThat(execution.cause()).contains("no integration supports the resource arn:aws:states:::dynamodb:getItem");
    }
}
