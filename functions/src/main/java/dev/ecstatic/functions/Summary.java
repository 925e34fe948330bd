package dev.ecstatic.functions;

import dev.ecstatic.functions.model.AmiClass;
import dev.ecstatic.functions.model.Cluster;
import dev.ecstatic.functions.model.FailedBranch;
import dev.ecstatic.functions.model.Outcome;
import dev.ecstatic.functions.model.RunRecord;
import dev.ecstatic.functions.model.SummarizeResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run's summary from the Map's result lines, pure: what the old Summarize Pass state computed from
 * the Map's inline results. A succeeded child's line is its RunRecord; a failed child's line (written
 * unchanged, as with Transformation NONE) becomes an ERROR record named from its Input; a child that
 * never started (PENDING) likewise.
 * https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html
 */
final class Summary {
    /** The ERROR record's detail of a failed child, as the old Summarize Pass wrote it (clipped to 60). */
    static final String FAILED_DETAIL = "child execution failed: ";
    static final String NOT_STARTED_ERROR = "not started";
    static final String NOT_STARTED_CAUSE = "the Map Run ended before this cluster's child execution started";

    private Summary() {
    }

    /** One line of a result file: a cluster's record, and when its child failed, what the alert needs. */
    record Entry(RunRecord record, FailedBranch failed) {
    }

    /** The records in the clusters' order, the totals and the failed branches. */
    record Result(List<RunRecord> records, Map<String, Integer> totals, List<FailedBranch> failed, int failedCount) {
    }

    /**
     * A SUCCEEDED line: the child's output, the RunRecord itself (COMPACT); a line as DescribeExecution
     * describes the execution (Transformation NONE), with the record as the JSON text of its Output, is
     * read too.
     */
    static Entry succeeded(String line) {
        Map<String, Object> object = object(Json.parse(line), "a succeeded child's result");
        if (!object.containsKey("outcome") && object.get("Output") instanceof String output) {
            object = object(Json.parse(output), "a succeeded child's Output");
        }
        return new Entry(record(object), null);
    }

    /** A FAILED line (Error, Cause, Input as JSON text): an ERROR record and a failed branch. */
    static Entry failed(String line) {
        Map<String, Object> object = object(Json.parse(line), "a failed child's result");
        String error = object.get("Error") instanceof String e && !e.isBlank() ? e : "no error given";
        String cause = object.get("Cause") instanceof String c && !c.isBlank() ? c : null;
        Cluster cluster = clusterOfInput(object.get("Input"), object.get("Name"));
        RunRecord record = RunRecord.of(cluster, Outcome.ERROR, List.of(),
                Outcomes.clip(FAILED_DETAIL + error, RunRecord.MAX_DETAIL), null);
        return new Entry(record, new FailedBranch(cluster, bounded(error, FailedBranch.MAX_ERROR_BYTES,
                FailedBranch.MAX_ERROR), cause == null ? null
                : bounded(cause, FailedBranch.MAX_CAUSE_BYTES, FailedBranch.MAX_CAUSE)));
    }

    /**
     * A reader that turns a line it cannot read into an ERROR record of its own ("(unreadable)"), so that one
     * bad line costs one record, not the run's whole report; a failed child's line that cannot be read is
     * still a failed branch, alerted as such.
     */
    static java.util.function.Function<String, Entry> tolerant(java.util.function.Function<String, Entry> reader,
                                                               boolean failedChild) {
        return line -> {
            try {
                return reader.apply(line);
            } catch (IllegalArgumentException e) {
                String why = e.getMessage() == null ? "unreadable" : e.getMessage();
                RunRecord record = new RunRecord(UNREADABLE, null, null, Outcome.ERROR, List.of(),
                        Outcomes.clip("result line unreadable: " + why, RunRecord.MAX_DETAIL), null, null);
                return new Entry(record, failedChild ? new FailedBranch(new Cluster(UNREADABLE, UNREADABLE),
                        "unreadable result line", bounded(why, FailedBranch.MAX_CAUSE_BYTES, FailedBranch.MAX_CAUSE))
                        : null);
            }
        };
    }

