package dev.ecstatic.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecstatic.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code simulate --parallel-runs K}: K executions start at the same simulated instant. A definition
 * of our own takes a lease (as docs/memory.md's first step), holds it through a minute's Wait and
 * gives it back: started together, one acts and the others are SKIPPED; one after the other, each acts.
 */
class ParallelRunsTest {

    @TempDir Path home;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void project() throws Exception {
        Files.createDirectories(home.resolve("statemachine"));
        Files.writeString(home.resolve("template.yaml"), """
                Parameters:
                  WebhookUrl: { Type: String, Default: '' }
                  WebhookUrlParameter: { Type: String, Default: '' }
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
        String key = "{\"scope\": {\"S\": \"123456789012#us-east-1\"}, \"cluster\": {\"S\": \"prod-web\"}}";
        Files.writeString(home.resolve("statemachine/ecstatic.asl.json"), """
                {"QueryLanguage": "JSONata", "StartAt": "Take the lease", "States": {
                  "Take the lease": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:updateItem",
                    "Arguments": {"TableName": "${MemoryTableName}", "Key": %s,
                      "UpdateExpression": "SET leaseOwner = :me",
                      "ConditionExpression": "attribute_not_exists(leaseOwner)",
                      "ExpressionAttributeValues": {":me": {"S": "{%% $states.context.Execution.Id %%}"}}},
                    "Catch": [{"ErrorEquals": ["DynamoDB.ConditionalCheckFailedException"], "Next": "Skipped"}],
                    "Next": "Work"},
                  "Work": {"Type": "Wait", "Seconds": 60, "Next": "Give the lease back"},
                  "Give the lease back": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:updateItem",
                    "Arguments": {"TableName": "${MemoryTableName}", "Key": %s, "UpdateExpression": "REMOVE leaseOwner"},
                    "Output": {"clusters": [{"cluster": "prod-web", "outcome": "ACTED"}]}, "End": true},
                  "Skipped": {"Type": "Pass", "Output": {"clusters": [{"cluster": "prod-web", "outcome": "SKIPPED"}]},
                    "End": true}}}
                """.formatted(key, key));
        Files.writeString(home.resolve("fleet.json"), "{\"latestAgentVersion\": \"1.0.0\", \"clusters\": []}");
        System.setProperty("ecstatic.home", home.toString());
    }

    @AfterEach
    void forgetHome() {
        System.clearProperty("ecstatic.home");
    }

    private List<String> outcomes(String... args) throws Exception {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of("simulate", "--fleet", home.resolve("fleet.json").toString(), "--json"));
        all.addAll(List.of(args));

        int code = cli.execute(all.toArray(String[]::new));

        assertThat(code).as(err.toString()).isZero();
        List<String> outcomes = new ArrayList<>();
        for (JsonNode run : new ObjectMapper().readTree(out.toString()).path("runs")) {
            outcomes.add(run.path("clusters").path(0).path("outcome").asText());
        }
        return outcomes;
    }

    @Test
    void executionsStartedTogether_oneTakesTheLeaseAndTheOthersAreSkipped() throws Exception {
        assertThat(outcomes("--parallel-runs", "3")).containsExactlyInAnyOrder("ACTED", "SKIPPED", "SKIPPED");
    }

    @Test
    void executionsStartedTogether_startAtTheSameSimulatedInstant() throws Exception {
        try (Simulation simulation = Simulation.builder(home,
                dev.ecstatic.simulator.Fleet.load(home.resolve("fleet.json"))).start()) {
            List<Simulation.Outcome> outcomes = simulation.runTogether(4, "{}");

            assertThat(outcomes).extracting(o -> o.execution().startDate()).containsOnly(Simulation.EPOCH);
            assertThat(outcomes).extracting(o -> o.execution().name()).containsExactly(
                    "simulated-run-1", "simulated-run-2", "simulated-run-3", "simulated-run-4");
            assertThat(outcomes).extracting(o -> o.run().clusters().getFirst().outcome())
                    .containsExactlyInAnyOrder("ACTED", "SKIPPED", "SKIPPED", "SKIPPED");
            assertThat(simulation.now()).isEqualTo(Simulation.EPOCH.plusSeconds(60));
        }
    }

    @Test
    void eachScheduledInstantStartsItsOwnTogether_afterTheLeaseOfTheLastWasGivenBack() throws Exception {
        assertThat(outcomes("--parallel-runs", "2", "--runs", "2"))
                .containsExactlyInAnyOrder("ACTED", "SKIPPED", "ACTED", "SKIPPED");
    }

    @Test
    void executionsOneAfterTheOther_eachAct() throws Exception {
        assertThat(outcomes("--runs", "3")).containsExactly("ACTED", "ACTED", "ACTED");
    }

    @Test
    void parallelRunsOutOfRange_exits1() {
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));

        assertThat(cli.execute("simulate", "--parallel-runs", "0")).isEqualTo(1);
        assertThat(err.toString()).contains("--parallel-runs must be between 1 and 100, was 0");
    }
}
