package dev.ecstatic.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecstatic.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code simulate --state DIR}: the memory table is created before the first run, lasts across
 * {@code --runs} and across simulations, and the next simulation starts on the schedule after the
 * last run it remembers. A definition of our own writes the item, as the real one's Remember does.
 */
class MemoryAcrossSimulationsTest {

    @TempDir Path home;
    @TempDir Path state;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void project() throws Exception {
        Files.createDirectories(home.resolve("statemachine"));
        Files.writeString(home.resolve("template.yaml"), """
                Parameters:
                  Schedule: { Type: String, Default: rate(1 hour) }
                  WebhookUrl: { Type: String, Default: '' }
                  WebhookUrlParameter: { Type: String, Default: '' }
                Resources:
                  MemoryTable:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      BillingMode: PAY_PER_REQUEST
                      AttributeDefinitions: [{AttributeName: scope, AttributeType: S}, {AttributeName: cluster, AttributeType: S}]
                      KeySchema: [{AttributeName: scope, KeyType: HASH}, {AttributeName: cluster, KeyType: RANGE}]
                      TimeToLiveSpecification: {AttributeName: expiresAt, Enabled: true}
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
                      "UpdateExpression": "SET lastRunTime = :now, lastOutcome = :outcome, lastRun = :run ADD runs :one",
                      "ExpressionAttributeValues": {":now": {"S": "{% $states.context.Execution.StartTime %}"},
                        ":outcome": {"S": "HEALTHY"}, ":run": {"S": "{% $states.context.Execution.Id %}"}, ":one": {"N": "1"}}},
                    "Output": {"clusters": []}, "End": true}}}
                """);
        Files.writeString(home.resolve("fleet.json"), "{\"latestAgentVersion\": \"1.0.0\", \"clusters\": []}");
        System.setProperty("ecstatic.home", home.toString());
    }

    @AfterEach
    void forgetHome() {
        System.clearProperty("ecstatic.home");
    }

    private int ecstatic(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void theMemoryLastsAcrossRunsAndSimulations_andTheNextSimulationStartsAfterTheLastRun() {
        int first = ecstatic("simulate", "--fleet", home.resolve("fleet.json").toString(), "--runs", "3",
                "--state", state.toString());

        assertThat(first).as(err.toString()).isZero();
        assertThat(err.toString()).contains("table ecstatic-MemoryTable: created in " + state);
        assertThat(out.toString()).doesNotContain("UpdateItem");
        assertThat(ecstatic("state", "--state", state.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("prod-web  (123456789012#us-east-1)")
                .contains("  last run      HEALTHY at 2026-01-05T11:00:00.000Z");

        int second = ecstatic("simulate", "--fleet", home.resolve("fleet.json").toString(), "--state", state.toString());

        assertThat(second).as(err.toString()).isZero();
        assertThat(err.toString()).contains("table ecstatic-MemoryTable: found in " + state
                + ", runs resume at 2026-01-05T12:00:00Z");
        out.getBuffer().setLength(0);
        assertThat(ecstatic("state", "--state", state.toString())).isZero();
        assertThat(out.toString()).contains("  last run      HEALTHY at 2026-01-05T12:00:00.000Z");
    }

    @Test
    void withoutState_theTableIsCreatedInMemoryForEachSimulation() throws Exception {
        try (Simulation simulation = Simulation.builder(home, dev.ecstatic.simulator.Fleet.load(home.resolve("fleet.json")))
                .start()) {
            assertThat(simulation.tables()).containsExactly(new StackTables.Table("ecstatic-MemoryTable", true));
            assertThat(simulation.run("{}").run().status()).isEqualTo("SUCCEEDED");
            assertThat(simulation.now()).isEqualTo(Simulation.EPOCH);
        }
        assertThat(state).isEmptyDirectory();
    }
}
