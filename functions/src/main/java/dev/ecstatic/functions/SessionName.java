package dev.ecstatic.functions;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The role session name of an AssumeRole made for a run: it appears in the member account's CloudTrail
 * beside every call made with the session, so it names the run, {@code ecstatic-<execution name>}. STS
 * allows 2 to 64 characters of {@code [\w+=,.@-]}
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html, RoleSessionName), while an
 * execution name may hold 80 characters, some of them not allowed there: such a name is kept as far as it
 * fits, its other characters replaced by '-', and followed by 12 hex digits of its SHA-256, so that two
 * runs never share a session name by being cut alike.
 */
final class SessionName {
    static final int MAX = 64;
    static final String PREFIX = "ecstatic-";
    /** STS's {@code \w} is ASCII: letters, digits and underscore. */
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_+=,.@-]+");
    private static final Pattern NOT_ALLOWED = Pattern.compile("[^A-Za-z0-9_+=,.@-]");
    private static final int HASH_HEX = 12;

    private SessionName() {
    }

    /** The session name for the run named {@code run} (an execution name); "ecstatic" without one. */
    static String of(String run) {
        if (run == null || run.isEmpty()) {
            return "ecstatic";
        }
        String plain = PREFIX + run;
        if (plain.length() <= MAX && ALLOWED.matcher(run).matches()) {
            return plain;
        }
        String hash = "-" + sha256(run).substring(0, HASH_HEX);
        String kept = NOT_ALLOWED.matcher(run).replaceAll("-");
        kept = kept.substring(0, Math.min(kept.length(), MAX - PREFIX.length() - hash.length()));
        return PREFIX + kept + hash;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
