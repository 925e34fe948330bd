package dev.ecstatic.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecstatic.cli.Main;
import dev.ecstatic.simulator.AwsSimulator;
import dev.ecstatic.simulator.Fleet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ecstatic run --bucket ID=NAME}: the deployed stack's runs bucket, where the run's report is read. */
class RunBucketsTest {

    static final Map<String, String> SDK = Map.of("aws.region", "us-east-1", "aws.accessKeyId", "AKIDRUN",
            "aws.secretAccessKey", "secret", "aws.disableEc2Metadata", "true");

    @TempDir Path home;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void project() throws Exception {
        Files.createDirectories(home.resolve("statemachine"));
        Files.writeString(home.resolve("template.yaml"), """
                Resources:
                  RunsBucket:
                    Type: AWS::S3::Bucket
                  Machine:
                    Type: AWS::Serverless::StateMachine
                    Properties:
                      DefinitionUri: statemachine/ecstatic.asl.json
                      DefinitionSubstitutions:
                        RunsBucketName: !Ref RunsBucket
                """);
        Files.writeString(home.resolve("statemachine/ecstatic.asl.json"), """
                {"QueryLanguage": "JSONata", "StartAt": "Summarize", "States": {
                  "Summarize": {"Type": "Pass",
                    "Output": {"totals": {"clusters": 2, "excluded": 0, "notificationsFailed": 0, "STARTED": 1, "UP_TO_DATE": 1},
                               "report": {"bucket": "${RunsBucketName}", "key": "runs/r1/report.jsonl", "records": 2}},
                    "End": true}}}
                """);
        System.setProperty("ecstatic.home", home.toString());
        SDK.forEach(System::setProperty);
    }

    @AfterEach
    void forget() {
        System.clearProperty("ecstatic.home");
        System.clearProperty("aws.endpointUrlS3");
        System.clearProperty("aws.endpointUrlSts");
        SDK.keySet().forEach(System::clearProperty);
    }

    private int ecstatic(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void aBucketTheStateMachineUses_mustBeNamed() {
        assertThat(ecstatic("run")).isEqualTo(1);
        assertThat(err.toString()).contains("ecstatic run: the state machine uses the bucket RunsBucket: give the "
                + "deployed stack's name for it, --bucket RunsBucket=NAME").doesNotContain("\tat ");
    }

    @Test
    void theRecordsAreReadFromTheNamedBucketsReport() {
        Fleet noFleet = Fleet.parse("{\"latestAgentVersion\": \"1.0.0\", \"clusters\": []}", "no fleet");
        try (AwsSimulator simulator = AwsSimulator.start(noFleet, 0, Clock.systemUTC())) {
            simulator.s3().createBucket("ecstatic-runsbucket-1xyz");
            simulator.s3().putObject("ecstatic-runsbucket-1xyz", "runs/r1/report.jsonl", """
                    {"cluster":"prod-web","outcome":"STARTED","instances":["i-1"],"detail":"1 update(s) started"}
                    {"cluster":"prod-api","outcome":"UP_TO_DATE","instances":[],"detail":"all current"}
                    """.getBytes(StandardCharsets.UTF_8), "application/x-ndjson");
            System.setProperty("aws.endpointUrlS3", simulator.endpoint().toString());
            // run asks STS for the home account (AWS::AccountId): the simulator's, the main account.
            System.setProperty("aws.endpointUrlSts", simulator.endpoint().toString());

            int code = ecstatic("run", "--bucket", "RunsBucket=ecstatic-runsbucket-1xyz");

            assertThat(code).as(err.toString()).isZero();
            assertThat(out.toString()).contains("status: SUCCEEDED")
                    .containsPattern("prod-web +STARTED +i-1  1 update\\(s\\) started")
                    .containsPattern("prod-api +UP_TO_DATE +all current");
        }
    }

    @Test
    void aNameForABucketTheTemplateDoesNotHave_exits1() {
        assertThat(ecstatic("run", "--bucket", "Runs=x")).isEqualTo(1);
        assertThat(err.toString()).contains("no DynamoDB table Runs (tables: [], buckets: [RunsBucket])");
    }
}
