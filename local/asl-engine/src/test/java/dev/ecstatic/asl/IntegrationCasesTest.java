package dev.ecstatic.asl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecstatic.asl.support.InMemoryObjectStore;
import dev.ecstatic.asl.support.Recorded;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs the Distributed Map executions recorded against AWS in
 * {@code src/test/resources/conformance/integration-cases} that need only S3 objects (the
 * {@code s3-item-reader} cases: ItemReader, ReaderConfig, ItemBatcher), each against an in-memory
 * object store seeded from its {@code setup}, and compares status, output, error and cause, event
 * types and the Map Run (its ARN by shape, its outcome and error) with what AWS produced. The
 * DynamoDB and S3 Task cases need the integrations the CLI plugs in; they are run there.
 */
class IntegrationCasesTest {

    record Outcome(String name, String failure) {}

    static Path casesDirectory() {
        return ConformanceTest.conformanceDir().resolve("integration-cases");
    }

    @Test
    void recordedItemReaderExecutions_matchAws() throws IOException {
        List<Outcome> outcomes = new ArrayList<>();
        try (Stream<Path> files = Files.list(casesDirectory())) {
            for (Path file : files.filter(path -> path.getFileName().toString().startsWith("s3-item-reader."))
                    .sorted().toList()) {
                outcomes.add(run(file));
            }
        }
        long passed = outcomes.stream().filter(outcome -> outcome.failure() == null).count();
        StringBuilder report = new StringBuilder("\n[integration-cases] s3-item-reader: " + passed + "/"
                + outcomes.size() + " passed\n");
        outcomes.stream().filter(outcome -> outcome.failure() != null).forEach(outcome ->
                report.append("  FAIL ").append(outcome.name()).append(": ").append(outcome.failure()).append('\n'));
        System.out.println(report);
        assertThat(outcomes).hasSize(26);
        assertThat(passed * 100.0 / outcomes.size()).as(report.toString()).isGreaterThanOrEqualTo(95.0);
    }

    @SuppressWarnings("unchecked")
    static Outcome run(Path file) throws IOException {
        Map<String, Object> recorded = (Map<String, Object>) Json.parse(Files.readString(file));
        String name = (String) recorded.get("name");
        InMemoryObjectStore store = seeded((Map<String, Object>) recorded.get("setup"));
        Execution execution;
        try {
            StateMachine stateMachine = StateMachine.parse(Json.write(recorded.get("definition")));
            execution = Engine.builder().objectStore(store).clock(new SimulatedClock(Instant.parse("2025-01-01T00:00:00Z")))
                    .stateMachineName("RecordedStateMachine").build()
                    .run(stateMachine, "recorded", Json.write(recorded.get("input")));
        } catch (DefinitionException e) {
            return new Outcome(name, "definition refused: " + e.getProblems());
        }
        return new Outcome(name, difference(recorded, execution));
    }

    /** The case's S3 setup in memory: a bucket alone, or an object with its exact text. */
    @SuppressWarnings("unchecked")
    static InMemoryObjectStore seeded(Map<String, Object> setup) {
        InMemoryObjectStore store = new InMemoryObjectStore();
        for (Object entry : (List<Object>) setup.getOrDefault("s3", List.of())) {
            Map<String, Object> s3 = (Map<String, Object>) entry;
            if (s3.containsKey("key")) {
                store.object((String) s3.get("bucket"), (String) s3.get("key"), (String) s3.get("body"));
            } else {
                store.bucket((String) s3.get("bucket"));
            }
        }
        return store;
    }

    /** What differs from the recording, or null. */
    @SuppressWarnings("unchecked")
    static String difference(Map<String, Object> recorded, Execution execution) {
        Map<String, Object> expected = (Map<String, Object>) recorded.get("expected");
        if (!expected.get("status").equals(execution.status().name())) {
            return "status " + execution.status() + " (" + execution.error() + ": " + execution.cause() + "), AWS "
                    + expected.get("status") + " " + expected.get("error");
        }
        if ("SUCCEEDED".equals(expected.get("status"))) {
            Object want = expected.get("output");
            Object got = Json.parse(execution.output());
            if (((String) recorded.get("name")).endsWith("list_objects_v2")) {
                // The test rebuilt the items: only Key, Size and StorageClass are AWS's (see the case's notes).
                want = Recorded.project(want, List.of("Key", "Size", "StorageClass"));
                got = Recorded.project(got, List.of("Key", "Size", "StorageClass"));
            }
            if (!Recorded.matches(want, got)) {
                return "output " + Json.write(got) + ", AWS " + Json.write(want);
            }
        } else {
            if (!Objects.equals(expected.get("error"), execution.error())
                    || !Recorded.matches(expected.get("cause"), execution.cause())) {
                return "error " + execution.error() + ": " + execution.cause() + ", AWS " + expected.get("error") + ": "
                        + expected.get("cause");
            }
        }
        List<String> wantTypes = ((List<Object>) recorded.get("historyEventTypes")).stream().map(String::valueOf).toList();
        List<String> gotTypes = execution.history().stream().map(HistoryEvent::type).toList();
        if (!wantTypes.equals(gotTypes)) {
            return "history " + gotTypes + ", AWS " + wantTypes;
        }
        return mapRunDifference((Map<String, Object>) recorded.get("mapRun"), execution);
    }

    private static String mapRunDifference(Map<String, Object> mapRun, Execution execution) {
        if (mapRun == null) {
            return null;
        }
        HistoryEvent started = first(execution, "MapStateStarted");
        if (started == null || !Json.equal(mapRun.get("mapStateStartedLength"),
                ((Map<?, ?>) Json.parse(started.detailsJson())).get("length"))) {
            return "MapStateStarted " + (started == null ? "missing" : started.detailsJson()) + ", AWS length "
                    + mapRun.get("mapStateStartedLength");
        }
        HistoryEvent runStarted = first(execution, "MapRunStarted");
        if (Boolean.TRUE.equals(mapRun.get("mapRunStarted"))
                && (runStarted == null || !Recorded.matches(mapRun.get("mapRunArn"), runStarted.detail("mapRunArn")))) {
            return "MapRunStarted " + (runStarted == null ? "missing" : runStarted.detail("mapRunArn")) + ", AWS "
                    + mapRun.get("mapRunArn");
        }
        HistoryEvent failed = first(execution, "MapRunFailed");
        if ("MapRunFailed".equals(mapRun.get("outcome")) && (failed == null
                || !Objects.equals(mapRun.get("error"), failed.detail("error"))
                || !Objects.equals(mapRun.get("cause"), failed.detail("cause")))) {
            return "MapRunFailed " + (failed == null ? "missing" : failed.detailsJson()) + ", AWS " + mapRun.get("error")
                    + ": " + mapRun.get("cause");
        }
        return null;
    }

    private static HistoryEvent first(Execution execution, String type) {
        return execution.history().stream().filter(event -> event.type().equals(type)).findFirst().orElse(null);
    }
}
