package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code --state DIR}: tables and objects survive a restart; what a crash leaves half-written is ignored. */
class StatePersistenceTest {

    private static final Fleet FLEET = ServiceClients.fleet("us-east-1", "{\"throttle\": false}");

    private static AwsSimulator start(Path state, MutableClock clock) {
        return AwsSimulator.start(FLEET, 0, clock, state);
    }

    @Test
    void tablesItemsBucketsAndObjects_surviveARestart(@TempDir Path state) {
        MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
        try (AwsSimulator sim = start(state, clock); DynamoDbClient db = ServiceClients.dynamoDb(sim);
                S3Client s3 = ServiceClients.s3(sim)) {
            db.createTable(b -> b.tableName("memory").billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE))
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                            a -> a.attributeName("sk").attributeType(ScalarAttributeType.N)));
            db.updateTimeToLive(b -> b.tableName("memory").timeToLiveSpecification(t -> t.enabled(true).attributeName("ttl")));
            for (int i = 0; i < 3; i++) {
                int k = i;
                db.putItem(b -> b.tableName("memory").item(Map.of("pk", AttributeValue.fromS("c"),
                        "sk", AttributeValue.fromN(Integer.toString(k)), "v", AttributeValue.fromS("run " + k))));
            }
            db.deleteItem(b -> b.tableName("memory").key(Map.of("pk", AttributeValue.fromS("c"), "sk", AttributeValue.fromN("0"))));
            s3.createBucket(b -> b.bucket("inputs"));
            s3.putObject(b -> b.bucket("inputs").key("clusters/list.json").contentType("application/json")
                    .metadata(Map.of("origin", "test")), RequestBody.fromString("[\"prod-web\"]"));
            s3.putObject(b -> b.bucket("inputs").key("deleted"), RequestBody.fromString("x"));
            s3.deleteObject(b -> b.bucket("inputs").key("deleted"));
        }
        try (AwsSimulator sim = start(state, clock); DynamoDbClient db = ServiceClients.dynamoDb(sim);
                S3Client s3 = ServiceClients.s3(sim)) {
            var items = db.query(b -> b.tableName("memory").keyConditionExpression("pk = :c")
                    .expressionAttributeValues(Map.of(":c", AttributeValue.fromS("c")))).items();
            assertThat(items).extracting(i -> i.get("v").s()).containsExactly("run 1", "run 2");
            assertThat(db.describeTimeToLive(b -> b.tableName("memory")).timeToLiveDescription().attributeName()).isEqualTo("ttl");
            var object = s3.getObjectAsBytes(b -> b.bucket("inputs").key("clusters/list.json"));
            assertThat(object.asUtf8String()).isEqualTo("[\"prod-web\"]");
            assertThat(object.response().contentType()).isEqualTo("application/json");
            assertThat(object.response().metadata()).containsEntry("origin", "test");
            assertThat(sim.s3().keys("inputs")).containsExactly("clusters/list.json");

            db.deleteTable(b -> b.tableName("memory"));
            s3.deleteObject(b -> b.bucket("inputs").key("clusters/list.json"));
            s3.deleteBucket(b -> b.bucket("inputs"));
        }
        try (AwsSimulator sim = start(state, clock)) {
            assertThat(sim.dynamoDb().tableNames()).isEmpty();
            assertThat(sim.s3().bucketNames()).isEmpty();
        }
    }

    @Test
    void whatACrashLeftBehind_isRemovedAndNeverLoaded(@TempDir Path state) throws Exception {
        MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
        try (AwsSimulator sim = start(state, clock)) {
            sim.dynamoDb().execute("CreateTable", new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                    {"TableName": "kept", "BillingMode": "PAY_PER_REQUEST",
                     "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
                     "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}]}"""));
            sim.dynamoDb().putItem("kept", new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"id\": {\"S\": \"a\"}}"));
            sim.s3().createBucket("kept-bucket");
            sim.s3().putObject("kept-bucket", "k", "v".getBytes(StandardCharsets.UTF_8), null);
        }
        Path tables = state.resolve("dynamodb");
        Files.writeString(tables.resolve("kept").resolve("items").resolve(".tmp-interrupted"), "{\"id\": {\"S\"");
        Files.createDirectories(tables.resolve("half-created").resolve("items"));
        Files.createDirectories(tables.resolve(".deleted-1234").resolve("items"));
        Files.writeString(state.resolve("s3").resolve("kept-bucket").resolve("objects").resolve(".tmp-upload"), "partial");

        try (AwsSimulator sim = start(state, clock)) {
            assertThat(sim.dynamoDb().tableNames()).containsExactly("kept");
            assertThat(sim.dynamoDb().items("kept")).hasSize(1);
            assertThat(sim.s3().keys("kept-bucket")).containsExactly("k");
        }
        try (Stream<Path> files = Files.walk(state)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.startsWith(".tmp-") || n.startsWith(".deleted-") || n.equals("half-created"));
        }
    }

    @Test
    void aWriteThatCannotReachTheDisk_isAServerErrorAndChangesNothing(@TempDir Path state) throws Exception {
        MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
        try (AwsSimulator sim = start(state, clock); DynamoDbClient db = ServiceClients.dynamoDbWithoutRetries(sim);
                S3Client s3 = ServiceClients.s3(sim, sim.endpoint(), true)) {
            db.createTable(b -> b.tableName("memory").billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                    .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S)));
            s3.createBucket(b -> b.bucket("inputs"));
            // A file where the directories belong: every write there fails, even for root.
            Path items = state.resolve("dynamodb").resolve("memory").resolve("items");
            StateFilesTestSupport.replaceWithFile(items);
            StateFilesTestSupport.replaceWithFile(state.resolve("s3").resolve("inputs").resolve("objects"));

            assertThatThrownBy(() -> db.putItem(b -> b.tableName("memory").item(Map.of("id", AttributeValue.fromS("a")))))
                    .isInstanceOf(software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException.class);
            assertThat(db.getItem(b -> b.tableName("memory").key(Map.of("id", AttributeValue.fromS("a")))).hasItem()).isFalse();
            assertThatThrownBy(() -> s3.putObject(b -> b.bucket("inputs").key("k"), RequestBody.fromString("x")))
                    .isInstanceOf(software.amazon.awssdk.services.s3.model.S3Exception.class)
                    .satisfies(e -> assertThat(((software.amazon.awssdk.services.s3.model.S3Exception) e).statusCode())
                            .isEqualTo(500));
            assertThat(sim.s3().keys("inputs")).isEmpty();
        }
    }

    /** Helpers for breaking a state directory on purpose. */
    private static final class StateFilesTestSupport {
        static void replaceWithFile(Path dir) throws java.io.IOException {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> entries = Files.list(dir)) {
                    for (Path p : entries.toList()) {
                        Files.delete(p);
                    }
                }
                Files.delete(dir);
            }
            Files.writeString(dir, "not a directory");
        }
    }
}
