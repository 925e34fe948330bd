package dev.ecstatic.functions;

import static dev.ecstatic.functions.ConcludeFixtures.NOW;
import static dev.ecstatic.functions.ConcludeFixtures.after;
import static dev.ecstatic.functions.ConcludeFixtures.blocked;
import static dev.ecstatic.functions.ConcludeFixtures.decision;
import static dev.ecstatic.functions.ConcludeFixtures.ended;
import static dev.ecstatic.functions.ConcludeFixtures.failedBefore;
import static dev.ecstatic.functions.ConcludeFixtures.ref;
import static dev.ecstatic.functions.ConcludeFixtures.refs;
import static dev.ecstatic.functions.ConcludeFixtures.skipped;
import static dev.ecstatic.functions.ConcludeFixtures.started;
import static dev.ecstatic.functions.ConcludeFixtures.update;
import static dev.ecstatic.functions.ConcludeFixtures.withCannotUpdate;
import static dev.ecstatic.functions.ConcludeFixtures.withUnderWay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecstatic.functions.ConcludeFixtures.Req;
import dev.ecstatic.functions.model.ConcludeRequest;
import dev.ecstatic.functions.model.Decision;
import dev.ecstatic.functions.model.DecisionKind;
import dev.ecstatic.functions.model.Failure;
import dev.ecstatic.functions.model.Finding;
import dev.ecstatic.functions.model.InstanceRef;
import dev.ecstatic.functions.model.Lease;
import dev.ecstatic.functions.model.Memory;
import dev.ecstatic.functions.model.NotificationKind;
import dev.ecstatic.functions.model.Outcome;
import dev.ecstatic.functions.model.ProblemSet;
import dev.ecstatic.functions.model.UpdateOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The alert policy of issue 12, item 3: which alert a run owes, and the memory it leaves either way. */
class AlertPolicyTest {
    private static final String REASON = "2 agent(s) still disconnected after a recheck: not updating this cluster";
    private static final Decision DISCONNECTED = blocked(NotificationKind.AGENTS_DISCONNECTED, REASON, "i-2", "i-1");
    private static final String DISCONNECTED_HASH = AlertPolicy.hash(List.of("i-1", "i-2"));
    private static final String NINE = "2026-01-05T09:00:00Z";
    private static final Decision HEALTHY = decision(DecisionKind.NOTHING_TO_DO, "all 3 agent(s) current", List.of());
    private static final ProblemSet TWO_CANNOT = new ProblemSet(NotificationKind.CANNOT_UPDATE, 2,
            AlertPolicy.hash(List.of("i-w1", "i-w2")), List.of("i-w1", "i-w2"));

    private static Memory.Problem open(NotificationKind kind, String hash, String lastAlerted) {
        return new Memory.Problem(kind, 2, hash, List.of("i-1", "i-2"), REASON, NINE, 5,
                lastAlerted == null ? null : new Memory.Alerted(lastAlerted));
    }

    private static Memory memory(Memory.Problem problem) {
        return memory(problem, null);
    }

    private static Memory memory(Memory.Problem problem, Memory.CannotUpdate cannot) {
        return new Memory(1, problem, Map.of(), cannot, Outcome.BLOCKED, "2026-01-05T13:00:00Z", 12);
    }

    private static Memory.CannotUpdate cannot(int count, int alertedCount) {
        List<String> ids = IntStream.rangeClosed(1, count).mapToObj(i -> "i-w" + i).toList();
        return new Memory.CannotUpdate(NotificationKind.CANNOT_UPDATE, count, AlertPolicy.hash(ids), ids, NINE,
                alertedCount);
    }

    private static AlertPolicy.Plan plan(Req request) {
        return plan(request, 24);
    }

    private static AlertPolicy.Plan plan(Req request, int remindAfterHours) {
        ConcludeRequest built = request.build();
        return AlertPolicy.plan(built, Outcomes.of(built), remindAfterHours);
    }

