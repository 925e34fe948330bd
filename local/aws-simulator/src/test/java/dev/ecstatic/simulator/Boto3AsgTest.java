package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * boto3 against EC2, Auto Scaling, ECS's draining and tasks and SSM's parameters by path, unchanged but for
 * endpoint_url. The python is {@code $ECSTATIC_PYTHON} if set, else {@code python3}; without boto3, skipped
 * with the reason printed, or failed when {@code CI} is set ({@link RequiredTool}).
 */
class Boto3AsgTest {

    @Test
    void boto3_describesTheGroupsAndTheirImages_terminatesThroughAGroup_andDrains(@TempDir Path dir) throws Exception {
        String python = RequiredTool.pythonWithBoto3(System.getenv());
        Path script = dir.resolve("replace.py");
        try (var in = Boto3AsgTest.class.getResourceAsStream("/boto3/replace.py")) {
            Files.write(script, in.readAllBytes());
        }
        try (AwsSimulator sim = Sim.start(Sim.asgFleet(), MutableClock.at("2026-01-01T00:00:00Z"))) {
            ProcessBuilder pb = new ProcessBuilder(python, script.toString(), sim.endpoint().toString());
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("AWS_"));
            env.put("AWS_ACCESS_KEY_ID", "AKIDTEST");
            env.put("AWS_SECRET_ACCESS_KEY", "secret");
            env.put("AWS_CONFIG_FILE", dir.resolve("config").toString());
            env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("credentials").toString());
            env.put("AWS_EC2_METADATA_DISABLED", "true");
            Processes.Result p = Processes.run(pb, Duration.ofSeconds(120));
            assertThat(p.exit()).as("boto3 script failed: %s", p.stderr()).isZero();

            JsonNode r = new ObjectMapper().readTree(p.stdout());
            assertThat(r.get("images")).extracting(JsonNode::asText).containsExactly("ami-0a1a2023old");
            assertThat(r.get("deprecationTime").asText()).isEqualTo("2025-09-05T10:00:00.000Z");
            assertThat(r.get("imageNotFound").asText()).isEqualTo("InvalidAMIID.NotFound");
            assertThat(r.get("instances").asInt()).isEqualTo(11);
            assertThat(r.get("versions")).extracting(JsonNode::asInt).containsExactly(2, 1);
            assertThat(r.get("groups")).extracting(JsonNode::asText).containsExactly("web-asg", "arm-asg", "legacy-asg",
                    "bottlerocket-asg", "windows-asg", "mixed-asg");
            assertThat(r.get("webVersions")).extracting(JsonNode::asText).containsExactly("1", "1", "$Latest");
            assertThat(r.get("webProtected")).extracting(JsonNode::asBoolean).containsExactly(false, false, true);
            assertThat(r.get("health").asText()).isEqualTo("HEALTHY");
            assertThat(r.get("terminateUnknown").asText()).isEqualTo("ValidationError");
            assertThat(r.get("terminated").asText()).isEqualTo("InProgress");
            assertThat(r.get("activities")).extracting(JsonNode::asText)
                    .containsExactly("Launching a new EC2 instance", "Terminating EC2 instance");
            assertThat(r.get("refresh").asText()).isEqualTo("InProgress");
            assertThat(r.get("drained").asText()).isEqualTo("DRAINING");
            assertThat(r.get("drainFailures")).extracting(JsonNode::asText).containsExactly("MISSING");
            assertThat(r.get("serviceTasks")).extracting(JsonNode::asText)
                    .containsExactly("PENDING", "PENDING", "RUNNING", "RUNNING", "RUNNING", "RUNNING", "RUNNING");
            assertThat(r.get("startedAtType").asText()).isEqualTo("datetime");
            assertThat(r.get("windowsParameters").asInt()).isEqualTo(2 * 9);
        }
    }
}
