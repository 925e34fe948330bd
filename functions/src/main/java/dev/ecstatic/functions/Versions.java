package dev.ecstatic.functions;

import dev.ecstatic.functions.model.RecommendedImage;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Semantic-version order for agent and Docker versions: 1.9.0 &lt; 1.10.0. */
final class Versions {
    private static final Pattern VERSION = Pattern.compile("\\d+(?:\\.\\d+)*(?:[-+][0-9A-Za-z.+-]*)?");

    private Versions() {
    }

    /**
     * Numeric dot-separated parts compare as numbers, a missing part counts as 0, and a version with a
     * pre-release suffix sorts before the same version without one. Null sorts last.
     */
    static final Comparator<String> ORDER = Comparator.nullsLast(Versions::compare);

    static int compare(String a, String b) {
        String[] pa = core(a).split("\\.");
        String[] pb = core(b).split("\\.");
        for (int i = 0; i < Math.max(pa.length, pb.length); i++) {
            int c = comparePart(i < pa.length ? pa[i] : "0", i < pb.length ? pb[i] : "0");
            if (c != 0) {
                return c;
            }
        }
        String sa = suffix(a);
        String sb = suffix(b);
        if (sa.isEmpty() || sb.isEmpty()) {
            return Boolean.compare(sa.isEmpty(), sb.isEmpty());
        }
        return sa.compareTo(sb);
    }

    static boolean older(String version, String than) {
        return version != null && than != null && compare(version, than) < 0;
    }

    private static String core(String v) {
        String s = v.startsWith("v") ? v.substring(1) : v;
        int cut = indexOfSuffix(s);
        return cut < 0 ? s : s.substring(0, cut);
    }

    private static String suffix(String v) {
        String s = v.startsWith("v") ? v.substring(1) : v;
        int cut = indexOfSuffix(s);
        return cut < 0 ? "" : s.substring(cut);
    }

    private static int indexOfSuffix(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '-' || c == '+') {
                return i;
            }
        }
        return -1;
    }

    private static int comparePart(String a, String b) {
        boolean na = !a.isEmpty() && a.chars().allMatch(Character::isDigit);
        boolean nb = !b.isEmpty() && b.chars().allMatch(Character::isDigit);
        if (na && nb) {
            String ta = a.replaceFirst("^0+(?=.)", "");
            String tb = b.replaceFirst("^0+(?=.)", "");
            return ta.length() != tb.length() ? Integer.compare(ta.length(), tb.length()) : ta.compareTo(tb);
        }
        if (na != nb) {
            return na ? 1 : -1;
        }
        return a.compareTo(b);
    }

    /**
     * The version number inside a Docker version string: "Docker version 25.0.8" (SSM) and
     * "DockerVersion: 25.0.8" (DescribeContainerInstances) both give "25.0.8".
     */
    static String dockerNumber(String raw) {
        if (raw == null) {
            return null;
        }
        Matcher m = VERSION.matcher(raw);
        return m.find() ? m.group() : null;
    }

    /**
     * The recommended agent version that applies to an instance: its family's when the family is
     * known, otherwise the newest any family recommends (an instance older than every family's
     * recommendation is certainly behind).
     */
    static Optional<String> recommendedAgent(Map<String, RecommendedImage> recommended, String family) {
        if (family != null && recommended.containsKey(family)) {
            return Optional.ofNullable(recommended.get(family).agentVersion());
        }
        return recommended.values().stream().map(RecommendedImage::agentVersion).filter(Objects::nonNull)
                .max(ORDER);
    }

    static Optional<String> recommendedDocker(Map<String, RecommendedImage> recommended, String family) {
        if (family != null && recommended.containsKey(family)) {
            return Optional.ofNullable(dockerNumber(recommended.get(family).dockerVersion()));
        }
        return recommended.values().stream().map(r -> dockerNumber(r.dockerVersion())).filter(Objects::nonNull)
                .max(ORDER);
    }
}
