package dev.ecstatic.asl.definition;

import java.util.ArrayList;
import java.util.List;

/** Every problem found in a definition, each as {@code State "X": field "Y": problem}. */
final class Problems {
    private final List<String> problems = new ArrayList<>();

    /** A problem of state {@code state} (null: of the definition itself) in {@code field}. */
    void add(String state, String field, String problem) {
        problems.add((state == null ? "Definition" : "State \"" + state + "\"") + ": field \"" + field + "\": " + problem);
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    List<String> list() {
        return List.copyOf(problems);
    }
}
