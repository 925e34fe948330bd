package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The errors DynamoDB answers, as the SDK surfaces them: each the exception class the SDK maps it
 * to, with DynamoDB's wording for the common mistakes.
 */
class DynamoDbErrorsTest {

    private AwsSimulator sim;
    private DynamoDbClient db;

    @BeforeEach
    void start() {
        sim = ServiceClients.start(MutableClock.at("2026-01-01T00:00:00Z"), "{\"throttle\": false}");
        db = ServiceClients.dynamoDbWithoutRetries(sim);
        db.createTable(b -> b.tableName("items").billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.N)));
        db.putItem(b -> b.tableName("items").item(Map.of("pk", s("a"), "sk", n("1"), "v", n("7"))));
    }

    @AfterEach
    void stop() {
        db.close();
        sim.close();
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(String v) {
        return AttributeValue.fromN(v);
    }

    private void assertValidation(Runnable call, String message) {
        assertThatThrownBy(call::run)
                .isInstanceOf(DynamoDbException.class)
                .satisfies(e -> {
                    DynamoDbException x = (DynamoDbException) e;
                    assertThat(x.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(x.awsErrorDetails().errorMessage()).isEqualTo(message);
                    assertThat(x.statusCode()).isEqualTo(400);
                });
    }

    @Test
    void conditionalCheckFailed_isTheModelledExceptionWithTheItemWhenAsked() {
        Consumer<software.amazon.awssdk.services.dynamodb.model.PutItemRequest.Builder> conditional = b -> b.tableName("items")
                .item(Map.of("pk", s("a"), "sk", n("1"))).conditionExpression("attribute_not_exists(pk)");
        assertThatThrownBy(() -> db.putItem(conditional))
                .isInstanceOf(ConditionalCheckFailedException.class)
                .hasMessageStartingWith("The conditional request failed")
                .satisfies(e -> assertThat(((ConditionalCheckFailedException) e).hasItem()).isFalse());
        assertThatThrownBy(() -> db.putItem(conditional.andThen(
                b -> b.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD))))
                .isInstanceOf(ConditionalCheckFailedException.class)
                .satisfies(e -> assertThat(((ConditionalCheckFailedException) e).item())
                        .containsExactlyInAnyOrderEntriesOf(Map.of("pk", s("a"), "sk", n("1"), "v", n("7"))));
        assertThatThrownBy(() -> db.updateItem(b -> b.tableName("items").key(Map.of("pk", s("a"), "sk", n("1")))
                .updateExpression("SET v = :x").conditionExpression("v > :x")
                .expressionAttributeValues(Map.of(":x", n("100")))))
                .isInstanceOf(ConditionalCheckFailedException.class);
        assertThatThrownBy(() -> db.deleteItem(b -> b.tableName("items").key(Map.of("pk", s("a"), "sk", n("1")))
                .conditionExpression("attribute_exists(absent)")))
                .isInstanceOf(ConditionalCheckFailedException.class);
        // nothing was changed by the failed writes
        assertThat(db.getItem(b -> b.tableName("items").key(Map.of("pk", s("a"), "sk", n("1")))).item().get("v")).isEqualTo(n("7"));
    }

    @Test
    void missingTable_isResourceNotFoundException() {
        assertThatThrownBy(() -> db.putItem(b -> b.tableName("nope").item(Map.of("pk", s("a")))))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageStartingWith("Requested resource not found (Service: DynamoDb, Status Code: 400");
        assertThatThrownBy(() -> db.describeTable(b -> b.tableName("nope")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageStartingWith("Requested resource not found: Table: nope not found");
        assertThatThrownBy(() -> db.deleteTable(b -> b.tableName("nope"))).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> db.query(b -> b.tableName("nope").keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("a"))))).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void existingTable_isResourceInUseException() {
        assertThatThrownBy(() -> db.createTable(b -> b.tableName("items").billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))))
                .isInstanceOf(ResourceInUseException.class)
                .hasMessageStartingWith("Table already exists: items");
    }

    @Test
    void missingOrMistypedKey_isAValidationExceptionInDynamoDbsWords() {
        assertValidation(() -> db.putItem(b -> b.tableName("items").item(Map.of("pk", s("a")))),
                "One or more parameter values were invalid: Missing the key sk in the item");
        assertValidation(() -> db.putItem(b -> b.tableName("items").item(Map.of("pk", n("1"), "sk", n("1")))),
                "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N");
        assertValidation(() -> db.getItem(b -> b.tableName("items").key(Map.of("pk", s("a")))),
                "The provided key element does not match the schema");
        assertValidation(() -> db.getItem(b -> b.tableName("items").key(Map.of("pk", s("a"), "sk", s("1")))),
                "The provided key element does not match the schema");
        assertValidation(() -> db.deleteItem(b -> b.tableName("items").key(Map.of("pk", s("a"), "sk", n("1"), "v", n("7")))),
                "The provided key element does not match the schema");
        assertValidation(() -> db.putItem(b -> b.tableName("items").item(Map.of("pk", s(""), "sk", n("1")))),
                "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an "
                        + "empty string value. Key: pk");
        assertValidation(() -> db.updateItem(b -> b.tableName("items").key(Map.of("pk", s("a"), "sk", n("1")))
                        .updateExpression("SET pk = :x").expressionAttributeValues(Map.of(":x", s("b")))),
                "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key");
    }

    @Test
    void expressionAttributeNamesAndValues_unusedOrUndefined_areValidationExceptions() {
        assertValidation(() -> db.getItem(b -> b.tableName("items").key(Map.of("pk", s("a"), "sk", n("1")))
                        .projectionExpression("v").expressionAttributeNames(Map.of("#unused", "x"))),
                "Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}");
        assertValidation(() -> db.putItem(b -> b.tableName("items").item(Map.of("pk", s("a"), "sk", n("2")))
                        .conditionExpression("attribute_not_exists(pk)").expressionAttributeValues(Map.of(":spare", n("1")))),
                "Value provided in ExpressionAttributeValues unused in expressions: keys: {:spare}");
        assertValidation(() -> db.updateItem(b -> b.tableName("items").key(Map.of("pk", s("a"), "sk", n("1")))
                        .updateExpression("SET #missing = :v").expressionAttributeValues(Map.of(":v", n("1")))),
                "Invalid UpdateExpression: An expression attribute name used in the document path is not defined; "
                        + "attribute name: #missing");
        assertValidation(() -> db.updateItem(b -> b.tableName("items").key(Map.of("pk", s("a"), "sk", n("1")))
                        .updateExpression("SET v = :nowhere")),
                "Invalid UpdateExpression: An expression attribute value used in expression is not defined; "
                        + "attribute value: :nowhere");
        assertValidation(() -> db.scan(b -> b.tableName("items").filterExpression("v = :x")),
                "Invalid FilterExpression: An expression attribute value used in expression is not defined; "
                        + "attribute value: :x");
        assertValidation(() -> db.getItem(b -> b.tableName("items").key(Map.of("pk", s("a"), "sk", n("1")))
                        .expressionAttributeNames(Map.of("#a", "v"))),
                "ExpressionAttributeNames can only be specified when using expressions");
    }

    @Test
    void itemOver400Kb_isAValidationException() {
        String big = "x".repeat(400 * 1024);
        assertValidation(() -> db.putItem(b -> b.tableName("items").item(Map.of("pk", s("a"), "sk", n("2"), "blob", s(big)))),
                "Item size has exceeded the maximum allowed size");
        String almost = "x".repeat(300 * 1024);
        db.putItem(b -> b.tableName("items").item(Map.of("pk", s("a"), "sk", n("3"), "blob", s(almost))));
        assertValidation(() -> db.updateItem(b -> b.tableName("items").key(Map.of("pk", s("a"), "sk", n("3")))
                        .updateExpression("SET more = :m").expressionAttributeValues(Map.of(":m", s(almost)))),
                "Item size to update has exceeded the maximum allowed size");
        assertValidation(() -> db.batchWriteItem(b -> b.requestItems(Map.of("items", List.of(WriteRequest.builder()
                        .putRequest(PutRequest.builder().item(Map.of("pk", s("a"), "sk", n("4"), "blob",
                                AttributeValue.fromB(SdkBytes.fromByteArray(new byte[410_000])))).build()).build())))),
                "Item size has exceeded the maximum allowed size");
    }

    @Test
    void syntaxErrors_nameTheTokenAndWhereItIs() {
        assertValidation(() -> db.scan(b -> b.tableName("items").filterExpression("v = = :x")
                        .expressionAttributeValues(Map.of(":x", n("1")))),
                "Invalid FilterExpression: Syntax error; token: \"=\", near: \"= =\"");
        assertValidation(() -> db.updateItem(b -> b.tableName("items").key(Map.of("pk", s("a"), "sk", n("1")))
                        .updateExpression("SET v = v + 1")),
                "Invalid UpdateExpression: Syntax error; token: \"1\", near: \"+ 1\"");
        assertValidation(() -> db.putItem(b -> b.tableName("items").item(Map.of("pk", s("b"), "sk", n("1")))
                        .conditionExpression("attribute_not_exists(pk) AND")),
                "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"AND\"");
        assertValidation(() -> db.updateItem(b -> b.tableName("items").key(Map.of("pk", s("a"), "sk", n("1")))
                        .updateExpression("SET a = :x, b = :x DELETE")
                        .expressionAttributeValues(Map.of(":x", n("1")))),
                "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"DELETE\"");
        assertValidation(() -> db.scan(b -> b.tableName("items").filterExpression("")),
                "Invalid FilterExpression: The expression can not be empty;");
        assertValidation(() -> db.scan(b -> b.tableName("items").projectionExpression("v, comment")),
                "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: comment");
        assertValidation(() -> db.scan(b -> b.tableName("items").filterExpression("frobnicate(v)")),
                "Invalid FilterExpression: Invalid function name; function: frobnicate");
        assertValidation(() -> db.scan(b -> b.tableName("items").filterExpression("((v = :x))")
                        .expressionAttributeValues(Map.of(":x", n("1")))),
                "Invalid FilterExpression: The expression has redundant parentheses;");
        assertValidation(() -> db.updateItem(b -> b.tableName("items").key(Map.of("pk", s("a"), "sk", n("1")))
                        .updateExpression("SET v = :x REMOVE v").expressionAttributeValues(Map.of(":x", n("1")))),
                "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of "
                        + "these paths; path one: [v], path two: [v]");
    }

    @Test
    void numbersOutsideDynamoDbsRange_areValidationExceptions() {
        assertValidation(() -> db.putItem(b -> b.tableName("items").item(Map.of("pk", s("a"), "sk", n("1"),
                        "x", n("123456789012345678901234567890123456789")))),
                "Attempting to store more than 38 significant digits in a Number");
        assertValidation(() -> db.putItem(b -> b.tableName("items").item(Map.of("pk", s("a"), "sk", n("1"), "x", n("1E126")))),
                "Number overflow. Attempting to store a number with magnitude larger than supported range");
        assertValidation(() -> db.putItem(b -> b.tableName("items").item(Map.of("pk", s("a"), "sk", n("1"), "x", n("1E-131")))),
                "Number underflow. Attempting to store a number with magnitude smaller than supported range");
        assertValidation(() -> db.putItem(b -> b.tableName("items").item(Map.of("pk", s("a"), "sk", n("1"), "x", n("one")))),
                "The parameter cannot be converted to a numeric value: one");
        db.putItem(b -> b.tableName("items").item(Map.of("pk", s("a"), "sk", n("1"),
                "edge", n("9.9999999999999999999999999999999999999E+125"), "tiny", n("-1E-130"))));
        var item = db.getItem(b -> b.tableName("items").key(Map.of("pk", s("a"), "sk", n("1")))).item();
        assertThat(item.get("tiny").n()).isEqualTo("-0." + "0".repeat(129) + "1");
        assertThat(item.get("edge").n()).hasSize(126);
    }

    @Test
    void requestShapeMistakes_areTheValidationErrorsDynamoDbReturns() {
        assertValidation(() -> db.putItem(b -> b.tableName("/bad").item(Map.of("pk", s("a")))),
                "1 validation error detected: Value '/bad' at 'tableName' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        assertValidation(() -> db.putItem(b -> b.tableName("items")),
                "1 validation error detected: Value null at 'item' failed to satisfy constraint: Member must not be null");
        assertValidation(() -> db.putItem(b -> b.tableName("items").item(Map.of("pk", s("a"), "sk", n("9")))
                        .returnValues("ALL_NEW")),
                "ReturnValues can only be ALL_OLD or NONE");
        assertValidation(() -> db.query(b -> b.tableName("items").keyConditionExpression("sk = :s")
                        .expressionAttributeValues(Map.of(":s", n("1")))),
                "Query condition missed key schema element: pk");
        assertValidation(() -> db.query(b -> b.tableName("items").keyConditionExpression("pk = :p OR sk = :s")
                        .expressionAttributeValues(Map.of(":p", s("a"), ":s", n("1")))),
                "Invalid operator used in KeyConditionExpression: OR");
        assertValidation(() -> db.query(b -> b.tableName("items").keyConditionExpression("pk = :p AND sk = :s")
                        .expressionAttributeValues(Map.of(":p", s("a"), ":s", s("1")))),
                "One or more parameter values were invalid: Condition parameter type does not match schema type");
    }

    @Test
    void batchLimits_areValidationExceptions() {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            keys.add(Map.of("pk", s("k" + i), "sk", n("1")));
        }
        assertValidation(() -> db.batchGetItem(b -> b.requestItems(Map.of("items", KeysAndAttributes.builder().keys(keys).build()))),
                "Too many items requested for the BatchGetItem call");
        assertValidation(() -> db.batchGetItem(b -> b.requestItems(Map.of("items", KeysAndAttributes.builder()
                        .keys(keys.get(0), keys.get(0)).build()))),
                "Provided list of item keys contains duplicates");
        List<WriteRequest> writes = new ArrayList<>();
        for (int i = 0; i < 26; i++) {
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of("pk", s("k" + i), "sk", n("1"))).build())
                    .build());
        }
        assertThatThrownBy(() -> db.batchWriteItem(b -> b.requestItems(Map.of("items", writes))))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageContaining("Member must have length less than or equal to 25");
        // nothing of the refused batch was written
        assertThat(db.scan(b -> b.tableName("items")).count()).isEqualTo(1);
    }

    @Test
    void queryFilterOnAKeyAttribute_isRefusedNamingIt_theHashKeyFirst() {
        String refused = "Filter Expression can only contain non-primary key attributes: Primary key attribute: ";
        assertValidation(() -> db.query(b -> b.tableName("items").keyConditionExpression("pk = :p").filterExpression("sk > :x")
                        .expressionAttributeValues(Map.of(":p", s("a"), ":x", n("0")))),
                refused + "sk");
        assertValidation(() -> db.query(b -> b.tableName("items").keyConditionExpression("pk = :p")
                        .filterExpression("v > :x AND (size(#s) > :x OR attribute_exists(#k))")
                        .expressionAttributeNames(Map.of("#s", "sk", "#k", "pk"))
                        .expressionAttributeValues(Map.of(":p", s("a"), ":x", n("0")))),
                refused + "pk");
        assertValidation(() -> db.query(b -> b.tableName("items").keyConditionExpression("pk = :p")
                        .filterExpression("NOT begins_with(pk.part, :p)").expressionAttributeValues(Map.of(":p", s("a")))),
                refused + "pk");
        // a filter on other attributes is fine, and a Scan may filter on the keys
        assertThat(db.query(b -> b.tableName("items").keyConditionExpression("pk = :p").filterExpression("v > :x")
                .expressionAttributeValues(Map.of(":p", s("a"), ":x", n("0")))).count()).isEqualTo(1);
        assertThat(db.scan(b -> b.tableName("items").filterExpression("pk = :p AND sk > :x")
                .expressionAttributeValues(Map.of(":p", s("a"), ":x", n("0")))).count()).isEqualTo(1);
    }

    @Test
    void aConditionFunctionInAnUpdateExpression_isNotAllowed_inDynamoDbsWords() {
        for (String function : List.of("size(v)", "attribute_exists(v)", "begins_with(v, :x)", "contains(v, :x)")) {
            assertValidation(() -> db.updateItem(b -> b.tableName("items").key(Map.of("pk", s("a"), "sk", n("1")))
                            .updateExpression("SET z = " + function)
                            .expressionAttributeValues(function.contains(":x") ? Map.of(":x", s("7")) : null)),
                    "Invalid UpdateExpression: The function is not allowed in an update expression; function: "
                            + function.substring(0, function.indexOf('(')));
        }
        assertValidation(() -> db.updateItem(b -> b.tableName("items").key(Map.of("pk", s("a"), "sk", n("1")))
                        .updateExpression("SET z = frobnicate(v)")),
                "Invalid UpdateExpression: Invalid function name; function: frobnicate");
    }

    @Test
    void moreThan25WritesInOneTable_andAcrossTables_areTwoDifferentValidationErrors() {
        db.createTable(b -> b.tableName("others").billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S)));
        List<WriteRequest> items = new ArrayList<>();
        List<WriteRequest> others = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            items.add(WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of("pk", s("k" + i), "sk", n("1"))).build())
                    .build());
            others.add(WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of("id", s("k" + i))).build()).build());
        }
        assertValidation(() -> db.batchWriteItem(b -> b.requestItems(Map.of("items", items, "others", others))),
                "Too many items requested for the BatchWriteItem call");
        List<WriteRequest> twentySix = new ArrayList<>(items);
        twentySix.addAll(items.stream().map(w -> WriteRequest.builder().putRequest(PutRequest.builder()
                .item(Map.of("pk", w.putRequest().item().get("pk"), "sk", n("2"))).build()).build()).toList());
        assertValidation(() -> db.batchWriteItem(b -> b.requestItems(Map.of("items", twentySix))),
                "1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Map value must satisfy "
                        + "constraint: [Member must have length less than or equal to 25, Member must have length greater than "
                        + "or equal to 1]");
        assertThat(db.scan(b -> b.tableName("items")).count()).isEqualTo(1);
        assertThat(db.scan(b -> b.tableName("others")).count()).isZero();
    }

    @Test
    void arithmeticNeedingMoreThan38Digits_isRefusedLikeAnOverflow_neverRounded() {
        String overflow = "Number overflow. Attempting to store a number with magnitude larger than supported range";
        db.putItem(b -> b.tableName("items").item(Map.of("pk", s("a"), "sk", n("1"), "big", n("1E+20"))));
        Map<String, AttributeValue> key = Map.of("pk", s("a"), "sk", n("1"));
        // 39 and 41 significant digits (1E+20 - 1E-19 is 39 nines): refused, whatever the distance
        for (String update : List.of("SET r = big + :t18", "SET r = big + :t20", "SET r = big - :t19", "SET r = big - :t20",
                "ADD big :t18", "ADD big :t20")) {
            String tiny = update.substring(update.length() - 4);
            assertValidation(() -> db.updateItem(b -> b.tableName("items").key(key).updateExpression(update)
                    .expressionAttributeValues(Map.of(tiny, n("1E-" + tiny.substring(2))))), overflow);
        }
        assertThat(db.getItem(b -> b.tableName("items").key(key)).item()).doesNotContainKey("r")
                .containsEntry("big", n("100000000000000000000"));
        // exactly 38 digits is stored exactly; a carry that shortens the number is fine
        var exact = db.updateItem(b -> b.tableName("items").key(key)
                .updateExpression("SET r = big + :t17, d = big - :t18, c = :nines + :one")
                .expressionAttributeValues(Map.of(":t17", n("1E-17"), ":t18", n("1E-18"), ":nines", n("9".repeat(38)),
                        ":one", n("1")))
                .returnValues(ReturnValue.UPDATED_NEW)).attributes();
        assertThat(exact.get("r").n()).isEqualTo("100000000000000000000.00000000000000001");
        assertThat(exact.get("d").n()).isEqualTo("9".repeat(20) + "." + "9".repeat(18));
        assertThat(exact.get("c").n()).isEqualTo("1" + "0".repeat(38));
        // PutItem keeps its own message for a number written with too many digits
        assertValidation(() -> db.putItem(b -> b.tableName("items").item(Map.of("pk", s("a"), "sk", n("2"),
                "x", n("100000000000000000000.000000000000000001")))),
                "Attempting to store more than 38 significant digits in a Number");
    }
}
