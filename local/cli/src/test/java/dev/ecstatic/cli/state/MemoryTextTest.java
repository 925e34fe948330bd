package dev.ecstatic.cli.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** One cluster's memory item as lines: every field of docs/memory.md, missing ones, and documents that cannot be read. */
class MemoryTextTest {

    static final String RUN = "arn:aws:states:us-east-1:123456789012:execution:ecstatic/Clusters:run-4";

    static final String MEMORY = """
            { "version": 1,
              "problem": { "kind": "AGENTS_DISCONNECTED", "count": 7, "hash": "9f2c4e0d1a6b7c35",
                           "instances": ["i-01", "i-02", "i-03", "i-04", "i-05", "i-06"],
                           "detail": "7 agent(s) still disconnected after a recheck: not updating this cluster",
                           "firstSeen": "2026-01-05T09:00:00Z", "runs": 4,
                           "lastAlerted": { "webhook": "2026-01-05T09:00:00Z" } },
              "error": { "kind": "ERROR", "count": 0, "hash": "8946e91b87cefd35", "instances": [],
                         "detail": "List instances failed: States.Timeout", "firstSeen": "2026-01-05T11:00:00Z",
                         "runs": 2, "lastAlerted": { "webhook": "2026-01-05T11:00:00Z" } },
              "updates": { "i-0d": "2026-01-05T11:00:00Z", "i-0e": "2026-01-05T12:00:00Z" },
              "cannotUpdate": { "kind": "CANNOT_UPDATE", "count": 2, "hash": "ab", "instances": ["i-w1", "i-w2"],
                                "firstSeen": "2026-01-05T09:00:00Z", "alertedCount": 2, "noPath": ["i-w2"] },
              "lastOutcome": "BLOCKED", "lastRunTime": "2026-01-05T12:00:00Z", "runs": 4 }
            """;

