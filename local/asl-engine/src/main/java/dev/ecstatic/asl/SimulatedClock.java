package dev.ecstatic.asl;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Virtual time: Waits and retry intervals take no wall time, while history timestamps advance as
 * they would on AWS. Time jumps to the earliest pending wake-up only when every thread of the run is
 * sleeping or waiting for another thread; a thread doing work (a task calling a simulator, say)
 * keeps time still. Threads wake one at a time in (wake time, arrival) order, so a run whose threads
 * only sleep is deterministic.
 */
public final class SimulatedClock implements EngineClock {
    private static final ThreadLocal<SimulatedClock> TRACKED = new ThreadLocal<>();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<Waiter> queue = new PriorityQueue<>();
    private final Map<Thread, Waiter> waiting = new HashMap<>();
    private volatile Instant now;
    private int busy;
    private long seq;

    public SimulatedClock(Instant start) {
        this.now = start;
    }

    /** A clock starting at the current real time, truncated to the millisecond. */
    public static SimulatedClock startingNow() {
        return new SimulatedClock(Instant.ofEpochMilli(System.currentTimeMillis()));
    }

    private static final class Waiter implements Comparable<Waiter> {
        final Instant wake;
        final long seq;
        boolean woken;
        boolean timedOut;
        boolean interrupted;

        Waiter(Instant wake, long seq) {
            this.wake = wake;
            this.seq = seq;
        }

        @Override
        public int compareTo(Waiter other) {
            int comparison = wake.compareTo(other.wake);
            return comparison != 0 ? comparison : Long.compare(seq, other.seq);
        }
    }

    @Override
    public Instant now() {
        return now;
    }

    /** Moves time forward by hand (e.g. from a test); wakes sleepers whose time has come. */
    public void advance(Duration duration) {
        lock.lock();
        try {
            now = now.plus(duration);
            while (!queue.isEmpty() && !queue.peek().wake.isAfter(now)) {
                Waiter waiter = queue.poll();
                waiter.woken = true;
                waiter.timedOut = true;
                busy++;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (duration.isNegative() || duration.isZero()) {
            return;
        }
        boolean tracked = TRACKED.get() == this;
        lock.lock();
        try {
            if (!tracked) {
                busy++;
            }
            // Interrupted before getting here (e.g. by interrupt(t) just before this call): going idle
            // would let time jump, and might even pick this thread's own wake-up, with the interrupt
            // still pending. Undo this call's bookkeeping and report the interrupt instead.
            if (Thread.interrupted()) {
                if (!tracked) {
                    busy--;
                    advanceIfIdle();
                }
                throw new InterruptedException("interrupted before sleeping");
            }
            Waiter waiter = new Waiter(now.plus(duration), seq++);
            queue.add(waiter);
            waiting.put(Thread.currentThread(), waiter);
            idle();
            try {
                while (!waiter.woken) {
                    changed.await();
                }
                if (waiter.interrupted) {
                    Thread.interrupted();
                    throw new InterruptedException("interrupted through the clock");
                }
            } catch (InterruptedException e) {
                if (!waiter.woken) {
                    queue.remove(waiter);
                    busy++;
                }
                throw e;
            } finally {
                waiting.remove(Thread.currentThread());
                if (!tracked) {
                    busy--;
                    advanceIfIdle();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void interrupt(Thread thread) {
        lock.lock();
        try {
            Waiter waiter = waiting.get(thread);
            if (waiter != null && !waiter.woken) {
                waiter.woken = true;
                waiter.interrupted = true;
                queue.remove(waiter);
                busy++;
                changed.signalAll();
            }
            thread.interrupt();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Thread startThread(String name, Runnable body) {
        lock.lock();
        try {
            busy++;
        } finally {
            lock.unlock();
        }
        return Thread.ofVirtual().name(name).start(() -> {
            TRACKED.set(this);
            try {
                body.run();
            } finally {
                lock.lock();
                try {
                    busy--;
                    advanceIfIdle();
                } finally {
                    lock.unlock();
                }
            }
        });
    }

    @Override
    public <T> T await(CompletableFuture<T> future, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (future.isDone()) {
            return future.get();
        }
        boolean tracked = TRACKED.get() == this;
        Waiter waiter;
        lock.lock();
        try {
            if (!tracked) {
                busy++;
            }
            waiter = new Waiter(timeout == null ? Instant.MAX : now.plus(timeout), seq++);
        } finally {
            lock.unlock();
        }
        // Registered before this thread goes idle, and run by the completing thread before that one goes
        // idle, so time cannot jump between the completion and this thread's wake-up.
        future.whenComplete((result, error) -> {
            lock.lock();
            try {
                if (!waiter.woken) {
                    waiter.woken = true;
                    queue.remove(waiter);
                    busy++;
                    changed.signalAll();
                }
            } finally {
                lock.unlock();
            }
        });
        lock.lock();
        try {
            if (Thread.interrupted()) {
                // As in sleep: do not go idle with an interrupt pending. If the future completed meanwhile,
                // its callback counted this thread busy again, which this thread no longer needs.
                if (waiter.woken) {
                    busy--;
                } else {
                    waiter.woken = true;
                }
                if (!tracked) {
                    busy--;
                }
                advanceIfIdle();
                throw new InterruptedException("interrupted before awaiting");
            }
            if (!waiter.woken && timeout != null) {
                queue.add(waiter);
            }
            waiting.put(Thread.currentThread(), waiter);
            idle();
        } finally {
            lock.unlock();
        }
        lock.lock();
        try {
            try {
                while (!waiter.woken) {
                    changed.await();
                }
                if (waiter.interrupted) {
                    Thread.interrupted();
                    throw new InterruptedException("interrupted through the clock");
                }
            } catch (InterruptedException e) {
                if (!waiter.woken) {
                    waiter.woken = true;
                    queue.remove(waiter);
                    busy++;
                }
                throw e;
            } finally {
                waiting.remove(Thread.currentThread());
                if (!tracked) {
                    busy--;
                    advanceIfIdle();
                }
            }
            if (waiter.timedOut) {
                throw new TimeoutException();
            }
        } finally {
            lock.unlock();
        }
        return future.get();
    }

    // Caller holds the lock: this thread stops working.
    private void idle() {
        busy--;
        advanceIfIdle();
    }

    // Caller holds the lock.
    private void advanceIfIdle() {
        if (busy == 0 && !queue.isEmpty()) {
            Waiter waiter = queue.poll();
            if (waiter.wake.isAfter(now)) {
                now = waiter.wake;
            }
            waiter.woken = true;
            waiter.timedOut = true;
            busy++;
            changed.signalAll();
        }
    }
}
