package dev.ecstatic.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code ecstatic validate}: Tasks may call a Lambda of the template, or getItem / updateItem on a table of it. */
class WiringCheckTest {

    @TempDir Path home;

    /** A project whose definition has a Lambda task, then {@code resource} with {@code TableName: table}. */
    private void project(String resource, String table) throws Exception {
        Files.createDirectories(home.resolve("statemachine"));
        Files.writeString(home.resolve("template.yaml"), """
                Resources:
                  EchoFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: dev.ecstatic.cli.lambda.EchoHandler::handleRequest
                  MemoryTable:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      BillingMode: PAY_PER_REQUEST
                      AttributeDefinitions: [{AttributeName: scope, AttributeType: S}, {AttributeName: cluster, AttributeType: S}]
                      KeySchema: [{AttributeName: scope, KeyType: HASH}, {AttributeName: cluster, KeyType: RANGE}]
                  Machine:
                    Type: AWS::Serverless::StateMachine
                    Properties:
                      DefinitionUri: statemachine/ecstatic.asl.json
                      DefinitionSubstitutions:
                        EchoArn: !GetAtt EchoFunction.Arn
                        MemoryTableName: !Ref MemoryTable
                """);
        Files.writeString(home.resolve("statemachine/ecstatic.asl.json"), """
                {"QueryLanguage": "JSONata", "StartAt": "Echo", "States": {
                  "Echo": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                           "Arguments": {"FunctionName": "${EchoArn}", "Payload": {"name": "x"}}, "Next": "Take the lease"},
                  "Take the lease": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:updateItem",
                           "Arguments": {"TableName": "${MemoryTableName}", "Key": {"scope": {"S": "a"}, "cluster": {"S": "c"}},
                                         "UpdateExpression": "SET leaseOwner = :me",
                                         "ExpressionAttributeValues": {":me": {"S": "me"}}}, "Next": "Read"},
                  "Read": {"Type": "Task", "Resource": "%s",
                           "Arguments": {"TableName": "%s", "Key": {"scope": {"S": "a"}, "cluster": {"S": "c"}}}, "End": true}}}
                """.formatted(resource, table));
    }

    @Test
    void getItemAndUpdateItemOnTheTemplatesTable_pass() throws Exception {
        project("arn:aws:states:::dynamodb:getItem", "${MemoryTableName}");

        WiringCheck.Result result = WiringCheck.check(home);

        assertThat(result.problems()).isEmpty();
        assertThat(result.tasks()).isEqualTo(1);
        assertThat(result.tableTasks()).isEqualTo(2);
        assertThat(result.tables()).containsExactly("MemoryTable");
        assertThat(result.functions()).containsExactly("EchoFunction");
    }

    @Test
    void aTableTheTemplateDoesNotDefine_isAProblemNamingTheStateAndTheTables() throws Exception {
        project("arn:aws:states:::dynamodb:getItem", "someone-elses-table");

        WiringCheck.Result result = WiringCheck.check(home);

        assertThat(result.problems()).containsExactly("State \"Read\": Arguments.TableName someone-elses-table is not a "
                + "DynamoDB table of template.yaml (tables: [ecstatic-MemoryTable])");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "arn:aws:states:::dynamodb:putItem",
            "arn:aws:states:::dynamodb:deleteItem",
            "arn:aws:states:::aws-sdk:dynamodb:query",
            "arn:aws:states:::sns:publish"})
    void anyOtherResource_isAProblem(String resource) throws Exception {
        project(resource, "${MemoryTableName}");

        WiringCheck.Result result = WiringCheck.check(home);

        assertThat(result.problems()).containsExactly("State \"Read\": Resource " + resource
                + " is not arn:aws:states:::lambda:invoke nor arn:aws:states:::dynamodb:getItem, "
                + "arn:aws:states:::dynamodb:updateItem, arn:aws:states:::aws-sdk:dynamodb:scan");
    }

    private void definition(String readState) throws Exception {
        Files.writeString(home.resolve("statemachine/ecstatic.asl.json"), """
                {"QueryLanguage": "JSONata", "StartAt": "Echo", "States": {
                  "Echo": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                           "Arguments": {"FunctionName": "${EchoArn}", "Payload": {"name": "x"}}, "Next": "Read"},
                  "Read": %s}}
                """.formatted(readState));
    }

    @Test
    void aScanWhoseArgumentsAreOneExpression_isCheckedOnTheTableNamedInIt() throws Exception {
        project("arn:aws:states:::aws-sdk:dynamodb:scan", "${MemoryTableName}");
        definition("""
                {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:dynamodb:scan",
                 "Arguments": "{% { 'TableName': '${MemoryTableName}', 'ProjectionExpression': '#s', 'Limit': 25 } %}",
                 "End": true}""");

        WiringCheck.Result result = WiringCheck.check(home);

        assertThat(result.problems()).isEmpty();
        assertThat(result.tables()).containsExactly("MemoryTable");
    }

    @Test
    void aScanOnAnotherTable_isAProblem() throws Exception {
        project("arn:aws:states:::aws-sdk:dynamodb:scan", "${MemoryTableName}");
        definition("""
                {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:dynamodb:scan",
                 "Arguments": "{% { 'TableName': 'other', 'Limit': 50 } %}", "End": true}""");

        assertThat(WiringCheck.check(home).problems()).filteredOn(p -> p.startsWith("State"))
                .containsExactly("State \"Read\": Arguments.TableName other is not a DynamoDB table of template.yaml "
                        + "(tables: [ecstatic-MemoryTable])");
    }

    @Test
    void aDynamoDbTaskMatchingAnErrorItNeverRaises_isAProblem() throws Exception {
        project("arn:aws:states:::dynamodb:getItem", "${MemoryTableName}");
        definition("""
                {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem",
                 "Arguments": {"TableName": "${MemoryTableName}", "Key": {"scope": {"S": "a"}, "cluster": {"S": "c"}}},
                 "Retry": [{"ErrorEquals": ["DynamoDb.ConditionalCheckFailedException", "DynamoDB.InternalServerErrorException",
                                            "States.Timeout"]}],
                 "End": true}""");

        assertThat(WiringCheck.check(home).problems()).singleElement().asString().contains("State \"Read\": Retry matches "
                + "DynamoDb.ConditionalCheckFailedException, which this task never raises: its errors are "
                + "DynamoDB.<exception class> or States.*");
    }
}
