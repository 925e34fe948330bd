package dev.ecstatic.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * ECS's API throttling: one token bucket per action category for the account and region.
 *
 * <p>Categories and numbers from "Request throttling for the Amazon ECS API",
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html (bucket maximum
 * capacity, or burst rate; bucket refill rate, or sustained rate): cluster read actions
 * (DescribeClusters, ListClusters): 50, 20/s; cluster resource read actions
 * (DescribeContainerInstances, ListContainerInstances, DescribeTasks, ListTasks, …): 100, 20/s; cluster
 * resource modify actions (UpdateContainerAgent, UpdateContainerInstancesState, DeregisterContainerInstance,
 * StopTask, …): 100, 40/s. A fleet
 * file may replace them per category ({@code faults.throttleBuckets}) for tests and benchmarks.
 *
 * <p>How much time has passed for a refill: the larger of the simulator's clock and real monotonic
 * time since the bucket's last refill. On AWS, a client that backs off for N ms gets N ms of tokens
 * back. With a real clock both measures agree, and the larger is that same interval (a sum would
 * refill twice as fast as AWS). With a simulated clock (the ASL engine's, in {@code ecstatic
 * simulate}) time stands still while any thread works, so inside a Lambda invocation only real time
 * passes: a handler's SDK backing off for 200 ms gets 200 ms of tokens, as on AWS, where the
 * simulated clock alone would give none and throttle a paginated listing far harder than AWS. Between
 * runs and during Wait states the simulated clock jumps minutes in a few microseconds, and that jump
 * refills, where real time alone would leave a simulated hour's buckets as empty as before it. The
 * larger of the two never refills faster than the faster clock ran.
 */
final class TokenBuckets {

    enum Category {
        CLUSTER_READ("clusterRead", 50, 20),
        CLUSTER_RESOURCE_READ("clusterResourceRead", 100, 20),
        CLUSTER_RESOURCE_MODIFY("clusterResourceModify", 100, 40);

        /** The name a fleet file's {@code faults.throttleBuckets} gives the category. */
        final String fleetName;
        final Fleet.TokenBucket aws;

        Category(String fleetName, long burst, double refillPerSecond) {
            this.fleetName = fleetName;
            this.aws = new Fleet.TokenBucket(burst, refillPerSecond);
        }

        static Optional<Category> named(String fleetName) {
            return Arrays.stream(values()).filter(c -> c.fleetName.equals(fleetName)).findFirst();
        }
    }

    static Category categoryOf(String ecsAction) {
        return switch (ecsAction) {
            case "ListClusters", "DescribeClusters" -> Category.CLUSTER_READ;
            case "ListContainerInstances", "DescribeContainerInstances", "ListTasks", "DescribeTasks" ->
                    Category.CLUSTER_RESOURCE_READ;
            default -> Category.CLUSTER_RESOURCE_MODIFY;
        };
    }

    private final Map<Category, Fleet.TokenBucket> limits = new EnumMap<>(Category.class);
    private final LongSupplier nanoTime;
    private final Map<Category, Bucket> buckets = new EnumMap<>(Category.class);

    /**
     * @param overrides replacements of AWS's numbers by {@link Category#fleetName}
     * @param nanoTime  real monotonic time in nanoseconds ({@code System::nanoTime})
     */
    TokenBuckets(Map<String, Fleet.TokenBucket> overrides, LongSupplier nanoTime) {
        for (Category c : Category.values()) {
            limits.put(c, overrides.getOrDefault(c.fleetName, c.aws));
        }
        this.nanoTime = nanoTime;
    }

    /** Takes a token; false when the bucket is empty (the request is throttled). */
    synchronized boolean tryAcquire(Category category, Instant simulatedNow) {
        Fleet.TokenBucket limit = limits.get(category);
        long realNow = nanoTime.getAsLong();
        Bucket b = buckets.computeIfAbsent(category, c -> new Bucket(limit.burst(), simulatedNow, realNow));
        b.refill(limit, simulatedNow, realNow);
        if (b.tokens >= 1.0) {
            b.tokens -= 1.0;
            return true;
        }
        return false;
    }

    private static final class Bucket {
        double tokens;
        Instant lastSimulated;
        long lastReal;

        Bucket(double tokens, Instant simulatedNow, long realNow) {
            this.tokens = tokens;
            this.lastSimulated = simulatedNow;
            this.lastReal = realNow;
        }

        void refill(Fleet.TokenBucket limit, Instant simulatedNow, long realNow) {
            Duration simulated = simulatedNow.isAfter(lastSimulated)
                    ? Duration.between(lastSimulated, simulatedNow) : Duration.ZERO;
            double simulatedSeconds = simulated.getSeconds() + simulated.getNano() / 1e9;
            double realSeconds = Math.max(0, realNow - lastReal) / 1e9;
            double seconds = Math.max(simulatedSeconds, realSeconds);
            tokens = Math.min(limit.burst(), tokens + seconds * limit.refillPerSecond());
            // A clock set back (a real clock's adjustment) must not refill twice the same interval later.
            if (simulatedNow.isAfter(lastSimulated)) {
                lastSimulated = simulatedNow;
            }
            lastReal = realNow;
        }
    }
}
