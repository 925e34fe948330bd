package dev.ecstatic.asl.data;

import dev.ecstatic.asl.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What each intrinsic function of the JSONPath dialect computes, as the Developer Guide describes
 * it and as AWS was recorded doing (MathAdd rounds each operand to the nearest integer, StringSplit
 * splits on any of the delimiter's characters and drops empty strings, Format writes an object as
 * {@code {key=value}}). A function given arguments it cannot take fails with
 * States.IntrinsicFailure.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html">Intrinsic functions</a>
 */
final class IntrinsicFunctions {
    /** Strings given to Base64Encode, Base64Decode and Hash are at most 10,000 characters. */
    private static final int MAX_STRING = 10_000;
    /** ArrayRange makes at most 1,000 elements. */
    private static final int MAX_RANGE = 1_000;

    private IntrinsicFunctions() {}

    static Object apply(IntrinsicCall call, List<Object> arguments) {
        Arguments args = new Arguments(call, arguments);
        return switch (call.function()) {
            case "States.Format" -> format(args);
            case "States.StringToJson" -> stringToJson(args);
            case "States.JsonToString" -> Json.write(args.exactly(1).get(0));
            case "States.Array" -> new ArrayList<>(arguments);
            case "States.ArrayPartition" -> partition(args.exactly(2).array(0), args.positiveInteger(1));
            case "States.ArrayContains" -> args.exactly(2).array(0).stream().anyMatch(element -> Json.equal(element, args.get(1)));
            case "States.ArrayRange" -> range(args.exactly(3));
            case "States.ArrayGetItem" -> getItem(args.exactly(2));
            case "States.ArrayLength" -> args.exactly(1).array(0).size();
            case "States.ArrayUnique" -> unique(args.exactly(1).array(0));
            case "States.Base64Encode" -> Base64.getEncoder().encodeToString(
                    args.exactly(1).limitedString(0).getBytes(StandardCharsets.UTF_8));
            case "States.Base64Decode" -> base64Decode(args.exactly(1));
            case "States.Hash" -> hash(args.exactly(2));
            case "States.JsonMerge" -> merge(args.exactly(3));
            case "States.MathRandom" -> random(args);
            case "States.MathAdd" -> Math.round(args.exactly(2).number(0)) + Math.round(args.number(1));
            case "States.StringSplit" -> split(args.exactly(2).string(0), args.string(1));
            case "States.UUID" -> {
                args.exactly(0);
                yield UUID.randomUUID().toString();
            }
            default -> throw args.failure("is not an intrinsic function");
        };
    }

    private static String format(Arguments args) {
        String template = args.atLeast(1).string(0);
        StringBuilder formatted = new StringBuilder();
        int next = 1;
        for (int i = 0; i < template.length(); i++) {
            char character = template.charAt(i);
            if (character == '\\' && i + 1 < template.length() && "{}".indexOf(template.charAt(i + 1)) >= 0) {
                formatted.append(template.charAt(++i));
            } else if (character == '{' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
                if (next >= args.size()) {
                    throw args.failure("has more placeholders {} than arguments");
                }
                formatted.append(formatValue(args.get(next++)));
                i++;
            } else {
                formatted.append(character);
            }
        }
        if (next != args.size()) {
            throw args.failure("has more arguments than placeholders {}");
        }
        return formatted.toString();
    }

