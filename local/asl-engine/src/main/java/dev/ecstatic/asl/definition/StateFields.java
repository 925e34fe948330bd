package dev.ecstatic.asl.definition;

import dev.ecstatic.asl.Json;
import dev.ecstatic.asl.data.FieldProblem;
import dev.ecstatic.asl.data.IntrinsicCall;
import dev.ecstatic.asl.data.JsonPath;
import dev.ecstatic.asl.data.JsonataTemplate;
import dev.ecstatic.asl.data.PayloadTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The fields of one state (or of an object inside it, such as an ItemReader) as written, with the
 * compiling each field needs; every problem is reported with the state's name and the field's path.
 */
final class StateFields {
    private final String state;
    private final Map<String, Object> fields;
    private final QueryLanguage language;
    private final Problems problems;
    private final String prefix;

    StateFields(String state, Map<String, Object> fields, QueryLanguage language, Problems problems) {
        this(state, fields, language, problems, "");
    }

    private StateFields(String state, Map<String, Object> fields, QueryLanguage language, Problems problems,
            String prefix) {
        this.state = state;
        this.fields = fields;
        this.language = language;
        this.problems = problems;
        this.prefix = prefix;
    }

    /** The fields of the object in {@code field} (which the caller checked is an object). */
    @SuppressWarnings("unchecked")
    StateFields nested(String field) {
        return new StateFields(state, (Map<String, Object>) fields.get(field), language, problems,
                prefix + field + "/");
    }

    /** The fields of element {@code index} of the array in {@code field} (which the caller checked is an object). */
    @SuppressWarnings("unchecked")
    StateFields element(String field, int index) {
        return new StateFields(state, (Map<String, Object>) ((List<Object>) fields.get(field)).get(index), language,
                problems, prefix + field + "/" + index + "/");
    }

    String state() {
        return state;
    }

    QueryLanguage language() {
        return language;
    }

    boolean jsonata() {
        return language == QueryLanguage.JSONATA;
    }

    Map<String, Object> all() {
        return fields;
    }

    boolean has(String field) {
        return fields.containsKey(field);
    }

    Object raw(String field) {
        return fields.get(field);
    }

    void problem(String field, String problem) {
        problems.add(state, prefix + field, problem);
    }

    Problems problems() {
        return problems;
    }

    /** A string field, or null when absent; a problem when present but not a string. */
    String string(String field) {
        Object value = fields.get(field);
        if (value != null && !(value instanceof String)) {
            problem(field, "must be a string");
            return null;
        }
        return (String) value;
    }

    /** A string field that must be one of {@code allowed}, or null when absent. */
    String oneOf(String field, List<String> allowed) {
        String value = string(field);
        if (value != null && !allowed.contains(value)) {
            problem(field, "must be one of " + String.join(", ", allowed) + " (was \"" + value + "\")");
            return null;
        }
        return value;
    }

    /** A JSONata template of the field, or null when absent. */
    JsonataTemplate jsonata(String field) {
        if (!fields.containsKey(field)) {
            return null;
        }
        return JsonataTemplate.compile(fields.get(field), field, collector());
    }

    /** A JSONPath payload template of the field, or null when absent. */
    PayloadTemplate payload(String field) {
        if (!fields.containsKey(field)) {
            return null;
        }
        return PayloadTemplate.compile(fields.get(field), field, collector());
    }

    /** An object-valued template in the state's dialect, or null when absent. */
    ValueTemplate template(String field) {
        if (!fields.containsKey(field)) {
            return null;
        }
        return jsonata() ? new ValueTemplate.Jsonata(jsonata(field)) : new ValueTemplate.Payload(payload(field));
    }

    /**
     * A path field (InputPath, ResultPath...): {@code absent} when absent, null when JSON null.
     * {@code reference} demands a path that names members and indexes only, as ResultPath does.
     */
    JsonPath path(String field, JsonPath absent, boolean reference) {
        if (!fields.containsKey(field)) {
            return absent;
        }
        Object value = fields.get(field);
        if (value == Json.NULL) {
            return null;
        }
        JsonPath path = parsePath(field, value);
        if (path != null && reference && !path.isReferencePath()) {
            problem(field, "must be a reference path ($ followed by .member or [index] only), was \"" + path + "\"");
        }
        return path == null ? absent : path;
    }

    /** A path, or null with a problem when {@code value} is not one. */
    JsonPath parsePath(String field, Object value) {
        if (!(value instanceof String text) || !JsonPath.looksLikePath(text)) {
            problem(field, "must be a path starting with $ (was " + Json.write(value) + ")");
            return null;
        }
        try {
            return JsonPath.parse(text);
        } catch (IllegalArgumentException e) {
            problem(field, e.getMessage());
            return null;
        }
    }

    /**
     * A computed single value: {@code name} (a constant, or a JSONata template in a JSONata state),
     * or in a JSONPath state {@code name + "Path"}; not both.
     */
    Field field(String name) {
        String pathName = name + "Path";
        if (fields.containsKey(name) && fields.containsKey(pathName)) {
            problem(pathName, "cannot be given together with \"" + name + "\"");
        }
        if (fields.containsKey(name)) {
            Object value = fields.get(name);
            return jsonata() ? new Field.Jsonata(name, jsonata(name)) : new Field.Fixed(name, value);
        }
        if (fields.containsKey(pathName) && !jsonata()) {
            Object value = fields.get(pathName);
            if (value instanceof String text && IntrinsicCall.looksLikeCall(text)) {
                try {
                    return new Field.Function(pathName, IntrinsicCall.parse(text));
                } catch (IllegalArgumentException e) {
                    problem(pathName, e.getMessage());
                    return null;
                }
            }
            JsonPath path = parsePath(pathName, value);
            return path == null ? null : new Field.Path(pathName, path);
        }
        return null;
    }

    /** Reports a constant field whose value {@code acceptable} refuses, with {@code requirement}. */
    void checkConstant(Field field, Predicate<Object> acceptable, String requirement) {
        Object constant = switch (field) {
            case Field.Fixed fixed -> fixed.value();
            case Field.Jsonata jsonata when jsonata.template() instanceof JsonataTemplate.Literal literal -> literal.value();
            case null, default -> null;
        };
        if (constant != null && !acceptable.test(constant)) {
            problem(field.name(), requirement);
        }
    }

    private List<FieldProblem> collector() {
        return new ReportingList();
    }

    /** Passes compile problems on to {@link Problems} as they are added. */
    private final class ReportingList extends ArrayList<FieldProblem> {
        @Override
        public boolean add(FieldProblem problem) {
            problems.add(state, prefix + problem.field(), problem.problem());
            return super.add(problem);
        }
    }
}
