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

/** {@code ecstatic execute --setup}: a definition's DynamoDB and S3 calls against a simulator holding the setup. */
class ExecuteSetupTest {
    private static final String SETUP = """
            {"dynamodb": [{"table": "memory", "keySchema": [{"AttributeName": "cluster", "KeyType": "HASH"}],
                           "attributeDefinitions": [{"AttributeName": "cluster", "AttributeType": "S"}],
                           "items": [{"cluster": {"S": "prod"}, "runs": {"N": "3"}}]}],
             "s3": [{"bucket": "items", "key": "clusters.json", "body": "[\\"prod\\", \\"staging\\"]"}]}
            """;
    private static final String DEFINITION = """
            {"StartAt": "Count", "States": {
              "Count": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:updateItem",
                        "Parameters": {"TableName": "memory", "Key": {"cluster": {"S.$": "$.cluster"}},
                                       "UpdateExpression": "ADD runs :one",
                                       "ExpressionAttributeValues": {":one": {"N": "1"}}, "ReturnValues": "UPDATED_NEW"},
                        "ResultSelector": {"runs.$": "$.Attributes.runs.N"}, "ResultPath": "$.count", "Next": "Clusters"},
              "Clusters": {"Type": "Map", "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
                             "ReaderConfig": {"InputType": "JSON"}, "Parameters": {"Bucket": "items", "Key": "clusters.json"}},
                           "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                                             "StartAt": "Name", "States": {"Name": {"Type": "Pass", "End": true}}},
                           "ResultPath": "$.clusters", "Next": "Save"},
              "Save": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:putObject",
                       "Parameters": {"Bucket": "items", "Key": "seen.json", "Body.$": "$.clusters"},
                       "ResultSelector": {"ETag.$": "$.ETag"}, "ResultPath": "$.saved", "End": true}}}
            """;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final ObjectMapper json = new ObjectMapper();

    int ecstatic(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    private static Path write(Path dir, String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void executeWithSetup_runsTheDefinitionsDynamoDbAndS3CallsAgainstTheSetup(@TempDir Path dir) throws Exception {
        Path definition = write(dir, "memory.asl.json", DEFINITION);
        Path setup = write(dir, "setup.json", SETUP);

        int code = ecstatic("execute", definition.toString(), "--input", "{\"cluster\": \"prod\"}", "--setup", setup.toString());

        assertThat(code).as(err.toString()).isZero();
        // The Map's result, uploaded as its JSON text: its ETag is that text's MD5.
        String etag = "\"" + md5("[\"prod\",\"staging\"]") + "\"";
        assertThat(json.readTree(out.toString())).isEqualTo(json.readTree("""
                {"cluster": "prod", "count": {"runs": "4"}, "clusters": ["prod", "staging"], "saved": {"ETag": %s}}
                """.formatted(json.writeValueAsString(etag))));
    }

    @Test
    void executeWithSetup_refusesAResourceAwsRefuses_beforeRunning(@TempDir Path dir) throws Exception {
        Path definition = write(dir, "query.asl.json", """
                {"StartAt": "Query", "States": {"Query": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:query",
                 "Parameters": {"TableName": "memory"}, "End": true}}}
                """);
        Path setup = write(dir, "setup.json", SETUP);

        int code = ecstatic("execute", definition.toString(), "--setup", setup.toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("is not a valid state machine")
                .contains("State \"Query\": field \"Resource\": The resource provided arn:aws:states:::dynamodb:query is not "
                        + "recognized");
    }

    @Test
    void aSetupFileWithAProblem_isNamedByItsJsonPathAndExitsOne(@TempDir Path dir) throws Exception {
        Path definition = write(dir, "memory.asl.json", DEFINITION);
        Path noKeySchema = write(dir, "no-key-schema.json", "{\"dynamodb\": [{\"table\": \"memory\", \"items\": []}]}");
        Path unknownMember = write(dir, "unknown.json", "{\"s3\": [{\"bucket\": \"items\", \"colour\": \"red\"}]}");
        Path notJson = write(dir, "broken.json", "{\"s3\": [");
        Path objectWithoutBody = write(dir, "no-body.json", "{\"s3\": [{\"bucket\": \"items\", \"key\": \"a.json\"}]}");
        Path sameTableTwice = write(dir, "twice.json", """
                {"dynamodb": [{"table": "memory", "keySchema": [], "attributeDefinitions": [], "items": []},
                              {"table": "memory", "keySchema": [], "attributeDefinitions": [], "items": []}]}
                """);

        assertThat(ecstatic("execute", definition.toString(), "--setup", noKeySchema.toString())).isEqualTo(1);
        assertThat(ecstatic("execute", definition.toString(), "--setup", unknownMember.toString())).isEqualTo(1);
        assertThat(ecstatic("execute", definition.toString(), "--setup", notJson.toString())).isEqualTo(1);
        assertThat(ecstatic("execute", definition.toString(), "--setup", objectWithoutBody.toString())).isEqualTo(1);
        assertThat(ecstatic("execute", definition.toString(), "--setup", sameTableTwice.toString())).isEqualTo(1);
        assertThat(ecstatic("execute", definition.toString(), "--setup", dir.resolve("missing.json").toString())).isEqualTo(1);

        assertThat(err.toString()).contains(noKeySchema + ": $.dynamodb[0].keySchema: is required")
                .contains(unknownMember + ": $.s3[0].colour: unknown member (expected one of [body, bodyPythonType, bucket, key])")
                .contains(notJson + ": not JSON: ")
                .contains(objectWithoutBody + ": $.s3[0].body: is required with a key (the object's exact text)")
                .contains(sameTableTwice + ": $.dynamodb[1].table: the table memory is created twice")
                .contains("no such file: " + dir.resolve("missing.json"))
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void executeWithoutSetup_saysThatSetupWouldRunAnIntegrationTask(@TempDir Path dir) throws Exception {
        Path definition = write(dir, "memory.asl.json", DEFINITION);

        int code = ecstatic("execute", definition.toString(), "--input", "{\"cluster\": \"prod\"}");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("error: States.TaskFailed")
                .contains("execute calls no real arn:aws:states:::dynamodb:updateItem (--setup runs DynamoDB, S3, ECS and "
                        + "SSM calls against a simulator)");
    }

    private static String md5(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
