package dev.ecstatic.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.ecstatic.functions.model.Cluster;
import dev.ecstatic.functions.model.ObjectLocation;
import dev.ecstatic.functions.model.Outcome;
import dev.ecstatic.functions.model.Run;
import dev.ecstatic.functions.model.RunReport;
import dev.ecstatic.functions.model.SummarizeRequest;
import dev.ecstatic.functions.model.SummarizeResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * State "Summarize the results", after the Map: reads the manifest the Map's ResultWriter wrote and
 * every result file it lists, writes the run's per-cluster records to
 * {@code runs/<executionName>/report.jsonl} (one RunRecord per line, in the order of the run's
 * clusters) and returns the totals, where the report is, and the first failed branches: a payload
 * that does not grow with the number of clusters. A Lambda and not the state machine's
 * {@code aws-sdk:s3:getObject}: an object read that way lands in the state, bounded by 256 KiB.
 */
public class SummarizeHandler implements RequestHandler<SummarizeRequest, SummarizeResponse> {
    /**
     * The most result files read. Step Functions writes up to 5 GB per file, so 10,000 clusters take one
     * file per status (SUCCEEDED, FAILED, PENDING); twelve leaves room and bounds the worst case.
     * https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html
     */
    static final int MAX_RESULT_FILES = 12;
    /** The manifest's statuses, in the order their files are read. */
    static final List<String> STATUSES = List.of("SUCCEEDED", "FAILED", "PENDING");
    /**
     * Worst case of one invocation, which the function's Timeout in template.yaml covers (TimeoutsTest):
     * GetObject of the manifest and of the run's clusters, {@link #MAX_RESULT_FILES} GetObject, 1 PutObject
     * of the report, each within {@link Clients#S3_CALL_TIMEOUT}, + {@link Clients#OWN_WORK}.
     */
    static final Duration WORST_CASE = Clients.S3_CALL_TIMEOUT.multipliedBy(2L + MAX_RESULT_FILES + 1)
            .plus(Clients.OWN_WORK);

    /** The run's clusters by outcome, dimension {@value #OUTCOME_DIMENSION}. */
    static final String CLUSTERS_METRIC = "Clusters";
    static final String OUTCOME_DIMENSION = "Outcome";

    private final SummarizeConfig config;
    private final RunsBucket bucket;

    public SummarizeHandler() {
        this(System.getenv());
    }

    public SummarizeHandler(Map<String, String> env) {
        this(SummarizeConfig.from(env), Clients.s3(env));
    }

    SummarizeHandler(SummarizeConfig config, S3Client s3) {
        this.config = config;
        this.bucket = new RunsBucket(s3);
    }

    /** Summarize's configuration: the runs bucket (ECSTATIC_RUNS_BUCKET, required) and the log level. */
    record SummarizeConfig(String runsBucket, Log.Level logLevel) {
        SummarizeConfig {
            if (runsBucket == null || runsBucket.isBlank()) {
                throw new IllegalStateException(ListClustersConfig.RUNS_BUCKET
                        + " is not set: set it to the runs bucket's name (the template's RunsBucket)");
            }
        }

        static SummarizeConfig from(Map<String, String> env) {
            return new SummarizeConfig(Env.string(env, ListClustersConfig.RUNS_BUCKET), Log.level(env));
        }
    }

