package dev.ecstatic.cli.integrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecstatic.asl.DefinitionException;
import dev.ecstatic.asl.Engine;
import dev.ecstatic.asl.Execution;
import dev.ecstatic.asl.ExecutionStatus;
import dev.ecstatic.asl.HistoryEvent;
import dev.ecstatic.asl.SimulatedClock;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Every way a Task or a Distributed Map fails through the CLI's integrations, against the simulator:
 * the error names AWS gives (the SDK v1's classes for the optimized DynamoDB integration, the SDK
 * v2's for the AWS SDK integrations), their causes, ItemReader and ResultWriter failures, a call that
 * gets no answer, and the resources refused when the definition is validated.
 */
class IntegrationErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TABLE_AND_BUCKET = """
            {"dynamodb": [{"table": "memory", "keySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
                           "attributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
                           "items": [{"id": {"S": "taken"}}]}],
             "s3": [{"bucket": "items", "key": "list.json", "body": "[1, 2]"}]}
            """;
    private static final String V1_CAUSE_END = "; Proxy: null)";

    /** One Task state calling {@code resource} with {@code parameters}, and nothing else. */
    private static String task(String resource, String parameters) {
        return "{\"StartAt\": \"Call\", \"States\": {\"Call\": {\"Type\": \"Task\", \"Resource\": \"" + resource
                + "\", \"Parameters\": " + parameters + ", \"End\": true}}}";
    }

    private static Execution run(String setup, String definition) throws DefinitionException {
        SimulatedClock clock = new SimulatedClock(Instant.parse("2026-01-05T09:00:00Z"));
        try (EmbeddedSimulator simulator = EmbeddedSimulator.start(Setup.parse(setup, "setup"), "setup", clock.asJavaClock());
             AwsIntegrations integrations = new AwsIntegrations(EmbeddedSimulator.REGION)) {
            Engine engine = integrations.plugInto(Engine.builder()).clock(clock).build();
            return engine.run(engine.parse(definition), "errors", "{}");
        }
    }

    private static HistoryEvent taskFailed(Execution execution) {
        return execution.history().stream().filter(event -> event.type().equals("TaskFailed")).findFirst().orElseThrow();
    }

    @Test
    void optimizedDynamoDb_aFailedCondition_isTheSdkV1ConditionalCheckFailedException() throws Exception {
        Execution execution = run(TABLE_AND_BUCKET, task("arn:aws:states:::dynamodb:putItem",
                "{\"TableName\": \"memory\", \"Item\": {\"id\": {\"S\": \"taken\"}}, "
                        + "\"ConditionExpression\": \"attribute_not_exists(id)\"}"));

        assertThat(execution.error()).isEqualTo("DynamoDB.ConditionalCheckFailedException");
        assertThat(execution.cause()).startsWith("The conditional request failed (Service: AmazonDynamoDBv2; Status Code: "
                + "400; Error Code: ConditionalCheckFailedException; Request ID: ").endsWith(V1_CAUSE_END);
        assertThat(taskFailed(execution).detail("resourceType")).isEqualTo("dynamodb");
    }

    @Test
    void optimizedDynamoDb_aMissingTable_isTheSdkV1ResourceNotFoundException() throws Exception {
        Execution execution = run(TABLE_AND_BUCKET, task("arn:aws:states:::dynamodb:getItem",
                "{\"TableName\": \"nowhere\", \"Key\": {\"id\": {\"S\": \"a\"}}}"));

        assertThat(execution.error()).isEqualTo("DynamoDB.ResourceNotFoundException");
        assertThat(execution.cause()).startsWith("Requested resource not found (Service: AmazonDynamoDBv2; Status Code: 400; "
                + "Error Code: ResourceNotFoundException; Request ID: ");
    }

    @Test
    void optimizedDynamoDb_aCodeWithoutAClassOfItsOwn_isAmazonDynamoDBException() throws Exception {
        Execution execution = run(TABLE_AND_BUCKET, task("arn:aws:states:::dynamodb:updateItem",
                "{\"TableName\": \"memory\", \"Key\": {\"id\": {\"S\": \"taken\"}}, \"UpdateExpression\": \"SET\"}"));

        assertThat(execution.error()).isEqualTo("DynamoDB.AmazonDynamoDBException");
        assertThat(execution.cause()).contains("Error Code: ValidationException;").endsWith(V1_CAUSE_END);
    }

    @Test
    void optimizedDynamoDb_namesEveryCodeAsTheSdkV1Does() {
        assertThat(DynamoDbIntegration.v1ErrorName("InternalServerError")).isEqualTo("DynamoDB.InternalServerErrorException");
        assertThat(DynamoDbIntegration.v1ErrorName("RequestLimitExceeded")).isEqualTo("DynamoDB.RequestLimitExceededException");
        assertThat(DynamoDbIntegration.v1ErrorName("ProvisionedThroughputExceededException"))
                .isEqualTo("DynamoDB.ProvisionedThroughputExceededException");
        assertThat(DynamoDbIntegration.v1ErrorName("ThrottlingException")).isEqualTo("DynamoDB.AmazonDynamoDBException");
    }

    @Test
    void awsSdkDynamoDb_aFailedCondition_isTheSdkV2ConditionalCheckFailedException() throws Exception {
        Execution execution = run(TABLE_AND_BUCKET, task("arn:aws:states:::aws-sdk:dynamodb:deleteItem",
                "{\"TableName\": \"memory\", \"Key\": {\"id\": {\"S\": \"taken\"}}, "
                        + "\"ConditionExpression\": \"attribute_not_exists(id)\"}"));

        assertThat(execution.error()).isEqualTo("DynamoDb.ConditionalCheckFailedException");
        assertThat(execution.cause()).matches("The conditional request failed \\(Service: DynamoDb, Status Code: 400, "
                + "Request ID: [0-9a-f-]+\\)");
        assertThat(taskFailed(execution).detail("resourceType")).isEqualTo("aws-sdk:dynamodb");
    }

    @Test
    void awsSdkDynamoDb_aCodeWithoutAClassOfItsOwn_isDynamoDbException() throws Exception {
        Execution execution = run(TABLE_AND_BUCKET, task("arn:aws:states:::aws-sdk:dynamodb:putItem",
                "{\"TableName\": \"memory\", \"Item\": {\"data\": {\"S\": \"no key\"}}}"));

        assertThat(execution.error()).isEqualTo("DynamoDb.DynamoDbException");
        assertThat(execution.cause()).contains("(Service: DynamoDb, Status Code: 400, Request ID: ");
    }

    @Test
    void awsSdkS3_aMissingKey_isNoSuchKeyException() throws Exception {
        Execution execution = run(TABLE_AND_BUCKET, task("arn:aws:states:::aws-sdk:s3:getObject",
                "{\"Bucket\": \"items\", \"Key\": \"missing.json\"}"));

        assertThat(execution.error()).isEqualTo("S3.NoSuchKeyException");
        assertThat(execution.cause()).matches("The specified key does not exist\\. \\(Service: S3, Status Code: 404, "
                + "Request ID: \\S+, Extended Request ID: \\S+\\)");
    }

    @Test
    void awsSdkS3_aCodeWithoutAClassOfItsOwn_isS3Exception() throws Exception {
        Execution execution = run(TABLE_AND_BUCKET, task("arn:aws:states:::aws-sdk:s3:putObject",
                "{\"Bucket\": \"items\", \"Key\": \"list.json\", \"IfNoneMatch\": \"*\", \"Body\": []}"));

        assertThat(execution.error()).isEqualTo("S3.S3Exception");
        assertThat(execution.cause()).contains("(Service: S3, Status Code: 412, Request ID: ");
    }

    @Test
    void aMemberTheApiDoesNotHave_failsTheTaskWithStatesRuntimeNamingIt() throws Exception {
        Execution execution = run(TABLE_AND_BUCKET, task("arn:aws:states:::aws-sdk:dynamodb:getItem",
                "{\"TableName\": \"memory\", \"Kee\": {\"id\": {\"S\": \"taken\"}}}"));

        assertThat(execution.error()).isEqualTo("States.Runtime");
        assertThat(execution.cause()).startsWith("The field 'Kee' is not supported").contains("Key")
                .contains("state 'Call'");
    }

    @Test
    void aValueOfTheWrongType_failsTheTaskNamingItsPath() throws Exception {
        Execution execution = run(TABLE_AND_BUCKET, task("arn:aws:states:::aws-sdk:dynamodb:getItem",
                "{\"TableName\": \"memory\", \"Key\": {\"id\": {\"S\": 7}}}"));

        assertThat(execution.error()).isEqualTo("States.Runtime");
        assertThat(execution.cause()).startsWith("The field 'Key.id.S' must be a string, was 7");
    }

    @Test
    void aServiceThatDoesNotAnswer_failsTheTaskWithStatesTaskFailed() throws Exception {
        SimulatedClock clock = new SimulatedClock(Instant.parse("2026-01-05T09:00:00Z"));
        // Port 1 on the loopback interface: nothing listens, the connection is refused at once.
        try (SdkSettings nowhere = SdkSettings.simulator(URI.create("http://127.0.0.1:1"), EmbeddedSimulator.REGION);
             AwsIntegrations integrations = new AwsIntegrations(EmbeddedSimulator.REGION)) {
            Engine engine = integrations.plugInto(Engine.builder()).clock(clock).build();
            Execution execution = engine.run(engine.parse(task("arn:aws:states:::dynamodb:getItem",
                    "{\"TableName\": \"memory\", \"Key\": {\"id\": {\"S\": \"a\"}}}")), "nowhere", "{}");

            assertThat(execution.error()).isEqualTo("States.TaskFailed");
            assertThat(execution.cause()).startsWith("The dynamodb request got no answer: ");
        }
    }

    @Test
    void anItemReaderObjectThatIsMissing_failsTheMapRunWithItemReaderFailed() throws Exception {
        Execution execution = run(TABLE_AND_BUCKET, """
                {"StartAt": "Map", "States": {"Map": {"Type": "Map", "End": true,
                  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"},
                                 "Parameters": {"Bucket": "items", "Key": "missing.json"}},
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                                    "StartAt": "Item", "States": {"Item": {"Type": "Pass", "End": true}}}}}}
                """);

        assertThat(execution.error()).isEqualTo("States.ItemReaderFailed");
        assertThat(execution.cause()).contains("NoSuchKey");
    }

    @Test
    void aResultWriterBucketThatIsMissing_failsTheMapRunWithResultWriterFailed() throws Exception {
        Execution execution = run(TABLE_AND_BUCKET, """
                {"StartAt": "Items", "States": {
                  "Items": {"Type": "Pass", "Result": [1, 2], "Next": "Map"},
                  "Map": {"Type": "Map", "End": true,
                    "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject",
                                     "Parameters": {"Bucket": "no-such-bucket", "Prefix": "runs"}},
                    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                                      "StartAt": "Item", "States": {"Item": {"Type": "Pass", "End": true}}}}}}
                """);

        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).isEqualTo("States.ResultWriterFailed");
        assertThat(execution.cause()).contains("NoSuchBucket");
    }

    @Test
    void resourcesAwsRefusesAtCreation_areRefusedWhenTheDefinitionIsValidated() {
        String definition = """
                {"StartAt": "Query", "States": {
                  "Query": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:query", "Next": "Sync"},
                  "Sync": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem.sync", "Next": "Unknown"},
                  "Unknown": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:fooBar", "Next": "Callback"},
                  "Callback": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject.waitForTaskToken",
                               "Next": "Sqs"},
                  "Sqs": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sqs:sendMessage", "End": true}}}
                """;
        String notRecognized = " is not recognized. The value is not a valid resource ARN, or the resource is not "
                + "available in this region.";

        assertThatThrownBy(() -> run("{}", definition)).isInstanceOfSatisfying(DefinitionException.class, e ->
                assertThat(e.getProblems()).containsExactly(
                        "State \"Query\": field \"Resource\": The resource provided arn:aws:states:::dynamodb:query"
                                + notRecognized,
                        "State \"Sync\": field \"Resource\": The resource provided arn:aws:states:::dynamodb:getItem.sync"
                                + notRecognized,
                        "State \"Unknown\": field \"Resource\": The resource provided arn:aws:states:::aws-sdk:s3:fooBar"
                                + notRecognized,
                        "State \"Callback\": field \"Resource\": the local engine has no callback tasks: "
                                + "arn:aws:states:::aws-sdk:s3:getObject.waitForTaskToken would wait for SendTaskSuccess, "
                                + "which nothing here can send",
                        "State \"Sqs\": field \"Resource\": the local aws-sdk integration calls dynamodb, s3, ecs, ssm, "
                                + "not sqs (arn:aws:states:::aws-sdk:sqs:sendMessage)"));
    }

    @Test
    void awsSdkResults_nameEveryMemberInPascalCase_evenOfCamelCaseApis() throws Exception {
        Execution execution = run("{}", task("arn:aws:states:::aws-sdk:ecs:describeClusters",
                "{\"Clusters\": [\"nowhere\"]}"));

        assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(JSON.readTree(execution.output())).isEqualTo(JSON.readTree("""
                {"Clusters": [], "Failures": [{"Arn": "arn:aws:ecs:us-east-1:123456789012:cluster/nowhere",
                                               "Reason": "MISSING"}]}
                """));
    }

    @Test
    void dynamoDbValuesOfEveryType_goThereAndBackUnchanged() throws Exception {
        String item = """
                {"id": {"S": "all"}, "n": {"N": "-1.5"}, "b": {"B": "AAEC"}, "flag": {"BOOL": false}, "none": {"NULL": true},
                 "list": {"L": [{"S": "x"}, {"N": "2"}]}, "map": {"M": {"k": {"SS": ["a", "b"]}}}, "ns": {"NS": ["1", "2"]},
                 "bs": {"BS": ["AQ=="]}}
                """;
        Execution execution = run(TABLE_AND_BUCKET, """
                {"StartAt": "Put", "States": {
                  "Put": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:dynamodb:putItem",
                          "Parameters": {"TableName": "memory", "Item": ITEM}, "ResultPath": null, "Next": "Get"},
                  "Get": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem",
                          "Parameters": {"TableName": "memory", "Key": {"id": {"S": "all"}}},
                          "OutputPath": "$.Item", "End": true}}}
                """.replace("ITEM", item));

        assertThat(execution.status()).as(execution.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode got = JSON.readTree(execution.output());
        assertThat(got).isEqualTo(JSON.readTree(item));
    }

    @Test
    void aSetupEntryTheSimulatorRefuses_isNamedByItsPath() {
        assertThatThrownBy(() -> run("{\"s3\": [{\"bucket\": \"Not_A_Bucket\"}]}", task(
                "arn:aws:states:::aws-sdk:s3:listBuckets", "{}")))
                .isInstanceOf(Setup.SetupException.class)
                .hasMessage("setup: $.s3[0].bucket: CreateBucket failed: InvalidBucketName: The specified bucket is not valid.");
        assertThatThrownBy(() -> run("""
                {"dynamodb": [{"table": "memory", "keySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
                               "attributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
                               "items": [{"other": {"S": "no key"}}]}]}
                """, task("arn:aws:states:::aws-sdk:s3:listBuckets", "{}")))
                .isInstanceOf(Setup.SetupException.class)
                .hasMessageStartingWith("setup: $.dynamodb[0].items[0]: PutItem failed: ValidationException: ");
    }
}
