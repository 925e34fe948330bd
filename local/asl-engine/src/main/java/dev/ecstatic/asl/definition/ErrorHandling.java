package dev.ecstatic.asl.definition;

import java.util.List;

/** A Task's, Parallel's or Map's Retry and Catch (empty when absent). */
public record ErrorHandling(List<Retrier> retriers, List<Catcher> catchers) {
    public static final ErrorHandling NONE = new ErrorHandling(List.of(), List.of());

    public ErrorHandling {
        retriers = List.copyOf(retriers);
        catchers = List.copyOf(catchers);
    }
}
