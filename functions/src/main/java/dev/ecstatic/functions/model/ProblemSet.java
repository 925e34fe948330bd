package dev.ecstatic.functions.model;

import java.util.List;
import java.util.Objects;

/**
 * A set of instances one kind of problem concerns, as the memory compares it from run to run
 * (docs/memory.md): the full {@code count}, at most {@value Inventory#MAX_LISTED} EC2 instance ids
 * (sorted), and {@code hash}, the first 16 hex digits of the SHA-256 of every id of the full set,
 * sorted and joined by newlines ("" for an empty set). Two runs see the same problem when kind and
 * hash are equal.
 */
public record ProblemSet(NotificationKind kind, int count, String hash, List<String> instances) {
    public ProblemSet {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(hash, "hash");
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, was " + count);
        }
        instances = Lists.bounded(instances, Inventory.MAX_LISTED, "instances");
    }
}
