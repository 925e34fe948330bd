package dev.ecstatic.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The records of a run come from the report object its output names, one record a line. */
class ReportObjectTest {

    static final String OUTPUT = "{\"totals\": {\"clusters\": 2, \"excluded\": 0, \"notificationsFailed\": 1, \"STARTED\": 1,"
            + " \"ERROR\": 1}, \"report\": {\"bucket\": \"runs-b\", \"key\": \"runs/r1/report.jsonl\", \"records\": 2}}";

    @Test
    void theRecordsAreTheReportsLines_inTheirOrder() {
        String report = """
                {"cluster":"prod-web","outcome":"STARTED","instances":["i-1"],"detail":"1 update(s) started","notificationsFailed":1,"amis":{"BEHIND_ASG":2}}

                {"cluster":"payments","outcome":"ERROR","instances":[],"detail":"child execution failed: States.Runtime"}
                """;
        SimulationReport.ReportObjects objects = (bucket, key) -> {
            assertThat(bucket).isEqualTo("runs-b");
            assertThat(key).isEqualTo("runs/r1/report.jsonl");
            return report.getBytes(StandardCharsets.UTF_8);
        };

        List<SimulationReport.Cluster> records = SimulationReport.Cluster.of(OUTPUT, objects);

        assertThat(records).containsExactly(
                new SimulationReport.Cluster("prod-web", "STARTED", List.of("i-1"), "1 update(s) started", 1,
                        Map.of("BEHIND_ASG", 2L)),
                new SimulationReport.Cluster("payments", "ERROR", List.of(), "child execution failed: States.Runtime"));
        assertThat(SimulationReport.totals(OUTPUT)).containsExactly(Map.entry("clusters", 2L), Map.entry("excluded", 0L),
                Map.entry("notificationsFailed", 1L), Map.entry("STARTED", 1L), Map.entry("ERROR", 1L));
    }

    @Test
    void anOutputWithItsRecordsInline_isReadAsBefore_withoutReadingS3() {
        String inline = "{\"totals\": {\"clusters\": 1}, \"clusters\": [{\"cluster\": \"a\", \"outcome\": \"UP_TO_DATE\","
                + " \"instances\": [], \"detail\": \"all current\"}]}";

        List<SimulationReport.Cluster> records = SimulationReport.Cluster.of(inline, (bucket, key) -> {
            throw new AssertionError("no object to read");
        });

        assertThat(records).extracting(SimulationReport.Cluster::cluster).containsExactly("a");
    }

    @Test
    void aFailedRunWithoutOutput_hasNoRecords() {
        assertThat(SimulationReport.Cluster.of(null, (bucket, key) -> {
            throw new AssertionError("no object to read");
        })).isEmpty();
    }

    @Test
    void aLineThatIsNotJson_isAnErrorNamingTheObjectAndTheLine() {
        assertThatThrownBy(() -> SimulationReport.Cluster.of(OUTPUT, (bucket, key) -> "{\"cluster\": \"a\"}\nnot json\n"
                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("s3://runs-b/runs/r1/report.jsonl holds a line that is not JSON: not json");
    }
}
