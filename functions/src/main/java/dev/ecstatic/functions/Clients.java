package dev.ecstatic.functions;

import java.time.Duration;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;

import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Builds the real SDK clients once per container. Endpoint and credentials come from the SDK's
 * default configuration, so AWS_ENDPOINT_URL_ECS / AWS_ENDPOINT_URL_SSM (or the system properties
 * aws.endpointUrlEcs / aws.endpointUrlSsm) point them at a simulator. AWS_REGION from the handler's
 * own environment wins so that a local runner can give each handler its own region.
 *
 * <p>The SDK does not retry: retries and backoff belong to the state machine (DESIGN §3), where they
 * are visible in the execution history and bounded once. SDK retries would also make the
 * non-idempotent UpdateContainerAgent unsafe: a retried call whose first response was lost is answered
 * UpdateInProgressException, and an update that started would be reported as already in progress.
 * A per-attempt timeout turns a hung call into a transient error the state machine retries.
 */
final class Clients {
    private Clients() {
    }

    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);

    static EcsClient ecs(Map<String, String> env) {
        var builder = EcsClient.builder();
        configure(env, builder);
        return builder.build();
    }

    static SsmClient ssm(Map<String, String> env) {
        var builder = SsmClient.builder();
        configure(env, builder);
        return builder.build();
    }

    private static void configure(Map<String, String> env, AwsClientBuilder<?, ?> builder) {
        builder.overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                .apiCallAttemptTimeout(ATTEMPT_TIMEOUT));
        String region = env.get("AWS_REGION");
        if (region != null && !region.isBlank()) {
            builder.region(Region.of(region.trim()));
        }
    }
}
