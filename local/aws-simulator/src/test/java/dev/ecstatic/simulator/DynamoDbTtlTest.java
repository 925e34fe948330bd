package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Time to live on the simulator's clock: expired items disappear after the fleet's TTL delay, not before. */
class DynamoDbTtlTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private static void seed(DynamoDbClient db) {
        db.createTable(b -> b.tableName("memory").billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S)));
        db.updateTimeToLive(b -> b.tableName("memory").timeToLiveSpecification(s -> s.enabled(true).attributeName("expires")));
        put(db, "soon", AttributeValue.fromN(Long.toString(START.getEpochSecond() + 60)));
        put(db, "later", AttributeValue.fromN(Long.toString(START.getEpochSecond() + 3600)));
        put(db, "text-ttl", AttributeValue.fromS(Long.toString(START.getEpochSecond())));
        put(db, "forever", null);
    }

    private static void put(DynamoDbClient db, String id, AttributeValue expires) {
        db.putItem(b -> b.tableName("memory").item(expires == null ? Map.of("id", AttributeValue.fromS(id))
                : Map.of("id", AttributeValue.fromS(id), "expires", expires)));
    }

    private static long count(DynamoDbClient db) {
        return db.scan(b -> b.tableName("memory")).count();
    }

    private static boolean present(DynamoDbClient db, String id) {
        return db.getItem(b -> b.tableName("memory").key(Map.of("id", AttributeValue.fromS(id)))).hasItem();
    }

    @Test
    void expiredItems_areDeletedOnceTheirTtlPassesOnTheSimulatorsClock() {
        MutableClock clock = new MutableClock(START);
        try (AwsSimulator sim = ServiceClients.start(clock, "{\"throttle\": false}"); DynamoDbClient db = ServiceClients.dynamoDb(sim)) {
            seed(db);
            clock.advanceSeconds(59);
            assertThat(present(db, "soon")).isTrue();
            // Expired when the TTL is less than the current time: not at the TTL itself.
            clock.advanceSeconds(1);
            assertThat(present(db, "soon")).isTrue();
            clock.advance(Duration.ofMillis(1));
            assertThat(present(db, "soon")).isFalse();
            assertThat(count(db)).isEqualTo(3);
            clock.advanceSeconds(3600);
            assertThat(present(db, "later")).isFalse();
            // A TTL attribute that is not a Number never expires an item, as in DynamoDB.
            assertThat(present(db, "text-ttl")).isTrue();
            assertThat(count(db)).isEqualTo(2);
        }
    }

    @Test
    void ttlDeletionDelay_keepsExpiredItemsReadableUntilTheSweep_asAwsDoesForUpToTwoDays() {
        MutableClock clock = new MutableClock(START);
        try (AwsSimulator sim = ServiceClients.start(clock, "{\"throttle\": false, \"ttlDeletionDelaySeconds\": 86400}");
                DynamoDbClient db = ServiceClients.dynamoDb(sim)) {
            seed(db);
            clock.advanceSeconds(3600 + 60);
            assertThat(present(db, "soon")).isTrue();
            assertThat(present(db, "later")).isTrue();
            clock.advanceSeconds(86400 - 3600);
            assertThat(present(db, "soon")).isTrue();
            clock.advance(Duration.ofMillis(1));
            assertThat(present(db, "soon")).isFalse();
            assertThat(present(db, "later")).isTrue();
            clock.advanceSeconds(3600);
            assertThat(present(db, "later")).isFalse();
        }
    }

    @Test
    void disablingTtl_stopsDeletions() {
        MutableClock clock = new MutableClock(START);
        try (AwsSimulator sim = ServiceClients.start(clock, "{\"throttle\": false}"); DynamoDbClient db = ServiceClients.dynamoDb(sim)) {
            seed(db);
            db.updateTimeToLive(b -> b.tableName("memory").timeToLiveSpecification(s -> s.enabled(false).attributeName("expires")));
            clock.advanceSeconds(7200);
            assertThat(count(db)).isEqualTo(4);
        }
    }

    @Test
    void updatingAnItemsTtl_movesItsExpiry() {
        MutableClock clock = new MutableClock(START);
        try (AwsSimulator sim = ServiceClients.start(clock, "{\"throttle\": false}"); DynamoDbClient db = ServiceClients.dynamoDb(sim)) {
            seed(db);
            db.updateItem(b -> b.tableName("memory").key(Map.of("id", AttributeValue.fromS("soon")))
                    .updateExpression("SET expires = :e")
                    .expressionAttributeValues(Map.of(":e", AttributeValue.fromN(Long.toString(START.getEpochSecond() + 7200)))));
            clock.advanceSeconds(3600 + 1);
            assertThat(present(db, "soon")).isTrue();
            assertThat(sim.dynamoDb().items("memory")).hasSize(3);
        }
    }

    @Test
    void aFractionalTtl_expiresOnlyOnceTheClockIsPastIt() {
        MutableClock clock = new MutableClock(START);
        try (AwsSimulator sim = ServiceClients.start(clock, "{\"throttle\": false}"); DynamoDbClient db = ServiceClients.dynamoDb(sim)) {
            seed(db);
            put(db, "half", AttributeValue.fromN(START.getEpochSecond() + ".5"));
            clock.advance(Duration.ofMillis(500));
            assertThat(present(db, "half")).isTrue();
            clock.advance(Duration.ofMillis(1));
            assertThat(present(db, "half")).isFalse();
        }
    }

    @Test
    void aTtlMoreThanFiveYearsInThePast_neverExpiresTheItem_asAwsIgnoresIt() {
        MutableClock clock = new MutableClock(START);
        try (AwsSimulator sim = ServiceClients.start(clock, "{\"throttle\": false}"); DynamoDbClient db = ServiceClients.dynamoDb(sim)) {
            seed(db);
            Instant fiveYearsAgo = Instant.parse("2021-01-01T00:00:00Z");
            put(db, "five-years", AttributeValue.fromN(Long.toString(fiveYearsAgo.getEpochSecond())));
            put(db, "five-years-and-a-second", AttributeValue.fromN(Long.toString(fiveYearsAgo.getEpochSecond() - 1)));
            put(db, "milliseconds-by-mistake", AttributeValue.fromN(Long.toString(START.toEpochMilli() - 1000)));
            put(db, "zero", AttributeValue.fromN("0"));
            clock.advanceSeconds(1);
            assertThat(present(db, "five-years")).isFalse();
            assertThat(present(db, "five-years-and-a-second")).isTrue();
            assertThat(present(db, "zero")).isTrue();
            // a TTL in milliseconds lies 55,000 years ahead: never due
            assertThat(present(db, "milliseconds-by-mistake")).isTrue();
            clock.advanceSeconds(86_400L * 365 * 10);
            assertThat(present(db, "five-years-and-a-second")).isTrue();
            assertThat(present(db, "zero")).isTrue();
        }
    }

    @Test
    void enablingTtl_onItemsWrittenLongAgo_sparesThoseMoreThanFiveYearsPast() {
        MutableClock clock = new MutableClock(START);
        try (AwsSimulator sim = ServiceClients.start(clock, "{\"throttle\": false}"); DynamoDbClient db = ServiceClients.dynamoDb(sim)) {
            seed(db);
            db.updateTimeToLive(b -> b.tableName("memory").timeToLiveSpecification(s -> s.enabled(false).attributeName("expires")));
            put(db, "recent", AttributeValue.fromN(Long.toString(START.getEpochSecond() + 60)));
            clock.advanceSeconds(86_400L * 365 * 6);
            db.updateTimeToLive(b -> b.tableName("memory").timeToLiveSpecification(s -> s.enabled(true).attributeName("expires")));
            clock.advanceSeconds(1);
            assertThat(present(db, "recent")).isTrue();
            assertThat(present(db, "soon")).isTrue();
            assertThat(present(db, "later")).isTrue();
        }
    }

    @Test
    void anItemDueBeforeTheClockJumpsYearsAhead_isDeletedAsAwsWouldHaveDeletedItOnTime() {
        MutableClock clock = new MutableClock(START);
        try (AwsSimulator sim = ServiceClients.start(clock, "{\"throttle\": false}"); DynamoDbClient db = ServiceClients.dynamoDb(sim)) {
            seed(db);
            clock.advanceSeconds(86_400L * 365 * 6);
            assertThat(present(db, "soon")).isFalse();
            assertThat(present(db, "later")).isFalse();
            assertThat(present(db, "forever")).isTrue();
        }
    }
}
