package dev.ecstatic.functions.model;

import java.util.Objects;

/** Where Summarize put the run's per-cluster records ({@code runs/<executionName>/report.jsonl}) and how many. */
public record RunReport(String bucket, String key, int records) {
    public RunReport {
        Objects.requireNonNull(bucket, "report.bucket");
        Objects.requireNonNull(key, "report.key");
        if (records < 0) {
            throw new IllegalArgumentException("report.records must not be negative, was " + records);
        }
    }
}
