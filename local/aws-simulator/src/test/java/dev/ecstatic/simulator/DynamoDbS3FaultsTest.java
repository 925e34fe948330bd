package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The fleet file's faults on DynamoDB and S3: throttling (injected and by capacity), server errors, latency. */
class DynamoDbS3FaultsTest {

    private static final String START = "2026-01-01T00:00:00Z";

    private static void createTable(AwsSimulator sim, String name, boolean provisioned) {
        sim.dynamoDb().execute("CreateTable", json("""
                {"TableName": "%s", "BillingMode": "%s", %s
                 "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
                 "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}]}"""
                .formatted(name, provisioned ? "PROVISIONED" : "PAY_PER_REQUEST",
                        provisioned ? "\"ProvisionedThroughput\": {\"ReadCapacityUnits\": 1, \"WriteCapacityUnits\": 1}," : "")));
    }

    static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void dynamodbThrottleRate_isProvisionedThroughputExceededOnItemsAndThrottlingOnTheControlPlane() {
        try (AwsSimulator sim = ServiceClients.start(MutableClock.at(START), "{\"throttle\": false, \"dynamodbThrottleRate\": 1.0}");
                DynamoDbClient db = ServiceClients.dynamoDbWithoutRetries(sim)) {
            createTable(sim, "hot", false);
            assertThatThrownBy(() -> db.putItem(b -> b.tableName("hot").item(Map.of("id", AttributeValue.fromS("a")))))
                    .isInstanceOf(ProvisionedThroughputExceededException.class)
                    .satisfies(e -> assertThat(((DynamoDbException) e).isThrottlingException()).isTrue());
            assertThatThrownBy(() -> db.describeTable(b -> b.tableName("hot")))
                    .isInstanceOf(DynamoDbException.class)
                    .satisfies(e -> assertThat(((DynamoDbException) e).awsErrorDetails().errorCode()).isEqualTo("ThrottlingException"));
            assertThatThrownBy(() -> db.batchWriteItem(b -> b.requestItems(Map.of("hot", List.of(WriteRequest.builder()
                    .putRequest(PutRequest.builder().item(Map.of("id", AttributeValue.fromS("a"))).build()).build())))))
                    .isInstanceOf(ProvisionedThroughputExceededException.class);
            assertThat(sim.dynamoDb().items("hot")).isEmpty();
        }
    }

