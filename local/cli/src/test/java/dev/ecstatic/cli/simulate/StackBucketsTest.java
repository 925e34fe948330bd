package dev.ecstatic.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecstatic.cli.wiring.TemplateWiring.BucketSpec;
import dev.ecstatic.simulator.AwsSimulator;
import dev.ecstatic.simulator.Fleet;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** The template's buckets in the simulator, as CloudFormation creates them before a run. */
class StackBucketsTest {

    static final BucketSpec RUNS = new BucketSpec("RunsBucket", "ecstatic-runsbucket", "arn:aws:s3:::ecstatic-runsbucket");

    private static Fleet fleet(String region) {
        return Fleet.parse("{\"region\": \"" + region + "\", \"latestAgentVersion\": \"1.0.0\", \"clusters\": []}", "no fleet");
    }

    @Test
    void aMissingBucket_isCreated() {
        try (AwsSimulator simulator = AwsSimulator.start(fleet("us-east-1"), 0, Clock.systemUTC());
             S3Client s3 = StackBuckets.client(simulator.endpoint(), "us-east-1")) {

            List<StackBuckets.Bucket> buckets = StackBuckets.create(s3, "us-east-1", List.of(RUNS));

            assertThat(buckets).containsExactly(new StackBuckets.Bucket("ecstatic-runsbucket", true));
            assertThat(simulator.s3().bucketExists("ecstatic-runsbucket")).isTrue();
        }
    }

    @Test
    void outsideUsEast1_theBucketIsCreatedInTheFleetsRegion() {
        try (AwsSimulator simulator = AwsSimulator.start(fleet("eu-west-1"), 0, Clock.systemUTC());
             S3Client s3 = StackBuckets.client(simulator.endpoint(), "eu-west-1")) {

            StackBuckets.create(s3, "eu-west-1", List.of(RUNS));

            assertThat(s3.getBucketLocation(b -> b.bucket("ecstatic-runsbucket")).locationConstraintAsString())
                    .isEqualTo("eu-west-1");
        }
    }

    @Test
    void aBucketKeptInTheStateDirectory_isFoundWithItsObjects(@TempDir Path state) {
        try (AwsSimulator simulator = AwsSimulator.start(fleet("us-east-1"), 0, Clock.systemUTC(), state);
             S3Client s3 = StackBuckets.client(simulator.endpoint(), "us-east-1")) {
            StackBuckets.create(s3, "us-east-1", List.of(RUNS));
            simulator.s3().putObject("ecstatic-runsbucket", "runs/r1/report.jsonl", "{}\n".getBytes(), "application/x-ndjson");
        }
        try (AwsSimulator simulator = AwsSimulator.start(fleet("us-east-1"), 0, Clock.systemUTC(), state);
             S3Client s3 = StackBuckets.client(simulator.endpoint(), "us-east-1")) {

            List<StackBuckets.Bucket> buckets = StackBuckets.create(s3, "us-east-1", List.of(RUNS));

            assertThat(buckets).containsExactly(new StackBuckets.Bucket("ecstatic-runsbucket", false));
            assertThat(simulator.s3().getObject("ecstatic-runsbucket", "runs/r1/report.jsonl")).isPresent();
        }
    }
}
