package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecstatic.simulator.TokenBuckets.Category;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The refill rule: the larger of simulated and real time since the last refill. Real time here is a
 * hand-moved counter, so the arithmetic is exact; FaultsTest shows the same through the SDK with
 * a real sleep.
 */
class TokenBucketsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private long realNanos = 1_000_000_000L;

    private TokenBuckets buckets(Map<String, Fleet.TokenBucket> overrides) {
        return new TokenBuckets(overrides, () -> realNanos);
    }

    /** Takes tokens until one is refused; how many were given. */
    private static int drain(TokenBuckets b, Category c, Instant now) {
        int n = 0;
        while (b.tryAcquire(c, now)) {
            n++;
        }
        return n;
    }

    @Test
    void aRealBackoffOf500ms_underASimulatedClockThatStandsStill_refillsTenTokensOfA20PerSecondBucket() {
        TokenBuckets b = buckets(Map.of());
        assertThat(drain(b, Category.CLUSTER_READ, T0)).isEqualTo(50);

        realNanos += Duration.ofMillis(500).toNanos();

        assertThat(drain(b, Category.CLUSTER_READ, T0)).isEqualTo(10);
    }

    @Test
    void aRealBackoffOf100ms_givesBackTwoTokensOfA20PerSecondBucket() {
        TokenBuckets b = buckets(Map.of());
        drain(b, Category.CLUSTER_RESOURCE_READ, T0);

        realNanos += Duration.ofMillis(100).toNanos();

        assertThat(drain(b, Category.CLUSTER_RESOURCE_READ, T0)).isEqualTo(2);
    }

    @Test
    void aJumpOfTheSimulatedClock_refillsToCapacity_withNoRealTimePassing() {
        TokenBuckets b = buckets(Map.of());
        drain(b, Category.CLUSTER_RESOURCE_MODIFY, T0);

        assertThat(drain(b, Category.CLUSTER_RESOURCE_MODIFY, T0.plus(Duration.ofMinutes(10)))).isEqualTo(100);
    }

    @Test
    void simulatedAndRealTimePassingTogether_refillOnce_notTwice() {
        TokenBuckets b = buckets(Map.of());
        drain(b, Category.CLUSTER_READ, T0);

        realNanos += Duration.ofSeconds(1).toNanos();   // a real clock: both move by the same second

        assertThat(drain(b, Category.CLUSTER_READ, T0.plusSeconds(1))).isEqualTo(20);
    }

    @Test
    void theLargerOfTheTwo_refills_whicheverItIs() {
        TokenBuckets b = buckets(Map.of());
        drain(b, Category.CLUSTER_RESOURCE_READ, T0);

        realNanos += Duration.ofMillis(250).toNanos();
        assertThat(drain(b, Category.CLUSTER_RESOURCE_READ, T0.plusSeconds(2))).as("2 s simulated").isEqualTo(40);

        realNanos += Duration.ofSeconds(3).toNanos();
        assertThat(drain(b, Category.CLUSTER_RESOURCE_READ, T0.plusSeconds(3))).as("3 s real").isEqualTo(60);
    }

    @Test
    void aClockSetBack_refillsNothing_andTheTimeItCatchesUpIsNotCountedTwice() {
        TokenBuckets b = buckets(Map.of());
        drain(b, Category.CLUSTER_READ, T0);

        assertThat(drain(b, Category.CLUSTER_READ, T0.minusSeconds(30))).isZero();
        assertThat(drain(b, Category.CLUSTER_READ, T0)).isZero();
        assertThat(drain(b, Category.CLUSTER_READ, T0.plusSeconds(1))).isEqualTo(20);
    }

    @Test
    void aFleetOverride_replacesOneCategory_andTheOthersKeepAwsNumbers() {
        TokenBuckets b = buckets(Map.of("clusterResourceRead", new Fleet.TokenBucket(5, 2)));

        assertThat(drain(b, Category.CLUSTER_RESOURCE_READ, T0)).isEqualTo(5);
        realNanos += Duration.ofSeconds(1).toNanos();
        assertThat(drain(b, Category.CLUSTER_RESOURCE_READ, T0)).isEqualTo(2);

        assertThat(drain(b, Category.CLUSTER_READ, T0)).isEqualTo(50);
        assertThat(drain(b, Category.CLUSTER_RESOURCE_MODIFY, T0)).isEqualTo(100);
    }

    @Test
    void actionsFallInAwsCategories() {
        assertThat(TokenBuckets.categoryOf("ListClusters")).isEqualTo(Category.CLUSTER_READ);
        assertThat(TokenBuckets.categoryOf("DescribeClusters")).isEqualTo(Category.CLUSTER_READ);
        assertThat(TokenBuckets.categoryOf("ListContainerInstances")).isEqualTo(Category.CLUSTER_RESOURCE_READ);
        assertThat(TokenBuckets.categoryOf("DescribeContainerInstances")).isEqualTo(Category.CLUSTER_RESOURCE_READ);
        assertThat(TokenBuckets.categoryOf("UpdateContainerAgent")).isEqualTo(Category.CLUSTER_RESOURCE_MODIFY);
    }
}