    static Map<String, AttributeValue> item(String... attributes) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("scope", AttributeValue.fromS("123456789012#us-east-1"));
        item.put("cluster", AttributeValue.fromS("prod-web"));
        for (int i = 0; i < attributes.length; i += 2) {
            String name = attributes[i];
            item.put(name, name.equals("leaseUntil") || name.equals("expiresAt")
                    ? AttributeValue.fromN(attributes[i + 1]) : AttributeValue.fromS(attributes[i + 1]));
        }
        return item;
    }

    @Test
    void everyFieldOfTheMemory_isShown() {
        List<String> lines = MemoryText.block(item("memory", MEMORY, "lastOutcome", "BLOCKED",
                "lastRun", RUN, "lastRunTime", "2026-01-05T12:00:00Z",
                "leaseOwner", "arn:aws:states:us-east-1:123456789012:execution:ecstatic/Clusters:run-5",
                "leaseUntil", "1767618000", "expiresAt", "1770206400"), null);

        assertThat(lines).containsExactly(
                "prod-web  (123456789012#us-east-1)",
                "  last run      BLOCKED at 2026-01-05T12:00:00Z (ecstatic/Clusters:run-4)",
                "  lease         held by ecstatic/Clusters:run-5 until 2026-01-05T13:00:00Z",
                "  problem       AGENTS_DISCONNECTED since 2026-01-05T09:00:00Z, seen by 4 run(s), 7 instance(s): "
                        + "i-01, i-02, i-03, i-04, i-05 and 2 more; last alerted 2026-01-05T09:00:00Z (webhook)",
                "                7 agent(s) still disconnected after a recheck: not updating this cluster",
                "  error         ERROR since 2026-01-05T11:00:00Z, seen by 2 run(s); last alerted 2026-01-05T11:00:00Z"
                        + " (webhook)",
                "                List instances failed: States.Timeout",
                "  updates       i-0d since 2026-01-05T11:00:00Z, i-0e since 2026-01-05T12:00:00Z",
                "  cannot update 2 instance(s): i-w1, i-w2 since 2026-01-05T09:00:00Z, 1 without an update path; "
                        + "last said 2");
    }

    @Test
    void anItemWithNothingButItsKey_saysNothingIsKnownYet() {
        assertThat(MemoryText.block(item(), null)).containsExactly(
                "prod-web  (123456789012#us-east-1)",
                "  last run      none yet",
                "  lease         free",
                "  memory        none yet (no run has concluded in this cluster)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no problem, no updates          | {"problem": null, "updates": {}, "cannotUpdate": null}  | problem       none
            no problem, no updates          | {"problem": null, "updates": {}, "cannotUpdate": null}  | updates       none
            no problem, no updates          | {"problem": null, "updates": {}, "cannotUpdate": null}  | cannot update none
            fields left out                 | {"version": 1}                                           | problem       none
            no error                        | {"version": 1}                                           | error         none
            an error never delivered        | {"error": {"kind": "ERROR", "count": 0, "instances": [], "runs": 1}} | error         ERROR, seen by 1 run(s); not yet delivered
            a problem never delivered       | {"problem": {"kind": "UPDATE_FAILED", "count": 1, "instances": ["i-1"], "firstSeen": "2026-01-05T09:00:00Z", "runs": 1}} | problem       UPDATE_FAILED since 2026-01-05T09:00:00Z, seen by 1 run(s), 1 instance(s): i-1; not yet delivered
            an ERROR problem, count 0       | {"problem": {"kind": "ERROR", "count": 0, "instances": [], "runs": 2, "lastAlerted": {}}} | problem       ERROR, seen by 2 run(s); not yet delivered
            cannot update, never said       | {"cannotUpdate": {"count": 3, "instances": ["i-a"]}}    | cannot update 3 instance(s): i-a and 2 more; not yet said
            """)
    void missingFields_areSaidToBeMissing(String what, String memory, String line) {
        assertThat(MemoryText.block(item("memory", memory), null)).contains("  " + line);
    }

    @Test
    void anItemWithALastRunButNoMemoryAttribute_saysTheAttributeIsMissing() {
        assertThat(MemoryText.block(item("lastOutcome", "SKIPPED"), null))
                .contains("  last run      SKIPPED", "  memory        none (the item has no memory attribute)");
    }

    @Test
    void theLastRunFallsBackOnTheMemoryDocument_whenTheItemsAttributesAreMissing() {
        assertThat(MemoryText.block(item("memory", "{\"lastOutcome\": \"HEALTHY\", \"lastRunTime\": \"2026-01-05T10:00:00Z\"}"),
                null)).contains("  last run      HEALTHY at 2026-01-05T10:00:00Z");
    }

    @ParameterizedTest(name = "lease until {0} at {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            1767618000 | 2026-01-05T12:59:59Z | held by ecstatic/Clusters:run-5 until 2026-01-05T13:00:00Z
            1767618000 | 2026-01-05T13:00:01Z | free (held by ecstatic/Clusters:run-5 until 2026-01-05T13:00:00Z, expired)
            """)
    void anExpiredLease_isFree(String until, String now, String line) {
        assertThat(MemoryText.block(item("leaseOwner", "arn:aws:states:us-east-1:1:execution:ecstatic/Clusters:run-5",
                "leaseUntil", until), Instant.parse(now))).contains("  lease         " + line);
    }

    @Test
    void aLeaseWithoutItsEnd_saysSo() {
        assertThat(MemoryText.block(item("leaseOwner", "someone"), null))
                .contains("  lease         held by someone (no leaseUntil: it never expires)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not JSON              | {"problem":                                  | unreadable: not JSON (
            not an object         | [1, 2]                                       | unreadable: not a JSON object
            a kind that is no text| {"problem": {"kind": 3}}                     | unreadable: problem.kind is missing or not a string
            runs as text          | {"problem": {"kind": "ERROR", "runs": "4"}}  | unreadable: problem.runs is not a whole number
            instances not a list  | {"problem": {"kind": "ERROR", "instances": "i-1"}} | unreadable: problem.instances is not a list
            an error not an object| {"error": "throttled"}                       | unreadable: error is not an object
            updates as a list     | {"updates": ["i-1"]}                         | unreadable: updates is not an object of instance id to time
            an update without time| {"updates": {"i-1": 5}}                      | unreadable: updates holds a value that is not a time
            alertedCount as text  | {"cannotUpdate": {"alertedCount": "2"}}      | unreadable: cannotUpdate.alertedCount is not a whole number
            """)
    void aMemoryThatCannotBeRead_isOneLineAndTheRestIsShown(String what, String memory, String problem) {
        List<String> lines = MemoryText.block(item("memory", memory, "lastOutcome", "HEALTHY",
                "lastRunTime", "2026-01-05T10:00:00Z"), null);

        assertThat(lines).hasSize(4);
        assertThat(lines.get(1)).isEqualTo("  last run      HEALTHY at 2026-01-05T10:00:00Z");
        assertThat(lines.get(2)).isEqualTo("  lease         free");
        assertThat(lines.get(3)).startsWith("  memory        " + problem);
    }

    @ParameterizedTest
    @CsvSource({
            "arn:aws:states:us-east-1:123456789012:execution:ecstatic/Clusters:run-4, ecstatic/Clusters:run-4",
            "arn:aws:states:us-east-1:123456789012:execution:ecstatic:local-run-1, ecstatic:local-run-1",
            "not-an-arn, not-an-arn"})
    void anExecutionIsNamedWithoutItsArnPrefix(String arn, String name) {
        assertThat(MemoryText.executionName(arn)).isEqualTo(name);
    }
}
