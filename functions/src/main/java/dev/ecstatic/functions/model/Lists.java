package dev.ecstatic.functions.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Null-tolerant defensive copies: an absent list or map on the wire reads as empty. */
final class Lists {
    private Lists() {
    }

    static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    static <T> List<T> bounded(List<T> list, int max, String field) {
        List<T> copy = copy(list);
        if (copy.size() > max) {
            throw new IllegalArgumentException(field + " holds at most " + max + " entries, got " + copy.size());
        }
        return copy;
    }

    /** Keeps the map's order (counts read better in class order) and refuses null keys. */
    static <K, V> Map<K, V> copy(Map<K, V> map) {
        if (map == null) {
            return Map.of();
        }
        Map<K, V> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(java.util.Objects.requireNonNull(k, "map key"), v));
        return Collections.unmodifiableMap(copy);
    }
}
