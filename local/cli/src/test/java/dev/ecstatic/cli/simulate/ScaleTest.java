package dev.ecstatic.cli.simulate;

import static dev.ecstatic.cli.simulate.Fleets.cluster;
import static dev.ecstatic.cli.simulate.Fleets.instances;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DESIGN §3's scale rules, asserted from the engine's and the simulator's figures. */
class ScaleTest {

    static final int KIB = 1024;

    @Test
    void fiveThousandInstanceClustersKeepEveryPayloadUnder32KiB() throws Exception {
        // Worst case for the inventory: forty agent versions, and every class full of examples.
        List<String> mixed = new ArrayList<>();
        for (int v = 0; v < 40; v++) {
            mixed.add(instances(100, "1." + (40 + v) + ".0"));
        }
        mixed.add(instances(200, "1.86.3", "\"connected\": false"));
        mixed.add(instances(200, "1.86.3", "\"updateStatus\": \"FAILED\""));
        mixed.add(instances(200, "1.86.3", "\"os\": \"windows\""));
        mixed.add(instances(200, "1.86.3", "\"status\": \"DRAINING\""));
        mixed.add(instances(100, "1.86.3", "\"tags\": { \"ecstatic:ignore\": \"true\" }"));
        mixed.add(instances(100, "1.86.3", "\"updateStatus\": \"STAGING\", \"stuckUpdate\": \"STAGING\""));
        String fleet = Fleets.quiet(cluster("huge-mixed", mixed.toArray(String[]::new)),
                cluster("huge-old", instances(5000, "1.80.0")));

        try (Simulation sim = Fleets.start(fleet)) {
            Simulation.Outcome outcome = sim.run("{}");

            assertThat(outcome.run().status()).isEqualTo("SUCCEEDED");
            assertThat(Fleets.byName(outcome.run()).get("huge-mixed").outcome()).isEqualTo("BLOCKED");
            assertThat(Fleets.byName(outcome.run()).get("huge-old").outcome()).isEqualTo("STARTED");
            assertThat(outcome.run().stats().maxPayloadBytes()).isLessThanOrEqualTo(32 * KIB);
            // ⌈5000/100⌉ List + Describe per listing: huge-mixed is listed twice (the disconnect recheck).
            assertThat(outcome.run().stats().ecsCalls())
                    .containsEntry("ListContainerInstances", 150L)
                    .containsEntry("DescribeContainerInstances", 150L)
                    .containsEntry("UpdateContainerAgent", 1L);
            assertRecordsWithin260Bytes(sim, outcome);
        }
    }

    @Test
    void thousandUpToDateClustersCostAtMostNineTransitionsAndOneUpdateCallEach() throws Exception {
        // Nine: Take the lease, List instances, Assess health, Decide, Renew the lease, Update one agent,
        // Did an update start?, Conclude, Remember (seven before the memory: Begin cluster and Done).
        int clusters = 1000;
        String fleet = Fleets.quiet(Fleets.many("c", clusters, instances(20, Fleets.LATEST, "\"amiId\": \"ami-0al2023new\"")));

        try (Simulation sim = Fleets.start(fleet)) {
            Simulation.Outcome outcome = sim.run("{}");

            assertThat(outcome.run().status()).isEqualTo("SUCCEEDED");
            assertThat(outcome.run().clusters()).hasSize(clusters).allSatisfy(c -> assertThat(c.outcome()).isEqualTo("UP_TO_DATE"));
            long perClusterTransitions = outcome.execution().children().stream()
                    .mapToLong(child -> child.stats().stateTransitions()).max().orElseThrow();
            assertThat(perClusterTransitions).isLessThanOrEqualTo(9);
            assertThat(outcome.run().stats().stateTransitions()).isLessThanOrEqualTo(9L * clusters + 6);
            // Four per cluster, and List clusters and Summarize the results once per run.
            assertThat(outcome.run().stats().lambdaInvocations()).isLessThanOrEqualTo(4L * clusters + 2);
            assertThat(outcome.run().stats().ecsCalls())
                    .containsEntry("UpdateContainerAgent", (long) clusters)
                    .containsEntry("ListContainerInstances", (long) clusters)
                    .containsEntry("DescribeContainerInstances", (long) clusters);
            assertThat(outcome.run().stats().maxPayloadBytes()).isLessThan(256 * KIB);
            assertRecordsWithin260Bytes(sim, outcome);
        }
    }

    @Test
    void aStuckUpdateWithADayToRunEndsWellBeforeTheHistoryLimitWithItsRecord() throws Exception {
        // 1,440 minutes of polls every 30 s would be 2,880 polls of 11 events: 31,680 events, past
        // AWS's 25,000. The branch stops entering its loops at its history budget instead.
        String fleet = Fleets.quiet(cluster("prod-web", instances(1, "1.85.0", "\"stuckUpdate\": \"STAGING\""),
                instances(1, "1.86.3")));
        try (Simulation sim = Fleets.start(fleet, java.util.Map.of("MaxRunMinutes", "1440"))) {
            Simulation.Outcome outcome = sim.run("{\"maxUpdatesPerCluster\": 2}");

            assertThat(outcome.run().status()).as(outcome.run().cause()).isEqualTo("SUCCEEDED");
            SimulationReport.Cluster web = Fleets.byName(outcome.run()).get("prod-web");
            assertThat(web.outcome()).isEqualTo("STARTED");
            assertThat(web.detail()).isEqualTo("1 update(s) started; history budget spent");
            var child = EndToEndTest.onlyChild(outcome);
            assertThat(child.status().name()).isEqualTo("SUCCEEDED");
            assertThat(child.history().size()).isLessThanOrEqualTo(20_000).isGreaterThan(19_000);
            assertThat(outcome.run().stats().ecsCalls()).containsEntry("UpdateContainerAgent", 1L);
        }
    }

    /** Every line of the run's report (the records as the children wrote them, account and region included) within 260 bytes. */
    private static void assertRecordsWithin260Bytes(Simulation sim, Simulation.Outcome outcome) throws Exception {
        ObjectMapper json = new ObjectMapper();
        var report = json.readTree(outcome.execution().output()).path("report");
        try (var s3 = StackBuckets.client(sim.endpoint(), "us-east-1")) {
            String lines = s3.getObjectAsBytes(b -> b.bucket(report.path("bucket").asText()).key(report.path("key").asText()))
                    .asUtf8String();
            assertThat(lines.lines()).hasSize(outcome.run().clusters().size()).allSatisfy(line ->
                    assertThat(line.getBytes(StandardCharsets.UTF_8).length).as(line).isLessThanOrEqualTo(260));
        }
    }
}
