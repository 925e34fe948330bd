package dev.ecstatic.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecstatic.cli.Main;
import dev.ecstatic.cli.simulate.StackTables;
import dev.ecstatic.cli.wiring.TemplateWiring;
import dev.ecstatic.simulator.AwsSimulator;
import dev.ecstatic.simulator.Fleet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@code ecstatic run --table ID=NAME}: the deployed stack's table, whose name CloudFormation generated. */
class RunTablesTest {

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
                        MemoryTableName: !Ref MemoryTable
                """);
        Files.writeString(home.resolve("statemachine/ecstatic.asl.json"), """
                {"QueryLanguage": "JSONata", "StartAt": "Remember", "States": {
                  "Remember": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:updateItem",
                    "Arguments": {"TableName": "${MemoryTableName}",
                      "Key": {"scope": {"S": "123456789012#us-east-1"}, "cluster": {"S": "prod-web"}},
                      "UpdateExpression": "SET lastOutcome = :o", "ExpressionAttributeValues": {":o": {"S": "HEALTHY"}}},
                    "Output": {"clusters": [], "totals": {}}, "End": true}}}
                """);
        System.setProperty("ecstatic.home", home.toString());
        SDK.forEach(System::setProperty);
    }

    @AfterEach
    void forget() {
        System.clearProperty("ecstatic.home");
        System.clearProperty("aws.endpointUrlDynamoDb");
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
    void aTableTheStateMachineUses_mustBeNamed() {
        assertThat(ecstatic("run")).isEqualTo(1);
        assertThat(err.toString()).contains("ecstatic run: the state machine uses the table MemoryTable: give the "
                + "deployed stack's name for it, --table MemoryTable=NAME").doesNotContain("\tat ");
    }

    @Test
    void theNamedTableIsTheOneWritten() throws Exception {
        Fleet noFleet = Fleet.parse("{\"latestAgentVersion\": \"1.0.0\", \"clusters\": []}", "no fleet");
        try (AwsSimulator simulator = AwsSimulator.start(noFleet, 0, Clock.systemUTC());
             DynamoDbClient dynamo = StackTables.client(simulator.endpoint(), "us-east-1")) {
            TemplateWiring deployed = TemplateWiring.load(home.resolve("template.yaml"), "us-east-1", "123456789012",
                    Map.of(), Map.of("MemoryTable", "ecstatic-MemoryTable-1XYZ"));
            StackTables.create(dynamo, deployed.tables().values());
            System.setProperty("aws.endpointUrlDynamoDb", simulator.endpoint().toString());
            // run asks STS for the home account (AWS::AccountId): the simulator's, the main account.
            System.setProperty("aws.endpointUrlSts", simulator.endpoint().toString());

            int code = ecstatic("run", "--table", "MemoryTable=ecstatic-MemoryTable-1XYZ");

            assertThat(code).as(err.toString()).isZero();
            assertThat(dynamo.scan(b -> b.tableName("ecstatic-MemoryTable-1XYZ")).items())
                    .extracting(item -> item.get("lastOutcome")).containsExactly(AttributeValue.fromS("HEALTHY"));
        }
    }

    @Test
    void aNameForATableTheTemplateDoesNotHave_exits1() {
        assertThat(ecstatic("run", "--table", "Memory=x")).isEqualTo(1);
        assertThat(err.toString()).contains("no DynamoDB table Memory (tables: [MemoryTable])");
    }
}
