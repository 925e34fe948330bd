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
 * boto3 with the member role's assumed credentials and {@code region_name}, against a fleet of several accounts
 * and regions, on real time (the clients refuse credentials that expire before their clock's now), unchanged but
 * for {@code endpoint_url}. Skipped without boto3 unless {@code CI} is set ({@link RequiredTool}).
 */
class Boto3AccountsTest {

    @Test
    void boto3_assumesTheMemberRoleAndSeesItsClusters_andMeetsEachRefusal(@TempDir Path dir) throws Exception {
        String python = RequiredTool.pythonWithBoto3(System.getenv());
        Path script = dir.resolve("accounts.py");
        try (var in = Boto3AccountsTest.class.getResourceAsStream("/boto3/accounts.py")) {
            Files.write(script, in.readAllBytes());
        }
        Files.writeString(dir.resolve("config"), AwsCliAccountsTest.profiles());
        Files.writeString(dir.resolve("credentials"), AwsCliAccountsTest.credentials());
        try (AwsSimulator sim = Sim.start(Fleet.parse(Sim.resource("accounts-fleet.json"), "accounts-fleet.json"),
                Clock.systemUTC())) {
            ProcessBuilder pb = new ProcessBuilder(python, script.toString());
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("AWS_"));
            env.put("SIMULATOR_ENDPOINT", sim.endpoint().toString());
            env.put("AWS_CONFIG_FILE", dir.resolve("config").toString());
            env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("credentials").toString());
            env.put("AWS_EC2_METADATA_DISABLED", "true");
            Processes.Result p = Processes.run(pb, Duration.ofSeconds(120));
            assertThat(p.exit()).as("boto3 script failed: %s", p.stderr()).isZero();

            JsonNode r = new ObjectMapper().readTree(p.stdout());
            assertThat(r.get("me").asText()).isEqualTo("arn:aws:iam::111111111111:root");
            assertThat(r.get("mainEu").get(0).asText()).isEqualTo("arn:aws:ecs:eu-west-1:111111111111:cluster/main-eu");
            assertThat(r.get("member").asText()).startsWith("arn:aws:sts::222222222222:assumed-role/ecstatic-member/");
            assertThat(r.get("memberEu")).extracting(JsonNode::asText).containsExactly(
                    "arn:aws:ecs:eu-west-1:222222222222:cluster/web", "arn:aws:ecs:eu-west-1:222222222222:cluster/batch");
            assertThat(r.get("errors")).extracting(JsonNode::asText)
                    .containsExactly("UnrecognizedClientException", "AccessDenied");
        }
    }
}
