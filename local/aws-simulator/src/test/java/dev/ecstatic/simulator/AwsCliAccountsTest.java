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
 * The AWS CLI v2 against a fleet of several accounts and regions: {@code --region} picks the region, the
 * member role's credentials (from {@code aws sts assume-role}) the account. Real time: the CLI refuses credentials that expire before its clock's now. Uses {@code $ECSTATIC_AWS_CLI} or the {@code aws} on the PATH; skipped
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

    /**
     * The member role's credentials, as an assumed-role profile would get them. The profile itself is not
     * used: a CLI before 2.13 (Debian's is 2.9) sends that profile's own AssumeRole to the real STS, since
     * only AWS_ENDPOINT_URL (2.13 on) reaches it; {@code --endpoint-url} reaches the command's service only.
     */
    private static Map<String, String> assumed(String roleArn, String session) throws Exception {
        JsonNode c = ok("sts", "assume-role", "--role-arn", roleArn, "--role-session-name", session).get("Credentials");
        return Map.of("AWS_ACCESS_KEY_ID", c.get("AccessKeyId").asText(), "AWS_SECRET_ACCESS_KEY",
                c.get("SecretAccessKey").asText(), "AWS_SESSION_TOKEN", c.get("SessionToken").asText());
    }

    private static Map<String, String> member() throws Exception {
        return assumed("arn:aws:iam::222222222222:role/ecstatic-member", "cli-check");
    }

    @Test
    void getCallerIdentity_isTheMainAccount_orTheAssumedRole() throws Exception {
        assertThat(ok("sts", "get-caller-identity").get("Account").asText()).isEqualTo("111111111111");
        JsonNode member = ok(member(), "sts", "get-caller-identity");
        assertThat(member.get("Account").asText()).isEqualTo("222222222222");
        assertThat(member.get("Arn").asText()).isEqualTo("arn:aws:sts::222222222222:assumed-role/ecstatic-member/cli-check");
    }

    @Test
    void listClusters_inAnotherRegion_andAnotherAccount() throws Exception {
        assertThat(ok("ecs", "list-clusters", "--region", "eu-west-1").get("clusterArns").get(0).asText())
                .isEqualTo("arn:aws:ecs:eu-west-1:111111111111:cluster/main-eu");
        assertThat(ok(member(), "ecs", "list-clusters", "--region", "eu-west-1").get("clusterArns"))
                .extracting(JsonNode::asText).containsExactly("arn:aws:ecs:eu-west-1:222222222222:cluster/web",
                        "arn:aws:ecs:eu-west-1:222222222222:cluster/batch");
    }

    @Test
    void aDisabledRegion_andAnUntrustedRole_areRefused() throws Exception {
        assertFails("UnrecognizedClientException", "ecs", "list-clusters", "--region", "ap-east-1");
        assertFails("AccessDenied", "sts", "assume-role", "--role-arn", "arn:aws:iam::444444444444:role/locked",
                "--role-session-name", "cli-check");
    }

    private static JsonNode ok(String... args) throws Exception {
        return ok(Map.of(), args);
    }

    private static JsonNode ok(Map<String, String> credentials, String... args) throws Exception {
        Processes.Result r = run(credentials, args);
        assertThat(r.exit()).as("aws %s failed: %s", String.join(" ", args), r.stderr()).isZero();
        return JSON.readTree(r.stdout());
    }

    private static void assertFails(String errorCode, String... args) throws Exception {
        Processes.Result r = run(Map.of(), args);
        assertThat(r.exit()).as("exit code of aws %s", String.join(" ", args)).isNotZero();
        assertThat(r.stderr()).contains("(" + errorCode + ")");
    }

    private static Processes.Result run(Map<String, String> credentials, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(aws.toString(), "--output", "json", "--endpoint-url",
                sim.endpoint().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.putAll(credentials);
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        env.put("AWS_PAGER", "");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("HOME", home.toString());
        return Processes.run(pb, Duration.ofSeconds(120));
    }
}
