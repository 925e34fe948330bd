package dev.ecstatic.asl.definition;

/**
 * The dialect a state's fields are written in. The state machine's QueryLanguage (JSONPath when
 * absent) applies to every state, nested ones included, unless a state sets its own; a JSONata
 * state machine cannot hold JSONPath states.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html">Transforming data with JSONata</a>
 */
public enum QueryLanguage {
    JSONPATH("JSONPath"),
    JSONATA("JSONata");

    private final String written;

    QueryLanguage(String written) {
        this.written = written;
    }

    /** The value as written in a definition, or null when it is neither. */
    public static QueryLanguage of(Object value) {
        for (QueryLanguage language : values()) {
            if (language.written.equals(value)) {
                return language;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return written;
    }
}
