package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS CLI v2 publishing to SNS (the Query protocol) and putting EventBridge events (AWS JSON 1.1) with
 * {@code --endpoint-url}. Uses {@code $ECSTATIC_AWS_CLI} or the {@code aws} on the PATH; skipped without a v2
 * unless {@code CI} is set ({@link RequiredTool}).
 */
class AwsCliNotificationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path aws;
    private static AwsSimulator sim;

    @TempDir
    static Path home;

    @BeforeAll
    static void start() throws Exception {
        aws = RequiredTool.awsCliV2(System.getenv());
        Files.writeString(home.resolve("credentials"), AwsCliAccountsTest.credentials());
        Files.writeString(home.resolve("config"), "");
        sim = Sim.start(Fleet.parse(Sim.resource("notify-fleet.json"), "notify-fleet.json"), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void snsPublish_withSubjectAndAttributes_isKept() throws Exception {
        JsonNode r = ok("sns", "publish", "--topic-arn", SnsPublishTest.TOPIC, "--subject", "ecstatic: web blocked",
                "--message", "{\"kind\":\"alert\"}", "--message-attributes",
                "{\"kind\":{\"DataType\":\"String\",\"StringValue\":\"alert\"},"
                        + "\"cluster\":{\"DataType\":\"String\",\"StringValue\":\"web\"}}");
        String id = r.get("MessageId").asText();
        assertThat(sim.snsMessages()).filteredOn(m -> m.messageId().equals(id)).singleElement().satisfies(m -> {
            assertThat(m.subject()).isEqualTo("ecstatic: web blocked");
            assertThat(m.attributes()).containsEntry("cluster", new AwsSimulator.MessageAttribute("String", "web"));
        });
    }

    @Test
    void snsPublish_ofASubjectWithALineBreak_orToAnUnknownTopic_fails() throws Exception {
        assertFails("InvalidParameter", "sns", "publish", "--topic-arn", SnsPublishTest.TOPIC, "--subject", "two\nlines",
                "--message", "m");
        assertFails("NotFound", "sns", "publish", "--topic-arn", "arn:aws:sns:us-east-1:111111111111:nope",
                "--message", "m");
    }

    @Test
    void putEvents_withAFailedEntry_answersFailedEntryCount_andKeepsTheGoodOne() throws Exception {
        JsonNode r = ok("events", "put-events", "--entries",
                "[{\"Source\":\"ecstatic\",\"DetailType\":\"alert\",\"Detail\":\"{\\\"cluster\\\":\\\"web\\\"}\","
                        + "\"EventBusName\":\"ops\"},"
                        + "{\"Source\":\"ecstatic\",\"DetailType\":\"alert\",\"Detail\":\"not json\"}]");
        assertThat(r.get("FailedEntryCount").asInt()).isEqualTo(1);
        assertThat(r.get("Entries").get(1).get("ErrorCode").asText()).isEqualTo("MalformedDetail");
        String id = r.get("Entries").get(0).get("EventId").asText();
        assertThat(sim.events()).filteredOn(e -> e.eventId().equals(id)).singleElement()
                .satisfies(e -> assertThat(e.eventBusArn()).endsWith(":event-bus/ops"));
    }

    private static JsonNode ok(String... args) throws Exception {
        Processes.Result r = run(args);
        assertThat(r.exit()).as("aws %s failed: %s", String.join(" ", args), r.stderr()).isZero();
        return JSON.readTree(r.stdout());
    }

    private static void assertFails(String errorCode, String... args) throws Exception {
        Processes.Result r = run(args);
        assertThat(r.exit()).as("exit code of aws %s", String.join(" ", args)).isNotZero();
        assertThat(r.stderr()).contains("(" + errorCode + ")");
    }

    private static Processes.Result run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(aws.toString(), "--output", "json", "--endpoint-url",
                sim.endpoint().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        env.put("AWS_PAGER", "");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("HOME", home.toString());
        return Processes.run(pb, Duration.ofSeconds(120));
    }
}
