package dev.ecstatic.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecstatic.functions.model.DigestRequest;
import dev.ecstatic.functions.model.DigestSummary;
import dev.ecstatic.functions.model.Memory;
import dev.ecstatic.functions.model.NotificationKind;
import dev.ecstatic.functions.model.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The state machine reads the memory table 25 items a page ("Read the memory") and hands the page,
 * with the digest so far, to "Fold into the digest": Step Functions limits a state's input, output
 * and a Lambda payload to 256 KiB. The largest memory documents there can be (every list full, the
 * longest labels, a 255-character cluster name, the longest details) make a page that still fits.
 */
class MemoryPageSizeTest {
    static final int PAGE = 25;
    static final int PAYLOAD_LIMIT = 256 * 1024;

    /** A container instance id: what a label is when an instance has no EC2 id (longer than an EC2 id). */
    static String label(String prefix, int i) {
        return String.format("%s%032x", prefix, i);
    }

    static List<String> labels(String prefix) {
        return IntStream.range(0, 20).mapToObj(i -> label(prefix, i)).sorted().toList();
    }

    static Memory largest() {
        String detail = "x".repeat(Memory.MAX_DETAIL - 10) + " \"quoted\"";
        Memory.Problem problem = new Memory.Problem(NotificationKind.AGENTS_DISCONNECTED, 5000, "0123456789abcdef",
                labels("d"), detail, "2026-01-05T09:00:00Z", 100_000, new Memory.Alerted("2026-01-05T09:00:00Z", "2026-01-05T09:00:00Z", "2026-01-05T09:00:00Z"));
        Memory.Problem error = new Memory.Problem(NotificationKind.ERROR, 0, "fedcba9876543210", List.of(), detail,
                "2026-01-05T09:00:00Z", 100_000, new Memory.Alerted("2026-01-05T09:00:00Z", "2026-01-05T09:00:00Z", "2026-01-05T09:00:00Z"));
        Map<String, String> updates = new LinkedHashMap<>();
        labels("u").forEach(id -> updates.put(id, "2026-01-05T09:00:00Z"));
        Memory.CannotUpdate cannot = new Memory.CannotUpdate(NotificationKind.CANNOT_UPDATE, 5000, "0123456789abcdef",
                labels("c"), "2026-01-05T09:00:00Z", 5000, labels("n"), 5000, 5000);
        Map<String, Integer> agents = new LinkedHashMap<>();
        IntStream.range(0, 30).forEach(i -> agents.put("1." + (60 + i) + ".0-long-build-suffix", 5000));
        return new Memory(Memory.VERSION, problem, updates, cannot, Outcome.UNCONFIRMED, "2026-01-05T09:00:00Z", 100_000,
                agents, "2026-12-24T00:00:00Z", error);
    }

    /** One item as the aws-sdk Scan returns it: the projected attributes (scope too), in DynamoDB JSON. */
    static Map<String, Map<String, String>> item(int i) {
        String memory = Fixtures.toJson(largest(), Memory.class);
        return Map.of("scope", Map.of("S", "222233334444#ap-southeast-3"), "cluster", Map.of("S", "c" + i + "-".repeat(255 - 1 - String.valueOf(i).length())),
                "memory", Map.of("S", memory), "lastOutcome", Map.of("S", "UNCONFIRMED"),
                "lastRunTime", Map.of("S", "2026-01-05T09:00:00.000Z"));
    }

    static DigestSummary largestDigest() {
        String name = "n".repeat(80);
        List<DigestSummary.OpenProblem> problems = new ArrayList<>();
        List<DigestSummary.Silence> silences = new ArrayList<>();
        List<DigestSummary.ClusterCount> counts = new ArrayList<>();
        for (int i = 0; i < DigestSummary.MAX_LISTED; i++) {
            String scope = "222233334444#ap-southeast-3";
            problems.add(new DigestSummary.OpenProblem(name, "AGENTS_DISCONNECTED", "2026-01-05T09:00:00Z", 5000, 100_000,
                    scope));
            silences.add(new DigestSummary.Silence(name, "2026-12-24T00:00:00Z", scope));
            counts.add(new DigestSummary.ClusterCount(name, 5000, scope));
        }
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        Map<String, Long> versions = new LinkedHashMap<>();
        for (int i = 0; i < DigestSummary.MAX_KEYS; i++) {
            outcomes.put("OUTCOME_" + "x".repeat(30) + i, 10_000);
            versions.put("v".repeat(38) + i, 50_000_000L);
        }
        String scope = "222233334444#ap-southeast-3";
        List<DigestSummary.Named> named = IntStream.range(0, DigestSummary.MAX_NAMED)
                .mapToObj(i -> new DigestSummary.Named(name, scope)).toList();
        List<String> targets = IntStream.range(0, DigestSummary.MAX_TARGETS).mapToObj(i -> scope + i).toList();
        return new DigestSummary(10_000, outcomes, versions, 10_000, problems, 10_000, silences, 50_000_000L, counts,
                10_000, named, 10_000, named, targets);
    }

    @Test
    void aPageOfTheLargestMemoryDocuments_andTheLargestDigest_fitTheFoldsPayload() {
        List<Map<String, Map<String, String>>> page = IntStream.range(0, PAGE).mapToObj(MemoryPageSizeTest::item).toList();
        String request = Fixtures.toJson(new DigestRequest(largestDigest(), page, true, "2026-01-05T09:00:00Z",
                "arn:aws:states:us-east-1:123456789012:execution:" + "e".repeat(80) + ":" + "x".repeat(80), 3),
                DigestRequest.class);

        int memoryBytes = Fixtures.toJson(largest(), Memory.class).getBytes(StandardCharsets.UTF_8).length;
        int requestBytes = request.getBytes(StandardCharsets.UTF_8).length;

        assertThat(memoryBytes).as("one memory document at its largest").isBetween(3_000, 8_000);
        assertThat(requestBytes).as("Fold into the digest's payload for a page of %d", PAGE)
                .isLessThan(PAYLOAD_LIMIT * 3 / 4);
    }
}
