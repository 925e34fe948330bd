package dev.ecstatic.functions;

import dev.ecstatic.functions.model.InstanceRef;
import dev.ecstatic.functions.model.Inventory;
import dev.ecstatic.functions.model.NotificationKind;
import dev.ecstatic.functions.model.ProblemSet;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;

/**
 * The set hash of docs/memory.md, so that a run can tell whether a problem is the one an earlier
 * run alerted without remembering every instance: the first 16 lowercase hex digits of the SHA-256
 * of every id of the full set, sorted and joined by "\n" (UTF-8). Pure.
 */
final class ProblemSets {
    /** Hex digits kept of the SHA-256: 64 bits, no collision in any fleet ECS allows. */
    static final int HASH_DIGITS = 16;

    private ProblemSets() {
    }

    /** The hash of a set of ids; order and duplicates do not matter; "" for an empty set. */
    static String hash(Collection<String> ids) {
        TreeSet<String> sorted = new TreeSet<>(ids);
        return sorted.isEmpty() ? "" : digest(List.copyOf(sorted));
    }

    /**
     * The first {@value #HASH_DIGITS} hex digits of the SHA-256 of {@code lines} joined by newlines, in
     * their order (an error's step and name; a set's ids once sorted).
     */
    static String digest(List<String> lines) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The whole set is known: its count, hash and first {@value Inventory#MAX_LISTED} sorted ids. */
    static ProblemSet of(NotificationKind kind, Collection<String> ids) {
        TreeSet<String> sorted = new TreeSet<>(ids);
        return new ProblemSet(kind, sorted.size(), hash(sorted), listed(sorted));
    }

    /** At most {@value Inventory#MAX_LISTED} ids, sorted, without duplicates. */
    static List<String> listed(Collection<String> ids) {
        return new TreeSet<>(ids).stream().limit(Inventory.MAX_LISTED).toList();
    }

    /** The ids a set lists for these instances: their labels (EC2 instance id when known). */
    static List<String> ids(Collection<InstanceRef> refs) {
        return refs.stream().map(InstanceRef::label).toList();
    }
}
