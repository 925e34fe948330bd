package dev.ecstatic.functions;

import static dev.ecstatic.functions.ConcludeFixtures.after;
import static dev.ecstatic.functions.ConcludeFixtures.blocked;
import static dev.ecstatic.functions.ConcludeFixtures.decision;
import static dev.ecstatic.functions.ConcludeFixtures.ended;
import static dev.ecstatic.functions.ConcludeFixtures.failedBefore;
import static dev.ecstatic.functions.ConcludeFixtures.ref;
import static dev.ecstatic.functions.ConcludeFixtures.refs;
import static dev.ecstatic.functions.ConcludeFixtures.skipped;
import static dev.ecstatic.functions.ConcludeFixtures.started;
import static dev.ecstatic.functions.ConcludeFixtures.unconfirmed;
import static dev.ecstatic.functions.ConcludeFixtures.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecstatic.functions.ConcludeFixtures.Req;
import dev.ecstatic.functions.model.ConcludeRequest;
import dev.ecstatic.functions.model.Decision;
import dev.ecstatic.functions.model.DecisionKind;
import dev.ecstatic.functions.model.Finding;
import dev.ecstatic.functions.model.InstanceClass;
import dev.ecstatic.functions.model.InstanceRef;
import dev.ecstatic.functions.model.Lease;
import dev.ecstatic.functions.model.NotificationKind;
import dev.ecstatic.functions.model.Outcome;
import dev.ecstatic.functions.model.RunRecord;
import dev.ecstatic.functions.model.UpdateOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every branch of the former "Done" expression, and SKIPPED: one row each. */
class OutcomesTest {
    private static final String DISCONNECTED = "1 agent(s) still disconnected after a recheck";
    /** 14:10 UTC on 2026-01-05 plus 20 minutes, and the next day at 01:00. */
    private static final long TODAY_14_30 = Instant.parse("2026-01-05T14:30:00Z").getEpochSecond();
    private static final long TOMORROW_01_00 = Instant.parse("2026-01-06T01:00:00Z").getEpochSecond();

