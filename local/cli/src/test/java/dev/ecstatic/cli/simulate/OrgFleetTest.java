package dev.ecstatic.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecstatic.cli.Home;
import dev.ecstatic.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * examples/fleets/org.json, simulated as a user would: three accounts in two regions with their clusters, a
 * fourth account without the member role (AssumeRole refused), a region no account has enabled, and their
 * organization (an OU in Accounts is every account under it). Every
 * account and region the fleet names is a target; the unreachable ones are one ERROR record each, alerted once.
 */
class OrgFleetTest {

    static final String UNASSUMABLE = "444444444444";

    @TempDir Path state;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final ObjectMapper json = new ObjectMapper();

    int ecstatic(String... args) {
        out.getBuffer().setLength(0);
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    static String fleet() {
        return Home.find().resolve("examples/fleets/org.json").toString();
    }

    /** {@code <account>/<region> <cluster>} to outcome, for every record of the document's first run. */
    static Map<String, String> outcomes(JsonNode document) {
        Map<String, String> outcomes = new TreeMap<>();
        for (JsonNode r : document.path("runs").path(0).path("clusters")) {
            String key = r.path("account").asText() + "/" + r.path("region").asText() + " " + r.path("cluster").asText();
            assertThat(outcomes.put(key, r.path("outcome").asText())).as("one record for " + key).isNull();
        }
        return outcomes;
    }

    static List<String> messagesNaming(JsonNode document, String text) {
        List<String> out = new ArrayList<>();
        document.path("messages").forEach(m -> {
            if (m.toString().contains(text)) {
                out.add(m.path("text").asText(m.toString()));
            }
        });
        return out;
    }

    @Test
    void everyTargetIsVisited_theUnreachableOnesAreOneErrorRecordEach_andAlertedOnce() throws Exception {
        int first = ecstatic("simulate", "--fleet", fleet(), "--json", "--state", state.toString(),
                "--parameter", "DigestHourUtc=");

        assertThat(first).as(err.toString()).isZero();
        JsonNode report = json.readTree(out.toString());
        assertThat(report.path("runs").path(0).path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(outcomes(report)).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("111111111111/us-east-1 web", "STARTED"),
                Map.entry("111111111111/us-east-1 api", "UP_TO_DATE"),
                Map.entry("111111111111/eu-west-1 web-eu", "UP_TO_DATE"),
                Map.entry("222222222222/us-east-1 web", "STARTED"),
                Map.entry("222222222222/us-east-1 batch", "BLOCKED"),
                Map.entry("222222222222/eu-west-1 payments", "UP_TO_DATE"),
                Map.entry("333333333333/us-east-1 reports", "UP_TO_DATE"),
                Map.entry("333333333333/eu-west-1 web", "STARTED"),
                // The account without the member role, in each region: its clusters (legacy) are never seen.
                Map.entry(UNASSUMABLE + "/us-east-1 (target)", "ERROR"),
                Map.entry(UNASSUMABLE + "/eu-west-1 (target)", "ERROR"),
                Map.entry(UNASSUMABLE + "/ap-east-1 (target)", "ERROR"),
                // The region no account has enabled, in each account.
                Map.entry("111111111111/ap-east-1 (target)", "ERROR"),
                Map.entry("222222222222/ap-east-1 (target)", "ERROR"),
                Map.entry("333333333333/ap-east-1 (target)", "ERROR")));
        for (JsonNode r : report.path("runs").path(0).path("clusters")) {
            if (r.path("cluster").asText().equals("(target)")) {
                assertThat(r.path("detail").asText("")).as("why " + r.path("account").asText() + "/"
                        + r.path("region").asText() + " was not reached").isNotBlank();
            }
        }
        assertThat(messagesNaming(report, UNASSUMABLE)).as("alerts about the unassumable account").isNotEmpty()
                .allSatisfy(m -> assertThat(m).doesNotContain("SessionToken").doesNotContain("simulated-secret"));
        assertThat(out.toString()).doesNotContain("legacy");

        int second = ecstatic("simulate", "--fleet", fleet(), "--json", "--state", state.toString(),
                "--parameter", "DigestHourUtc=");

        assertThat(second).as(err.toString()).isZero();
        JsonNode again = json.readTree(out.toString());
        assertThat(outcomes(again)).containsEntry(UNASSUMABLE + "/us-east-1 (target)", "ERROR");
        assertThat(messagesNaming(again, UNASSUMABLE)).as("the same problem an hour later is not alerted again").isEmpty();
    }

    @Test
    void theTextReportSaysWhichTargetsTheRunVisits_andWhereEachClusterIs() {
        int code = ecstatic("simulate", "--fleet", fleet(), "--parameter", "DigestHourUtc=");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("targets from the fleet: Accounts=111111111111,222222222222,333333333333," + UNASSUMABLE
                        + " Regions=us-east-1,eu-west-1,ap-east-1 (--parameter Accounts=… / Regions=… to choose)")
                .containsPattern("(?m)^  111111111111/us-east-1  web +STARTED")
                .containsPattern("(?m)^  222222222222/us-east-1  web +STARTED")
                .containsPattern("(?m)^  333333333333/eu-west-1  web +STARTED")
                .containsPattern("(?m)^  " + UNASSUMABLE + "/us-east-1  \\(target\\) +ERROR");
    }

    @Test
    void anOrganizationalUnitInAccountsVisitsEveryAccountUnderIt() throws Exception {
        int code = ecstatic("simulate", "--fleet", fleet(), "--json", "--parameter", "DigestHourUtc=",
                "--parameter", "Accounts=ou-ex14-workload", "--parameter", "Regions=us-east-1");

        assertThat(code).as(err.toString()).isZero();
        JsonNode report = json.readTree(out.toString());
        assertThat(outcomes(report)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "222222222222/us-east-1 web", "STARTED",
                "222222222222/us-east-1 batch", "BLOCKED",
                "333333333333/us-east-1 reports", "UP_TO_DATE"));
        assertThat(report.path("runs").path(0).path("stats").path("stsOrganizationsCalls").path("ListAccountsForParent")
                .asLong()).isPositive();
    }

    @Test
    void parametersTheUserGivesChooseTheTargets() throws Exception {
        int code = ecstatic("simulate", "--fleet", fleet(), "--json", "--parameter", "DigestHourUtc=",
                "--parameter", "Accounts=222222222222", "--parameter", "Regions=eu-west-1");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).as("--json is one JSON document").startsWith("{").doesNotContain("targets from");
        assertThat(outcomes(json.readTree(out.toString())))
                .containsExactly(Map.entry("222222222222/eu-west-1 payments", "UP_TO_DATE"));
    }
}
