package dev.ecstatic.simulator;

import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Events due at instants of the simulator's clock: a replacement task that starts, an instance that
 * finishes terminating, launches or registers. Nothing runs on a timer; each request first runs every
 * event due by its time, in time order (then in the order they were scheduled), each told its own
 * instant, so virtual time works as real time does and a seed replays the same history. Not
 * thread-safe: {@link SimFleet}'s callers hold its lock.
 */
final class Timeline {

    private record Event(Instant at, long sequence, Consumer<Instant> action) {
    }

    private final PriorityQueue<Event> queue = new PriorityQueue<>(
            Comparator.comparing(Event::at).thenComparingLong(Event::sequence));
    private long sequence;

    /** Runs {@code action} with {@code at} when the clock reaches it (at the next advance if already past). */
    void at(Instant at, Consumer<Instant> action) {
        queue.add(new Event(at, sequence++, action));
    }

    /** Runs every event due at or before {@code now}, including those the events themselves schedule. */
    void advanceTo(Instant now) {
        while (!queue.isEmpty() && !queue.peek().at().isAfter(now)) {
            Event e = queue.poll();
            e.action().accept(e.at());
        }
    }
}
