package dev.ecstatic.functions.model;

import java.util.Objects;

/**
 * A cluster whose child execution failed (or never started), for "Alert failed branches": its cluster
 * from the child's input, the child's Error, and its Cause clipped to {@value #MAX_CAUSE} characters
 * (null when it gave none).
 */
public record FailedBranch(Cluster cluster, String error, String cause) {
    public static final int MAX_ERROR = 256;
    public static final int MAX_CAUSE = 500;
    /**
     * What each may take in Summarize's answer as JSON: with a cluster (a name of at most 255 characters of
     * [A-Za-z0-9_-], its ARN, its tags' window and silence), at most about 1.4 KiB an entry, 140 KiB for the
     * 100 entries, within a state's 256 KiB (SummaryBoundsTest).
     */
    public static final int MAX_ERROR_BYTES = 128;
    public static final int MAX_CAUSE_BYTES = 300;

    public FailedBranch {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(error, "error");
        if (error.length() > MAX_ERROR) {
            throw new IllegalArgumentException("error holds at most " + MAX_ERROR + " characters, got " + error.length());
        }
        if (cause != null && cause.length() > MAX_CAUSE) {
            throw new IllegalArgumentException("cause holds at most " + MAX_CAUSE + " characters, got " + cause.length());
        }
    }
}
