package dev.ecstatic.functions.model;

import java.util.Objects;

/**
 * An ECS cluster by name and ARN, with what its tags ask of ecstatic: {@code window}, its
 * {@code ecstatic:window} tag as written (null without one: Assess health then applies the
 * DefaultUpdateWindow parameter; a value that is not a valid window starts no update), and
 * {@code silenceUntil}, the instant of a valid {@code ecstatic:silence-until} tag (alerts are held
 * until then), or null.
 *
 * <p>The ARN names the cluster's target, {@code arn:aws:ecs:<region>:<account>:cluster/<name>}: every
 * function reaches the cluster in that account and region. {@code run} is the name of the run (the
 * parent execution) that visits it, which the Map's ItemSelector adds: the session name of the role a
 * function assumes in another account comes from it. {@code unreachable} is set only on a target's
 * stand-in ({@link #TARGET}): why its clusters could not be listed (the role could not be assumed, the
 * region is not enabled, listing was refused); its branch ends ERROR and alerts once, as any cluster's error.
 */
public record Cluster(String name, String arn, String window, String silenceUntil, String run, String unreachable) {
    /**
     * The name of a target's stand-in: an ECS cluster name holds only letters, digits, hyphens and
     * underscores, so no real cluster is called this.
     */
    public static final String TARGET = "(target)";

    public Cluster {
        Objects.requireNonNull(name, "cluster name");
        Objects.requireNonNull(arn, "cluster arn");
        if (unreachable != null && !TARGET.equals(name)) {
            throw new IllegalArgumentException("only a target's stand-in, named " + TARGET + ", is unreachable; got "
                    + name);
        }
    }

    /** A cluster with what its tags ask, before the Map names its run. */
    public Cluster(String name, String arn, String window, String silenceUntil) {
        this(name, arn, window, silenceUntil, null, null);
    }

    /** A cluster without window or silence. */
    public Cluster(String name, String arn) {
        this(name, arn, null, null, null, null);
    }

    /** The stand-in of a target whose clusters could not be listed, and why. */
    public static Cluster unreachableTarget(String partition, String account, String region, String why) {
        Objects.requireNonNull(why, "why");
        return new Cluster(TARGET, "arn:" + partition + ":ecs:" + region + ":" + account + ":cluster/" + TARGET,
                null, null, null, why);
    }

    /** The account the ARN names, or null if it names none. */
    public String account() {
        return arnPart(4);
    }

    /** The region the ARN names, or null if it names none. */
    public String region() {
        return arnPart(3);
    }

    private String arnPart(int index) {
        String[] parts = arn.split(":", 6);
        return parts.length == 6 && "arn".equals(parts[0]) && !parts[index].isEmpty() ? parts[index] : null;
    }
}
