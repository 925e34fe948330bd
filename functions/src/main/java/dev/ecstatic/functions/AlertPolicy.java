package dev.ecstatic.functions;

import dev.ecstatic.functions.model.ConcludeRequest;
import dev.ecstatic.functions.model.Decision;
import dev.ecstatic.functions.model.DecisionKind;
import dev.ecstatic.functions.model.Failure;
import dev.ecstatic.functions.model.Finding;
import dev.ecstatic.functions.model.InstanceRef;
import dev.ecstatic.functions.model.Inventory;
import dev.ecstatic.functions.model.Memory;
import dev.ecstatic.functions.model.NotificationKind;
import dev.ecstatic.functions.model.NotificationTarget;
import dev.ecstatic.functions.model.Outcome;
import dev.ecstatic.functions.model.ProblemSet;
import dev.ecstatic.functions.model.RunRecord;
import dev.ecstatic.functions.model.UpdateOneAgentResponse;
import dev.ecstatic.functions.model.UpdateOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which message, if any, this run owes a cluster, given what the memory says was already said (issue 12,
 * docs/memory.md): a problem is alerted once delivered, reminded after {@code remindAfterHours},
 * announced RESOLVED when it is gone; an error likewise, in its own slot, so that a one-run error
 * neither clears nor replaces an open problem; instances ecstatic cannot update are named when their
 * set first appears or grows. At most one alert a run, by priority problem, error, the problem's
 * RESOLVED, the error's RESOLVED, CANNOT_UPDATE: one not sent stays pending in the memory, so a later
 * run sends it. Pure: the delivery's result picks one of the two
 * memories of the {@link Plan}.
 */
final class AlertPolicy {
    /** How much of an error's cause an ERROR alert quotes (as the former "Notify error" state did). */
    static final int MAX_WHY = 300;
    /** Step Functions' Cause is read only this far: the errorMessage comes first in a Lambda's error document. */
    private static final int CAUSE_READ = 2000;
    /** A Lambda error document's errorMessage, read with a pattern: a Cause cut at 32,768 characters still gives it. */
    private static final Pattern ERROR_MESSAGE = Pattern.compile(
            "\"errorMessage\"\\s*:\\s*\"([^\"\\\\\\x00-\\x1f]*(?:\\\\(?:[\"\\\\bfnrt]|u[0-9a-fA-F]{4})[^\"\\\\\\x00-\\x1f]*)*)");
    /** What UpdateOneAgent's finding says of an agent ECS has no update for. */
    static final String NO_UPDATE_PATH = "no update path";

    private AlertPolicy() {
    }

    /** A message to post: {@code reminder} when it repeats an open problem already delivered. */
    record Alert(NotificationKind kind, List<InstanceRef> instances, String details, boolean reminder) {
        Alert {
            Objects.requireNonNull(kind, "kind");
            instances = List.copyOf(instances);
        }
    }

    /**
     * The alert to post (null: none, and {@code quiet} says why) and the memory to write once its delivery
     * is known: {@code ifDelivered} when the webhook took it, {@code ifNotDelivered} when it failed (then
     * the alert stays pending). Without an alert both are the same.
     */
    record Plan(Alert alert, Memory ifDelivered, Memory ifNotDelivered, String quiet) {
        Memory memory(boolean delivered) {
            return delivered ? ifDelivered : ifNotDelivered;
        }
    }

    /** What this run saw of the cluster's problem. */
    private sealed interface Seen {
    }

    /** An open problem: the set the memory compares, the instances and text of its alert. */
    private record Open(NotificationKind kind, int count, String hash, List<String> ids, List<InstanceRef> refs,
                        String details) implements Seen {
    }

    /** The run proves the cluster healthy: no problem is open. */
    private record Healthy() implements Seen {
    }

    /** The run cannot tell (a disconnect not yet confirmed): the open problem stays as it was. */
    private record Unknown() implements Seen {
    }

    /** One part's alert and its memory either way. */
    private record Step<T>(Alert alert, T ifDelivered, T ifNotDelivered, String quiet) {
        static <T> Step<T> quiet(T kept, String why) {
            return new Step<>(null, kept, kept, why);
        }
    }

    /** The webhook's plan: as {@link #plan(ConcludeRequest, RunRecord, int, NotificationTarget)} for WEBHOOK. */
    static Plan plan(ConcludeRequest request, RunRecord record, int remindAfterHours) {
        return plan(request, record, remindAfterHours, NotificationTarget.WEBHOOK);
    }

