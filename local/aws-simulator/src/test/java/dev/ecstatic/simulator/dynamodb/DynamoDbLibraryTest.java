package dev.ecstatic.simulator.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The store as Java code uses it (the engine's integrations), and rules best checked without HTTP. */
class DynamoDbLibraryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    private static DynamoDb store() throws Exception {
        DynamoDb db = new DynamoDb("us-east-1", "123456789012",
                Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), null, Duration.ZERO, false);
        db.execute("CreateTable", json("""
                {"TableName": "TABLE_NAME", "BillingMode": "PAY_PER_REQUEST",
                 "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
                 "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}]}"""));
        return db;
    }

    @Test
    void seedingAsTheRecordedIntegrationCasesDo_thenReadingBack() throws Exception {
        DynamoDb db = store();
        db.putItem("TABLE_NAME", json("{\"id\": {\"S\": \"id1\"}, \"data\": {\"S\": \"HelloWorld\"}}"));
        JsonNode out = db.execute("UpdateItem", json("""
                {"TableName": "TABLE_NAME", "Key": {"id": {"S": "id1"}}, "UpdateExpression": "set S=:r",
                 "ExpressionAttributeValues": {":r": {"S": "HelloWorldUpdated"}}, "ReturnValues": "UPDATED_NEW"}"""));
        assertThat(out).isEqualTo(json("{\"Attributes\": {\"S\": {\"S\": \"HelloWorldUpdated\"}}}"));
        assertThat(db.getItem("TABLE_NAME", json("{\"id\": {\"S\": \"id1\"}}")).orElseThrow())
                .isEqualTo(json("{\"id\": {\"S\": \"id1\"}, \"data\": {\"S\": \"HelloWorld\"}, \"S\": {\"S\": \"HelloWorldUpdated\"}}"));
        assertThat(db.items("TABLE_NAME")).hasSize(1);
        assertThat(db.tableNames()).containsExactly("TABLE_NAME");
    }

    @Test
    void errors_carryDynamoDbsCodeAndWireBody() throws Exception {
        DynamoDb db = store();
        assertThatThrownBy(() -> db.putItem("missing", json("{\"id\": {\"S\": \"a\"}}")))
                .isInstanceOf(DynamoDbException.class)
                .satisfies(e -> {
                    DynamoDbException x = (DynamoDbException) e;
                    assertThat(x.code()).isEqualTo("ResourceNotFoundException");
                    assertThat(x.toJson().get("__type").asText())
                            .isEqualTo("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException");
                });
        assertThatThrownBy(() -> db.execute("PutItem", json("{\"TableName\": \"TABLE_NAME\"}")))
                .isInstanceOf(DynamoDbException.class)
                .satisfies(e -> assertThat(((DynamoDbException) e).toJson().get("__type").asText())
                        .isEqualTo("com.amazon.coral.validate#ValidationException"))
                .hasMessage("1 validation error detected: Value null at 'item' failed to satisfy constraint: "
                        + "Member must not be null");
        assertThatThrownBy(() -> db.execute("TransactWriteItems", json("{}")))
                .isInstanceOf(DynamoDbException.class)
                .satisfies(e -> assertThat(((DynamoDbException) e).code()).isEqualTo("UnknownOperationException"));
    }

    @Test
    void itemSize_countsNamesValuesAndOverheadsAsDynamoDbDoes() {
        Map<String, AttributeValue> item = Map.of(
                "id", new AttributeValue.S("abc"),                                   // 2 + 3
                "n", AttributeValue.number(new java.math.BigDecimal("123.45")),       // 1 + (5 + 1) / 2 + 1
                "ok", new AttributeValue.Bool(true),                                 // 2 + 1
                "l", new AttributeValue.L(java.util.List.of(new AttributeValue.S("x"), new AttributeValue.Null())));
        // "l": 1 + 3 + (1 + 1) + (1 + 1)
        assertThat(ItemSize.of(item)).isEqualTo(5 + 5 + 3 + 8);
    }

    @Test
    void removingSeveralListElements_usesTheIndexesOfTheItemBeforeTheUpdate() throws Exception {
        DynamoDb db = store();
        db.putItem("TABLE_NAME", json("{\"id\": {\"S\": \"a\"}, \"l\": {\"L\": [{\"N\": \"0\"}, {\"N\": \"1\"}, {\"N\": \"2\"}, {\"N\": \"3\"}]}}"));
        db.execute("UpdateItem", json("""
                {"TableName": "TABLE_NAME", "Key": {"id": {"S": "a"}}, "UpdateExpression": "REMOVE l[0], l[2]"}"""));
        assertThat(db.getItem("TABLE_NAME", json("{\"id\": {\"S\": \"a\"}}")).orElseThrow().get("l"))
                .isEqualTo(json("{\"L\": [{\"N\": \"1\"}, {\"N\": \"3\"}]}"));
    }
}
