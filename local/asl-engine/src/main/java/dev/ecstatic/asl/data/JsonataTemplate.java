package dev.ecstatic.asl.data;

import com.dashjoin.jsonata.JException;
import dev.ecstatic.asl.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A field value of a JSONata state, compiled: a string "{% ... %}" (no space before "{%" or after
 * "%}") is an expression, anything else a literal; objects and arrays may hold expressions at any
 * depth.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html">Transforming data with JSONata</a>
 */
public sealed interface JsonataTemplate {

    /** Evaluates the template; throws {@link QueryError} naming the field on failure. */
    Object evaluate(Map<String, Object> bindings, Instant now);

    /** Whether the template is a constant (no expression anywhere). */
    boolean constant();

    /** Whether {@code value} is a JSONata expression string, "{% ... %}". */
    static boolean isExpression(Object value) {
        return value instanceof String text && text.length() >= 4 && text.startsWith("{%") && text.endsWith("%}");
    }

    /**
     * Compiles {@code value} found at {@code path} (e.g. "Output/result"); a compile error is added
     * to {@code problems}, naming the field.
     */
    static JsonataTemplate compile(Object value, String path, List<FieldProblem> problems) {
        if (isExpression(value)) {
            String text = (String) value;
            String source = text.substring(2, text.length() - 2).trim();
            try {
                return new Expression(JsonataExpression.compile(source), path);
            } catch (JException e) {
                problems.add(new FieldProblem(path, "JSONata expression '" + source + "' does not compile: "
                        + JsonataExpression.errorText(e)));
                return new Literal(value);
            }
        }
        if (value instanceof Map<?, ?> object) {
            List<String> keys = new ArrayList<>();
            List<JsonataTemplate> members = new ArrayList<>();
            boolean constant = true;
            for (Map.Entry<?, ?> member : object.entrySet()) {
                String key = (String) member.getKey();
                JsonataTemplate template = compile(member.getValue(), path + "/" + key, problems);
                keys.add(key);
                members.add(template);
                constant &= template.constant();
            }
            return constant ? new Literal(value) : new ObjectTemplate(keys, members);
        }
        if (value instanceof List<?> array) {
            List<JsonataTemplate> elements = new ArrayList<>();
            boolean constant = true;
            for (int i = 0; i < array.size(); i++) {
                JsonataTemplate template = compile(array.get(i), path + "/" + i, problems);
                elements.add(template);
                constant &= template.constant();
            }
            return constant ? new Literal(value) : new ArrayTemplate(elements);
        }
        return new Literal(value);
    }

    /** The expression's text when the template is one expression, else the value as JSON. */
    default String describe(Object value) {
        return this instanceof Expression expression ? expression.expression().source() : Json.write(value);
    }

    /** A constant value. */
    record Literal(Object value) implements JsonataTemplate {
        @Override
        public Object evaluate(Map<String, Object> bindings, Instant now) {
            return value;
        }

        @Override
        public boolean constant() {
            return true;
        }
    }

    /** A JSONata expression. */
    record Expression(JsonataExpression expression, String path) implements JsonataTemplate {
        @Override
        public Object evaluate(Map<String, Object> bindings, Instant now) {
            Object result;
            try {
                result = expression.evaluate(bindings, now);
            } catch (JException e) {
                throw new QueryError(path, "The JSONata expression '" + expression.source()
                        + "' specified for the field '" + path + "' threw an error during evaluation. "
                        + JsonataExpression.errorText(e));
            } catch (JsonataExpression.TooDeep e) {
                throw new QueryError(path, "The JSONata expression '" + expression.source()
                        + "' specified for the field '" + path + "' threw an error during evaluation. " + e.getMessage());
            }
            // Any other exception is a bug (of the engine, of a registered function or of the JSONata
            // library), not an evaluation error a state machine could catch: it propagates as it is.
            if (result == null) {
                throw new QueryError(path, "The JSONata expression '" + expression.source()
                        + "' specified for the field '" + path + "' returned nothing (undefined).");
            }
            if (!Json.isJsonValue(result)) {
                throw new QueryError(path, "The JSONata expression '" + expression.source()
                        + "' specified for the field '" + path + "' returned an unsupported result type.");
            }
            return result;
        }

        @Override
        public boolean constant() {
            return false;
        }
    }

    /** An object with expressions inside. */
    record ObjectTemplate(List<String> keys, List<JsonataTemplate> members) implements JsonataTemplate {
        @Override
        public Object evaluate(Map<String, Object> bindings, Instant now) {
            Map<String, Object> object = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                object.put(keys.get(i), members.get(i).evaluate(bindings, now));
            }
            return object;
        }

        @Override
        public boolean constant() {
            return false;
        }
    }

    /** An array with expressions inside. */
    record ArrayTemplate(List<JsonataTemplate> elements) implements JsonataTemplate {
        @Override
        public Object evaluate(Map<String, Object> bindings, Instant now) {
            List<Object> array = new ArrayList<>(elements.size());
            for (JsonataTemplate element : elements) {
                array.add(element.evaluate(bindings, now));
            }
            return array;
        }

        @Override
        public boolean constant() {
            return false;
        }
    }

    /** A JSONata evaluation failure: States.QueryEvaluationError, reported with the field. */
    final class QueryError extends RuntimeException {
        private final String location;

        public QueryError(String location, String message) {
            super(message, null, false, false);
            this.location = location;
        }

        /** The field that failed, e.g. "Output/result". */
        public String location() {
            return location;
        }
    }
}
