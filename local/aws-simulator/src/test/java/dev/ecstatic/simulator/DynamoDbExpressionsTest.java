package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Every condition and filter expression feature (comparators, BETWEEN, IN, AND/OR/NOT, parentheses,
 * nested paths, and the functions), evaluated by Scan's FilterExpression through the SDK against
 * four items.
 */
class DynamoDbExpressionsTest {

    private static AwsSimulator sim;
    private static DynamoDbClient db;

    private static final Map<String, AttributeValue> VALUES = new HashMap<>();

    @BeforeAll
    static void start() {
        sim = ServiceClients.start(MutableClock.at("2026-01-01T00:00:00Z"), "{\"throttle\": false}");
        db = ServiceClients.dynamoDb(sim);
        db.createTable(b -> b.tableName("things").billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S)));
        put("one", Map.of("n", n("1"), "s", s("apple pie"), "tags", AttributeValue.fromSs(List.of("red", "sweet")),
                "doc", AttributeValue.fromM(Map.of("a", AttributeValue.fromM(Map.of("b", AttributeValue.fromL(
                        List.of(AttributeValue.fromM(Map.of("c", s("deep"))))))))),
                "seq", AttributeValue.fromL(List.of(s("x"), n("2"))), "flag", AttributeValue.fromBool(true)));
        put("two", Map.of("n", n("2"), "s", s("banana"), "nums", AttributeValue.fromNs(List.of("3", "5")),
                "bin", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2, 3}))));
        put("three", Map.of("n", n("30"), "s", s("cherry"), "nothing", AttributeValue.fromNul(true)));
        put("four", Map.of("s", s("Apple")));
        VALUES.put(":one", n("1"));
        VALUES.put(":two", n("2"));
        VALUES.put(":ten", n("10"));
        VALUES.put(":apple", s("apple"));
        VALUES.put(":banana", s("banana"));
        VALUES.put(":red", s("red"));
        VALUES.put(":x", s("x"));
        VALUES.put(":five", n("5"));
        VALUES.put(":deep", s("deep"));
        VALUES.put(":S", s("S"));
        VALUES.put(":SS", s("SS"));
        VALUES.put(":NULL", s("NULL"));
        VALUES.put(":b12", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2})));
        VALUES.put(":true", AttributeValue.fromBool(true));
    }

    @AfterAll
    static void stop() {
        db.close();
        sim.close();
    }

    private static void put(String id, Map<String, AttributeValue> attrs) {
        Map<String, AttributeValue> item = new HashMap<>(attrs);
        item.put("id", s(id));
        db.putItem(b -> b.tableName("things").item(item));
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(String v) {
        return AttributeValue.fromN(v);
    }

    @ParameterizedTest(name = "{0} matches {1}")
    @CsvSource(delimiter = '|', value = {
            "n = :one                                        | one",
            "n <> :one                                       | two three four",
            "n < :ten                                        | one two",
            "n <= :two                                       | one two",
            "n > :two                                        | three",
            "n >= :two                                       | two three",
            "s > :apple                                      | one two three",
            "n BETWEEN :one AND :ten                         | one two",
            "n IN (:one, :ten, :two)                         | one two",
            "s IN (:banana)                                  | two",
            "n = :one OR s = :banana                         | one two",
            "n > :one AND n < :ten                           | two",
            "NOT n = :one                                    | two three four",
            "NOT (n = :one OR n = :two)                      | three four",
            "(n = :one OR n = :two) AND s = :banana          | two",
            "n = :one OR n = :two AND s = :banana            | one two",
            "attribute_exists(n)                             | one two three",
            "attribute_not_exists(n)                         | four",
            "attribute_exists(doc.a.b[0].c)                  | one",
            "doc.a.b[0].c = :deep                            | one",
            "seq[0] = :x                                     | one",
            "attribute_type(s, :S)                           | one two three four",
            "attribute_type(tags, :SS)                       | one",
            "attribute_type(#nothing, :NULL)                 | three",
            "begins_with(s, :apple)                          | one",
            "begins_with(bin, :b12)                          | two",
            "contains(s, :apple)                             | one",
            "contains(tags, :red)                            | one",
            "contains(nums, :five)                           | two",
            "contains(seq, :x)                               | one",
            "size(s) > :five                                 | one two three",
            "size(tags) = :two                               | one",
            "size(doc) = :one                                | one",
            "flag = :true                                    | one",
            "(n) = :one                                      | one",
    })
    void filterExpression_selectsTheItemsDynamoDbWould(String filter, String expected) {
        Map<String, AttributeValue> used = new HashMap<>();
        VALUES.forEach((k, v) -> {
            if (filter.matches(".*" + k + "\\b.*")) {
                used.put(k, v);
            }
        });
        var scan = db.scan(b -> {
            b.tableName("things").filterExpression(filter);
            if (!used.isEmpty()) {
                b.expressionAttributeValues(used);
            }
            if (filter.contains("#nothing")) {
                b.expressionAttributeNames(Map.of("#nothing", "nothing"));
            }
        });
        assertThat(scan.items()).extracting(i -> i.get("id").s())
                .containsExactlyInAnyOrderElementsOf(Arrays.asList(expected.split(" ")));
    }
}
