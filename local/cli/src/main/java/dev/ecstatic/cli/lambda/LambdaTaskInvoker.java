package dev.ecstatic.cli.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecstatic.asl.Integration;
import dev.ecstatic.asl.TaskFailedException;
import dev.ecstatic.asl.TaskInvoker;
import dev.ecstatic.asl.TaskRequest;
import java.io.IOException;

/**
 * Plugs the template's Lambdas into the engine as Step Functions' optimized Lambda integration:
 * {@code arn:aws:states:::lambda:invoke} with {@code Arguments} {@code {FunctionName, Payload}}.
 * See https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html
 */
public final class LambdaTaskInvoker implements Integration {

    public static final String LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalLambdas lambdas;

    public LambdaTaskInvoker(LocalLambdas lambdas) {
        this.lambdas = lambdas;
    }

    /** The Lambda integration, calling {@code lambda:invoke} through {@code invoker} (a wrapper around this one). */
    public static Integration calling(TaskInvoker invoker) {
        return new Integration() {
            @Override
            public boolean supports(String resource) {
                return LAMBDA_INVOKE.equals(resource);
            }

            @Override
            public String invoke(TaskRequest request) throws TaskFailedException {
                return invoker.invoke(request);
            }
        };
    }

    @Override
    public boolean supports(String resource) {
        return LAMBDA_INVOKE.equals(resource);
    }

    @Override
    public String invoke(TaskRequest request) throws TaskFailedException {
        JsonNode arguments;
        try {
            arguments = JSON.readTree(request.argumentsJson());
        } catch (IOException e) {
            throw new TaskFailedException("States.Runtime", "state \"" + request.stateName()
                    + "\": Arguments are not JSON: " + e.getMessage());
        }
        JsonNode functionName = arguments.get("FunctionName");
        if (functionName == null || !functionName.isTextual()) {
            // Step Functions rejects this as a parameter validation error of the Invoke call.
            throw new TaskFailedException("Lambda.InvalidParameterValueException", "state \"" + request.stateName()
                    + "\": Arguments.FunctionName must be a string, got " + functionName);
        }
        JsonNode payload = arguments.get("Payload");
        String payloadJson = payload == null ? "null" : payload.toString();
        return switch (lambdas.invoke(functionName.asText(), payloadJson)) {
            case LocalLambdas.Result.Success success -> LocalLambdas.lambdaInvokeResponse(success.payloadJson());
            case LocalLambdas.Result.Failure failure -> throw new TaskFailedException(failure.error(), failure.cause());
        };
    }
}
