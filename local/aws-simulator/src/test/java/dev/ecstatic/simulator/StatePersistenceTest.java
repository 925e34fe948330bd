package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
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

    @Test
    void aTtlDeletionThatCannotReachTheDisk_isAServerError_andTheItemStaysDueUntilItCan(@TempDir Path state) throws Exception {
        MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
        try (AwsSimulator sim = start(state, clock); DynamoDbClient db = ServiceClients.dynamoDbWithoutRetries(sim)) {
            db.createTable(b -> b.tableName("memory").billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                    .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S)));
            db.updateTimeToLive(b -> b.tableName("memory").timeToLiveSpecification(t -> t.enabled(true).attributeName("expires")));
            Map<String, AttributeValue> key = Map.of("id", AttributeValue.fromS("a"));
            db.putItem(b -> b.tableName("memory").item(Map.of("id", AttributeValue.fromS("a"),
                    "expires", AttributeValue.fromN(Long.toString(clock.instant().getEpochSecond() + 60)))));
            Path itemFile = onlyFile(state.resolve("dynamodb").resolve("memory").resolve("items"));
            // A non-empty directory where the item's file is: deleting it fails, even for root.
            Files.delete(itemFile);
            Path blocker = Files.createDirectories(itemFile.resolve("blocker"));
            clock.advanceSeconds(61);

            assertThatThrownBy(() -> db.getItem(b -> b.tableName("memory").key(key)))
                    .isInstanceOf(software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException.class);
            // Nothing was deleted from memory: the item is still due, and the next request tries again.
            assertThatThrownBy(() -> db.getItem(b -> b.tableName("memory").key(key)))
                    .isInstanceOf(software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException.class);
            Files.delete(blocker);
            Files.delete(itemFile);
            assertThat(db.getItem(b -> b.tableName("memory").key(key)).hasItem()).isFalse();
        }
        try (AwsSimulator sim = start(state, clock)) {
            assertThat(sim.dynamoDb().items("memory")).isEmpty();
        }
    }

    /** What is written over which state file, and the problem the error names. */
    enum Damage {
        ITEM_NOT_JSON("dynamodb/memory/items", "{\"id\": {\"S\"", "the DynamoDB state file %s is damaged: not JSON"),
        ITEM_WITHOUT_ITS_KEY("dynamodb/memory/items", "{\"other\": {\"S\": \"x\"}}",
                "the DynamoDB state file %s is damaged: One or more parameter values were invalid: Missing the key id in the item"),
        TABLE_WITHOUT_ITS_NAME("dynamodb/memory/table.json", "{\"format\": 1}",
                "the DynamoDB state file %s is damaged: TableName is missing or not a string"),
        BUCKET_NOT_JSON("s3/inputs/bucket.json", "garbage", "the S3 state file %s is damaged: not JSON"),
        OBJECT_WITHOUT_HEADER("s3/inputs/objects", "no header line", "the S3 state file %s is damaged: not an object file"),
        OBJECT_HEADER_WITHOUT_ETAG("s3/inputs/objects", "{\"Key\": \"k\"}\nbody",
                "the S3 state file %s is damaged: ETag is missing or not a string");

        final String where;
        final String content;
        final String message;

        Damage(String where, String content, String message) {
            this.where = where;
            this.content = content;
            this.message = message;
        }
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void aDamagedStateFile_isNamedInTheError_withWhatIsWrong(Damage damage, @TempDir Path state) throws Exception {
        MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
        try (AwsSimulator sim = start(state, clock)) {
            sim.dynamoDb().execute("CreateTable", new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                    {"TableName": "memory", "BillingMode": "PAY_PER_REQUEST",
                     "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
                     "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}]}"""));
            sim.dynamoDb().putItem("memory", new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"id\": {\"S\": \"a\"}}"));
            sim.s3().createBucket("inputs");
            sim.s3().putObject("inputs", "k", "v".getBytes(StandardCharsets.UTF_8), null);
        }
        Path target = state.resolve(damage.where);
        if (Files.isDirectory(target)) {
            target = onlyFile(target);
        }
        Files.writeString(target, damage.content);

        assertThatThrownBy(() -> start(state, clock))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(damage.message.formatted(target));
    }

    private static Path onlyFile(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.toList();
            assertThat(all).hasSize(1);
            return all.getFirst();
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
