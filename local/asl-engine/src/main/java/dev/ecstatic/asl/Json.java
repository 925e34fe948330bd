package dev.ecstatic.asl;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The engine's JSON model: {@code Map<String,Object>} (insertion ordered), {@code List<Object>},
 * String, Number, Boolean and {@link Jsonata#NULL_VALUE} for JSON null, so that values go into
 * and out of JSONata without conversion (dashjoin's JSONata uses Java null for "undefined").
 */
public final class Json {
    /** JSON null. */
    public static final Object NULL = Jsonata.NULL_VALUE;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build();

    private Json() {}

    /** Parses JSON text into the engine's model; throws IllegalArgumentException saying what is wrong. */
    public static Object parse(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new IllegalArgumentException("empty JSON text");
            }
            Object value = read(parser, token);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("trailing content after JSON value");
            }
            return value;
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getMessage(), e);
        }
    }

    private static Object read(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    object.put(key, read(parser, parser.nextToken()));
                }
                return object;
            }
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                    array.add(read(parser, next));
                }
                return array;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_NUMBER_INT -> {
                return switch (parser.getNumberType()) {
                    case INT -> (Object) parser.getIntValue();
                    case LONG -> parser.getLongValue();
                    default -> parser.getBigIntegerValue();
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return parser.getDoubleValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return NULL;
            }
            default -> throw new IllegalArgumentException("unexpected JSON token " + token);
        }
    }

    /** Compact JSON text of a model value (Java null is written as null). */
    public static String write(Object value) {
        StringBuilder text = new StringBuilder(64);
        write(text, value);
        return text.toString();
    }

    static void write(StringBuilder text, Object value) {
        if (value == null || value == NULL) {
            text.append("null");
        } else if (value instanceof String string) {
            quote(text, string);
        } else if (value instanceof Boolean bool) {
            text.append(bool.booleanValue());
        } else if (value instanceof Number number) {
            number(text, number);
        } else if (value instanceof Map<?, ?> object) {
            text.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> member : object.entrySet()) {
                if (member.getValue() == null) {
                    continue; // undefined values vanish, as in JavaScript's JSON.stringify
                }
                if (!first) {
                    text.append(',');
                }
                first = false;
                quote(text, String.valueOf(member.getKey()));
                text.append(':');
                write(text, member.getValue());
            }
            text.append('}');
        } else if (value instanceof List<?> array) {
            text.append('[');
            for (int i = 0; i < array.size(); i++) {
                if (i > 0) {
                    text.append(',');
                }
                write(text, array.get(i));
            }
            text.append(']');
        } else if (value instanceof JsonText json) {
            quote(text, json.text());
        } else {
            quote(text, value.toString());
        }
    }

    private static void number(StringBuilder text, Number number) {
        if (number instanceof Double || number instanceof Float) {
            double value = number.doubleValue();
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                text.append("null");
            } else if (value == Math.rint(value) && Math.abs(value) < 1e21) {
                if (Math.abs(value) < 9.0e15) {
                    text.append((long) value);
                } else {
                    text.append(new BigDecimal(value).toBigInteger());
                }
            } else {
                String written = Double.toString(value);
                // JavaScript style exponent: 1.0E-7 -> 1e-7
                int exponent = written.indexOf('E');
                if (exponent >= 0) {
                    String mantissa = written.substring(0, exponent);
                    if (mantissa.endsWith(".0")) {
                        mantissa = mantissa.substring(0, mantissa.length() - 2);
                    }
                    String power = written.substring(exponent + 1);
                    written = mantissa + "e" + (power.startsWith("-") ? power : "+" + power);
                }
                text.append(written);
            }
        } else if (number instanceof BigDecimal decimal) {
            text.append(decimal.stripTrailingZeros().toPlainString());
        } else {
            text.append(number);
        }
    }

    private static void quote(StringBuilder text, String string) {
        text.append('"');
        for (int i = 0; i < string.length(); i++) {
            char character = string.charAt(i);
            switch (character) {
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                case '\b' -> text.append("\\b");
                case '\f' -> text.append("\\f");
                default -> {
                    if (character < 0x20) {
                        text.append(String.format("\\u%04x", (int) character));
                    } else {
                        text.append(character);
                    }
                }
            }
        }
        text.append('"');
    }

    /** Bytes of {@code text} in UTF-8, counted without encoding it. */
    public static int utf8Length(String text) {
        int length = text.length();
        for (int i = 0; i < text.length(); i++) {
            char character = text.charAt(i);
            if (character >= 0x80) {
                if (character < 0x800) {
                    length += 1;
                } else if (Character.isHighSurrogate(character)) {
                    length += 2;
                    i++;
                } else {
                    length += 2;
                }
            }
        }
        return length;
    }

    /** UTF-8 size of the compact JSON text of {@code value}. */
    public static int utf8Size(Object value) {
        return write(value).getBytes(StandardCharsets.UTF_8).length;
    }

    /** Structural equality: numbers compare by value, objects ignore key order. */
    public static boolean equal(Object first, Object second) {
        if (first == null || first == NULL) {
            return second == null || second == NULL;
        }
        if (first instanceof Number left && second instanceof Number right) {
            return toBigDecimal(left).compareTo(toBigDecimal(right)) == 0;
        }
        if (first instanceof Map<?, ?> left && second instanceof Map<?, ?> right) {
            if (left.size() != right.size()) {
                return false;
            }
            for (Map.Entry<?, ?> member : left.entrySet()) {
                if (!right.containsKey(member.getKey()) || !equal(member.getValue(), right.get(member.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (first instanceof List<?> left && second instanceof List<?> right) {
            if (left.size() != right.size()) {
                return false;
            }
            Iterator<?> leftElements = left.iterator();
            Iterator<?> rightElements = right.iterator();
            while (leftElements.hasNext()) {
                if (!equal(leftElements.next(), rightElements.next())) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(first, second);
    }

    /** A number as a BigDecimal, exactly (doubles by their shortest decimal text). */
    public static BigDecimal toBigDecimal(Number number) {
        if (number instanceof BigDecimal decimal) {
            return decimal;
        }
        if (number instanceof BigInteger integer) {
            return new BigDecimal(integer);
        }
        if (number instanceof Double || number instanceof Float) {
            return new BigDecimal(Double.toString(number.doubleValue()));
        }
        return BigDecimal.valueOf(number.longValue());
    }

    /** JSON type name as AWS reports it in error messages. */
    public static String typeName(Object value) {
        if (value == null || value == NULL) {
            return "null";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Number) {
            return "number";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof Map) {
            return "object";
        }
        if (value instanceof List) {
            return "array";
        }
        return "unsupported";
    }

    /** Whether {@code value} is a JSON value of the model (deeply), not e.g. a JSONata function. */
    public static boolean isJsonValue(Object value) {
        if (value == null) {
            return false;
        }
        if (value == NULL || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return true;
        }
        if (value instanceof Map<?, ?> object) {
            for (Object member : object.values()) {
                if (member != null && !isJsonValue(member)) {
                    return false;
                }
            }
            return true;
        }
        if (value instanceof List<?> array) {
            for (Object element : array) {
                if (!isJsonValue(element)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** A deep copy of a model value (objects and arrays copied, scalars shared). */
    /**
     * {@code value} with every empty array in it replaced by a new empty array, sharing every part
     * that holds none (no copy at all when nothing is empty): what a JSONata evaluation that may add
     * to an empty array is given, so that the execution's own value stays as it was.
     */
    public static Object withFreshEmptyArrays(Object value) {
        if (value instanceof List<?> array) {
            if (array.isEmpty()) {
                return new ArrayList<>();
            }
            List<Object> fresh = null;
            for (int i = 0; i < array.size(); i++) {
                Object element = array.get(i);
                Object freshElement = withFreshEmptyArrays(element);
                if (fresh == null && freshElement != element) {
                    fresh = new ArrayList<>(array.subList(0, i));
                }
                if (fresh != null) {
                    fresh.add(freshElement);
                }
            }
            return fresh == null ? value : fresh;
        }
        if (value instanceof Map<?, ?> object) {
            Map<String, Object> fresh = null;
            int index = 0;
            for (Map.Entry<?, ?> member : object.entrySet()) {
                Object freshMember = withFreshEmptyArrays(member.getValue());
                if (fresh == null && freshMember != member.getValue()) {
                    fresh = new LinkedHashMap<>();
                    Iterator<? extends Map.Entry<?, ?>> earlier = object.entrySet().iterator();
                    for (int i = 0; i < index; i++) {
                        Map.Entry<?, ?> kept = earlier.next();
                        fresh.put((String) kept.getKey(), kept.getValue());
                    }
                }
                if (fresh != null) {
                    fresh.put((String) member.getKey(), freshMember);
                }
                index++;
            }
            return fresh == null ? value : fresh;
        }
        return value;
    }

    public static Object copy(Object value) {
        if (value instanceof Map<?, ?> object) {
            Map<String, Object> copied = new LinkedHashMap<>();
            object.forEach((key, member) -> copied.put((String) key, copy(member)));
            return copied;
        }
        if (value instanceof List<?> array) {
            List<Object> copied = new ArrayList<>(array.size());
            array.forEach(element -> copied.add(copy(element)));
            return copied;
        }
        return value;
    }

    /**
     * A JSON value written into history as JSON text (GetExecutionHistory carries input and output
     * as strings); the text is produced once, on first use.
     */
    public static final class JsonText {
        private final Object value;
        private volatile String text;

        public JsonText(Object value) {
            this.value = value;
        }

        public Object value() {
            return value;
        }

        public String text() {
            String written = text;
            if (written == null) {
                written = write(value);
                text = written;
            }
            return written;
        }

        @Override
        public String toString() {
            return text();
        }
    }
}
