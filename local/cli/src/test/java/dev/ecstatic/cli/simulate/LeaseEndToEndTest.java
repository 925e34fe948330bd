package dev.ecstatic.cli.simulate;

import static dev.ecstatic.cli.simulate.Fleets.cluster;
import static dev.ecstatic.cli.simulate.Fleets.instances;
import static dev.ecstatic.cli.simulate.Fleets.quiet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ecstatic.asl.Execution;
import dev.ecstatic.asl.HistoryEvent;
import dev.ecstatic.cli.simulate.SimulationReport.Cluster;
import dev.ecstatic.simulator.AwsSimulator.UpdateStarted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's lease, end to end: executions started at the same instant (two schedules, or a replay
 * racing the schedule) over the real state machine and handlers. Checked against the simulator's own
 * record of the agent updates it accepted: each one falls inside the lease of exactly one execution of
 * its cluster, and no two executions ever hold one cluster's lease at the same time.
 */
class LeaseEndToEndTest {

    /** One child execution (one cluster's branch): its cluster and, if it took the lease, when it held it. */
    record Branch(String execution, String cluster, boolean held, Instant from, Instant to, String outcome) {
        boolean covers(Instant t) {
            return held && !t.isBefore(from) && !t.isAfter(to);
        }

        boolean overlaps(Branch other) {
            return held && other.held && from.isBefore(other.to) && other.from.isBefore(to);
        }
    }

    static Branch branch(Execution child) {
        List<HistoryEvent> events = child.history();
        String input = events.getFirst().detail("input");
        String cluster = input.replaceAll("(?s)^.*?\"cluster\":\\{\"name\":\"([^\"]+)\".*$", "$1");
        boolean held = events.stream().anyMatch(e -> e.type().equals("TaskStateEntered")
                && "List instances".equals(e.detail("name")));
        // The lease is taken by the branch's first service task to succeed ("Take the lease"); it is given
        // back by its last at the latest, so the execution's end bounds it from above.
        Instant from = events.stream().filter(e -> e.type().equals("TaskSucceeded")).map(HistoryEvent::timestamp)
                .findFirst().orElse(null);
        Instant to = events.getLast().timestamp();
        String output = child.output() == null ? "" : child.output();
        String outcome = output.replaceAll("(?s)^.*\"outcome\":\"([A-Z_]+)\".*$", "$1");
        return new Branch(child.arn(), cluster, held, from, to, outcome);
    }

    @Test
    void executionsStartedTogether_neverActOnOneClusterAtOnce_andEveryUpdateIsTheLeaseHolders() throws Exception {
        // Rechecks of a disconnect keep a branch (and its lease) for DisconnectRecheckSeconds; outdated
        // agents make every branch that holds the lease call UpdateContainerAgent.
        String fleet = quiet(
                cluster("web", instances(3, EndToEndTest.OLD)),
                cluster("batch", instances(2, EndToEndTest.OLD), instances(1, EndToEndTest.OLD,
                        "\"connected\": false, \"reconnectAfterSeconds\": 30")),
                cluster("api", instances(2, EndToEndTest.OLD)));
        try (Simulation sim = Fleets.start(fleet)) {
            List<Simulation.Outcome> outcomes = sim.runTogether(3, "{}");

            List<Branch> branches = outcomes.stream().flatMap(o -> o.execution().children().stream())
                    .map(LeaseEndToEndTest::branch).toList();
            Map<String, List<Branch>> byCluster = branches.stream().collect(Collectors.groupingBy(Branch::cluster));
            assertThat(byCluster.keySet()).containsExactlyInAnyOrder("web", "batch", "api");
            for (var entry : byCluster.entrySet()) {
                List<Branch> held = entry.getValue().stream().filter(Branch::held).toList();
                for (int i = 0; i < held.size(); i++) {
                    for (int j = i + 1; j < held.size(); j++) {
                        assertThat(held.get(i).overlaps(held.get(j))).as("%s: %s and %s held the lease at once",
                                entry.getKey(), held.get(i), held.get(j)).isFalse();
                    }
                }
                entry.getValue().stream().filter(b -> !b.held()).forEach(b ->
                        assertThat(b.outcome()).as(b + " did not take the lease").isEqualTo("SKIPPED"));
            }

            List<UpdateStarted> updates = sim.updatesStarted();
            assertThat(updates).as("every cluster was outdated: someone updated each").extracting(UpdateStarted::cluster)
                    .contains("web", "api");
            for (UpdateStarted u : updates) {
                List<Branch> holders = byCluster.get(u.cluster()).stream().filter(b -> b.covers(u.time())).toList();
                assertThat(holders).as("the lease holder(s) of %s when %s was updated at %s", u.cluster(),
                        u.containerInstanceArn(), u.time()).hasSize(1);
            }
            List<String> skipped = new ArrayList<>();
            outcomes.forEach(o -> o.run().clusters().stream().filter(c -> c.outcome().equals("SKIPPED"))
                    .map(Cluster::cluster).forEach(skipped::add));
            assertThat(skipped).as("three executions at one instant: the lease turned some away").isNotEmpty();
            assertThat(outcomes).allSatisfy(o -> assertThat(o.run().status()).isEqualTo("SUCCEEDED"));
        }
    }
}
