package dev.ecstatic.functions;

import dev.ecstatic.functions.model.InstanceClass;
import dev.ecstatic.functions.model.InstanceRef;
import dev.ecstatic.functions.model.Inventory;
import dev.ecstatic.functions.model.Memory;
import dev.ecstatic.functions.model.RecommendedImage;
import dev.ecstatic.functions.model.ReplaceCandidate;
import dev.ecstatic.functions.model.Replacement;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a cluster's run replaces an instance instead of (or besides) updating agents, as a pure
 * function of the health the rules found, the inventory's replaceable instances and the memory
 * (docs/replacement.md). The rules:
 * <ul>
 * <li>{@code ReplaceInstances=never}: nothing is replaced.</li>
 * <li>A replacement under way (the memory's record) holds the cluster like an agent update under way:
 * REPLACING, after the rules that alert (a disconnect still blocks, and is still said).</li>
 * <li>Never in a blocked cluster, never while an agent update is under way, except that a cluster
 * blocked only by a failed or stuck update of exactly one instance X may replace X itself (the
 * problem stays open, and alerted, until X is gone).</li>
 * <li>In a healthy cluster an agent update comes first while some candidate is known to run an agent
 * behind the recommended one and is not known to have no update path: it is cheaper and moves no task.
 * Otherwise the first eligible replaceable instance is replaced (dry run: WOULD_REPLACE).</li>
 * <li>Eligible: its group now launches a newer AMI (the inventory lists only those), ACTIVE with its
 * agent connected, its group not stopped (a replacement came back with an unexpected AMI, while the group's
 * AMI is still the one expected or the one received), its drain not backed off; with {@code unupdatable}, only instances the agent
 * API cannot bring current: an unsupported platform (arm64, Windows, Bottlerocket), no update path, a
 * FAILED update, or an update stuck; with {@code drifted}, every one.</li>
 * </ul>
 * The update window is applied afterwards, to a replacement as to an update.
 */
final class ReplacementChoice {
    /** The ReplaceInstances modes, in the order the execution input may lower them. */
    enum Mode {
        NEVER, UNUPDATABLE, DRIFTED;

        static Mode parse(String raw) {
            if (raw == null) {
                return NEVER;
            }
            return switch (raw.toLowerCase(Locale.ROOT)) {
                case "never" -> NEVER;
                case "unupdatable" -> UNUPDATABLE;
                case "drifted" -> DRIFTED;
                default -> throw new IllegalArgumentException("replaceInstances is '" + raw
                        + "': never, unupdatable or drifted expected");
            };
        }
    }

    /** What the memory and the run know about replacements in this cluster. */
    record Facts(Mode mode, Replacement replacing, List<ReplaceCandidate> replaceable, Set<String> noPath,
                 Map<String, String> drainBackoff, Map<String, Memory.StoppedGroup> groupsStopped, Instant now) {
        static final Facts NONE = new Facts(Mode.NEVER, null, List.of(), Set.of(), Map.of(), Map.of(), null);

        Facts {
            replaceable = List.copyOf(replaceable);
            noPath = Set.copyOf(noPath);
            drainBackoff = Map.copyOf(drainBackoff);
            groupsStopped = Map.copyOf(groupsStopped);
        }
    }

    private ReplacementChoice() {
    }

    /**
     * The health after the replacement rules: {@code health} itself, or a Replace, WouldReplace or
     * Replacing in its place.
     */
    static HealthRules.Health choose(HealthRules.Health health, Inventory inventory, boolean dryRun,
                                     Map<String, RecommendedImage> recommended, Facts facts) {
        if (facts.replacing() != null) {
            return switch (health) {
                case HealthRules.Recheck r -> r;
                case HealthRules.Blocked b when b.disconnected() > 0 -> b;
                default -> new HealthRules.Replacing(facts.replacing());
            };
        }
        if (facts.mode() == Mode.NEVER) {
            return health;
        }
        return switch (health) {
            case HealthRules.Blocked b when b.disconnected() == 0 && b.failed() == 1
                    && inventory.count(InstanceClass.UPDATING) == 0 ->
                    only(b.instances(), InstanceClass.UPDATE_FAILED, inventory, dryRun, facts, health,
                            "its agent update FAILED");
            case HealthRules.Stuck s when s.instances().size() == 1 && inventory.count(InstanceClass.UPDATING) == 1
                    && inventory.count(InstanceClass.UPDATE_FAILED) == 0 ->
                    only(s.instances(), InstanceClass.UPDATING, inventory, dryRun, facts, health,
                            "its agent update is stuck");
            case HealthRules.NothingToDo n -> healthy(inventory, dryRun, facts, health);
            case HealthRules.Update u -> agentUpdateFirst(inventory, recommended, facts) ? health
                    : healthy(inventory, dryRun, facts, health);
            case HealthRules.WouldUpdate w -> agentUpdateFirst(inventory, recommended, facts) ? health
                    : healthy(inventory, dryRun, facts, health);
            case HealthRules.Undecided u -> healthy(inventory, dryRun, facts, health);
            default -> health;
        };
    }

    /** The blocking instance itself, when it is the one replaceable (and eligible) instance named. */
    private static HealthRules.Health only(List<InstanceRef> blocking, InstanceClass expected, Inventory inventory,
                                           boolean dryRun, Facts facts, HealthRules.Health health, String why) {
        if (blocking.size() != 1) {
            return health;
        }
        String id = blocking.getFirst().label();
        Optional<ReplaceCandidate> x = facts.replaceable().stream()
                .filter(c -> c.ec2InstanceId().equals(id) && c.instanceClass() == expected && eligible(c, facts))
                .findFirst();
        return x.<HealthRules.Health>map(c -> dryRun ? new HealthRules.WouldReplace(c, why, health)
                : new HealthRules.Replace(c, why, health)).orElse(health);
    }

    private static HealthRules.Health healthy(Inventory inventory, boolean dryRun, Facts facts,
                                              HealthRules.Health health) {
        for (ReplaceCandidate c : facts.replaceable()) {
            if (eligible(c, facts)) {
                String why = why(c, facts);
                return dryRun ? new HealthRules.WouldReplace(c, why, null) : new HealthRules.Replace(c, why, null);
            }
        }
        return health;
    }

    /**
     * Whether an agent update goes first: a candidate runs an agent behind the newest recommended one and
     * no run found it without an update path. (Candidates come oldest agent first.)
     */
    static boolean agentUpdateFirst(Inventory inventory, Map<String, RecommendedImage> recommended, Facts facts) {
        String newest = Versions.recommendedAgent(recommended, null).orElse(null);
        return inventory.candidates().stream().anyMatch(c -> Versions.older(c.agentVersion(), newest)
                && !facts.noPath().contains(c.label()));
    }

    static boolean eligible(ReplaceCandidate c, Facts facts) {
        if (!"ACTIVE".equals(c.status()) || !c.connected()) {
            return false;
        }
        Memory.StoppedGroup stopped = facts.groupsStopped().get(c.group());
        if (stopped != null && (stopped.gotAmi() == null || stopped.gotAmi().equals(c.groupAmi())
                || stopped.expectedAmi() == null || stopped.expectedAmi().equals(c.groupAmi()))) {
            // Either AMI may be the wrong one (a moved template, or ecstatic's reading of a mixed policy): the
            // group stays alone until it launches a third.
            return false;
        }
        String until = facts.drainBackoff().get(c.ec2InstanceId());
        if (until != null && facts.now() != null && facts.now().isBefore(Instant.parse(until))) {
            return false;
        }
        return switch (facts.mode()) {
            case NEVER -> false;
            case DRIFTED -> true;
            case UNUPDATABLE -> unupdatable(c, facts);
        };
    }

    /** Whether the agent API cannot bring this instance current (the stuck test is the health rules'). */
    private static boolean unupdatable(ReplaceCandidate c, Facts facts) {
        return switch (c.instanceClass()) {
            case UNSUPPORTED, UPDATE_FAILED, UPDATING -> true;
            case CANDIDATE -> facts.noPath().contains(c.ec2InstanceId());
            case IGNORED, DISCONNECTED, NOT_ACTIVE -> false;
        };
    }

    private static String why(ReplaceCandidate c, Facts facts) {
        return switch (c.instanceClass()) {
            case UNSUPPORTED -> "UpdateContainerAgent cannot update " + c.platform();
            case UPDATE_FAILED -> "its agent update FAILED";
            case UPDATING -> "its agent update is stuck";
            case CANDIDATE -> facts.noPath().contains(c.ec2InstanceId()) ? "ECS has no update path for its agent"
                    : "its AMI is behind its group's";
            case IGNORED, DISCONNECTED, NOT_ACTIVE -> "its AMI is behind its group's";
        };
    }
}
