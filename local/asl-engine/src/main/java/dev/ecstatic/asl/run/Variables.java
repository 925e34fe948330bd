package dev.ecstatic.asl.run;

import dev.ecstatic.asl.data.PathScope;
import java.util.HashMap;
import java.util.Map;

/**
 * The workflow variables of one scope: an inner scope (a Parallel branch, a Map iteration) reads
 * the outer ones and assigns its own; a Distributed Map's child execution starts a new root.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html">Passing data between states with variables</a>
 */
final class Variables implements PathScope.Variables {
    private final Variables parent;
    private final Map<String, Object> values = new HashMap<>();

    Variables(Variables parent) {
        this.parent = parent;
    }

    /** Copies every visible variable into {@code into}, inner values over outer ones. */
    void collect(Map<String, Object> into) {
        if (parent != null) {
            parent.collect(into);
        }
        into.putAll(values);
    }

    @Override
    public Object lookup(String name) {
        Object value = values.get(name);
        if (value == null && parent != null) {
            return parent.lookup(name);
        }
        return value;
    }

    /** Assigns in this scope. */
    void assign(Map<String, Object> assigned) {
        values.putAll(assigned);
    }
}
