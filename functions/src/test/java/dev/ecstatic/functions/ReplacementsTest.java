package dev.ecstatic.functions;

import static dev.ecstatic.functions.ConcludeFixtures.EXECUTION;
import static dev.ecstatic.functions.ConcludeFixtures.NOW;
import static dev.ecstatic.functions.ConcludeFixtures.after;
import static dev.ecstatic.functions.ConcludeFixtures.decision;
import static dev.ecstatic.functions.Fixtures.PROD_WEB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ecstatic.functions.model.ConcludeRequest;
import dev.ecstatic.functions.model.Decision;
import dev.ecstatic.functions.model.DecisionKind;
import dev.ecstatic.functions.model.InstanceClass;
import dev.ecstatic.functions.model.Memory;
import dev.ecstatic.functions.model.NewInstance;
import dev.ecstatic.functions.model.NotificationKind;
import dev.ecstatic.functions.model.Outcome;
import dev.ecstatic.functions.model.ReplaceInstanceResponse;
import dev.ecstatic.functions.model.ReplaceOutcome;
import dev.ecstatic.functions.model.ReplaceStep;
import dev.ecstatic.functions.model.Replacement;
import dev.ecstatic.functions.model.RunRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The outcomes and the memory of a run's replacement steps (docs/replacement.md). */
class ReplacementsTest {
    private static final String EARLIER = "arn:aws:states:us-east-1:123456789012:execution:ecstatic/Cluster:run-6";

    static Replacement replacement(String id, Replacement.Phase phase, String executionId) {
        return new Replacement(id, "ci-" + id, "arm-workers", "ami-old", "ami-new", "1.70.0", "linux/arm64",
                "m7g.large", "the agent API cannot update linux/arm64", phase, "2026-01-05T08:00:00Z",
                "2026-01-05T08:30:00Z", "2026-01-05T08:50:00Z", "mark", null,
                phase == Replacement.Phase.TERMINATING ? "2026-01-05T08:10:00Z" : null, executionId);
    }

    private static ReplaceInstanceResponse step(ReplaceStep step, ReplaceOutcome outcome, String id, String exec,
                                                String reason, String cause) {
        NewInstance created = outcome == ReplaceOutcome.REPLACED ? new NewInstance("i-new", "ci-new", "ami-new", "1.89.0")
                : outcome == ReplaceOutcome.UNEXPECTED_AMI ? new NewInstance("i-new", "ci-new", "ami-other", "1.88.0")
                : null;
        return new ReplaceInstanceResponse(step, outcome, reason, replacement(id, Replacement.Phase.DRAINING, exec), created, 3,
                cause, null);
    }

    private static final Decision REPLACE = new Decision(DecisionKind.REPLACE, "replacing i-arm", null,
            List.of(), List.of(), null, Map.of(), null, ReplacementChoiceTest.candidate("i-arm", InstanceClass.UNSUPPORTED));

    private static ConcludeRequest request(Decision decision, List<String> started, Replacement live,
                                           List<ReplaceInstanceResponse> steps, Memory memory) {
        ConcludeRequest base = after(decision).memory(memory).build();
        return new ConcludeRequest(PROD_WEB, NOW, EXECUTION, false, 1, memory, null, decision, null, started, null, null,
                false, false, 0, 0, Map.of(), live, steps, null);
    }

