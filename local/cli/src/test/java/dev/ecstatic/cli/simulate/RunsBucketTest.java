package dev.ecstatic.cli.simulate;

import static dev.ecstatic.cli.simulate.Fleets.cluster;
import static dev.ecstatic.cli.simulate.Fleets.instances;
import static dev.ecstatic.cli.simulate.Fleets.quiet;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The parent state machine over the runs bucket: List clusters writes the clusters, the Map reads them
 * (ItemReader) and writes its results (ResultWriter), Summarize the results writes the report; the
 * execution output holds the totals and the report's key, and no payload grows with the clusters.
 */
class RunsBucketTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String BUCKET = "ecstatic-runsbucket";

    private static List<JsonNode> lines(S3Client s3, String key) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asUtf8String().split("\n")) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    @Test
    void theOutputHoldsTheTotalsAndTheReportsKey_andTheRunsObjectsHoldTheClustersResultsAndRecords() throws Exception {
        String fleet = quiet(cluster("prod-web", instances(2, "1.86.3")), cluster("prod-api", instances(2, Fleets.LATEST)),
                cluster("batch", instances(1, Fleets.LATEST)));
        try (Simulation sim = Fleets.start(fleet);
             S3Client s3 = StackBuckets.client(sim.endpoint(), "us-east-1")) {
            Simulation.Outcome outcome = sim.run("{}");

            assertThat(outcome.run().status()).as(outcome.run().cause()).isEqualTo("SUCCEEDED");
            JsonNode output = JSON.readTree(outcome.execution().output());
            assertThat(output.fieldNames()).toIterable().containsExactly("totals", "report");
            assertThat(output.path("totals").toString())
                    .isEqualTo("{\"clusters\":3,\"excluded\":0,\"notificationsFailed\":0,\"STARTED\":1,\"UP_TO_DATE\":2}");
            assertThat(output.path("report").toString()).isEqualTo("{\"bucket\":\"" + BUCKET
                    + "\",\"key\":\"runs/simulated-run-1/report.jsonl\",\"records\":3}");

            assertThat(lines(s3, "runs/simulated-run-1/clusters.jsonl")).extracting(c -> c.path("name").asText())
                    .containsExactly("prod-web", "prod-api", "batch");
            assertThat(lines(s3, "runs/simulated-run-1/report.jsonl")).extracting(r -> r.path("cluster").asText())
                    .containsExactlyInAnyOrder("prod-web", "prod-api", "batch");
            assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("runs/simulated-run-1/results/")).contents())
                    .extracting(o -> o.key().replaceFirst("results/[^/]+/", "results/<map run>/"))
                    .contains("runs/simulated-run-1/results/<map run>/manifest.json",
                            "runs/simulated-run-1/results/<map run>/SUCCEEDED_0.json");
            assertThat(outcome.run().clusters()).extracting(SimulationReport.Cluster::cluster)
                    .containsExactlyInAnyOrder("prod-web", "prod-api", "batch");
        }
    }

    @Test
    void anAccountWithoutClusters_succeedsWithTotalsOfZeroAndAnEmptyReport() throws Exception {
        try (Simulation sim = Fleets.start(quiet());
             S3Client s3 = StackBuckets.client(sim.endpoint(), "us-east-1")) {
            Simulation.Outcome outcome = sim.run("{}");

            assertThat(outcome.run().status()).as(outcome.run().cause()).isEqualTo("SUCCEEDED");
            assertThat(outcome.run().totals()).containsExactly(java.util.Map.entry("clusters", 0L),
                    java.util.Map.entry("excluded", 0L), java.util.Map.entry("notificationsFailed", 0L));
            assertThat(outcome.run().clusters()).isEmpty();
            assertThat(lines(s3, "runs/simulated-run-1/clusters.jsonl")).isEmpty();
            // No Map run over an empty object (what AWS does with one is not documented), no Summarize.
            assertThat(EndToEndTest.statesEntered(outcome.execution())).contains("Any cluster?")
                    .doesNotContain("For each cluster", "Summarize the results");
        }
    }

    @Test
    void aRunWhoseResultsCannotBeSummarized_isAlertedOnce_andFails() throws Exception {
        String fleet = quiet(cluster("prod-web", instances(2, Fleets.LATEST)));
        java.util.function.UnaryOperator<dev.ecstatic.asl.TaskInvoker> broken = real -> request -> {
            if ("Summarize the results".equals(request.stateName())) {
                throw new dev.ecstatic.asl.TaskFailedException("S3.S3Exception", "Access Denied (Service: S3, Status Code: 403)");
            }
            return real.invoke(request);
        };
        try (Simulation sim = Fleets.start(fleet, broken)) {
            Simulation.Outcome outcome = sim.run("{}");

            assertThat(outcome.run().status()).isEqualTo("FAILED");
            assertThat(outcome.run().error()).isEqualTo("ecstatic.RunNotSummarized");
            assertThat(outcome.run().cause()).startsWith("S3.S3Exception: Access Denied");
            assertThat(sim.messages()).filteredOn(m -> m.path("text").asText().startsWith("(this run)"))
                    .singleElement().satisfies(m -> assertThat(m.path("text").asText())
                            .contains("The run could not be summarized: S3.S3Exception"));
        }
    }

    @Test
    void theLargestPayloadDoesNotGrowWithTheNumberOfClusters() throws Exception {
        long[] largest = new long[2];
        int[] sizes = {5, 300};
        for (int i = 0; i < sizes.length; i++) {
            try (Simulation sim = Fleets.start(quiet(Fleets.many("c", sizes[i], instances(1, Fleets.LATEST))))) {
                Simulation.Outcome outcome = sim.run("{}");
                assertThat(outcome.run().status()).isEqualTo("SUCCEEDED");
                assertThat(outcome.run().clusters()).hasSize(sizes[i]);
                largest[i] = outcome.run().stats().maxPayloadBytes();
            }
        }
        // Only the digits of the longer cluster names and counts differ.
        assertThat(largest[1]).isBetween(largest[0], largest[0] + 32);
    }
}
