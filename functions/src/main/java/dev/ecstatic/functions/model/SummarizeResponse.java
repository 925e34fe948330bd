package dev.ecstatic.functions.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The run's summary, bounded whatever the number of clusters: {@code totals} ({@code clusters},
 * {@code excluded}, {@code notificationsFailed}, then one count per outcome in the order the records
 * show them), where the per-cluster {@code report} is, and the first {@value #MAX_FAILED} clusters whose
 * child execution failed ({@code failedCount} says how many in all).
 */
public record SummarizeResponse(Map<String, Long> totals, Report report, List<FailedBranch> failed, int failedCount) {
    public static final int MAX_FAILED = 100;

    public SummarizeResponse {
        totals = Lists.copy(totals);
        Objects.requireNonNull(report, "report");
        failed = Lists.bounded(failed, MAX_FAILED, "failed");
        if (failedCount < failed.size()) {
            throw new IllegalArgumentException("failedCount " + failedCount + " < listed " + failed.size());
        }
    }

    /** {@code runs/<executionName>/report.jsonl}: one RunRecord a line, {@code records} lines. */
    public record Report(String bucket, String key, long records) {
        public Report {
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(key, "key");
        }
    }

    /** A cluster whose child execution failed, with its Error and Cause (clipped). */
    public record FailedBranch(Cluster cluster, String error, String cause) {
        public FailedBranch {
            Objects.requireNonNull(cluster, "cluster");
        }
    }
}
