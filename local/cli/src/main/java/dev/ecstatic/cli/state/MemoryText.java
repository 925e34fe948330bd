package dev.ecstatic.cli.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One cluster's item of the memory table (docs/memory.md), as lines a person reads: the last run,
 * the lease, the open problem, the open error, the updates under way and the instances ecstatic cannot
 * update.
 * Whatever is missing is said to be missing; a {@code memory} document that cannot be read is one
 * line naming what is wrong, and the item's other attributes are still shown.
 */
final class MemoryText {

    /** How many instance ids a line shows before "and N more". */
    static final int SHOWN_IDS = 5;

    private static final ObjectMapper JSON = new ObjectMapper();

    private MemoryText() {}

    /**
     * @param now when a lease has expired if it ran until before it; null to show leases as written
     *            (a simulator's state, whose times are simulated)
     */
    static List<String> block(Map<String, AttributeValue> item, Instant now) {
        List<String> lines = new ArrayList<>();
        lines.add(string(item, "cluster", "(no cluster attribute)") + "  (" + string(item, "scope", "no scope") + ")");
        JsonNode memory = null;
        String unreadable = null;
        String text = string(item, "memory", null);
        if (text != null) {
            try {
                memory = JSON.readTree(text);
                check(memory);
            } catch (JsonProcessingException e) {
                unreadable = "not JSON (" + e.getOriginalMessage() + ")";
            } catch (Malformed e) {
                unreadable = e.getMessage();
            }
        }
        lines.add(row("last run", lastRun(item, unreadable == null ? memory : null)));
        lines.add(row("lease", lease(item, now)));
        if (text == null && !item.containsKey("lastOutcome")) {
            lines.add(row("memory", "none yet (no run has concluded in this cluster)"));
        } else if (text == null) {
            lines.add(row("memory", "none (the item has no memory attribute)"));
        } else if (unreadable != null) {
            lines.add(row("memory", "unreadable: " + unreadable));
        } else {
            for (String slot : List.of("problem", "error")) {
                lines.add(row(slot, problem(memory.path(slot))));
                if (memory.path(slot).hasNonNull("detail")) {
                    lines.add(row("", memory.path(slot).path("detail").asText()));
                }
            }
            lines.add(row("updates", updates(memory.path("updates"))));
            lines.add(row("cannot update", cannotUpdate(memory.path("cannotUpdate"))));
        }
        return lines;
    }

    private static String row(String label, String value) {
        return String.format("  %-14s%s", label, value);
    }

    private static String lastRun(Map<String, AttributeValue> item, JsonNode memory) {
        String outcome = string(item, "lastOutcome", memory == null ? null : textOrNull(memory.path("lastOutcome")));
        String time = string(item, "lastRunTime", memory == null ? null : textOrNull(memory.path("lastRunTime")));
        if (outcome == null && time == null) {
            return "none yet";
        }
        String run = string(item, "lastRun", null);
        return (outcome == null ? "outcome unknown" : outcome) + (time == null ? "" : " at " + time)
                + (run == null ? "" : " (" + executionName(run) + ")");
    }

    private static String lease(Map<String, AttributeValue> item, Instant now) {
        String owner = string(item, "leaseOwner", null);
        if (owner == null) {
            return "free";
        }
        AttributeValue until = item.get("leaseUntil");
        if (until == null || until.n() == null) {
            return "held by " + executionName(owner) + " (no leaseUntil: it never expires)";
        }
        Instant end;
        try {
            end = Instant.ofEpochSecond(new BigDecimal(until.n()).longValue());
        } catch (NumberFormatException | DateTimeException e) {
            return "held by " + executionName(owner) + " until " + until.n() + " (not epoch seconds)";
        }
        String held = "held by " + executionName(owner) + " until " + end;
        return now != null && end.isBefore(now) ? "free (" + held + ", expired)" : held;
    }

    private static String problem(JsonNode problem) {
        if (problem.isMissingNode() || problem.isNull()) {
            return "none";
        }
        StringBuilder out = new StringBuilder(problem.path("kind").asText());
        if (problem.hasNonNull("firstSeen")) {
            out.append(" since ").append(problem.path("firstSeen").asText());
        }
        if (problem.hasNonNull("runs")) {
            out.append(", seen by ").append(problem.path("runs").asInt()).append(" run(s)");
        }
        if (problem.path("count").asInt() > 0 || problem.path("instances").size() > 0) {
            out.append(", ").append(instances(problem.path("count").asInt(), problem.path("instances")));
        }
        JsonNode alerted = problem.path("lastAlerted");
        if (alerted.isObject() && !alerted.isEmpty()) {
            List<String> targets = new ArrayList<>();
            alerted.fields().forEachRemaining(e -> targets.add(e.getValue().asText() + " (" + e.getKey() + ")"));
            out.append("; last alerted ").append(String.join(", ", targets));
        } else {
            out.append("; not yet delivered");
        }
        return out.toString();
    }

