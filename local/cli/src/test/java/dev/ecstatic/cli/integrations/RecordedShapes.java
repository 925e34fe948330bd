package dev.ecstatic.cli.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares what AWS recorded with what the engine produced, as the integration cases' README says:
 * structurally (member order aside), every value the recording replaced (its {@code placeholders}:
 * request ids, dates, CRC32s, ARN parts) by shape only, and HTTP header names case-insensitively.
 */
final class RecordedShapes {
    /** What each placeholder stands for, as a regular expression. */
    private static final Map<String, String> SHAPES = Map.of(
            "<request_id>", "[A-Za-z0-9-]+",
            "<extended_request_id>", "[A-Za-z0-9+/=-]+",
            "<region>", "[a-z]{2}-[a-z]+-\\d",
            "<partition>", "aws[a-z-]*",
            "111111111111", "\\d{12}",
            "<ArnPart_0idx>", "[A-Za-z0-9_-]+",
            "<MapRunArnPart0_0idx>", "[A-Za-z0-9_-]+",
            "<MapRunArnPart1_0idx>", "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT.*|[A-Z][a-z]{2}, \\d\\d [A-Z][a-z]{2} \\d{4} .*");
    private static final Pattern PATH_SEGMENT = Pattern.compile("\\.([A-Za-z0-9_]+)|\\[\"([^\"]*)\"]|\\[(\\d+)]");

    /** A recorded value replaced by a placeholder. */
    record Placeholder(String recorded, boolean whole) {}

    private final Map<String, List<Placeholder>> byPath = new HashMap<>();

    /** @param placeholders the case's {@code placeholders} */
    RecordedShapes(JsonNode placeholders) {
        for (JsonNode placeholder : placeholders) {
            byPath.computeIfAbsent(key(placeholder.get("path").asText()), k -> new ArrayList<>())
                    .add(new Placeholder(placeholder.get("recorded").asText(), "whole".equals(placeholder.get("match").asText())));
        }
    }

    /**
     * What differs between the recording's {@code want}, at {@code path} in the case file (e.g.
     * {@code $.taskResults[0].output}), and {@code got}; null when they match.
     */
    String difference(String path, JsonNode want, JsonNode got) {
        return difference(key(path), want, got, path);
    }

    private String difference(String key, JsonNode want, JsonNode got, String where) {
        List<Placeholder> placeholders = byPath.get(key);
        if (placeholders != null) {
            return matchesShape(placeholders, want, got) ? null : where + ": " + got + " is not shaped as AWS's " + want;
        }
        if (want == null || got == null) {
            return want == got || (want != null && want.isNull() && got == null) ? null
                    : where + ": " + got + ", AWS " + want;
        }
        if (want.isObject() && got.isObject()) {
            boolean headers = key.endsWith("/AllHttpHeaders") || key.endsWith("/HttpHeaders");
            Map<String, String> gotNames = headers ? new TreeMap<>(String.CASE_INSENSITIVE_ORDER) : new TreeMap<>();
            got.fieldNames().forEachRemaining(name -> gotNames.put(name, name));
            List<String> wantNames = new ArrayList<>();
            want.fieldNames().forEachRemaining(wantNames::add);
            if (wantNames.size() != gotNames.size() || !wantNames.stream().allMatch(gotNames::containsKey)) {
                return where + ": members " + gotNames.values() + ", AWS " + wantNames;
            }
            for (String name : wantNames) {
                String difference = difference(key + "/" + name, want.get(name), got.get(gotNames.get(name)),
                        where + "." + name);
                if (difference != null) {
                    return difference;
                }
            }
            return null;
        }
        if (want.isArray() && got.isArray()) {
            if (want.size() != got.size()) {
                return where + ": " + got.size() + " elements " + got + ", AWS " + want.size() + " " + want;
            }
            for (int i = 0; i < want.size(); i++) {
                String difference = difference(key + "/" + i, want.get(i), got.get(i), where + "[" + i + "]");
                if (difference != null) {
                    return difference;
                }
            }
            return null;
        }
        if (want.isNumber() && got.isNumber()) {
            return want.decimalValue().compareTo(got.decimalValue()) == 0 ? null : where + ": " + got + ", AWS " + want;
        }
        return want.equals(got) ? null : where + ": " + got + ", AWS " + want;
    }

    private static boolean matchesShape(List<Placeholder> placeholders, JsonNode want, JsonNode got) {
        if (placeholders.stream().anyMatch(Placeholder::whole)) {
            // AWS sends each AllHttpHeaders value as a list of one string; the recording replaced some lists by a string.
            JsonNode value = got != null && got.isArray() && got.size() == 1 ? got.get(0) : got;
            String recorded = placeholders.getFirst().recorded();
            if (recorded.equals("date") || recorded.equals("<date>") || recorded.equals("datetime")) {
                return value != null && (value.isNumber() || value.isTextual() && DATE.matcher(value.asText()).matches());
            }
            if (recorded.startsWith("<Etag-")) {
                return value != null && value.isTextual() && value.asText().matches("\"?[0-9a-f]{32}\"?");
            }
            return value != null && value.isTextual() && !value.asText().isEmpty();
        }
        return got != null && got.isTextual() && want != null && got.asText().matches(shape(placeholders, want.asText()));
    }

    /** The recorded text as a regular expression: each placeholder in it stands for its shape, the rest for itself. */
    private static String shape(List<Placeholder> placeholders, String recorded) {
        StringBuilder regex = new StringBuilder();
        int from = 0;
        while (from < recorded.length()) {
            int next = -1;
            Placeholder found = null;
            for (Placeholder placeholder : placeholders) {
                int at = recorded.indexOf(placeholder.recorded(), from);
                if (at >= 0 && (next < 0 || at < next)) {
                    next = at;
                    found = placeholder;
                }
            }
            if (found == null) {
                break;
            }
            regex.append(Pattern.quote(recorded.substring(from, next)))
                    .append(SHAPES.getOrDefault(found.recorded(), ".+"));
            from = next + found.recorded().length();
        }
        return regex.append(Pattern.quote(recorded.substring(from))).toString();
    }

    /** A path into the case file as a key: {@code $.a["b-c"][0]} is {@code $/a/b-c/0}. */
    static String key(String path) {
        if (!path.startsWith("$")) {
            throw new IllegalArgumentException("not a JSONPath: " + path);
        }
        StringBuilder key = new StringBuilder("$");
        Matcher matcher = PATH_SEGMENT.matcher(path);
        int at = 1;
        while (at < path.length()) {
            if (!matcher.find(at) || matcher.start() != at) {
                throw new IllegalArgumentException("cannot read the path " + path + " at " + at);
            }
            String segment = matcher.group(1) != null ? matcher.group(1)
                    : matcher.group(2) != null ? matcher.group(2) : matcher.group(3);
            key.append('/').append(segment);
            at = matcher.end();
        }
        return key.toString();
    }
}
