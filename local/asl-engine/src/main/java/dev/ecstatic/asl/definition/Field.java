package dev.ecstatic.asl.definition;

import dev.ecstatic.asl.data.IntrinsicCall;
import dev.ecstatic.asl.data.JsonPath;
import dev.ecstatic.asl.data.JsonataTemplate;

/**
 * A single value of a state computed when it runs (Wait's Seconds, a Map's MaxConcurrency, Fail's
 * Error): a constant, a JSONata template, or, in JSONPath, the path of its "...Path" variant.
 */
public sealed interface Field {

    /** The field as written in the definition, e.g. "SecondsPath" for a path. */
    String name();

    /** A constant of a JSONPath state. */
    record Fixed(String name, Object value) implements Field {}

    /** A JSONata state's value, constant or with expressions. */
    record Jsonata(String name, JsonataTemplate template) implements Field {}

    /** A "...Path" field of a JSONPath state, read from the state's (effective) input. */
    record Path(String name, JsonPath path) implements Field {}

    /** ErrorPath or CausePath given as an intrinsic function. */
    record Function(String name, IntrinsicCall call) implements Field {}
}
