package dev.ecstatic.asl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs the executions recorded against AWS Step Functions in {@code src/test/resources/conformance}
 * (see its README) and compares output, error name and history event order with what AWS produced. The
 * JSONata-only cases are the gate (at least 95% must match); mixed and JSONPath cases are run and
 * counted only, since this engine refuses JSONPath states.
 */
class ConformanceTest {

    /** The recordings, copied into this module's test resources with their README (provenance, licence). */
    static Path conformanceDir() {
        try {
            return Path.of(ConformanceTest.class.getResource("/conformance/README.md").toURI()).getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    record Result(String name, String category, String failure) {}

    @Test
    void recordedAwsExecutions_matchWithinTolerance() throws IOException {
        Path dir = conformanceDir();
        List<Result> results = new ArrayList<>();
        for (String folder : List.of("cases", "jsonpath-cases")) {
            Path f = dir.resolve(folder);
            if (!Files.isDirectory(f)) {
                continue;
            }
            try (Stream<Path> files = Files.list(f)) {
                for (Path file : files.filter(x -> x.toString().endsWith(".json")).sorted().toList()) {
                    results.add(runCase(file));
                }
            }
        }
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (Result r : results) {
            int[] c = counts.computeIfAbsent(r.category(), k -> new int[2]);
            c[1]++;
            if (r.failure() == null) {
                c[0]++;
            }
        }
        StringBuilder sb = new StringBuilder("\n[conformance] results\n");
        counts.forEach((k, v) -> sb.append(String.format("  %-14s %d/%d passed%n", k, v[0], v[1])));
        sb.append("[conformance] JSONata-only failures:\n");
        for (Result r : results) {
            if (r.failure() != null && r.category().equals("JSONata-only")) {
                sb.append("  FAIL ").append(r.name()).append(": ").append(r.failure()).append('\n');
            }
        }
        for (String category : List.of("mixed", "JSONPath")) {
            sb.append("[conformance] ").append(category).append(" failures:\n");
            for (Result r : results) {
                if (r.failure() != null && r.category().equals(category)) {
                    sb.append("  FAIL ").append(r.name()).append(": ").append(r.failure()).append('\n');
                }
            }
        }
        System.out.println(sb);
        int[] gate = counts.getOrDefault("JSONata-only", new int[2]);
        assertThat(gate[1]).as("JSONata-only cases found").isGreaterThan(0);
        assertThat(gate[0] * 100.0 / gate[1]).as("JSONata-only pass rate (%d/%d)", gate[0], gate[1])
                .isGreaterThanOrEqualTo(95.0);
    }

    @SuppressWarnings("unchecked")
    static Result runCase(Path file) throws IOException {
        Map<String, Object> c = (Map<String, Object>) Json.parse(Files.readString(file));
        String name = (String) c.get("name");
        Map<String, Object> meta = (Map<String, Object>) c.getOrDefault("meta", Map.of());
        Map<String, Object> qls = (Map<String, Object>) meta.getOrDefault("queryLanguages", Map.of());
        String category = !"JSONata".equals(c.get("dialect")) ? "JSONPath"
                : qls.keySet().equals(java.util.Set.of("JSONata")) ? "JSONata-only" : "mixed";
        if (file.getParent().getFileName().toString().startsWith("jsonpath")) {
            category = "JSONPath";
        }
        Path recorded = file.getParent().resolveSibling(file.getParent().getFileName() + "-histories")
                .resolve(name + ".history.json");
        // Event ids recorded as [0] show that LocalStack's Parallel transformer rewrote the history.
        boolean transformed = Files.exists(recorded) && Files.readString(recorded).contains("\"id\": [");
        String failure = check(c, transformed);
        if (failure == null && Files.exists(recorded)) {
            failure = checkHistoryShape(c, (Map<String, Object>) Json.parse(Files.readString(recorded)));
        }
        return new Result(name, category, failure);
    }

    /**
     * For executions without concurrency, compares each event's previousEventId and the names of its
     * detail fields with the full history recorded from AWS.
     */
    @SuppressWarnings("unchecked")
    static String checkHistoryShape(Map<String, Object> c, Map<String, Object> recorded) {
        if (!allMapsSequential(c.get("definition")) || Json.write(c.get("definition")).contains("\"Parallel\"")) {
            return null;
        }
        StateMachine sm;
        try {
            sm = StateMachine.parse(Json.write(c.get("definition")));
        } catch (DefinitionException e) {
            return null;
        }
        Execution ex = Engine.builder().clock(new SimulatedClock(Instant.parse("2025-01-01T00:00:00Z"))).build()
                .run(sm, "conformance", Json.write(c.get("input")));
        List<Object> want = (List<Object>) recorded.get("events");
        List<HistoryEvent> got = ex.history();
        for (int i = 0; i < Math.min(want.size(), got.size()); i++) {
            Map<String, Object> w = (Map<String, Object>) want.get(i);
            HistoryEvent g = got.get(i);
            if (((Number) w.get("previousEventId")).longValue() != g.previousEventId()) {
                return "event " + (i + 1) + " " + g.type() + ": previousEventId " + g.previousEventId() + ", AWS "
                        + w.get("previousEventId");
            }
            String key = w.keySet().stream().filter(k -> k.endsWith("EventDetails")).findFirst().orElse(null);
            if (!java.util.Objects.equals(key, g.detailsKey())) {
                return "event " + (i + 1) + " " + g.type() + ": details " + g.detailsKey() + ", AWS " + key;
            }
            if (key != null) {
                var wantFields = ((Map<String, Object>) w.get(key)).keySet();
                var gotFields = ((Map<String, Object>) Json.parse(g.detailsJson())).keySet();
                if (!wantFields.equals(gotFields)) {
                    return "event " + (i + 1) + " " + g.type() + ": detail fields " + gotFields + ", AWS " + wantFields;
                }
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    static String check(Map<String, Object> c, boolean parallelTransformed) {
        StateMachine sm;
        try {
            sm = StateMachine.parse(Json.write(c.get("definition")));
        } catch (DefinitionException e) {
            return "definition refused: " + e.getProblems().get(0);
        }
        Engine engine = Engine.builder().clock(new SimulatedClock(Instant.parse("2025-01-01T00:00:00Z"))).build();
        Execution ex;
        try {
            ex = engine.run(sm, "conformance", Json.write(c.get("input")));
        } catch (RuntimeException e) {
            return "engine threw " + e;
        }
        Map<String, Object> expected = (Map<String, Object>) c.get("expected");
        String status = (String) expected.get("status");
        if (!status.equals(ex.status().name())) {
            return "status " + ex.status() + " (error " + ex.error() + ": " + ex.cause() + "), AWS " + status
                    + ("FAILED".equals(status) ? " with " + expected.get("error") : "");
        }
        if ("SUCCEEDED".equals(status)) {
            Object want = expected.get("output");
            Object got = Json.parse(ex.output());
            for (Object u : (List<Object>) expected.getOrDefault("outputUncheckablePaths", List.of())) {
                String path = (String) ((Map<String, Object>) u).get("path");
                blank(want, path);
                blank(got, path);
            }
            if (!Json.equal(want, got) && !matchesByShape(want, got)) {
                return "output " + Json.write(got) + ", AWS " + Json.write(want);
            }
        } else {
            Object wantError = expected.get("error");
            String w = wantError == Json.NULL ? null : (String) wantError;
            if (!java.util.Objects.equals(w, ex.error())) {
                return "error " + ex.error() + " (" + ex.cause() + "), AWS " + w;
            }
        }
        List<String> want = ((List<Object>) c.get("historyEventTypes")).stream().map(String::valueOf).toList();
        List<String> got = ex.history().stream().map(HistoryEvent::type).toList();
        if (parallelTransformed) {
            got = asRecordedThroughParallelTransformer(got);
        }
        if (!want.equals(got)) {
            String def = Json.write(c.get("definition"));
            boolean concurrent = def.contains("\"Parallel\"") || (def.contains("\"Map\"") && !allMapsSequential(c.get("definition")));
            if (!concurrent || !sorted(want).equals(sorted(got))) {
                return "history " + got + ", AWS " + want;
            }
        }
        return null;
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
        java.util.Set<String> closing = java.util.Set.of("ParallelStateSucceeded", "ParallelStateAborted",
                "ParallelStateExited", "ParallelStateFailed");
        Integer start = null;
        List<String> sublist = new ArrayList<>();
        boolean inSublist = false;
        for (int i = 0; i < events.size(); i++) {
            String type = events.get(i);
            if (closing.contains(type)) {
                // Python: events[start:i] = sorted(sublist)
                int from = start == null ? 0 : start;
                List<String> replacement = sorted(sublist);
                if (from <= i) {
                    events.subList(from, i).clear();
                }
                events.addAll(Math.min(from, events.size()), replacement);
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

    private static List<String> sorted(List<String> l) {
        return l.stream().sorted().toList();
    }

    @SuppressWarnings("unchecked")
    private static boolean allMapsSequential(Object node) {
        if (node instanceof Map<?, ?> m) {
            if ("Map".equals(m.get("Type")) && !Integer.valueOf(1).equals(m.get("MaxConcurrency"))) {
                return false;
            }
            for (Object v : m.values()) {
                if (!allMapsSequential(v)) {
                    return false;
                }
            }
        } else if (node instanceof List<?> l) {
            for (Object v : l) {
                if (!allMapsSequential(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * LocalStack's test_math_random replaced each random number by the string "RandomNumberGenerated"
     * before recording: there, any integer matches.
     */
    static boolean matchesByShape(Object want, Object got) {
        if ("RandomNumberGenerated".equals(want)) {
            return got instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue());
        }
        // LocalStack's placeholders for timestamps.
        if (java.util.Set.of("date", "start-time", "entered-time").contains(want)) {
            return got instanceof String s && s.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        }
        if (want instanceof Map<?, ?> w && got instanceof Map<?, ?> g && w.keySet().equals(g.keySet())) {
            return w.keySet().stream().allMatch(k -> Json.equal(w.get(k), g.get(k)) || matchesByShape(w.get(k), g.get(k)));
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static void blank(Object root, String path) {
        String[] parts = path.replaceFirst("^\\$\\.?", "").split("\\.");
        Object cur = root;
        for (int i = 0; i < parts.length - 1; i++) {
            if (!(cur instanceof Map<?, ?> m)) {
                return;
            }
            cur = m.get(parts[i]);
        }
        if (cur instanceof Map<?, ?> m && m.containsKey(parts[parts.length - 1])) {
            ((Map<String, Object>) m).put(parts[parts.length - 1], "<uncheckable>");
        }
    }
}
