package dev.ecstatic.cli.integrations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecstatic.asl.Integration;
import dev.ecstatic.asl.TaskFailedException;
import dev.ecstatic.asl.TaskRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Step Functions' AWS SDK integrations, {@code arn:aws:states:::aws-sdk:<service>:<action>}, for the
 * services of {@link SdkService}: the Task's arguments are the action's request (members in
 * PascalCase), its result the plain response (no HTTP metadata), its errors
 * {@code <Service>.<SDK v2 exception class>} with the SDK's message as the cause, e.g.
 * {@code DynamoDb.ResourceNotFoundException} / {@code Requested resource not found (Service:
 * DynamoDb, Status Code: 400, Request ID: ...)}, or {@code S3.S3Exception} for an error code without
 * a class of its own: the names come from the SDK's own classes, not from a table.
 *
 * <p>Only the request-response pattern: {@code .waitForTaskToken} needs callbacks, which the local
 * engine does not have, and is refused when the definition is validated.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html">AWS SDK service integrations</a>
 */
public final class AwsSdkIntegration implements Integration {
    private static final String PREFIX = "aws-sdk:";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AwsClients clients;

    public AwsSdkIntegration(AwsClients clients) {
        this.clients = clients;
    }

    @Override
    public boolean supports(String resource) {
        return ServiceResource.parse(resource).filter(parsed -> parsed.service().startsWith(PREFIX)).isPresent();
    }

    @Override
    public Optional<String> refusal(String resource) {
        ServiceResource parsed = ServiceResource.parse(resource).orElseThrow();
        String name = parsed.service().substring(PREFIX.length());
        Optional<SdkService> service = SdkService.named(name);
        if (service.isEmpty()) {
            return Optional.of("the local aws-sdk integration calls "
                    + Arrays.stream(SdkService.values()).map(SdkService::resourceName).collect(Collectors.joining(", "))
                    + ", not " + name + " (" + resource + ")");
        }
        if (SdkOperation.find(service.get(), parsed.action()).isEmpty()) {
            return Optional.of(ServiceResource.notRecognized(resource));
        }
        if (parsed.pattern().equals("waitForTaskToken")) {
            return Optional.of("the local engine has no callback tasks: " + resource
                    + " would wait for SendTaskSuccess, which nothing here can send");
        }
        return parsed.pattern().isEmpty() ? Optional.empty() : Optional.of(ServiceResource.notRecognized(resource));
    }

    @Override
    public String invoke(TaskRequest request) throws TaskFailedException {
        ServiceResource parsed = ServiceResource.parse(request.resource()).orElseThrow();
        SdkService service = SdkService.named(parsed.service().substring(PREFIX.length())).orElseThrow();
        SdkOperation operation = SdkOperation.find(service, parsed.action()).orElseThrow();
        ObjectNode arguments = arguments(request);
        SdkOperation.Result result;
        try {
            result = operation.call(clients.client(service), arguments);
        } catch (AwsServiceException e) {
            throw new TaskFailedException(errorName(e), cause(e));
        } catch (SdkClientException e) {
            throw new TaskFailedException("States.TaskFailed", clientFailure(service, e));
        } catch (SdkModelJson.InvalidMember e) {
            throw new TaskFailedException("States.Runtime", e.getMessage() + " (" + request.resource() + ", state '"
                    + request.stateName() + "')");
        }
        ObjectNode output = new SdkModelJson(service.protocol()).toJson(result.response());
        if (result.body() != null) {
            output.put(SdkOperation.BODY, new String(result.body(), StandardCharsets.UTF_8));
        }
        return output.toString();
    }

    /**
     * {@code <Service>.<exception class>}: the SDK's service name ({@code DynamoDb}, {@code S3}) and
     * the class its unmarshaller chose for the error code, the service's base exception
     * ({@code DynamoDbException}) for a code without a class of its own.
     */
    static String errorName(AwsServiceException e) {
        return e.awsErrorDetails().serviceName() + "." + e.getClass().getSimpleName();
    }

    /**
     * The SDK v2's description of a service error, as Step Functions reports it: {@code <message>
     * (Service: S3, Status Code: 404, Request ID: <id>, Extended Request ID: <id2>)}, without the
     * attempt count newer SDKs append.
     */
    static String cause(AwsServiceException e) {
        String extended = e.extendedRequestId() == null ? "" : ", Extended Request ID: " + e.extendedRequestId();
        return e.awsErrorDetails().errorMessage() + " (Service: " + e.awsErrorDetails().serviceName() + ", Status Code: "
                + e.statusCode() + ", Request ID: " + e.requestId() + extended + ")";
    }

    /** The task's arguments, which an action takes as an object of request members. */
    static ObjectNode arguments(TaskRequest request) throws TaskFailedException {
        JsonNode arguments;
        try {
            arguments = JSON.readTree(request.argumentsJson());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the engine passed arguments that are not JSON: " + e.getOriginalMessage(), e);
        }
        if (!(arguments instanceof ObjectNode object)) {
            throw new TaskFailedException("States.Runtime", "The parameters of " + request.resource() + " (state '"
                    + request.stateName() + "') must be an object of request members, not " + arguments);
        }
        return object;
    }

    /**
     * A call that got no answer from the service (it could not connect, or timed out): the cause says
     * which service and why, without the request.
     */
    static String clientFailure(SdkService service, SdkClientException e) {
        return "The " + service.resourceName() + " request got no answer: " + e.getMessage();
    }
}