    @Override
    public SummarizeResponse handleRequest(SummarizeRequest request, Context context) {
        Log log = Log.of(context, config.logLevel(), "Summarize");
        if (request == null) {
            throw new IllegalArgumentException("the request is empty: {\"manifest\", \"executionName\", \"excludedCount\", \"now\"}");
        }
        Run run = request.run();
        ObjectLocation manifest = request.manifest();
        Map<String, List<String>> files = resultFiles(bucket.text(manifest.bucket(), manifest.key(), "the Map's manifest"),
                manifest);
        List<Summary.Entry> entries = new ArrayList<>();
        Map<String, Function<String, Summary.Entry>> readers = Map.of("SUCCEEDED", Summary.tolerant(Summary::succeeded),
                "FAILED", Summary.tolerant(Summary::failed, true), "PENDING", Summary.tolerant(Summary::pending));
        for (String status : STATUSES) {
            for (String key : files.get(status)) {
                entries.addAll(bucket.lines(manifest.bucket(), key, "the Map's " + status + " result file",
                        readers.get(status)));
            }
        }
        Summary.Result summary = Summary.of(entries, order(run, log), request.excludedCount());

        String reportKey = run.reportKey();
        bucket.putJsonl(config.runsBucket(), reportKey,
                RunsBucket.jsonl(summary.records().stream().map(Summary::line).toList()), "the run's report");

        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("totals", summary.totals());
        fields.put("failedCount", summary.failedCount());
        fields.put("resultFiles", files.values().stream().mapToInt(List::size).sum());
        fields.put("report", RunsBucket.url(config.runsBucket(), reportKey));
        log.info("run summarized", fields);
        metrics(summary.totals(), log);
        return new SummarizeResponse(summary.totals(), new RunReport(config.runsBucket(), reportKey,
                summary.records().size()), summary.failed(), summary.failedCount());
    }

    /**
     * The dashboard's "clusters by outcome": one EMF line per outcome this run had, {@value #CLUSTERS_METRIC}
     * with dimensions [FunctionName, Outcome]. An outcome no cluster had sends nothing: a custom metric is
     * billed only for a month it receives data, so a stack pays for the outcomes its fleet really has (at
     * most the {@link Outcome} values, 19).
     */
    static void metrics(Map<String, Integer> totals, Log log) {
        for (Outcome outcome : Outcome.values()) {
            Integer count = totals.get(outcome.name());
            if (count != null && count > 0) {
                log.metric(CLUSTERS_METRIC, count, "Count", Map.of(OUTCOME_DIMENSION, outcome.name()));
            }
        }
    }

    /**
     * The keys of the result files by status, from the manifest
     * ({@code {"DestinationBucket", "MapRunArn", "ResultFiles": {"SUCCEEDED": [{"Key", "Size"}], …}}}).
     */
    static Map<String, List<String>> resultFiles(String text, ObjectLocation manifest) {
        String where = "the Map's manifest " + RunsBucket.url(manifest.bucket(), manifest.key());
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + " is " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> root) || !(root.get("ResultFiles") instanceof Map<?, ?> byStatus)) {
            throw new IllegalArgumentException(where + " has no ResultFiles object");
        }
        Map<String, List<String>> files = new LinkedHashMap<>();
        int count = 0;
        for (String status : STATUSES) {
            List<String> keys = new ArrayList<>();
            Object listed = byStatus.get(status);
            if (listed != null && !(listed instanceof List<?>)) {
                throw new IllegalArgumentException(where + ": ResultFiles." + status + " is not a list");
            }
            for (Object file : listed == null ? List.of() : (List<?>) listed) {
                if (!(file instanceof Map<?, ?> entry) || !(entry.get("Key") instanceof String key) || key.isBlank()) {
                    throw new IllegalArgumentException(where + ": a ResultFiles." + status + " entry has no Key");
                }
                keys.add(key);
            }
            count += keys.size();
            files.put(status, keys);
        }
        if (count > MAX_RESULT_FILES) {
            throw new IllegalStateException(where + " lists " + count + " result files; Summarize reads at most "
                    + MAX_RESULT_FILES + " (its Timeout is computed for that many)");
        }
        return files;
    }

    /**
     * The run's clusters in the order List clusters wrote them. Without that object (expired, deleted)
     * the records keep the result files' order: a warning, not a failed summary.
     */
    private List<Cluster> order(Run run, Log log) {
        try {
            return bucket.lines(config.runsBucket(), run.clustersKey(), "the run's clusters", Summary::cluster);
        } catch (RunsBucket.MissingObjectException e) {
            log.warn("records in the result files' order", Map.of("reason", e.getMessage()));
            return List.of();
        }
    }
}
