package dev.ecstatic.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Deterministic pseudo-randomness: every "random" choice is a hash of the seed and a key. */
final class Hashing {

    private Hashing() {
    }

    /** Lower-case hex of the SHA-256 of the text, {@code length} characters long (≤ 64). */
    static String hex(String text, int length) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, length);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** SplitMix64 finaliser over the combined inputs: a well-mixed 64-bit value. */
    static long mix(long... values) {
        long h = 0x9E3779B97F4A7C15L;
        for (long v : values) {
            h ^= v;
            h += 0x9E3779B97F4A7C15L;
            h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
            h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
            h ^= h >>> 31;
        }
        return h;
    }

    /** A value in [0, 1) from a mixed hash. */
    static double unit(long mixed) {
        return (mixed >>> 11) * 0x1.0p-53;
    }
}