    private static String updates(JsonNode updates) {
        if (updates.isMissingNode() || updates.isNull() || updates.isEmpty()) {
            return "none";
        }
        List<String> each = new ArrayList<>();
        updates.fields().forEachRemaining(e -> each.add(e.getKey() + " since " + e.getValue().asText()));
        return String.join(", ", each);
    }

    private static String cannotUpdate(JsonNode set) {
        if (set.isMissingNode() || set.isNull()) {
            return "none";
        }
        String said = set.hasNonNull("alertedCount") ? "; last said " + set.path("alertedCount").asInt()
                : "; not yet said";
        int noPath = set.path("noPath").size();
        return instances(set.path("count").asInt(), set.path("instances"))
                + (set.hasNonNull("firstSeen") ? " since " + set.path("firstSeen").asText() : "")
                + (noPath > 0 ? ", " + noPath + " without an update path" : "") + said;
    }

    private static String instances(int count, JsonNode ids) {
        int total = Math.max(count, ids.size());
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < Math.min(SHOWN_IDS, ids.size()); i++) {
            shown.add(ids.get(i).asText());
        }
        String more = total > shown.size() ? (shown.isEmpty() ? "" : " and " + (total - shown.size()) + " more") : "";
        return total + " instance(s)" + (shown.isEmpty() ? "" : ": " + String.join(", ", shown)) + more;
    }

    /** The execution's name from its ARN ({@code arn:aws:states:…:execution:<machine>:<name>}), or the text as is. */
    static String executionName(String arn) {
        int at = arn.indexOf(":execution:");
        return at < 0 ? arn : arn.substring(at + ":execution:".length());
    }

    /** The shape docs/memory.md gives, where the lines above rely on it. */
    private static void check(JsonNode memory) {
        if (!memory.isObject()) {
            throw new Malformed("not a JSON object");
        }
        for (String slot : List.of("problem", "error")) {
            JsonNode problem = memory.path(slot);
            if (!problem.isMissingNode() && !problem.isNull()) {
                expect(problem.isObject(), slot + " is not an object");
                expect(problem.path("kind").isTextual(), slot + ".kind is missing or not a string");
                optional(problem, "runs", JsonNode::isIntegralNumber, "a whole number", slot);
                optional(problem, "count", JsonNode::isIntegralNumber, "a whole number", slot);
                optional(problem, "firstSeen", JsonNode::isTextual, "a string", slot);
                optional(problem, "instances", JsonNode::isArray, "a list", slot);
                optional(problem, "lastAlerted", JsonNode::isObject, "an object", slot);
            }
        }
        JsonNode updates = memory.path("updates");
        if (!updates.isMissingNode() && !updates.isNull()) {
            expect(updates.isObject(), "updates is not an object of instance id to time");
            for (Iterator<JsonNode> it = updates.elements(); it.hasNext(); ) {
                expect(it.next().isTextual(), "updates holds a value that is not a time");
            }
        }
        JsonNode cannot = memory.path("cannotUpdate");
        if (!cannot.isMissingNode() && !cannot.isNull()) {
            expect(cannot.isObject(), "cannotUpdate is not an object");
            optional(cannot, "count", JsonNode::isIntegralNumber, "a whole number", "cannotUpdate");
            optional(cannot, "alertedCount", JsonNode::isIntegralNumber, "a whole number", "cannotUpdate");
            optional(cannot, "instances", JsonNode::isArray, "a list", "cannotUpdate");
            optional(cannot, "noPath", JsonNode::isArray, "a list", "cannotUpdate");
        }
    }

    private static void optional(JsonNode parent, String field, Predicate<JsonNode> ok, String what,
                                 String where) {
        JsonNode value = parent.path(field);
        expect(value.isMissingNode() || value.isNull() || ok.test(value), where + "." + field + " is not " + what);
    }

    private static void expect(boolean ok, String problem) {
        if (!ok) {
            throw new Malformed(problem);
        }
    }

    private static String string(Map<String, AttributeValue> item, String name, String otherwise) {
        AttributeValue value = item.get(name);
        return value == null || value.s() == null ? otherwise : value.s();
    }

    private static String textOrNull(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }

    /** A memory document that is JSON but not the shape docs/memory.md gives. */
    private static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message);
        }
    }
}