    /**
     * Each target's plan ({@code targets} in order, WEBHOOK among them: without a webhook the alert is logged):
     * the same rules, each over what that target was told ({@code lastAlerted} and {@code alertedCount} of
     * that target). A target told nothing yet of an open problem (configured since, or its delivery failed)
     * gets it as new, not as a reminder; one never told of it gets no RESOLVED.
     */
    static Map<NotificationTarget, Plan> plans(ConcludeRequest request, RunRecord record, int remindAfterHours,
                                               Set<NotificationTarget> targets) {
        if (!targets.contains(NotificationTarget.WEBHOOK)) {
            throw new IllegalArgumentException("the webhook (or the log) is always a target, got " + targets);
        }
        Map<NotificationTarget, Plan> plans = new java.util.EnumMap<>(NotificationTarget.class);
        for (NotificationTarget target : targets) {
            plans.put(target, plan(request, record, remindAfterHours, target));
        }
        return plans;
    }

    /**
     * The memory to write once each target's delivery is known: {@code chosen} holds, for every target
     * planned, the memory its delivery picked ({@link Plan#memory(boolean)}). What no target decides (the
     * updates, the run, the agents…) is the same in all of them; each target's {@code lastAlerted} and
     * {@code alertedCount} come from its own. A problem stays while one target still owes its RESOLVED.
     * A target not in {@code chosen} (not configured) keeps nothing: configured again, it is told of what is
     * then open as of something new.
     */
    static Memory merge(Map<NotificationTarget, Memory> chosen) {
        Memory base = chosen.get(NotificationTarget.WEBHOOK);
        if (base == null) {
            throw new IllegalArgumentException("the webhook's memory is always among those chosen");
        }
        return new Memory(base.version(), mergeProblem(chosen, Memory::problem), base.updates(),
                mergeCannot(chosen), base.lastOutcome(), base.lastRunTime(), base.runs(), base.agents(),
                base.silencedUntil(), mergeProblem(chosen, Memory::error), base.drainBackoff(), base.groupsStopped());
    }

    private static Memory.Problem mergeProblem(Map<NotificationTarget, Memory> chosen,
                                               java.util.function.Function<Memory, Memory.Problem> part) {
        Memory.Problem merged = chosen.values().stream().map(part).filter(Objects::nonNull).findFirst().orElse(null);
        if (merged == null) {
            return null;
        }
        merged = new Memory.Problem(merged.kind(), merged.count(), merged.hash(), merged.instances(), merged.detail(),
                merged.firstSeen(), merged.runs(), null);
        for (NotificationTarget target : NotificationTarget.values()) {
            Memory m = chosen.get(target);
            Memory.Problem own = m == null ? null : part.apply(m);
            if (own != null && own.delivered(target)) {
                merged = merged.alerted(target, own.lastAlerted().at(target));
            }
        }
        return merged;
    }

    private static Memory.CannotUpdate mergeCannot(Map<NotificationTarget, Memory> chosen) {
        Memory.CannotUpdate merged = chosen.values().stream().map(Memory::cannotUpdate).filter(Objects::nonNull)
                .findFirst().orElse(null);
        if (merged == null) {
            return null;
        }
        for (NotificationTarget target : NotificationTarget.values()) {
            Memory m = chosen.get(target);
            merged = merged.said(target, m == null || m.cannotUpdate() == null ? 0
                    : m.cannotUpdate().alertedCount(target));
        }
        return merged;
    }

