package dev.ecstatic.cli.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecstatic.cli.Home;
import dev.ecstatic.cli.wiring.TemplateWiring.BucketSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** S3 buckets in template.yaml: their names in the definition and the functions' environment. */
class TemplateBucketsTest {

    @TempDir Path dir;

    Path template(String bucketProperties) throws IOException {
        Files.createDirectories(dir.resolve("statemachine"));
        Files.writeString(dir.resolve("statemachine/machine.asl.json"),
                "{\"B\": \"${RunsBucketName}\", \"A\": \"${RunsBucketArn}\"}");
        Files.writeString(dir.resolve("template.yaml"), """
                Resources:
                  RunsBucket:
                    Type: AWS::S3::Bucket
                %s
                  ListFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: dev.ecstatic.cli.lambda.EchoHandler::handleRequest
                      Environment:
                        Variables:
                          ECSTATIC_RUNS_BUCKET: !Ref RunsBucket
                  Machine:
                    Type: AWS::Serverless::StateMachine
                    Properties:
                      DefinitionUri: statemachine/machine.asl.json
                      DefinitionSubstitutions:
                        RunsBucketName: !Ref RunsBucket
                        RunsBucketArn: !GetAtt RunsBucket.Arn
                """.formatted(bucketProperties.indent(4).stripTrailing()));
        return dir.resolve("template.yaml");
    }

    @Test
    void aBucketIsNamedAfterTheStackAndItsLogicalIdInLowerCase_inTheDefinitionAndTheEnvironment() throws Exception {
        TemplateWiring wiring = TemplateWiring.load(template("Properties: {}"), "us-east-1", "123456789012", Map.of());

        assertThat(wiring.definition()).isEqualTo("{\"B\": \"ecstatic-runsbucket\", \"A\": \"arn:aws:s3:::ecstatic-runsbucket\"}");
        assertThat(wiring.buckets()).containsExactly(Map.entry("RunsBucket",
                new BucketSpec("RunsBucket", "ecstatic-runsbucket", "arn:aws:s3:::ecstatic-runsbucket")));
        assertThat(wiring.functions().values()).singleElement()
                .satisfies(f -> assertThat(f.environment()).containsEntry("ECSTATIC_RUNS_BUCKET", "ecstatic-runsbucket"));
        assertThat(wiring.bucket("ecstatic-runsbucket")).isPresent();
        assertThat(wiring.bucket("someone-elses")).isEmpty();
    }

    @Test
    void aBucketName_isKept() throws Exception {
        TemplateWiring wiring = TemplateWiring.load(template("Properties: {BucketName: my-runs}"), "us-east-1",
                "123456789012", Map.of());

        assertThat(wiring.definition()).isEqualTo("{\"B\": \"my-runs\", \"A\": \"arn:aws:s3:::my-runs\"}");
    }

    @Test
    void theDeployedStacksName_replacesTheLocalOne() throws Exception {
        TemplateWiring wiring = TemplateWiring.load(template("Properties: {}"), "us-east-1", "123456789012", Map.of(),
                Map.of("RunsBucket", "ecstatic-runsbucket-1abc2def"));

        assertThat(wiring.definition()).startsWith("{\"B\": \"ecstatic-runsbucket-1abc2def\"");
        assertThat(wiring.functions().values()).singleElement().satisfies(f -> assertThat(f.environment())
                .containsEntry("ECSTATIC_RUNS_BUCKET", "ecstatic-runsbucket-1abc2def"));
    }

    @Test
    void aNameForAResourceThatIsNeitherATableNorABucket_isRefusedNamingBoth() throws Exception {
        Path file = template("Properties: {}");

        assertThatThrownBy(() -> TemplateWiring.load(file, "us-east-1", "123456789012", Map.of(), Map.of("Runs", "x")))
                .isInstanceOf(WiringException.class)
                .hasMessageContaining("no DynamoDB table Runs (tables: [], buckets: [RunsBucket])");
    }

    @Test
    void theProjectsTemplate_wiresTheRunsBucketAndSummarize() throws Exception {
        TemplateWiring wiring = TemplateWiring.load(Home.find().resolve("template.yaml"), "us-east-1", "123456789012",
                Map.of());

        assertThat(wiring.buckets()).containsOnlyKeys("RunsBucket");
        assertThat(wiring.substitutions()).containsEntry("RunsBucketName", "ecstatic-runsbucket")
                .containsEntry("SummarizeFunctionArn",
                        "arn:aws:lambda:us-east-1:123456789012:function:ecstatic-SummarizeFunction");
        assertThat(wiring.functions().values()).filteredOn(f -> f.logicalId().equals("ListClustersFunction")
                        || f.logicalId().equals("SummarizeFunction"))
                .hasSize(2).allSatisfy(f -> assertThat(f.environment()).containsEntry("ECSTATIC_RUNS_BUCKET",
                        "ecstatic-runsbucket"));
    }
}
