package dev.ecstatic.functions.model;

import java.util.Objects;

/**
 * Where List clusters put the run's clusters ({@code runs/<executionName>/clusters.jsonl}, one Cluster
 * per line), for the Map's ItemReader, and how many lines it holds.
 */
public record RunItems(String bucket, String key, int count) {
    public RunItems {
        Objects.requireNonNull(bucket, "items.bucket");
        Objects.requireNonNull(key, "items.key");
        if (count < 0) {
            throw new IllegalArgumentException("items.count must not be negative, was " + count);
        }
    }
}
