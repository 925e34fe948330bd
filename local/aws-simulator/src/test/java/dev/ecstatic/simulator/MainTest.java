package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;

/** {@code Main --fleet F --port P} in its own JVM, as {@code ecstatic simulator} runs it. */
class MainTest {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final Duration LINE = Duration.ofSeconds(60);

    @Test
    void main_printsTheEndpoint_thenTheLinesToPasteForTheAwsCli_andServesTheFleet(@TempDir Path dir) throws Exception {
        Path fleet = dir.resolve("fleet.json");
        Files.writeString(fleet, Sim.resource("test-fleet.json"));
        Process p = new ProcessBuilder(JAVA, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--fleet", fleet.toString(), "--port", "0")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            Processes.Lines out = new Processes.Lines(p.getInputStream());
            String first = out.next(LINE);
            assertThat(first).matches("http://127\\.0\\.0\\.1:\\d+");
            assertThat(out.next(LINE)).isEqualTo("export AWS_ACCESS_KEY_ID=ecstatic AWS_SECRET_ACCESS_KEY=simulator "
                    + "AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1");
            assertThat(out.next(LINE)).isEqualTo("aws --endpoint-url " + first + " ecs list-clusters");
            try (EcsClient ecs = EcsClient.builder()
                    .endpointOverride(URI.create(first))
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .build()) {
                assertThat(ecs.listClusters().clusterArns()).hasSize(5);
            }
        } finally {
            p.destroy();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void main_withABadFleet_exits2NamingTheProblem(@TempDir Path dir) throws Exception {
        Path fleet = dir.resolve("bad.json");
        Files.writeString(fleet, "{\"latestAgentVersion\":\"1.89.0\",\"clusters\":[{\"name\":\"a\"},{\"name\":\"a\"}]}");
        Processes.Result r = Processes.run(new ProcessBuilder(List.of(JAVA, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--fleet", fleet.toString())), Duration.ofSeconds(60));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.stderr()).contains(fleet + ": $.clusters[1].name: duplicate cluster name \"a\"");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "99999999999 | error: --port 99999999999 is out of range (0–65535)",
            "65536       | error: --port 65536 is out of range (0–65535)",
            "-1          | error: --port -1 is out of range (0–65535)",
            "http        | error: --port must be a number, was http"})
    void main_withAPortOutOfRange_exits2NamingItAsWritten(String port, String error, @TempDir Path dir) throws Exception {
        Path fleet = dir.resolve("fleet.json");
        Files.writeString(fleet, Sim.resource("test-fleet.json"));
        Processes.Result r = Processes.run(new ProcessBuilder(List.of(JAVA, "-Dstderr.encoding=UTF-8", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "--fleet", fleet.toString(), "--port", port)),
                Duration.ofSeconds(60));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.stderr()).startsWith(error + "\n");
    }
}