    static Stream<Arguments> rows() {
        Req updating = after(update(refs(4)));
        return Stream.of(
                row("an AWS error is named whole", failedBefore("List instances", "States.Timeout", null),
                        Outcome.ERROR, List.of(), "List instances: States.Timeout"),
                row("a Lambda error is named whole", updating.failed("Update one agent", "Lambda.Unknown", "x"),
                        Outcome.ERROR, List.of(), "Update one agent: Lambda.Unknown"),
                row("another error by its last segment", failedBefore("Assess health",
                        "dev.ecstatic.functions.TransientAwsException", "{}"), Outcome.ERROR, List.of(),
                        "Assess health: TransientAwsException"),
                row("an error after an update started", updating.update(started("i-1", "1.86.3")).started("i-1")
                        .failed("Check the update", "dev.ecstatic.functions.TransientAwsException", null),
                        Outcome.ERROR, List.of("i-1"), "1 started, then Check the update: TransientAwsException"),
                row("an error wins over a BLOCKED decision", after(blocked(NotificationKind.AGENTS_DISCONNECTED,
                        DISCONNECTED, "i-9")).failed("Notify blocked", "Lambda.ServiceException", null), Outcome.ERROR,
                        List.of(), "Notify blocked: Lambda.ServiceException"),
                row("blocked: the decision's first 3 instances", after(blocked(NotificationKind.UPDATE_FAILED,
                        "4 agent update(s) failed", "i-1", "i-2", "i-3", "i-4")), Outcome.BLOCKED,
                        List.of("i-1", "i-2", "i-3"), "4 agent update(s) failed"),
                row("blocked after an update: the started ones", after(blocked(NotificationKind.AGENTS_DISCONNECTED,
                        DISCONNECTED, "i-9")).update(started("i-1", "1.86.3")).started("i-1"), Outcome.BLOCKED,
                        List.of("i-1"), "1 started, then 1 agent(s) still disconnected after a…"),
                row("unconfirmed: that instance", updating.update(unconfirmed("i-2")), Outcome.UNCONFIRMED,
                        List.of("i-2"), "unconfirmed: no other update this run"),
                row("unconfirmed after a started one", updating.update(unconfirmed("i-2")).started("i-1"),
                        Outcome.UNCONFIRMED, List.of("i-1", "i-2"), "1 started, then unconfirmed: no other update this run"),
                row("started: last from", updating.update(started("i-1", "1.86.3")).started("i-1"), Outcome.STARTED,
                        List.of("i-1"), "1 update(s) started, last from 1.86.3"),
                row("started: history budget spent", updating.update(started("i-1", "1.86.3")).started("i-1")
                        .historyBudgetSpent().stillRunningAtTheDeadline(), Outcome.STARTED, List.of("i-1"),
                        "1 update(s) started; history budget spent"),
                row("started: still running at the deadline", updating.update(started("i-2", "1.86.3"))
                        .started("i-1", "i-2").stillRunningAtTheDeadline(), Outcome.STARTED, List.of("i-1", "i-2"),
                        "2 update(s) started, the last still running at the deadline"),
                row("started, then the cluster was up to date", after(decision(DecisionKind.IN_PROGRESS, "updating",
                        List.of(ref("i-1")))).update(ended(UpdateOutcome.UP_TO_DATE, 1, 0)).started("i-1"),
                        Outcome.STARTED, List.of("i-1"), "1 update(s) started"),
                row("started wins over a recheck", after(decision(DecisionKind.RECHECK, "1 disconnected",
                        List.of(ref("i-5")))).update(started("i-1", "1.86.3")).started("i-1"), Outcome.STARTED,
                        List.of("i-1"), "1 update(s) started, last from 1.86.3"),
                row("deferred recheck: its first 3 instances", after(decision(DecisionKind.RECHECK, "4 disconnected",
                        refs(4))), Outcome.DEFERRED, List.of("i-1", "i-2", "i-3"),
                        "no time left in this run to recheck agents"),
                row("deferred update: the first 3 candidates", updating, Outcome.DEFERRED, List.of("i-1", "i-2", "i-3"),
                        "no time left in this run to start an update"),
                row("deferred by Update one agent's hard stop: the first 3 candidates", updating.update(
                        ended(UpdateOutcome.DEFERRED, 0, 0)), Outcome.DEFERRED, List.of("i-1", "i-2", "i-3"),
                        "no time left in this run to start an update"),
                row("deferred by the hard stop after a started one: still started", updating.update(
                        ended(UpdateOutcome.DEFERRED, 0, 0)).started("i-1"), Outcome.STARTED, List.of("i-1"),
                        "1 update(s) started"),
                row("up to date: tried and skipped", updating.update(ended(UpdateOutcome.UP_TO_DATE, 1, 3)),
                        Outcome.UP_TO_DATE, List.of(), "1 tried, 3 skipped"),
                row("none updatable: with the first finding", updating.update(ended(UpdateOutcome.NONE_UPDATABLE, 2, 0,
                        new Finding("i-1", "ci-1", "no update path: replace the instance"),
                        new Finding("i-2", "ci-2", "other"))), Outcome.NONE_UPDATABLE, List.of(),
                        "2 tried, 0 skipped: no update path: replace the instance"),
                row("in progress: the decision's instances", after(decision(DecisionKind.IN_PROGRESS,
                        "1 agent update(s) in progress", refs(4))), Outcome.IN_PROGRESS, List.of("i-1", "i-2", "i-3"),
                        "1 agent update(s) in progress"),
                row("in progress as Update one agent found it", updating.update(ended(UpdateOutcome.IN_PROGRESS, 1, 0)),
                        Outcome.IN_PROGRESS, List.of(), "2 agent(s) behind the recommended 1.88.0"),
                row("nothing to do", after(decision(DecisionKind.NOTHING_TO_DO, "all 3 agent(s) current", List.of())),
                        Outcome.NOTHING_TO_DO, List.of(), "all 3 agent(s) current"),
                row("would update (dry run)", after(decision(DecisionKind.WOULD_UPDATE, "dry run: would update i-1",
                        List.of(ref("i-1")))), Outcome.WOULD_UPDATE, List.of("i-1"), "dry run: would update i-1"),
                row("undecided (dry run): 3 of them", after(decision(DecisionKind.UNDECIDED, "dry run: cannot tell",
                        refs(5))), Outcome.UNDECIDED, List.of("i-1", "i-2", "i-3"), "dry run: cannot tell"),
                row("instances without an EC2 id are left out", after(decision(DecisionKind.IN_PROGRESS, "updating",
                        List.of(new InstanceRef("ci-anywhere", null, "1.86.3", "linux/x86_64", null), ref("i-2")))),
                        Outcome.IN_PROGRESS, List.of("i-2"), "updating"),
                row("outside the window: its reason, no instances", after(decision(DecisionKind.OUTSIDE_WINDOW,
                        "outside the update window Sat 02:00-06:00 UTC", List.of())), Outcome.OUTSIDE_WINDOW,
                        List.of(), "outside the update window Sat 02:00-06:00 UTC"),
                row("outside the window: a long reason is clipped", after(decision(DecisionKind.OUTSIDE_WINDOW,
                        "outside the update window Sat 02:00-06:00 UTC (tag ecstatic:window): next opens Sat "
                                + "2026-01-10 02:00 UTC; 4 candidate(s)", List.of())), Outcome.OUTSIDE_WINDOW,
                        List.of(), "outside the update window Sat 02:00-06:00 UTC (tag…"),
                row("started, then the window closed: still started", after(decision(DecisionKind.OUTSIDE_WINDOW,
                        "outside the update window", List.of())).update(started("i-1", "1.86.3")).started("i-1"),
                        Outcome.STARTED, List.of("i-1"), "1 update(s) started, last from 1.86.3"),
                row("a long reason is clipped at a word", after(decision(DecisionKind.NOTHING_TO_DO,
                        "every one of the 12 agent(s) in this cluster runs the recommended version 1.88.0", List.of())),
                        Outcome.NOTHING_TO_DO, List.of(), "every one of the 12 agent(s) in this cluster runs the…"),
                row("skipped: held until today's time", skipped(new Lease(
                        "arn:aws:states:us-east-1:123456789012:execution:ecstatic/Cluster:run-42", TODAY_14_30, false)),
                        Outcome.SKIPPED, List.of(), "held by run-42 until 14:30 UTC"),
                row("skipped: held until another day", skipped(new Lease("arn:aws:states:x:execution:sm:run-43",
                        TOMORROW_01_00, false)), Outcome.SKIPPED, List.of(), "held by run-43 until 2026-01-06T01:00Z"),
                row("skipped: a long execution name is clipped", skipped(new Lease("arn:aws:states:x:execution:sm:"
                        + "0b5c7c2e-1f2a-4b3c-9d8e-7f6a5b4c3d2e-prod-web-scheduled", TODAY_14_30, false)),
                        Outcome.SKIPPED, List.of(), "held by…"),
                row("skipped: holder unknown", skipped(new Lease(null, null, false)), Outcome.SKIPPED, List.of(),
                        "held by another execution"),
                row("lease lost after an update: still started", updating.update(started("i-1", "1.86.3")).started("i-1")
                        .lease(new Lease(null, null, true)), Outcome.STARTED, List.of("i-1"),
                        "1 update(s) started, then the lease was lost"),
                row("lease lost before any update", updating.lease(new Lease(null, null, true)), Outcome.SKIPPED,
                        List.of(), "lease lost before an update: nothing started"));
    }

