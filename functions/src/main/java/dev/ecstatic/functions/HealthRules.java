package dev.ecstatic.functions;

import dev.ecstatic.functions.model.Decision;
import dev.ecstatic.functions.model.DecisionKind;
import dev.ecstatic.functions.model.InstanceClass;
import dev.ecstatic.functions.model.InstanceRef;
import dev.ecstatic.functions.model.Inventory;
import dev.ecstatic.functions.model.NotificationKind;
import dev.ecstatic.functions.model.ProblemSet;
import dev.ecstatic.functions.model.RecommendedImage;
import dev.ecstatic.functions.model.ReplaceCandidate;
import dev.ecstatic.functions.model.Replacement;
import dev.ecstatic.functions.model.Settings;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The health rules of DESIGN §4, tried in order; pure, so tests can walk the table directly. */
final class HealthRules {
    /** StuckUpdateMinutes' default in template.yaml. */
    static final int DEFAULT_STUCK_UPDATE_MINUTES = 60;

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_CLOCK =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private HealthRules() {
    }

    /**
     * What the memory says about updates under way: {@code now} (null when the caller sent none: then
     * no update can be judged stuck), when a run first saw each instance's update under way (by EC2
     * instance id), and how long an update may take before it counts as stuck.
     */
    record UpdateTimes(Instant now, Map<String, Instant> firstSeen, Duration stuckAfter) {
        static final UpdateTimes UNKNOWN =
                new UpdateTimes(null, Map.of(), Duration.ofMinutes(DEFAULT_STUCK_UPDATE_MINUTES));

        UpdateTimes {
            firstSeen = Map.copyOf(firstSeen);
            if (stuckAfter.isNegative() || stuckAfter.isZero()) {
                throw new IllegalArgumentException("stuckAfter must be positive, was " + stuckAfter);
            }
        }

        /** When a run first saw this instance's update under way: remembered, else now. */
        Instant firstSeen(InstanceRef ref) {
            return firstSeen.getOrDefault(ref.label(), now);
        }
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

    /**
     * Updates under way since {@code since} (the earliest first seen) or before, for at least
     * {@code limit}: an agent that never finishes its update keeps its cluster IN_PROGRESS forever,
     * unnoticed, unless someone restarts the agent or replaces the instance.
     */
    record Stuck(List<InstanceRef> instances, Instant since, Duration limit, Instant now) implements Health {
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

    /**
     * The cluster's update window is closed now (or its ecstatic:window tag is not a window): nothing
     * starts; the cluster was assessed as usual (the health rules came first).
     */
    record OutsideWindow(int candidates, String window, String source, String invalid, Instant nextOpening)
            implements Health {
    }

    record Update(int candidates, List<InstanceRef> ordered) implements Health {
    }

    /**
     * Drain and replace {@code candidate} through its Auto Scaling group ({@link ReplacementChoice}).
     * {@code instead}: the BLOCKED health (failed or stuck update of this very instance) the replacement
     * is the remedy for, whose problem stays open; null in a healthy cluster.
     */
    record Replace(ReplaceCandidate candidate, String why, Health instead) implements Health {
    }

    /** Dry run of {@link Replace}. */
    record WouldReplace(ReplaceCandidate candidate, String why, Health instead) implements Health {
    }

    /** A replacement an earlier run started is still under way: nothing else starts. */
    record Replacing(Replacement replacement) implements Health {
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
        return assess(inventory, settings, rechecked, recommended, UpdateTimes.UNKNOWN);
    }

    /**
     * @param times what the memory says about updates under way. Only the UPDATING examples (at most
     *              {@value Inventory#MAX_LISTED}) can be judged stuck: the inventory names no others.
     */
    static Health assess(Inventory inventory, Settings settings, boolean rechecked,
                         Map<String, RecommendedImage> recommended, UpdateTimes times) {
        return assess(inventory, settings, rechecked, recommended, times, null);
    }

    /**
     * @param defaultWindow the DefaultUpdateWindow parameter (null: none). The cluster's ecstatic:window
     *                      tag wins over it. Outside the window a cluster that would be updated (or,
     *                      in a dry run, would be) is OUTSIDE_WINDOW; a tag that is not a window keeps
     *                      every update out. Without now (a caller from before the memory) no window
     *                      applies.
     */
    static Health assess(Inventory inventory, Settings settings, boolean rechecked,
                         Map<String, RecommendedImage> recommended, UpdateTimes times, String defaultWindow) {
        return assess(inventory, settings, rechecked, recommended, times, defaultWindow, ReplacementChoice.Facts.NONE);
    }

