package dev.ecstatic.simulator.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A DynamoDB attribute value, immutable: S, N, B, BOOL, NULL, M, L, SS, NS, BS (API reference,
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValue.html). Numbers
 * are held in their normal form, so equal numbers are equal values ("1.0" and "1"); sets keep the
 * order they were written in and compare as sets.
 */
sealed interface AttributeValue {

    /** Deepest nesting of M and L DynamoDB accepts. */
    int MAX_DEPTH = 32;

    /** The type descriptor: {@code S}, {@code N}, … as on the wire. */
    String type();

    record S(String value) implements AttributeValue {
        public String type() {
            return "S";
        }
    }

    record N(BigDecimal value) implements AttributeValue {
        public String type() {
            return "N";
        }
    }

    record B(Bytes value) implements AttributeValue {
        public String type() {
            return "B";
        }
    }

    record Bool(boolean value) implements AttributeValue {
        public String type() {
            return "BOOL";
        }
    }

    record Null() implements AttributeValue {
        public String type() {
            return "NULL";
        }
    }

    record M(Map<String, AttributeValue> value) implements AttributeValue {
        public M {
            value = Collections.unmodifiableMap(new LinkedHashMap<>(value));
        }

        public String type() {
            return "M";
        }
    }

    record L(List<AttributeValue> value) implements AttributeValue {
        public L {
            value = List.copyOf(value);
        }

        public String type() {
            return "L";
        }
    }

    record SS(Set<String> value) implements AttributeValue {
        public SS {
            value = Collections.unmodifiableSet(new LinkedHashSet<>(value));
        }

        public String type() {
            return "SS";
        }
    }

    record NS(Set<BigDecimal> value) implements AttributeValue {
        public NS {
            value = Collections.unmodifiableSet(new LinkedHashSet<>(value));
        }

        public String type() {
            return "NS";
        }
    }

    record BS(Set<Bytes> value) implements AttributeValue {
        public BS {
            value = Collections.unmodifiableSet(new LinkedHashSet<>(value));
        }

        public String type() {
            return "BS";
        }
    }

    /** Binary data with value semantics, ordered as DynamoDB orders B keys: unsigned bytes. */
    record Bytes(byte[] data) implements Comparable<Bytes> {

        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && Arrays.equals(data, b.data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }

        @Override
        public int compareTo(Bytes o) {
            return Arrays.compareUnsigned(data, o.data);
        }

        @Override
        public String toString() {
            return Base64.getEncoder().encodeToString(data);
        }
    }

    static AttributeValue string(String s) {
        return new S(s);
    }

    static AttributeValue number(BigDecimal n) {
        return new N(Numbers.check(n));
    }

    /** True for S, N and B: the types keys, comparisons and BETWEEN accept. */
    default boolean isScalar() {
        return this instanceof S || this instanceof N || this instanceof B;
    }

    /**
     * Orders two values of the same scalar type as DynamoDB does (S by UTF-8 bytes, N numerically,
     * B by unsigned bytes); null when they cannot be compared.
     */
    static Integer compare(AttributeValue a, AttributeValue b) {
        if (a instanceof S x && b instanceof S y) {
            return Arrays.compareUnsigned(x.value.getBytes(StandardCharsets.UTF_8), y.value.getBytes(StandardCharsets.UTF_8));
        }
        if (a instanceof N x && b instanceof N y) {
            return x.value.compareTo(y.value);
        }
        if (a instanceof B x && b instanceof B y) {
            return x.value.compareTo(y.value);
        }
        return null;
    }

    // ---- JSON (the wire's "DynamoDB JSON") ----

