package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;

/** {@code Main --fleet F --port P} in its own JVM, as {@code ecstatic simulator} runs it. */
class MainTest {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @Test
    void main_printsTheEndpointAndServesTheFleet(@TempDir Path dir) throws Exception {
        Path fleet = dir.resolve("fleet.json");
        Files.writeString(fleet, Sim.resource("test-fleet.json"));
        Process p = new ProcessBuilder(JAVA, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--fleet", fleet.toString(), "--port", "0")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String first = out.readLine();
            assertThat(first).matches("http://127\\.0\\.0\\.1:\\d+");
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
        Process p = new ProcessBuilder(List.of(JAVA, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--fleet", fleet.toString()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(err).contains(fleet + ": $.clusters[1].name: duplicate cluster name \"a\"");
    }
}
