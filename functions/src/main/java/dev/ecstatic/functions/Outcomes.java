package dev.ecstatic.functions;

import dev.ecstatic.functions.model.ConcludeRequest;
import dev.ecstatic.functions.model.Decision;
import dev.ecstatic.functions.model.DecisionKind;
import dev.ecstatic.functions.model.Failure;
import dev.ecstatic.functions.model.InstanceRef;
import dev.ecstatic.functions.model.Lease;
import dev.ecstatic.functions.model.Outcome;
import dev.ecstatic.functions.model.RunRecord;
import dev.ecstatic.functions.model.UpdateOneAgentResponse;
import dev.ecstatic.functions.model.UpdateOutcome;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The per-cluster outcome: the rules the JSONata of the former "Done" state held, moved here so that each
 * can be tested (issue 12), plus SKIPPED for a branch without the cluster's lease. Pure.
 */
final class Outcomes {
    /** How many instances a record names when it names the decision's. */
    static final int NAMED = 3;
    private static final Pattern LAST_WORD = Pattern.compile("(?U)\\S+$");
    private static final Pattern TRAILING_SPACE = Pattern.compile("(?U)\\s+$");
    private static final Pattern SPACE = Pattern.compile("(?U)\\s");
    private static final Pattern AWS_ERROR = Pattern.compile("^(States|Lambda)\\.");
    private static final DateTimeFormatter HOUR_MINUTE = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO_MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'")
            .withZone(ZoneOffset.UTC);

    private Outcomes() {
    }

    /** The record of this run in {@code request.cluster()}, with the cluster's AMI drift. */
    static RunRecord of(ConcludeRequest request) {
        return outcome(request).withAmis(request.amis());
    }

    private static RunRecord outcome(ConcludeRequest request) {
        List<String> started = request.started();
        Integer failed = request.notificationsFailed() > 0 ? request.notificationsFailed() : null;
        Lease lease = request.lease();
        if (lease != null) {
            if (lease.lost() && !started.isEmpty()) {
                return RunRecord.of(request.cluster(), Outcome.STARTED, started,
                        clip(started.size() + " update(s) started, then the lease was lost", RunRecord.MAX_DETAIL), failed);
            }
            String detail = lease.lost() ? "lease lost before an update: nothing started"
                    : "held by " + executionName(lease.heldBy())
                            + (lease.until() == null ? "" : " until " + until(lease.until(), Instant.parse(request.now())));
            return RunRecord.of(request.cluster(), Outcome.SKIPPED, List.of(), clip(detail, RunRecord.MAX_DETAIL), failed);
        }

        Decision decision = request.decision();
        DecisionKind kind = decision == null ? null : decision.decision();
        UpdateOneAgentResponse update = request.update();
        boolean unconfirmed = update != null && update.outcome() == UpdateOutcome.UNCONFIRMED;
        if (request.failure() == null && kind != DecisionKind.BLOCKED && !unconfirmed) {
            RunRecord replaced = Replacements.record(request, failed);
            if (replaced != null) {
                return replaced;
            }
        }
        Outcome outcome;
        if (request.failure() != null) {
            outcome = Outcome.ERROR;
        } else if (kind == DecisionKind.BLOCKED) {
            outcome = Outcome.BLOCKED;
        } else if (unconfirmed) {
            outcome = Outcome.UNCONFIRMED;
        } else if (!started.isEmpty()) {
            // A rolling update that met the closing window (or the run's end) still reports what it started.
            outcome = Outcome.STARTED;
        } else {
            outcome = ofDecision(kind, update);
        }

        List<String> instances;
        if (unconfirmed) {
            instances = new ArrayList<>(started);
            if (update.instance().ec2InstanceId() != null) {
                instances.add(update.instance().ec2InstanceId());
            }
        } else if (!started.isEmpty()) {
            instances = started;
        } else if (outcome == Outcome.BLOCKED || outcome == Outcome.IN_PROGRESS || outcome == Outcome.WOULD_UPDATE
                || outcome == Outcome.UNDECIDED || outcome == Outcome.REPLACING || outcome == Outcome.WOULD_REPLACE) {
            instances = firstIds(decision.instances());
        } else if (outcome == Outcome.DEFERRED) {
            instances = firstIds(kind == DecisionKind.RECHECK ? decision.instances() : decision.candidates());
        } else {
            instances = List.of();
        }

        String before = !started.isEmpty() && outcome != Outcome.STARTED ? started.size() + " started, then " : "";
        String detail = switch (outcome) {
            case ERROR -> (request.failedStep() == null ? "" : request.failedStep()) + ": " + errorName(request.failure());
            case UNCONFIRMED -> "unconfirmed: no other update this run";
            case DEFERRED -> kind == DecisionKind.RECHECK ? "no time left in this run to recheck agents"
                    : kind == DecisionKind.REPLACE ? "no time left in this run to drain an instance"
                    : "no time left in this run to start an update";
            case STARTED -> started.size() + " update(s) started" + (request.historySpent() ? "; history budget spent"
                    : request.stillUpdating() ? ", the last still running at the deadline"
                    : update != null && update.fromVersion() != null ? ", last from " + update.fromVersion() : "");
            case UP_TO_DATE, NONE_UPDATABLE -> update.attempted() + " tried, " + update.skipped() + " skipped"
                    + (update.findings().isEmpty() ? "" : ": " + update.findings().getFirst().finding());
            case BLOCKED, IN_PROGRESS, NOTHING_TO_DO, WOULD_UPDATE, UNDECIDED, OUTSIDE_WINDOW, SKIPPED, REPLACING,
                 WOULD_REPLACE -> decision.reason();
            // Replacements.record answers these whenever a replacement step ended in this run.
            case REPLACEMENT_STARTED, REPLACED, REPLACE_REFUSED, REPLACE_FAILED -> decision.reason();
        };
        return RunRecord.of(request.cluster(), outcome, instances, clip(before + detail, RunRecord.MAX_DETAIL), failed);
    }

