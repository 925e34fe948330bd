package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The README's lines for the AWS CLI work as written: a simulator started as documented (Main, port
 * 4599) prints them, and pasted into a shell with no AWS configuration at all they list the clusters.
 * Without the {@code export} line the CLI stops before sending anything ("You must specify a region",
 * or with a region "Unable to locate credentials"), as the README's bare {@code aws --endpoint-url …}
 * once did.
 */
class ReadmeClientLinesTest {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    /**
     * Each README that documents the lines (paths from this module: its own and the repository's), the
     * block after a comment naming this test.
     */
    @ParameterizedTest
    @ValueSource(strings = {"README.md", "../../README.md"})
    void theReadmeLines_areWhatTheSimulatorPrints_andListTheClustersVerbatim(String readme, @TempDir Path dir)
            throws Exception {
        Path aws = RequiredTool.awsCliV2(System.getenv());
        List<String> documented = documentedBlock(Path.of(readme));
        assertThat(documented).hasSize(2);

        Path fleet = dir.resolve("fleet.json");
        Files.writeString(fleet, Sim.resource("test-fleet.json"));
        Path stderr = dir.resolve("simulator.err");
        Process simulator = new ProcessBuilder(JAVA, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--fleet", fleet.toString(), "--port", "4599")
                .redirectError(stderr.toFile())
                .start();
        try {
            Processes.Lines out = new Processes.Lines(simulator.getInputStream());
            String endpoint = out.next(Duration.ofSeconds(60));
            assertThat(endpoint).as("the simulator's first line; its stderr: %s", Files.readString(stderr))
                    .isEqualTo("http://127.0.0.1:4599");
            assertThat(Arrays.asList(out.next(Duration.ofSeconds(10)), out.next(Duration.ofSeconds(10))))
                    .as("the lines the simulator prints").isEqualTo(documented);

            Processes.Result bare = shell(aws, dir, documented.get(1));
            assertThat(bare.exit()).isNotZero();
            assertThat(bare.stderr()).containsAnyOf("You must specify a region", "Unable to locate credentials");

            Processes.Result pasted = shell(aws, dir, String.join("\n", documented));
            assertThat(pasted.exit()).as("the README's lines failed: %s", pasted.stderr()).isZero();
            JsonNode clusters = new ObjectMapper().readTree(pasted.stdout()).get("clusterArns");
            assertThat(clusters).hasSize(5);
            assertThat(clusters.get(0).asText()).isEqualTo("arn:aws:ecs:us-east-1:123456789012:cluster/prod-web");
        } finally {
            simulator.destroy();
            assertThat(simulator.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** The fenced block after the README comment that names this test, line by line. */
    private static List<String> documentedBlock(Path readme) throws Exception {
        List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
        int marker = -1;
        for (int k = 0; k < lines.size(); k++) {
            if (lines.get(k).startsWith("<!--") && lines.get(k).contains(ReadmeClientLinesTest.class.getSimpleName())) {
                marker = k;
                break;
            }
        }
        assertThat(marker).as("a comment naming %s in %s", ReadmeClientLinesTest.class.getSimpleName(),
                readme.toAbsolutePath()).isNotNegative();
        assertThat(lines.get(marker + 1)).startsWith("```");
        List<String> block = new ArrayList<>();
        for (int k = marker + 2; !lines.get(k).startsWith("```"); k++) {
            block.add(lines.get(k));
        }
        return block;
    }

    /**
     * Runs the text with sh, as a shell a reader pastes into: no AWS variable, an empty home (no
     * ~/.aws), and the AWS CLI under test first on the PATH.
     */
    private static Processes.Result shell(Path aws, Path home, String text) throws Exception {
        Path bin = home.resolve("bin");
        if (!Files.exists(bin.resolve("aws"))) {
            Files.createDirectories(bin);
            // $ECSTATIC_AWS_CLI may have any name: `aws` runs it
            Files.writeString(bin.resolve("aws"), "#!/bin/sh\nexec '" + aws.toAbsolutePath() + "' \"$@\"\n");
            Files.setPosixFilePermissions(bin.resolve("aws"), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        ProcessBuilder pb = new ProcessBuilder("sh", "-ec", text);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("HOME", home.toString());
        env.put("PATH", bin + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        // Not part of the lines: spares the bare call a wait on the EC2 metadata service for credentials.
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        return Processes.run(pb, Duration.ofSeconds(120));
    }
}
