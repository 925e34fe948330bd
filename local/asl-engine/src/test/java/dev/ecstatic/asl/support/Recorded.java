package dev.ecstatic.asl.support;

import dev.ecstatic.asl.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares a value recorded from AWS with this engine's, the recording's placeholders matching by
 * shape (see the conformance README): {@code <region>}, {@code <partition>}, the account
 * {@code 111111111111}, ARN parts ({@code <ArnPart_0idx>}, {@code <MapRunArnPart0_0idx>},
 * {@code <MapRunArnPart1_0idx>}), dates ({@code date}, {@code <date>}) and ETags
 * ({@code <Etag-...>}).
 */
public final class Recorded {
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "<region>|<partition>|111111111111|<ArnPart_0idx>|<MapRunArnPart0_0idx>|<MapRunArnPart1_0idx>|<Etag-[^>]*>");
    private static final Map<String, String> SHAPES = new LinkedHashMap<>();

    static {
        SHAPES.put("<region>", "[a-z]{2}-[a-z]+-\\d");
        SHAPES.put("<partition>", "aws[a-z-]*");
        SHAPES.put("111111111111", "\\d{12}");
        SHAPES.put("<ArnPart_0idx>", "[A-Za-z0-9_-]+");
        SHAPES.put("<MapRunArnPart0_0idx>", "[A-Za-z0-9_-]+");
        SHAPES.put("<MapRunArnPart1_0idx>", "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }

    private Recorded() {}

    /** Whether {@code got} is what AWS recorded as {@code want}, placeholders by shape, member order aside. */
    public static boolean matches(Object want, Object got) {
        if (want instanceof String text && ("date".equals(text) || "<date>".equals(text))) {
            return got instanceof Number || got instanceof String given && given.matches("\\d{4}-\\d\\d-\\d\\dT.*");
        }
        if (want instanceof String text && PLACEHOLDER.matcher(text).find()) {
            return got instanceof String given && given.matches(shape(text));
        }
        if (want instanceof Map<?, ?> wanted && got instanceof Map<?, ?> given) {
            return wanted.keySet().equals(given.keySet())
                    && wanted.keySet().stream().allMatch(key -> matches(wanted.get(key), given.get(key)));
        }
        if (want instanceof List<?> wanted && got instanceof List<?> given) {
            if (wanted.size() != given.size()) {
                return false;
            }
            Iterator<?> wantedElements = wanted.iterator();
            Iterator<?> givenElements = given.iterator();
            while (wantedElements.hasNext()) {
                if (!matches(wantedElements.next(), givenElements.next())) {
                    return false;
                }
            }
            return true;
        }
        return Json.equal(want, got);
    }

    /** The regular expression a recorded string with placeholders stands for. */
    static String shape(String recorded) {
        StringBuilder regex = new StringBuilder();
        Matcher matcher = PLACEHOLDER.matcher(recorded);
        int from = 0;
        while (matcher.find()) {
            regex.append(Pattern.quote(recorded.substring(from, matcher.start())));
            String placeholder = matcher.group();
            regex.append(placeholder.startsWith("<Etag-") ? "\"?[0-9a-f]+\"?" : SHAPES.get(placeholder));
            from = matcher.end();
        }
        return regex.append(Pattern.quote(recorded.substring(from))).toString();
    }

    /** The members of each object of {@code array} named in {@code names} (to compare what a recording kept). */
    public static List<Object> project(Object array, List<String> names) {
        List<Object> projected = new ArrayList<>();
        if (array instanceof List<?> elements) {
            for (Object element : elements) {
                Map<String, Object> kept = new LinkedHashMap<>();
                if (element instanceof Map<?, ?> object) {
                    names.forEach(name -> kept.put(name, object.get(name)));
                }
                projected.add(kept);
            }
        }
        return projected;
    }
}