    static Stream<Arguments> whichAlert() {
        Memory disconnectedSaid = memory(open(NotificationKind.AGENTS_DISCONNECTED, DISCONNECTED_HASH, NINE));
        Memory disconnectedUnsaid = memory(open(NotificationKind.AGENTS_DISCONNECTED, DISCONNECTED_HASH, null));
        String errorHash = AlertPolicy.hash(List.of("List instances", "States.Timeout"));
        Memory errorSaid = memory(new Memory.Problem(NotificationKind.ERROR, 0, errorHash, List.of(), "x", NINE, 1,
                new Memory.Alerted(NINE)));
        Req starting = after(update(refs(2))).update(started("i-1", "1.86.3")).started("i-1");
        return Stream.of(
                row("a new problem, no memory", after(DISCONNECTED), 24, NotificationKind.AGENTS_DISCONNECTED, false),
                row("a new problem, memory without one", after(DISCONNECTED).memory(memory(null)), 24,
                        NotificationKind.AGENTS_DISCONNECTED, false),
                row("the same problem, never delivered: tried again", after(DISCONNECTED).memory(disconnectedUnsaid), 24,
                        NotificationKind.AGENTS_DISCONNECTED, false),
                row("the same problem, said 5 h ago: quiet", after(DISCONNECTED).memory(disconnectedSaid), 24, null,
                        false),
                row("the same problem, said 24 h ago: reminded", after(DISCONNECTED).memory(disconnectedSaid)
                        .at("2026-01-06T09:00:00Z"), 24, NotificationKind.AGENTS_DISCONNECTED, true),
                row("the same problem, said 23 h 59 min ago: quiet", after(DISCONNECTED).memory(disconnectedSaid)
                        .at("2026-01-06T08:59:00Z"), 24, null, false),
                row("the same problem, reminders off", after(DISCONNECTED).memory(disconnectedSaid)
                        .at("2026-02-05T09:00:00Z"), 0, null, false),
                row("other instances: a new problem", after(blocked(NotificationKind.AGENTS_DISCONNECTED, REASON, "i-1",
                        "i-3")).memory(disconnectedSaid), 24, NotificationKind.AGENTS_DISCONNECTED, false),
                row("another kind: a new problem", after(blocked(NotificationKind.UPDATE_STUCK, "stuck", "i-1", "i-2"))
                        .memory(disconnectedSaid), 24, NotificationKind.UPDATE_STUCK, false),
                row("an error, new", failedBefore("List instances", "States.Timeout", null), 24,
                        NotificationKind.ERROR, false),
                row("the same error again: quiet", failedBefore("List instances", "States.Timeout", null)
                        .memory(errorSaid), 24, null, false),
                row("the same error in another step: new", failedBefore("Assess health", "States.Timeout", null)
                        .memory(errorSaid), 24, NotificationKind.ERROR, false),
                row("an error beside a delivered disconnect: the error", failedBefore("List instances", "States.Timeout", null)
                        .memory(disconnectedSaid), 24, NotificationKind.ERROR, false),
                row("healthy after a delivered problem: resolved", after(HEALTHY).memory(disconnectedSaid), 24,
                        NotificationKind.RESOLVED, false),
                row("healthy after an error: resolved", after(HEALTHY).memory(errorSaid), 24, NotificationKind.RESOLVED,
                        false),
                row("an update started after a delivered problem: resolved", starting.memory(disconnectedSaid), 24,
                        NotificationKind.RESOLVED, false),
                row("deferred update after a delivered problem: resolved", after(update(refs(2)))
                        .memory(disconnectedSaid), 24, NotificationKind.RESOLVED, false),
                row("outside the window after a delivered problem: resolved", after(decision(
                        DecisionKind.OUTSIDE_WINDOW, "outside the update window", List.of())).memory(disconnectedSaid),
                        24, NotificationKind.RESOLVED, false),
                row("outside the window, nothing remembered: quiet", after(decision(DecisionKind.OUTSIDE_WINDOW,
                        "outside the update window", List.of())), 24, null, false),
                row("healthy after an undelivered problem: cleared quietly", after(HEALTHY).memory(disconnectedUnsaid),
                        24, null, false),
                row("a disconnect not confirmed yet: quiet", after(decision(DecisionKind.RECHECK, "1 disconnected",
                        refs(1))).memory(disconnectedSaid), 24, null, false),
                row("skipped: quiet", skipped(new Lease("arn:x:execution:sm:other", 1L, false))
                        .memory(disconnectedUnsaid), 24, null, false),
                row("healthy and nothing remembered: quiet", after(HEALTHY), 24, null, false),
                row("instances it cannot update appear", after(withCannotUpdate(HEALTHY, TWO_CANNOT)), 24,
                        NotificationKind.CANNOT_UPDATE, false),
                row("more instances it cannot update", after(withCannotUpdate(HEALTHY, TWO_CANNOT))
                        .memory(memory(null, cannot(1, 1))), 24, NotificationKind.CANNOT_UPDATE, false),
                row("the same ones it cannot update: quiet", after(withCannotUpdate(HEALTHY, TWO_CANNOT))
                        .memory(memory(null, cannot(2, 2))), 24, null, false),
                row("fewer it cannot update: quiet", after(withCannotUpdate(HEALTHY, TWO_CANNOT))
                        .memory(memory(null, cannot(3, 3))), 24, null, false),
                row("a finding without an update path counts", after(update(refs(2))).update(ended(
                        UpdateOutcome.NONE_UPDATABLE, 1, 0, new Finding("i-x", "ci-x", "no update path: replace the "
                        + "instance"))), 24, NotificationKind.CANNOT_UPDATE, false),
                row("a problem before what it cannot update", after(withCannotUpdate(DISCONNECTED, TWO_CANNOT)), 24,
                        NotificationKind.AGENTS_DISCONNECTED, false),
                row("resolved before what it cannot update", after(withCannotUpdate(HEALTHY, TWO_CANNOT))
                        .memory(disconnectedSaid), 24, NotificationKind.RESOLVED, false),
                row("a quiet problem lets what it cannot update be said", after(withCannotUpdate(DISCONNECTED,
                        TWO_CANNOT)).memory(disconnectedSaid), 24, NotificationKind.CANNOT_UPDATE, false));
    }

