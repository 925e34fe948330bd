package dev.ecstatic.asl.definition;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A set of states and the one to start at: the state machine itself, a Parallel branch, a Map's
 * ItemProcessor.
 *
 * @param startAt the first state's name
 * @param states the states by name, in definition order
 */
public record Graph(String startAt, Map<String, State> states) {
    public Graph {
        states = Collections.unmodifiableMap(new LinkedHashMap<>(states));
    }

    /** The state named {@code name} (validation guarantees that every transition names one). */
    public State state(String name) {
        return states.get(name);
    }
}
