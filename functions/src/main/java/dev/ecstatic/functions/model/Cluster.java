package dev.ecstatic.functions.model;

import java.util.Objects;

/** An ECS cluster by name and ARN. */
public record Cluster(String name, String arn) {
    public Cluster {
        Objects.requireNonNull(name, "cluster name");
        Objects.requireNonNull(arn, "cluster arn");
    }
}
