package dev.ecstatic.functions.model;

/**
 * Set when this branch does not hold the cluster's lease (docs/memory.md): {@code heldBy} is the
 * holder's execution ARN and {@code until} the epoch second its lease runs until, both read from the
 * item (either may be absent); {@code lost} is true when this branch held the lease but could not renew
 * it before an update.
 */
public record Lease(String heldBy, Long until, boolean lost) {
}
