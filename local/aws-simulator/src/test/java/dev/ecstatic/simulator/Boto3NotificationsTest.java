package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * boto3 publishing to SNS and putting EventBridge events, unchanged but for {@code endpoint_url}. Skipped without
 * boto3 unless {@code CI} is set ({@link RequiredTool}).
 */
class Boto3NotificationsTest {

    @Test
    void boto3_publishesAndPutsEvents_andMeetsASubjectRefusalAndAFailedEntry(@TempDir Path dir) throws Exception {
        String python = RequiredTool.pythonWithBoto3(System.getenv());
        Path script = dir.resolve("notifications.py");
        try (var in = Boto3NotificationsTest.class.getResourceAsStream("/boto3/notifications.py")) {
            Files.write(script, in.readAllBytes());
        }
        try (AwsSimulator sim = Sim.start(Fleet.parse(Sim.resource("notify-fleet.json"), "notify-fleet.json"),
                Clock.systemUTC())) {
            ProcessBuilder pb = new ProcessBuilder(python, script.toString());
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("AWS_"));
            env.put("SIMULATOR_ENDPOINT", sim.endpoint().toString());
            env.put("AWS_ACCESS_KEY_ID", "AKIDTEST");
            env.put("AWS_SECRET_ACCESS_KEY", "secret");
            env.put("AWS_CONFIG_FILE", dir.resolve("none").toString());
            env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("none").toString());
            env.put("AWS_EC2_METADATA_DISABLED", "true");
            Processes.Result p = Processes.run(pb, Duration.ofSeconds(120));
            assertThat(p.exit()).as("boto3 script failed: %s", p.stderr()).isZero();

            JsonNode r = new ObjectMapper().readTree(p.stdout());
            assertThat(r.get("errors")).extracting(JsonNode::asText).containsExactly("InvalidParameter", "NotFound");
            assertThat(sim.snsMessages()).singleElement().satisfies(m -> {
                assertThat(m.messageId()).isEqualTo(r.get("messageId").asText());
                assertThat(m.attributes()).containsEntry("n", new AwsSimulator.MessageAttribute("Number", "2"));
            });
            assertThat(r.get("failed").asInt()).isEqualTo(1);
            assertThat(r.get("entries").get(1).get("ErrorCode").asText()).isEqualTo("MalformedDetail");
            assertThat(sim.events()).singleElement().satisfies(e -> {
                assertThat(e.eventId()).isEqualTo(r.get("entries").get(0).get("EventId").asText());
                assertThat(e.detail()).isEqualTo("{\"cluster\":\"web\"}");
            });
        }
    }
}