    /**
     * @param replacements what the memory and the inventory say about replacements: the rules of
     *                     {@link ReplacementChoice} apply after the health rules, the update window after both
     */
    static Health assess(Inventory inventory, Settings settings, boolean rechecked,
                         Map<String, RecommendedImage> recommended, UpdateTimes times, String defaultWindow,
                         ReplacementChoice.Facts replacements) {
        Health health = ReplacementChoice.choose(health(inventory, settings, rechecked, recommended, times), inventory,
                settings.dryRun(), recommended, replacements);
        int candidates = switch (health) {
            case Update u -> u.candidates();
            case WouldUpdate w -> w.candidates();
            case Undecided u -> u.candidates();
            case Replace r -> 1;
            case WouldReplace w -> 1;
            default -> -1;
        };
        String tag = inventory.cluster().window();
        String window = UpdateWindow.effective(tag, defaultWindow).orElse(null);
        if (candidates < 0 || window == null || times.now() == null) {
            return health;
        }
        // A replacement of the instance that blocks the cluster waits for the window: the cluster is BLOCKED meanwhile.
        Health closed = switch (health) {
            case Replace r when r.instead() != null -> r.instead();
            case WouldReplace w when w.instead() != null -> w.instead();
            default -> null;
        };
        String source = tag != null ? "tag " + UpdateWindow.TAG : "DefaultUpdateWindow";
        try {
            UpdateWindow parsed = UpdateWindow.parse(window);
            return parsed.isOpen(times.now()) ? health : closed != null ? closed
                    : new OutsideWindow(candidates, parsed.text(), source, null, parsed.nextOpening(times.now()));
        } catch (UpdateWindow.InvalidWindowException e) {
            return closed != null ? closed : new OutsideWindow(candidates, window, source, e.getMessage(), null);
        }
    }

