package dev.ecstatic.functions;

import dev.ecstatic.functions.model.Decision;
import dev.ecstatic.functions.model.DecisionKind;
import dev.ecstatic.functions.model.InstanceClass;
import dev.ecstatic.functions.model.InstanceRef;
import dev.ecstatic.functions.model.Inventory;
import dev.ecstatic.functions.model.NotificationKind;
import dev.ecstatic.functions.model.RecommendedImage;
import dev.ecstatic.functions.model.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The health rules of DESIGN §4, tried in order; pure, so tests can walk the table directly. */
final class HealthRules {
    private HealthRules() {
    }

    sealed interface Health {
    }

    /** A disconnect seen once may be a blip: look again after the recheck wait. */
    record Recheck(int disconnected, List<InstanceRef> instances) implements Health {
    }

    record Blocked(int disconnected, int failed, List<InstanceRef> instances) implements Health {
    }

    record InProgress(int updating, List<InstanceRef> instances) implements Health {
    }

    record NothingToDo(String why) implements Health {
    }

    /**
     * Dry run: the first candidate's agent is older than the newest recommended one, so a real run
     * would call UpdateContainerAgent on it (ECS may still answer that it has no update path).
     */
    record WouldUpdate(int candidates, InstanceRef first, String recommendedAgent) implements Health {
    }

    /**
     * Dry run: every candidate is at or above the recommended agent, or no recommendation is known.
     * ECS offers agents newer than the AMI recommendation, and only UpdateContainerAgent tells
     * whether one exists for an instance; a dry run never calls it.
     */
    record Undecided(int candidates, List<InstanceRef> listed, String recommendedAgent) implements Health {
    }

    record Update(int candidates, List<InstanceRef> ordered) implements Health {
    }

    /** How many candidates an UNDECIDED decision names. */
    static final int UNDECIDED_LISTED = 3;

    /**
     * @param recommended the run's recommended images; a dry run compares the first candidate (the
     *                    oldest agent) with the newest recommended agent of any family, as
     *                    UpdateOneAgent does (an inventory knows no AMI family per candidate)
     */
    static Health assess(Inventory inventory, Settings settings, boolean rechecked,
                         Map<String, RecommendedImage> recommended) {
        int disconnected = inventory.count(InstanceClass.DISCONNECTED);
        int failed = inventory.count(InstanceClass.UPDATE_FAILED);
        if (disconnected > 0 && !rechecked) {
            return new Recheck(disconnected, inventory.examples(InstanceClass.DISCONNECTED));
        }
        if (disconnected > 0 || failed > 0) {
            List<InstanceRef> offending = Stream.concat(inventory.examples(InstanceClass.DISCONNECTED).stream(),
                    inventory.examples(InstanceClass.UPDATE_FAILED).stream()).limit(Inventory.MAX_LISTED).toList();
            return new Blocked(disconnected, failed, offending);
        }
        int updating = inventory.count(InstanceClass.UPDATING);
        if (updating > 0) {
            return new InProgress(updating, inventory.examples(InstanceClass.UPDATING));
        }
        if (inventory.count(InstanceClass.CANDIDATE) == 0 || inventory.candidates().isEmpty()) {
            return new NothingToDo(whyNothing(inventory));
        }
        if (settings.dryRun()) {
            String newest = Versions.recommendedAgent(recommended, null).orElse(null);
            InstanceRef first = inventory.candidates().getFirst();
            int candidates = inventory.count(InstanceClass.CANDIDATE);
            if (Versions.older(first.agentVersion(), newest)) {
                return new WouldUpdate(candidates, first, newest);
            }
            return new Undecided(candidates,
                    inventory.candidates().subList(0, Math.min(UNDECIDED_LISTED, inventory.candidates().size())), newest);
        }
        return new Update(inventory.count(InstanceClass.CANDIDATE), inventory.candidates());
    }

    static Decision decision(Health health) {
        return switch (health) {
            case Recheck r -> new Decision(DecisionKind.RECHECK,
                    r.disconnected() + " agent(s) disconnected: checking again before blocking", null,
                    r.instances(), List.of());
            case Blocked b -> new Decision(DecisionKind.BLOCKED, blockedReason(b),
                    b.disconnected() > 0 ? NotificationKind.AGENTS_DISCONNECTED : NotificationKind.UPDATE_FAILED,
                    b.instances(), List.of());
            case InProgress p -> new Decision(DecisionKind.IN_PROGRESS,
                    p.updating() + " agent update(s) in progress: one at a time per cluster", null,
                    p.instances(), List.of());
            case NothingToDo n -> new Decision(DecisionKind.NOTHING_TO_DO, n.why(), null, List.of(), List.of());
            case WouldUpdate w -> new Decision(DecisionKind.WOULD_UPDATE,
                    // The record keeps the first 60 characters: the versions come first.
                    "agent " + w.first().agentVersion() + " is behind the recommended " + w.recommendedAgent()
                            + ": a real run would call UpdateContainerAgent on " + w.first().label()
                            + " (ECS may still answer it has no update path); " + w.candidates() + " candidate(s)",
                    null, List.of(w.first()), List.of());
            case Undecided u -> new Decision(DecisionKind.UNDECIDED, undecidedReason(u), null, u.listed(), List.of());
            case Update u -> new Decision(DecisionKind.UPDATE,
                    u.candidates() + " candidate(s), all agents connected", null, List.of(), u.ordered());
        };
    }

    private static String undecidedReason(Undecided u) {
        String known = u.recommendedAgent() == null
                ? "no recommended agent version is known"
                : "every candidate runs " + u.listed().getFirst().agentVersion() + " or newer, at or above the"
                        + " recommended " + u.recommendedAgent();
        return known + ": only UpdateContainerAgent can tell whether a newer agent exists; "
                + u.candidates() + " candidate(s)";
    }

    private static String blockedReason(Blocked b) {
        List<String> parts = new ArrayList<>();
        if (b.disconnected() > 0) {
            parts.add(b.disconnected() + " agent(s) still disconnected after a recheck");
        }
        if (b.failed() > 0) {
            parts.add(b.failed() + " agent update(s) FAILED");
        }
        return String.join("; ", parts) + ": not updating this cluster";
    }

    private static String whyNothing(Inventory inventory) {
        if (inventory.total() == 0) {
            return "no container instances";
        }
        List<String> parts = new ArrayList<>();
        for (InstanceClass c : List.of(InstanceClass.IGNORED, InstanceClass.UNSUPPORTED, InstanceClass.NOT_ACTIVE)) {
            if (inventory.count(c) > 0) {
                parts.add(inventory.count(c) + " " + c.name().toLowerCase().replace('_', ' '));
            }
        }
        return "no update candidates among " + inventory.total() + " instance(s)"
                + (parts.isEmpty() ? "" : ": " + String.join(", ", parts));
    }
}
