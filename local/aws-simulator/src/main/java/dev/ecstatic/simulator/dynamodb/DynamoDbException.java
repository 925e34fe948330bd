package dev.ecstatic.simulator.dynamodb;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * An error DynamoDB answers, as its JSON 1.0 body: {@code {"__type": "<namespace>#<Code>", "message": …}}
 * with HTTP 400 (500 for server errors). The SDKs, the AWS CLI and boto3 take the code after the
 * {@code #}. The namespaces are AWS's: validation errors come from the request validation layer
 * ({@code com.amazon.coral.validate#ValidationException}), the others from the service
 * ({@code com.amazonaws.dynamodb.v20120810#…}); see "Error handling with DynamoDB",
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html.
 */
public final class DynamoDbException extends RuntimeException {

    private static final String SERVICE = "com.amazonaws.dynamodb.v20120810#";

    private final String type;
    private final int status;
    private final Map<String, AttributeValue> item;

    private DynamoDbException(String type, int status, String message, Map<String, AttributeValue> item) {
        super(message, null, false, false);
        this.type = type;
        this.status = status;
        this.item = item;
    }

    /** The error code the clients see, e.g. {@code ConditionalCheckFailedException}. */
    public String code() {
        return type.substring(type.indexOf('#') + 1);
    }

    public int status() {
        return status;
    }

    /** The error body as DynamoDB sends it. */
    public ObjectNode toJson() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("__type", type);
        body.put("message", getMessage());
        if (item != null) {
            body.set("Item", AttributeValue.toJson(item));
        }
        return body;
    }

    static DynamoDbException validation(String message) {
        return new DynamoDbException("com.amazon.coral.validate#ValidationException", 400, message, null);
    }

    static DynamoDbException serialization(String message) {
        return new DynamoDbException("com.amazon.coral.service#SerializationException", 400, message, null);
    }

    static DynamoDbException unknownOperation(String action) {
        return new DynamoDbException("com.amazon.coral.service#UnknownOperationException", 400,
                "Unknown operation " + action + ".", null);
    }

    /** Data-plane actions (PutItem, Query, …) on a missing table: no table name in the message. */
    static DynamoDbException tableNotFound() {
        return new DynamoDbException(SERVICE + "ResourceNotFoundException", 400, "Requested resource not found", null);
    }

    /** Control-plane actions (DescribeTable, DeleteTable, …) on a missing table. */
    static DynamoDbException tableNotFound(String table) {
        return new DynamoDbException(SERVICE + "ResourceNotFoundException", 400,
                "Requested resource not found: Table: " + table + " not found", null);
    }

    /** UpdateContinuousBackups and DescribeContinuousBackups on a missing table. */
    static DynamoDbException continuousBackupsTableNotFound(String table) {
        return new DynamoDbException(SERVICE + "TableNotFoundException", 400, "Table not found: " + table, null);
    }

        static DynamoDbException tableExists(String table) {
        return new DynamoDbException(SERVICE + "ResourceInUseException", 400, "Table already exists: " + table, null);
    }

    /** With the existing item when the request asked for it (ReturnValuesOnConditionCheckFailure ALL_OLD). */
    static DynamoDbException conditionalCheckFailed(Map<String, AttributeValue> item) {
        return new DynamoDbException(SERVICE + "ConditionalCheckFailedException", 400,
                "The conditional request failed", item);
    }

    static DynamoDbException throughputExceeded() {
        return new DynamoDbException(SERVICE + "ProvisionedThroughputExceededException", 400,
                "The level of configured provisioned throughput for the table was exceeded. "
                        + "Consider increasing your provisioning level with the UpdateTable API.", null);
    }

    /** Control-plane request rate exceeded (CreateTable, DeleteTable, UpdateTimeToLive too fast). */
    static DynamoDbException throttling() {
        return new DynamoDbException(SERVICE + "ThrottlingException", 400,
                "Rate of requests exceeds the allowed throughput.", null);
    }

    static DynamoDbException internalServerError() {
        return new DynamoDbException(SERVICE + "InternalServerError", 500,
                "Internal server error", null);
    }
}