    static Stream<Arguments> outcomes() {
        ReplaceInstanceResponse replaced = step(ReplaceStep.CHECK_REPLACEMENT, ReplaceOutcome.REPLACED, "i-arm",
                EXECUTION, null, null);
        ReplaceInstanceResponse surprise = step(ReplaceStep.CHECK_REPLACEMENT, ReplaceOutcome.UNEXPECTED_AMI, "i-arm",
                EXECUTION, null, null);
        ReplaceInstanceResponse refused = step(ReplaceStep.DRAIN, ReplaceOutcome.REFUSED, "i-arm", EXECUTION,
                "MIN_CAPACITY: 1 healthy InService instance, MinSize 1: none may go", null);
        ReplaceInstanceResponse timedOutDrain = step(ReplaceStep.UNDRAIN, ReplaceOutcome.ACTIVE, "i-arm", EXECUTION,
                null, ReplaceInstanceResponse.DRAIN_TIMEOUT);
        ReplaceInstanceResponse leftover = step(ReplaceStep.UNDRAIN, ReplaceOutcome.ACTIVE, "i-arm", EARLIER, null,
                ReplaceInstanceResponse.EXECUTION_ENDED);
        ReplaceInstanceResponse timedOut = step(ReplaceStep.CHECK_REPLACEMENT, ReplaceOutcome.TIMED_OUT, "i-arm",
                EARLIER, null, null);
        Decision nothing = decision(DecisionKind.NOTHING_TO_DO, "no update candidates", List.of());
        return Stream.of(
                Arguments.of("terminated, waiting for the new instance", REPLACE, List.of("i-arm"),
                        replacement("i-arm", Replacement.Phase.TERMINATING, EXECUTION), List.of(),
                        Outcome.REPLACEMENT_STARTED, "i-arm terminated in arm-workers, waiting for its replacement"),
                Arguments.of("replaced in this run", nothing, List.of("i-arm"), null, List.of(replaced),
                        Outcome.REPLACED, "i-arm → i-new (agent 1.89.0)"),
                Arguments.of("replaced, another AMI", nothing, List.of("i-arm"), null, List.of(surprise),
                        Outcome.REPLACED, "unexpected AMI ami-other: i-arm → i-new (agent 1.88.0)"),
                Arguments.of("refused by a check", REPLACE, List.of(), null, List.of(refused), Outcome.REPLACE_REFUSED,
                        "i-arm: MIN_CAPACITY: 1 healthy InService instance, MinSize…"),
                Arguments.of("its drain timed out", REPLACE, List.of("i-arm"), null, List.of(timedOutDrain),
                        Outcome.REPLACE_REFUSED, "drain of i-arm timed out: ACTIVE again"),
                Arguments.of("an earlier run's drain undone: the decision's outcome", nothing, List.of(), null,
                        List.of(leftover), Outcome.NOTHING_TO_DO, "no update candidates"),
                Arguments.of("no new instance by the deadline", nothing, List.of(), null, List.of(timedOut),
                        Outcome.REPLACE_FAILED, "no instance replaced i-arm in arm-workers by the deadline"),
                Arguments.of("an earlier run's replacement under way", new Decision(DecisionKind.REPLACING,
                                "replacement of i-arm under way", null, List.of(), List.of()), List.of(),
                        replacement("i-arm", Replacement.Phase.TERMINATING, EARLIER), List.of(), Outcome.REPLACING,
                        "replacement of i-arm under way"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outcomes")
    void outcome(String name, Decision decision, List<String> started, Replacement live,
                 List<ReplaceInstanceResponse> steps, Outcome outcome, String detail) {
        RunRecord record = Outcomes.of(request(decision, started, live, steps, null));

        assertThat(record.outcome()).isEqualTo(outcome);
        assertThat(record.detail()).isEqualTo(detail);
    }

    @Test
    void drainTimeout_backsTheInstanceOffForADay_andExpiredBackOffsAreDropped() {
        Memory previous = new Memory(1, null, Map.of(), null, null, null, 3, Map.of(), null, null,
                Map.of("i-old", "2026-01-05T14:00:00Z", "i-later", "2026-01-06T00:00:00Z"), Map.of());
        ConcludeRequest request = request(REPLACE, List.of("i-arm"), null, List.of(step(ReplaceStep.UNDRAIN,
                ReplaceOutcome.ACTIVE, "i-arm", EXECUTION, null, ReplaceInstanceResponse.DRAIN_TIMEOUT)), previous);

        assertThat(Replacements.drainBackoff(previous, request, Instant.parse(NOW))).containsExactly(
                Map.entry("i-later", "2026-01-06T00:00:00Z"), Map.entry("i-arm", "2026-01-06T14:10:00Z"));
    }

    @Test
    void unexpectedAmi_stopsTheGroup_andConcludeRemembersIt() {
        ConcludeRequest request = request(decision(DecisionKind.NOTHING_TO_DO, "ok", List.of()), List.of("i-arm"), null,
                List.of(step(ReplaceStep.CHECK_REPLACEMENT, ReplaceOutcome.UNEXPECTED_AMI, "i-arm", EXECUTION, null,
                        null)), Memory.empty());

        AlertPolicy.Plan plan = AlertPolicy.plan(request, Outcomes.of(request), 24);

        assertThat(plan.ifDelivered().groupsStopped()).containsExactly(Map.entry("arm-workers",
                new Memory.StoppedGroup(NOW, "ami-new", "ami-other")));
        assertThat(plan.ifNotDelivered().groupsStopped()).containsKey("arm-workers");
    }

    @Test
    void replacingTheInstanceThatBlocks_keepsTheProblemOpen_andAnEarlierRunsReplacementKeepsItToo() {
        Decision blockedReplace = new Decision(DecisionKind.REPLACE, "replacing i-f", NotificationKind.UPDATE_FAILED,
                List.of(), List.of(), ProblemSets.of(NotificationKind.UPDATE_FAILED, List.of("i-f")), Map.of(), null,
                ReplacementChoiceTest.candidate("i-f", InstanceClass.UPDATE_FAILED));
        ConcludeRequest started = request(blockedReplace, List.of("i-f"),
                replacement("i-f", Replacement.Phase.TERMINATING, EXECUTION), List.of(), Memory.empty());

        AlertPolicy.Plan plan = AlertPolicy.plan(started, Outcomes.of(started), 24);

        assertThat(Outcomes.of(started).outcome()).isEqualTo(Outcome.REPLACEMENT_STARTED);
        assertThat(plan.alert()).isNotNull();
        assertThat(plan.alert().kind()).isEqualTo(NotificationKind.UPDATE_FAILED);
        assertThat(plan.ifDelivered().problem().kind()).isEqualTo(NotificationKind.UPDATE_FAILED);

        Memory open = plan.ifDelivered();
        ConcludeRequest later = request(new Decision(DecisionKind.REPLACING, "replacement of i-f under way", null,
                List.of(), List.of()), List.of(), replacement("i-f", Replacement.Phase.TERMINATING, EARLIER), List.of(), open);
        AlertPolicy.Plan next = AlertPolicy.plan(later, Outcomes.of(later), 24);

        assertThat(next.alert()).isNull();
        assertThat(next.ifDelivered().problem()).isEqualTo(open.problem());
    }

    static Stream<Arguments> announcements() {
        return Stream.of(
                Arguments.of(step(ReplaceStep.DRAIN, ReplaceOutcome.DRAINING, "i-arm", EXECUTION, null, null),
                        NotificationKind.REPLACEMENT_STARTED, "Draining i-arm (ami-old, agent 1.70.0) to replace it through"
                                + " its group arm-workers, which launches ami-new (the agent API cannot update"
                                + " linux/arm64). Its tasks move to other instances first; then it is terminated and the"
                                + " group launches its replacement"),
                Arguments.of(step(ReplaceStep.CHECK_DRAIN, ReplaceOutcome.DRAINING, "i-arm", EXECUTION, null, null),
                        null, null),
                Arguments.of(step(ReplaceStep.UNDRAIN, ReplaceOutcome.ACTIVE, "i-arm", EXECUTION, null,
                        ReplaceInstanceResponse.DRAIN_TIMEOUT), NotificationKind.DRAIN_TIMEOUT, "i-arm still ran 3 task(s)"
                        + " at the drain deadline: set ACTIVE again, not drained again for 24 h (tasks not started by a"
                        + " service never move: they must end first)"),
                Arguments.of(step(ReplaceStep.UNDRAIN, ReplaceOutcome.ACTIVE, "i-arm", EARLIER, null,
                        ReplaceInstanceResponse.EXECUTION_ENDED), NotificationKind.DRAIN_UNDONE,
                        "i-arm set ACTIVE again: the execution that drained it ended before replacing it"),
                Arguments.of(step(ReplaceStep.UNDRAIN, ReplaceOutcome.ACTIVE, "i-arm", EXECUTION, null,
                        ReplaceInstanceResponse.FAILURE), NotificationKind.DRAIN_UNDONE,
                        "i-arm set ACTIVE again: a step of its replacement failed"),
                Arguments.of(step(ReplaceStep.TERMINATE, ReplaceOutcome.REFUSED, "i-arm", EXECUTION,
                        "PROTECTED: scale-in protection", null), NotificationKind.DRAIN_UNDONE,
                        "Termination of i-arm refused after its drain: PROTECTED: scale-in protection"),
                Arguments.of(step(ReplaceStep.DRAIN, ReplaceOutcome.REFUSED, "i-arm", EXECUTION, "NO_ROOM: x", null),
                        null, null),
                Arguments.of(step(ReplaceStep.CHECK_REPLACEMENT, ReplaceOutcome.REPLACED, "i-arm", EXECUTION, null, null),
                        NotificationKind.REPLACED, "i-arm (ami-old, agent 1.70.0) replaced by i-new (ami-new, agent 1.89.0)"
                                + " in group arm-workers"),
                Arguments.of(step(ReplaceStep.CHECK_REPLACEMENT, ReplaceOutcome.UNEXPECTED_AMI, "i-arm", EXECUTION, null,
                        null), NotificationKind.UNEXPECTED_AMI, "i-arm (ami-old, agent 1.70.0) replaced by i-new running"
                        + " ami-other, not the expected ami-new: ecstatic replaces nothing more in group arm-workers until"
                        + " its launch template changes"),
                Arguments.of(step(ReplaceStep.CHECK_REPLACEMENT, ReplaceOutcome.WAITING, "i-arm", EXECUTION, null, null),
                        null, null));
    }

    @ParameterizedTest
    @MethodSource("announcements")
    void announcement(ReplaceInstanceResponse response, NotificationKind kind, String details) {
        ReplaceInstanceResponse.Announcement a = Replacements.announcement(response);

        assertThat(a == null ? null : a.kind()).isEqualTo(kind);
        assertThat(a == null ? null : a.details()).isEqualTo(details);
    }

    @Test
    void timedOutReplacement_saysWhenItWasTerminatedAndTheDeadline() {
        ReplaceInstanceResponse r = new ReplaceInstanceResponse(ReplaceStep.CHECK_REPLACEMENT, ReplaceOutcome.TIMED_OUT,
                null, replacement("i-arm", Replacement.Phase.TERMINATING, EARLIER), null, 0, null, null);

        assertThat(Replacements.announcement(r)).isEqualTo(new ReplaceInstanceResponse.Announcement(
                NotificationKind.REPLACE_TIMEOUT, "i-arm (ami-old, agent 1.70.0) was terminated at 2026-01-05T08:10:00Z"
                + " and no instance of group arm-workers registered in the cluster by 2026-01-05T08:50:00Z: look at the"
                + " group's scaling activities"));
    }

    @Test
    void theRecordCarriesTheClustersAmiDrift_onlyWhereAGroupIsBehindOrAhead() {
        ConcludeRequest request = new ConcludeRequest(PROD_WEB, NOW, EXECUTION, false, 1, null, null,
                decision(DecisionKind.NOTHING_TO_DO, "ok", List.of()), null, List.of(), null, null, false, false, 0, 0,
                Map.of(), null, List.of(), Map.of(dev.ecstatic.functions.model.AmiClass.AMI_CURRENT, 3,
                        dev.ecstatic.functions.model.AmiClass.BEHIND_ASG, 2, dev.ecstatic.functions.model.AmiClass.NOT_IN_ASG, 0));
        ConcludeRequest current = new ConcludeRequest(PROD_WEB, NOW, EXECUTION, false, 1, null, null,
                decision(DecisionKind.NOTHING_TO_DO, "ok", List.of()), null, List.of(), null, null, false, false, 0, 0,
                Map.of(), null, List.of(), Map.of(dev.ecstatic.functions.model.AmiClass.AMI_CURRENT, 3));

        assertThat(Outcomes.of(request).amis()).containsExactly(Map.entry(dev.ecstatic.functions.model.AmiClass.BEHIND_ASG, 2));
        assertThat(Outcomes.of(current).amis()).isNull();
        ConcludeRequest outside = new ConcludeRequest(PROD_WEB, NOW, EXECUTION, false, 1, null, null,
                decision(DecisionKind.NOTHING_TO_DO, "ok", List.of()), null, List.of(), null, null, false, false, 0, 0,
                Map.of(), null, List.of(), Map.of(dev.ecstatic.functions.model.AmiClass.NOT_IN_ASG, 4,
                        dev.ecstatic.functions.model.AmiClass.AMI_UNKNOWN, 1));
        assertThat(Outcomes.of(outside).amis()).as("nothing a group could change: as small as before").isNull();
        assertThat(Outcomes.of(request).withOneMoreFailedNotification().amis()).isEqualTo(Outcomes.of(request).amis());
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("MIN_CAPACITY: 1 healthy InService instance", true),
                Arguments.of("NO_ROOM: 2 service task(s) fit nowhere", true),
                Arguments.of("NOT_IN_GROUP: Auto Scaling does not list i-arm in arm-workers", true),
                Arguments.of("PROTECTED: scale-in protection", true),
                Arguments.of("SCALING_ACTIVITY: Launching a new EC2 instance", false),
                Arguments.of("INSTANCE_REFRESH: InProgress", false),
                Arguments.of("GROUP_CHANGED: the launch template changed", false),
                Arguments.of("PAST_HARD_STOP: the run's notAfter has passed", false),
                Arguments.of("NOT_ACTIVE: the container instance is DRAINING", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void lastingRefusals_backTheInstanceOffForADay_passingOnesDoNot(String reason, boolean backedOff) {
        ConcludeRequest request = request(REPLACE, List.of(), null, List.of(step(ReplaceStep.DRAIN,
                ReplaceOutcome.REFUSED, "i-arm", EXECUTION, reason, null)), Memory.empty());

        Map<String, String> backoff = Replacements.drainBackoff(Memory.empty(), request, Instant.parse(NOW));

        assertThat(backoff.containsKey("i-arm")).isEqualTo(backedOff);
    }
}
