package dev.ecstatic.asl.run;

import dev.ecstatic.asl.Execution;
import dev.ecstatic.asl.ExecutionStatus;
import dev.ecstatic.asl.Json;
import dev.ecstatic.asl.ObjectStore;
import dev.ecstatic.asl.ObjectStoreException;
import dev.ecstatic.asl.definition.ResultWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Distributed Map's ResultWriter. With Resource and Parameters (Arguments) it writes, under
 * {@code <Prefix>/<Map Run id>/}, the child executions grouped by status into
 * {@code SUCCEEDED_n.json}, {@code FAILED_n.json} (failed, timed out, aborted) and
 * {@code PENDING_n.json} (never started), then {@code manifest.json} listing them
 * ({@code DestinationBucket}, {@code MapRunArn}, {@code ResultFiles}); the Map's result is then
 * {@code {MapRunArn, ResultWriterDetails: {Bucket, Key}}}. WriterConfig Transformation NONE (the
 * default when exporting) writes each execution as DescribeExecution describes it, COMPACT its output
 * only, FLATTEN its output with arrays spliced in; a failed execution is always written as with
 * NONE. OutputType JSON writes an array, JSONL one line per execution. A WriterConfig alone only
 * reshapes the Map's result. Writing failures fail the Map Run with States.ResultWriterFailed.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html">ResultWriter (Map)</a>
 */
final class S3ResultWriter {
    private S3ResultWriter() {}

    /**
     * What the writer produced.
     *
     * @param result the Map state's result
     * @param resultsWritten child executions written to S3
     */
    record Written(Object result, long resultsWritten) {}

    /** One child execution of the Map Run: its input, and how it ended (null when it never started). */
    record Child(Object input, Execution execution) {}

    static Failure failed(String cause) {
        return new Failure("States.ResultWriterFailed", cause);
    }

