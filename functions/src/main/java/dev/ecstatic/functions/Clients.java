package dev.ecstatic.functions;

import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Builds the real SDK clients once per container. Endpoint, credentials and retries come from the
 * SDK's default configuration, so AWS_ENDPOINT_URL_ECS / AWS_ENDPOINT_URL_SSM (or the system
 * properties aws.endpointUrlEcs / aws.endpointUrlSsm) point them at a simulator. AWS_REGION from the
 * handler's own environment wins so that a local runner can give each handler its own region.
 */
final class Clients {
    private Clients() {
    }

    static EcsClient ecs(Map<String, String> env) {
        var builder = EcsClient.builder();
        region(env, builder);
        return builder.build();
    }

    static SsmClient ssm(Map<String, String> env) {
        var builder = SsmClient.builder();
        region(env, builder);
        return builder.build();
    }

    private static void region(Map<String, String> env, software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<?, ?> builder) {
        String region = env.get("AWS_REGION");
        if (region != null && !region.isBlank()) {
            builder.region(Region.of(region.trim()));
        }
    }
}
