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
 * The AWS CLI v2's {@code aws organizations} against org-fleet.json's organization: the management account's
 * placeholder keys, member accounts' keys from {@code aws sts assume-role}, the CLI's own pagination, and the
 * refusals as the CLI reports them. Real time (the CLI refuses credentials that expire before its clock's now).
 * Uses {@code $ECSTATIC_AWS_CLI} or the {@code aws} on the PATH; skipped without a v2 unless {@code CI} is set
 * ({@link RequiredTool}).
 */
class AwsCliOrganizationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path aws;
    private static AwsSimulator sim;

    @TempDir
    static Path home;

    @BeforeAll
    static void start() throws Exception {
        aws = RequiredTool.awsCliV2(System.getenv());
        Files.writeString(home.resolve("config"), "");
        Files.writeString(home.resolve("credentials"), AwsCliAccountsTest.credentials());
        sim = Sim.start(OrganizationsTest.orgFleet(""), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void listAccountsForParent_listsTheRootsAccounts_withEveryField() throws Exception {
        JsonNode accounts = ok(Map.of(), "organizations", "list-accounts-for-parent", "--parent-id", "r-ab12")
                .get("Accounts");
        assertThat(ids(accounts)).containsExactly("111111111111", "444444444444");
        JsonNode m = accounts.get(0);
        assertThat(m.get("Arn").asText()).isEqualTo("arn:aws:organizations::111111111111:account/o-a1b2c3d4e5/111111111111");
        assertThat(m.get("Status").asText()).isEqualTo("ACTIVE");
        assertThat(m.get("JoinedMethod").asText()).isEqualTo("INVITED");
        // The CLI parses the JSON 1.1 epoch-seconds timestamp and prints it in ISO 8601.
        assertThat(m.get("JoinedTimestamp").asText()).startsWith("2024-01-01T00:00:00");
    }

    @Test
    void theCliPaginates_anOuOfTwentyThreeAccounts_pageByPage() throws Exception {
        long before = sim.callsByAction().getOrDefault("ListAccountsForParent", 0L);
        JsonNode accounts = ok(Map.of(), "organizations", "list-accounts-for-parent", "--parent-id", "ou-ab12-33333333",
                "--page-size", "5").get("Accounts");
        assertThat(accounts).hasSize(23);
        assertThat(ids(accounts)).doesNotHaveDuplicates().endsWith("600000000022");
        assertThat(sim.callsByAction().get("ListAccountsForParent") - before).isEqualTo(5);
    }

    @Test
    void listOrganizationalUnitsForParent_listsTheChildOus() throws Exception {
        JsonNode units = ok(Map.of(), "organizations", "list-organizational-units-for-parent", "--parent-id",
                "ou-ab12-11111111").get("OrganizationalUnits");
        assertThat(ids(units)).containsExactly("ou-ab12-22222222");
        assertThat(units.get(0).get("Name").asText()).isEqualTo("prod-eu");
    }

    @Test
    void theDelegatedAdministrator_listsToo() throws Exception {
        assertThat(ids(ok(assumed("222222222222"), "organizations", "list-accounts-for-parent", "--parent-id",
                "ou-ab12-11111111").get("Accounts"))).containsExactly("222222222222", "555555555555");
    }

    @Test
    void eachRefusal_reachesTheCliAsOrganizationsNamesIt() throws Exception {
        assertFails(Map.of(), "ParentNotFoundException", "organizations", "list-accounts-for-parent", "--parent-id",
                "ou-ab12-99999999");
        assertFails(Map.of(), "InvalidInputException", "organizations", "list-accounts-for-parent", "--parent-id",
                "r-ab12", "--page-size", "21");
        assertFails(assumed("444444444444"), "AccessDeniedException", "organizations", "list-accounts-for-parent",
                "--parent-id", "r-ab12");
        assertFails(assumed("999999999999"), "AWSOrganizationsNotInUseException", "organizations",
                "list-organizational-units-for-parent", "--parent-id", "r-ab12");
    }

    private static Map<String, String> assumed(String account) throws Exception {
        JsonNode c = ok(Map.of(), "sts", "assume-role", "--role-arn", "arn:aws:iam::" + account + ":role/ecstatic-member",
                "--role-session-name", "cli-org-check").get("Credentials");
        return Map.of("AWS_ACCESS_KEY_ID", c.get("AccessKeyId").asText(), "AWS_SECRET_ACCESS_KEY",
                c.get("SecretAccessKey").asText(), "AWS_SESSION_TOKEN", c.get("SessionToken").asText());
    }

    private static List<String> ids(JsonNode items) {
        List<String> out = new ArrayList<>();
        items.forEach(i -> out.add(i.get("Id").asText()));
        return out;
    }

    private static JsonNode ok(Map<String, String> credentials, String... args) throws Exception {
        Processes.Result r = run(credentials, args);
        assertThat(r.exit()).as("aws %s failed: %s", String.join(" ", args), r.stderr()).isZero();
        return JSON.readTree(r.stdout());
    }

    private static void assertFails(Map<String, String> credentials, String errorCode, String... args) throws Exception {
        Processes.Result r = run(credentials, args);
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
        env.put("AWS_DEFAULT_REGION", "eu-west-1");
        env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        env.put("AWS_PAGER", "");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        // One attempt: a refusal must reach the test as the first answer, not after the CLI's retries.
        env.put("AWS_MAX_ATTEMPTS", "1");
        env.put("HOME", home.toString());
        return Processes.run(pb, Duration.ofSeconds(120));
    }
}
