package dev.ecstatic.functions.model;

import java.util.Objects;

/**
 * An ECS cluster by name and ARN, with what its tags ask of ecstatic: {@code window}, its
 * {@code ecstatic:window} tag as written (null without one: Assess health then applies the
 * DefaultUpdateWindow parameter; a value that is not a valid window starts no update), and
 * {@code silenceUntil}, the instant of a valid {@code ecstatic:silence-until} tag (alerts are held
 * until then), or null.
 */
public record Cluster(String name, String arn, String window, String silenceUntil) {
    public Cluster {
        Objects.requireNonNull(name, "cluster name");
        Objects.requireNonNull(arn, "cluster arn");
    }

    /** A cluster without window or silence. */
    public Cluster(String name, String arn) {
        this(name, arn, null, null);
    }
}
