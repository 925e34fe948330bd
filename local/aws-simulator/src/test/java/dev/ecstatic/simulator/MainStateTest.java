package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** {@code Main --state DIR} in its own JVM: what one simulator process stored, the next one serves. */
class MainStateTest {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private static Process start(Path fleet, Path state) throws Exception {
        return new ProcessBuilder(JAVA, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--fleet", fleet.toString(), "--port", "0", "--state", state.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static DynamoDbClient client(String endpoint) {
        return DynamoDbClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    private static String endpoint(Process p) throws Exception {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
    }

    private static void stop(Process p) throws Exception {
        p.destroy();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void mainWithState_servesTheNextProcessWhatTheLastOneStored(@TempDir Path dir) throws Exception {
        Path fleet = dir.resolve("fleet.json");
        Files.writeString(fleet, Sim.resource("test-fleet.json"));
        Path state = dir.resolve("state");
        Process first = start(fleet, state);
        try (DynamoDbClient db = client(endpoint(first))) {
            db.createTable(b -> b.tableName("memory").billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                    .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S)));
            db.putItem(b -> b.tableName("memory").item(Map.of("id", AttributeValue.fromS("prod-web"),
                    "lastOutcome", AttributeValue.fromS("STARTED"))));
        } finally {
            stop(first);
        }
        Process second = start(fleet, state);
        try (DynamoDbClient db = client(endpoint(second))) {
            var item = db.getItem(b -> b.tableName("memory").key(Map.of("id", AttributeValue.fromS("prod-web")))).item();
            assertThat(item.get("lastOutcome").s()).isEqualTo("STARTED");
        } finally {
            stop(second);
        }
    }

    @Test
    void mainWithAStateThatIsAFile_exits1NamingIt(@TempDir Path dir) throws Exception {
        Path fleet = dir.resolve("fleet.json");
        Files.writeString(fleet, Sim.resource("test-fleet.json"));
        Path notADir = Files.writeString(dir.resolve("state"), "x");
        Process p = new ProcessBuilder(List.of(JAVA, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--fleet", fleet.toString(), "--state", notADir.toString()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(err).contains("error: cannot use " + notADir + " as the simulator's state directory");
        assertThat(err).doesNotContain("\tat ");
    }
}
