package dev.ecstatic.asl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class SimulatedClockTest {
    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void javaClockViewReadsTheSimulatedInstantInAnyZone() {
        SimulatedClock clock = new SimulatedClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));
        java.time.Clock utc = clock.asJavaClock();
        java.time.Clock paris = utc.withZone(java.time.ZoneId.of("Europe/Paris"));

        clock.advance(java.time.Duration.ofHours(2));

        assertThat(utc.getZone()).isEqualTo(java.time.ZoneOffset.UTC);
        assertThat(paris.getZone()).isEqualTo(java.time.ZoneId.of("Europe/Paris"));
        assertThat(paris.instant()).isEqualTo(java.time.Instant.parse("2026-01-01T02:00:00Z")).isEqualTo(utc.instant());
        assertThat(java.time.LocalTime.now(paris)).isEqualTo(java.time.LocalTime.of(3, 0));
    }

    @Test
    void sleepersWakeInTimeOrder_withTimeJumpingOnlyWhenAllSleep() throws Exception {
        SimulatedClock clock = new SimulatedClock(T0);
        List<String> woke = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> done = new CompletableFuture<>();
        // Threads of a run wait for each other through the clock (a plain join would keep time still).
        clock.startThread("parent", () -> {
            List<CompletableFuture<Void>> ends = new ArrayList<>();
            for (int seconds : new int[] {30, 10, 20}) {
                CompletableFuture<Void> end = new CompletableFuture<>();
                ends.add(end);
                clock.startThread("sleeper-" + seconds, () -> {
                    try {
                        clock.sleep(Duration.ofSeconds(seconds));
                        woke.add(seconds + "@" + clock.now());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    end.complete(null);
                });
            }
            try {
                clock.await(CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new)), null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            done.complete(null);
        });
        done.get();
        assertThat(woke).containsExactly("10@" + T0.plusSeconds(10), "20@" + T0.plusSeconds(20), "30@" + T0.plusSeconds(30));
        assertThat(clock.asJavaClock().instant()).isEqualTo(T0.plusSeconds(30));
    }

    // A task finishing just before its waiter goes idle must not let time jump to the waiter's timeout.
    @Test
    void awaitNeverTimesOutOnATaskThatFinishesFirst() throws Exception {
        for (int i = 0; i < 300; i++) {
            SimulatedClock clock = new SimulatedClock(T0);
            CompletableFuture<String> outcome = new CompletableFuture<>();
            // Started from a thread of the clock, as the engine does, so time cannot move in between.
            clock.startThread("root", () -> {
                clock.startThread("other", () -> {
                    try {
                        clock.sleep(Duration.ofSeconds(600));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                clock.startThread("a", () -> {
                    CompletableFuture<String> future = new CompletableFuture<>();
                    clock.startThread("b", () -> {
                        try {
                            clock.sleep(Duration.ofSeconds(1));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        future.complete("ok");
                    });
                    try {
                        outcome.complete(clock.await(future, Duration.ofSeconds(5)) + "@" + clock.now());
                    } catch (TimeoutException e) {
                        outcome.complete("timeout@" + clock.now());
                    } catch (Exception e) {
                        outcome.complete(e.toString());
                    }
                });
            });
            assertThat(outcome.get()).isEqualTo("ok@" + T0.plusSeconds(1));
        }
    }

    @Test
    void interruptThroughTheClock_wakesTheSleeperAtTheCurrentTime() throws Exception {
        SimulatedClock clock = new SimulatedClock(T0);
        CompletableFuture<String> outcome = new CompletableFuture<>();
        clock.startThread("root", () -> {
            Thread sleeper = clock.startThread("sleeper", () -> {
                try {
                    clock.sleep(Duration.ofHours(1));
                    outcome.complete("slept");
                } catch (InterruptedException e) {
                    outcome.complete("interrupted@" + clock.now());
                }
            });
            clock.startThread("interrupter", () -> {
                try {
                    clock.sleep(Duration.ofSeconds(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                clock.interrupt(sleeper);
            });
        });
        assertThat(outcome.get()).isEqualTo("interrupted@" + T0.plusSeconds(5));
    }

    // A thread interrupted through the clock while it is still working (not yet registered as waiting)
    // must not go idle when it then sleeps: time would jump to its own wake-up and the sleep would
    // return normally with the interrupt pending.
    @Test
    void interruptJustBeforeSleep_throwsWithoutAdvancingTime() throws Exception {
        SimulatedClock clock = new SimulatedClock(T0);
        CompletableFuture<String> outcome = new CompletableFuture<>();
        AtomicBoolean interrupted = new AtomicBoolean();
        clock.startThread("root", () -> {
            Thread worker = clock.startThread("worker", () -> {
                while (!interrupted.get()) {
                    Thread.onSpinWait(); // busy: the clock keeps time still
                }
                try {
                    clock.sleep(Duration.ofHours(1));
                    outcome.complete("slept@" + clock.now());
                } catch (InterruptedException e) {
                    outcome.complete("interrupted@" + clock.now());
                }
            });
            clock.interrupt(worker);
            interrupted.set(true);
        });
        assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo("interrupted@" + T0);
        assertThat(clock.now()).isEqualTo(T0);
    }

    @Test
    void interruptJustBeforeAwait_throwsWithoutAdvancingTime() throws Exception {
        SimulatedClock clock = new SimulatedClock(T0);
        CompletableFuture<String> outcome = new CompletableFuture<>();
        CompletableFuture<String> never = new CompletableFuture<>();
        clock.startThread("root", () -> {
            clock.interrupt(Thread.currentThread());
            try {
                clock.await(never, Duration.ofHours(1));
                outcome.complete("returned@" + clock.now());
            } catch (TimeoutException e) {
                outcome.complete("timedOut@" + clock.now());
            } catch (InterruptedException e) {
                outcome.complete("interrupted@" + clock.now());
            } catch (Exception e) {
                outcome.complete(e.toString());
            }
        });
        assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo("interrupted@" + T0);
        assertThat(clock.now()).isEqualTo(T0);
    }
}
