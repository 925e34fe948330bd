package dev.ecstatic.cli.integrations;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecstatic.asl.Integration;
import dev.ecstatic.asl.TaskFailedException;
import dev.ecstatic.asl.TaskRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.AwsResponse;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Step Functions' optimized DynamoDB integration, {@code arn:aws:states:::dynamodb:getItem},
 * {@code putItem}, {@code updateItem} and {@code deleteItem}: the only four it offers, any other
 * action (e.g. {@code dynamodb:query}) is refused when the definition is validated, as
 * CreateStateMachine refuses it.
 *
 * <p>The result is the API response plus the response metadata of the AWS SDK for Java v1, which is
 * what this integration runs on: {@code SdkHttpMetadata} ({@code AllHttpHeaders}, each header's
 * values as a list; {@code HttpHeaders}, each header's value; {@code HttpStatusCode}) and
 * {@code SdkResponseMetadata} ({@code RequestId}). Errors are named after the SDK v1's exception
 * classes ({@code DynamoDB.ConditionalCheckFailedException}; {@code DynamoDB.AmazonDynamoDBException}
 * for a code without a class, such as a ValidationException) with the v1 message as the cause.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/connect-ddb.html">Call DynamoDB with Step Functions</a>
 */
public final class DynamoDbIntegration implements Integration {
    private static final String SERVICE = "dynamodb";
    private static final Set<String> ACTIONS = Set.of("getItem", "putItem", "updateItem", "deleteItem");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * The error codes the AWS SDK for Java v1 has an exception class for: its DynamoDB client's error
     * metadata (aws/aws-sdk-java, {@code aws-java-sdk-dynamodb/.../AmazonDynamoDBClient.java},
     * {@code JsonErrorShapeMetadata().withErrorCode(...).withModeledClass(...)}). Every class is named
     * as its code, except {@code InternalServerError}'s; any other code is the base class,
     * {@code AmazonDynamoDBException}.
     */
    private static final Map<String, String> V1_EXCEPTION_CLASSES = Map.ofEntries(
            Map.entry("BackupInUseException", "BackupInUseException"),
            Map.entry("BackupNotFoundException", "BackupNotFoundException"),
            Map.entry("ConditionalCheckFailedException", "ConditionalCheckFailedException"),
            Map.entry("ContinuousBackupsUnavailableException", "ContinuousBackupsUnavailableException"),
            Map.entry("GlobalTableAlreadyExistsException", "GlobalTableAlreadyExistsException"),
            Map.entry("GlobalTableNotFoundException", "GlobalTableNotFoundException"),
            Map.entry("IdempotentParameterMismatchException", "IdempotentParameterMismatchException"),
            Map.entry("IndexNotFoundException", "IndexNotFoundException"),
            Map.entry("InternalServerError", "InternalServerErrorException"),
            Map.entry("InvalidRestoreTimeException", "InvalidRestoreTimeException"),
            Map.entry("ItemCollectionSizeLimitExceededException", "ItemCollectionSizeLimitExceededException"),
            Map.entry("LimitExceededException", "LimitExceededException"),
            Map.entry("PointInTimeRecoveryUnavailableException", "PointInTimeRecoveryUnavailableException"),
            Map.entry("ProvisionedThroughputExceededException", "ProvisionedThroughputExceededException"),
            Map.entry("ReplicaAlreadyExistsException", "ReplicaAlreadyExistsException"),
            Map.entry("ReplicaNotFoundException", "ReplicaNotFoundException"),
            Map.entry("RequestLimitExceeded", "RequestLimitExceededException"),
            Map.entry("ResourceInUseException", "ResourceInUseException"),
            Map.entry("ResourceNotFoundException", "ResourceNotFoundException"),
            Map.entry("TableAlreadyExistsException", "TableAlreadyExistsException"),
            Map.entry("TableInUseException", "TableInUseException"),
            Map.entry("TableNotFoundException", "TableNotFoundException"),
            Map.entry("TransactionCanceledException", "TransactionCanceledException"),
            Map.entry("TransactionConflictException", "TransactionConflictException"),
            Map.entry("TransactionInProgressException", "TransactionInProgressException"));

    private final AwsClients clients;

    public DynamoDbIntegration(AwsClients clients) {
        this.clients = clients;
    }

    @Override
    public boolean supports(String resource) {
        return ServiceResource.parse(resource).filter(parsed -> parsed.service().equals(SERVICE)).isPresent();
    }

    @Override
    public Optional<String> refusal(String resource) {
        ServiceResource parsed = ServiceResource.parse(resource).orElseThrow();
        return ACTIONS.contains(parsed.action()) && parsed.pattern().isEmpty() ? Optional.empty()
                : Optional.of(ServiceResource.notRecognized(resource));
    }

    @Override
    public String invoke(TaskRequest request) throws TaskFailedException {
        String action = ServiceResource.parse(request.resource()).orElseThrow().action();
        SdkOperation operation = SdkOperation.find(SdkService.DYNAMODB, action).orElseThrow();
        ObjectNode arguments = AwsSdkIntegration.arguments(request);
        SdkOperation.Result result;
        try {
            result = operation.call(clients.client(SdkService.DYNAMODB), arguments);
        } catch (AwsServiceException e) {
            throw new TaskFailedException(v1ErrorName(e.awsErrorDetails().errorCode()), v1Cause(e));
        } catch (SdkClientException e) {
            throw new TaskFailedException("States.TaskFailed", AwsSdkIntegration.clientFailure(SdkService.DYNAMODB, e));
        } catch (SdkModelJson.InvalidMember e) {
            throw new TaskFailedException("States.Runtime", e.getMessage() + " (" + request.resource() + ", state '"
                    + request.stateName() + "')");
        }
        ObjectNode output = new SdkModelJson(SdkService.DYNAMODB.protocol()).toJson(result.response());
        output.set("SdkHttpMetadata", httpMetadata(result.response().sdkHttpResponse()));
        output.set("SdkResponseMetadata", NODES.objectNode()
                .put("RequestId", ((AwsResponse) result.response()).responseMetadata().requestId()));
        return output.toString();
    }

    /** {@code DynamoDB.} and the SDK v1's exception class for {@code errorCode}. */
    static String v1ErrorName(String errorCode) {
        return "DynamoDB." + V1_EXCEPTION_CLASSES.getOrDefault(errorCode, "AmazonDynamoDBException");
    }

    /** The SDK v1's exception message: the service's message and the error's particulars. */
    private static String v1Cause(AwsServiceException e) {
        AwsErrorDetails details = e.awsErrorDetails();
        return details.errorMessage() + " (Service: AmazonDynamoDBv2; Status Code: " + e.statusCode() + "; Error Code: "
                + details.errorCode() + "; Request ID: " + e.requestId() + "; Proxy: null)";
    }

    private static ObjectNode httpMetadata(SdkHttpResponse response) {
        ObjectNode all = NODES.objectNode();
        ObjectNode first = NODES.objectNode();
        for (Map.Entry<String, List<String>> header : response.headers().entrySet()) {
            all.set(header.getKey(), NODES.arrayNode().addAll(header.getValue().stream().map(NODES::textNode).toList()));
            if (!header.getValue().isEmpty()) {
                first.put(header.getKey(), header.getValue().getFirst());
            }
        }
        ObjectNode metadata = NODES.objectNode();
        metadata.set("AllHttpHeaders", all);
        metadata.set("HttpHeaders", first);
        metadata.put("HttpStatusCode", response.statusCode());
        return metadata;
    }
}
