package dev.ecstatic.asl.data;

/**
 * What a JSONPath or an intrinsic function reads: {@code $} is {@code input}, {@code $$} is
 * {@code context} (the context object), {@code $name} a variable.
 */
public record PathScope(Object input, Object context, Variables variables) {

    /** The workflow variables visible to a state. */
    @FunctionalInterface
    public interface Variables {
        /** The variable's value, or null when it is not assigned. */
        Object lookup(String name);
    }
}
