package dev.ecstatic.simulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The parameters of an AWS Query protocol request ({@code Action=…&Version=…&…}, form-encoded), with the
 * two list encodings AWS's clients use: EC2's flattened {@code Name.1}, {@code Name.2} (and filters
 * {@code Filter.1.Name}, {@code Filter.1.Value.1}), and the Query protocol's {@code Name.member.1}
 * (filters {@code Filters.member.1.Name}, {@code Filters.member.1.Values.member.1}). An empty list may
 * arrive as {@code Name=} with no value, as the SDKs send it.
 *
 * @param invalid builds the service's error for a parameter of the wrong form (EC2:
 *                InvalidParameterValue, Auto Scaling: ValidationError)
 */
record QueryRequest(Map<String, String> params, Function<String, QueryError> invalid) {

    /** A filter: a name and its values. */
    record Filter(String name, List<String> values) {
    }

    /** Parses {@code a=1&b=2}; a repeated name keeps its last value. */
    static Map<String, String> parseForm(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return out;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return out;
    }

    /**
     * The request's parameters but those that page it ({@code NextToken}, {@code MaxResults},
     * {@code MaxRecords}), in name order: what a page token is bound to.
     */
    String listing() {
        TreeMap<String, String> rest = new TreeMap<>(params);
        rest.keySet().removeAll(Set.of("NextToken", "MaxResults", "MaxRecords"));
        return rest.toString();
    }

    String string(String name) {
        return params.get(name);
    }

    boolean bool(String name, boolean dflt) {
        String v = params.get(name);
        if (v == null) {
            return dflt;
        }
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid.apply("Value (" + v + ") for parameter " + name + " is invalid. Expected a boolean.");
        };
    }

    Integer integer(String name) {
        String v = params.get(name);
        if (v == null) {
            return null;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw invalid.apply("Value (" + v + ") for parameter " + name + " is invalid. Expected an integer.");
        }
    }

    /** EC2's list {@code prefix.1}, {@code prefix.2}, … in index order; null when absent. */
    List<String> ec2List(String prefix) {
        return indexed(prefix + ".", params);
    }

    /** EC2's filters, {@code Filter.N.Name} and {@code Filter.N.Value.M}. */
    List<Filter> ec2Filters() {
        return filters("Filter.", ".Name", ".Value.");
    }

    /** The Query protocol's list {@code name.member.1}, …; empty for {@code name=}; null when absent. */
    List<String> memberList(String name) {
        if ("".equals(params.get(name))) {
            return List.of();
        }
        return indexed(name + ".member.", params);
    }

    /** The Query protocol's filters, {@code Filters.member.N.Name} and {@code Filters.member.N.Values.member.M}. */
    List<Filter> queryFilters() {
        return filters("Filters.member.", ".Name", ".Values.member.");
    }

    private List<Filter> filters(String prefix, String nameSuffix, String valueInfix) {
        TreeMap<Integer, String> names = new TreeMap<>();
        for (Map.Entry<String, String> e : params.entrySet()) {
            String k = e.getKey();
            if (k.startsWith(prefix) && k.endsWith(nameSuffix)) {
                Integer n = index(k.substring(prefix.length(), k.length() - nameSuffix.length()));
                if (n != null) {
                    names.put(n, e.getValue());
                }
            }
        }
        List<Filter> out = new ArrayList<>();
        names.forEach((n, name) -> {
            List<String> values = indexed(prefix + n + valueInfix, params);
            out.add(new Filter(name, values == null ? List.of() : values));
        });
        return out;
    }

    private static List<String> indexed(String prefix, Map<String, String> params) {
        TreeMap<Integer, String> found = new TreeMap<>();
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                Integer n = index(e.getKey().substring(prefix.length()));
                if (n != null) {
                    found.put(n, e.getValue());
                }
            }
        }
        return found.isEmpty() ? null : new ArrayList<>(found.values());
    }

    private static Integer index(String s) {
        if (s.isEmpty() || s.length() > 6 || !s.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Integer.parseInt(s);
    }

    /** Whether a value matches an EC2 filter value, where {@code *} is any run of characters and {@code ?} one. */
    static boolean glob(String pattern, String value) {
        return value != null && value.matches(toRegex(pattern));
    }

    private static String toRegex(String pattern) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            switch (c) {
                case '*' -> b.append(".*");
                case '?' -> b.append('.');
                case '\\' -> {
                    if (i + 1 < pattern.length()) {
                        b.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
                    }
                }
                default -> b.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return b.toString();
    }
}
