package dev.ecstatic.functions;

import dev.ecstatic.functions.model.ConcludeRequest;
import dev.ecstatic.functions.model.Memory;
import dev.ecstatic.functions.model.NotificationKind;
import dev.ecstatic.functions.model.Outcome;
import dev.ecstatic.functions.model.ReplaceInstanceResponse;
import dev.ecstatic.functions.model.ReplaceOutcome;
import dev.ecstatic.functions.model.ReplaceStep;
import dev.ecstatic.functions.model.Replacement;
import dev.ecstatic.functions.model.RunRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a run's replacement steps come to (docs/replacement.md): the cluster's outcome and what the memory
 * keeps of them. Pure.
 */
final class Replacements {
    /** How long an instance whose drain timed out is left alone: its tasks that do not move may end by then. */
    static final Duration DRAIN_BACKOFF = Duration.ofHours(24);

    private Replacements() {
    }

    /**
     * The record of a run in which a replacement step ended, or one is under way that this run started;
     * null when neither (the decision's outcome then applies). Precedence: a replacement this run started
     * and left under way, then one done (the new instance ACTIVE, whatever its AMI), then an agent update
     * started, then one that timed out, then one refused or undone.
     */
    static RunRecord record(ConcludeRequest request, Integer failed) {
        List<ReplaceInstanceResponse> steps = request.replaceSteps();
        Replacement live = request.replacement();
        if (live != null && Objects.equals(live.executionId(), request.executionId())) {
            return RunRecord.of(request.cluster(), Outcome.REPLACEMENT_STARTED, List.of(live.ec2InstanceId()),
                    Outcomes.clip(live.ec2InstanceId() + " terminated in " + live.group()
                            + ", waiting for its replacement", RunRecord.MAX_DETAIL), failed);
        }
        List<ReplaceInstanceResponse> done = steps.stream().filter(s -> s.outcome() == ReplaceOutcome.REPLACED
                || s.outcome() == ReplaceOutcome.UNEXPECTED_AMI).toList();
        if (!done.isEmpty()) {
            ReplaceInstanceResponse last = done.getLast();
            String detail = done.size() > 1 ? done.size() + " instance(s) replaced, last " + replacedText(last)
                    : replacedText(last);
            if (last.outcome() == ReplaceOutcome.UNEXPECTED_AMI) {
                detail = "unexpected AMI " + last.newInstance().ami() + ": " + detail;
            }
            return RunRecord.of(request.cluster(), Outcome.REPLACED, done.stream().map(s -> s.replacement().ec2InstanceId())
                    .limit(Outcomes.NAMED).toList(), Outcomes.clip(detail, RunRecord.MAX_DETAIL), failed);
        }
        if (!agentUpdatesStarted(request).isEmpty()) {
            return null;
        }
        for (ReplaceOutcome wanted : List.of(ReplaceOutcome.TIMED_OUT, ReplaceOutcome.REFUSED, ReplaceOutcome.ACTIVE)) {
            for (ReplaceInstanceResponse s : steps.reversed()) {
                if (s.outcome() != wanted || s.replacement() == null
                        || wanted == ReplaceOutcome.ACTIVE && !drainTimedOut(s, request.executionId())) {
                    continue;
                }
                String id = s.replacement().ec2InstanceId();
                String detail = switch (wanted) {
                    case TIMED_OUT -> "no instance replaced " + id + " in " + s.replacement().group() + " by the deadline";
                    case REFUSED -> id + ": " + (s.reason() == null ? "refused" : s.reason());
                    default -> "drain of " + id + " timed out: ACTIVE again";
                };
                return RunRecord.of(request.cluster(), wanted == ReplaceOutcome.TIMED_OUT ? Outcome.REPLACE_FAILED
                        : Outcome.REPLACE_REFUSED, List.of(id), Outcomes.clip(detail, RunRecord.MAX_DETAIL), failed);
            }
        }
        return null;
    }