    private static Arguments row(String name, Req request, Outcome outcome, List<String> instances, String detail) {
        return Arguments.of(name, request.build(), outcome, instances, detail);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void outcome_instancesAndDetail(String name, ConcludeRequest request, Outcome outcome, List<String> instances,
                                    String detail) {
        RunRecord record = Outcomes.of(request);

        assertThat(record).isEqualTo(new RunRecord("prod-web", "123456789012", "us-east-1", outcome, instances, detail,
                null, null));
    }

    @ParameterizedTest
    @EnumSource(DecisionKind.class)
    void everyDecisionKind_hasAnOutcome(DecisionKind kind) {
        boolean replace = kind == DecisionKind.REPLACE || kind == DecisionKind.WOULD_REPLACE;
        Decision decision = new Decision(kind, "reason", kind == DecisionKind.BLOCKED
                ? NotificationKind.AGENTS_DISCONNECTED : null, List.of(), List.of(), null, Map.of(), null,
                replace ? ReplacementChoiceTest.candidate("i-arm1", InstanceClass.UNSUPPORTED) : null);

        RunRecord record = Outcomes.of(after(decision).build());

        assertThat(record.outcome()).isNotNull().isNotEqualTo(Outcome.ERROR);
    }

    @Test
    void notificationsFailed_isCountedOnlyWhenSomeFailed() {
        ConcludeRequest failedTwice = after(decision(DecisionKind.NOTHING_TO_DO, "ok", List.of())).notificationsFailed(2)
                .build();
        ConcludeRequest none = after(decision(DecisionKind.NOTHING_TO_DO, "ok", List.of())).build();

        assertThat(Outcomes.of(failedTwice).notificationsFailed()).isEqualTo(2);
        assertThat(Outcomes.of(none).notificationsFailed()).isNull();
    }

    @ParameterizedTest(name = "clip(\"{0}\", {1}) = \"{2}\"")
    @CsvSource(delimiter = '|', value = {
        "short|10|short",
        "exactly ten|11|exactly ten",
        "aaa bbb ccc|6|aaa…",
        "aaa bbb ccc|8|aaa bbb…",
        "aaa bbb  ccc|9|aaa bbb…",
        "abcdefghij|5|abcd…",
        "😀😀😀😀|3|😀😀…",
        "ab 😀😀😀|5|ab…"})
    void clip_cutsAtAWordBoundaryWithAnEllipsis(String text, int max, String clipped) {
        assertThat(Outcomes.clip(text, max)).isEqualTo(clipped);
        assertThat(clipped.codePointCount(0, clipped.length())).isLessThanOrEqualTo(max);
    }

    @Test
    void aRequestThatExplainsNothing_isRefusedWithWhatIsMissing() {
        assertThatThrownBy(() -> after(null).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("decision").hasMessageContaining("failure").hasMessageContaining("lease");
        assertThatThrownBy(() -> after(decision(DecisionKind.NOTHING_TO_DO, "ok", List.of())).at("yesterday").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("now is not an ISO-8601 instant");
    }
}
