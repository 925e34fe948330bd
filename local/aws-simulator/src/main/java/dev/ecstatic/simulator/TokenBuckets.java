package dev.ecstatic.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * ECS's API throttling: one token bucket per action category for the account and region, refilled
 * on the simulator's clock (virtual time refills as fast as it passes).
 *
 * <p>Categories and numbers from "Request throttling for the Amazon ECS API",
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html (bucket maximum
 * capacity, or burst rate; bucket refill rate, or sustained rate): cluster read actions
 * (DescribeClusters, ListClusters): 50, 20/s; cluster resource read actions
 * (DescribeContainerInstances, ListContainerInstances, …): 100, 20/s; cluster resource modify
 * actions (UpdateContainerAgent, DeregisterContainerInstance, StopTask, …): 100, 40/s.
 */
final class TokenBuckets {

    enum Category {
        CLUSTER_READ(50, 20),
        CLUSTER_RESOURCE_READ(100, 20),
        CLUSTER_RESOURCE_MODIFY(100, 40);

        final double capacity;
        final double refillPerSecond;

        Category(double capacity, double refillPerSecond) {
            this.capacity = capacity;
            this.refillPerSecond = refillPerSecond;
        }
    }

    static Category categoryOf(String ecsAction) {
        return switch (ecsAction) {
            case "ListClusters", "DescribeClusters" -> Category.CLUSTER_READ;
            case "ListContainerInstances", "DescribeContainerInstances" -> Category.CLUSTER_RESOURCE_READ;
            default -> Category.CLUSTER_RESOURCE_MODIFY;
        };
    }

    private final Map<Category, Bucket> buckets = new HashMap<>();

    /** Takes a token; false when the bucket is empty (the request is throttled). */
    synchronized boolean tryAcquire(Category category, Instant now) {
        Bucket b = buckets.computeIfAbsent(category, c -> new Bucket(c.capacity, now));
        b.refill(category, now);
        if (b.tokens >= 1.0) {
            b.tokens -= 1.0;
            return true;
        }
        return false;
    }

    private static final class Bucket {
        double tokens;
        Instant last;

        Bucket(double tokens, Instant last) {
            this.tokens = tokens;
            this.last = last;
        }

        void refill(Category c, Instant now) {
            if (now.isAfter(last)) {
                double seconds = Duration.between(last, now).toNanos() / 1e9;
                tokens = Math.min(c.capacity, tokens + seconds * c.refillPerSecond);
                last = now;
            }
        }
    }
}
