package dev.ecstatic.cli.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecstatic.cli.Home;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The retriers of "Update one agent", the one step whose retry may meet an update its earlier
 * attempt started: which Lambda errors it retries, and when, against the function's Timeout in
 * template.yaml. (Step Functions' advice on Lambda errors:
 * https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html.)
 */
class UpdateOneAgentRetriesTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode updateOneAgent() throws Exception {
        TemplateWiring wiring = TemplateWiring.load(Home.find().resolve("template.yaml"), "us-east-1", "123456789012",
                Map.of());
        return JSON.readTree(wiring.definition()).at("/States/For each cluster/ItemProcessor/States/Update one agent");
    }

    static int functionTimeoutSeconds() throws Exception {
        Map<?, ?> template = (Map<?, ?>) CloudFormationYaml.parse(Files.readString(Home.find().resolve("template.yaml")));
        Map<?, ?> function = (Map<?, ?>) ((Map<?, ?>) template.get("Resources")).get("UpdateOneAgentFunction");
        return ((Number) ((Map<?, ?>) function.get("Properties")).get("Timeout")).intValue();
    }

    /** The retrier whose ErrorEquals holds {@code error}; fails when none or several do. */
    static JsonNode retrierOf(JsonNode state, String error) {
        List<JsonNode> matching = new ArrayList<>();
        state.path("Retry").forEach(r -> r.path("ErrorEquals").forEach(e -> {
            if (e.asText().equals(error)) {
                matching.add(r);
            }
        }));
        assertThat(matching).as("retriers of %s", error).hasSize(1);
        return matching.get(0);
    }

    @Test
    void lambdaClientErrorsAreRetriedOnlyOnceTheFirstInvocationCannotStillBeRunning() throws Exception {
        // Lambda.ClientExecutionTimeoutException and Lambda.SdkClientException can come back while the
        // invocation still runs: a retry 0-1 s later would overlap it. The invocation ends within the
        // function's Timeout, so a fixed wait longer than that (no jitter to shorten it) cannot.
        JsonNode state = updateOneAgent();
        int timeout = functionTimeoutSeconds();

        for (String error : List.of("Lambda.ClientExecutionTimeoutException", "Lambda.SdkClientException")) {
            JsonNode retrier = retrierOf(state, error);
            assertThat(retrier.path("ErrorEquals")).extracting(JsonNode::asText)
                    .containsExactlyInAnyOrder("Lambda.ClientExecutionTimeoutException", "Lambda.SdkClientException");
            assertThat(retrier.path("IntervalSeconds").asInt()).as(error).isGreaterThan(timeout);
            assertThat(retrier.path("JitterStrategy").asText("NONE")).as(error).isEqualTo("NONE");
        }
        assertThat(state.path("Comment").asText()).contains("never overlaps");
    }

    @Test
    void errorsRaisedBeforeTheFunctionRanAreRetriedAtOnceWithJitter() throws Exception {
        JsonNode state = updateOneAgent();

        for (String error : List.of("Lambda.TooManyRequestsException", "Lambda.SnapStartTimeoutException",
                "Lambda.SnapStartNotReadyException")) {
            JsonNode retrier = retrierOf(state, error);
            assertThat(retrier.path("IntervalSeconds").asInt()).as(error).isEqualTo(1);
            assertThat(retrier.path("JitterStrategy").asText()).as(error).isEqualTo("FULL");
        }
    }

    @Test
    void aFunctionThatDiedOrATaskThatTimedOutIsRetriedOnceToLookForTheUpdateItMayHaveStarted() throws Exception {
        JsonNode state = updateOneAgent();

        for (String error : List.of("Lambda.Unknown", "States.Timeout")) {
            assertThat(retrierOf(state, error).path("MaxAttempts").asInt()).as(error).isEqualTo(1);
        }
    }
}
