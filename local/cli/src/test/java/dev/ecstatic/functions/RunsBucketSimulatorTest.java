package dev.ecstatic.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecstatic.functions.model.ListClustersRequest;
import dev.ecstatic.functions.model.ListClustersResponse;
import dev.ecstatic.functions.model.ObjectLocation;
import dev.ecstatic.functions.model.Run;
import dev.ecstatic.functions.model.RunItems;
import dev.ecstatic.functions.model.Settings;
import dev.ecstatic.functions.model.SummarizeRequest;
import dev.ecstatic.functions.model.SummarizeResponse;
import dev.ecstatic.simulator.AwsSimulator;
import dev.ecstatic.simulator.Fleet;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * List clusters and Summarize against the simulator's S3 (REST/XML, as the SDK speaks to S3): the run's
 * clusters written and read back, a Map's results (written as the engine's ResultWriter writes them)
 * summarized into the report, and S3's own errors.
 */
class RunsBucketSimulatorTest {
    static final String BUCKET = "ecstatic-runsbucket-local";
    static final String FLEET = """
            { "latestAgentVersion": "1.89.0", "faults": { "throttle": false },
              "clusters": [ { "name": "prod-web", "instances": [ { "count": 1, "agentVersion": "1.86.3" } ] },
                            { "name": "batch", "instances": [ { "count": 1, "agentVersion": "1.89.0" } ] } ] }
            """;

    private AwsSimulator sim;
    private S3Client s3;
    private EcsClient ecs;
    private SsmClient ssm;
    private final Context context = new Context();

