package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** boto3 against the simulator, unchanged but for endpoint_url; skipped when python3 has no boto3. */
class Boto3Test {

    @Test
    void boto3_listsPagesDescribesUpdatesAndReadsParameters(@TempDir Path dir) throws Exception {
        assumeTrue(hasBoto3(), "python3 with boto3 not found: skipping the boto3 test");
        Path script = dir.resolve("check.py");
        try (var in = Boto3Test.class.getResourceAsStream("/boto3/check.py")) {
            Files.write(script, in.readAllBytes());
        }
        try (EcsSimulator sim = Sim.start(Sim.testFleet(), MutableClock.at("2026-01-01T00:00:00Z"))) {
            ProcessBuilder pb = new ProcessBuilder("python3", script.toString(), sim.endpoint().toString());
            pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
            pb.environment().put("AWS_ACCESS_KEY_ID", "AKIDTEST");
            pb.environment().put("AWS_SECRET_ACCESS_KEY", "secret");
            pb.environment().put("AWS_CONFIG_FILE", dir.resolve("config").toString());
            pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("credentials").toString());
            Process p = pb.start();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                    return "";
                }
            });
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("boto3 script failed: %s", err.get()).isZero();

            JsonNode r = new ObjectMapper().readTree(out);
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

    private static boolean hasBoto3() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import boto3").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException | InterruptedException e) {
            return false;
        }
    }
}
