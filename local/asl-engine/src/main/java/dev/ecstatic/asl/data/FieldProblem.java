package dev.ecstatic.asl.data;

/**
 * A problem with one field of a definition, found while compiling it.
 *
 * @param field the field's path within its state, e.g. "Parameters/value.$"
 * @param problem what is wrong, as a sentence fragment
 */
public record FieldProblem(String field, String problem) {}