    static Written write(StateRun run, ResultWriter writer, Map<String, Object> context, Object effectiveInput,
            MapRunIdentity mapRun, List<Child> children) {
        String transformation = writer.transformation() != null ? writer.transformation()
                : writer.exports() ? "NONE" : "COMPACT";
        if (!writer.exports()) {
            return new Written(transformed(children, transformation, mapRun), 0);
        }
        Object arguments = InputOutput.template(run, writer.arguments(), context, effectiveInput);
        String bucket = argument(arguments, "Bucket");
        String prefix = arguments instanceof Map<?, ?> object && object.get("Prefix") instanceof String text ? text : "";
        ObjectStore store = run.interpreter.settings().objectStore();
        if (store == null) {
            throw failed("No object store is configured to write the results (Engine.Builder.objectStore).");
        }
        String folder = (prefix.isEmpty() ? "" : prefix.endsWith("/") ? prefix : prefix + "/") + mapRun.id() + "/";
        boolean lines = "JSONL".equals(writer.outputType());
        Map<String, List<Object>> byStatus = new LinkedHashMap<>();
        byStatus.put("FAILED", new ArrayList<>());
        byStatus.put("PENDING", new ArrayList<>());
        byStatus.put("SUCCEEDED", new ArrayList<>());
        long written = 0;
        for (Child child : children) {
            if (child.execution() == null) {
                byStatus.get("PENDING").add(pending(child.input()));
            } else if (child.execution().status() == ExecutionStatus.SUCCEEDED) {
                appendSucceeded(byStatus.get("SUCCEEDED"), child.execution(), transformation, mapRun);
                written++;
            } else {
                byStatus.get("FAILED").add(described(child.execution(), mapRun));
                written++;
            }
        }
        try {
            Map<String, Object> resultFiles = new LinkedHashMap<>();
            for (Map.Entry<String, List<Object>> status : byStatus.entrySet()) {
                resultFiles.put(status.getKey(), writeFiles(store, bucket, folder, status.getKey(), status.getValue(), lines));
            }
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("DestinationBucket", bucket);
            manifest.put("MapRunArn", mapRun.arn());
            manifest.put("ResultFiles", resultFiles);
            store.put(bucket, folder + "manifest.json", Json.write(manifest).getBytes(StandardCharsets.UTF_8));
        } catch (ObjectStoreException e) {
            throw failed(S3ItemReader.describe(e));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("Bucket", bucket);
        details.put("Key", folder + "manifest.json");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("MapRunArn", mapRun.arn());
        result.put("ResultWriterDetails", details);
        return new Written(result, written);
    }

    /** The Map's result without export: each execution transformed (COMPACT: its output). */
    private static List<Object> transformed(List<Child> children, String transformation, MapRunIdentity mapRun) {
        List<Object> results = new ArrayList<>();
        for (Child child : children) {
            if (child.execution() == null) {
                continue;
            }
            if (child.execution().status() == ExecutionStatus.SUCCEEDED) {
                appendSucceeded(results, child.execution(), transformation, mapRun);
            } else {
                results.add(described(child.execution(), mapRun));
            }
        }
        return results;
    }

    private static void appendSucceeded(List<Object> into, Execution execution, String transformation,
            MapRunIdentity mapRun) {
        Object output = Json.parse(execution.output());
        switch (transformation) {
            case "NONE" -> into.add(described(execution, mapRun));
            case "FLATTEN" -> {
                if (output instanceof List<?> array) {
                    into.addAll(array);
                } else {
                    into.add(output);
                }
            }
            default -> into.add(output);
        }
    }

    /**
     * A child execution as DescribeExecution describes it.
     *
     * @see <a href="https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html">DescribeExecution</a>
     */
    static Map<String, Object> described(Execution execution, MapRunIdentity mapRun) {
        boolean succeeded = execution.status() == ExecutionStatus.SUCCEEDED;
        Map<String, Object> described = new LinkedHashMap<>();
        if (!succeeded) {
            described.put("Cause", execution.cause() == null ? Json.NULL : execution.cause());
            described.put("Error", execution.error() == null ? Json.NULL : execution.error());
        }
        described.put("ExecutionArn", execution.arn());
        described.put("Input", Json.write(inputOf(execution)));
        described.put("InputDetails", Map.of("Included", true));
        described.put("Name", execution.name());
        if (succeeded) {
            described.put("Output", execution.output());
            described.put("OutputDetails", Map.of("Included", true));
        }
        described.put("RedriveCount", 0);
        described.put("RedriveStatus", succeeded ? "NOT_REDRIVABLE" : "REDRIVABLE_BY_MAP_RUN");
        if (succeeded) {
            described.put("RedriveStatusReason", "Execution is SUCCEEDED and cannot be redriven");
        }
        described.put("StartDate", ContextTime.format(execution.startDate()));
        described.put("StateMachineArn", mapRun.childStateMachineArn());
        described.put("Status", execution.status().name());
        described.put("StopDate", ContextTime.format(execution.stopDate()));
        return described;
    }

    /** The input an execution started with, from its ExecutionStarted event. */
    private static Object inputOf(Execution execution) {
        String input = execution.history().isEmpty() ? null : execution.history().get(0).detail("input");
        return input == null ? Json.NULL : Json.parse(input);
    }

    private static Map<String, Object> pending(Object input) {
        Map<String, Object> pending = new LinkedHashMap<>();
        pending.put("Input", Json.write(input));
        pending.put("InputDetails", Map.of("Included", true));
        pending.put("Status", "PENDING");
        return pending;
    }

    /** Writes {@code STATUS_0.json}, {@code STATUS_1.json}... (each at most 5 GB); returns their {Key, Size}. */
    private static List<Object> writeFiles(ObjectStore store, String bucket, String folder, String status,
            List<Object> entries, boolean lines) throws ObjectStoreException {
        List<Object> files = new ArrayList<>();
        if (entries.isEmpty()) {
            return files;
        }
        List<String> texts = entries.stream().map(Json::write).toList();
        int from = 0;
        while (from < texts.size()) {
            StringBuilder content = new StringBuilder(lines ? "" : "[");
            int to = from;
            while (to < texts.size() && (to == from || content.length() + texts.get(to).length() + 2
                    <= Limits.MAX_RESULT_FILE_BYTES)) {
                if (to > from && !lines) {
                    content.append(',');
                }
                content.append(texts.get(to)).append(lines ? "\n" : "");
                to++;
            }
            if (!lines) {
                content.append(']');
            }
            byte[] bytes = content.toString().getBytes(StandardCharsets.UTF_8);
            String key = folder + status + "_" + files.size() + ".json";
            store.put(bucket, key, bytes);
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("Key", key);
            file.put("Size", bytes.length);
            files.add(file);
            from = to;
        }
        return files;
    }

    private static String argument(Object arguments, String name) {
        if (arguments instanceof Map<?, ?> object && object.get(name) instanceof String text) {
            return text;
        }
        throw failed("The ResultWriter's " + name + " must be a string, but was: "
                + Json.write(arguments instanceof Map<?, ?> object ? object.get(name) : null));
    }
}
