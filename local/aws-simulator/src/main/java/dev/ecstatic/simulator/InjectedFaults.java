package dev.ecstatic.simulator;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fleet file's faults as one service applies them (the DynamoDB and S3 front ends each have
 * their own): the {@code latencyMs} sleep, the {@code serverErrorRate} draw and a throttling draw.
 * Draws hash the seed, the service's salt and the service's own request serial number, so adding
 * DynamoDB or S3 traffic never shifts which ECS request fails, and one client making one request
 * at a time sees the same faults run after run.
 */
public final class InjectedFaults {

    private final Fleet.Faults faults;
    private final long seed;
    private final long salt;
    private final AtomicLong serial = new AtomicLong();

    /** @param salt distinguishes the services' draws (any constant per service) */
    public InjectedFaults(Fleet fleet, long salt) {
        this.faults = fleet.faults();
        this.seed = fleet.seed();
        this.salt = salt;
    }

    public Fleet.Faults settings() {
        return faults;
    }

    /** Sleeps {@code latencyMs} of real time; false when interrupted (the caller answers a server error). */
    public boolean sleepLatency() {
        if (faults.latencyMs() <= 0) {
            return true;
        }
        try {
            Thread.sleep(faults.latencyMs());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The next request's draws: one serial number per request, whatever the outcome. */
    public Draw next() {
        return new Draw(serial.getAndIncrement());
    }

    /** A request id shaped as AWS's (a UUID), deterministic for the seed and the request's order. */
    public String requestId(Draw draw) {
        return new UUID(Hashing.mix(seed, salt, draw.serial, 3), Hashing.mix(seed, salt, draw.serial, 4)).toString();
    }

    /** One request's uniform draws in [0, 1), from its serial number. */
    public final class Draw {

        private final long serial;

        private Draw(long serial) {
            this.serial = serial;
        }

        /** Whether this request fails with the service's server error ({@code serverErrorRate}). */
        public boolean serverError() {
            return faults.serverErrorRate() > 0 && Hashing.unit(Hashing.mix(seed, salt, serial, 1)) < faults.serverErrorRate();
        }

        /**
         * Whether this request (part -1) or one part of it (a batch item) is throttled at the given rate.
         */
        public boolean throttled(double rate, int part) {
            return rate > 0 && Hashing.unit(Hashing.mix(seed, salt, serial, 2, part)) < rate;
        }
    }
}
