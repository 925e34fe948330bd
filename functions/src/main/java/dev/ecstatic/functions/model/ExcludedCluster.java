package dev.ecstatic.functions.model;

import java.util.Objects;

/** A cluster ListClusters left out, and why. */
public record ExcludedCluster(String name, String reason) {
    public ExcludedCluster {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reason, "reason");
    }
}
