package dev.ecstatic.asl.data;

import com.dashjoin.jsonata.Functions;
import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Utils;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JSONata's {@code $match}, {@code $replace} and {@code $split} with a regular expression as
 * jsonata-js 2.0.6 runs them (Step Functions implements that version), where dashjoin's port differs:
 * a regular expression that matches an empty string after its first match is error D1004, "Regular
 * expression matches zero length string" ({@code $replace("abc", /x*\/, "-")} is {@code -a-b-c-} in
 * dashjoin), and a match that ends the string is the last ({@code $match("aa", /a*\/)} is one match,
 * dashjoin adds an empty one at the end). Each function is registered with dashjoin's signature, so
 * arguments are checked and the context fills a missing first argument as before; strings as
 * patterns, and $replace's replacement, are left to dashjoin.
 *
 * <p>jsonata-js walks the matches one after the other: after each match it looks for the next one
 * from where that match ended, unless that is the end of the string, and fails if it finds an empty
 * one; all three take that step after the last match their limit lets them use, too.
 */
public final class RegexFunctions {
    private RegexFunctions() {}

    /** Registers the three functions on {@code jsonata}, in place of dashjoin's. */
    static void register(Jsonata jsonata) {
        jsonata.registerFunction("match", new Jsonata.JFunction("match", "<s-f<s:o>n?:a<o>>", RegexFunctions.class, null,
                "match"));
        jsonata.registerFunction("replace", new Jsonata.JFunction("replace", "<s-(sf)(sf)n?:s>", RegexFunctions.class,
                null, "replace"));
        jsonata.registerFunction("split", new Jsonata.JFunction("split", "<s-(sf)n?:a<s>>", RegexFunctions.class, null,
                "split"));
    }

    public static List<?> match(String text, Pattern regex, Integer limit) {
        if (text == null || regex == null || limit != null && limit < 0) {
            return Functions.match(text, regex, limit);
        }
        List<Object> found = Utils.createSequence();
        for (MatchResult match : matches(text, regex, limit)) {
            List<String> groups = new ArrayList<>();
            for (int group = 1; group <= match.groupCount(); group++) {
                groups.add(match.group(group));
            }
            Map<String, Object> described = new LinkedHashMap<>();
            described.put("match", match.group());
            described.put("index", match.start());
            described.put("groups", groups);
            found.add(described);
        }
        return found;
    }

    public static String replace(String text, Object pattern, Object replacement, Integer limit) {
        if (text == null || !(pattern instanceof Pattern regex) || limit != null && limit < 1) {
            return Functions.replace(text, pattern, replacement, limit);
        }
        // dashjoin's first matches are jsonata-js's: only what comes after them differs.
        int count = matches(text, regex, limit).size();
        return Functions.replace(text, pattern, replacement, count == 0 ? limit : Integer.valueOf(count));
    }

    public static List<String> split(String text, Object separator, Number limit) {
        if (text == null || !(separator instanceof Pattern regex) || limit != null && limit.doubleValue() < 0) {
            return Functions.split(text, separator, limit);
        }
        List<String> pieces = new ArrayList<>();
        if (limit != null && limit.intValue() == 0) {
            return pieces;
        }
        Integer most = limit == null ? null : limit.intValue();
        List<MatchResult> separators = matches(text, regex, most);
        int start = 0;
        for (MatchResult match : separators) {
            pieces.add(text.substring(start, match.start()));
            start = match.end();
        }
        if (most == null || separators.size() < most) {
            pieces.add(text.substring(start));
        }
        return pieces;
    }

    /**
     * The matches jsonata-js steps through, at most {@code limit}: each next one searched from where
     * the last ended, none once that is the end of the string; an empty one after the first is D1004.
     */
    private static List<MatchResult> matches(String text, Pattern regex, Integer limit) {
        List<MatchResult> found = new ArrayList<>();
        Matcher matcher = regex.matcher(text);
        if (!matcher.find()) {
            return found;
        }
        MatchResult current = matcher.toMatchResult();
        while (true) {
            found.add(current);
            MatchResult next = null;
            if (current.end() < text.length() && matcher.find(current.end())) {
                if (matcher.end() == matcher.start()) {
                    throw new JException("D1004", -1, regex.pattern());
                }
                next = matcher.toMatchResult();
            }
            if (next == null || limit != null && found.size() >= limit) {
                return found;
            }
            current = next;
        }
    }
}
