package dev.ecstatic.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecstatic.cli.Home;
import dev.ecstatic.simulator.Fleet;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: a target that fails stops no other, and each failed target counts one in the records and the
 * run's totals, through the real state machine (the Notify states' {@code failures}, Conclude's record).
 */
class NotificationTargetFaultsTest {

    private static final String FLEET = """
            { "latestAgentVersion": "1.89.0", "faults": { "throttle": false, "snsErrorRate": 1.0 },
              "topics": ["alerts"], "eventBuses": ["ops"],
              "clusters": [
                { "name": "prod-web", "instances": [ { "count": 2, "agentVersion": "1.86.3" } ] },
                { "name": "batch", "instances": [ { "count": 1, "agentVersion": "1.86.3", "connected": false },
                                                  { "count": 1, "agentVersion": "1.86.3" } ] } ] }
            """;

    @Test
    void snsDown_everyNotificationStillReachesTheWebhookAndTheBus_andEachCountsOneFailure() throws Exception {
        try (Simulation sim = Simulation.builder(Home.find(), Fleet.parse(FLEET, "fleet"))
                .parameters(Map.of("DigestHourUtc", "")).start()) {
            Simulation.Outcome outcome = sim.run("{}");

            assertThat(outcome.run().status()).isEqualTo("SUCCEEDED");
            int notifications = sim.messages().size();
            assertThat(notifications).as("UPDATE_STARTED for prod-web, AGENTS_DISCONNECTED for batch").isEqualTo(2);
            assertThat(sim.snsMessages()).as("SNS answered 500 to every attempt").isEmpty();
            assertThat(sim.events()).hasSize(notifications);
            assertThat(sim.events()).extracting(SimulationReport.Event::detailType)
                    .containsExactlyInAnyOrder("UPDATE_STARTED", "AGENTS_DISCONNECTED");
            assertThat(outcome.run().notificationsFailed()).as("one failed target per notification")
                    .isEqualTo(notifications);
            assertThat(outcome.run().clusters()).extracting(SimulationReport.Cluster::cluster,
                    SimulationReport.Cluster::notificationsFailed)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("prod-web", 1),
                            org.assertj.core.groups.Tuple.tuple("batch", 1));
        }
    }
}
