package dev.ecstatic.functions.model;

/** How many instances lag the recommended ECS-optimized AMI of their family. */
public record Drift(int agentBehindRecommended, int dockerBehindRecommended, int amiNotRecommended) {
    public static final Drift NONE = new Drift(0, 0, 0);
}
