package dev.ecstatic.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecstatic.cli.Main;
import dev.ecstatic.simulator.Fleet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The demo fleet's {@code search} cluster: a disconnected agent that comes back after about four hours. */
class DemoFleetTest {

    @Test
    void search_hasOneDisconnectedAgentThatReconnectsJustBeforeTheFifthHourlyRun() throws Exception {
        Fleet.ClusterSpec search = SimulateCommand.demoFleet().clusters().stream()
                .filter(c -> c.name().equals("search")).findFirst().orElseThrow();

        assertThat(search.instances()).extracting(Fleet.InstanceSpec::count).containsExactly(2, 1);
        assertThat(search.instances().get(1).connected()).isFalse();
        assertThat(search.instances().get(1).reconnectAfterSeconds()).isBetween(3 * 3600L + 60, 4 * 3600L - 60);
        assertThat(search.instances()).extracting(Fleet.InstanceSpec::os, Fleet.InstanceSpec::arch)
                .containsOnly(org.assertj.core.groups.Tuple.tuple("linux", "x86_64"));
    }

    @Test
    void search_isBlockedForFourHourlyRuns_thenUpdatedAgain() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));

        int code = cli.execute("simulate", "--cluster", "search", "--runs", "6", "--json");

        assertThat(code).as(err.toString()).isZero();
        List<String> outcomes = new ArrayList<>();
        for (JsonNode run : new ObjectMapper().readTree(out.toString()).path("runs")) {
            outcomes.add(run.path("clusters").path(0).path("outcome").asText());
        }
        assertThat(outcomes.subList(0, 4)).containsOnly("BLOCKED");
        assertThat(outcomes.subList(4, 6)).doesNotContain("BLOCKED", "ERROR");
    }
}
