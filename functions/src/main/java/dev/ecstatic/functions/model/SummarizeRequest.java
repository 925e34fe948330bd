package dev.ecstatic.functions.model;

import java.util.Objects;

/**
 * What "Summarize the results" reads: the Distributed Map's ResultWriter manifest
 * ({@code {"bucket", "key"}}), the execution's name (the report's key), how many clusters List
 * clusters left out, and the state's entered time.
 */
public record SummarizeRequest(ObjectLocation manifest, String executionName, int excludedCount, String now) {
    public SummarizeRequest {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(executionName, "executionName");
        if (excludedCount < 0) {
            throw new IllegalArgumentException("excludedCount must not be negative, was " + excludedCount);
        }
    }

    /** An S3 object of the runs bucket. */
    public record ObjectLocation(String bucket, String key) {
        public ObjectLocation {
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(key, "key");
        }
    }
}
