package dev.ecstatic.functions.model;

import java.util.Objects;

/**
 * Conclude's answer (docs/memory.md): the run's record, the alert posted (null when none), the memory
 * for "Remember" to write, and whether to write it ({@code remember} is false when the branch did not
 * hold the lease: nothing is written).
 */
public record ConcludeResponse(RunRecord record, AlertSent alert, Memory memory, boolean remember) {
    public ConcludeResponse {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(memory, "memory");
    }
}
