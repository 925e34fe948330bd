package dev.ecstatic.cli.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecstatic.asl.TaskFailedException;
import dev.ecstatic.asl.TaskRequest;
import dev.ecstatic.cli.wiring.TemplateWiring;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LocalLambdasTest {

    static final String ECHO = "arn:aws:lambda:us-east-1:123456789012:function:ecstatic-EchoFunction:live";
    static final String FAIL = "arn:aws:lambda:us-east-1:123456789012:function:ecstatic-FailFunction";
    final ObjectMapper json = new ObjectMapper();
    final List<String> logs = new ArrayList<>();
    LocalLambdas lambdas;

    @BeforeEach
    void wire() throws Exception {
        TemplateWiring wiring = TemplateWiring.load(java.nio.file.Path.of("src/test/resources/wiring/template.yaml"), "us-east-1", "123456789012", Map.of());
        lambdas = new LocalLambdas(wiring.functions(), Map.of("AWS_REGION", "us-east-1"), logs::add);
    }

    @Test
    void handlerGetsItsPayloadAndEnvironmentThroughTheRuntimeSerializer() throws Exception {
        LocalLambdas.Result result = lambdas.invoke(ECHO, "{\"name\":\"prod-web\"}");

        assertThat(result).asInstanceOf(InstanceOfAssertFactories.type(LocalLambdas.Result.Success.class))
                .extracting(s -> tree(s.payloadJson()))
                .satisfies(p -> {
                    assertThat(p.path("greeting").asText()).isEqualTo("hello prod-web");
                    assertThat(p.path("region").asText()).isEqualTo("us-east-1");
                });
        assertThat(logs).containsExactly("{\"greeting\":\"prod-web\"}");
    }

    @Test
    void eachFunctionIsConstructedOnceLikeAWarmContainer() {
        int before = EchoHandler.constructions;

        lambdas.invoke(ECHO, "{\"name\":\"a\"}");
        lambdas.invoke(ECHO, "{\"name\":\"b\"}");
        lambdas.invoke(ECHO, "{\"name\":\"c\"}");

        assertThat(EchoHandler.constructions - before).isEqualTo(1);
        assertThat(lambdas.invocations()).containsEntry("EchoFunction", 3L);
    }

    @Test
    void anExceptionBecomesItsClassNameAsErrorWithLambdasErrorDocumentAsCause() throws Exception {
        LocalLambdas.Result result = lambdas.invoke(FAIL, "{\"n\": 3}");

        LocalLambdas.Result.Failure failure = (LocalLambdas.Result.Failure) result;
        assertThat(failure.error()).isEqualTo("dev.ecstatic.cli.lambda.FailingHandler$TransientThing");
        JsonNode cause = tree(failure.cause());
        assertThat(cause.path("errorMessage").asText()).isEqualTo("rate exceeded for 3");
        assertThat(cause.path("errorType").asText()).isEqualTo(failure.error());
        assertThat(cause.path("stackTrace").isArray()).isTrue();
    }

    @Test
    void anUnknownFunctionIsLambdasResourceNotFound() {
        LocalLambdas.Result result = lambdas.invoke("arn:aws:lambda:us-east-1:123456789012:function:nope", "{}");

        assertThat(result).isInstanceOfSatisfying(LocalLambdas.Result.Failure.class,
                f -> assertThat(f.error()).isEqualTo("Lambda.ResourceNotFoundException"));
    }

    @Test
    void theUnqualifiedArnAndTheLogicalIdFindTheFunctionToo() {
        assertThat(lambdas.invoke(ECHO.replace(":live", ""), "{\"name\":\"x\"}"))
                .isInstanceOf(LocalLambdas.Result.Success.class);
        assertThat(lambdas.invoke("EchoFunction", "{\"name\":\"x\"}")).isInstanceOf(LocalLambdas.Result.Success.class);
    }

    @Test
    void theTaskInvokerWrapsThePayloadAsLambdaInvokeDoes() throws Exception {
        LambdaTaskInvoker invoker = new LambdaTaskInvoker(lambdas);

        String result = invoker.invoke(new TaskRequest(LambdaTaskInvoker.LAMBDA_INVOKE,
                "{\"FunctionName\":\"" + ECHO + "\",\"Payload\":{\"name\":\"w\"}}", "Echo", "{}", "run-1", 0));

        JsonNode response = tree(result);
        assertThat(response.path("StatusCode").asInt()).isEqualTo(200);
        assertThat(response.path("Payload").path("greeting").asText()).isEqualTo("hello w");
        assertThat(response.path("SdkResponseMetadata").path("RequestId").asText()).isNotBlank();
    }

    @Test
    void theTaskInvokerRaisesTheHandlersErrorName() {
        LambdaTaskInvoker invoker = new LambdaTaskInvoker(lambdas);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> invoker.invoke(new TaskRequest(
                        LambdaTaskInvoker.LAMBDA_INVOKE, "{\"FunctionName\":\"" + FAIL + "\",\"Payload\":{\"n\":1}}",
                        "Fail", "{}", "run-1", 0)))
                .isInstanceOfSatisfying(TaskFailedException.class,
                        e -> assertThat(e.error()).isEqualTo("dev.ecstatic.cli.lambda.FailingHandler$TransientThing"));
    }

    @Test
    void theLambdaIntegrationCallsOnlyLambdaInvoke_soAnEngineRefusesOtherResources_andAMissingFunctionNameFails() {
        LambdaTaskInvoker invoker = new LambdaTaskInvoker(lambdas);

        assertThat(invoker.supports(LambdaTaskInvoker.LAMBDA_INVOKE)).isTrue();
        assertThat(invoker.supports("arn:aws:states:::sqs:sendMessage")).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.ecstatic.asl.Engine.builder().integration(invoker).build()
                        .parse("{\"StartAt\": \"Send\", \"States\": {\"Send\": {\"Type\": \"Task\", "
                                + "\"Resource\": \"arn:aws:states:::sqs:sendMessage\", \"End\": true}}}"))
                .isInstanceOf(dev.ecstatic.asl.DefinitionException.class).hasMessageContaining("sqs:sendMessage");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> invoker.invoke(new TaskRequest(
                        LambdaTaskInvoker.LAMBDA_INVOKE, "{\"Payload\":{}}", "Echo", "{}", "run-1", 0)))
                .isInstanceOfSatisfying(TaskFailedException.class,
                        e -> assertThat(e.error()).isEqualTo("Lambda.InvalidParameterValueException"));
    }

    private JsonNode tree(String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(text, e);
        }
    }
}
