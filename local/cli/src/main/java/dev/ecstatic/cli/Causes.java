package dev.ecstatic.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * An execution's or a task's Cause as a person reads it. A Lambda's error reaches Step Functions
 * as its JSON error document ({@code errorMessage}, {@code errorType}, {@code stackTrace}); the
 * stack trace is for the function's log, not for the command line.
 * See https://docs.aws.amazon.com/lambda/latest/dg/java-exceptions.html
 */
public final class Causes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Causes() {}

    /** {@code errorType: errorMessage} for a Lambda error document, the cause as given otherwise. */
    public static String readable(String cause) {
        if (cause == null || !cause.startsWith("{")) {
            return cause;
        }
        JsonNode document;
        try {
            document = JSON.readTree(cause);
        } catch (IOException e) {
            // Not JSON after all, or cut by Step Functions at 32,768 characters: as given.
            return cause;
        }
        if (!document.isObject() || !(document.has("errorMessage") || document.has("errorType"))) {
            return cause;
        }
        String type = document.path("errorType").asText("");
        String message = document.path("errorMessage").asText("");
        return type.isEmpty() ? message : message.isEmpty() ? type : type + ": " + message;
    }
}