    private static String replacedText(ReplaceInstanceResponse s) {
        return s.replacement().ec2InstanceId() + " → " + s.newInstance().ec2InstanceId() + " (agent "
                + s.newInstance().agentVersion() + ")";
    }

    /**
     * What "Announce the replacement" posts after a step, or null when the step is not worth a message (a
     * drain still under way, a replacement still awaited, a drain refused before anything changed: that
     * one is in the run's record).
     */
    static ReplaceInstanceResponse.Announcement announcement(ReplaceInstanceResponse r) {
        Replacement x = r.replacement();
        if (x == null) {
            return null;
        }
        String old = x.ec2InstanceId() + " (" + (x.ami() == null ? "unknown AMI" : x.ami()) + ", agent "
                + x.agentVersion() + ")";
        String why = r.reason() == null ? "" : ": " + r.reason();
        return switch (r.outcome()) {
            case DRAINING -> r.step() != ReplaceStep.DRAIN ? null : new ReplaceInstanceResponse.Announcement(
                    NotificationKind.REPLACEMENT_STARTED, "Draining " + old + " to replace it through its group "
                    + x.group() + ", which launches " + x.expectedAmi() + (x.reason() == null ? "" : " (" + x.reason()
                    + ")") + ". Its tasks move to other instances first; then it is terminated and the group launches"
                    + " its replacement");
            case ACTIVE -> r.step() != ReplaceStep.UNDRAIN ? null
                    : ReplaceInstanceResponse.DRAIN_TIMEOUT.equals(r.cause())
                    ? new ReplaceInstanceResponse.Announcement(NotificationKind.DRAIN_TIMEOUT, x.ec2InstanceId()
                            + " still ran " + r.tasksLeft() + " task(s) at the drain deadline: set ACTIVE again, not"
                            + " drained again for " + DRAIN_BACKOFF.toHours() + " h (tasks not started by a service"
                            + " never move: they must end first)" + why)
                    : new ReplaceInstanceResponse.Announcement(NotificationKind.DRAIN_UNDONE, x.ec2InstanceId()
                            + " set ACTIVE again: " + (ReplaceInstanceResponse.EXECUTION_ENDED.equals(r.cause())
                            ? "the execution that drained it ended before replacing it"
                            : "a step of its replacement failed") + why);
            case REFUSED -> r.step() != ReplaceStep.TERMINATE ? null : new ReplaceInstanceResponse.Announcement(
                    NotificationKind.DRAIN_UNDONE, "Termination of " + x.ec2InstanceId() + " refused after its drain"
                    + why);
            case REPLACED -> new ReplaceInstanceResponse.Announcement(NotificationKind.REPLACED, old + " replaced by "
                    + r.newInstance().ec2InstanceId() + " (" + r.newInstance().ami() + ", agent "
                    + r.newInstance().agentVersion() + ") in group " + x.group());
            case UNEXPECTED_AMI -> new ReplaceInstanceResponse.Announcement(NotificationKind.UNEXPECTED_AMI, old
                    + " replaced by " + r.newInstance().ec2InstanceId() + " running " + r.newInstance().ami()
                    + ", not the expected " + x.expectedAmi() + ": ecstatic replaces nothing more in group " + x.group()
                    + " until its launch template changes");
            case TIMED_OUT -> new ReplaceInstanceResponse.Announcement(NotificationKind.REPLACE_TIMEOUT, old
                    + " was terminated at " + x.terminatedAt() + " and no instance of group " + x.group()
                    + " registered in the cluster by " + x.deadline() + ": look at the group's scaling activities");
            case DRAINED, TERMINATING, WAITING -> null;
        };
    }

    /** The instances of {@code started} that were agent updates, not replacements. */
    private static List<String> agentUpdatesStarted(ConcludeRequest request) {
        List<String> replaced = new ArrayList<>();
        request.replaceSteps().stream().filter(s -> s.replacement() != null)
                .forEach(s -> replaced.add(s.replacement().ec2InstanceId()));
        if (request.replacement() != null) {
            replaced.add(request.replacement().ec2InstanceId());
        }
        return request.started().stream().filter(id -> !replaced.contains(id)).toList();
    }