    /** One target's plan: the memories it returns set only {@code target}'s part, the others' as they were. */
    static Plan plan(ConcludeRequest request, RunRecord record, int remindAfterHours, NotificationTarget target) {
        Memory previous = request.memory();
        if (request.lease() != null) {
            Memory kept = previous != null ? previous : Memory.empty();
            return new Plan(null, kept, kept, "lease not held: another execution speaks for this cluster");
        }
        Instant now = Instant.parse(request.now());
        Memory.Problem openProblem = previous == null ? null : previous.problem();
        Memory.Problem openError = previous == null ? null : previous.error();
        if (openProblem != null && openProblem.kind() == NotificationKind.ERROR) {
            // A memory from before the error slot kept its error as the problem.
            openError = openError == null ? openProblem : openError;
            openProblem = null;
        }
        // An error says nothing of the cluster's health: the open problem stays exactly as it was, and
        // the error has its own slot, alerted, reminded and RESOLVED on its own.
        boolean erred = record.outcome() == Outcome.ERROR;
        Step<Memory.Problem> problem = erred
                ? Step.quiet(openProblem, openProblem == null ? "nothing open"
                        : "an error: " + openProblem.kind() + " stays open as it was")
                : problem(openProblem, seen(request, record), record, now, remindAfterHours, target);
        // Any other outcome got through (SKIPPED never gets here: a branch without the lease returned above).
        Step<Memory.Problem> error = erred
                ? problem(openError, seen(request, record), record, now, remindAfterHours, target)
                : problem(openError, new Healthy(), record, now, remindAfterHours, target);
        Step<Memory.CannotUpdate> cannot = cannotUpdate(previous == null ? null : previous.cannotUpdate(), request, now,
                target);

        Map<String, String> updates = updates(previous, request, now);
        int runs = (previous == null ? 0 : previous.runs()) + 1;
        Context c = new Context(updates, record, now, runs,
                request.agents().isEmpty() && previous != null ? previous.agents() : request.agents(),
                validInstant(request.cluster().silenceUntil()), Replacements.drainBackoff(previous, request, now),
                Replacements.groupsStopped(previous, request, now));
        Part due = due(problem.alert(), error.alert(), cannot.alert());
        if (due != null && silenced(request, now)) {
            // Held, not dropped: nothing is marked alerted, so whatever is still due when the silence
            // ends (the problem, or its RESOLVED) goes out then.
            Memory held = memory(problem.ifNotDelivered(), error.ifNotDelivered(), cannot.ifNotDelivered(), c);
            Alert heldAlert = switch (due) {
                case PROBLEM -> problem.alert();
                case ERROR -> error.alert();
                case CANNOT_UPDATE -> cannot.alert();
            };
            return new Plan(null, held, held, "silenced until " + request.cluster().silenceUntil()
                    + " (tag ecstatic:silence-until): " + heldAlert.kind() + " held");
        }
        if (due == null) {
            Memory same = memory(problem.ifDelivered(), error.ifDelivered(), cannot.ifDelivered(), c);
            List<String> quiet = new ArrayList<>();
            quiet.add(problem.quiet());
            if (erred || openError != null) {
                quiet.add("error: " + error.quiet());
            }
            if (cannot.quiet() != null) {
                quiet.add(cannot.quiet());
            }
            return new Plan(null, same, same, String.join("; ", quiet));
        }
        // The alert not chosen stays pending (its memory as if not delivered), so a later run sends it.
        Alert alert = switch (due) {
            case PROBLEM -> problem.alert();
            case ERROR -> error.alert();
            case CANNOT_UPDATE -> cannot.alert();
        };
        return new Plan(alert,
                memory(due == Part.PROBLEM ? problem.ifDelivered() : problem.ifNotDelivered(),
                        due == Part.ERROR ? error.ifDelivered() : error.ifNotDelivered(),
                        due == Part.CANNOT_UPDATE ? cannot.ifDelivered() : cannot.ifNotDelivered(), c),
                memory(problem.ifNotDelivered(), error.ifNotDelivered(), cannot.ifNotDelivered(), c), null);
    }

    /** The parts of the memory that may owe an alert. */
    private enum Part { PROBLEM, ERROR, CANNOT_UPDATE }

    /**
     * The one alert a run sends: a problem (new, retried or reminded) > an error > the problem's RESOLVED
     * > the error's RESOLVED > CANNOT_UPDATE. Null when none is owed.
     */
    private static Part due(Alert problem, Alert error, Alert cannot) {
        if (problem != null && problem.kind() != NotificationKind.RESOLVED) {
            return Part.PROBLEM;
        }
        if (error != null && error.kind() != NotificationKind.RESOLVED) {
            return Part.ERROR;
        }
        if (problem != null) {
            return Part.PROBLEM;
        }
        if (error != null) {
            return Part.ERROR;
        }
        return cannot != null ? Part.CANNOT_UPDATE : null;
    }

    /** What every memory this run may write shares, whatever is alerted. */
    private record Context(Map<String, String> updates, RunRecord record, Instant now, int runs,
                           Map<String, Integer> agents, String silencedUntil, Map<String, String> drainBackoff,
                           Map<String, Memory.StoppedGroup> groupsStopped) {
    }