    private static Health health(Inventory inventory, Settings settings, boolean rechecked,
                                 Map<String, RecommendedImage> recommended, UpdateTimes times) {
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
            Stuck stuck = stuck(inventory.examples(InstanceClass.UPDATING), times);
            if (stuck != null) {
                return stuck;
            }
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

    /** The UPDATING examples first seen at or before now − the limit; null when none or no now. */
    private static Stuck stuck(List<InstanceRef> updating, UpdateTimes times) {
        if (times.now() == null) {
            return null;
        }
        Instant limit = times.now().minus(times.stuckAfter());
        List<InstanceRef> stuck = updating.stream().filter(ref -> !times.firstSeen(ref).isAfter(limit))
                .sorted(Comparator.comparing(InstanceRef::label)).toList();
        if (stuck.isEmpty()) {
            return null;
        }
        Instant since = stuck.stream().map(times::firstSeen).min(Comparator.naturalOrder()).orElseThrow();
        return new Stuck(stuck, since, times.stuckAfter(), times.now());
    }

    /**
     * The decision with the memory's fields: the BLOCKED problem's set, when each UPDATING example
     * was first seen under way (nothing without now), and the unsupported instances behind.
     */
    static Decision decision(Health health, Inventory inventory, UpdateTimes times) {
        Decision d = decision(health);
        return new Decision(d.decision(), d.reason(), d.alert(), d.instances(), d.candidates(),
                problem(health, inventory), underWay(inventory, times), inventory.behindUnsupported(), d.replace());
    }

    /**
     * A disconnect or a failure alone is its class's full set (hash from the inventory, which saw
     * every instance). Both at once stay one AGENTS_DISCONNECTED problem whose hash is the set hash
     * of the two sets' hashes, so that a change in either is a new problem. A stuck set is known only
     * from the examples.
     */
    static ProblemSet problem(Health health, Inventory inventory) {
        return switch (health) {
            case Blocked b when b.disconnected() > 0 && b.failed() > 0 -> {
                List<String> ids = new ArrayList<>(ProblemSets.ids(inventory.examples(InstanceClass.DISCONNECTED)));
                ids.addAll(ProblemSets.ids(inventory.examples(InstanceClass.UPDATE_FAILED)));
                yield new ProblemSet(NotificationKind.AGENTS_DISCONNECTED, b.disconnected() + b.failed(),
                        ProblemSets.hash(List.of(classHash(inventory, InstanceClass.DISCONNECTED),
                                classHash(inventory, InstanceClass.UPDATE_FAILED))),
                        ProblemSets.listed(ids));
            }
            case Blocked b when b.disconnected() > 0 ->
                    classSet(NotificationKind.AGENTS_DISCONNECTED, inventory, InstanceClass.DISCONNECTED);
            case Blocked b -> classSet(NotificationKind.UPDATE_FAILED, inventory, InstanceClass.UPDATE_FAILED);
            case Stuck s -> ProblemSets.of(NotificationKind.UPDATE_STUCK, ProblemSets.ids(s.instances()));
            case Replace r -> r.instead() == null ? null : problem(r.instead(), inventory);
            case WouldReplace w -> w.instead() == null ? null : problem(w.instead(), inventory);
            case Replacing r -> null;
            case Recheck r -> null;
            case InProgress p -> null;
            case NothingToDo n -> null;
            case WouldUpdate w -> null;
            case Undecided u -> null;
            case OutsideWindow o -> null;
            case Update u -> null;
        };
    }

    private static ProblemSet classSet(NotificationKind kind, Inventory inventory, InstanceClass c) {
        return new ProblemSet(kind, inventory.count(c), classHash(inventory, c),
                ProblemSets.listed(ProblemSets.ids(inventory.examples(c))));
    }

    /**
     * The inventory's hash of the class's full set; an inventory from before the memory has none,
     * and then the examples' hash stands in (exact while the class has at most 20 instances).
     */
    private static String classHash(Inventory inventory, InstanceClass c) {
        String hash = inventory.hash(c);
        return hash != null ? hash : ProblemSets.hash(ProblemSets.ids(inventory.examples(c)));
    }

    /** Each UPDATING example by EC2 instance id → first seen under way (remembered, else now). */
    static Map<String, String> underWay(Inventory inventory, UpdateTimes times) {
        if (times.now() == null) {
            return Map.of();
        }
        Map<String, String> underWay = new TreeMap<>();
        inventory.examples(InstanceClass.UPDATING)
                .forEach(ref -> underWay.put(ref.label(), times.firstSeen(ref).toString()));
        return underWay;
    }

    static Decision decision(Health health) {
        return switch (health) {
            case Recheck r -> new Decision(DecisionKind.RECHECK,
                    r.disconnected() + " agent(s) disconnected: checking again before blocking", null,
                    r.instances(), List.of());
            case Blocked b -> new Decision(DecisionKind.BLOCKED, blockedReason(b),
                    b.disconnected() > 0 ? NotificationKind.AGENTS_DISCONNECTED : NotificationKind.UPDATE_FAILED,
                    b.instances(), List.of());
            case Stuck s -> new Decision(DecisionKind.BLOCKED, stuckReason(s), NotificationKind.UPDATE_STUCK,
                    s.instances(), List.of());
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
            case OutsideWindow o -> new Decision(DecisionKind.OUTSIDE_WINDOW, outsideReason(o), null, List.of(),
                    List.of());
            case Update u -> new Decision(DecisionKind.UPDATE,
                    u.candidates() + " candidate(s), all agents connected", null, List.of(), u.ordered());
            case Replace r -> replaceDecision(DecisionKind.REPLACE, r.candidate(), r.why(), r.instead(),
                    "replacing " + r.candidate().ec2InstanceId());
            case WouldReplace w -> replaceDecision(DecisionKind.WOULD_REPLACE, w.candidate(), w.why(), w.instead(),
                    "a real run would replace " + w.candidate().ec2InstanceId());
            case Replacing r -> new Decision(DecisionKind.REPLACING, "replacement of "
                    + r.replacement().ec2InstanceId() + " under way since "
                    + DAY_CLOCK.format(Instant.parse(r.replacement().startedAt())) + ": one at a time per cluster",
                    null, List.of(new InstanceRef(r.replacement().containerInstanceId(), r.replacement().ec2InstanceId(),
                            r.replacement().agentVersion(), r.replacement().platform(), null)), List.of());
        };
    }

    /** The record keeps the first 60 characters: what is replaced comes first, the AMIs and why after. */
    private static Decision replaceDecision(DecisionKind kind, ReplaceCandidate c, String why, Health instead,
                                            String what) {
        NotificationKind alert = instead == null ? null : decision(instead).alert();
        String reason = what + " (" + c.group() + " launches " + c.groupAmi() + ", it runs "
                + (c.ami() == null ? "an unknown AMI" : c.ami()) + "): " + why;
        return new Decision(kind, reason, alert, List.of(c.ref(why)), List.of(), null, Map.of(), null, c);
    }

    private static String outsideReason(OutsideWindow o) {
        if (o.invalid() != null) {
            return "no update starts: " + o.source() + " " + o.invalid() + "; " + o.candidates() + " candidate(s)";
        }
        return "outside the update window " + o.window() + " (" + o.source() + "): next opens "
                + WINDOW_TIME.format(o.nextOpening()) + "; " + o.candidates() + " candidate(s)";
    }

    private static final DateTimeFormatter WINDOW_TIME =
            DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm 'UTC'", java.util.Locale.ROOT).withZone(ZoneOffset.UTC);

    private static String undecidedReason(Undecided u) {
        String known = u.recommendedAgent() == null
                ? "no recommended agent version is known"
                : "every candidate runs " + u.listed().getFirst().agentVersion() + " or newer, at or above the"
                        + " recommended " + u.recommendedAgent();
        return known + ": only UpdateContainerAgent can tell whether a newer agent exists; "
                + u.candidates() + " candidate(s)";
    }

    /** The record keeps the first 60 characters: count and limit come first, the remedy last. */
    private static String stuckReason(Stuck s) {
        boolean sameDay = s.since().atOffset(ZoneOffset.UTC).toLocalDate()
                .equals(s.now().atOffset(ZoneOffset.UTC).toLocalDate());
        return s.instances().size() + " agent update(s) stuck for at least " + s.limit().toMinutes()
                + " min (since " + (sameDay ? CLOCK : DAY_CLOCK).format(s.since()) + "): not updating this cluster;"
                + " restart the agent (sudo systemctl restart ecs) or replace the instance";
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