    /**
     * An UNDRAIN of this execution's own drain: it timed out (a failed step ends the branch ERROR, and
     * a drain another execution left behind is undone at the start of a run, not timed out).
     */
    static boolean drainTimedOut(ReplaceInstanceResponse s, String executionId) {
        return s.step() == ReplaceStep.UNDRAIN && s.outcome() == ReplaceOutcome.ACTIVE && s.replacement() != null
                && Objects.equals(s.replacement().executionId(), executionId)
                && ReplaceInstanceResponse.DRAIN_TIMEOUT.equals(s.cause());
    }

    /**
     * Refusals that the next hourly run would meet again (the group at its minimum, no room for the tasks,
     * the instance outside the group, scale-in protection): the instance is left alone as long as after a
     * drain that timed out, and the next eligible one gets its turn. Activities, refreshes, a changed group
     * and the hard stop pass by themselves: no back-off.
     */
    static final java.util.Set<String> LASTING_REFUSALS = java.util.Set.of("MIN_CAPACITY", "NO_ROOM", "NOT_IN_GROUP",
            "PROTECTED");

    /** Whether a step's refusal is one the next run would meet again ({@link #LASTING_REFUSALS}). */
    static boolean lastingRefusal(ReplaceInstanceResponse s) {
        if (s.outcome() != ReplaceOutcome.REFUSED || s.reason() == null) {
            return false;
        }
        int colon = s.reason().indexOf(':');
        return colon > 0 && LASTING_REFUSALS.contains(s.reason().substring(0, colon));
    }

    /**
     * The memory's drain back-off after this run: entries still ahead, each drain that timed out now, and
     * each instance a lasting refusal met.
     */
    static Map<String, String> drainBackoff(Memory previous, ConcludeRequest request, Instant now) {
        Map<String, String> next = new LinkedHashMap<>();
        if (previous != null) {
            previous.drainBackoff().forEach((id, until) -> {
                if (now.isBefore(Instant.parse(until))) {
                    next.put(id, until);
                }
            });
        }
        request.replaceSteps().stream().filter(s -> drainTimedOut(s, request.executionId()) || lastingRefusal(s))
                .forEach(s -> next.put(s.replacement().ec2InstanceId(), now.plus(DRAIN_BACKOFF).toString()));
        return newest(next, Comparator.comparing(e -> Instant.parse(e.getValue())));
    }

    /** The memory's stopped groups after this run: the earlier ones, and each group whose replacement surprised. */
    static Map<String, Memory.StoppedGroup> groupsStopped(Memory previous, ConcludeRequest request, Instant now) {
        Map<String, Memory.StoppedGroup> next = new LinkedHashMap<>();
        if (previous != null) {
            next.putAll(previous.groupsStopped());
        }
        request.replaceSteps().stream().filter(s -> s.outcome() == ReplaceOutcome.UNEXPECTED_AMI)
                .forEach(s -> next.put(s.replacement().group(), new Memory.StoppedGroup(now.toString(),
                        s.replacement().expectedAmi(), s.newInstance().ami())));
        return newest(next, Comparator.comparing(e -> Instant.parse(e.getValue().since())));
    }

    /** The newest {@value dev.ecstatic.functions.model.Inventory#MAX_LISTED} entries, the memory's bound. */
    private static <V> Map<String, V> newest(Map<String, V> map, Comparator<Map.Entry<String, V>> age) {
        int max = dev.ecstatic.functions.model.Inventory.MAX_LISTED;
        if (map.size() <= max) {
            return map;
        }
        Map<String, V> kept = new LinkedHashMap<>();
        map.entrySet().stream().sorted(age.reversed()).limit(max).forEach(e -> kept.put(e.getKey(), e.getValue()));
        return kept;
    }
}
