package dev.ecstatic.functions.model;

/**
 * What one ECS-optimized AMI family recommends now, from
 * {@code /aws/service/ecs/optimized-ami/<family>/recommended}. Any field may be null when the
 * parameter's value lacked it.
 */
public record RecommendedImage(String agentVersion, String dockerVersion, String amiId, String amiName) {
}