    private static Arguments row(String name, Req request, int remindAfterHours, NotificationKind kind,
                                 boolean reminder) {
        return Arguments.of(name, request, remindAfterHours, kind, reminder);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("whichAlert")
    void whichAlert_theRunOwes(String name, Req request, int remindAfterHours, NotificationKind kind, boolean reminder) {
        AlertPolicy.Plan plan = plan(request, remindAfterHours);

        if (kind == null) {
            assertThat(plan.alert()).isNull();
            assertThat(plan.quiet()).isNotBlank();
            assertThat(plan.ifDelivered()).isEqualTo(plan.ifNotDelivered());
        } else {
            assertThat(plan.alert()).isNotNull();
            assertThat(plan.alert().kind()).isEqualTo(kind);
            assertThat(plan.alert().reminder()).isEqualTo(reminder);
            assertThat(plan.ifDelivered()).isNotEqualTo(plan.ifNotDelivered());
        }
    }

    @Test
    void newProblem_isAlertedWithTheDecision_andMarkedOnlyWhenDelivered() {
        AlertPolicy.Plan plan = plan(after(DISCONNECTED));

        assertThat(plan.alert()).isEqualTo(new AlertPolicy.Alert(NotificationKind.AGENTS_DISCONNECTED,
                DISCONNECTED.instances(), REASON, false));
        Memory.Problem unsaid = new Memory.Problem(NotificationKind.AGENTS_DISCONNECTED, 2, DISCONNECTED_HASH,
                List.of("i-1", "i-2"), REASON, NOW, 1, null);
        assertThat(plan.ifNotDelivered().problem()).isEqualTo(unsaid);
        assertThat(plan.ifDelivered().problem()).isEqualTo(new Memory.Problem(NotificationKind.AGENTS_DISCONNECTED, 2,
                DISCONNECTED_HASH, List.of("i-1", "i-2"), REASON, NOW, 1, new Memory.Alerted(NOW)));
    }

    @Test
    void sameProblem_keepsFirstSeenAndLastAlerted_andCountsTheRun() {
        AlertPolicy.Plan plan = plan(after(DISCONNECTED).memory(memory(open(NotificationKind.AGENTS_DISCONNECTED,
                DISCONNECTED_HASH, NINE))));

        assertThat(plan.alert()).isNull();
        assertThat(plan.quiet()).contains("AGENTS_DISCONNECTED unchanged", "reminder due 2026-01-06T09:00:00Z");
        assertThat(plan.ifDelivered().problem()).isEqualTo(new Memory.Problem(NotificationKind.AGENTS_DISCONNECTED, 2,
                DISCONNECTED_HASH, List.of("i-1", "i-2"), REASON, NINE, 6, new Memory.Alerted(NINE)));
    }

    @Test
    void reminder_saysSinceWhenAndHowManyRuns_andMovesLastAlertedOnlyWhenDelivered() {
        AlertPolicy.Plan plan = plan(after(DISCONNECTED).memory(memory(open(NotificationKind.AGENTS_DISCONNECTED,
                DISCONNECTED_HASH, "2026-01-05T10:00:00Z"))).at("2026-01-06T14:30:00Z"));

        assertThat(plan.alert().details()).isEqualTo("Still open since 2026-01-05T09:00Z (29 h, 6 runs): " + REASON);
        assertThat(plan.alert().instances()).isEqualTo(DISCONNECTED.instances());
        assertThat(plan.ifDelivered().problem().lastAlerted()).isEqualTo(new Memory.Alerted("2026-01-06T14:30:00Z"));
        assertThat(plan.ifNotDelivered().problem().lastAlerted()).isEqualTo(new Memory.Alerted("2026-01-05T10:00:00Z"));
        assertThat(plan.ifNotDelivered().problem().runs()).isEqualTo(6);
    }

    @Test
    void resolved_saysWhatClearedItAndHowLongItLasted_andKeepsTheProblemUntilDelivered() {
        Memory.Problem said = open(NotificationKind.AGENTS_DISCONNECTED, DISCONNECTED_HASH, NINE);
        AlertPolicy.Plan plan = plan(after(update(refs(2))).update(started("i-1", "1.86.3")).started("i-1")
                .memory(memory(said)));

        assertThat(plan.alert()).isEqualTo(new AlertPolicy.Alert(NotificationKind.RESOLVED, List.of(),
                "agents disconnected since 2026-01-05T09:00Z cleared after 5 h 10 min and 5 run(s): now STARTED "
                        + "(1 update(s) started, last from 1.86.3)", false));
        assertThat(plan.ifDelivered().problem()).isNull();
        assertThat(plan.ifNotDelivered().problem()).isEqualTo(said);
    }

    @ParameterizedTest
    @ValueSource(strings = {"UPDATE_FAILED:update failed", "UPDATE_STUCK:update stuck", "ERROR:error"})
    void resolved_namesEachKindOfProblem(String kindAndWords) {
        String[] parts = kindAndWords.split(":");
        Memory.Problem said = new Memory.Problem(NotificationKind.valueOf(parts[0]), 1, "h", List.of(), "d", NINE, 1,
                new Memory.Alerted(NINE));

        assertThat(plan(after(HEALTHY).memory(memory(said))).alert().details())
                .startsWith(parts[1] + " since 2026-01-05T09:00Z cleared after 5 h 10 min and 1 run(s): now NOTHING_TO_DO");
    }

    @Test
    void disconnectNotConfirmed_leavesTheProblemExactlyAsItWas() {
        Memory.Problem said = open(NotificationKind.AGENTS_DISCONNECTED, DISCONNECTED_HASH, NINE);

        AlertPolicy.Plan plan = plan(after(decision(DecisionKind.RECHECK, "1 disconnected", refs(1))).memory(memory(said)));

        assertThat(plan.ifDelivered().problem()).isSameAs(said);
        assertThat(plan.ifDelivered().lastOutcome()).isEqualTo(Outcome.DEFERRED);
    }

    @Test
    void undeliveredProblemThatCleared_isForgotten() {
        AlertPolicy.Plan plan = plan(after(HEALTHY).memory(memory(open(NotificationKind.AGENTS_DISCONNECTED,
                DISCONNECTED_HASH, null))));

        assertThat(plan.ifDelivered().problem()).isNull();
        assertThat(plan.quiet()).contains("cleared before any alert was delivered");
    }

    @Test
    void errorProblem_isHashedOverStepAndErrorName_withoutInstances() {
        AlertPolicy.Plan plan = plan(failedBefore("List instances", "dev.ecstatic.functions.TransientAwsException",
                "{\"errorMessage\":\"ECS throttled us\",\"errorType\":\"x\"}"));

        assertThat(plan.alert()).isEqualTo(new AlertPolicy.Alert(NotificationKind.ERROR, List.of(),
                "List instances failed: dev.ecstatic.functions.TransientAwsException: ECS throttled us", false));
        assertThat(plan.ifDelivered().problem()).isNull();
        assertThat(plan.ifDelivered().error()).isEqualTo(new Memory.Problem(NotificationKind.ERROR, 0,
                AlertPolicy.hash(List.of("List instances", "dev.ecstatic.functions.TransientAwsException")), List.of(),
                "List instances failed: dev.ecstatic.functions.TransientAwsException: ECS throttled us", NOW, 1,
                new Memory.Alerted(NOW)));
        assertThat(AlertPolicy.hash(List.of("List instances", "States.Timeout")))
                .as("printf 'List instances\\nStates.Timeout' | sha256sum").isEqualTo("8946e91b87cefd35");
    }

    // The error slot: a run that errs neither clears nor replaces the open problem.

    private static final String TEN = "2026-01-05T10:00:00Z";
    private static final Memory.Problem ERROR_SAID = new Memory.Problem(NotificationKind.ERROR, 0,
            AlertPolicy.hash(List.of("List instances", "States.Timeout")), List.of(), "List instances failed",
            TEN, 1, new Memory.Alerted(TEN));

    private static Memory withError(Memory.Problem problem, Memory.Problem error) {
        return new Memory(1, problem, Map.of(), null, Outcome.ERROR, "2026-01-05T13:00:00Z", 12, Map.of(), null, error);
    }

    private static Req throttled() {
        return failedBefore("List instances", "States.Timeout", null);
    }

    @Test
    void anErrorRun_leavesTheOpenProblemUntouched_andOpensTheError() {
        Memory.Problem said = open(NotificationKind.AGENTS_DISCONNECTED, DISCONNECTED_HASH, NINE);

        AlertPolicy.Plan plan = plan(throttled().memory(memory(said)));

        assertThat(plan.alert().kind()).isEqualTo(NotificationKind.ERROR);
        assertThat(plan.ifDelivered().problem()).as("neither counted nor cleared").isSameAs(said);
        assertThat(plan.ifNotDelivered().problem()).isSameAs(said);
        assertThat(plan.ifDelivered().error().delivered()).isTrue();
        assertThat(plan.ifNotDelivered().error().delivered()).isFalse();
    }

    static Stream<Arguments> errorSequences() {
        Req disconnected = after(DISCONNECTED);
        Req healthy = after(HEALTHY);
        return Stream.of(
                Arguments.of("a blocked problem survives a one-run error", List.of(disconnected, throttled(),
                        disconnected, disconnected), List.of(NotificationKind.AGENTS_DISCONNECTED, NotificationKind.ERROR,
                        NotificationKind.RESOLVED)),
                Arguments.of("an error is said once while it repeats", List.of(throttled(), throttled(), throttled()),
                        List.of(NotificationKind.ERROR)),
                Arguments.of("an error gets its RESOLVED when a run gets through", List.of(throttled(), healthy,
                        healthy), List.of(NotificationKind.ERROR, NotificationKind.RESOLVED)),
                Arguments.of("a new problem goes before the error's RESOLVED, which follows", List.of(throttled(),
                        disconnected, disconnected, disconnected), List.of(NotificationKind.ERROR,
                        NotificationKind.AGENTS_DISCONNECTED, NotificationKind.RESOLVED)),
                Arguments.of("both resolved: the problem's first, then the error's", List.of(disconnected, throttled(),
                        healthy, healthy, healthy), List.of(NotificationKind.AGENTS_DISCONNECTED, NotificationKind.ERROR,
                        NotificationKind.RESOLVED, NotificationKind.RESOLVED)),
                Arguments.of("an error before what it cannot update, which follows", List.of(
                        after(withCannotUpdate(update(refs(2)), TWO_CANNOT)).failed("Update one agent",
                                "Lambda.Unknown", null), after(withCannotUpdate(HEALTHY, TWO_CANNOT)),
                                after(withCannotUpdate(HEALTHY, TWO_CANNOT))),
                        List.of(NotificationKind.ERROR, NotificationKind.RESOLVED, NotificationKind.CANNOT_UPDATE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void errorSequences(String name, List<Req> runs, List<NotificationKind> alerts) {
        assertThat(alertsOf(null, runs.toArray(Req[]::new))).isEqualTo(alerts);
    }

    static Stream<Arguments> unreachableTarget() {
        return Stream.of(
                Arguments.of("unreachable for 3 runs: said once", 3, List.of("ERROR")),
                Arguments.of("unreachable for 26 hourly runs: said once, reminded after 24 h", 26,
                        List.of("ERROR", "ERROR (reminder)")),
                Arguments.of("unreachable for 49 hourly runs: reminded each day, never each run", 49,
                        List.of("ERROR", "ERROR (reminder)", "ERROR (reminder)")));
    }

    /**
     * A target's stand-in (issue 14) ends ERROR in every run while its target stays unreachable (List
     * instances throws TargetUnreachableException at once): the memory's error slot alerts it once and
     * reminds it, as any cluster's error. The record names the target.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource
    void unreachableTarget(String name, int runs, List<String> alerts) {
        dev.ecstatic.functions.model.Cluster standIn = dev.ecstatic.functions.model.Cluster.unreachableTarget("aws",
                "222233334444", "eu-west-1", "role ecstatic-member could not be assumed: AccessDenied");
        Memory memory = null;
        List<String> said = new java.util.ArrayList<>();
        for (int i = 0; i < runs; i++) {
            ConcludeRequest request = new ConcludeRequest(standIn, java.time.Instant.parse(NOW).plus(Duration.ofHours(i))
                    .toString(), ConcludeFixtures.EXECUTION, false, 1, memory, null, null, null, List.of(),
                    new Failure("dev.ecstatic.functions.TargetUnreachableException",
                            "{\"errorMessage\":\"role ecstatic-member could not be assumed: AccessDenied\"}"),
                    "List instances", false, false, 0, 0);
            var record = Outcomes.of(request);
            assertThat(record).extracting(r -> r.cluster(), r -> r.account(), r -> r.region(), r -> r.outcome(),
                    r -> r.detail()).containsExactly("(target)", "222233334444", "eu-west-1", Outcome.ERROR,
                    "List instances: TargetUnreachableException");
            AlertPolicy.Plan plan = AlertPolicy.plan(request, record, 24);
            if (plan.alert() != null) {
                said.add(plan.alert().kind() + (plan.alert().reminder() ? " (reminder)" : ""));
                assertThat(plan.alert().details()).contains("could not be assumed: AccessDenied");
            }
            memory = plan.memory(true);
        }
        assertThat(said).isEqualTo(alerts);
    }

    @Test
    void bothResolved_theProblemsFirst_theErrorKeptPending() {
        Memory both = withError(open(NotificationKind.AGENTS_DISCONNECTED, DISCONNECTED_HASH, NINE), ERROR_SAID);

        AlertPolicy.Plan first = plan(after(HEALTHY).memory(both));
        AlertPolicy.Plan second = plan(after(HEALTHY).memory(first.memory(true)).at("2026-01-05T15:10:00Z"));

        assertThat(first.alert().details()).startsWith("agents disconnected since");
        assertThat(first.memory(true).problem()).isNull();
        assertThat(first.memory(true).error()).as("its RESOLVED pending").isEqualTo(ERROR_SAID);
        assertThat(second.alert().details()).startsWith("error since 2026-01-05T10:00Z cleared after 5 h 10 min and"
                + " 1 run(s): now NOTHING_TO_DO");
        assertThat(second.memory(true).error()).isNull();
    }

    @Test
    void aRepeatedError_isCountedQuietly_andReminded() {
        Memory said = withError(null, ERROR_SAID);

        AlertPolicy.Plan again = plan(throttled().memory(said));
        AlertPolicy.Plan later = plan(throttled().memory(said).at("2026-01-06T10:00:00Z"));

        assertThat(again.alert()).isNull();
        assertThat(again.quiet()).contains("error: ERROR unchanged");
        assertThat(again.memory(true).error().runs()).isEqualTo(2);
        assertThat(later.alert().kind()).isEqualTo(NotificationKind.ERROR);
        assertThat(later.alert().reminder()).isTrue();
        assertThat(later.alert().details()).startsWith("Still open since 2026-01-05T10:00Z (24 h, 2 runs)");
    }

    @Test
    void anUndeliveredError_clearsQuietly() {
        Memory.Problem unsaid = new Memory.Problem(NotificationKind.ERROR, 0, "h", List.of(), "d", TEN, 1, null);

        AlertPolicy.Plan plan = plan(after(HEALTHY).memory(withError(null, unsaid)));

        assertThat(plan.alert()).isNull();
        assertThat(plan.memory(true).error()).isNull();
        assertThat(plan.quiet()).contains("ERROR cleared before any alert was delivered");
    }

    @Test
    void anErrorKeptAsTheProblem_byAnOlderMemory_movesToTheErrorSlot() {
        Memory old = memory(ERROR_SAID);

        AlertPolicy.Plan same = plan(throttled().memory(old));
        AlertPolicy.Plan blocked = plan(after(DISCONNECTED).memory(old));

        assertThat(same.alert()).isNull();
        assertThat(same.memory(true).problem()).isNull();
        assertThat(same.memory(true).error().runs()).isEqualTo(2);
        assertThat(blocked.alert().kind()).isEqualTo(NotificationKind.AGENTS_DISCONNECTED);
        assertThat(blocked.memory(true).problem().kind()).isEqualTo(NotificationKind.AGENTS_DISCONNECTED);
        assertThat(blocked.memory(true).error()).as("its RESOLVED pending").isEqualTo(ERROR_SAID);
    }

    @Test
    void aSilencedCluster_holdsItsError() {
        ConcludeRequest request = new ConcludeRequest(new dev.ecstatic.functions.model.Cluster(Fixtures.PROD_WEB.name(),
                Fixtures.PROD_WEB.arn(), null, "2026-01-06T00:00:00Z"), NOW, ConcludeFixtures.EXECUTION, false, 1, null,
                null, null, null, List.of(), new Failure("States.Timeout", null), "List instances", false, false, 0, 0);

        AlertPolicy.Plan plan = plan(request);

        assertThat(plan.alert()).isNull();
        assertThat(plan.quiet()).contains("ERROR held");
        assertThat(plan.memory(true).error().delivered()).isFalse();
    }

    @Test
    void theErrorSlot_holdsOnlyAnError() {
        assertThatThrownBy(() -> withError(null, open(NotificationKind.AGENTS_DISCONNECTED, DISCONNECTED_HASH, NINE)))
                .hasMessageContaining("memory.error.kind must be ERROR");
    }

    @Test
    void hash_isTheFirst16HexOfSha256OfTheLinesJoinedByNewlines() {
        assertThat(AlertPolicy.hash(List.of("i-1", "i-2"))).as("printf 'i-1\\ni-2' | sha256sum")
                .isEqualTo("acab622488a823ad");
        assertThat(AlertPolicy.hash(List.of())).isEqualTo("e3b0c44298fc1c14");
    }

    static Stream<Arguments> errorDetails() {
        String longWhy = "word ".repeat(80).strip();
        return Stream.of(
                Arguments.of("a Lambda's errorMessage", "{\"errorMessage\":\"cluster not found\",\"errorType\":\"E\"}",
                        "List instances failed: E.X: cluster not found"),
                Arguments.of("escapes in the message", "{\"errorMessage\": \"say \\\"hi\\\" \\u00e9\\n\"}",
                        "List instances failed: E.X: say \"hi\" é\n"),
                Arguments.of("a cause cut mid-message", "{\"errorMessage\":\"the start of a long mess",
                        "List instances failed: E.X: the start of a long mess"),
                Arguments.of("a JSON cause without errorMessage", "{\"errorType\":\"E\"}", "List instances failed: E.X"),
                Arguments.of("a plain cause", "the task timed out", "List instances failed: E.X: the task timed out"),
                Arguments.of("no cause", null, "List instances failed: E.X"),
                Arguments.of("an errorMessage past 2000 characters is not read", "{\"stackTrace\":\"" + "x".repeat(2000)
                        + "\",\"errorMessage\":\"late\"}", "List instances failed: E.X"),
                Arguments.of("a long message is clipped to 300", "{\"errorMessage\":\"" + longWhy + "\"}",
                        "List instances failed: E.X: " + Outcomes.clip(longWhy, 300)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void errorDetails(String name, String cause, String details) {
        assertThat(AlertPolicy.errorDetails(new Failure("E.X", cause), "List instances")).isEqualTo(details);
    }

    @Test
    void cannotUpdate_unitesTheDecisionsSetWithFindingsWithoutAnUpdatePath() {
        Decision withSet = withCannotUpdate(update(refs(2)), TWO_CANNOT);
        Req request = after(withSet).update(ended(UpdateOutcome.NONE_UPDATABLE, 3, 0,
                new Finding("i-w2", "ci-w2", "no update path: replace the instance"),
                new Finding("i-a", "ci-a", "no update path: replace the instance"),
                new Finding(null, "ci-anywhere", "no update path: replace the instance"),
                new Finding("i-b", "ci-b", "UpdateContainerAgent refused: something else")));

        AlertPolicy.Plan plan = plan(request);

        Memory.CannotUpdate said = plan.ifDelivered().cannotUpdate();
        assertThat(said.instances()).containsExactly("ci-anywhere", "i-a", "i-w1", "i-w2");
        assertThat(said.count()).isEqualTo(4);
        assertThat(said.hash()).isEqualTo(AlertPolicy.hash(List.of("ci-anywhere", "i-a", "i-w1", "i-w2",
                TWO_CANNOT.hash())));
        assertThat(said.alertedCount()).isEqualTo(4);
        assertThat(said.firstSeen()).isEqualTo(NOW);
        assertThat(plan.ifNotDelivered().cannotUpdate().alertedCount()).isZero();
        assertThat(plan.alert().details()).isEqualTo("4 instance(s) run an agent behind the recommended one that "
                + "ecstatic cannot update (Windows, arm64, Bottlerocket, ECS Anywhere, or no update path): replace them with the "
                + "current AMI");
        assertThat(plan.alert().instances()).extracting(InstanceRef::label)
                .containsExactly("ci-anywhere", "i-a", "i-w1", "i-w2");
    }

    @Test
    void cannotUpdate_listsAtMost20_andCountsAll() {
        ProblemSet twenty = new ProblemSet(NotificationKind.CANNOT_UPDATE, 25, "h25",
                IntStream.rangeClosed(10, 29).mapToObj(i -> "i-" + i).toList());
        ProblemSet merged = AlertPolicy.cannotUpdateSet(twenty, AlertPolicy.noPath(ended(UpdateOutcome.NONE_UPDATABLE,
                1, 0, new Finding("i-00", "ci", "no update path: replace the instance"))));

        assertThat(merged.count()).isEqualTo(26);
        assertThat(merged.instances()).hasSize(20).startsWith("i-00", "i-10").isSorted();
        assertThat(AlertPolicy.cannotUpdateSet(twenty, AlertPolicy.noPath(ended(UpdateOutcome.UP_TO_DATE, 1, 0))))
                .isSameAs(twenty);
    }

    @Test
    void cannotUpdate_thatGrew_saysFromWhat_andShrinkingFollowsDownQuietly() {
        AlertPolicy.Plan grew = plan(after(withCannotUpdate(HEALTHY, TWO_CANNOT)).memory(memory(null, cannot(1, 1))));
        AlertPolicy.Plan shrank = plan(after(withCannotUpdate(HEALTHY, TWO_CANNOT)).memory(memory(null, cannot(3, 3))));

        assertThat(grew.alert().details()).contains("2 instance(s)", ", up from 1:");
        assertThat(grew.ifDelivered().cannotUpdate().firstSeen()).isEqualTo(NINE);
        assertThat(shrank.ifDelivered().cannotUpdate().alertedCount()).isEqualTo(2);
        assertThat(shrank.ifDelivered().cannotUpdate().count()).isEqualTo(2);
    }

    @Test
    void cannotUpdate_goneThisRun_isForgotten_butKeptWhenNothingWasAssessed() {
        Memory before = memory(null, cannot(2, 2));

        assertThat(plan(after(HEALTHY).memory(before)).ifDelivered().cannotUpdate()).isNull();
        assertThat(plan(failedBefore("List instances", "States.Timeout", null).memory(before)).ifDelivered()
                .cannotUpdate()).isSameAs(before.cannotUpdate());
    }

    private static final String NO_PATH = "no update path: replace the instance";

    /** A run that walked the candidates and found these without an update path. */
    private static Req walkedAndFound(String... noPath) {
        Finding[] findings = List.of(noPath).stream().map(id -> new Finding(id, "ci-" + id, NO_PATH))
                .toArray(Finding[]::new);
        return after(update(refs(2))).update(ended(UpdateOutcome.NONE_UPDATABLE, noPath.length, 0, findings));
    }

    /** The alerts of consecutive runs, an hour apart, each delivered, from {@code start}. */
    private static List<NotificationKind> alertsOf(Memory start, Req... runs) {
        Memory memory = start;
        List<NotificationKind> alerts = new java.util.ArrayList<>();
        for (int i = 0; i < runs.length; i++) {
            AlertPolicy.Plan plan = plan(runs[i].memory(memory).at(java.time.Instant.parse(NOW)
                    .plus(Duration.ofHours(i)).toString()));
            if (plan.alert() != null) {
                alerts.add(plan.alert().kind());
            }
            memory = plan.memory(true);
        }
        return alerts;
    }

    static Stream<Arguments> runsThatDidNotWalkTheCandidates() {
        return Stream.of(
                Arguments.of("an update in progress", after(decision(DecisionKind.IN_PROGRESS, "1 updating", refs(1)))),
                Arguments.of("Update one agent found one in progress", after(update(refs(2)))
                        .update(ended(UpdateOutcome.IN_PROGRESS, 1, 0))),
                Arguments.of("blocked", after(DISCONNECTED)),
                Arguments.of("an update started on another candidate", after(update(refs(2)))
                        .update(started("i-1", "1.86.3")).started("i-1")),
                Arguments.of("deferred before Update one agent", after(update(refs(2)))),
                Arguments.of("deferred by Update one agent's hard stop", after(update(refs(2)))
                        .update(ended(UpdateOutcome.DEFERRED, 0, 0))),
                Arguments.of("outside the window", after(decision(DecisionKind.OUTSIDE_WINDOW, "outside", List.of()))),
                Arguments.of("a dry run", after(decision(DecisionKind.WOULD_UPDATE, "would update", refs(1)))),
                Arguments.of("a recheck", after(decision(DecisionKind.RECHECK, "1 disconnected", refs(1)))),
                Arguments.of("an error after the decision", after(update(refs(2)))
                        .failed("Update one agent", "Lambda.Unknown", null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runsThatDidNotWalkTheCandidates")
    void noUpdatePath_isSaidOnce_acrossARunThatDidNotWalkTheCandidates(String name, Req between) {
        // The fourth run: a RESOLVED of the problem in between may have gone first on the third.
        List<NotificationKind> alerts = alertsOf(null, walkedAndFound("i-x"), between, walkedAndFound("i-x"),
                walkedAndFound("i-x"));

        assertThat(alerts).filteredOn(k -> k == NotificationKind.CANNOT_UPDATE).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runsThatDidNotWalkTheCandidates")
    void noUpdatePath_isKeptWithItsCount_byARunThatDidNotWalkTheCandidates(String name, Req between) {
        Memory said = plan(walkedAndFound("i-x", "i-y")).memory(true);

        Memory.CannotUpdate kept = plan(between.memory(said)).memory(true).cannotUpdate();

        assertThat(kept.noPath()).containsExactly("i-x", "i-y");
        assertThat(kept.count()).isEqualTo(2);
        assertThat(kept.alertedCount()).isEqualTo(2);
        assertThat(kept.hash()).isEqualTo(said.cannotUpdate().hash());
    }

    @Test
    void noUpdatePath_shrinkSeenByARunThatWalked_lowersTheCount_andAGrowthIsSaidAgain() {
        Memory said = plan(walkedAndFound("i-x", "i-y")).memory(true);

        Memory shrunk = plan(walkedAndFound("i-x").memory(said)).memory(true);
        AlertPolicy.Plan grew = plan(walkedAndFound("i-x", "i-y").memory(
                plan(after(decision(DecisionKind.IN_PROGRESS, "1 updating", refs(1))).memory(shrunk)).memory(true)));

        assertThat(shrunk.cannotUpdate().alertedCount()).isEqualTo(1);
        assertThat(shrunk.cannotUpdate().noPath()).containsExactly("i-x");
        assertThat(grew.alert().kind()).isEqualTo(NotificationKind.CANNOT_UPDATE);
        assertThat(grew.alert().details()).contains("2 instance(s)", ", up from 1:");
    }

    @Test
    void noUpdatePath_goneWhenNoCandidateIsLeft_orAWalkFoundAllUpToDate() {
        Memory said = plan(walkedAndFound("i-x")).memory(true);

        assertThat(plan(after(HEALTHY).memory(said)).memory(true).cannotUpdate()).isNull();
        assertThat(plan(after(update(refs(2))).update(ended(UpdateOutcome.UP_TO_DATE, 2, 0)).memory(said)).memory(true)
                .cannotUpdate()).isNull();
    }

    @Test
    void unsupportedInstances_areReplacedEveryRun_whileTheNoPathOnesAreKept() {
        Memory said = plan(walkedAndFound("i-x").memory(memory(null))).memory(true);
        Decision inProgressWithTwo = withCannotUpdate(decision(DecisionKind.IN_PROGRESS, "1 updating", refs(1)),
                TWO_CANNOT);

        AlertPolicy.Plan plan = plan(after(inProgressWithTwo).memory(said));

        assertThat(plan.alert().kind()).isEqualTo(NotificationKind.CANNOT_UPDATE);
        assertThat(plan.memory(true).cannotUpdate().instances()).containsExactly("i-w1", "i-w2", "i-x");
        assertThat(plan.memory(true).cannotUpdate().noPath()).containsExactly("i-x");
        assertThat(plan.alert().details()).contains("3 instance(s)", "up from 1");
    }

    @Test
    void cannotUpdate_notSaidBecauseAProblemCameFirst_isSaidNextRun() {
        AlertPolicy.Plan first = plan(after(withCannotUpdate(DISCONNECTED, TWO_CANNOT)));
        Memory afterFirst = first.memory(true);

        AlertPolicy.Plan second = plan(after(withCannotUpdate(DISCONNECTED, TWO_CANNOT)).memory(afterFirst)
                .at("2026-01-05T15:10:00Z"));

        assertThat(first.alert().kind()).isEqualTo(NotificationKind.AGENTS_DISCONNECTED);
        assertThat(afterFirst.cannotUpdate().alertedCount()).as("left pending").isZero();
        assertThat(second.alert().kind()).isEqualTo(NotificationKind.CANNOT_UPDATE);
        assertThat(second.ifDelivered().cannotUpdate().alertedCount()).isEqualTo(2);
        assertThat(second.ifDelivered().problem().runs()).isEqualTo(2);
    }

    @Test
    void updates_areTheDecisionsUnderWayPlusTheOnesStarted() {
        Decision assessed = withUnderWay(update(refs(3)), Map.of("i-9", NINE, "i-1", NINE));
        Memory before = new Memory(1, null, Map.of("i-old", NINE), null, Outcome.STARTED, NINE, 3);

        Memory after = plan(after(assessed).update(started("i-2", "1.86.3")).started("i-1", "i-2").memory(before))
                .memory(true);
        Memory unassessed = plan(failedBefore("List instances", "States.Timeout", null).memory(before)).memory(true);

        assertThat(after.updates()).isEqualTo(Map.of("i-9", NINE, "i-1", NINE, "i-2", NOW));
        assertThat(unassessed.updates()).isEqualTo(Map.of("i-old", NINE));
    }

    @Test
    void everyConcludedRun_isCountedWithItsOutcomeAndTime() {
        Memory after = plan(after(HEALTHY).memory(memory(null))).memory(true);
        Memory first = plan(after(HEALTHY)).memory(true);

        assertThat(after).isEqualTo(new Memory(1, null, Map.of(), null, Outcome.NOTHING_TO_DO, NOW, 13));
        assertThat(first).isEqualTo(new Memory(1, null, Map.of(), null, Outcome.NOTHING_TO_DO, NOW, 1));
    }

    @Test
    void skipped_leavesTheMemoryAsItWas() {
        Memory before = memory(open(NotificationKind.AGENTS_DISCONNECTED, DISCONNECTED_HASH, null));

        AlertPolicy.Plan held = plan(skipped(new Lease("arn:x:execution:sm:other", 1L, false)).memory(before));
        AlertPolicy.Plan lostAfterAnUpdate = plan(after(update(refs(2))).update(started("i-1", "1.86.3")).started("i-1")
                .lease(new Lease(null, null, true)).memory(before));
        AlertPolicy.Plan nothingRemembered = plan(skipped(new Lease(null, null, false)));

        assertThat(held.alert()).isNull();
        assertThat(held.memory(true)).isSameAs(before);
        assertThat(lostAfterAnUpdate.alert()).isNull();
        assertThat(lostAfterAnUpdate.memory(true)).isSameAs(before);
        assertThat(nothingRemembered.memory(true)).isEqualTo(Memory.empty());
    }

    @Test
    void blockedWithoutAProblemSet_isComparedByItsInstances() {
        Decision bare = new Decision(DecisionKind.BLOCKED, REASON, NotificationKind.AGENTS_DISCONNECTED,
                List.of(ref("i-2"), ref("i-1")), List.of());

        Memory.Problem problem = plan(after(bare)).ifNotDelivered().problem();

        assertThat(problem.hash()).isEqualTo(DISCONNECTED_HASH);
        assertThat(problem.instances()).containsExactly("i-1", "i-2");
        assertThat(problem.count()).isEqualTo(2);
    }

    @Test
    void longDetail_isKeptTo200Characters_butAlertedWhole() {
        String reason = "disconnected ".repeat(30).strip();
        Decision decision = blocked(NotificationKind.AGENTS_DISCONNECTED, reason, "i-1");

        AlertPolicy.Plan plan = plan(after(decision));

        assertThat(plan.alert().details()).isEqualTo(reason);
        assertThat(plan.ifDelivered().problem().detail()).hasSizeLessThanOrEqualTo(200).endsWith("…");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0:0 min", "45:45 min", "60:1 h", "310:5 h 10 min", "1500:25 h"})
    void duration_inHoursAndMinutes(String minutesAndText) {
        String[] parts = minutesAndText.split(":");

        assertThat(AlertPolicy.duration(Duration.ofMinutes(Long.parseLong(parts[0])))).isEqualTo(parts[1]);
    }

    @Test
    void remindAfterHours_comesFromTheEnvironment_andABadValueSaysWhatToSet() {
        assertThat(ConcludeConfig.from(Map.of()).remindAfterHours()).isEqualTo(24);
        assertThat(ConcludeConfig.from(Map.of("ECSTATIC_REMIND_AFTER_HOURS", "0")).remindAfterHours()).isZero();
        assertThat(ConcludeConfig.from(Map.of("ECSTATIC_REMIND_AFTER_HOURS", "720")).remindAfterHours()).isEqualTo(720);
        for (String bad : List.of("-1", "721", "daily")) {
            assertThatThrownBy(() -> ConcludeConfig.from(Map.of("ECSTATIC_REMIND_AFTER_HOURS", bad)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("ECSTATIC_REMIND_AFTER_HOURS is '" + bad + "'")
                    .hasMessageContaining("0 to 720");
        }
    }

    @Test
    void badMemory_isRefusedWithTheFieldNamed() {
        assertThatThrownBy(() -> new Memory(2, null, Map.of(), null, null, null, 0))
                .hasMessageContaining("memory.version must be 1");
        assertThatThrownBy(() -> new Memory.Problem(NotificationKind.ERROR, 0, "h", List.of(), "d", "9 o'clock", 1, null))
                .hasMessageContaining("memory.problem.firstSeen is not an ISO-8601 instant");
        assertThatThrownBy(() -> new Memory.Problem(NotificationKind.RESOLVED, 0, "h", List.of(), "d", NINE, 1, null))
                .hasMessageContaining("memory.problem.kind must be");
    }

    private static ConcludeRequest silencedUntil(String until, String now, Memory memory, Decision decision,
                                                 Map<String, Integer> agents) {
        return new ConcludeRequest(new dev.ecstatic.functions.model.Cluster(Fixtures.PROD_WEB.name(),
                Fixtures.PROD_WEB.arn(), null, until), now, ConcludeFixtures.EXECUTION, false, 1, memory, null, decision,
                null, List.of(), null, null, false, false, 0, 0, agents);
    }

    private static AlertPolicy.Plan plan(ConcludeRequest request) {
        return AlertPolicy.plan(request, Outcomes.of(request), 24);
    }

    @Test
    void aSilencedCluster_holdsItsNewProblem_andRemembersItUnsaid() {
        AlertPolicy.Plan p = plan(silencedUntil("2026-01-06T00:00:00Z", NOW, null, DISCONNECTED, Map.of()));

        assertThat(p.alert()).isNull();
        assertThat(p.quiet()).contains("silenced until 2026-01-06T00:00:00Z", "AGENTS_DISCONNECTED held");
        assertThat(p.memory(true).problem().kind()).isEqualTo(NotificationKind.AGENTS_DISCONNECTED);
        assertThat(p.memory(true).problem().delivered()).as("held, not said").isFalse();
        assertThat(p.memory(true).silencedUntil()).isEqualTo("2026-01-06T00:00:00Z");
    }

    @Test
    void whenTheSilenceEnds_aProblemStillOpenIsAlerted() {
        Memory held = plan(silencedUntil("2026-01-06T00:00:00Z", NOW, null, DISCONNECTED, Map.of())).memory(true);

        AlertPolicy.Plan p = plan(silencedUntil("2026-01-06T00:00:00Z", "2026-01-06T00:00:00Z", held, DISCONNECTED,
                Map.of()));

        assertThat(p.alert().kind()).isEqualTo(NotificationKind.AGENTS_DISCONNECTED);
        assertThat(p.memory(true).problem().delivered()).isTrue();
        assertThat(p.memory(true).problem().firstSeen()).as("open since the silenced run").isEqualTo(NOW);
    }

    @Test
    void aSilencedCluster_holdsItsResolved_untilTheSilenceEnds() {
        Memory said = memory(open(NotificationKind.AGENTS_DISCONNECTED, DISCONNECTED_HASH, NINE));

        AlertPolicy.Plan silenced = plan(silencedUntil("2026-01-06T00:00:00Z", NOW, said, HEALTHY, Map.of()));
        AlertPolicy.Plan after = plan(silencedUntil("2026-01-06T00:00:00Z", "2026-01-06T01:00:00Z",
                silenced.memory(true), HEALTHY, Map.of()));

        assertThat(silenced.alert()).isNull();
        assertThat(silenced.memory(true).problem()).as("kept for its RESOLVED").isNotNull();
        assertThat(after.alert().kind()).isEqualTo(NotificationKind.RESOLVED);
        assertThat(after.memory(true).problem()).isNull();
    }

    @Test
    void aSilenceThatIsOver_orUnreadable_holdsNothing() {
        assertThat(plan(silencedUntil("2026-01-05T00:00:00Z", NOW, null, DISCONNECTED, Map.of())).alert()).isNotNull();
        assertThat(plan(silencedUntil("soon", NOW, null, DISCONNECTED, Map.of())).alert()).isNotNull();
    }

    @Test
    void theInventorysAgentVersionsAreRemembered_andKeptWhenARunSawNone() {
        Memory first = plan(silencedUntil(null, NOW, null, HEALTHY, Map.of("1.86.3", 2, "1.89.0", 1))).memory(true);
        Memory second = plan(new ConcludeRequest(Fixtures.PROD_WEB, "2026-01-05T15:10:00Z", ConcludeFixtures.EXECUTION,
                false, 1, first, null, null, null, List.of(), new Failure("States.Timeout", null), "List instances",
                false, false, 0, 0)).memory(true);

        assertThat(first.agents()).isEqualTo(Map.of("1.86.3", 2, "1.89.0", 1));
        assertThat(second.agents()).as("an error before the inventory keeps the last one").isEqualTo(first.agents());
    }
}
