package dev.ecstatic.functions.model;

import java.util.Objects;

/**
 * Where the run's clusters are: {@code runs/<executionName>/clusters.jsonl} in the runs bucket, one
 * {@link Cluster} per line, {@code count} lines. The Distributed Map reads them with its ItemReader.
 */
public record RunItems(String bucket, String key, int count) {
    public RunItems {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, was " + count);
        }
    }
}