    /** A value as States.Format writes it: strings as they are, objects as {@code {key=value, ...}}. */
    private static String formatValue(Object value) {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof Map<?, ?> object) {
            StringJoiner members = new StringJoiner(", ", "{", "}");
            object.forEach((key, member) -> members.add(key + "=" + formatValue(member)));
            return members.toString();
        }
        if (value instanceof List<?> array) {
            StringJoiner elements = new StringJoiner(", ", "[", "]");
            array.forEach(element -> elements.add(formatValue(element)));
            return elements.toString();
        }
        return Json.write(value);
    }

    private static Object stringToJson(Arguments args) {
        String text = args.exactly(1).string(0);
        if (text.isBlank()) {
            return Json.NULL;
        }
        try {
            return Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw args.failure("could not parse its argument as JSON: " + e.getMessage());
        }
    }

    private static List<Object> partition(List<?> array, long size) {
        List<Object> chunks = new ArrayList<>();
        for (int i = 0; i < array.size(); i += (int) size) {
            chunks.add(new ArrayList<>(array.subList(i, (int) Math.min(array.size(), i + size))));
        }
        return chunks;
    }

    private static List<Object> range(Arguments args) {
        long start = args.integer(0);
        long end = args.integer(1);
        long step = args.integer(2);
        if (step == 0) {
            throw args.failure("needs a step other than 0");
        }
        List<Object> values = new ArrayList<>();
        for (long value = start; step > 0 ? value <= end : value >= end; value += step) {
            if (values.size() == MAX_RANGE) {
                throw args.failure("would make more than " + MAX_RANGE + " elements");
            }
            values.add(value);
        }
        return values;
    }

    private static Object getItem(Arguments args) {
        List<?> array = args.array(0);
        long index = args.integer(1);
        if (index < 0 || index >= array.size()) {
            throw args.failure("was given index " + index + " for an array of " + array.size() + " elements");
        }
        return array.get((int) index);
    }

    private static List<Object> unique(List<?> array) {
        List<Object> distinct = new ArrayList<>();
        for (Object element : array) {
            if (distinct.stream().noneMatch(seen -> Json.equal(seen, element) && sameType(seen, element))) {
                distinct.add(element);
            }
        }
        return distinct;
    }

    private static boolean sameType(Object first, Object second) {
        return Json.typeName(first).equals(Json.typeName(second));
    }

    private static String base64Decode(Arguments args) {
        try {
            return new String(Base64.getDecoder().decode(args.limitedString(0)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw args.failure("was given text that is not Base64: " + e.getMessage());
        }
    }

    private static String hash(Arguments args) {
        String data = args.limitedString(0);
        String algorithm = args.string(1);
        String javaName = JsonataExpression.HashAlgorithms.javaName(algorithm);
        if (javaName == null) {
            throw args.failure("does not know the algorithm '" + algorithm + "' (MD5, SHA-1, SHA-256, SHA-384, SHA-512)");
        }
        return JsonataExpression.HashAlgorithms.hexDigest(javaName, data);
    }

    private static Map<String, Object> merge(Arguments args) {
        if (!Boolean.FALSE.equals(args.get(2))) {
            throw args.failure("supports only a shallow merge: its third argument must be false");
        }
        Map<String, Object> merged = new LinkedHashMap<>(args.object(0));
        merged.putAll(args.object(1));
        return merged;
    }

    private static long random(Arguments args) {
        if (args.size() != 2 && args.size() != 3) {
            throw args.failure("takes 2 or 3 arguments (start, end, seed), not " + args.size());
        }
        long start = Math.round(args.number(0));
        long end = Math.round(args.number(1));
        if (end <= start) {
            throw args.failure("needs an end greater than its start");
        }
        Random random = args.size() == 3 ? new Random(Math.round(args.number(2))) : ThreadLocalRandom.current();
        return start + (long) (random.nextDouble() * (end - start));
    }

    private static List<Object> split(String text, String delimiters) {
        List<Object> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char character = text.charAt(i);
            if (delimiters.indexOf(character) >= 0) {
                if (!part.isEmpty()) {
                    parts.add(part.toString());
                }
                part.setLength(0);
            } else {
                part.append(character);
            }
        }
        if (!part.isEmpty()) {
            parts.add(part.toString());
        }
        return parts;
    }

    /** The evaluated arguments of one call, read with the checks each function needs. */
    private record Arguments(IntrinsicCall call, List<Object> values) {
        int size() {
            return values.size();
        }

        Object get(int index) {
            return values.get(index);
        }

        Arguments exactly(int count) {
            if (values.size() != count) {
                throw failure("takes " + count + " argument(s), not " + values.size());
            }
            return this;
        }

        Arguments atLeast(int count) {
            if (values.size() < count) {
                throw failure("takes at least " + count + " argument(s), not " + values.size());
            }
            return this;
        }

        List<?> array(int index) {
            if (values.get(index) instanceof List<?> array) {
                return array;
            }
            throw wrongType(index, "an array");
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> object(int index) {
            if (values.get(index) instanceof Map<?, ?> object) {
                return (Map<String, Object>) object;
            }
            throw wrongType(index, "an object");
        }

        String string(int index) {
            if (values.get(index) instanceof String text) {
                return text;
            }
            throw wrongType(index, "a string");
        }

        String limitedString(int index) {
            String text = string(index);
            if (text.length() > MAX_STRING) {
                throw failure("takes a string of at most " + MAX_STRING + " characters");
            }
            return text;
        }

        double number(int index) {
            if (values.get(index) instanceof Number number) {
                return number.doubleValue();
            }
            throw wrongType(index, "a number");
        }

        long integer(int index) {
            double number = number(index);
            if (number != Math.rint(number)) {
                throw wrongType(index, "an integer");
            }
            return (long) number;
        }

        long positiveInteger(int index) {
            long number = integer(index);
            if (number <= 0) {
                throw wrongType(index, "a positive integer");
            }
            return number;
        }

        PathFailure wrongType(int index, String expected) {
            return failure("needs " + expected + " as argument " + (index + 1) + ", not " + Json.write(values.get(index)));
        }

        PathFailure failure(String problem) {
            return new PathFailure("States.IntrinsicFailure", "The intrinsic function " + call.function() + " in '"
                    + call.text() + "' " + problem + ".");
        }
    }
}
