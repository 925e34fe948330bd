package dev.ecstatic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecstatic.cli.local.WiringCheck;
import dev.ecstatic.cli.simulate.SimulateCommand;
import dev.ecstatic.simulator.AwsSimulator;
import dev.ecstatic.simulator.Fleet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The commands as a user types them: arguments, stdout, stderr and exit codes. */
class CommandsTest {

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final ObjectMapper json = new ObjectMapper();

    int ecstatic(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void simulateJsonPrintsExactlyOneDocumentOfTheDesignedShape() throws Exception {
        int code = ecstatic("simulate", "--json", "--runs", "2");

        assertThat(code).isZero();
        JsonNode doc = json.readTree(out.toString());
        assertThat(out.toString().strip()).startsWith("{").endsWith("}").doesNotContain("\n");
        assertThat(doc.fieldNames()).toIterable().containsExactly("runs", "messages", "fleet", "messageTimes", "sns",
                "events");
        assertThat(doc.path("sns")).as("the demo fleet's topic gets what the webhook gets").hasSize(doc.path("messages").size());
        assertThat(doc.path("events")).as("and its bus").hasSize(doc.path("messages").size());
        // Each message's arrival on the simulated clock, within the runs (the demo's start at 09:00 UTC).
        assertThat(doc.path("messageTimes")).hasSize(doc.path("messages").size());
        assertThat(doc.path("messageTimes").get(0).asText()).startsWith("2026-01-05T09:");
        assertThat(doc.path("runs").get(1).path("start").asText()).isEqualTo("2026-01-05T10:00:00Z");
        assertThat(doc.path("runs").get(1).path("end").asText()).isGreaterThan("2026-01-05T10:00:00Z");
        // The demo's agents after the first run: four platforms, linux/x86_64 partly at the newest (1.89.0).
        JsonNode agents = doc.path("runs").get(0).path("agents");
        assertThat(agents.fieldNames()).toIterable().containsExactly("bottlerocket/x86_64", "linux/arm64", "linux/x86_64",
                "windows/x86_64");
        assertThat(agents.path("linux/x86_64").path("newest").asText()).isEqualTo("1.89.0");
        assertThat(agents.path("linux/x86_64").path("atNewest").asLong()).isPositive()
                .isLessThan(agents.path("linux/x86_64").path("instances").asLong());
        assertThat(agents.path("windows/x86_64").path("atNewest").asLong()).isZero();
        long instances = 0;
        for (JsonNode platform : doc.path("runs").get(1).path("agents")) {
            instances += platform.path("instances").asLong();
        }
        long fleetAtTheEnd = 0;
        for (JsonNode count : doc.path("fleet").path("agentVersions")) {
            fleetAtTheEnd += count.asLong();
        }
        assertThat(instances).as("after the last run, every registered instance, as the fleet counts them")
                .isEqualTo(fleetAtTheEnd);
        assertThat(doc.path("runs")).hasSize(2);
        JsonNode run = doc.path("runs").get(0);
        assertThat(run.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(run.path("stats").fieldNames()).toIterable().contains("stateTransitions", "lambdaInvocations",
                "historyEvents", "maxPayloadBytes", "ecsCalls");
        List<String> outcomes = run.path("clusters").findValuesAsText("outcome");
        assertThat(outcomes).contains("STARTED", "UP_TO_DATE", "BLOCKED", "IN_PROGRESS", "NOTHING_TO_DO",
                "NONE_UPDATABLE", "ERROR");
        assertThat(run.path("clusters").get(0).fieldNames()).toIterable()
                .containsExactly("cluster", "outcome", "instances", "detail", "account", "region");
        assertThat(run.path("stats").path("ec2AutoScalingCalls").path("DescribeInstances").asInt()).isPositive();
        JsonNode webFleet = null;
        for (JsonNode c : run.path("clusters")) {
            webFleet = c.path("cluster").asText().equals("web-fleet") ? c : webFleet;
        }
        assertThat(webFleet).as("the demo's web-fleet record").isNotNull();
        assertThat(webFleet.path("amis").path("BEHIND_ASG").asInt()).as("its AMI drift").isEqualTo(2);
        assertThat(doc.path("fleet").path("amis").fieldNames()).toIterable().contains("ami-0al2023new");
        assertThat(doc.path("messages").get(0).has("text")).isTrue();
        assertThat(doc.path("messages").get(0).has("blocks")).isTrue();
        assertThat(doc.path("fleet").path("agentVersions").path("1.89.0").asLong()).isPositive();
        assertThat(doc.path("fleet").path("updateStatuses").size()).isPositive();
    }

    @Test
    void simulateDryRunShowsWouldUpdateAndWritesHistories(@TempDir Path dir) throws Exception {
        int code = ecstatic("simulate", "--dry-run", "--cluster", "prod-web", "--history", dir.toString());

        assertThat(code).isZero();
        assertThat(out.toString()).contains("prod-web").contains("WOULD_UPDATE").contains("Fleet at the end");
        Path run = dir.resolve("run-1");
        assertThat(run.resolve("simulated-run-1.json")).exists();
        assertThat(Files.readString(dir.resolve("lambda.log"))).contains("\"level\"");
        try (var children = Files.list(run.resolve("children"))) {
            Path child = children.findFirst().orElseThrow();
            JsonNode events = json.readTree(child.toFile()).path("events");
            assertThat(events.get(0).path("type").asText()).isEqualTo("ExecutionStarted");
            assertThat(events.get(events.size() - 1).path("type").asText()).isEqualTo("ExecutionSucceeded");
        }
    }

    @Test
    void simulateWithABadFleetNamesTheFileAndThePath(@TempDir Path dir) throws Exception {
        Path fleet = dir.resolve("fleet.json");
        Files.writeString(fleet, "{\"latestAgentVersion\": \"1.89\", \"clusters\": []}");

        int code = ecstatic("simulate", "--fleet", fleet.toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("fleet.json").contains("$.latestAgentVersion");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void simulateReportWritesOnePageBesideTheJson(@TempDir Path dir) throws Exception {
        Path html = dir.resolve("week.html");

        int code = ecstatic("simulate", "--json", "--runs", "2", "--report", html.toString());

        assertThat(code).isZero();
        assertThat(json.readTree(out.toString()).path("runs")).hasSize(2);
        assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains("2 runs")
                .contains("id=\"convergence-figure\"").contains("prod-web").contains("</html>");
        assertThat(err.toString()).as("--json: nothing but the document, on stdout").doesNotContain("report:");
    }

    @Test
    void simulateReportToAFolderThatIsNotThere_isRefusedBeforeAnyRun(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("reports"));

        assertThat(ecstatic("simulate", "--report", dir.resolve("missing/report.html").toString())).isEqualTo(1);
        assertThat(ecstatic("simulate", "--report", folder.toString())).isEqualTo(1);

        assertThat(err.toString()).contains("--report " + dir.resolve("missing/report.html") + ": the folder "
                + dir.resolve("missing") + " does not exist")
                .contains("--report " + folder + ": is a folder; name a file")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(out.toString()).doesNotContain("Run 1");
    }

    @Test
    void simulateRefusesOutOfRangeOptionsAsUsageErrors() {
        assertThat(ecstatic("simulate", "--runs", "0")).as("could not run").isEqualTo(1);
        assertThat(ecstatic("simulate", "--max-updates", "101")).as("could not run").isEqualTo(1);
        assertThat(err.toString()).contains("--runs must be between 1 and 10000").contains("--max-updates must be between 1 and 100");
    }

    @Test
    void executeRunsAnyJsonataMachineWithMockedTasks(@TempDir Path dir) throws Exception {
        Path definition = dir.resolve("greet.asl.json");
        Files.writeString(definition, """
                {"QueryLanguage": "JSONata", "StartAt": "Greet", "States": {
                  "Greet": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                            "Arguments": {"FunctionName": "greeter", "Payload": "{% $states.input %}"},
                            "Output": "{% {'greeting': $states.result.Payload.text & ' ' & $states.input.name} %}",
                            "End": true}}}
                """);
        Path mocks = dir.resolve("mocks.json");
        Files.writeString(mocks, """
                {"StateMachines": {"greet": {"TestCases": {"Hello": {"Greet": "HelloResponse"},
                                                           "Broken": {"Greet": "Failure"}}}},
                 "MockedResponses": {"HelloResponse": {"0": {"Return": {"Payload": {"text": "hello"}}}},
                                     "Failure": {"0": {"Throw": {"Error": "Lambda.ServiceException", "Cause": "boom"}}}}}
                """);

        int ok = ecstatic("execute", definition.toString(), "--input", "{\"name\": \"ops\"}",
                "--mock-config", mocks.toString(), "--test-case", "Hello");
        assertThat(ok).isZero();
        assertThat(json.readTree(out.toString())).isEqualTo(json.readTree("{\"greeting\": \"hello ops\"}"));

        int failed = ecstatic("execute", definition.toString(), "--mock-config", mocks.toString(), "--test-case", "Broken");
        assertThat(failed).isEqualTo(2);
        assertThat(err.toString()).contains("error: Lambda.ServiceException").contains("cause: boom");
    }

    @Test
    void executeSaysWhatIsWrongWithAnInvalidDefinitionAndExitsOne(@TempDir Path dir) throws Exception {
        Path definition = dir.resolve("bad.asl.json");
        Files.writeString(definition, """
                {"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}}}
                """);

        int code = ecstatic("execute", definition.toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("\"A\"").contains("Nowhere");
    }

    @Test
    void executeNamesAMissingFileAndBadInputAndExitsOne(@TempDir Path dir) throws Exception {
        assertThat(ecstatic("execute", dir.resolve("nope.asl.json").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("no such file: " + dir.resolve("nope.asl.json"));

        Path definition = dir.resolve("ok.asl.json");
        Files.writeString(definition, "{\"QueryLanguage\": \"JSONata\", \"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Succeed\"}}}");
        assertThat(ecstatic("execute", definition.toString(), "--input", "{bad")).isEqualTo(1);
        assertThat(err.toString()).contains("--input is not JSON");
        assertThat(ecstatic("execute", definition.toString(), "--mock-config", "m.json")).isEqualTo(1);
        assertThat(err.toString()).contains("--mock-config and --test-case go together");
    }

    @Test
    void validatePassesOnTheProjectsOwnStateMachineAndTemplate() {
        int code = ecstatic("validate");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("ok:").contains("dev.ecstatic.functions.TransientAwsException");
    }

    @Test
    void validateNamesAnErrorClassThatDoesNotExistAndAnUnknownFunction(@TempDir Path dir) throws Exception {
        Path home = Home.find();
        Files.createDirectories(dir.resolve("statemachine"));
        Files.copy(home.resolve("template.yaml"), dir.resolve("template.yaml"));
        String asl = Files.readString(home.resolve("statemachine/ecstatic.asl.json"))
                .replace("dev.ecstatic.functions.TransientWebhookException", "dev.ecstatic.functions.WebhookTrouble")
                .replaceFirst("\\$\\{AssessHealthFunctionArn}", "arn:aws:lambda:us-east-1:123456789012:function:nope");
        Files.writeString(dir.resolve("statemachine/ecstatic.asl.json"), asl);

        WiringCheck.Result result = WiringCheck.check(dir);

        assertThat(result.ok()).isFalse();
        assertThat(result.problems()).anySatisfy(p -> assertThat(p).contains("dev.ecstatic.functions.WebhookTrouble")
                .contains("no such class"));
        assertThat(result.problems()).anySatisfy(p -> assertThat(p).contains("Assess health").contains("function:nope"));
        assertThat(result.problems()).anySatisfy(p -> assertThat(p).contains("AssessHealthFunctionArn").contains("not used"));
    }

    @Test
    void runExecutesTheStateMachineAgainstWhateverEndpointTheSdkIsGiven() throws Exception {
        // `run` uses the SDK's default configuration; pointing it at the simulator stands in for AWS.
        Fleet fleet = Fleet.parse("""
                { "latestAgentVersion": "1.89.0", "faults": { "throttle": false },
                  "recommended": { "amazon-linux-2023": { "ecs_agent_version": "1.88.0",
                      "ecs_runtime_version": "Docker version 25.0.8", "image_id": "ami-0al2023new" } },
                  "clusters": [ { "name": "prod-web", "instances": [ { "count": 2, "agentVersion": "1.86.3" } ] } ] }
                """, "run fleet");
        Map<String, String> properties = Map.of("aws.region", "us-east-1", "aws.accessKeyId", "AKIDRUN",
                "aws.secretAccessKey", "secret", "aws.disableEc2Metadata", "true");
        try (AwsSimulator simulator = AwsSimulator.start(fleet, 0, Clock.systemUTC())) {
            properties.forEach(System::setProperty);
            System.setProperty("aws.endpointUrlEcs", simulator.endpoint().toString());
            System.setProperty("aws.endpointUrlSsm", simulator.endpoint().toString());
            System.setProperty("aws.endpointUrlDynamoDb", simulator.endpoint().toString());
            System.setProperty("aws.endpointUrlS3", simulator.endpoint().toString());
            System.setProperty("aws.endpointUrlSts", simulator.endpoint().toString());
            System.setProperty("aws.endpointUrlOrganizations", simulator.endpoint().toString());
            // The deployed stack's memory table and runs bucket, under the names CloudFormation would have given them.
            String table = "ecstatic-MemoryTable-1A2B3C4D5E6F";
            String bucket = "ecstatic-runsbucket-1a2b3c4d5e6f";
            simulator.s3().createBucket(bucket);
            try (var dynamo = dev.ecstatic.cli.simulate.StackTables.client(simulator.endpoint(), "us-east-1")) {
                dynamo.createTable(b -> b.tableName(table).billingMode("PAY_PER_REQUEST")
                        .attributeDefinitions(a -> a.attributeName("scope").attributeType("S"),
                                a -> a.attributeName("cluster").attributeType("S"))
                        .keySchema(k -> k.attributeName("scope").keyType("HASH"),
                                k -> k.attributeName("cluster").keyType("RANGE")));

                int code = ecstatic("run", "--cluster", "prod-web", "--dry-run", "--table", "MemoryTable=" + table,
                        "--bucket", "RunsBucket=" + bucket);

                assertThat(code).as(err.toString()).isZero();
                assertThat(out.toString()).contains("status: SUCCEEDED").contains("prod-web").contains("WOULD_UPDATE");
                assertThat(simulator.callsByAction()).containsKeys("DescribeClusters", "ListContainerInstances")
                        .doesNotContainKey("UpdateContainerAgent");
                var item = dynamo.getItem(g -> g.tableName(table).key(Map.of(
                        "scope", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("123456789012#us-east-1"),
                        "cluster", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("prod-web")))).item();
                assertThat(item).as("the run remembered the cluster, and gave its lease back").containsKey("memory")
                        .doesNotContainKey("leaseOwner");
                assertThat(item.get("lastOutcome").s()).isEqualTo("WOULD_UPDATE");
                assertThat(simulator.s3().keys(bucket)).as("the run's objects are in the named bucket")
                        .anyMatch(k -> k.matches("runs/local-run-\\d+/report.jsonl"));
            }

            int failed = ecstatic("run", "--cluster", "prod-wbe", "--table", "MemoryTable=" + table,
                    "--bucket", "RunsBucket=" + bucket);

            assertThat(failed).isEqualTo(2);
            assertThat(out.toString()).contains("status: FAILED");
            assertThat(err.toString()).contains("error: ecstatic.InvalidInput").contains("prod-wbe")
                    .doesNotContain("stackTrace");
        } finally {
            properties.keySet().forEach(System::clearProperty);
            System.clearProperty("aws.endpointUrlEcs");
            System.clearProperty("aws.endpointUrlSsm");
            System.clearProperty("aws.endpointUrlDynamoDb");
            System.clearProperty("aws.endpointUrlS3");
            System.clearProperty("aws.endpointUrlSts");
            System.clearProperty("aws.endpointUrlOrganizations");
        }
    }

    @Test
    void runRefusesAParameterValueTheTemplateWouldRefuseNamingItAndNoStackTrace() {
        int code = ecstatic("run", "--parameter", "MaxUpdatesPerCluster=500");

        assertThat(code).as("could not run").isEqualTo(1);
        assertThat(err.toString()).contains("--parameter MaxUpdatesPerCluster: must match ^([1-9][0-9]?|100)$ (an integer"
                        + " from 1 to 100), was '500'")
                .doesNotContain("stackTrace").doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(out.toString()).doesNotContain("status:");
    }

    @Test
    void runWithoutCredentialsSaysWhatToSetInOneLine() throws Exception {
        assertThat(System.getenv("AWS_ACCESS_KEY_ID")).as("this test needs no AWS_ACCESS_KEY_ID in the environment").isNull();
        assertThat(System.getenv("AWS_PROFILE")).as("this test needs no AWS_PROFILE in the environment").isNull();
        Path empty = Files.createTempFile("ecstatic-no-profile", ".ini");
        Map<String, String> properties = Map.of("aws.region", "us-east-1", "aws.sharedCredentialsFile", empty.toString(),
                "aws.configFile", empty.toString(), "aws.disableEc2Metadata", "true");
        try {
            properties.forEach(System::setProperty);

            int code = ecstatic("run", "--dry-run");

            assertThat(code).as("could not run").isEqualTo(1);
            assertThat(err.toString().strip()).startsWith("ecstatic run: no AWS credentials: set AWS_PROFILE")
                    .doesNotContain("\n").doesNotContain("stackTrace").doesNotContain("ProviderChain");
        } finally {
            properties.keySet().forEach(System::clearProperty);
            Files.delete(empty);
        }
    }

    @Test
    void simulateTakesAnyTemplateParameterAndChecksItAgainstTheTemplate() throws Exception {
        int code = ecstatic("simulate", "--json", "--parameter", "ExcludeClusters=prod-web,batch");

        assertThat(code).as(err.toString()).isZero();
        JsonNode run = json.readTree(out.toString()).path("runs").get(0);
        assertThat(run.path("clusters").findValuesAsText("cluster")).doesNotContain("prod-web", "batch").contains("prod-api");
        assertThat(run.path("totals").path("excluded").asInt()).isEqualTo(3);

        assertThat(ecstatic("simulate", "--parameter", "MaxRunMinutes=50")).isEqualTo(1);
        assertThat(ecstatic("simulate", "--parameter", "WebhookUrl=http://hooks.example/T0/SECRET")).isEqualTo(1);
        assertThat(ecstatic("simulate", "--parameter", "MaxRunMinute=45")).isEqualTo(1);
        assertThat(err.toString())
                .contains("--parameter MaxRunMinutes: must be one of 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 360, 480, 720, 1440, was '50'")
                .contains("--parameter WebhookUrl: must match").doesNotContain("SECRET")
                .contains("--parameter MaxRunMinute: template.yaml has no such parameter (it has Schedule,");
    }

    @Test
    void replaceIsTheReplaceInstancesParameter_whichTheExecutionInputMayLowerButNotRaise() throws Exception {
        String drifted = "{\"clusters\": [\"prod-api\"], \"replaceInstances\": \"drifted\"}";

        assertThat(ecstatic("simulate", "--json", "--replace", "drifted", "--input", drifted)).as(err.toString()).isZero();
        assertThat(ecstatic("simulate", "--json", "--replace", "drifted", "--parameter", "ReplaceInstances=drifted",
                "--input", drifted)).as(err.toString()).isZero();
        out.getBuffer().setLength(0);
        assertThat(ecstatic("simulate", "--replace", "unupdatable", "--input", drifted)).as("the execution failed")
                .isEqualTo(2);
        assertThat(out.toString()).contains("error: ecstatic.InvalidInput")
                .contains("replaceInstances 'drifted' is more than the deployed ReplaceInstances 'unupdatable'");
        out.getBuffer().setLength(0);
        assertThat(ecstatic("simulate", "--input", drifted)).as("the template's default is never").isEqualTo(2);
        assertThat(out.toString()).contains("is more than the deployed ReplaceInstances 'never'");
    }

    @Test
    void replaceRefusesAModeTheTemplateDoesNotAllow_andAParameterThatSaysOtherwise() {
        assertThat(ecstatic("simulate", "--replace", "always")).isEqualTo(1);
        assertThat(ecstatic("run", "--replace", "Drifted")).isEqualTo(1);
        assertThat(ecstatic("simulate", "--replace", "drifted", "--parameter", "ReplaceInstances=never")).isEqualTo(1);
        assertThat(ecstatic("run", "--parameter", "ReplaceInstances=sometimes")).isEqualTo(1);

        assertThat(err.toString())
                .contains("ecstatic simulate: --replace: ReplaceInstances must be one of never, unupdatable, drifted,"
                        + " was 'always'")
                .contains("ecstatic run: --replace: ReplaceInstances must be one of never, unupdatable, drifted,"
                        + " was 'Drifted'")
                .contains("--replace drifted and --parameter ReplaceInstances=never disagree: give one of them")
                .contains("--parameter ReplaceInstances: must be one of never, unupdatable, drifted, was 'sometimes'")
                .doesNotContain("\tat ");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void theReplacementTimeoutsAreCheckedAsTheDeployWouldCheckThem() {
        assertThat(ecstatic("simulate", "--parameter", "DrainTimeoutMinutes=4")).isEqualTo(1);
        assertThat(ecstatic("simulate", "--parameter", "ReplaceTimeoutMinutes=121")).isEqualTo(1);

        assertThat(err.toString())
                .contains("--parameter DrainTimeoutMinutes: must match").contains("(an integer from 5 to 120), was '4'")
                .contains("--parameter ReplaceTimeoutMinutes: must match").contains("(an integer from 5 to 120), was '121'");
    }

    @Test
    void aParameterWithoutAnEqualsSignSaysSoInPlainWords() {
        int code = ecstatic("simulate", "--parameter", "MaxRunMinutes");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("ecstatic simulate: Value for option '--parameter' (KEY=VALUE) should be in"
                + " KEY=VALUE format but was MaxRunMinutes").doesNotContain("option option");
    }

    @Test
    void integerParametersRefuseANonIntegerAsTheDeployWould() {
        assertThat(ecstatic("simulate", "--parameter", "MaxUpdatesPerCluster=2.5")).isEqualTo(1);
        assertThat(ecstatic("run", "--parameter", "MaxRunMinutes=5.0")).isEqualTo(1);
        assertThat(ecstatic("simulate", "--parameter", "PollSeconds=1E2")).isEqualTo(1);

        assertThat(err.toString())
                .contains("--parameter MaxUpdatesPerCluster: must match ^([1-9][0-9]?|100)$ (an integer from 1 to 100), was '2.5'")
                .contains("--parameter MaxRunMinutes: must be one of 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 360, 480,"
                        + " 720, 1440, was '5.0'")
                .contains("--parameter PollSeconds: must match").contains("(an integer from 5 to 900), was '1E2'")
                .doesNotContain("\tat ");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void simulateTakesTheWholeExecutionInputAsJsonOrFromAFile(@TempDir Path dir) throws Exception {
        assertThat(ecstatic("simulate", "--json", "--input", "{\"clusters\": [\"prod-web\"], \"dryRun\": true}")).isZero();
        JsonNode run = json.readTree(out.toString()).path("runs").get(0);
        assertThat(run.path("clusters").findValuesAsText("cluster")).containsExactly("prod-web");
        assertThat(run.path("clusters").get(0).path("outcome").asText()).isIn("WOULD_UPDATE", "UNDECIDED");

        Path input = dir.resolve("input.json");
        Files.writeString(input, "{\"clusters\": [\"prod-wbe\"]}");
        out.getBuffer().setLength(0);
        assertThat(ecstatic("simulate", "--input", "@" + input)).as("the execution failed").isEqualTo(2);
        assertThat(out.toString()).contains("error: ecstatic.InvalidInput").contains("prod-wbe");
    }

    @Test
    void simulateSaysWhatIsWrongWithAnInputItCannotUse(@TempDir Path dir) {
        assertThat(ecstatic("simulate", "--input", "{\"clusters\": [")).isEqualTo(1);
        assertThat(ecstatic("simulate", "--input", "{} trailing")).isEqualTo(1);
        assertThat(ecstatic("simulate", "--input", "@" + dir.resolve("nope.json"))).isEqualTo(1);
        assertThat(ecstatic("simulate", "--input", "{}", "--dry-run")).isEqualTo(1);
        assertThat(err.toString()).contains("--input is not JSON: Unexpected end-of-input")
                .contains("--input is not JSON: Unrecognized token 'trailing'")
                .contains("--input @" + dir.resolve("nope.json") + ": no such file")
                .contains("--input is the whole execution input: give it, or --target/--cluster/--dry-run/--max-updates, not both");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void simulateRefusesAHistoryFolderItCannotWriteBeforeTheRun(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");

        int code = ecstatic("simulate", "--history", file.resolve("runs").toString());

        assertThat(code).as("could not run").isEqualTo(1);
        assertThat(err.toString()).contains("--history " + file.resolve("runs") + ": cannot create that folder");
        assertThat(out.toString()).doesNotContain("Run 1");
    }

    @Test
    void simulateOfAnEmptyFleetSucceedsAndSaysThereAreNoClusters(@TempDir Path dir) throws Exception {
        Path fleet = Files.writeString(dir.resolve("empty.json"), "{\"latestAgentVersion\": \"1.89.0\", \"clusters\": []}");

        assertThat(ecstatic("simulate", "--fleet", fleet.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Run 1: SUCCEEDED").contains("no clusters: the account has none in this region");

        out.getBuffer().setLength(0);
        assertThat(ecstatic("simulate", "--fleet", fleet.toString(), "--json")).isZero();
        JsonNode run = json.readTree(out.toString()).path("runs").get(0);
        assertThat(run.path("clusters")).isEmpty();
        assertThat(run.path("totals")).isEqualTo(json.readTree("{\"clusters\": 0, \"excluded\": 0, \"notificationsFailed\": 0}"));
    }

    @Test
    void simulateReportsMessagesTheWebhookDidNotTakeInTextAndJson(@TempDir Path dir) throws Exception {
        Path fleet = Files.writeString(dir.resolve("fleet.json"), """
                { "latestAgentVersion": "1.89.0", "faults": { "throttle": false },
                  "clusters": [ { "name": "prod-web", "instances": [ { "count": 2, "agentVersion": "1.86.3" } ] } ] }
                """);
        // An https URL (the template allows no other) on a port nothing listens on.
        String unreachable = "WebhookUrl=https://127.0.0.1:9/services/T0/B0/SECRET";

        assertThat(ecstatic("simulate", "--fleet", fleet.toString(), "--parameter", unreachable)).as(err.toString()).isZero();
        // The cluster's alert, and the day's digest (simulate posts it with the 09:00 run): both undelivered.
        assertThat(out.toString()).contains("prod-web").contains("(1 notification not delivered)")
                .contains("notifications: 2 messages not delivered after retries").doesNotContain("SECRET");

        out.getBuffer().setLength(0);
        assertThat(ecstatic("simulate", "--fleet", fleet.toString(), "--parameter", unreachable, "--json")).isZero();
        JsonNode run = json.readTree(out.toString()).path("runs").get(0);
        assertThat(run.path("totals").path("notificationsFailed").asInt()).isEqualTo(2);
        assertThat(run.path("clusters").get(0).path("notificationsFailed").asInt()).isEqualTo(1);
        assertThat(out.toString()).doesNotContain("SECRET");
    }

    @Test
    void demoFleetShipsInTheJarAndParses() throws Exception {
        Fleet demo = SimulateCommand.demoFleet();

        assertThat(demo.clusters()).extracting(Fleet.ClusterSpec::name).contains("prod-web", "payments", "sandbox");
    }
}