    private static String validInstant(String text) {
        try {
            return text == null ? null : Instant.parse(text).toString();
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** The cluster's ecstatic:silence-until is still ahead: alerts are held (updates go on). */
    static boolean silenced(ConcludeRequest request, Instant now) {
        String until = request.cluster().silenceUntil();
        try {
            return until != null && now.isBefore(Instant.parse(until));
        } catch (java.time.format.DateTimeParseException e) {
            return false; // ListClusters passes only valid instants; anything else silences nothing
        }
    }

    private static Memory memory(Memory.Problem problem, Memory.Problem error, Memory.CannotUpdate cannot,
                                 Context c) {
        return new Memory(Memory.VERSION, problem, c.updates(), cannot, c.record().outcome(), c.now().toString(),
                c.runs(), c.agents(), c.silencedUntil(), error, c.drainBackoff(), c.groupsStopped());
    }

    private static Seen seen(ConcludeRequest request, RunRecord record) {
        return switch (record.outcome()) {
            case ERROR -> {
                Failure failure = request.failure();
                String step = request.failedStep() == null ? "" : request.failedStep();
                yield new Open(NotificationKind.ERROR, 0, hash(List.of(step, failure.Error() == null ? "" : failure.Error())),
                        List.of(), List.of(), errorDetails(failure, request.failedStep()));
            }
            case BLOCKED -> blocked(request.decision());
            case DEFERRED -> request.decision().decision() == DecisionKind.RECHECK ? new Unknown()
                    : request.decision().problem() != null ? blocked(request.decision()) : new Healthy();
            // The replacement of an instance that blocked the cluster keeps its problem open until it is gone.
            case REPLACEMENT_STARTED, REPLACED, WOULD_REPLACE, REPLACE_REFUSED, REPLACE_FAILED ->
                    request.decision() != null && request.decision().problem() != null
                            ? blocked(request.decision()) : new Healthy();
            // Nothing was looked at beyond the replacement under way: what was open stays open.
            case REPLACING -> new Unknown();
            case SKIPPED -> new Unknown();
            // OUTSIDE_WINDOW: the health rules passed before the window was looked at.
            case STARTED, UNCONFIRMED, UP_TO_DATE, NONE_UPDATABLE, IN_PROGRESS, NOTHING_TO_DO, WOULD_UPDATE,
                 UNDECIDED, OUTSIDE_WINDOW -> new Healthy();
        };
    }

    /** The decision's problem set; one built from its instances if Assess health gave none. */
    private static Open blocked(Decision decision) {
        ProblemSet set = decision.problem();
        if (set == null) {
            List<String> ids = decision.instances().stream().map(InstanceRef::label).distinct().sorted().toList();
            set = new ProblemSet(decision.alert(), ids.size(), hash(ids), ids);
        }
        return new Open(set.kind(), set.count(), set.hash(), set.instances(), decision.instances(), decision.reason());
    }

    private static Step<Memory.Problem> problem(Memory.Problem previous, Seen seen, RunRecord record, Instant now,
                                                int remindAfterHours, NotificationTarget target) {
        String at = now.toString();
        return switch (seen) {
            case Unknown unknown -> Step.quiet(previous, previous == null ? "nothing open"
                    : "not confirmed yet: " + previous.kind() + " stays open as it was");
            case Healthy healthy -> {
                if (previous == null) {
                    yield Step.quiet(null, "nothing open");
                }
                if (!previous.delivered(target)) {
                    yield Step.quiet(null, previous.kind() + " cleared before any alert was delivered");
                }
                String details = what(previous.kind()) + " since " + Outcomes.isoMinute(Instant.parse(previous.firstSeen()))
                        + " cleared after " + duration(Duration.between(Instant.parse(previous.firstSeen()), now)) + " and "
                        + previous.runs() + " run(s): now " + record.outcome() + " (" + record.detail() + ")";
                yield new Step<>(new Alert(NotificationKind.RESOLVED, List.of(), details, false), null, previous, null);
            }
            case Open open -> {
                String detail = Outcomes.clip(open.details(), Memory.MAX_DETAIL);
                if (previous == null || previous.kind() != open.kind() || !previous.hash().equals(open.hash())) {
                    Memory.Problem fresh = new Memory.Problem(open.kind(), open.count(), open.hash(), open.ids(), detail,
                            at, 1, null);
                    yield new Step<>(new Alert(open.kind(), open.refs(), open.details(), false), fresh.alerted(target, at),
                            fresh, null);
                }
                Memory.Problem same = new Memory.Problem(open.kind(), open.count(), open.hash(), open.ids(), detail,
                        previous.firstSeen(), previous.runs() + 1, previous.lastAlerted());
                if (!previous.delivered(target)) {
                    yield new Step<>(new Alert(open.kind(), open.refs(), open.details(), false), same.alerted(target, at), same,
                            null);
                }
                Instant lastAlerted = Instant.parse(previous.lastAlerted().at(target));
                if (remindAfterHours == 0) {
                    yield Step.quiet(same, open.kind() + " unchanged, alerted " + lastAlerted + "; reminders off");
                }
                Instant due = lastAlerted.plus(Duration.ofHours(remindAfterHours));
                if (now.isBefore(due)) {
                    yield Step.quiet(same, open.kind() + " unchanged, alerted " + lastAlerted + "; reminder due " + due);
                }
                Instant firstSeen = Instant.parse(same.firstSeen());
                String details = "Still open since " + Outcomes.isoMinute(firstSeen) + " ("
                        + Duration.between(firstSeen, now).toHours() + " h, " + same.runs() + " runs): " + detail;
                yield new Step<>(new Alert(open.kind(), open.refs(), details, true), same.alerted(target, at), same, null);
            }
        };
    }

    private static String what(NotificationKind kind) {
        return switch (kind) {
            case AGENTS_DISCONNECTED -> "agents disconnected";
            case UPDATE_FAILED -> "update failed";
            case UPDATE_STUCK -> "update stuck";
            case ERROR -> "error";
            case UPDATE_STARTED, RESOLVED, CANNOT_UPDATE, DIGEST, REPLACEMENT_STARTED, REPLACED, UNEXPECTED_AMI,
                 REPLACE_TIMEOUT, DRAIN_TIMEOUT, DRAIN_UNDONE -> kind.name();
        };
    }

    /** "45 min", "5 h", "5 h 10 min". */
    static String duration(Duration d) {
        long minutes = Math.max(0, d.toMinutes());
        if (minutes < 60) {
            return minutes + " min";
        }
        return minutes / 60 + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
    }

    private static Step<Memory.CannotUpdate> cannotUpdate(Memory.CannotUpdate previous, ConcludeRequest request,
                                                          Instant now, NotificationTarget target) {
        if (request.decision() == null) {
            return Step.quiet(previous, null);
        }
        ProblemSet unsupported = request.decision().cannotUpdate();
        List<String> noPath = walkedTheCandidates(request) ? noPath(request.update())
                : previous == null ? List.of() : previous.noPath();
        ProblemSet set = cannotUpdateSet(unsupported, noPath);
        if (set == null || set.count() == 0) {
            return Step.quiet(null, null);
        }
        List<String> kept = noPathKept(unsupported, noPath);
        String firstSeen = previous == null ? now.toString() : previous.firstSeen();
        Memory.CannotUpdate unsaid = new Memory.CannotUpdate(NotificationKind.CANNOT_UPDATE, set.count(), set.hash(),
                set.instances(), firstSeen, 0, kept);
        for (NotificationTarget t : NotificationTarget.values()) {
            unsaid = unsaid.said(t, previous == null ? 0 : Math.min(previous.alertedCount(t), set.count()));
        }
        int alertedCount = unsaid.alertedCount(target);
        if (set.count() <= alertedCount) {
            return Step.quiet(unsaid, set.count() + " instance(s) ecstatic cannot update, already said");
        }
        String details = set.count() + " instance(s) run an agent behind the recommended one that ecstatic cannot"
                + " update (Windows, arm64, Bottlerocket, ECS Anywhere, or no update path)" + (alertedCount > 0 ? ", up from "
                + alertedCount : "") + ": replace them with the current AMI";
        List<InstanceRef> refs = set.instances().stream().map(id -> new InstanceRef(id, id, null, null, null)).toList();
        Memory.CannotUpdate said = unsaid.said(target, set.count());
        return new Step<>(new Alert(NotificationKind.CANNOT_UPDATE, refs, details, false), said, unsaid, null);
    }

    /**
     * Whether this run knows which candidates have no update path: UpdateOneAgent walked them all
     * (UP_TO_DATE, NONE_UPDATABLE), or there is no candidate at all (NOTHING_TO_DO). Any other run did
     * not reach them, and forgetting them would alert them again as new the next time they are found.
     */
    private static boolean walkedTheCandidates(ConcludeRequest request) {
        UpdateOneAgentResponse update = request.update();
        if (update != null) {
            return switch (update.outcome()) {
                case UP_TO_DATE, NONE_UPDATABLE -> true;
                case STARTED, IN_PROGRESS, UNCONFIRMED, DEFERRED -> false;
            };
        }
        return request.decision().decision() == DecisionKind.NOTHING_TO_DO && request.started().isEmpty();
    }

    /** The instances UpdateOneAgent found without an update path (NONE_UPDATABLE), sorted. */
    static List<String> noPath(UpdateOneAgentResponse update) {
        Set<String> noPath = new TreeSet<>();
        if (update != null && update.outcome() == UpdateOutcome.NONE_UPDATABLE) {
            for (Finding f : update.findings()) {
                if (f.finding().contains(NO_UPDATE_PATH)) {
                    noPath.add(f.ec2InstanceId() != null ? f.ec2InstanceId() : f.containerInstanceId());
                }
            }
        }
        return noPath.stream().limit(Inventory.MAX_LISTED).toList();
    }

    /** The no-path members the memory keeps: those not already in the decision's (unsupported) set. */
    private static List<String> noPathKept(ProblemSet fromDecision, List<String> noPath) {
        List<String> known = fromDecision == null ? List.of() : fromDecision.instances();
        return noPath.stream().filter(id -> !known.contains(id)).sorted().distinct().toList();
    }

    /**
     * The decision's set plus the instances without an update path: ids united (the first
     * {@value Inventory#MAX_LISTED}, sorted), counted once, hashed over the union and the decision's hash
     * (which covers ids beyond those listed).
     */
    static ProblemSet cannotUpdateSet(ProblemSet fromDecision, List<String> noPathIds) {
        List<String> noPath = noPathKept(fromDecision, noPathIds);
        if (noPath.isEmpty()) {
            return fromDecision;
        }
        List<String> known = fromDecision == null ? List.of() : fromDecision.instances();
        TreeSet<String> union = new TreeSet<>(known);
        union.addAll(noPath);
        List<String> lines = new ArrayList<>(union);
        if (fromDecision != null) {
            lines.add(fromDecision.hash());
        }
        int count = (fromDecision == null ? 0 : fromDecision.count()) + noPath.size();
        return new ProblemSet(NotificationKind.CANNOT_UPDATE, count, hash(lines),
                union.stream().limit(Inventory.MAX_LISTED).toList());
    }

    /** Updates under way as Assess health saw them, plus those this run started; unchanged without a decision. */
    private static Map<String, String> updates(Memory previous, ConcludeRequest request, Instant now) {
        if (request.decision() == null) {
            return previous == null ? Map.of() : previous.updates();
        }
        Map<String, String> updates = new LinkedHashMap<>(request.decision().underWay());
        for (String id : request.started()) {
            if (updates.size() < Inventory.MAX_LISTED) {
                updates.putIfAbsent(id, now.toString());
            }
        }
        return updates;
    }

    /**
     * The text of an ERROR alert, as the former "Notify error" state wrote it: the failed step, the error
     * name, and the Lambda's errorMessage (read with a pattern from a Cause that may be cut) or the Cause
     * itself when it is not a JSON document, clipped to {@value #MAX_WHY} characters.
     */
    static String errorDetails(Failure failure, String failedStep) {
        String cause = failure.Cause() == null ? "" : failure.Cause();
        int end = cause.offsetByCodePoints(0, Math.min(CAUSE_READ, cause.codePointCount(0, cause.length())));
        Matcher message = ERROR_MESSAGE.matcher(cause.substring(0, end));
        String why = message.find() ? (String) Json.parse('"' + message.group(1) + '"')
                : cause.startsWith("{") ? "" : cause;
        return (failedStep == null ? "" : failedStep) + " failed: " + (failure.Error() == null ? "" : failure.Error())
                + (why.isEmpty() ? "" : ": " + Outcomes.clip(why, MAX_WHY));
    }

    /** The first 16 hex digits of the SHA-256 of the lines joined by newlines, in order ({@link ProblemSets#digest}). */
    static String hash(List<String> lines) {
        return ProblemSets.digest(lines);
    }
}
