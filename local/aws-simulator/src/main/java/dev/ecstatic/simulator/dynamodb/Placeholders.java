package dev.ecstatic.simulator.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A request's ExpressionAttributeNames and ExpressionAttributeValues, and which of them its
 * expressions used: DynamoDB refuses a placeholder that is defined but unused as firmly as one
 * used but undefined ("Expression attribute names in DynamoDB",
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ExpressionAttributeNames.html).
 */
final class Placeholders {

    private static final Pattern NAME_KEY = Pattern.compile("#[0-9A-Za-z_]+");
    private static final Pattern VALUE_KEY = Pattern.compile(":[0-9A-Za-z_]+");

    private final Map<String, String> names;
    private final Map<String, AttributeValue> values;
    private final Set<String> usedNames = new HashSet<>();
    private final Set<String> usedValues = new HashSet<>();

    private Placeholders(Map<String, String> names, Map<String, AttributeValue> values) {
        this.names = names;
        this.values = values;
    }

    static final Placeholders NONE = new Placeholders(Map.of(), Map.of());

    /**
     * Reads and validates both maps of a request.
     *
     * @param anyExpression      the request has an expression (names may be used by any, even a projection)
     * @param anyValueExpression the request has an expression that takes values (not a projection)
     * @param valueExpressions   the action's expression members that take values, for the message
     *                           when values come without any (e.g. "UpdateExpression and ConditionExpression")
     */
    static Placeholders read(JsonNode request, boolean anyExpression, boolean anyValueExpression,
            List<String> valueExpressions) {
        JsonNode n = request.get("ExpressionAttributeNames");
        JsonNode v = request.get("ExpressionAttributeValues");
        boolean hasNames = n != null && !n.isNull();
        boolean hasValues = v != null && !v.isNull();
        if (hasNames && !anyExpression) {
            throw DynamoDbException.validation("ExpressionAttributeNames can only be specified when using expressions");
        }
        if (hasValues && !anyValueExpression) {
            throw DynamoDbException.validation("ExpressionAttributeValues can only be specified when using expressions: "
                    + String.join(" and ", valueExpressions) + (valueExpressions.size() > 1 ? " are" : " is") + " null");
        }
        Map<String, String> names = new LinkedHashMap<>();
        if (hasNames) {
            if (!n.isObject()) {
                throw DynamoDbException.serialization("ExpressionAttributeNames must be a map of strings");
            }
            if (n.isEmpty()) {
                throw DynamoDbException.validation("ExpressionAttributeNames must not be empty");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!NAME_KEY.matcher(e.getKey()).matches()) {
                    throw DynamoDbException.validation(
                            "ExpressionAttributeNames contains invalid key: Syntax error; key: \"" + e.getKey() + "\"");
                }
                if (!e.getValue().isTextual()) {
                    throw DynamoDbException.serialization("ExpressionAttributeNames must be a map of strings");
                }
                if (e.getValue().textValue().isEmpty()) {
                    throw DynamoDbException.validation("ExpressionAttributeNames contains invalid value: "
                            + "Empty attribute name for key " + e.getKey());
                }
                names.put(e.getKey(), e.getValue().textValue());
            }
        }
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        if (hasValues) {
            if (!v.isObject()) {
                throw DynamoDbException.serialization("ExpressionAttributeValues must be a map of attribute values");
            }
            if (v.isEmpty()) {
                throw DynamoDbException.validation("ExpressionAttributeValues must not be empty");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!VALUE_KEY.matcher(e.getKey()).matches()) {
                    throw DynamoDbException.validation(
                            "ExpressionAttributeValues contains invalid key: Syntax error; key: \"" + e.getKey() + "\"");
                }
                try {
                    values.put(e.getKey(), AttributeValue.fromJson(e.getValue(), 1));
                } catch (DynamoDbException bad) {
                    if (bad.status() != 400 || !bad.code().equals("ValidationException")) {
                        throw bad;
                    }
                    throw DynamoDbException.validation("ExpressionAttributeValues contains invalid value: "
                            + bad.getMessage() + " for key " + e.getKey());
                }
            }
        }
        return new Placeholders(names, values);
    }

    /** The attribute name for {@code #key}, or null when it is not defined. */
    String name(String key) {
        usedNames.add(key);
        return names.get(key);
    }

    /** The value for {@code :key}, or null when it is not defined. */
    AttributeValue value(String key) {
        usedValues.add(key);
        return values.get(key);
    }

    /** Called once every expression of the request is parsed. */
    void requireAllUsed() {
        List<String> unusedNames = names.keySet().stream().filter(k -> !usedNames.contains(k)).toList();
        if (!unusedNames.isEmpty()) {
            throw DynamoDbException.validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {"
                    + String.join(", ", unusedNames) + "}");
        }
        List<String> unusedValues = values.keySet().stream().filter(k -> !usedValues.contains(k)).toList();
        if (!unusedValues.isEmpty()) {
            throw DynamoDbException.validation("Value provided in ExpressionAttributeValues unused in expressions: keys: {"
                    + String.join(", ", unusedValues) + "}");
        }
    }
}
