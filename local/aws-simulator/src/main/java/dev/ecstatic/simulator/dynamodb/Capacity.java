package dev.ecstatic.simulator.dynamodb;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * DynamoDB's throughput limits as token buckets refilled on the simulator's clock (with the fleet's
 * {@code throttle} fault on). One read and one write bucket per table, in capacity units:
 * <ul>
 *   <li>PROVISIONED tables refill at their provisioned units per second and hold up to 300 seconds of
 *       unused capacity ("burst capacity", https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/burst-adaptive-capacity.html);
 *       they start full.</li>
 *   <li>PAY_PER_REQUEST tables get what a new on-demand table can serve at once, 12,000 read request
 *       units and 4,000 write request units per second ("Initial throughput for on-demand capacity
 *       mode", https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/on-demand-capacity-mode.html),
 *       with one second of burst. Per-partition limits (3,000 RRU / 1,000 WRU) and the doubling of
 *       previous peaks are not modelled: one table is one bucket.</li>
 * </ul>
 * A request is admitted while its bucket is not in debt and then charged what it consumed, so one
 * large request can overdraw the bucket and the following ones are throttled until it refills.
 * Control-plane actions share one bucket of 2,500 requests per second ("Best practices for managing
 * the control plane", https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-control-plane.html).
 */
final class Capacity {

    private static final double BURST_SECONDS = 300;
    private static final double ON_DEMAND_READS = 12_000;
    private static final double ON_DEMAND_WRITES = 4_000;
    private static final double CONTROL_PLANE_PER_SECOND = 2_500;

    private final Map<String, Bucket> buckets = new HashMap<>();
    private final Bucket controlPlane = new Bucket(CONTROL_PLANE_PER_SECOND, CONTROL_PLANE_PER_SECOND);

    /** Throws ProvisionedThroughputExceededException when the table's bucket is in debt. */
    void admit(Table.Definition table, boolean write, Instant now) {
        if (bucket(table, write).refill(now) <= 0) {
            throw DynamoDbException.throughputExceeded();
        }
    }

    boolean available(Table.Definition table, boolean write, Instant now) {
        return bucket(table, write).refill(now) > 0;
    }

    void charge(Table.Definition table, boolean write, double units, Instant now) {
        Bucket b = bucket(table, write);
        b.refill(now);
        b.tokens -= units;
    }

    /** Throws ThrottlingException when the control plane's bucket is empty. */
    void controlPlane(Instant now) {
        if (controlPlane.refill(now) < 1) {
            throw DynamoDbException.throttling();
        }
        controlPlane.tokens -= 1;
    }

    void forget(String table) {
        buckets.remove(table + "/r");
        buckets.remove(table + "/w");
    }

    private Bucket bucket(Table.Definition t, boolean write) {
        return buckets.computeIfAbsent(t.name() + (write ? "/w" : "/r"), k -> {
            double rate = t.provisioned()
                    ? (write ? t.writeCapacity() : t.readCapacity())
                    : (write ? ON_DEMAND_WRITES : ON_DEMAND_READS);
            return new Bucket(rate, t.provisioned() ? rate * BURST_SECONDS : rate);
        });
    }

    private static final class Bucket {
        final double rate;
        final double capacity;
        double tokens;
        Instant last;

        Bucket(double rate, double capacity) {
            this.rate = rate;
            this.capacity = capacity;
            this.tokens = capacity;
        }

        double refill(Instant now) {
            if (last == null) {
                last = now;
            } else if (now.isAfter(last)) {
                tokens = Math.min(capacity, tokens + Duration.between(last, now).toNanos() / 1e9 * rate);
                last = now;
            }
            return tokens;
        }
    }
}
