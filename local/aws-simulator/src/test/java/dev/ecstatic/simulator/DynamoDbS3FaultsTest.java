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
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
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
