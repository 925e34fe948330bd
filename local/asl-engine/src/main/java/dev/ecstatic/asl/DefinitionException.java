package dev.ecstatic.asl;

import java.util.List;

/** A state machine definition that Step Functions would refuse, or that this engine cannot run. */
public final class DefinitionException extends Exception {
    private final List<String> problems;

    public DefinitionException(List<String> problems) {
        super("Invalid state machine definition:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, each as {@code State "X": field "Y": problem}. */
    public List<String> getProblems() {
        return problems;
    }
}
