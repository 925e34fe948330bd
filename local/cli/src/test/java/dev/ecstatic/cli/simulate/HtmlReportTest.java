package dev.ecstatic.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The HTML page of simulate --report, built from report data made here (no simulation). */
class HtmlReportTest {

    static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();
    static final SimulationReport.Stats STATS = new SimulationReport.Stats(0, 0, 0, 0, 0, Map.of(), Map.of(), Map.of());
    static final SimulationReport.Fleet FLEET = new SimulationReport.Fleet(Map.of(), Map.of(), Map.of());

    static SimulationReport.Run run(int i, Map<String, SimulationReport.Agents> agents, SimulationReport.Cluster... clusters) {
        Instant start = T0.plus(Duration.ofHours(i - 1));
        return new SimulationReport.Run("SUCCEEDED", List.of(clusters), Map.of("clusters", (long) clusters.length), STATS,
                null, null, start.toString(), start.plusSeconds(90).toString(), agents);
    }

    static SimulationReport.Cluster record(String name, String outcome, String... instances) {
        return new SimulationReport.Cluster(name, outcome, List.of(instances), "detail of " + name, 0, Map.of(),
                "123456789012", "us-east-1");
    }

    /** A webhook body shaped as SlackMessage builds it (text, the Cluster field, the account context). */
    static JsonNode slack(String cluster, String title, String details) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        String escaped = cluster.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        body.put("text", escaped + ": " + title + " [123456789012 · us-east-1]. " + details);
        body.put("blocks", List.of(
                Map.of("type", "header", "text", Map.of("type", "plain_text", "text", title)),
                Map.of("type", "section", "fields", List.of(Map.of("type", "mrkdwn", "text", "*Cluster*\n" + escaped))),
                Map.of("type", "context", "elements",
                        List.of(Map.of("type", "mrkdwn", "text", "account 123456789012 · us-east-1")))));
        return JSON.valueToTree(body);
    }

    static Map<String, SimulationReport.Agents> agents(long linux, long linuxNew, long windows, long windowsNew) {
        return Map.of("linux/x86_64", new SimulationReport.Agents(linux, linuxNew, "1.89.0"),
                "windows/x86_64", new SimulationReport.Agents(windows, windowsNew, "1.89.0"));
    }

    @Test
    void clusterNamesAndMessagesFromTheRunAreEscaped_noScriptOfTheirsRuns() throws Exception {
        String evil = "<script>alert(\"x\")</script>&'";
        SimulationReport report = new SimulationReport(
                List.of(run(1, agents(2, 1, 0, 0), record(evil, "BLOCKED", "i-1"))),
                List.of(slack(evil, "ECS agents disconnected, cluster not updated", "<img src=x onerror=alert(1)>")),
                FLEET, List.of(T0.plusSeconds(30).toString()));

        String html = HtmlReport.render(report, "fleet <b>bold</b>");

        assertThat(html).doesNotContain("<script>alert").doesNotContain("<img").doesNotContain("<b>bold");
        assertThat(html).contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;");
        assertThat(html).contains("&lt;img src=x onerror=alert(1)&gt;").contains("fleet &lt;b&gt;bold&lt;/b&gt;");
        assertThat(count(html, "<script>")).as("only the report's own script").isEqualTo(1);
        assertThat(html).contains("Content-Security-Policy").contains("default-src 'none'");
        assertThat(html).doesNotContainPattern("(?i)(src|href)=\"(https?:)?//");
    }

    @Test
    void thePagesPolicyFetchesNothing_andLetsOnlyItsOwnScriptRun() throws Exception {
        String html = HtmlReport.render(new SimulationReport(List.of(run(1, Map.of())), List.of(), FLEET), "demo");

        String script = html.substring(html.indexOf("<script>") + "<script>".length(), html.indexOf("</script>"));
        String hash = java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                .digest(script.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(html).contains("content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-" + hash
                + "'\"");
    }

    @Test
    void convergencePointsCarryEachRunsNumbersAndSitWhereTheShareSays() {
        SimulationReport report = new SimulationReport(List.of(
                run(1, agents(4, 1, 2, 0)), run(2, agents(4, 2, 2, 0)), run(3, agents(4, 4, 2, 1))),
                List.of(), FLEET, List.of());

        String html = HtmlReport.render(report, "demo");

        List<Map<String, String>> points = elements(html, "circle", "point");
        assertThat(points).hasSize(6);
        Map<String, String> linux3 = points.stream()
                .filter(p -> p.get("data-platform").equals("linux/x86_64") && p.get("data-run").equals("3")).findFirst()
                .orElseThrow();
        assertThat(linux3).containsEntry("data-instances", "4").containsEntry("data-at-newest", "4");
        Map<String, String> windows3 = points.stream()
                .filter(p -> p.get("data-platform").equals("windows/x86_64") && p.get("data-run").equals("3")).findFirst()
                .orElseThrow();
        assertThat(windows3).containsEntry("data-instances", "2").containsEntry("data-at-newest", "1");
        // 100 % at the plot's top (12), 50 % half its height (220) lower, 0 % at its bottom.
        assertThat(Double.parseDouble(linux3.get("cy"))).isEqualTo(12.0);
        assertThat(Double.parseDouble(windows3.get("cy"))).isEqualTo(122.0);
        assertThat(points.stream().filter(p -> p.get("data-run").equals("1") && p.get("data-platform").startsWith("windows"))
                .findFirst().orElseThrow().get("cy")).isEqualTo("232");
        assertThat(html).contains("linux/x86_64: 4 of 4 at 1.89.0 after the last run")
                .contains("windows/x86_64: 1 of 2 at 1.89.0 after the last run");
    }

    @Test
    void oneRun_isAPointPerPlatformInTheMiddleAndOneCellPerCluster() {
        SimulationReport report = new SimulationReport(List.of(run(1, agents(3, 0, 1, 0),
                record("prod-web", "STARTED", "i-1"), record("prod-api", "UP_TO_DATE"))), List.of(), FLEET, List.of());

        String html = HtmlReport.render(report, "demo");

        List<Map<String, String>> points = elements(html, "circle", "point");
        assertThat(points).hasSize(2).allSatisfy(p -> assertThat(p).containsEntry("cx", "428").containsEntry("data-run", "1"));
        assertThat(elements(html, "rect", "cell")).extracting(c -> c.get("data-outcome"))
                .containsExactlyInAnyOrder("STARTED", "UP_TO_DATE");
        assertThat(html).contains("1 run,").contains("data-kind=\"UPDATE\"").contains("No message was posted.");
    }

    @Test
    void emptyFleet_saysThereIsNothingRatherThanDrawingEmptyFigures() {
        SimulationReport report = new SimulationReport(List.of(run(1, Map.of()), run(2, Map.of())), List.of(), FLEET,
                List.of());

        String html = HtmlReport.render(report, "empty");

        assertThat(html).contains("No registered instances in any run.").contains("No clusters in any run.")
                .contains("No message was posted.").doesNotContain("<circle").doesNotContain("class=\"cell\"");
    }

    @Test
    void aThousandQuietClustersOverAWeekShareOneRow_eventfulOnesComeFirst() throws Exception {
        int runs = 168;
        List<SimulationReport.Run> reportRuns = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            List<SimulationReport.Cluster> records = new ArrayList<>();
            records.add(record("flaky", i % 24 == 1 ? "BLOCKED" : "UP_TO_DATE"));
            for (int c = 0; c < 999; c++) {
                records.add(record("quiet-" + c, "UP_TO_DATE"));
            }
            reportRuns.add(run(i, agents(3000, 3000, 0, 0), records.toArray(SimulationReport.Cluster[]::new)));
        }
        SimulationReport report = new SimulationReport(reportRuns,
                List.of(slack("flaky", "ECS agents disconnected, cluster not updated", "1 agent(s) still disconnected")),
                FLEET, List.of(T0.plusSeconds(40).toString()));

        String html = HtmlReport.render(report, "big");

        List<String> rows = rowHeads(html);
        assertThat(rows).hasSize(2);
        assertThat(rows.getFirst()).contains("flaky");
        assertThat(rows.get(1)).contains("999 clusters: quiet-0, quiet-1, quiet-2, …");
        assertThat(html).contains("1000 clusters in 2 rows");
        // A week of one outcome is one rectangle, not 168.
        assertThat(elements(html, "rect", "cell").stream().filter(c -> c.get("data-outcome").equals("UP_TO_DATE")))
                .hasSize(8);
        assertThat(html).contains("<a href=\"#m0\" class=\"mark\" data-kind=\"ALERT\">");
        assertThat(html.length()).isLessThan(400_000);
    }

    @Test
    void aThousandClustersOfDifferentHistories_foldPastAHundredRowsIntoPages() throws Exception {
        // Cluster c is BLOCKED in run j when bit j of c is set: 1,000 histories, no two alike.
        List<SimulationReport.Run> runs = new ArrayList<>();
        for (int j = 0; j < 10; j++) {
            List<SimulationReport.Cluster> records = new ArrayList<>();
            for (int c = 0; c < 1000; c++) {
                records.add(record(String.format("c-%04d", c), (c >> j & 1) == 1 ? "BLOCKED" : "UP_TO_DATE"));
            }
            runs.add(run(j + 1, agents(1000, 0, 0, 0), records.toArray(SimulationReport.Cluster[]::new)));
        }
        SimulationReport report = new SimulationReport(runs, List.of(), FLEET, List.of());

        String html = HtmlReport.render(report, "big");

        assertThat(rowHeads(html)).hasSize(1000);
        String timeline = html.substring(html.indexOf("<section id=\"timeline\">"), html.indexOf("<section id=\"messages\">"));
        assertThat(count(timeline, "<details class=\"page\">")).isEqualTo(9);
        assertThat(timeline).contains("<summary>Rows 101–200 of 1000</summary>")
                .contains("<summary>Rows 901–1000 of 1000</summary>");
        String open = timeline.substring(0, timeline.indexOf("<details class=\"page\">"));
        assertThat(count(open, "<tr id=\"r")).isEqualTo(HtmlReport.ROWS_SHOWN);
        assertThat(count(timeline, "<details")).isEqualTo(count(timeline, "</details>"));
        assertThat(count(timeline, "<table")).isEqualTo(count(timeline, "</table>"));
        assertThat(rowHeads(html).getLast()).as("the one history without a change comes last").contains("c-0000");
    }

    @Test
    void clustersWithTheSameEventsShareARow_itsMarksLinkTheFirstMembersMessages() throws Exception {
        List<SimulationReport.Cluster> first = new ArrayList<>();
        List<SimulationReport.Cluster> second = new ArrayList<>();
        List<JsonNode> messages = new ArrayList<>();
        List<String> times = new ArrayList<>();
        for (int c = 0; c < 500; c++) {
            String name = String.format("team-%04d", c);
            first.add(record(name, "STARTED", "i-" + c));
            second.add(record(name, "UP_TO_DATE"));
            messages.add(slack(name, "ECS agent update started", "agent 1.86.3 on i-" + c));
            times.add(T0.plusSeconds(10).toString());
        }
        for (int c = 500; c < 1000; c++) {
            String name = String.format("team-%04d", c);
            first.add(record(name, "BLOCKED"));
            second.add(record(name, "BLOCKED"));
            // As many disconnected as failed: alerts of another kind, another row.
            messages.add(c % 2 == 0 ? slack(name, "ECS agent update failed, cluster not updated", "1 agent update(s) FAILED")
                    : slack(name, "ECS agents disconnected, cluster not updated", "1 agent(s) still disconnected"));
            times.add(T0.plusSeconds(20).toString());
        }
        SimulationReport report = new SimulationReport(List.of(
                run(1, agents(1000, 0, 0, 0), first.toArray(SimulationReport.Cluster[]::new)),
                run(2, agents(1000, 500, 0, 0), second.toArray(SimulationReport.Cluster[]::new))),
                messages, FLEET, times);

        String html = HtmlReport.render(report, "big");

        List<String> rows = rowHeads(html);
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).contains("500 clusters: team-0000, team-0001, team-0002, …");
        assertThat(rows).anySatisfy(r -> assertThat(r).contains("250 clusters: team-0500, team-0502, team-0504, …"))
                .anySatisfy(r -> assertThat(r).contains("250 clusters: team-0501, team-0503, team-0505, …"));
        assertThat(html).contains("<a href=\"#m0\" class=\"mark\" data-kind=\"UPDATE\">")
                .contains("<a href=\"#m500\" class=\"mark\" data-kind=\"ALERT\">")
                .contains("<a href=\"#m501\" class=\"mark\" data-kind=\"ALERT\">")
                .contains("the same for the row's 499 other clusters")
                .contains("the same for the row's 249 other clusters");
        assertThat(html).contains("<summary>Messages 201–400 of 1000</summary>")
                .contains("<summary>Messages 801–1000 of 1000</summary>");
    }

    @Test
    void messagesAreReadForTheirKindRunAndCluster_remindersAndResolutionsTold() throws Exception {
        List<JsonNode> messages = List.of(
                slack("batch", "ECS agents disconnected, cluster not updated", "1 agent(s) still disconnected"),
                slack("batch", "ECS agents disconnected, cluster not updated", "Still open since 2026-01-05T09:00 (24 h, 25 runs): x"),
                slack("batch", "Resolved", "agents disconnected since 2026-01-05T09:00 cleared after 25 h"),
                slack("web", "Instance replacement started: draining", "i-1 drained"),
                slack("web", "Instance replaced", "i-1 replaced by i-2"),
                JSON.valueToTree(Map.of("text", "ecstatic daily digest (123456789012 · us-east-1): 2 clusters")));
        List<String> times = List.of(T0.plusSeconds(20).toString(), T0.plus(Duration.ofHours(1)).plusSeconds(20).toString(),
                T0.plus(Duration.ofHours(2)).plusSeconds(20).toString(), T0.plusSeconds(50).toString(),
                T0.plus(Duration.ofHours(1)).plusSeconds(70).toString(), T0.plusSeconds(99).toString());
        SimulationReport report = new SimulationReport(List.of(
                run(1, Map.of(), record("batch", "BLOCKED"), record("web", "REPLACEMENT_STARTED")),
                run(2, Map.of(), record("batch", "BLOCKED"), record("web", "REPLACED")),
                run(3, Map.of(), record("batch", "UP_TO_DATE"), record("web", "UP_TO_DATE"))), messages, FLEET, times);

        List<HtmlReport.Message> read = HtmlReport.messages(report);

        assertThat(read).extracting(HtmlReport.Message::kind).containsExactly("AGENTS_DISCONNECTED",
                "AGENTS_DISCONNECTED", "RESOLVED", "REPLACEMENT_STARTED", "REPLACED", "DIGEST");
        assertThat(read).extracting(HtmlReport.Message::mark).containsExactly(HtmlReport.MarkKind.ALERT,
                HtmlReport.MarkKind.REMINDER, HtmlReport.MarkKind.RESOLUTION, HtmlReport.MarkKind.REPLACEMENT,
                HtmlReport.MarkKind.REPLACEMENT, HtmlReport.MarkKind.OTHER);
        assertThat(read).extracting(HtmlReport.Message::run).containsExactly(1, 2, 3, 1, 2, 1);
        assertThat(read).extracting(HtmlReport.Message::cluster).containsExactly("batch", "batch", "batch", "web", "web",
                null);
        List<HtmlReport.Row> rows = HtmlReport.rows(report.runs(), read);
        HtmlReport.History batch = rows.stream().map(HtmlReport.Row::first).filter(h -> h.name().equals("batch"))
                .findFirst().orElseThrow();
        assertThat(batch.marks()).extracting(HtmlReport.Mark::run, HtmlReport.Mark::kind, HtmlReport.Mark::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, HtmlReport.MarkKind.ALERT, 0),
                        org.assertj.core.groups.Tuple.tuple(2, HtmlReport.MarkKind.REMINDER, 1),
                        org.assertj.core.groups.Tuple.tuple(3, HtmlReport.MarkKind.RESOLUTION, 2));
        String html = HtmlReport.render(report, "demo");
        assertThat(html).contains("<tr id=\"m5\">").contains("DIGEST").contains("<a href=\"#m2\" class=\"mark\" data-kind=\"RESOLUTION\">");
    }

    @Test
    void aFewClustersWithTheSameEvents_keepARowEach_quietOnesShare() throws Exception {
        SimulationReport report = new SimulationReport(List.of(run(1, Map.of(), record("batch", "BLOCKED"),
                record("search", "BLOCKED"), record("api", "UP_TO_DATE"), record("web", "UP_TO_DATE"))),
                List.of(slack("batch", "ECS agents disconnected, cluster not updated", "x"),
                        slack("search", "ECS agents disconnected, cluster not updated", "x")),
                FLEET, List.of(T0.plusSeconds(5).toString(), T0.plusSeconds(5).toString()));

        List<String> rows = rowHeads(HtmlReport.render(report, "demo"));

        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).contains("batch");
        assertThat(rows.get(1)).contains("search");
        assertThat(rows.get(2)).contains("2 clusters: api, web");
    }

    @Test
    void messagesWithoutTimes_areListedButMarkNoRun() throws Exception {
        SimulationReport report = new SimulationReport(List.of(run(1, Map.of(), record("batch", "BLOCKED"))),
                List.of(slack("batch", "ECS agents disconnected, cluster not updated", "x")), FLEET);

        String html = HtmlReport.render(report, "demo");

        assertThat(html).contains("<tr id=\"m0\">").doesNotContain("href=\"#m0\"");
    }

    /** The attributes of each {@code <tag class="cls" …>} in the page. */
    static List<Map<String, String>> elements(String html, String tag, String cls) {
        List<Map<String, String>> out = new ArrayList<>();
        Matcher m = Pattern.compile("<" + tag + " class=\"" + cls + "\"([^>]*)>").matcher(html);
        while (m.find()) {
            Map<String, String> attributes = new LinkedHashMap<>();
            Matcher a = Pattern.compile("([\\w-]+)=\"([^\"]*)\"").matcher(m.group(1));
            while (a.find()) {
                attributes.put(a.group(1), a.group(2));
            }
            out.add(attributes);
        }
        return out;
    }

    static List<String> rowHeads(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<tr id=\"r\\d+\"[^>]*><th>(.*?)</th>", Pattern.DOTALL).matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }
}
