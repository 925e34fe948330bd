package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS CLI lines of the README's DynamoDB and S3 sections work as written, pasted into the shell
 * where the README's {@code export} line was pasted: each names the endpoint the README starts the
 * simulator on (port 4599), and each block runs to the end against a simulator. The simulator here
 * listens on a free port, which replaces 4599 in the lines, so that a simulator someone left running
 * on 4599 cannot break the test.
 */
class ReadmeDynamoDbS3LinesTest {

    private static final Path README = Path.of("README.md");
    private static final String DOCUMENTED_ENDPOINT = "http://127.0.0.1:4599";

    @Test
    void theDynamoDbAndS3Lines_runAsWritten_afterTheExportLine(@TempDir Path dir) throws Exception {
        Path aws = RequiredTool.awsCliV2(System.getenv());
        List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8);
        String export = exportLine(lines);
        List<List<String>> blocks = blocksAfter(lines, getClass().getSimpleName());
        assertThat(blocks).as("the DynamoDB block and the S3 block").hasSize(2);
        for (List<String> block : blocks) {
            assertThat(block.stream().filter(line -> line.startsWith("aws ")))
                    .as("every AWS CLI line names the README's endpoint")
                    .isNotEmpty().allMatch(line -> line.startsWith("aws --endpoint-url " + DOCUMENTED_ENDPOINT + " "));
        }

        // Real time: `aws s3 cp` signs its requests with the current time.
        try (AwsSimulator sim = ServiceClients.start(Clock.systemUTC(), "{\"throttle\": false}")) {
            String endpoint = sim.endpoint().toString();
            Processes.Result dynamodb = shell(aws, dir, export + "\n" + String.join("\n", blocks.get(0))
                    .replace(DOCUMENTED_ENDPOINT, endpoint));
            assertThat(dynamodb.exit()).as("the DynamoDB lines failed: %s", dynamodb.stderr()).isZero();
            assertThat(sim.dynamoDb().tableNames()).containsExactly("runs");
            assertThat(dynamodb.stdout()).contains("\"TableNames\"");

            Processes.Result s3 = shell(aws, dir, export + "\n" + String.join("\n", blocks.get(1))
                    .replace(DOCUMENTED_ENDPOINT, endpoint));
            assertThat(s3.exit()).as("the S3 lines failed: %s", s3.stderr()).isZero();
            assertThat(sim.s3().keys("bucket")).containsExactly("big.bin");
            String listing = s3.stdout().substring(s3.stdout().indexOf('{'));
            JsonNode listed = new ObjectMapper().readTree(listing);
            assertThat(listed.at("/Contents/0/Key").asText()).isEqualTo("big.bin");
            assertThat(listed.at("/Contents/0/Size").asLong()).isEqualTo(Files.size(dir.resolve("big.bin")));
            // above the CLI's 8 MiB threshold, so the copy went through a multipart upload
            assertThat(listed.at("/Contents/0/ETag").asText()).endsWith("-2\"");
        }
    }

    /** The {@code export} line of the block the README gives for pasting (ReadmeClientLinesTest runs it). */
    private static String exportLine(List<String> readme) {
        List<String> block = blocksAfter(readme, ReadmeClientLinesTest.class.getSimpleName()).getFirst();
        return block.stream().filter(line -> line.startsWith("export ")).findFirst()
                .orElseThrow(() -> new AssertionError("no export line in the README's block for ReadmeClientLinesTest"));
    }

    /** The fenced blocks that follow a README comment naming {@code test}, each line by line. */
    private static List<List<String>> blocksAfter(List<String> readme, String test) {
        List<List<String>> blocks = new ArrayList<>();
        for (int k = 0; k < readme.size(); k++) {
            if (readme.get(k).startsWith("<!--") && readme.get(k).contains(test + " ")) {
                assertThat(readme.get(k + 1)).as("the line after the comment at line %d", k + 1).startsWith("```");
                List<String> block = new ArrayList<>();
                for (int j = k + 2; !readme.get(j).startsWith("```"); j++) {
                    block.add(readme.get(j));
                }
                blocks.add(block);
            }
        }
        assertThat(blocks).as("blocks after a comment naming %s in %s", test, README.toAbsolutePath()).isNotEmpty();
        return blocks;
    }

    /**
     * Runs the text with sh in {@code dir}, as a shell a reader pastes into: no AWS variable, an empty
     * home (no ~/.aws), and the AWS CLI under test first on the PATH.
     */
    private static Processes.Result shell(Path aws, Path dir, String text) throws Exception {
        Path bin = dir.resolve("bin");
        if (!Files.exists(bin.resolve("aws"))) {
            Files.createDirectories(bin);
            // $ECSTATIC_AWS_CLI may have any name: `aws` runs it
            Files.writeString(bin.resolve("aws"), "#!/bin/sh\nexec '" + aws.toAbsolutePath() + "' \"$@\"\n");
            Files.setPosixFilePermissions(bin.resolve("aws"), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        ProcessBuilder pb = new ProcessBuilder("sh", "-ec", text).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("HOME", dir.toString());
        env.put("PATH", bin + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        return Processes.run(pb, Duration.ofSeconds(120));
    }
}
