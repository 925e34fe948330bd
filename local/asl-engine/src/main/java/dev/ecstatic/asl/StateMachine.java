package dev.ecstatic.asl;

import dev.ecstatic.asl.definition.Definition;

/**
 * A state machine definition, parsed and validated once (JSONata and JSONPath dialects, mixed per
 * state as AWS allows). Whether its Task resources can be called depends on the integrations of the
 * engine that runs it: see {@link Engine#parse}.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/statemachine-structure.html">State machine structure</a>
 */
public final class StateMachine {
    private final Definition definition;
    private final String json;

    private StateMachine(Definition definition, String json) {
        this.definition = definition;
        this.json = json;
    }

    /**
     * Parses and validates a definition.
     *
     * @throws DefinitionException listing every problem, each naming the state and the field
     */
    public static StateMachine parse(String json) throws DefinitionException {
        Definition definition = Definition.parse(json);
        if (!definition.problems().isEmpty()) {
            throw new DefinitionException(definition.problems());
        }
        return new StateMachine(definition, json);
    }

    /** The definition text as given. */
    public String definition() {
        return json;
    }

    /** The parsed definition: its states as records. */
    public Definition parsed() {
        return definition;
    }
}
