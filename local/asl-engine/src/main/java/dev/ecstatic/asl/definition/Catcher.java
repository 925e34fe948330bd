package dev.ecstatic.asl.definition;

import java.util.List;

/**
 * One element of a state's Catch: the errors it catches, the state it goes to, and how the error
 * output ({@code {Error, Cause}}) becomes that state's input (JSONata Output and Assign; JSONPath
 * ResultPath and Assign).
 */
public record Catcher(List<String> errorEquals, String next, DataFlow dataFlow) {
    public Catcher {
        errorEquals = List.copyOf(errorEquals);
    }
}
