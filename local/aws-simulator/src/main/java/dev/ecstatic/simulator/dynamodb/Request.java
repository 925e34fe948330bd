package dev.ecstatic.simulator.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A DynamoDB request body, read as DynamoDB's front end does: a member of the wrong JSON type is a
 * SerializationException; constraint violations (missing required members, bad enum values, table
 * name rules) are collected and answered together, as {@code "2 validation errors detected: Value
 * null at 'tableName' failed to satisfy constraint: Member must not be null; …"}.
 */
final class Request {

    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]+");

    private final JsonNode body;
    private final List<String> violations = new ArrayList<>();

    Request(JsonNode body) {
        this.body = body;
    }

    JsonNode body() {
        return body;
    }

    JsonNode get(String member) {
        JsonNode v = body.get(member);
        return v == null || v.isNull() ? null : v;
    }

    boolean has(String member) {
        return get(member) != null;
    }

    String string(String member) {
        JsonNode v = get(member);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw DynamoDbException.serialization(jsonKind(v) + " cannot be converted to String");
        }
        return v.textValue();
    }

    boolean bool(String member) {
        JsonNode v = get(member);
        if (v == null) {
            return false;
        }
        if (!v.isBoolean()) {
            throw DynamoDbException.serialization(jsonKind(v) + " cannot be converted to Boolean");
        }
        return v.booleanValue();
    }

    Long integer(String member) {
        JsonNode v = get(member);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw DynamoDbException.serialization(jsonKind(v) + " cannot be converted to Long");
        }
        return v.longValue();
    }

    /** A required member: records "Member must not be null" when absent. */
    JsonNode required(String member) {
        JsonNode v = get(member);
        if (v == null) {
            violation(null, member, "Member must not be null");
        }
        return v;
    }

    /** The table name member, checked against DynamoDB's naming rules. */
    String tableName(String member) {
        JsonNode node = required(member);
        if (node == null) {
            return null;
        }
        String name = string(member);
        if (!TABLE_NAME.matcher(name).matches()) {
            violation(name, member, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        }
        if (name.length() < 3) {
            violation(name, member, "Member must have length greater than or equal to 3");
        }
        if (name.length() > 255) {
            violation(name, member, "Member must have length less than or equal to 255");
        }
        return name;
    }

    /** An optional enum member: records "Member must satisfy enum value set" for others. */
    String oneOf(String member, Set<String> allowed, String dflt) {
        String v = string(member);
        if (v == null) {
            return dflt;
        }
        if (!allowed.contains(v)) {
            violation(v, member, "Member must satisfy enum value set: " + allowed.stream().sorted().toList());
        }
        return v;
    }

    /** An optional integer member with a lower bound. */
    Long atLeast(String member, long min) {
        Long v = integer(member);
        if (v != null && v < min) {
            violation(String.valueOf(v), member, "Member must have value greater than or equal to " + min);
        }
        return v;
    }

    void violation(String value, String member, String constraint) {
        String shown = value == null ? "null" : "'" + value + "'";
        violations.add("Value " + shown + " at '" + Character.toLowerCase(member.charAt(0)) + member.substring(1)
                + "' failed to satisfy constraint: " + constraint);
    }

    /** Throws the collected constraint violations, if any. */
    void validate() {
        if (violations.isEmpty()) {
            return;
        }
        int n = violations.size();
        throw DynamoDbException.validation(n + " validation error" + (n == 1 ? "" : "s") + " detected: "
                + String.join("; ", violations));
    }

    /** Refuses the legacy (pre-expression) parameters, which the simulator does not implement. */
    void refuseLegacy(String... members) {
        for (String m : members) {
            if (has(m)) {
                throw DynamoDbException.validation("The simulator supports expressions only; the legacy parameter " + m
                        + " is not implemented (use the corresponding expression parameter)");
            }
        }
    }

    static String jsonKind(JsonNode v) {
        if (v.isNumber()) {
            return "NUMBER_VALUE";
        }
        if (v.isBoolean()) {
            return v.booleanValue() ? "TRUE_VALUE" : "FALSE_VALUE";
        }
        if (v.isTextual()) {
            return "STRING_VALUE";
        }
        return v.isArray() ? "START_ARRAY" : "START_OBJECT";
    }

    /** The item or key map member (DynamoDB JSON). */
    Map<String, AttributeValue> item(String member) {
        return AttributeValue.item(get(member), member);
    }
}
