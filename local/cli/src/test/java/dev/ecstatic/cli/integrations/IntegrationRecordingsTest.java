package dev.ecstatic.cli.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecstatic.asl.DefinitionException;
import dev.ecstatic.asl.Engine;
import dev.ecstatic.asl.Execution;
import dev.ecstatic.asl.HistoryEvent;
import dev.ecstatic.asl.SimulatedClock;
import dev.ecstatic.asl.StateMachine;
import dev.ecstatic.simulator.AwsSimulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;

/**
 * The ground truth of the integrations: every execution recorded against AWS in
 * local/asl-engine/src/test/resources/conformance/integration-cases (DynamoDB optimized and aws-sdk,
 * S3 aws-sdk, ItemReader, the unvalidated ResultWriter), run as recorded (JSONPath and JSONata; none
 * translated) by the engine with the CLI's integrations against a simulator seeded from the case's
 * {@code setup}. Compared: the status, the output or error and cause, the event types, every
 * {@code taskResults[i]} (state, resource, the parameters sent, the output or error and cause), the
 * Map Run, and the S3 objects the test read back after the execution ({@code afterExecution});
 * placeholders by shape. A definition AWS refused must be refused with AWS's words.
 *
 * <p>The recordings' bucket stand-in {@code BUCKET_NAME} is not a valid bucket name; it is replaced
 * by one, everywhere in the case, as the cases' README allows.
 */
class IntegrationRecordingsTest {
    static final Path CASES = Path.of("../asl-engine/src/test/resources/conformance/integration-cases");
    private static final String BUCKET = "ecstatic-recorded-bucket";
    private static final ObjectMapper JSON = new ObjectMapper();

    record Outcome(String kind, String name, String failure) {}

    @Test
    void everyKindOfRecordedIntegration_matchesAwsInAtLeast95PercentOfItsCases() throws IOException {
        List<Outcome> outcomes = new ArrayList<>();
        try (Stream<Path> files = Stream.concat(Files.list(CASES), Files.list(CASES.resolve("unvalidated")))) {
            for (Path file : files.filter(IntegrationRecordingsTest::isCase).sorted().toList()) {
                outcomes.add(run(file));
            }
        }
        Map<String, int[]> byKind = new TreeMap<>();
        StringBuilder report = new StringBuilder("\n[integration recordings, run as recorded, none translated]\n");
        for (Outcome outcome : outcomes) {
            int[] counts = byKind.computeIfAbsent(outcome.kind(), k -> new int[2]);
            counts[1]++;
            if (outcome.failure() == null) {
                counts[0]++;
            }
        }
        byKind.forEach((kind, counts) -> report.append("  ").append(kind).append(": ").append(counts[0]).append('/')
                .append(counts[1]).append(" passed\n"));
        outcomes.stream().filter(outcome -> outcome.failure() != null).forEach(outcome ->
                report.append("  FAIL ").append(outcome.name()).append(": ").append(outcome.failure()).append('\n'));
        System.out.println(report);

        assertThat(outcomes).as("the 51 validated recordings and the ResultWriter one").hasSize(52);
        assertThat(byKind.keySet()).containsExactly("dynamodb-aws-sdk", "dynamodb-optimized", "s3-aws-sdk",
                "s3-item-reader", "s3-result-writer");
        byKind.forEach((kind, counts) -> assertThat(counts[0] * 100.0 / counts[1]).as(kind + report)
                .isGreaterThanOrEqualTo(95.0));
    }

