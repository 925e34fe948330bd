package dev.ecstatic.cli.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.ecstatic.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code start} and {@code history} against a stub speaking Step Functions' AWS JSON 1.0 protocol. */
class StepFunctionsCommandsTest {

    static final String MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:ecstatic";
    static final String EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:ecstatic:replay-1";

    final ObjectMapper json = new ObjectMapper();
    final List<String[]> requests = new ArrayList<>();
    final Map<String, Deque<String>> answers = new HashMap<>();
    HttpServer server;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void startStub() throws Exception {
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.accessKeyId", "AKIDTEST");
        System.setProperty("aws.secretAccessKey", "secret");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            synchronized (requests) {
                requests.add(new String[] {target, body});
            }
            String action = target.substring(target.indexOf('.') + 1);
            Deque<String> queue = answers.get(action);
            String answer = queue == null || queue.isEmpty() ? "{}" : queue.size() > 1 ? queue.poll() : queue.peek();
            // "400 {...}" answers with that status (an AWS error document), anything else with 200.
            int status = answer.matches("^\\d{3} .*") ? Integer.parseInt(answer.substring(0, 3)) : 200;
            byte[] bytes = (status == 200 ? answer : answer.substring(4)).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopStub() {
        server.stop(0);
        System.clearProperty("aws.region");
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    void answer(String action, String... bodies) {
        answers.put(action, new ArrayDeque<>(List.of(bodies)));
    }

    int ecstatic(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--endpoint-url=http://127.0.0.1:" + server.getAddress().getPort());
        return cli.execute(all.toArray(String[]::new));
    }

    JsonNode sent(String action) throws Exception {
        for (String[] r : requests) {
            if (r[0].equals("AWSStepFunctions." + action)) {
                return json.readTree(r[1]);
            }
        }
        throw new AssertionError("no " + action + " request among " + requests.stream().map(r -> r[0]).toList());
    }

    @Test
    void startReplaysOneClusterWithTheExecutionInputOfTheDesign() throws Exception {
        answer("StartExecution", "{\"executionArn\":\"" + EXECUTION + "\",\"startDate\":1767600000}");

        int code = ecstatic("start", "--cluster", "prod-web", "--dry-run", "--state-machine-arn", MACHINE);

        assertThat(code).isZero();
        JsonNode request = sent("StartExecution");
        assertThat(request.path("stateMachineArn").asText()).isEqualTo(MACHINE);
        assertThat(json.readTree(request.path("input").asText()))
                .isEqualTo(json.readTree("{\"clusters\":[\"prod-web\"],\"dryRun\":true}"));
        assertThat(out.toString()).contains("started " + EXECUTION)
                .contains("https://us-east-1.console.aws.amazon.com/states/home?region=us-east-1#/v2/executions/details/"
                        + EXECUTION);
    }

    @Test
    void startReplaysClustersInOtherAccountsAndRegions_eachClusterUnderTheTargetBeforeIt() throws Exception {
        answer("StartExecution", "{\"executionArn\":\"" + EXECUTION + "\",\"startDate\":1767600000}");

        int code = ecstatic("start", "--target", "222233334444/eu-west-1", "--cluster", "prod-web", "--cluster", "api",
                "--target", "555566667777/us-gov-west-1", "--dry-run", "--state-machine-arn", MACHINE);

        assertThat(code).as(err.toString()).isZero();
        assertThat(json.readTree(sent("StartExecution").path("input").asText())).isEqualTo(json.readTree("""
                {"targets": [
                   {"account": "222233334444", "region": "eu-west-1", "clusters": ["prod-web", "api"]},
                   {"account": "555566667777", "region": "us-gov-west-1"}],
                 "dryRun": true}"""));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "12345/eu-west-1            | --target 12345/eu-west-1: the account must be 12 digits, was '12345'",
        "2222333344445/eu-west-1    | the account must be 12 digits, was '2222333344445'",
        "22223333444a/eu-west-1     | the account must be 12 digits, was '22223333444a'",
        "222233334444/Ireland       | --target 222233334444/Ireland: 'Ireland' is not a region name (e.g. eu-west-1)",
        "222233334444/eu-west       | 'eu-west' is not a region name",
        "222233334444/              | '' is not a region name",
        "222233334444               | --target 222233334444: give ACCOUNT/REGION, e.g. 222233334444/eu-west-1",
        "222233334444/eu-west-1/web | give ACCOUNT/REGION"})
    void startRefusesATargetThatIsNotAnAccountAndARegion_namingTheOption(String target, String message) {
        int code = ecstatic("start", "--target", target, "--cluster", "prod-web", "--state-machine-arn", MACHINE);

        assertThat(code).as("could not run").isEqualTo(1);
        assertThat(err.toString()).startsWith("ecstatic start: ").contains(message).doesNotContain("Exception");
        assertThat(requests).isEmpty();
    }

    @Test
    void startRefusesAClusterGivenBeforeAnyTarget_andATargetGivenTwice() {
        int before = ecstatic("start", "--cluster", "prod-web", "--target", "222233334444/eu-west-1",
                "--state-machine-arn", MACHINE);

        assertThat(before).isEqualTo(1);
        assertThat(err.toString()).contains("--cluster prod-web comes before any --target");

        int twice = ecstatic("start", "--target", "222233334444/eu-west-1", "--cluster", "a",
                "--target", "222233334444/eu-west-1", "--cluster", "b", "--state-machine-arn", MACHINE);

        assertThat(twice).isEqualTo(1);
        assertThat(err.toString()).contains("--target 222233334444/eu-west-1 is given twice");

        int withInput = ecstatic("start", "--target", "222233334444/eu-west-1", "--input", "{}",
                "--state-machine-arn", MACHINE);

        assertThat(withInput).isEqualTo(1);
        assertThat(err.toString()).contains("--input is the whole execution input: give it, or --target");
        assertThat(requests).isEmpty();
    }

    @Test
    void startWaitsUntilTheExecutionEndsAndExitsTwoWhenItFailed() throws Exception {
        answer("StartExecution", "{\"executionArn\":\"" + EXECUTION + "\",\"startDate\":1767600000}");
        answer("DescribeExecution",
                "{\"executionArn\":\"" + EXECUTION + "\",\"stateMachineArn\":\"" + MACHINE + "\",\"status\":\"RUNNING\",\"startDate\":1767600000}",
                "{\"executionArn\":\"" + EXECUTION + "\",\"stateMachineArn\":\"" + MACHINE + "\",\"status\":\"FAILED\",\"startDate\":1767600000,"
                        + "\"error\":\"ecstatic.InvalidInput\",\"cause\":\"clusters[0]: cluster 'prod-wbe' not found\"}");

        int code = ecstatic("start", "--cluster", "prod-wbe", "--wait", "--poll-seconds=0", "--state-machine-arn", MACHINE);

        assertThat(code).isEqualTo(2);
        assertThat(requests.stream().filter(r -> r[0].endsWith("DescribeExecution")).count()).isEqualTo(2);
        assertThat(out.toString()).contains("status  FAILED").contains("error   ecstatic.InvalidInput");
    }

    @Test
    void startWithoutAStateMachineSaysWhereToGetOne() {
        int code = ecstatic("start", "--state-machine-arn", "");

        assertThat(code).as("could not run").isEqualTo(1);
        assertThat(err.toString()).contains("ECSTATIC_STATE_MACHINE_ARN");
        assertThat(requests).isEmpty();
    }

    @Test
    void startRefusesAnOutOfRangeMaxUpdates() {
        int code = ecstatic("start", "--max-updates", "0", "--state-machine-arn", MACHINE);

        assertThat(code).as("could not run").isEqualTo(1);
        assertThat(err.toString()).contains("--max-updates must be between 1 and 100");
        assertThat(requests).isEmpty();
    }

    @Test
    void historyOfAnExecutionThatDoesNotExistSaysSoInOneLine() {
        answer("GetExecutionHistory", "400 {\"__type\":\"com.amazonaws.swf.service.v2.model#ExecutionDoesNotExist\","
                + "\"message\":\"Execution Does Not Exist: '" + EXECUTION + "'\"}");

        int code = ecstatic("history", EXECUTION);

        assertThat(code).as("could not run").isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("ecstatic history: ExecutionDoesNotExist: Execution Does Not Exist: '"
                + EXECUTION + "'");
    }

    @Test
    void historyOfSomethingThatIsNotAnExecutionArnIsRefusedWithoutCallingAws() {
        for (String notAnExecution : List.of("nonsense", MACHINE, "arn:aws:states:us-east-1:123456789012:execution:ecstatic",
                "arn:aws:ecs:us-east-1:123456789012:cluster/prod-web")) {
            int code = ecstatic("history", notAnExecution);

            assertThat(code).as(notAnExecution).isEqualTo(1);
            assertThat(err.toString()).contains("ecstatic history: '" + notAnExecution + "' is not an execution ARN"
                    + " (arn:aws:states:REGION:ACCOUNT:execution:STATE_MACHINE:NAME)");
        }
        assertThat(requests).isEmpty();
        assertThat(err.toString()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void historyTakesTheArnOfAChildExecutionOfAMapRunAndOfAnotherPartition() {
        answer("GetExecutionHistory", "{\"events\":[]}");
        answer("DescribeExecution", "{\"executionArn\":\"x\",\"stateMachineArn\":\"" + MACHINE
                + "\",\"status\":\"SUCCEEDED\",\"startDate\":1767600000}");

        assertThat(ecstatic("history", "arn:aws:states:us-east-1:123456789012:execution:ecstatic/Cluster:3f2a9c1e-0b1d"))
                .as(err.toString()).isZero();
        assertThat(ecstatic("history", "arn:aws-cn:states:cn-north-1:123456789012:execution:ecstatic:run-1"))
                .as(err.toString()).isZero();
    }

    @Test
    void aFailedTaskOrExecutionShowsTheLambdaErrorNotItsStackTrace() throws Exception {
        String lambdaError = "{\\\"errorMessage\\\":\\\"clusters: no such cluster: prod-wbe\\\",\\\"errorType\\\":"
                + "\\\"dev.ecstatic.functions.InvalidInputException\\\",\\\"stackTrace\\\":[\\\"dev.ecstatic.functions.ListClustersHandler.handleRequest(ListClustersHandler.java:60)\\\"]}";
        answer("GetExecutionHistory", "{\"events\":[{\"id\":1,\"timestamp\":1767600000,\"type\":\"TaskFailed\","
                + "\"taskFailedEventDetails\":{\"resourceType\":\"lambda\",\"resource\":\"invoke\","
                + "\"error\":\"dev.ecstatic.functions.InvalidInputException\",\"cause\":\"" + lambdaError + "\"}}]}");
        answer("DescribeExecution", "{\"executionArn\":\"" + EXECUTION + "\",\"stateMachineArn\":\"" + MACHINE
                + "\",\"status\":\"FAILED\",\"startDate\":1767600000,\"error\":\"ecstatic.InvalidInput\",\"cause\":\""
                + lambdaError + "\"}");

        int code = ecstatic("history", EXECUTION);

        assertThat(code).isEqualTo(2);
        assertThat(out.toString()).contains("TaskFailed").contains("dev.ecstatic.functions.InvalidInputException: "
                        + "clusters: no such cluster: prod-wbe")
                .contains("cause   dev.ecstatic.functions.InvalidInputException: clusters: no such cluster: prod-wbe")
                .doesNotContain("stackTrace").doesNotContain("ListClustersHandler.java");
    }

    @Test
    void historyWithoutCredentialsSaysWhatToSetAndTakesTheRegionFromTheArn() {
        System.clearProperty("aws.region");
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        try (var none = new NoProfiles()) {
            int code = ecstatic("history", EXECUTION);

            assertThat(code).as("could not run").isEqualTo(1);
            assertThat(err.toString().strip()).isEqualTo("ecstatic history: " + AwsProblems.NO_CREDENTIALS);
            assertThat(requests).isEmpty();
        }
    }

    @Test
    void startWithoutCredentialsSaysWhatToSetInOneLine() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        try (var none = new NoProfiles()) {
            int code = ecstatic("start", "--state-machine-arn", MACHINE);

            assertThat(code).as("could not run").isEqualTo(1);
            assertThat(err.toString().strip()).isEqualTo("ecstatic start: " + AwsProblems.NO_CREDENTIALS);
        }
    }

    /**
     * No credentials anywhere the SDK's default chain looks in this JVM: empty profile files and no
     * instance metadata. Environment variables cannot be unset from a test: this one needs none set.
     */
    static final class NoProfiles implements AutoCloseable {
        NoProfiles() {
            assertThat(System.getenv("AWS_ACCESS_KEY_ID")).as("this test needs no AWS_ACCESS_KEY_ID in the environment").isNull();
            assertThat(System.getenv("AWS_PROFILE")).as("this test needs no AWS_PROFILE in the environment").isNull();
            try {
                java.nio.file.Path empty = java.nio.file.Files.createTempFile("ecstatic-no-profile", ".ini");
                empty.toFile().deleteOnExit();
                System.setProperty("aws.sharedCredentialsFile", empty.toString());
                System.setProperty("aws.configFile", empty.toString());
                System.setProperty("aws.disableEc2Metadata", "true");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            System.clearProperty("aws.sharedCredentialsFile");
            System.clearProperty("aws.configFile");
            System.clearProperty("aws.disableEc2Metadata");
        }
    }

    @Test
    void historyPrintsEveryPageOfEventsAndTheChildExecutionsOfAMapRun() throws Exception {
        answer("GetExecutionHistory",
                "{\"events\":[{\"id\":1,\"timestamp\":1767600000,\"type\":\"ExecutionStarted\"},"
                        + "{\"id\":2,\"previousEventId\":1,\"timestamp\":1767600001,\"type\":\"MapRunStarted\","
                        + "\"mapRunStartedEventDetails\":{\"mapRunArn\":\"arn:aws:states:us-east-1:123456789012:mapRun:ecstatic/Cluster:1\"}}],"
                        + "\"nextToken\":\"page-2\"}",
                "{\"events\":[{\"id\":3,\"previousEventId\":2,\"timestamp\":1767600002,\"type\":\"ExecutionSucceeded\"}]}");
        answer("ListExecutions", "{\"executions\":[{\"executionArn\":\"arn:aws:states:us-east-1:123456789012:execution:ecstatic/Cluster:1\","
                + "\"stateMachineArn\":\"" + MACHINE + "\",\"name\":\"prod-web-child\",\"status\":\"SUCCEEDED\",\"startDate\":1767600000}]}");
        answer("DescribeExecution", "{\"executionArn\":\"" + EXECUTION + "\",\"stateMachineArn\":\"" + MACHINE
                + "\",\"status\":\"SUCCEEDED\",\"startDate\":1767600000,\"output\":\"{\\\"totals\\\":{\\\"clusters\\\":1}}\"}");

        int code = ecstatic("history", EXECUTION);

        assertThat(code).isZero();
        List<JsonNode> pages = new ArrayList<>();
        for (String[] r : requests) {
            if (r[0].endsWith("GetExecutionHistory")) {
                pages.add(json.readTree(r[1]));
            }
        }
        assertThat(pages).hasSize(2);
        assertThat(pages.get(1).path("nextToken").asText()).isEqualTo("page-2");
        assertThat(sent("ListExecutions").path("mapRunArn").asText()).endsWith("mapRun:ecstatic/Cluster:1");
        assertThat(out.toString()).contains("ExecutionStarted").contains("MapRunStarted").contains("prod-web-child")
                .contains("ExecutionSucceeded").contains("status  SUCCEEDED");
    }
}
