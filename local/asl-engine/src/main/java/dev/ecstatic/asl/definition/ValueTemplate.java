package dev.ecstatic.asl.definition;

import dev.ecstatic.asl.data.JsonataTemplate;
import dev.ecstatic.asl.data.PayloadTemplate;

/** An object-valued field in either dialect: a Map's ItemSelector, an ItemReader's Arguments or Parameters. */
public sealed interface ValueTemplate {

    /** Written in JSONata ({@code "{% ... %}"} anywhere inside). */
    record Jsonata(JsonataTemplate template) implements ValueTemplate {}

    /** A JSONPath payload template ({@code "name.$"} members). */
    record Payload(PayloadTemplate template) implements ValueTemplate {}
}