    @BeforeEach
    void start() {
        sim = AwsSimulator.start(Fleet.parse(FLEET, "fleet.json"), 0, Clock.systemUTC());
        sim.s3().createBucket(BUCKET);
        Region region = Region.of(sim.fleet().region());
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret"));
        s3 = S3Client.builder().endpointOverride(sim.endpoint()).region(region).credentialsProvider(credentials)
                .forcePathStyle(true).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        ecs = EcsClient.builder().endpointOverride(sim.endpoint()).region(region).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        ssm = SsmClient.builder().endpointOverride(sim.endpoint()).region(region).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @AfterEach
    void stop() {
        s3.close();
        ecs.close();
        ssm.close();
        sim.close();
    }

    private ListClustersResponse listClusters(String bucket) {
        return new ListClustersHandler(new ListClustersConfig(new Settings(false, 1, 45, 30, 60), List.of(),
                Log.Level.INFO, bucket), ecs, ssm, s3).handleRequest(new ListClustersRequest(Map.of(), new Run("run-1")), context);
    }

    private String object(String key) {
        return new String(sim.s3().getObject(BUCKET, key).orElseThrow(), StandardCharsets.UTF_8);
    }

    @Test
    void listClusters_writesTheRunsClustersToS3_oneLineEach() {
        ListClustersResponse r = listClusters(BUCKET);

        assertThat(r.items()).isEqualTo(new RunItems(BUCKET, "runs/run-1/clusters.jsonl", 2));
        assertThat(r.clusters()).isEmpty();
        assertThat(object("runs/run-1/clusters.jsonl").lines().toList()).containsExactlyInAnyOrder(
                "{\"name\":\"prod-web\",\"arn\":\"arn:aws:ecs:" + sim.fleet().region() + ":" + sim.fleet().accountId()
                        + ":cluster/prod-web\"}",
                "{\"name\":\"batch\",\"arn\":\"arn:aws:ecs:" + sim.fleet().region() + ":" + sim.fleet().accountId()
                        + ":cluster/batch\"}");
        assertThat(sim.callsByAction()).containsEntry("PutObject", 1L);
    }

    @Test
    void aBucketThatDoesNotExist_isS3sNoSuchBucket_notRetried() {
        assertThatThrownBy(() -> listClusters("no-such-bucket")).isInstanceOf(S3Exception.class)
                .isNotInstanceOf(TransientAwsException.class)
                .satisfies(e -> assertThat(((S3Exception) e).awsErrorDetails().errorCode()).isEqualTo("NoSuchBucket"));
    }

    @Test
    void summarize_readsTheMapsResults_andWritesTheReportInTheClustersOrder() {
        listClusters(BUCKET);
        List<String> order = object("runs/run-1/clusters.jsonl").lines().toList();
        String first = order.get(0).replaceAll(".*\"name\":\"([^\"]+)\".*", "$1");
        String second = order.get(1).replaceAll(".*\"name\":\"([^\"]+)\".*", "$1");
        String results = "runs/run-1/results/0b1c/";
        put(results + "SUCCEEDED_0.json", "{\"cluster\":\"" + second
                + "\",\"outcome\":\"STARTED\",\"instances\":[\"i-0a\"],\"detail\":\"1.86.3 → update started\"}\n");
        put(results + "FAILED_0.json", "{\"Cause\":\"boom\",\"Error\":\"States.Runtime\",\"Input\":"
                + Json.write("{\"cluster\":" + order.get(0) + "}") + ",\"Status\":\"FAILED\"}\n");
        put(results + "manifest.json", "{\"DestinationBucket\":\"" + BUCKET + "\",\"MapRunArn\":\"arn:x\",\"ResultFiles\":{"
                + "\"FAILED\":[{\"Key\":\"" + results + "FAILED_0.json\",\"Size\":1}],\"PENDING\":[],"
                + "\"SUCCEEDED\":[{\"Key\":\"" + results + "SUCCEEDED_0.json\",\"Size\":1}]}}");

        SummarizeResponse r = new SummarizeHandler(new SummarizeHandler.SummarizeConfig(BUCKET, Log.Level.INFO), s3)
                .handleRequest(new SummarizeRequest(new ObjectLocation(BUCKET, results + "manifest.json"), "run-1", 0,
                        "2026-01-05T09:00:00Z"), context);

        assertThat(object("runs/run-1/report.jsonl").lines().toList()).containsExactly(
                "{\"cluster\":\"" + first + "\",\"account\":\"" + sim.fleet().accountId() + "\",\"region\":\"" + sim.fleet().region()
                        + "\",\"outcome\":\"ERROR\","
                        + "\"instances\":[],\"detail\":\"child execution failed: States.Runtime\"}",
                "{\"cluster\":\"" + second + "\",\"outcome\":\"STARTED\",\"instances\":[\"i-0a\"],\"detail\":\"1.86.3 → update started\"}");
        assertThat(r.totals()).containsEntry("clusters", 2).containsEntry("ERROR", 1).containsEntry("STARTED", 1);
        assertThat(r.failedCount()).isEqualTo(1);
        assertThat(r.failed().getFirst().cluster().name()).isEqualTo(first);
    }

    @Test
    void aResultFileTheManifestListsButS3DoesNotHold_isAClearError() {
        put("runs/run-1/results/0b1c/manifest.json",
                "{\"ResultFiles\":{\"SUCCEEDED\":[{\"Key\":\"runs/run-1/results/0b1c/SUCCEEDED_0.json\",\"Size\":1}]}}");

        assertThatThrownBy(() -> new SummarizeHandler(new SummarizeHandler.SummarizeConfig(BUCKET, Log.Level.INFO), s3)
                .handleRequest(new SummarizeRequest(new ObjectLocation(BUCKET, "runs/run-1/results/0b1c/manifest.json"),
                        "run-1", 0, null), context))
                .isInstanceOf(RunsBucket.MissingObjectException.class)
                .hasMessageContaining("runs/run-1/results/0b1c/SUCCEEDED_0.json is missing (NoSuchKey)");
    }

    private void put(String key, String text) {
        sim.s3().putObject(BUCKET, key, text.getBytes(StandardCharsets.UTF_8), "application/x-ndjson");
    }

    /** A Lambda context that drops the log. */
    static final class Context implements com.amazonaws.services.lambda.runtime.Context {
        private final com.amazonaws.services.lambda.runtime.LambdaLogger logger = new com.amazonaws.services.lambda.runtime.LambdaLogger() {
            @Override
            public void log(String message) {
            }

            @Override
            public void log(byte[] message) {
            }
        };

        @Override public String getAwsRequestId() { return "req"; }
        @Override public String getLogGroupName() { return "g"; }
        @Override public String getLogStreamName() { return "s"; }
        @Override public String getFunctionName() { return "f"; }
        @Override public String getFunctionVersion() { return "1"; }
        @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:123456789012:function:f"; }
        @Override public com.amazonaws.services.lambda.runtime.CognitoIdentity getIdentity() { return null; }
        @Override public com.amazonaws.services.lambda.runtime.ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return 900_000; }
        @Override public int getMemoryLimitInMB() { return 512; }
        @Override public com.amazonaws.services.lambda.runtime.LambdaLogger getLogger() { return logger; }
    }
}
