package dev.ecstatic.functions.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What "Summarize the results" answers, bounded whatever the number of clusters: the run's totals
 * ({@code clusters}, {@code excluded}, {@code notificationsFailed}, then a count per outcome that some
 * record has), where the per-cluster records are, and the first {@value #MAX_FAILED} clusters whose
 * child execution failed ({@code failedCount} counts them all).
 */
public record SummarizeResponse(Map<String, Integer> totals, RunReport report, List<FailedBranch> failed,
                                int failedCount) {
    public static final int MAX_FAILED = 100;

    public SummarizeResponse {
        totals = Lists.copy(totals);
        Objects.requireNonNull(report, "report");
        failed = Lists.bounded(failed, MAX_FAILED, "failed");
        if (failedCount < failed.size()) {
            throw new IllegalArgumentException("failedCount " + failedCount + " < listed " + failed.size());
        }
    }
}
