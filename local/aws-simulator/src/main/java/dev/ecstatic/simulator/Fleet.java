package dev.ecstatic.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A simulated ECS fleet as read from a fleet file (DESIGN.md §6). Immutable; the simulator keeps
 * the changing state (update lifecycle, versions) apart from it.
 *
 * @param region             AWS region the ARNs name (default {@code us-east-1})
 * @param accountId          12-digit account id the ARNs name (default {@code 123456789012})
 * @param seed               seed of every pseudo-random choice: ids, faults, churn (default 0)
 * @param latestAgentVersion the agent version an update installs
 * @param recommended        SSM recommended-AMI values per ECS-optimized AMI family
 * @param updateSeconds      how long each agent-update phase lasts on the simulator's clock
 * @param clusters           clusters in the order ListClusters returns them
 * @param faults             injected faults
 */
public record Fleet(
        String region,
        String accountId,
        long seed,
        String latestAgentVersion,
        Map<String, Recommended> recommended,
        UpdateSeconds updateSeconds,
        List<ClusterSpec> clusters,
        Faults faults) {

    public Fleet {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(latestAgentVersion, "latestAgentVersion");
        recommended = ordered(recommended);
        Objects.requireNonNull(updateSeconds, "updateSeconds");
        clusters = List.copyOf(clusters);
        Objects.requireNonNull(faults, "faults");
    }

    /**
     * Parses a fleet file's text strictly: unknown fields, wrong types, bad version strings,
     * negative counts and duplicate cluster names are errors.
     *
     * @param sourceName the name errors start with, usually the file name
     * @throws FleetException naming the source, the JSON path and the problem
     */
    public static Fleet parse(String json, String sourceName) {
        return FleetParser.parse(json, sourceName);
    }

    /**
     * The largest fleet file read: the largest fleet the parser accepts (10,000 clusters) takes a few
     * MiB, and a larger file would only be read whole into memory to be refused.
     */
    public static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

    /** Reads and parses a fleet file; errors name the file as given. */
    public static Fleet load(Path file) {
        String text;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new FleetException(file.toString(), "$", "the file has " + size + " bytes; a fleet file has at "
                        + "most " + MAX_FILE_BYTES + " (16 MiB)");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new FleetException(file.toString(), "$", "cannot read the file: " + e);
        }
        return parse(text, file.toString());
    }

    /** An unmodifiable copy that keeps the file's order (Map.copyOf's order changes from run to run). */
    private static <V> Map<String, V> ordered(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** Total number of container instances in the fleet. */
    public int instanceCount() {
        return clusters.stream()
                .flatMap(c -> c.instances().stream())
                .mapToInt(InstanceSpec::count)
                .sum();
    }

    /**
     * The value of the SSM parameter {@code /aws/service/ecs/optimized-ami/<family>/recommended},
     * with the field names AWS uses in that JSON string.
     */
    public record Recommended(
            String ecsAgentVersion,
            String ecsRuntimeVersion,
            String imageId,
            String imageName,
            String imageVersion,
            String os,
            String sourceImageName) {

        public Recommended {
            Objects.requireNonNull(ecsAgentVersion, "ecsAgentVersion");
            Objects.requireNonNull(ecsRuntimeVersion, "ecsRuntimeVersion");
            Objects.requireNonNull(imageId, "imageId");
        }
    }

    /** Seconds spent in each in-progress agent update status before the next one. */
    public record UpdateSeconds(long pending, long staging, long staged, long updating) {

        public static final UpdateSeconds DEFAULT = new UpdateSeconds(5, 20, 5, 15);
    }

    /**
     * A cluster of the fleet.
     *
     * @param accessDenied ListContainerInstances, DescribeContainerInstances and UpdateContainerAgent on
     *                     this cluster answer AccessDeniedException, as when an IAM policy or SCP denies
     *                     the cluster's resources to the caller; ListClusters and DescribeClusters still
     *                     answer (they are not scoped to this cluster's container instances)
     */
    public record ClusterSpec(String name, Map<String, String> tags, List<InstanceSpec> instances,
            boolean accessDenied) {

        public ClusterSpec {
            Objects.requireNonNull(name, "name");
            tags = ordered(tags);
            instances = List.copyOf(instances);
        }
    }

    /**
     * A group of {@code count} identical container instances.
     *
     * @param updateStatus  initial agentUpdateStatus, null for none; an in-progress status carries on
     *                      from the simulator's start as if it had just entered that phase
     * @param failUpdate    an update ends in FAILED instead of UPDATED
     * @param noUpdatePath  UpdateContainerAgent answers NoUpdateAvailableException although the agent
     *                      is older than the latest (too old to have an update path)
     * @param missingVersion the agent reports no version: versionInfo is empty and
     *                      UpdateContainerAgent answers MissingVersionException
     * @param external      an ECS Anywhere (external) instance: {@code mi-} id, no AMI
     * @param stuckUpdate   an update never leaves this status (null: updates complete)
     * @param instanceType  EC2 instance type reported in {@code ecs.instance-type}
     * @param reconnectAfterSeconds with {@code connected: false}: the agent reconnects this long after
     *                      the simulator starts (0: it stays disconnected), like an agent that drops
     *                      for a moment, as agents do several times an hour
     * @param lostUpdateResponse ECS accepts an update of each of these instances but its answer is lost
     *                      (null: every answer arrives)
     */
    public record InstanceSpec(
            int count,
            String agentVersion,
            String dockerVersion,
            String os,
            String arch,
            String amiId,
            String status,
            boolean connected,
            String updateStatus,
            Map<String, String> tags,
            boolean failUpdate,
            boolean noUpdatePath,
            boolean missingVersion,
            boolean external,
            String stuckUpdate,
            String instanceType,
            long reconnectAfterSeconds,
            LostResponse lostUpdateResponse) {

        public InstanceSpec {
            Objects.requireNonNull(agentVersion, "agentVersion");
            tags = ordered(tags);
        }
    }

    /**
     * The fault that leaves a caller not knowing whether its UpdateContainerAgent call worked: ECS
     * accepts the update (the agent goes PENDING), but the answer does not reach the caller, as when a
     * response times out or a 5xx comes back after the request was processed. A retry then meets
     * UpdateInProgressException.
     *
     * @param mode    what the caller sees instead of the accepted update
     * @param delayMs real milliseconds before the answer is sent: for {@link Mode#TIMEOUT} set it past
     *                the client's attempt timeout (the late success then goes to a caller that has given
     *                up); for {@link Mode#SERVER_ERROR}, how long before the 500
     * @param times   how many accepted updates of each instance lose their answer (the first ones)
     */
    public record LostResponse(Mode mode, long delayMs, int times) {

        public LostResponse {
            Objects.requireNonNull(mode, "mode");
            if (delayMs < 0 || times < 1) {
                throw new IllegalArgumentException("delayMs must be >= 0 and times >= 1");
            }
        }

        public enum Mode {
            /** The update is applied; the success answer is held back {@code delayMs}. */
            TIMEOUT,
            /** The update is applied; the answer is {@code ServerException} (HTTP 500). */
            SERVER_ERROR
        }
    }

    /**
     * Injected faults. Disconnect churn depends only on the seed and the clock; server errors and
     * throttling also depend on the order requests arrive in, so they repeat for a seed only when the
     * requests do (not always with concurrent clients).
     *
     * @param throttle           apply ECS's per-category token buckets (ThrottlingException "Rate exceeded"),
     *                           DynamoDB's table capacity and S3's request rates per prefix
     * @param serverErrorRate    probability (0–1) that an ECS, DynamoDB or S3 request fails with a server error
     * @param latencyMs          real delay added to every ECS, DynamoDB and S3 request
     * @param disconnectChurn    probability (0–1) that a connected agent drops its connection for
     *                           {@code churnDownSeconds} in a given {@code churnPeriodSeconds} window
     * @param churnPeriodSeconds length of a churn window
     * @param churnDownSeconds   how long a churned agent stays disconnected
     * @param throttleBuckets    overrides of AWS's token buckets by fleet-file category name
     *                           ({@code clusterRead}, {@code clusterResourceRead},
     *                           {@code clusterResourceModify}); a category not named keeps AWS's numbers
     * @param dynamodbThrottleRate probability (0–1) that a DynamoDB item request is throttled
     *                           (ProvisionedThroughputExceededException) whatever the capacity model says
     * @param s3SlowDownRate     probability (0–1) that an S3 request answers 503 SlowDown
     * @param ttlDeletionDelaySeconds how long after its TTL an expired DynamoDB item is deleted (AWS takes
     *                           up to a few days; until then the item is read like any other)
     */
    public record Faults(
            boolean throttle,
            double serverErrorRate,
            long latencyMs,
            double disconnectChurn,
            long churnPeriodSeconds,
            long churnDownSeconds,
            Map<String, TokenBucket> throttleBuckets,
            double dynamodbThrottleRate,
            double s3SlowDownRate,
            long ttlDeletionDelaySeconds) {

        public static final Faults DEFAULT = new Faults(true, 0.0, 0, 0.0, 600, 30, Map.of(), 0.0, 0.0, 0);

        public Faults {
            throttleBuckets = ordered(throttleBuckets);
            for (String category : throttleBuckets.keySet()) {
                TokenBuckets.Category.named(category).orElseThrow(
                        () -> new IllegalArgumentException("no throttling category " + category));
            }
        }
    }

    /**
     * A token bucket as AWS describes ECS's throttling: at most {@code burst} requests at once, and
     * {@code refillPerSecond} more each second.
     */
    public record TokenBucket(long burst, double refillPerSecond) {

        public TokenBucket {
            if (burst < 1 || !(refillPerSecond > 0)) {
                throw new IllegalArgumentException("a token bucket needs burst >= 1 and refillPerSecond > 0");
            }
        }
    }
}
