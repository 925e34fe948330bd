package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * boto3's Organizations paginators against org-fleet.json's organization, unchanged but for {@code endpoint_url}:
 * once as listed, once with every listing answering an empty first page (botocore must follow the NextToken).
 * Real time (the clients refuse credentials that expire before their clock's now). Skipped without boto3 unless
 * {@code CI} is set ({@link RequiredTool}).
 */
class Boto3OrganizationsTest {

    @ParameterizedTest(name = "emptyFirstPages: {0}")
    @ValueSource(booleans = {false, true})
    void boto3_walksTheOrganization_andMeetsEachRefusal(boolean emptyFirstPages, @TempDir Path dir) throws Exception {
        String python = RequiredTool.pythonWithBoto3(System.getenv());
        Path script = dir.resolve("organizations.py");
        try (var in = Boto3OrganizationsTest.class.getResourceAsStream("/boto3/organizations.py")) {
            Files.write(script, in.readAllBytes());
        }
        Files.writeString(dir.resolve("config"), "");
        Files.writeString(dir.resolve("credentials"), AwsCliAccountsTest.credentials());
        Fleet fleet = OrganizationsTest.orgFleet(emptyFirstPages ? "\"emptyFirstPages\": true" : "");
        try (AwsSimulator sim = Sim.start(fleet, Clock.systemUTC())) {
            ProcessBuilder pb = new ProcessBuilder(python, script.toString());
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("AWS_"));
            env.put("SIMULATOR_ENDPOINT", sim.endpoint().toString());
            env.put("AWS_CONFIG_FILE", dir.resolve("config").toString());
            env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("credentials").toString());
            env.put("AWS_EC2_METADATA_DISABLED", "true");
            env.put("AWS_MAX_ATTEMPTS", "1");
            Processes.Result p = Processes.run(pb, Duration.ofSeconds(120));
            assertThat(p.exit()).as("boto3 script failed: %s", p.stderr()).isZero();

            JsonNode r = new ObjectMapper().readTree(p.stdout());
            assertThat(r.get("root")).extracting(JsonNode::asText).containsExactly("111111111111", "444444444444");
            assertThat(r.get("joined").asText()).isEqualTo("2024-01-01T00:00:00+00:00");
            assertThat(r.get("sandbox")).hasSize(23);
            assertThat(r.get("sandbox").get(22).asText()).isEqualTo("600000000022");
            assertThat(r.get("units")).extracting(JsonNode::asText).containsExactly("ou-ab12-11111111", "ou-ab12-33333333");
            assertThat(r.get("delegated")).extracting(JsonNode::asText).containsExactly("222222222222", "555555555555");
            assertThat(r.get("errors")).extracting(JsonNode::asText).containsExactly("ParentNotFoundException",
                    "AccessDeniedException", "AWSOrganizationsNotInUseException");
            // The root, 5 pages of 5 for the sandbox OU, the delegated administrator's OU, then the two refused
            // calls; with empty first pages each of the three listings that succeed takes one page more.
            assertThat(sim.callsByAction().get("ListAccountsForParent")).isEqualTo(emptyFirstPages ? 12 : 9);
        }
    }
}