    /**
     * The outcome of a decision nothing was started under. Exhaustive switches, not {@code valueOf}: a
     * kind added later fails the build here instead of failing Conclude at run time.
     */
    private static Outcome ofDecision(DecisionKind kind, UpdateOneAgentResponse update) {
        return switch (kind) {
            case RECHECK -> Outcome.DEFERRED;
            case BLOCKED -> Outcome.BLOCKED;
            case IN_PROGRESS -> Outcome.IN_PROGRESS;
            case NOTHING_TO_DO -> Outcome.NOTHING_TO_DO;
            case WOULD_UPDATE -> Outcome.WOULD_UPDATE;
            case UNDECIDED -> Outcome.UNDECIDED;
            case OUTSIDE_WINDOW -> Outcome.OUTSIDE_WINDOW;
            case REPLACING -> Outcome.REPLACING;
            case WOULD_REPLACE -> Outcome.WOULD_REPLACE;
            // A REPLACE that reached no ReplaceInstance step: the hard stop came first.
            case REPLACE -> Outcome.DEFERRED;
            case UPDATE -> update == null ? Outcome.DEFERRED : switch (update.outcome()) {
                case STARTED -> Outcome.STARTED;
                case IN_PROGRESS -> Outcome.IN_PROGRESS;
                case UP_TO_DATE -> Outcome.UP_TO_DATE;
                case NONE_UPDATABLE -> Outcome.NONE_UPDATABLE;
                case UNCONFIRMED -> Outcome.UNCONFIRMED;
                case DEFERRED -> Outcome.DEFERRED;
            };
        };
    }

    /** Step Functions' own errors whole (States.Timeout, Lambda.Unknown), others by their class name. */
    static String errorName(Failure failure) {
        String error = failure.Error();
        if (error == null) {
            return "";
        }
        if (AWS_ERROR.matcher(error).find()) {
            return error;
        }
        return error.substring(error.lastIndexOf('.') + 1);
    }

    /** The part of an execution ARN after its last ':', the execution's name. */
    static String executionName(String heldBy) {
        if (heldBy == null || heldBy.isBlank()) {
            return "another execution";
        }
        return heldBy.substring(heldBy.lastIndexOf(':') + 1);
    }

    /** "14:30 UTC" on the day of {@code now}, else the ISO minute. */
    static String until(long epochSecond, Instant now) {
        Instant until = Instant.ofEpochSecond(epochSecond);
        boolean sameDay = until.atOffset(ZoneOffset.UTC).toLocalDate().equals(now.atOffset(ZoneOffset.UTC).toLocalDate());
        return sameDay ? HOUR_MINUTE.format(until) : ISO_MINUTE.format(until);
    }

    static String isoMinute(Instant instant) {
        return ISO_MINUTE.format(instant);
    }

    private static List<String> firstIds(List<InstanceRef> refs) {
        return refs.stream().map(InstanceRef::ec2InstanceId).filter(Objects::nonNull).limit(NAMED).toList();
    }

    /**
     * At most {@code max} characters (code points, as JSONata counts): cut at the last word boundary
     * with an ellipsis, or mid-word when a single word fills the space.
     */
    static String clip(String s, int max) {
        if (s.codePointCount(0, s.length()) <= max) {
            return s;
        }
        int[] points = s.codePoints().toArray();
        String head = new String(points, 0, max - 1);
        String next = new String(points, max - 1, 1);
        String words = SPACE.matcher(next).matches() ? head : LAST_WORD.matcher(head).replaceFirst("");
        words = TRAILING_SPACE.matcher(words).replaceFirst("");
        return (words.isEmpty() ? head : words) + "…";
    }
}
