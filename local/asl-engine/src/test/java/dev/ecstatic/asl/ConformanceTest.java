package dev.ecstatic.asl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs the executions recorded against AWS Step Functions in {@code src/test/resources/conformance}
 * (see its README): {@code cases/} (JSONata, JSONata mixed with JSONPath, JSONPath with Assign) and
 * {@code jsonpath-cases/}. Each is compared with what AWS produced: status, output (placeholders
 * by shape), error name, the order of event types, and, for executions without concurrency, each
 * event's previousEventId and detail fields against the full recorded history. Every case must
 * match; the 15 recorded before AWS changed one link of a Map Run's history must match in all
 * but that link ({@link #SUPERSEDED_MAP_RUN_LINK}).
 */
class ConformanceTest {

    /** The recordings, copied into this module's test resources with their README (provenance, licence). */
    static Path conformanceDir() {
        try {
            return Path.of(ConformanceTest.class.getResource("/conformance/README.md").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The JSONPath recordings that link a Map Run's MapStateExited to MapRunSucceeded: all 15 were
     * recorded from 2024-02 to 2024-07. Every recording of a Map Run since (2024-11-15 on, 5 cases)
     * links it to MapRunStarted, as the engine does: AWS changed the link between the two, so these
     * 15 are superseded in that one respect. Each must match AWS in everything else (status, output,
     * error, event order, every other event's link and detail fields) and differ in that link only;
     * a case that stops differing, or differs in anything more, fails.
     */
    static final Set<String> SUPERSEDED_MAP_RUN_LINK = Set.of(
            "scenarios.map_state_config_distributed_item_selector",
            "scenarios.map_state_config_distributed_parameters",
            "scenarios.map_state_config_distributed_reentrant",
            "scenarios.map_state_config_inline_item_selector",
            "scenarios.map_state_legacy_config_distributed",
            "scenarios.map_state_legacy_config_distributed_item_selector",
            "scenarios.map_state_legacy_config_distributed_parameters",
            "scenarios.map_state_tolerated_failure_count_path.0",
            "scenarios.map_state_tolerated_failure_count_path.1",
            "scenarios.map_state_tolerated_failure_percentage_path.0",
            "scenarios.map_state_tolerated_failure_percentage_path.1",
            "scenarios.map_state_tolerated_failure_percentage_path.1.1",
            "scenarios.map_state_tolerated_failure_percentage_path.100",
            "scenarios.map_state_tolerated_failure_values.count_literal",
            "scenarios.map_state_tolerated_failure_values.percentage_literal");

    /** The superseded link was recorded before this date, the current one after it. */
    static final LocalDate MAP_RUN_LINK_CHANGED_BEFORE = LocalDate.of(2024, 11, 1);

    record Result(String name, String category, String failure) {}

    /**
     * One way this engine's history differs from the recorded one.
     *
     * @param supersededMapRunLink true when it is the MapStateExited link the recordings before
     *                             November 2024 gave (MapRunSucceeded, where the engine and AWS since link to MapRunStarted)
     */
    record Difference(String text, boolean supersededMapRunLink) {}

    @Test
    void recordedAwsExecutions_allMatch_theSupersededOnesInAllButMapStateExitedsLink() throws IOException {
        List<Result> results = new ArrayList<>();
        for (String folder : List.of("cases", "jsonpath-cases")) {
            try (Stream<Path> files = Files.list(conformanceDir().resolve(folder))) {
                for (Path file : files.filter(path -> path.toString().endsWith(".json")).sorted().toList()) {
                    results.add(runCase(file));
                }
            }
        }
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (Result result : results) {
            int[] count = counts.computeIfAbsent(result.category(), category -> new int[2]);
            count[1]++;
            if (result.failure() == null) {
                count[0]++;
            }
        }
        StringBuilder report = new StringBuilder("\n[conformance] results\n");
        counts.forEach((category, count) -> report.append(String.format("  %-14s %d/%d passed%n", category, count[0],
                count[1])));
        for (String category : counts.keySet()) {
            report.append("[conformance] ").append(category).append(" failures:\n");
            results.stream().filter(result -> result.failure() != null && result.category().equals(category))
                    .forEach(result -> report.append("  FAIL ").append(result.name()).append(": ")
                            .append(result.failure()).append('\n'));
        }
        long superseded = results.stream()
                .filter(result -> SUPERSEDED_MAP_RUN_LINK.contains(result.name()) && result.failure() == null).count();
        report.append("[conformance] ").append(superseded).append(" JSONPath cases passed differing "
                + "from AWS only in MapStateExited's link, recorded before ").append(MAP_RUN_LINK_CHANGED_BEFORE)
                .append(" (").append(ConformanceTest.class.getSimpleName()).append(".SUPERSEDED_MAP_RUN_LINK)\n");
        System.out.println(report);
        assertThat(results.stream().map(Result::name).toList()).as("the superseded cases are recorded cases")
                .containsAll(SUPERSEDED_MAP_RUN_LINK);
        assertAllPass(counts, "JSONata-only", report);
        assertAllPass(counts, "mixed", report);
        assertAllPass(counts, "JSONPath", report);
    }

    private static void assertAllPass(Map<String, int[]> counts, String category, StringBuilder report) {
        int[] count = counts.getOrDefault(category, new int[2]);
        assertThat(count[1]).as(category + " cases found").isGreaterThan(0);
        assertThat(count[0]).as(category + " cases passed (of %d)%s", count[1], report).isEqualTo(count[1]);
    }

    @SuppressWarnings("unchecked")
    static Result runCase(Path file) throws IOException {
        Map<String, Object> recorded = (Map<String, Object>) Json.parse(Files.readString(file));
        String name = (String) recorded.get("name");
        Map<String, Object> meta = (Map<String, Object>) recorded.getOrDefault("meta", Map.of());
        Map<String, Object> languages = (Map<String, Object>) meta.getOrDefault("queryLanguages", Map.of());
        String category = file.getParent().getFileName().toString().startsWith("jsonpath")
                || !"JSONata".equals(recorded.get("dialect")) ? "JSONPath"
                : languages.keySet().equals(Set.of("JSONata")) ? "JSONata-only" : "mixed";
        Path history = file.getParent().resolveSibling(file.getParent().getFileName() + "-histories")
                .resolve(name + ".history.json");
        // Event ids recorded as [0] show that LocalStack's Parallel transformer rewrote the history.
        boolean parallelTransformed = Files.exists(history) && Files.readString(history).contains("\"id\": [");
        String failure = check(recorded, parallelTransformed);
        boolean superseded = SUPERSEDED_MAP_RUN_LINK.contains(name);
        if (failure == null && superseded && !Files.exists(history)) {
            failure = "listed as superseded, but its history was not recorded";
        } else if (failure == null && Files.exists(history)) {
            List<Difference> differences = historyDifferences(recorded,
                    (Map<String, Object>) Json.parse(Files.readString(history)));
            failure = superseded ? supersededFailure(meta, differences)
                    : differences.isEmpty() ? null : differences.getFirst().text();
        }
        return new Result(name, category, failure);
    }

    /**
     * Null when a case of {@link #SUPERSEDED_MAP_RUN_LINK} differs as it must: recorded before the
     * change, and in MapStateExited's link only (at least once).
     */
    static String supersededFailure(Map<String, Object> meta, List<Difference> differences) {
        LocalDate recorded = LocalDate.parse(String.valueOf(meta.get("recordedDate")).substring(0, 10),
                DateTimeFormatter.ofPattern("dd-MM-yyyy"));
        if (!recorded.isBefore(MAP_RUN_LINK_CHANGED_BEFORE)) {
            return "listed as superseded, but recorded on " + recorded;
        }
        if (differences.isEmpty()) {
            return "listed as superseded, but its history now matches AWS's: remove it from SUPERSEDED_MAP_RUN_LINK";
        }
        return differences.stream().filter(difference -> !difference.supersededMapRunLink()).findFirst()
                .map(difference -> "superseded case differs in more than MapStateExited's link: " + difference.text())
                .orElse(null);
    }

    static Execution run(Map<String, Object> recorded) throws DefinitionException {
        StateMachine stateMachine = StateMachine.parse(Json.write(recorded.get("definition")));
        return Engine.builder().clock(new SimulatedClock(Instant.parse("2025-01-01T00:00:00Z"))).build()
                .run(stateMachine, "conformance", Json.write(recorded.get("input")));
    }

    /** Status, output, error and event types; null when they match the recording. */
    @SuppressWarnings("unchecked")
    static String check(Map<String, Object> recorded, boolean parallelTransformed) {
        Execution execution;
        try {
            execution = run(recorded);
        } catch (DefinitionException e) {
            return "definition refused: " + e.getProblems().get(0);
        } catch (RuntimeException e) {
            return "engine threw " + e;
        }
        Map<String, Object> expected = (Map<String, Object>) recorded.get("expected");
        String status = (String) expected.get("status");
        if (!status.equals(execution.status().name())) {
            return "status " + execution.status() + " (error " + execution.error() + ": " + execution.cause() + "), AWS "
                    + status + ("FAILED".equals(status) ? " with " + expected.get("error") : "");
        }
        if ("SUCCEEDED".equals(status)) {
            Object want = expected.get("output");
            Object got = Json.parse(execution.output());
            for (Object uncheckable : (List<Object>) expected.getOrDefault("outputUncheckablePaths", List.of())) {
                String path = (String) ((Map<String, Object>) uncheckable).get("path");
                blank(want, path);
                blank(got, path);
            }
            if (!Json.equal(want, got) && !matchesByShape(want, got)) {
                return "output " + Json.write(got) + ", AWS " + Json.write(want);
            }
        } else {
            Object wantError = expected.get("error");
            String error = wantError == Json.NULL ? null : (String) wantError;
            if (!Objects.equals(error, execution.error())) {
                return "error " + execution.error() + " (" + execution.cause() + "), AWS " + error;
            }
        }
        List<String> want = ((List<Object>) recorded.get("historyEventTypes")).stream().map(String::valueOf).toList();
        List<String> got = execution.history().stream().map(HistoryEvent::type).toList();
        if (parallelTransformed) {
            got = asRecordedThroughParallelTransformer(got);
        }
        if (!want.equals(got)) {
            String definition = Json.write(recorded.get("definition"));
            boolean concurrent = definition.contains("\"Parallel\"")
                    || (definition.contains("\"Map\"") && !allMapsSequential(recorded.get("definition")));
            if (!concurrent || !sorted(want).equals(sorted(got))) {
                return "history " + got + ", AWS " + want;
            }
        }
        return null;
    }

    /**
     * Every difference in previousEventId and detail field names between this engine's history and
     * the recorded one, event by event; none for executions with concurrency (their order may differ).
     */
    @SuppressWarnings("unchecked")
    static List<Difference> historyDifferences(Map<String, Object> recorded, Map<String, Object> history) {
        if (!allMapsSequential(recorded.get("definition")) || Json.write(recorded.get("definition")).contains("\"Parallel\"")) {
            return List.of();
        }
        Execution execution;
        try {
            execution = run(recorded);
        } catch (DefinitionException e) {
            return List.of();
        }
        List<Object> want = (List<Object>) history.get("events");
        List<HistoryEvent> got = execution.history();
        Map<Long, String> recordedTypes = new LinkedHashMap<>();
        for (Object event : want) {
            Map<String, Object> wanted = (Map<String, Object>) event;
            recordedTypes.put(((Number) wanted.get("id")).longValue(), (String) wanted.get("type"));
        }
        Map<Long, String> engineTypes = new LinkedHashMap<>();
        got.forEach(event -> engineTypes.put(event.id(), event.type()));
        List<Difference> differences = new ArrayList<>();
        for (int i = 0; i < Math.min(want.size(), got.size()); i++) {
            Map<String, Object> wanted = (Map<String, Object>) want.get(i);
            HistoryEvent event = got.get(i);
            long awsPrevious = ((Number) wanted.get("previousEventId")).longValue();
            if (awsPrevious != event.previousEventId()) {
                boolean supersededLink = event.type().equals("MapStateExited")
                        && "MapRunStarted".equals(engineTypes.get(event.previousEventId()))
                        && "MapRunSucceeded".equals(recordedTypes.get(awsPrevious));
                differences.add(new Difference("event " + (i + 1) + " " + event.type() + ": previousEventId "
                        + event.previousEventId() + ", AWS " + awsPrevious, supersededLink));
            }
            String key = wanted.keySet().stream().filter(field -> field.endsWith("EventDetails")).findFirst().orElse(null);
            if (!Objects.equals(key, event.detailsKey())) {
                differences.add(new Difference("event " + (i + 1) + " " + event.type() + ": details " + event.detailsKey()
                        + ", AWS " + key, false));
            } else if (key != null) {
                Set<String> wantFields = ((Map<String, Object>) wanted.get(key)).keySet();
                Set<String> gotFields = ((Map<String, Object>) Json.parse(event.detailsJson())).keySet();
                if (!wantFields.equals(gotFields)) {
                    differences.add(new Difference("event " + (i + 1) + " " + event.type() + ": detail fields " + gotFields
                            + ", AWS " + wantFields, false));
                }
            }
        }
        return differences;
    }

    /**
     * The event types as LocalStack's test recorded a Parallel execution: its
     * SfnNoneRecursiveParallelTransformer (localstack-core/localstack/testing/pytest/stepfunctions/utils.py)
     * re-sorts each Parallel's branch events, and, replacing a slice with a shorter one on the event that
     * follows ParallelStateSucceeded, drops that event (and, in nested Parallels, more). Applied to this
     * engine's history, so that like is compared with like.
     */
    static List<String> asRecordedThroughParallelTransformer(List<String> types) {
        List<String> events = new ArrayList<>(types);
        Set<String> closing = Set.of("ParallelStateSucceeded", "ParallelStateAborted", "ParallelStateExited",
                "ParallelStateFailed");
        Integer start = null;
        List<String> sublist = new ArrayList<>();
        boolean inSublist = false;
        for (int i = 0; i < events.size(); i++) {
            String type = events.get(i);
            if (closing.contains(type)) {
                // Python: events[start:i] = sorted(sublist)
                int from = start == null ? 0 : start;
                if (from <= i) {
                    events.subList(from, i).clear();
                }
                events.addAll(Math.min(from, events.size()), sorted(sublist));
                inSublist = false;
            } else if (type.equals("ParallelStateStarted")) {
                inSublist = true;
                sublist = new ArrayList<>();
                start = i + 1;
            } else if (inSublist) {
                sublist.add(type);
            }
        }
        return events;
    }

    /**
     * LocalStack's test_math_random replaced each random number by the string "RandomNumberGenerated"
     * before recording, and its transformers write "date", "start-time" and "entered-time" for
     * timestamps: these match by shape.
     */
    static boolean matchesByShape(Object want, Object got) {
        if ("RandomNumberGenerated".equals(want)) {
            return got instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue());
        }
        if (Set.of("date", "start-time", "entered-time").contains(want)) {
            return got instanceof String text && text.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        }
        if (want instanceof Map<?, ?> wanted && got instanceof Map<?, ?> given && wanted.keySet().equals(given.keySet())) {
            return wanted.keySet().stream().allMatch(key -> Json.equal(wanted.get(key), given.get(key))
                    || matchesByShape(wanted.get(key), given.get(key)));
        }
        return false;
    }

    private static List<String> sorted(List<String> types) {
        return types.stream().sorted().toList();
    }

    @SuppressWarnings("unchecked")
    private static boolean allMapsSequential(Object node) {
        if (node instanceof Map<?, ?> object) {
            if ("Map".equals(object.get("Type")) && !Integer.valueOf(1).equals(object.get("MaxConcurrency"))) {
                return false;
            }
            return object.values().stream().allMatch(ConformanceTest::allMapsSequential);
        }
        if (node instanceof List<?> array) {
            return array.stream().allMatch(ConformanceTest::allMapsSequential);
        }
        return true;
    }

    /** Replaces the value at a simple path ($.a.b) by a marker, in both outputs alike. */
    @SuppressWarnings("unchecked")
    private static void blank(Object root, String path) {
        String[] parts = path.replaceFirst("^\\$\\.?", "").split("\\.");
        Object current = root;
        for (int i = 0; i < parts.length - 1; i++) {
            if (!(current instanceof Map<?, ?> object)) {
                return;
            }
            current = object.get(parts[i]);
        }
        if (current instanceof Map<?, ?> object && object.containsKey(parts[parts.length - 1])) {
            ((Map<String, Object>) object).put(parts[parts.length - 1], "<uncheckable>");
        }
    }
}