    @Test
    void partlyThrottledBatches_returnTheRestUnprocessed() {
        try (AwsSimulator sim = ServiceClients.start(MutableClock.at(START), "{\"throttle\": false, \"dynamodbThrottleRate\": 0.5}");
                DynamoDbClient db = ServiceClients.dynamoDbWithoutRetries(sim)) {
            createTable(sim, "hot", false);
            List<WriteRequest> writes = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                writes.add(WriteRequest.builder().putRequest(PutRequest.builder()
                        .item(Map.of("id", AttributeValue.fromS("k" + i))).build()).build());
            }
            var out = db.batchWriteItem(b -> b.requestItems(Map.of("hot", writes)));
            int unprocessed = out.unprocessedItems().getOrDefault("hot", List.of()).size();
            assertThat(unprocessed).isBetween(1, 24);
            assertThat(sim.dynamoDb().items("hot")).hasSize(25 - unprocessed);
        }
    }

    @Test
    void partlyThrottledBatchGet_returnsTheRestAsUnprocessedKeys_withTheirProjection_untilEveryKeyIsRead() {
        try (AwsSimulator sim = ServiceClients.start(MutableClock.at(START), "{\"throttle\": false, \"dynamodbThrottleRate\": 0.5}");
                DynamoDbClient db = ServiceClients.dynamoDbWithoutRetries(sim)) {
            createTable(sim, "hot", false);
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                sim.dynamoDb().putItem("hot", json("{\"id\": {\"S\": \"k%d\"}, \"v\": {\"N\": \"%d\"}, \"extra\": {\"S\": \"x\"}}"
                        .formatted(i, i)));
                keys.add(Map.of("id", AttributeValue.fromS("k" + i)));
            }
            Map<String, KeysAndAttributes> request = Map.of("hot", KeysAndAttributes.builder().keys(keys)
                    .projectionExpression("id, v").consistentRead(true).build());

            BatchGetItemResponse first = db.batchGetItem(b -> b.requestItems(request));
            List<String> read = ids(first.responses().get("hot"));
            KeysAndAttributes left = first.unprocessedKeys().get("hot");
            assertThat(read.size()).isBetween(1, 99);
            assertThat(ids(left.keys())).hasSize(100 - read.size()).doesNotContainAnyElementsOf(read);
            // The unprocessed entry is the request's own, projection and consistency included.
            assertThat(left.projectionExpression()).isEqualTo("id, v");
            assertThat(left.consistentRead()).isTrue();
            assertThat(first.responses().get("hot")).allSatisfy(item -> assertThat(item).containsOnlyKeys("id", "v"));

            List<String> all = new ArrayList<>(read);
            Map<String, KeysAndAttributes> again = first.unprocessedKeys();
            for (int attempt = 0; !again.isEmpty() && attempt < 100; attempt++) {
                Map<String, KeysAndAttributes> next = again;
                try {
                    BatchGetItemResponse out = db.batchGetItem(b -> b.requestItems(next));
                    all.addAll(ids(out.responses().getOrDefault("hot", List.of())));
                    again = out.unprocessedKeys();
                } catch (ProvisionedThroughputExceededException everyKeyThrottled) {
                    // as on AWS when no key of the batch could be read: the same keys again
                }
            }
            assertThat(all).containsExactlyInAnyOrderElementsOf(ids(keys));
        }
    }

    @Test
    void aBatchGetWhoseEveryKeyIsThrottled_isProvisionedThroughputExceeded() {
        try (AwsSimulator sim = ServiceClients.start(MutableClock.at(START), "{\"throttle\": false, \"dynamodbThrottleRate\": 1.0}");
                DynamoDbClient db = ServiceClients.dynamoDbWithoutRetries(sim)) {
            createTable(sim, "hot", false);
            sim.dynamoDb().putItem("hot", json("{\"id\": {\"S\": \"a\"}}"));
            assertThatThrownBy(() -> db.batchGetItem(b -> b.requestItems(Map.of("hot", KeysAndAttributes.builder()
                    .keys(Map.of("id", AttributeValue.fromS("a")), Map.of("id", AttributeValue.fromS("b"))).build()))))
                    .isInstanceOf(ProvisionedThroughputExceededException.class);
        }
    }

    @Test
    void batchGetOnATableWhoseReadCapacityIsSpent_leavesItsKeysUnprocessed_andReadsTheOtherTable() {
        MutableClock clock = MutableClock.at(START);
        try (AwsSimulator sim = ServiceClients.start(clock, "{\"throttle\": true}");
                DynamoDbClient db = ServiceClients.dynamoDbWithoutRetries(sim)) {
            sim.dynamoDb().execute("CreateTable", json("""
                    {"TableName": "small", "BillingMode": "PROVISIONED",
                     "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1000},
                     "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
                     "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}]}"""));
            createTable(sim, "roomy", false);
            String blob = "x".repeat(390_000);
            sim.dynamoDb().putItem("small", json("{\"id\": {\"S\": \"big\"}, \"blob\": {\"S\": \"" + blob + "\"}}"));
            sim.dynamoDb().putItem("roomy", json("{\"id\": {\"S\": \"r\"}}"));
            // 1 RCU holds 300 units; a strongly consistent read of a 390 KB item costs 96: four spend them.
            for (int i = 0; i < 4; i++) {
                db.getItem(b -> b.tableName("small").key(Map.of("id", AttributeValue.fromS("big"))).consistentRead(true));
            }
            Map<String, KeysAndAttributes> request = Map.of(
                    "small", KeysAndAttributes.builder().keys(Map.of("id", AttributeValue.fromS("big"))).build(),
                    "roomy", KeysAndAttributes.builder().keys(Map.of("id", AttributeValue.fromS("r"))).build());

            BatchGetItemResponse out = db.batchGetItem(b -> b.requestItems(request));
            assertThat(ids(out.responses().get("roomy"))).containsExactly("r");
            assertThat(out.responses().get("small")).isEmpty();
            assertThat(ids(out.unprocessedKeys().get("small").keys())).containsExactly("big");
            assertThat(out.unprocessedKeys()).containsOnlyKeys("small");

            clock.advanceSeconds(300);
            BatchGetItemResponse later = db.batchGetItem(b -> b.requestItems(out.unprocessedKeys()));
            assertThat(ids(later.responses().get("small"))).containsExactly("big");
            assertThat(later.unprocessedKeys()).isEmpty();
        }
    }

    private static List<String> ids(List<Map<String, AttributeValue>> items) {
        return items.stream().map(item -> item.get("id").s()).toList();
    }

    @Test
    void provisionedCapacity_throttlesOnceTheBurstIsSpentAndRefillsOnTheClock() {
        MutableClock clock = MutableClock.at(START);
        try (AwsSimulator sim = ServiceClients.start(clock, "{\"throttle\": true}");
                DynamoDbClient db = ServiceClients.dynamoDbWithoutRetries(sim)) {
            createTable(sim, "small", true);
            // 1 WCU holds 300 seconds of burst: 300 one-unit writes, then throttled.
            for (int i = 0; i < 300; i++) {
                sim.dynamoDb().putItem("small", json("{\"id\": {\"S\": \"k" + i + "\"}}"));
            }
            assertThatThrownBy(() -> db.putItem(b -> b.tableName("small").item(Map.of("id", AttributeValue.fromS("x")))))
                    .isInstanceOf(ProvisionedThroughputExceededException.class);
            clock.advanceSeconds(2);
            db.putItem(b -> b.tableName("small").item(Map.of("id", AttributeValue.fromS("x"))));
        }
    }

    @Test
    void serverErrorRate_isInternalServerErrorForDynamoDbAndInternalErrorForS3() {
        try (AwsSimulator sim = ServiceClients.start(MutableClock.at(START), "{\"throttle\": false, \"serverErrorRate\": 1.0}");
                DynamoDbClient db = ServiceClients.dynamoDbWithoutRetries(sim);
                S3Client s3 = ServiceClients.s3(sim, sim.endpoint(), true)) {
            assertThatThrownBy(db::listTables)
                    .isInstanceOf(InternalServerErrorException.class)
                    .satisfies(e -> assertThat(((DynamoDbException) e).statusCode()).isEqualTo(500));
            assertThatThrownBy(s3::listBuckets)
                    .isInstanceOf(S3Exception.class)
                    .satisfies(e -> {
                        assertThat(((S3Exception) e).statusCode()).isEqualTo(500);
                        assertThat(((S3Exception) e).awsErrorDetails().errorCode()).isEqualTo("InternalError");
                    });
        }
    }

    @Test
    void s3SlowDownRate_is503SlowDown() {
        try (AwsSimulator sim = ServiceClients.start(MutableClock.at(START), "{\"throttle\": false, \"s3SlowDownRate\": 1.0}");
                S3Client s3 = ServiceClients.s3(sim, sim.endpoint(), true)) {
            assertThatThrownBy(() -> s3.createBucket(b -> b.bucket("data")))
                    .isInstanceOf(S3Exception.class)
                    .satisfies(e -> {
                        S3Exception x = (S3Exception) e;
                        assertThat(x.statusCode()).isEqualTo(503);
                        assertThat(x.awsErrorDetails().errorCode()).isEqualTo("SlowDown");
                        assertThat(x.isThrottlingException()).isTrue();
                    });
        }
    }

    @Test
    void s3RequestRates_slowDownAfter3500WritesPerSecondToOnePrefix() throws Exception {
        MutableClock clock = MutableClock.at(START);
        try (AwsSimulator sim = ServiceClients.start(clock, "{\"throttle\": true}")) {
            sim.s3().createBucket("busy");
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest delete = HttpRequest.newBuilder(URI.create(sim.endpoint() + "/busy/logs/a")).DELETE().build();
            for (int i = 0; i < 3500; i++) {
                assertThat(http.send(delete, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(204);
            }
            assertThat(http.send(delete, HttpResponse.BodyHandlers.ofString()).body()).contains("<Code>SlowDown</Code>");
            // another prefix has its own rate
            HttpRequest other = HttpRequest.newBuilder(URI.create(sim.endpoint() + "/busy/other/a")).DELETE().build();
            assertThat(http.send(other, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(204);
            clock.advance(Duration.ofMillis(100));
            assertThat(http.send(delete, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(204);
        }
    }

    @Test
    void latency_delaysDynamoDbAndS3Responses() {
        try (AwsSimulator sim = ServiceClients.start(MutableClock.at(START), "{\"throttle\": false, \"latencyMs\": 150}");
                DynamoDbClient db = ServiceClients.dynamoDb(sim); S3Client s3 = ServiceClients.s3(sim)) {
            long t0 = System.nanoTime();
            db.listTables();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
            long t1 = System.nanoTime();
            s3.listBuckets();
            assertThat(Duration.ofNanos(System.nanoTime() - t1)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        }
    }
}
