package dev.ecstatic.asl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The engine's time: {@link #system()} for real time, {@link SimulatedClock} for virtual time.
 * Besides now/sleep, the engine starts its threads and waits for them through the clock, so that a
 * simulated clock knows when every thread of a run is idle and time may jump.
 */
public interface EngineClock {
    Instant now();

    /** Sleeps for {@code duration} of this clock's time. */
    void sleep(Duration duration) throws InterruptedException;

    /** Starts {@code body} on a new (virtual) thread that this clock accounts for. */
    default Thread startThread(String name, Runnable body) {
        return Thread.ofVirtual().name(name).start(body);
    }

    /**
     * Waits for {@code future}, at most {@code timeout} of this clock's time (null: no limit). The waiting
     * thread counts as idle.
     */
    default <T> T await(CompletableFuture<T> future, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        return timeout == null ? future.get() : future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Interrupts a thread of the run (to abort it). A simulated clock counts the thread as working
     * again at once, so time cannot jump before it has reacted.
     */
    default void interrupt(Thread thread) {
        thread.interrupt();
    }

    /** This clock as a {@link java.time.Clock} (UTC), e.g. for a simulator that shares the time. */
    default Clock asJavaClock() {
        return new JavaClockView(this, ZoneOffset.UTC);
    }

    /** A {@link java.time.Clock} reading an engine clock's instant, in any zone. */
    final class JavaClockView extends Clock {
        private final EngineClock engineClock;
        private final java.time.ZoneId zone;

        JavaClockView(EngineClock engineClock, java.time.ZoneId zone) {
            this.engineClock = engineClock;
            this.zone = zone;
        }

        @Override
        public java.time.ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(java.time.ZoneId newZone) {
            return new JavaClockView(engineClock, newZone);
        }

        @Override
        public Instant instant() {
            return engineClock.now();
        }
    }

    /** Real time. */
    static EngineClock system() {
        return SystemClock.INSTANCE;
    }

    /** Real time. */
    final class SystemClock implements EngineClock {
        static final SystemClock INSTANCE = new SystemClock();

        private SystemClock() {}

        @Override
        public Instant now() {
            return Instant.now();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            if (!duration.isNegative() && !duration.isZero()) {
                Thread.sleep(duration);
            }
        }
    }
}
