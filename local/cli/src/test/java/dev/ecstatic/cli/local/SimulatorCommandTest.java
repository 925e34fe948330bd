package dev.ecstatic.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecstatic.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;

/** {@code ecstatic simulator}: the lines it prints for the AWS CLI, and its errors. */
class SimulatorCommandTest {

    private final StringWriter err = new StringWriter();

    /** Output that tells when the command has printed its last start-up line. */
    private static final class Output extends StringWriter {
        final CountDownLatch started = new CountDownLatch(1);

        @Override
        public void flush() {
            if (toString().contains("Ctrl-C stops it.")) {
                started.countDown();
            }
        }
    }

    @Test
    void onStart_printsTheExportLineWithTheFleetRegion_andTheCommandForItsEndpoint() throws Exception {
        Output out = new Output();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread command = Thread.ofPlatform().start(() -> exit.set(cli(out).execute("simulator", "--port", "0")));
        try {
            assertThat(out.started.await(60, TimeUnit.SECONDS)).as("started; stderr: %s", err).isTrue();
            String[] lines = out.toString().split("\n");
            assertThat(lines[0]).matches("AWS simulator \\(ECS, SSM, DynamoDB, S3\\) listening on http://127\\.0\\.0\\.1:\\d+ \\(\\d+ clusters, "
                    + "\\d+ instances, region us-east-1\\)\\. In another shell:");
            String endpoint = lines[0].replaceAll(".* on (\\S+) .*", "$1");
            assertThat(lines[1]).isEqualTo("export AWS_ACCESS_KEY_ID=ecstatic AWS_SECRET_ACCESS_KEY=simulator "
                    + "AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1");
            assertThat(lines[2]).isEqualTo("aws --endpoint-url " + endpoint + " ecs list-clusters");
            assertThat(lines[3]).isEqualTo("Ctrl-C stops it.");
            int clusters = Integer.parseInt(lines[0].replaceAll(".*\\((\\d+) clusters.*", "$1"));
            assertThat(clustersListed(endpoint)).isEqualTo(clusters).isPositive();
        } finally {
            command.interrupt();
            command.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(command.isAlive()).isFalse();
        assertThat(exit.get()).isZero();
    }

    @Test
    void aPortOutOfRange_isNamedAsWritten_beforeAnythingStarts() {
        int code = cli(new StringWriter()).execute("simulator", "--port", "99999999999");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("ecstatic simulator: --port 99999999999 is out of range (0–65535)");
    }

    @Test
    void aFleetNumberOutOfRange_isOneLineNamingTheFileThePathAndTheValue(@TempDir Path dir) throws Exception {
        Path fleet = dir.resolve("fleet.json");
        Files.writeString(fleet, "{\"latestAgentVersion\": \"1.89.0\", \"clusters\": [{\"name\": \"a\", \"instances\": "
                + "[{\"count\": 4294967298, \"agentVersion\": \"1.86.3\"}]}]}");

        int code = cli(new StringWriter()).execute("simulator", "--fleet", fleet.toString(), "--port", "0");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("ecstatic simulator: " + fleet
                + ": $.clusters[0].instances[0].count: 4294967298 is out of range (0–5000)\n");
    }

    @Test
    void help_namesEveryServiceTheSimulatorServes() {
        StringWriter out = new StringWriter();
        assertThat(cli(out).execute("simulator", "--help")).isZero();
        assertThat(out.toString()).contains("Run the AWS simulator (ECS, SSM public parameters, DynamoDB, S3) alone");
    }

    private CommandLine cli(StringWriter out) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli;
    }

    /** The clusters the endpoint lists, through the SDK as a reader's program would. */
    private static int clustersListed(String endpoint) {
        try (EcsClient ecs = EcsClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("ecstatic", "simulator")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build()) {
            return ecs.listClustersPaginator().clusterArns().stream().toList().size();
        }
    }
}
