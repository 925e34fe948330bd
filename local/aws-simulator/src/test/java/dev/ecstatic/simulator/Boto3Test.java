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
 * boto3 against the simulator, unchanged but for endpoint_url. The python is {@code $ECSTATIC_PYTHON}
 * if set, else {@code python3} on the PATH; without boto3, skipped with the reason printed, or failed
 * when {@code CI} is set ({@link RequiredTool}).
 */
class Boto3Test {

    @Test
    void boto3_listsPagesDescribesUpdatesAndReadsParameters(@TempDir Path dir) throws Exception {
        String python = RequiredTool.pythonWithBoto3(System.getenv());
        Path script = dir.resolve("check.py");
        try (var in = Boto3Test.class.getResourceAsStream("/boto3/check.py")) {
            Files.write(script, in.readAllBytes());
        }
        try (AwsSimulator sim = Sim.start(Sim.testFleet(), MutableClock.at("2026-01-01T00:00:00Z"))) {
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
            assertThat(r.get("clusters")).hasSize(5);
            assertThat(r.get("batchInstances").asInt()).isEqualTo(250);
            assertThat(r.get("described").asInt()).isEqualTo(99);
            assertThat(r.get("failures").get(0).asText()).isEqualTo("MISSING");
            assertThat(r.get("registeredAtType").asText()).isEqualTo("datetime");
            assertThat(r.get("started").asText()).isEqualTo("PENDING");
            assertThat(r.get("errors")).extracting(JsonNode::asText).containsExactly("ClusterNotFoundException",
                    "InvalidParameterException", "UpdateInProgressException", "ParameterNotFound");
            assertThat(r.get("recommendedAgent").asText()).isEqualTo("1.88.0");
        }
    }
}
