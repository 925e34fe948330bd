package dev.ecstatic.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code ecstatic validate}: a Distributed Map reads its items from, and writes its results to, the template's bucket. */
class WiringCheckBucketsTest {

    @TempDir Path home;

    /** A Distributed Map whose ItemReader and ResultWriter are {@code reader} and {@code writer} on {@code bucket}. */
    private void project(String reader, String writer, String bucket) throws Exception {
        Files.createDirectories(home.resolve("statemachine"));
        Files.writeString(home.resolve("template.yaml"), """
                Resources:
                  EchoFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: dev.ecstatic.cli.lambda.EchoHandler::handleRequest
                  RunsBucket:
                    Type: AWS::S3::Bucket
                  Machine:
                    Type: AWS::Serverless::StateMachine
                    Properties:
                      DefinitionUri: statemachine/ecstatic.asl.json
                      DefinitionSubstitutions:
                        EchoArn: !GetAtt EchoFunction.Arn
                        RunsBucketName: !Ref RunsBucket
                """);
        Files.writeString(home.resolve("statemachine/ecstatic.asl.json"), """
                {"QueryLanguage": "JSONata", "StartAt": "For each", "States": {
                  "For each": {"Type": "Map",
                    "ItemReader": {"Resource": "%s", "ReaderConfig": {"InputType": "JSONL"},
                                   "Arguments": {"Bucket": "%s", "Key": "runs/x/clusters.jsonl"}},
                    "ResultWriter": {"Resource": "%s", "Arguments": {"Bucket": "%s", "Prefix": "runs/x/results"},
                                     "WriterConfig": {"Transformation": "COMPACT", "OutputType": "JSONL"}},
                    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                      "StartAt": "Echo", "States": {
                        "Echo": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                                 "Arguments": {"FunctionName": "${EchoArn}", "Payload": {"name": "x"}}, "End": true}}},
                    "End": true}}}
                """.formatted(reader, bucket, writer, bucket));
    }

    @Test
    void itemsAndResultsInTheTemplatesBucket_pass() throws Exception {
        project("arn:aws:states:::s3:getObject", "arn:aws:states:::s3:putObject", "${RunsBucketName}");

        WiringCheck.Result result = WiringCheck.check(home);

        assertThat(result.problems()).isEmpty();
        assertThat(result.buckets()).containsExactly("RunsBucket");
        assertThat(result.tasks()).isEqualTo(1);
    }

    @Test
    void aBucketTheTemplateDoesNotDefine_isAProblemForTheReaderAndTheWriter() throws Exception {
        project("arn:aws:states:::s3:getObject", "arn:aws:states:::s3:putObject", "someone-elses-bucket");

        assertThat(WiringCheck.check(home).problems()).filteredOn(p -> p.startsWith("State")).containsExactly(
                "State \"For each\": ItemReader.Arguments.Bucket someone-elses-bucket is not an S3 bucket of template.yaml "
                        + "(buckets: [ecstatic-runsbucket])",
                "State \"For each\": ResultWriter.Arguments.Bucket someone-elses-bucket is not an S3 bucket of template.yaml "
                        + "(buckets: [ecstatic-runsbucket])");
    }

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource({
            "arn:aws:states:::s3:listObjectsV2, arn:aws:states:::s3:putObject, ItemReader.Resource arn:aws:states:::s3:listObjectsV2 is not arn:aws:states:::s3:getObject",
            "arn:aws:states:::s3:getObject, arn:aws:states:::s3:getObject, ResultWriter.Resource arn:aws:states:::s3:getObject is not arn:aws:states:::s3:putObject"})
    void anyOtherResource_isAProblem(String reader, String writer, String problem) throws Exception {
        project(reader, writer, "${RunsBucketName}");

        // The engine refuses a ResultWriter of another resource too (with its own message).
        assertThat(WiringCheck.check(home).problems()).filteredOn(p -> p.startsWith("State"))
                .containsExactly("State \"For each\": " + problem);
    }
}
