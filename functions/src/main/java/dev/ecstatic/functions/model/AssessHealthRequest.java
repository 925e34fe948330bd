package dev.ecstatic.functions.model;

import java.util.Objects;

/** {@code rechecked} is true on the pass after the disconnect recheck wait. */
public record AssessHealthRequest(Inventory inventory, Settings settings, boolean rechecked) {
    public AssessHealthRequest {
        Objects.requireNonNull(inventory, "inventory");
        Objects.requireNonNull(settings, "settings");
    }
}