    private static boolean isCase(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".json") && !name.endsWith(".schema.json") && Files.isRegularFile(file);
    }

    static Outcome run(Path file) throws IOException {
        JsonNode recorded = JSON.readTree(Files.readString(file).replace("BUCKET_NAME", BUCKET));
        String name = recorded.get("name").asText();
        String kind = recorded.get("kind").asText();
        try {
            return new Outcome(kind, name, difference(recorded));
        } catch (RuntimeException e) {
            return new Outcome(kind, name, "threw " + e);
        }
    }

    /** What differs from the recording, or null. */
    static String difference(JsonNode recorded) throws IOException {
        RecordedShapes shapes = new RecordedShapes(recorded.get("placeholders"));
        JsonNode expected = recorded.get("expected");
        SimulatedClock clock = new SimulatedClock(Instant.parse("2025-11-06T23:11:42Z"));
        Setup setup = Setup.parse(recorded.get("setup").toString(), recorded.get("name").asText());
        try (EmbeddedSimulator simulator = EmbeddedSimulator.start(setup, "setup", clock.asJavaClock());
             AwsIntegrations integrations = new AwsIntegrations(EmbeddedSimulator.REGION)) {
            Engine engine = integrations.plugInto(Engine.builder()).clock(clock).region(EmbeddedSimulator.REGION)
                    .accountId(EmbeddedSimulator.ACCOUNT_ID).stateMachineName("RecordedStateMachine").build();
            StateMachine machine;
            try {
                machine = engine.parse(recorded.get("definition").toString());
            } catch (DefinitionException e) {
                return rejected(expected, e);
            }
            if ("DEFINITION_REJECTED".equals(expected.get("status").asText())) {
                return "the definition was accepted; AWS refused it: " + expected.get("cause").asText();
            }
            Execution execution = engine.run(machine, "recorded", recorded.get("input").toString());
            return firstOf(
                    outcomeDifference(recorded, shapes, execution),
                    eventTypesDifference(recorded, execution),
                    taskResultsDifference(recorded, shapes, execution),
                    mapRunDifference(recorded, shapes, execution),
                    afterExecutionDifference(recorded, shapes, simulator.simulator()),
                    resultWriterDifference(recorded, execution, simulator.simulator()));
        }
    }

    private static String firstOf(String... differences) {
        return Stream.of(differences).filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** AWS refused it at creation: the engine must refuse it with the same words at the same state. */
    private static String rejected(JsonNode expected, DefinitionException e) {
        if (!"DEFINITION_REJECTED".equals(expected.get("status").asText())) {
            return "definition refused: " + e.getProblems();
        }
        // AWS: "... SCHEMA_VALIDATION_FAILED: <problem> at /States/<state>/Resource'".
        String cause = expected.get("cause").asText().replace("arn:<partition>:", "arn:aws:");
        String state = cause.replaceAll(".* at /States/([^/]+)/Resource'$", "$1");
        String problem = cause.replaceAll(".*SCHEMA_VALIDATION_FAILED: (.*) at /States/.*", "$1");
        String wanted = "State \"" + state + "\": field \"Resource\": " + problem;
        return e.getProblems().equals(List.of(wanted)) ? null : "refused with " + e.getProblems() + ", AWS " + wanted;
    }

    private static String outcomeDifference(JsonNode recorded, RecordedShapes shapes, Execution execution)
            throws IOException {
        JsonNode expected = recorded.get("expected");
        String status = expected.get("status").asText();
        if (!status.equals(execution.status().name())) {
            return "status " + execution.status() + " (" + execution.error() + ": " + execution.cause() + "), AWS "
                    + status + " " + expected.get("error");
        }
        if ("SUCCEEDED".equals(status)) {
            JsonNode want = expected.get("output");
            JsonNode got = JSON.readTree(execution.output());
            if (recorded.get("name").asText().endsWith("list_objects_v2")) {
                // The test rebuilt the items: only Key, Size and StorageClass are AWS's (see the case's notes).
                want = project(want, "Key", "Size", "StorageClass");
                got = project(got, "Key", "Size", "StorageClass");
            }
            return shapes.difference("$.expected.output", want, got);
        }
        if (!Objects.equals(text(expected.get("error")), execution.error())) {
            return "error " + execution.error() + ": " + execution.cause() + ", AWS " + expected.get("error") + ": "
                    + expected.get("cause");
        }
        return shapes.difference("$.expected.cause", expected.get("cause"), node(execution.cause()));
    }

    private static String eventTypesDifference(JsonNode recorded, Execution execution) {
        List<String> want = new ArrayList<>();
        recorded.get("historyEventTypes").forEach(type -> want.add(type.asText()));
        List<String> got = execution.history().stream().map(HistoryEvent::type).toList();
        return want.equals(got) ? null : "history " + got + ", AWS " + want;
    }

    /** Each TaskSucceeded or TaskFailed, in order, with the state and parameters of its TaskScheduled. */
    private static String taskResultsDifference(JsonNode recorded, RecordedShapes shapes, Execution execution)
            throws IOException {
        ArrayNode got = JsonNodeFactory.instance.arrayNode();
        String state = null;
        JsonNode scheduled = null;
        for (HistoryEvent event : execution.history()) {
            JsonNode details = event.detailsJson() == null ? null : JSON.readTree(event.detailsJson());
            switch (event.type()) {
                case "TaskStateEntered" -> state = details.get("name").asText();
                case "TaskScheduled" -> scheduled = details;
                case "TaskSucceeded", "TaskFailed" -> {
                    ObjectNode result = got.addObject();
                    result.put("state", state);
                    result.put("event", event.type());
                    result.set("resourceType", details.get("resourceType"));
                    result.set("resource", details.get("resource"));
                    result.set("parameters", JSON.readTree(scheduled.get("parameters").asText()));
                    if (event.type().equals("TaskSucceeded")) {
                        result.set("output", JSON.readTree(details.get("output").asText()));
                    } else {
                        result.set("error", details.get("error"));
                        result.set("cause", details.get("cause"));
                    }
                }
                default -> { }
            }
        }
        JsonNode want = recorded.get("taskResults");
        return shapes.difference("$.taskResults", want, got);
    }

    /** The Map Run: MapStateStarted's length, the Map Run's ARN, and how it ended. */
    private static String mapRunDifference(JsonNode recorded, RecordedShapes shapes, Execution execution)
            throws IOException {
        JsonNode mapRun = recorded.get("mapRun");
        if (mapRun == null || mapRun.isNull()) {
            return null;
        }
        HistoryEvent started = first(execution, "MapStateStarted");
        if (started == null || JSON.readTree(started.detailsJson()).get("length").asInt()
                != mapRun.get("mapStateStartedLength").asInt()) {
            return "MapStateStarted " + (started == null ? "missing" : started.detailsJson()) + ", AWS length "
                    + mapRun.get("mapStateStartedLength");
        }
        HistoryEvent runStarted = first(execution, "MapRunStarted");
        if (mapRun.path("mapRunStarted").asBoolean()) {
            String difference = runStarted == null ? "MapRunStarted missing"
                    : shapes.difference("$.mapRun.mapRunArn", mapRun.get("mapRunArn"), node(runStarted.detail("mapRunArn")));
            if (difference != null) {
                return difference;
            }
        }
        if ("MapRunFailed".equals(mapRun.path("outcome").asText())) {
            HistoryEvent failed = first(execution, "MapRunFailed");
            if (failed == null || !Objects.equals(text(mapRun.get("error")), failed.detail("error"))
                    || !Objects.equals(text(mapRun.get("cause")), failed.detail("cause"))) {
                return "MapRunFailed " + (failed == null ? "missing" : failed.detailsJson()) + ", AWS "
                        + mapRun.get("error") + ": " + mapRun.get("cause");
            }
        }
        return null;
    }

    /** The objects the test read back after the execution: their exact bytes, and GetObject's answer. */
    private static String afterExecutionDifference(JsonNode recorded, RecordedShapes shapes, AwsSimulator simulator) {
        JsonNode objects = recorded.path("afterExecution").path("s3");
        for (int i = 0; i < objects.size(); i++) {
            JsonNode object = objects.get(i);
            String bucket = object.get("bucket").asText();
            String key = object.get("key").asText();
            String body = simulator.s3().getObject(bucket, key).map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                    .orElse(null);
            if (!object.get("body").asText().equals(body)) {
                return "s3://" + bucket + "/" + key + " holds " + body + ", AWS " + object.get("body");
            }
            ObjectNode got;
            try (S3Client s3 = S3Client.builder().region(software.amazon.awssdk.regions.Region.of(EmbeddedSimulator.REGION))
                    .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build()) {
                // As the test's boto3 get_object, which asks for the checksum (ChecksumMode ENABLED) by default.
                got = new SdkModelJson(SdkService.Protocol.REST_XML).toJson(s3.getObjectAsBytes(request -> request.bucket(bucket).key(key)
                        .checksumMode(ChecksumMode.ENABLED)).response());
            }
            String difference = shapes.difference("$.afterExecution.s3[" + i + "].getObject", object.get("getObject"), got);
            if (difference != null) {
                return difference;
            }
        }
        return null;
    }

    /**
     * The ResultWriter recording was not validated against AWS: its files are checked against AWS's
     * documentation (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html):
     * a manifest.json under {@code <Prefix>/<Map Run id>/} naming the Map Run, the bucket and every
     * result file with its size; the successful executions in SUCCEEDED_0.json, each with its input and
     * output as DescribeExecution gives them (Transformation NONE, the default when exporting).
     */
    private static String resultWriterDifference(JsonNode recorded, Execution execution, AwsSimulator simulator)
            throws IOException {
        if (!"s3-result-writer".equals(recorded.get("kind").asText())) {
            return null;
        }
        JsonNode output = JSON.readTree(execution.output());
        String key = output.at("/ResultWriterDetails/Key").asText();
        String folder = key.substring(0, key.length() - "manifest.json".length());
        byte[] manifestBytes = simulator.s3().getObject(BUCKET, key).orElse(null);
        if (manifestBytes == null || !key.endsWith("/manifest.json")) {
            return "no manifest at s3://" + BUCKET + "/" + key + "; objects: " + simulator.s3().keys(BUCKET);
        }
        JsonNode manifest = JSON.readTree(manifestBytes);
        JsonNode files = manifest.path("ResultFiles");
        byte[] succeeded = simulator.s3().getObject(BUCKET, folder + "SUCCEEDED_0.json").orElse(null);
        if (!BUCKET.equals(manifest.path("DestinationBucket").asText())
                || !output.get("MapRunArn").equals(manifest.get("MapRunArn"))
                || !files.path("FAILED").isEmpty() || !files.path("PENDING").isEmpty()
                || files.path("SUCCEEDED").size() != 1 || succeeded == null
                || !files.at("/SUCCEEDED/0/Key").asText().equals(folder + "SUCCEEDED_0.json")
                || files.at("/SUCCEEDED/0/Size").asLong() != succeeded.length) {
            return "manifest " + manifest + " does not describe the files " + simulator.s3().keys(BUCKET);
        }
        List<String> outputs = new ArrayList<>();
        for (JsonNode child : JSON.readTree(succeeded)) {
            if (!"SUCCEEDED".equals(child.path("Status").asText()) || !child.get("Input").equals(child.get("Output"))
                    || !child.path("ExecutionArn").asText().contains(":execution:")) {
                return "SUCCEEDED_0.json entry " + child + " is not a succeeded Pass execution as DescribeExecution gives it";
            }
            outputs.add(child.get("Output").asText());
        }
        return outputs.equals(List.of("\"Hello\"", "\"World\"")) ? null : "SUCCEEDED_0.json outputs " + outputs;
    }

    private static HistoryEvent first(Execution execution, String type) {
        return execution.history().stream().filter(event -> event.type().equals(type)).findFirst().orElse(null);
    }

    private static ArrayNode project(JsonNode array, String... names) {
        ArrayNode projected = JsonNodeFactory.instance.arrayNode();
        for (JsonNode element : array) {
            ObjectNode kept = projected.addObject();
            for (String name : names) {
                kept.set(name, element.get(name));
            }
        }
        return projected;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static JsonNode node(String text) {
        return text == null ? null : JsonNodeFactory.instance.textNode(text);
    }
}
