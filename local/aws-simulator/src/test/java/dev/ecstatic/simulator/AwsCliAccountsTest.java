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
 * The AWS CLI v2 against a fleet of several accounts and regions: {@code --region} picks the region, an
 * assumed-role profile the account. Real time: the CLI refuses credentials that expire before its clock's now. Uses {@code $ECSTATIC_AWS_CLI} or the {@code aws} on the PATH; skipped
 * without a v2 unless {@code CI} is set ({@link RequiredTool}).
 */
class AwsCliAccountsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path aws;
    private static AwsSimulator sim;

    @TempDir
    static Path home;

    /** The config file's profiles: the member role of account 222222222222, and a role that trusts no one here. */
    static String profiles() {
        return """
                [profile member]
                role_arn = arn:aws:iam::222222222222:role/ecstatic-member
                source_profile = default
                role_session_name = cli-check

                [profile locked]
                role_arn = arn:aws:iam::444444444444:role/locked
                source_profile = default
                """;
    }

    /** The source profile's placeholder keys: the main account's. */
    static String credentials() {
        return "[default]\naws_access_key_id = AKIDTEST\naws_secret_access_key = secret\n";
    }

    @BeforeAll
    static void start() throws Exception {
        aws = RequiredTool.awsCliV2(System.getenv());
        Files.writeString(home.resolve("config"), profiles());
        Files.writeString(home.resolve("credentials"), credentials());
        sim = Sim.start(Fleet.parse(Sim.resource("accounts-fleet.json"), "accounts-fleet.json"),
                Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void getCallerIdentity_isTheMainAccount_orTheAssumedRole() throws Exception {
        assertThat(ok("sts", "get-caller-identity").get("Account").asText()).isEqualTo("111111111111");
        JsonNode member = ok("--profile", "member", "sts", "get-caller-identity");
        assertThat(member.get("Account").asText()).isEqualTo("222222222222");
        assertThat(member.get("Arn").asText()).isEqualTo("arn:aws:sts::222222222222:assumed-role/ecstatic-member/cli-check");
    }

    @Test
    void listClusters_inAnotherRegion_andAnotherAccount() throws Exception {
        assertThat(ok("ecs", "list-clusters", "--region", "eu-west-1").get("clusterArns").get(0).asText())
                .isEqualTo("arn:aws:ecs:eu-west-1:111111111111:cluster/main-eu");
        assertThat(ok("--profile", "member", "ecs", "list-clusters", "--region", "eu-west-1").get("clusterArns"))
                .extracting(JsonNode::asText).containsExactly("arn:aws:ecs:eu-west-1:222222222222:cluster/web",
                        "arn:aws:ecs:eu-west-1:222222222222:cluster/batch");
    }

    @Test
    void aDisabledRegion_andAnUntrustedRole_areRefused() throws Exception {
        assertFails("UnrecognizedClientException", "ecs", "list-clusters", "--region", "ap-east-1");
        assertFails("AccessDenied", "--profile", "locked", "ecs", "list-clusters");
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
        List<String> cmd = new ArrayList<>(List.of(aws.toString(), "--output", "json"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("AWS_ENDPOINT_URL", sim.endpoint().toString());
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        env.put("AWS_PAGER", "");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("HOME", home.toString());
        return Processes.run(pb, Duration.ofSeconds(120));
    }
}
