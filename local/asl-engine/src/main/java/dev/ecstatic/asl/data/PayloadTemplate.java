package dev.ecstatic.asl.data;

import dev.ecstatic.asl.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A payload template of the JSONPath dialect (Parameters, ResultSelector, ItemSelector, Assign,
 * an ItemReader's or ResultWriter's Parameters), compiled: a member whose name ends in ".$" takes
 * its value from a path or an intrinsic function and loses the ".$"; everything else is copied.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html">InputPath and Parameters</a>
 */
public sealed interface PayloadTemplate {

    /** Evaluates the template; throws {@link PathFailure} when a path or a function fails. */
    Object evaluate(PathScope scope);

    /**
     * Compiles {@code value} found at {@code path} (e.g. "Parameters"); a member ending in ".$"
     * whose value is not a path or a call is added to {@code problems}.
     */
    static PayloadTemplate compile(Object value, String path, List<FieldProblem> problems) {
        if (value instanceof Map<?, ?> object) {
            List<String> keys = new ArrayList<>();
            List<PayloadTemplate> members = new ArrayList<>();
            boolean constant = true;
            for (Map.Entry<?, ?> member : object.entrySet()) {
                String key = (String) member.getKey();
                PayloadTemplate template = key.endsWith(".$") && key.length() > 2
                        ? dynamic(key, member.getValue(), path + "/" + key, problems)
                        : compile(member.getValue(), path + "/" + key, problems);
                keys.add(key.endsWith(".$") && key.length() > 2 ? key.substring(0, key.length() - 2) : key);
                members.add(template);
                constant &= template instanceof Literal;
            }
            return constant ? new Literal(value) : new ObjectTemplate(keys, members);
        }
        if (value instanceof List<?> array) {
            List<PayloadTemplate> elements = new ArrayList<>();
            boolean constant = true;
            for (int i = 0; i < array.size(); i++) {
                PayloadTemplate template = compile(array.get(i), path + "/" + i, problems);
                elements.add(template);
                constant &= template instanceof Literal;
            }
            return constant ? new Literal(value) : new ArrayTemplate(elements);
        }
        return new Literal(value);
    }

    private static PayloadTemplate dynamic(String key, Object value, String path, List<FieldProblem> problems) {
        if (value instanceof String text) {
            try {
                if (IntrinsicCall.looksLikeCall(text)) {
                    return new FunctionValue(key, IntrinsicCall.parse(text));
                }
                if (JsonPath.looksLikePath(text)) {
                    return new PathValue(key, JsonPath.parse(text));
                }
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem(path, e.getMessage()));
                return new Literal(value);
            }
        }
        problems.add(new FieldProblem(path, "the value of a field whose name ends in \".$\" must be a path "
                + "($, $$ or $variable) or an intrinsic function (States.Format(...)), not " + Json.write(value)));
        return new Literal(value);
    }

    /** A constant value. */
    record Literal(Object value) implements PayloadTemplate {
        @Override
        public Object evaluate(PathScope scope) {
            return value;
        }
    }

    /** An object with computed members. */
    record ObjectTemplate(List<String> keys, List<PayloadTemplate> members) implements PayloadTemplate {
        @Override
        public Object evaluate(PathScope scope) {
            Map<String, Object> object = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                object.put(keys.get(i), members.get(i).evaluate(scope));
            }
            return object;
        }
    }

    /** An array with computed elements. */
    record ArrayTemplate(List<PayloadTemplate> elements) implements PayloadTemplate {
        @Override
        public Object evaluate(PathScope scope) {
            List<Object> array = new ArrayList<>(elements.size());
            for (PayloadTemplate element : elements) {
                array.add(element.evaluate(scope));
            }
            return array;
        }
    }

    /** {@code "name.$": "$.path"}. */
    record PathValue(String field, JsonPath path) implements PayloadTemplate {
        @Override
        public Object evaluate(PathScope scope) {
            try {
                return path.read(scope);
            } catch (JsonPath.NoMatch e) {
                throw PathFailure.runtime("The JSONPath '" + path.text() + "' specified for the field '" + field
                        + "' could not be found in the input '" + Json.write(scope.input()) + "'");
            }
        }
    }

    /** {@code "name.$": "States.Function(...)"}. */
    record FunctionValue(String field, IntrinsicCall call) implements PayloadTemplate {
        @Override
        public Object evaluate(PathScope scope) {
            return call.evaluate(scope);
        }
    }
}
