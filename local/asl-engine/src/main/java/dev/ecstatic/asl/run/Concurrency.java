package dev.ecstatic.asl.run;

import dev.ecstatic.asl.EngineClock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the iterations of a Map or the branches of a Parallel on clock-tracked threads, at most so
 * many at once, started in index order.
 */
final class Concurrency {

    /** One job: an iteration or a branch; returns its result. */
    @FunctionalInterface
    interface Job {
        Object run(int index);
    }

    private Concurrency() {}

    /**
     * Runs jobs 0..count-1 on at most {@code workers} threads. With {@code failFast}, the first
     * failure cancels the others (their iterations are aborted) and is rethrown; otherwise jobs
     * report their own failures. A job's exception other than a {@link Failure} is a bug: the other
     * jobs are stopped and it is rethrown, stack and all.
     */
    static Object[] run(EngineClock clock, int count, int workers, Cancellation cancellation, boolean failFast, Job job) {
        Object[] results = new Object[count];
        if (count == 0) {
            return results;
        }
        if (workers <= 1) {
            for (int i = 0; i < count && !cancellation.isSet(); i++) {
                results[i] = job.run(i);
            }
            if (cancellation.isSet() && failFast) {
                throw Failure.aborted();
            }
            return results;
        }
        AtomicReference<Failure> firstFailure = new AtomicReference<>();
        AtomicReference<RuntimeException> bug = new AtomicReference<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger live = new AtomicInteger(workers);
        CompletableFuture<Void> done = new CompletableFuture<>();
        List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
        Runnable worker = () -> {
            // Each worker registers itself before its first job: registered by the starting thread after
            // startThread returned, a worker already running a job could miss a fail-fast interrupt. One
            // that registers after the interrupts went out sees the cancellation set before them.
            threads.add(Thread.currentThread());
            try {
                while (!cancellation.isSet()) {
                    int index = next.getAndIncrement();
                    if (index >= count) {
                        break;
                    }
                    try {
                        results[index] = job.run(index);
                    } catch (Failure failure) {
                        if (failFast && firstFailure.compareAndSet(null, failure)) {
                            cancellation.cancel();
                            interruptOthers(clock, threads);
                        } else if (!failFast) {
                            firstFailure.compareAndSet(null, failure);
                            cancellation.cancel();
                        }
                    } catch (RuntimeException e) {
                        if (bug.compareAndSet(null, e)) {
                            cancellation.cancel();
                            interruptOthers(clock, threads);
                        }
                    }
                }
            } finally {
                if (live.decrementAndGet() == 0) {
                    done.complete(null);
                }
            }
        };
        for (int w = 0; w < workers; w++) {
            clock.startThread("asl-worker", worker);
        }
        boolean interrupted = false;
        while (true) {
            try {
                clock.await(done, null);
                break;
            } catch (InterruptedException e) {
                // This branch is being aborted: abort the workers too, then wait for them to stop.
                interrupted = true;
                cancellation.cancel();
                synchronized (threads) {
                    threads.forEach(clock::interrupt);
                }
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("the workers' completion cannot fail or time out", e);
            }
        }
        RuntimeException failedJob = bug.get();
        if (failedJob != null) {
            throw new IllegalStateException("a concurrent job failed: " + failedJob, failedJob);
        }
        if (interrupted) {
            throw Failure.aborted();
        }
        Failure failure = firstFailure.get();
        if (failure != null) {
            // Prefer the failure that caused the cancellation over the aborts it caused.
            throw failure;
        }
        if (failFast && cancellation.isSet()) {
            throw Failure.aborted();
        }
        return results;
    }

    private static void interruptOthers(EngineClock clock, List<Thread> threads) {
        synchronized (threads) {
            for (Thread thread : threads) {
                if (thread != Thread.currentThread()) {
                    clock.interrupt(thread);
                }
            }
        }
    }
}
