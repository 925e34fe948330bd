package dev.ecstatic.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.ecstatic.functions.model.Cluster;
import dev.ecstatic.functions.model.SummarizeRequest;
import dev.ecstatic.functions.model.SummarizeResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * State "Summarize the results": reads the Distributed Map's ResultWriter manifest and result files
 * (COMPACT, JSONL: a succeeded child's line is its RunRecord, a failed one's its execution with Input,
 * Error and Cause), writes {@code runs/<executionName>/report.jsonl} and answers the bounded summary.
 *
 * <p><b>Stand-in of helper P14b's worktree only</b>, so that the parent state machine runs end to end
 * there: it is replaced by helper P14a's SummarizeHandler (with its tests) at the merge.
 */
public class SummarizeHandler implements RequestHandler<SummarizeRequest, SummarizeResponse> {
    /**
     * Worst case of one invocation (the stand-in's assumption: the manifest, at most two result files of
     * 5 GB each, and the report), which the function's Timeout in template.yaml covers (TimeoutsTest).
     */
    static final java.time.Duration WORST_CASE = Clients.S3_CALL_TIMEOUT.multipliedBy(4).plus(Clients.OWN_WORK);
    /** A failed child's Cause, clipped, so that 100 of them stay far below the 256 KiB payload limit. */
    static final int MAX_CAUSE = 1_000;

    private final S3Client s3;

    public SummarizeHandler() {
        this(System.getenv());
    }

    public SummarizeHandler(Map<String, String> env) {
        this(Clients.s3(env));
    }

    SummarizeHandler(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public SummarizeResponse handleRequest(SummarizeRequest request, Context context) {
        String bucket = request.manifest().bucket();
        Object manifest = Json.parse(read(bucket, request.manifest().key()));
        Map<?, ?> files = manifest instanceof Map<?, ?> m && m.get("ResultFiles") instanceof Map<?, ?> f ? f : Map.of();
        StringBuilder report = new StringBuilder();
        Map<String, Long> outcomes = new LinkedHashMap<>();
        long records = 0;
        long notificationsFailed = 0;
        List<SummarizeResponse.FailedBranch> failed = new ArrayList<>();
        int failedCount = 0;
        for (String status : List.of("SUCCEEDED", "FAILED", "PENDING")) {
            for (Object file : files.get(status) instanceof List<?> list ? list : List.of()) {
                String key = String.valueOf(((Map<?, ?>) file).get("Key"));
                for (String line : read(bucket, key).split("\n")) {
                    if (line.isBlank()) {
                        continue;
                    }
                    Map<?, ?> entry = (Map<?, ?>) Json.parse(line);
                    if (status.equals("SUCCEEDED") && entry.get("outcome") instanceof String outcome) {
                        report.append(line.strip()).append('\n');
                        outcomes.merge(outcome, 1L, Long::sum);
                        if (entry.get("notificationsFailed") instanceof Number n) {
                            notificationsFailed += n.longValue();
                        }
                    } else {
                        Cluster cluster = clusterOf(entry.get("Input"));
                        String error = entry.get("Error") instanceof String e ? e : null;
                        String cause = entry.get("Cause") instanceof String c ? clip(c, MAX_CAUSE) : null;
                        Map<String, Object> record = new LinkedHashMap<>();
                        record.put("cluster", cluster.name());
                        record.put("outcome", "ERROR");
                        record.put("instances", List.of());
                        record.put("detail", clip("child execution failed: " + (error != null ? error : "no error given"), 60));
                        report.append(Json.write(record)).append('\n');
                        outcomes.merge("ERROR", 1L, Long::sum);
                        failedCount++;
                        if (failed.size() < SummarizeResponse.MAX_FAILED) {
                            failed.add(new SummarizeResponse.FailedBranch(cluster, error, cause));
                        }
                    }
                    records++;
                }
            }
        }
        String reportKey = "runs/" + request.executionName() + "/report.jsonl";
        try {
            s3.putObject(b -> b.bucket(bucket).key(reportKey).contentType("application/x-ndjson"),
                    RequestBody.fromString(report.toString()));
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "writing " + reportKey);
        }
        Map<String, Long> totals = new LinkedHashMap<>();
        totals.put("clusters", records);
        totals.put("excluded", (long) request.excludedCount());
        totals.put("notificationsFailed", notificationsFailed);
        totals.putAll(outcomes);
        return new SummarizeResponse(totals, new SummarizeResponse.Report(bucket, reportKey, records), failed, failedCount);
    }

    private String read(String bucket, String key) {
        try {
            return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8);
        } catch (NoSuchKeyException e) {
            throw new IllegalStateException("s3://" + bucket + "/" + key + " does not exist: the Map's results are gone", e);
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "reading " + key);
        }
    }

    /** The cluster of a failed child, from the Input it was started with (a JSON text). */
    private static Cluster clusterOf(Object input) {
        Object parsed = input instanceof String text ? Json.parse(text) : input;
        Object cluster = parsed instanceof Map<?, ?> m ? m.get("cluster") : null;
        if (cluster instanceof Map<?, ?> c && c.get("name") instanceof String name && c.get("arn") instanceof String arn) {
            return new Cluster(name, arn, c.get("window") instanceof String w ? w : null,
                    c.get("silenceUntil") instanceof String s ? s : null);
        }
        return new Cluster("unknown", "unknown");
    }

    /** As the old Summarize Pass clipped: at a word boundary, with an ellipsis, within n characters. */
    static String clip(String s, int n) {
        if (s.length() <= n) {
            return s;
        }
        String head = s.substring(0, n - 1);
        String words = Character.isWhitespace(s.charAt(n - 1)) ? head : head.replaceFirst("\\S+$", "");
        words = words.replaceFirst("\\s+$", "");
        return (words.isEmpty() ? head : words) + "\u2026";
    }
}
