package dev.ecstatic.functions.model;

/**
 * What a Catch put in {@code $states.errorOutput}: Step Functions names the fields {@code Error} and
 * {@code Cause}. The record's components carry those names as they are (the runtime's serializer
 * reads records by component name, and no Jackson annotation is on the function's class path).
 * {@code Cause} may be a Lambda's JSON error document, cut by Step Functions at 32,768 characters.
 */
public record Failure(String Error, String Cause) {
}
