package dev.ecstatic.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecstatic.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ecstatic execute --bucket NAME}: an empty bucket where a Map's ResultWriter may write. */
class ExecuteBucketTest {
    private static final String DEFINITION = """
            {"QueryLanguage": "JSONata", "StartAt": "Each", "States": {
              "Each": {"Type": "Map", "Items": [1, 2, 3],
                       "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                                         "StartAt": "Twice", "States": {"Twice": {"Type": "Pass",
                                           "Output": "{% $states.input * 2 %}", "End": true}}},
                       "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject",
                                        "Arguments": {"Bucket": "runs", "Prefix": "results"},
                                        "WriterConfig": {"Transformation": "COMPACT", "OutputType": "JSONL"}},
                       "End": true}}}
            """;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int ecstatic(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void aResultWriter_writesIntoTheNamedBucket_withoutASetupFile(@TempDir Path dir) throws Exception {
        Path definition = Files.writeString(dir.resolve("map.asl.json"), DEFINITION);

        int code = ecstatic("execute", definition.toString(), "--bucket", "runs");

        assertThat(code).as(err.toString()).isZero();
        var output = new ObjectMapper().readTree(out.toString());
        assertThat(output.path("ResultWriterDetails").path("Bucket").asText()).isEqualTo("runs");
        assertThat(output.path("ResultWriterDetails").path("Key").asText()).startsWith("results/").endsWith("/manifest.json");
    }

    @Test
    void withoutTheBucket_theResultWriterFails_andTheRunExits2(@TempDir Path dir) throws Exception {
        Path definition = Files.writeString(dir.resolve("map.asl.json"), DEFINITION);
        Path setup = Files.writeString(dir.resolve("setup.json"), "{\"s3\": [{\"bucket\": \"other\"}]}");

        int code = ecstatic("execute", definition.toString(), "--setup", setup.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("error: States.ResultWriterFailed").contains("NoSuchBucket");
    }

    @Test
    void anInvalidBucketName_isRefusedNamingIt_beforeRunning(@TempDir Path dir) throws Exception {
        Path definition = Files.writeString(dir.resolve("map.asl.json"), DEFINITION);

        int code = ecstatic("execute", definition.toString(), "--bucket", "Not_A_Bucket");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("--bucket Not_A_Bucket").contains("InvalidBucketName").doesNotContain("\tat ");
    }

    @Test
    void aBucketTheSetupSaysMustNotExist_isRefused(@TempDir Path dir) throws Exception {
        Path definition = Files.writeString(dir.resolve("map.asl.json"), DEFINITION);
        Path setup = Files.writeString(dir.resolve("setup.json"), "{\"absent\": {\"s3Buckets\": [\"runs\"]}}");

        int code = ecstatic("execute", definition.toString(), "--setup", setup.toString(), "--bucket", "runs");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("--bucket runs: the setup's $.absent.s3Buckets says it must not exist");
    }
}