    /** Reads an item or key map; errors are the ValidationException DynamoDB answers. */
    static Map<String, AttributeValue> item(JsonNode json, String member) {
        if (json == null || json.isNull()) {
            return null;
        }
        if (!json.isObject()) {
            throw DynamoDbException.serialization("Unexpected value type in payload for " + member
                    + ": expected a map of attribute values");
        }
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().isEmpty()) {
                throw DynamoDbException.validation(
                        "One or more parameter values were invalid: An attribute name may not be empty");
            }
            out.put(e.getKey(), fromJson(e.getValue(), 1));
        }
        return out;
    }

    static AttributeValue fromJson(JsonNode json, int depth) {
        if (depth > MAX_DEPTH) {
            throw DynamoDbException.validation("Nesting Levels have exceeded supported limits");
        }
        if (json == null || !json.isObject()) {
            throw DynamoDbException.serialization("Unexpected value type in payload: an AttributeValue must be an object");
        }
        if (json.isEmpty()) {
            throw DynamoDbException.validation(
                    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }
        if (json.size() > 1) {
            throw DynamoDbException.validation("Supplied AttributeValue has more than one datatypes set, "
                    + "must contain exactly one of the supported datatypes");
        }
        Map.Entry<String, JsonNode> e = json.fields().next();
        JsonNode v = e.getValue();
        return switch (e.getKey()) {
            case "S" -> new S(text(v, "String"));
            case "N" -> new N(Numbers.parse(text(v, "Number")));
            case "B" -> new B(binary(v));
            case "BOOL" -> {
                if (!v.isBoolean()) {
                    throw DynamoDbException.serialization(kind(v) + " cannot be converted to Boolean");
                }
                yield new Bool(v.booleanValue());
            }
            case "NULL" -> {
                if (!v.isBoolean()) {
                    throw DynamoDbException.serialization(kind(v) + " cannot be converted to Boolean");
                }
                if (!v.booleanValue()) {
                    throw DynamoDbException.validation("One or more parameter values were invalid: "
                            + "Null attribute value types must have the value of true");
                }
                yield new Null();
            }
            case "M" -> {
                if (!v.isObject()) {
                    throw DynamoDbException.serialization("Unexpected value type in payload: M must be a map");
                }
                Map<String, AttributeValue> m = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> f = it.next();
                    m.put(f.getKey(), fromJson(f.getValue(), depth + 1));
                }
                yield new M(m);
            }
            case "L" -> {
                List<AttributeValue> l = new ArrayList<>();
                for (JsonNode x : array(v, "L")) {
                    l.add(fromJson(x, depth + 1));
                }
                yield new L(l);
            }
            case "SS" -> {
                Set<String> s = new LinkedHashSet<>();
                List<String> all = new ArrayList<>();
                for (JsonNode x : array(v, "SS")) {
                    String str = text(x, "String");
                    all.add(str);
                    s.add(str);
                }
                if (all.isEmpty()) {
                    throw DynamoDbException.validation(
                            "One or more parameter values were invalid: An string set  may not be empty");
                }
                if (s.size() != all.size()) {
                    throw DynamoDbException.validation("One or more parameter values were invalid: Input collection "
                            + all + " contains duplicates.");
                }
                yield new SS(s);
            }
            case "NS" -> {
                Set<BigDecimal> s = new LinkedHashSet<>();
                int count = 0;
                for (JsonNode x : array(v, "NS")) {
                    s.add(Numbers.parse(text(x, "Number")));
                    count++;
                }
                if (count == 0) {
                    throw DynamoDbException.validation(
                            "One or more parameter values were invalid: An number set  may not be empty");
                }
                if (s.size() != count) {
                    throw DynamoDbException.validation("Input collection contains duplicates");
                }
                yield new NS(s);
            }
            case "BS" -> {
                Set<Bytes> s = new LinkedHashSet<>();
                int count = 0;
                for (JsonNode x : array(v, "BS")) {
                    s.add(binary(x));
                    count++;
                }
                if (count == 0) {
                    throw DynamoDbException.validation(
                            "One or more parameter values were invalid: Binary sets should not be empty");
                }
                if (s.size() != count) {
                    throw DynamoDbException.validation("One or more parameter values were invalid: Input collection "
                            + s + "of type BS contains duplicates.");
                }
                yield new BS(s);
            }
            default -> throw DynamoDbException.serialization("Unknown AttributeValue type: " + e.getKey());
        };
    }

    static ObjectNode toJson(Map<String, AttributeValue> item) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        item.forEach((k, v) -> o.set(k, toJson(v)));
        return o;
    }

    static ObjectNode toJson(AttributeValue value) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        switch (value) {
            case S s -> o.put("S", s.value);
            case N n -> o.put("N", Numbers.format(n.value));
            case B b -> o.put("B", b.value.toString());
            case Bool b -> o.put("BOOL", b.value);
            case Null ignored -> o.put("NULL", true);
            case M m -> o.set("M", toJson(m.value));
            case L l -> {
                ArrayNode a = o.putArray("L");
                l.value.forEach(x -> a.add(toJson(x)));
            }
            case SS ss -> {
                ArrayNode a = o.putArray("SS");
                ss.value.forEach(a::add);
            }
            case NS ns -> {
                ArrayNode a = o.putArray("NS");
                ns.value.forEach(n -> a.add(Numbers.format(n)));
            }
            case BS bs -> {
                ArrayNode a = o.putArray("BS");
                bs.value.forEach(b -> a.add(b.toString()));
            }
        }
        return o;
    }

    private static String text(JsonNode v, String javaType) {
        if (!v.isTextual()) {
            throw DynamoDbException.serialization(kind(v) + " cannot be converted to " + javaType);
        }
        return v.textValue();
    }

    private static Bytes binary(JsonNode v) {
        String b64 = text(v, "Blob");
        try {
            return new Bytes(Base64.getDecoder().decode(b64));
        } catch (IllegalArgumentException e) {
            throw DynamoDbException.serialization("Base64 encoded value is not valid: " + e.getMessage());
        }
    }

    private static JsonNode array(JsonNode v, String type) {
        if (!v.isArray()) {
            throw DynamoDbException.serialization("Unexpected value type in payload: " + type + " must be a list");
        }
        return v;
    }

    /** The token names AWS's deserializer uses in its messages. */
    private static String kind(JsonNode v) {
        if (v.isNumber()) {
            return "NUMBER_VALUE";
        }
        if (v.isBoolean()) {
            return v.booleanValue() ? "TRUE_VALUE" : "FALSE_VALUE";
        }
        if (v.isTextual()) {
            return "STRING_VALUE";
        }
        if (v.isArray()) {
            return "START_ARRAY";
        }
        if (v.isObject()) {
            return "START_OBJECT";
        }
        return "VALUE_NULL";
    }
}
