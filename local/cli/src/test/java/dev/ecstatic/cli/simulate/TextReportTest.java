package dev.ecstatic.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The text report's records: the account and region of each cluster when a run spans several targets. */
class TextReportTest {

    static SimulationReport.Cluster record(String name, String outcome, String account, String region) {
        return new SimulationReport.Cluster(name, outcome, List.of(), null, 0, Map.of(), account, region);
    }

    static String print(List<SimulationReport.Cluster> clusters) {
        StringWriter out = new StringWriter();
        try (PrintWriter writer = new PrintWriter(out)) {
            TextReport.printRecords(clusters, Map.of("clusters", (long) clusters.size()), writer);
        }
        return out.toString();
    }

    @Test
    void recordsOfSeveralTargetsEachSayTheirAccountAndRegion() {
        String text = print(List.of(record("web", "UP_TO_DATE", "111111111111", "us-east-1"),
                record("web", "STARTED", "222222222222", "eu-west-1"),
                record("(target)", "ERROR", "444444444444", "us-east-1")));

        assertThat(text.lines()).containsExactly(
                "  111111111111/us-east-1  web       UP_TO_DATE     ",
                "  222222222222/eu-west-1  web       STARTED        ",
                "  444444444444/us-east-1  (target)  ERROR          ");
    }

    @Test
    void recordsOfOneTarget_orWithoutOne_areAsBefore() {
        assertThat(print(List.of(record("web", "UP_TO_DATE", "111111111111", "us-east-1"),
                record("api", "STARTED", "111111111111", "us-east-1"))).lines())
                .containsExactly("  web  UP_TO_DATE     ", "  api  STARTED        ");
        assertThat(print(List.of(new SimulationReport.Cluster("web", "UP_TO_DATE", List.of(), null))))
                .doesNotContain("/").doesNotContain("null");
    }

    @Test
    void theJsonRecordHasAccountAndRegionOnlyWhenTheRecordDoes() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();

        assertThat(json.readTree(json.writeValueAsString(record("web", "STARTED", "222222222222", "eu-west-1"))))
                .isEqualTo(json.readTree("{\"cluster\":\"web\",\"outcome\":\"STARTED\",\"instances\":[],\"detail\":null,"
                        + "\"account\":\"222222222222\",\"region\":\"eu-west-1\"}"));
        assertThat(json.writeValueAsString(new SimulationReport.Cluster("web", "STARTED", List.of(), null)))
                .doesNotContain("account").doesNotContain("region");
    }

    @Test
    void aRecordsAccountAndRegionAreReadWhenPresent_andNullWhenAbsent() {
        List<SimulationReport.Cluster> records = SimulationReport.Cluster.of("""
                {"clusters": [
                  {"cluster": "web", "outcome": "STARTED", "account": "222222222222", "region": "eu-west-1"},
                  {"cluster": "api", "outcome": "UP_TO_DATE"},
                  {"cluster": "db", "outcome": "UP_TO_DATE", "account": null, "region": null}]}""");

        assertThat(records).extracting(SimulationReport.Cluster::target)
                .containsExactly("222222222222/eu-west-1", null, null);
    }

    private static com.fasterxml.jackson.databind.JsonNode record(String kind, String cluster) {
        var node = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("kind", kind);
        return cluster == null ? node : node.put("cluster", cluster);
    }

    @Test
    void eachTopicAndBus_isOneLine_countingItsNotificationsByKind() {
        String topic = "arn:aws:sns:us-east-1:123456789012:ecstatic-alerts";
        String bus = "arn:aws:events:us-east-1:123456789012:event-bus/ops";
        SimulationReport report = new SimulationReport(List.of(), List.of(), new SimulationReport.Fleet(Map.of(),
                Map.of(), Map.of()), List.of(),
                List.of(new SimulationReport.SnsMessage("t", topic, "s", Map.of(), record("UPDATE_STARTED", "a")),
                        new SimulationReport.SnsMessage("t", topic, "s", Map.of(), record("RESOLVED", "b")),
                        new SimulationReport.SnsMessage("t", topic, "s", Map.of(), record("UPDATE_STARTED", "c"))),
                List.of(new SimulationReport.Event("t", bus, "ecstatic", "DIGEST", record("DIGEST", null))));
        StringWriter out = new StringWriter();
        try (PrintWriter writer = new PrintWriter(out)) {
            TextReport.printTargets(report, writer);
        }

        assertThat(out.toString()).contains("SNS topic " + topic + ": 3 messages (UPDATE_STARTED 2, RESOLVED 1)\n",
                "EventBridge bus " + bus + ": 1 event (DIGEST 1)\n");
    }

    @Test
    void withoutTopicOrBus_nothingIsPrinted_andTheJsonHasEmptyArrays() throws Exception {
        SimulationReport report = new SimulationReport(List.of(), List.of(), new SimulationReport.Fleet(Map.of(),
                Map.of(), Map.of()));
        StringWriter out = new StringWriter();
        try (PrintWriter writer = new PrintWriter(out)) {
            TextReport.printTargets(report, writer);
        }

        assertThat(out.toString()).isEmpty();
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(report))
                .contains("\"sns\":[]", "\"events\":[]");
    }
}
