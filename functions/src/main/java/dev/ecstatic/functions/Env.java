package dev.ecstatic.functions;

import java.util.Locale;
import java.util.Map;

/** Reads configuration variables once, failing fast with the variable's name and what to set. */
final class Env {
    private Env() {
    }

    static String string(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    static boolean bool(Map<String, String> env, String name, boolean fallback) {
        String value = string(env, name);
        if (value == null) {
            return fallback;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalStateException(name + " is '" + value + "': set it to true or false");
        };
    }

    static int integer(Map<String, String> env, String name, int fallback, int min, int max) {
        String value = string(env, name);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted range
        }
        throw new IllegalStateException(name + " is '" + value + "': set it to a whole number from " + min
                + " to " + max + " (default " + fallback + ")");
    }
}
