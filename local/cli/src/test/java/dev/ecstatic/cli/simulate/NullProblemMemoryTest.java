package dev.ecstatic.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecstatic.cli.Home;
import dev.ecstatic.simulator.Fleet;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * docs/memory.md: {@code problem} is "the open problem, or null". A memory item whose problem is null,
 * read by the real state machine in the engine, must not become an {@code openProblem} of absent fields
 * (Assess health would fail, and the cluster with it): the blocked clusters stay BLOCKED, not ERROR.
 */
class NullProblemMemoryTest {
    static final Path HOME = Home.find();
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TABLE = "ecstatic-MemoryTable";

    @Test
    void aMemoryWhoseProblemIsNull_leavesABlockedClusterBlocked() throws Exception {
        Fleet fleet = SimulateCommand.demoFleet();
        List<String> logged = Collections.synchronizedList(new ArrayList<>());
        try (Simulation simulation = Simulation.builder(HOME, fleet).logSink(logged::add).start()) {
            Instant started = simulation.now();
            SimulationReport.Run first = simulation.run("{}").run();
            List<String> blocked = outcome(first, "BLOCKED");
            assertThat(blocked).as("the demo's blocked clusters in run 1").isNotEmpty();

            int nulled = 0;
            try (DynamoDbClient dynamo = StackTables.client(simulation.endpoint(), fleet.region())) {
                for (Map<String, AttributeValue> item : StateDirectory.items(dynamo, TABLE)) {
                    if (item.get("memory") == null || item.get("memory").s() == null) {
                        continue;
                    }
                    ObjectNode memory = (ObjectNode) JSON.readTree(item.get("memory").s());
                    if (memory.hasNonNull("problem")) {
                        memory.putNull("problem");
                        Map<String, AttributeValue> changed = new HashMap<>(item);
                        changed.put("memory", AttributeValue.fromS(JSON.writeValueAsString(memory)));
                        dynamo.putItem(b -> b.tableName(TABLE).item(changed));
                        nulled++;
                    }
                }
            }
            assertThat(nulled).as("memory items with a problem, now null").isGreaterThanOrEqualTo(blocked.size());
            simulation.advance(Duration.between(simulation.now(), started.plus(simulation.scheduleInterval())));
            logged.clear();

            SimulationReport.Run second = simulation.run("{}").run();

            assertThat(second.clusters()).filteredOn(c -> blocked.contains(c.cluster()))
                    .extracting(c -> c.cluster() + " " + c.outcome())
                    .containsExactlyInAnyOrderElementsOf(blocked.stream().map(c -> c + " BLOCKED").toList());
            // The demo has a cluster in ERROR by design: no other becomes one.
            assertThat(outcome(second, "ERROR")).containsExactlyInAnyOrderElementsOf(outcome(first, "ERROR"));
            // No open problem was passed (problem is null): each block is new, 0 hours, and nothing was unreadable.
            assertThat(logged).filteredOn(l -> l.contains("\"BlockedForHours\":")).isNotEmpty()
                    .allMatch(l -> l.contains("\"BlockedForHours\":0.0"));
            assertThat(logged).noneMatch(l -> l.contains("blocked for hours not measured"));
        }
    }

    private static List<String> outcome(SimulationReport.Run run, String outcome) {
        return run.clusters().stream().filter(c -> c.outcome().equals(outcome)).map(SimulationReport.Cluster::cluster)
                .toList();
    }
}