    /** As {@link #tolerant(java.util.function.Function, boolean)}, for a line of a child that did not fail. */
    static java.util.function.Function<String, Entry> tolerant(java.util.function.Function<String, Entry> reader) {
        return tolerant(reader, false);
    }

    /** The cluster of a result line that could not be read. */
    static final String UNREADABLE = "(unreadable)";

    /** A PENDING line (Input, Status): the child never ran, so the cluster has no record of its own. */
    static Entry pending(String line) {
        Map<String, Object> object = object(Json.parse(line), "a pending child's entry");
        Cluster cluster = clusterOfInput(object.get("Input"), null);
        RunRecord record = RunRecord.of(cluster, Outcome.ERROR, List.of(), "child execution never started", null);
        return new Entry(record, new FailedBranch(cluster, NOT_STARTED_ERROR, NOT_STARTED_CAUSE));
    }

    /**
     * The summary. Records follow {@code order} (the run's clusters as List clusters wrote them, which
     * is the order of the Map's items and so of its inline results before), matched by ARN for a failed
     * child and by name for a record; entries of clusters not in it come last, in the order given.
     */
    static Result of(List<Entry> entries, List<Cluster> order, int excludedCount) {
        Map<String, Integer> byName = new HashMap<>();
        Map<String, Integer> byArn = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            byName.putIfAbsent(order.get(i).name(), i);
            byArn.putIfAbsent(order.get(i).arn(), i);
        }
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingInt(e -> {
            Integer index = e.failed() != null ? byArn.get(e.failed().cluster().arn()) : null;
            if (index == null) {
                index = byName.get(e.record().cluster());
            }
            return index == null ? Integer.MAX_VALUE : index;
        }));

        List<RunRecord> records = sorted.stream().map(Entry::record).toList();
        Map<String, Integer> byOutcome = new LinkedHashMap<>();
        int notificationsFailed = 0;
        for (RunRecord r : records) {
            byOutcome.merge(r.outcome().name(), 1, Integer::sum);
            notificationsFailed += r.notificationsFailed() == null ? 0 : r.notificationsFailed();
        }
        Map<String, Integer> totals = new LinkedHashMap<>();
        totals.put("clusters", records.size());
        totals.put("excluded", excludedCount);
        totals.put("notificationsFailed", notificationsFailed);
        totals.putAll(byOutcome);

        List<FailedBranch> failed = sorted.stream().map(Entry::failed).filter(f -> f != null).toList();
        return new Result(records, totals, failed.stream().limit(SummarizeResponse.MAX_FAILED).toList(), failed.size());
    }

    /** A RunRecord as the runtime's serializer writes it: its fields in order, the absent ones left out. */
    static Map<String, Object> line(RunRecord record) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("cluster", record.cluster());
        if (record.account() != null) {
            line.put("account", record.account());
        }
        if (record.region() != null) {
            line.put("region", record.region());
        }
        line.put("outcome", record.outcome());
        line.put("instances", record.instances());
        line.put("detail", record.detail());
        if (record.notificationsFailed() != null) {
            line.put("notificationsFailed", record.notificationsFailed());
        }
        if (record.amis() != null) {
            line.put("amis", record.amis());
        }
        return line;
    }

    /** A Cluster line of {@code runs/<name>/clusters.jsonl}. */
    static Cluster cluster(String line) {
        return cluster(object(Json.parse(line), "a cluster"));
    }

    private static Cluster cluster(Map<String, Object> object) {
        if (!(object.get("name") instanceof String name) || !(object.get("arn") instanceof String arn)) {
            throw new IllegalArgumentException("a cluster needs a name and an arn, got " + cut(Json.write(object)));
        }
        // A failed stand-in's Input keeps why its target was unreachable, for the alert; only a stand-in may.
        String unreachable = Cluster.TARGET.equals(name) && object.get("unreachable") instanceof String u ? u : null;
        return new Cluster(name, arn, object.get("window") instanceof String w ? w : null,
                object.get("silenceUntil") instanceof String s ? s : null,
                object.get("run") instanceof String r ? r : null, unreachable);
    }

    /**
     * The cluster of a child's input ({@code {"cluster": {...}, "settings": ...}}), written as JSON text
     * (an object is read too). Without one (AWS leaves out an input too large to include), the cluster
     * is "unknown", with the child execution's name as its ARN, so that the failure is still reported.
     */
    private static Cluster clusterOfInput(Object input, Object executionName) {
        Object parsed = input;
        if (input instanceof String text) {
            try {
                parsed = Json.parse(text);
            } catch (IllegalArgumentException e) {
                parsed = null;
            }
        }
        if (parsed instanceof Map<?, ?> map && map.get("cluster") instanceof Map<?, ?> cluster
                && cluster.get("name") instanceof String && cluster.get("arn") instanceof String) {
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = (Map<String, Object>) cluster;
            return cluster(fields);
        }
        return new Cluster("unknown", executionName instanceof String name ? name : "unknown");
    }

    private static RunRecord record(Map<String, Object> object) {
        if (!(object.get("cluster") instanceof String cluster)) {
            throw new IllegalArgumentException("a record needs a cluster name, got " + cut(Json.write(object)));
        }
        Outcome outcome;
        try {
            outcome = Outcome.valueOf(String.valueOf(object.get("outcome")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cluster " + cluster + ": outcome '" + object.get("outcome")
                    + "' is not one of " + java.util.Arrays.toString(Outcome.values()));
        }
        List<String> instances = new ArrayList<>();
        if (object.get("instances") instanceof List<?> list) {
            list.forEach(i -> instances.add(String.valueOf(i)));
        }
        String detail = object.get("detail") instanceof String d ? d : "";
        Integer notificationsFailed = object.get("notificationsFailed") instanceof Number n ? n.intValue() : null;
        Map<AmiClass, Integer> amis = null;
        if (object.get("amis") instanceof Map<?, ?> counts) {
            amis = new EnumMap<>(AmiClass.class);
            for (Map.Entry<?, ?> e : counts.entrySet()) {
                try {
                    if (e.getValue() instanceof Number n) {
                        amis.put(AmiClass.valueOf(String.valueOf(e.getKey())), n.intValue());
                    }
                } catch (IllegalArgumentException unknownClass) {
                    // A class this version does not know (a newer child's): its count is left out.
                }
            }
        }
        return new RunRecord(cluster, text(object.get("account")), text(object.get("region")), outcome, instances,
                detail, notificationsFailed, amis);
    }

    private static String text(Object value) {
        return value instanceof String s ? s : null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String what) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalArgumentException(what + " is not a JSON object: " + cut(Json.write(value)));
    }

    private static String cut(String text) {
        return Outcomes.clip(text, 120);
    }

    /** At most {@code maxChars} characters and {@code maxBytes} bytes as JSON; cut text ends with "…". */
    static String bounded(String text, int maxBytes, int maxChars) {
        String cut = jsonBounded(text, maxBytes - 3);
        return Outcomes.clip(cut.length() < text.length() ? cut + "…" : text, maxChars);
    }

    /**
     * The longest prefix of {@code text} whose JSON string form (UTF-8, quotes and backslashes escaped,
     * control characters as \\u00XX) fits {@code maxBytes}: Summarize's answer is bounded in bytes (a
     * state's 256 KiB), not in characters, and a Cause is JSON full of escaped quotes.
     */
    static String jsonBounded(String text, int maxBytes) {
        int bytes = 0;
        int end = 0;
        while (end < text.length()) {
            int cp = text.codePointAt(end);
            int size = cp == '"' || cp == '\\' ? 2 : cp < 0x20 ? 6 : cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            end += Character.charCount(cp);
        }
        return text.substring(0, end);
    }
}
