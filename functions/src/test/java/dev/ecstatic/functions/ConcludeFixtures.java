package dev.ecstatic.functions;

import static dev.ecstatic.functions.Fixtures.PROD_WEB;

import dev.ecstatic.functions.model.ConcludeRequest;
import dev.ecstatic.functions.model.Decision;
import dev.ecstatic.functions.model.DecisionKind;
import dev.ecstatic.functions.model.Failure;
import dev.ecstatic.functions.model.Finding;
import dev.ecstatic.functions.model.InstanceRef;
import dev.ecstatic.functions.model.Lease;
import dev.ecstatic.functions.model.Memory;
import dev.ecstatic.functions.model.NotificationKind;
import dev.ecstatic.functions.model.ProblemSet;
import dev.ecstatic.functions.model.UpdateOneAgentResponse;
import dev.ecstatic.functions.model.UpdateOutcome;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Conclude requests for the tables of OutcomesTest, AlertPolicyTest and ConcludeHandlerTest. */
final class ConcludeFixtures {
    static final String NOW = "2026-01-05T14:10:00Z";
    static final String EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:ecstatic/Cluster:run-7";

    private ConcludeFixtures() {
    }

    /** A request built step by step, as the branch would have ended. */
    record Req(Memory memory, Lease lease, Decision decision, UpdateOneAgentResponse update, List<String> started,
               Failure failure, String failedStep, boolean stillUpdating, boolean historySpent, int notificationsFailed,
               int retryCount, String now) {
        ConcludeRequest build() {
            return new ConcludeRequest(PROD_WEB, now, EXECUTION, false, 1, memory, lease, decision, update, started,
                    failure, failedStep, stillUpdating, historySpent, notificationsFailed, retryCount);
        }

        Req memory(Memory m) {
            return new Req(m, lease, decision, update, started, failure, failedStep, stillUpdating, historySpent,
                    notificationsFailed, retryCount, now);
        }

        Req lease(Lease l) {
            return new Req(memory, l, decision, update, started, failure, failedStep, stillUpdating, historySpent,
                    notificationsFailed, retryCount, now);
        }

        Req update(UpdateOneAgentResponse u) {
            return new Req(memory, lease, decision, u, started, failure, failedStep, stillUpdating, historySpent,
                    notificationsFailed, retryCount, now);
        }

        Req started(String... ids) {
            return new Req(memory, lease, decision, update, List.of(ids), failure, failedStep, stillUpdating,
                    historySpent, notificationsFailed, retryCount, now);
        }

        Req failed(String step, String error, String cause) {
            return new Req(memory, lease, decision, update, started, new Failure(error, cause), step, stillUpdating,
                    historySpent, notificationsFailed, retryCount, now);
        }

        Req stillRunningAtTheDeadline() {
            return new Req(memory, lease, decision, update, started, failure, failedStep, true, historySpent,
                    notificationsFailed, retryCount, now);
        }

        Req historyBudgetSpent() {
            return new Req(memory, lease, decision, update, started, failure, failedStep, stillUpdating, true,
                    notificationsFailed, retryCount, now);
        }

        Req notificationsFailed(int n) {
            return new Req(memory, lease, decision, update, started, failure, failedStep, stillUpdating, historySpent,
                    n, retryCount, now);
        }

        Req retryCount(int n) {
            return new Req(memory, lease, decision, update, started, failure, failedStep, stillUpdating, historySpent,
                    notificationsFailed, n, now);
        }

        Req at(String instant) {
            return new Req(memory, lease, decision, update, started, failure, failedStep, stillUpdating, historySpent,
                    notificationsFailed, retryCount, instant);
        }
    }

    static Req after(Decision decision) {
        return new Req(null, null, decision, null, List.of(), null, null, false, false, 0, 0, NOW);
    }

    /** A branch that failed before Assess health decided. */
    static Req failedBefore(String step, String error, String cause) {
        return after(null).failed(step, error, cause);
    }

    static Req skipped(Lease lease) {
        return after(null).lease(lease);
    }

    static InstanceRef ref(String ec2) {
        return new InstanceRef("ci-" + ec2, ec2, "1.86.3", "linux/x86_64", null);
    }

    static List<InstanceRef> refs(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> ref("i-" + i)).toList();
    }

    static Decision decision(DecisionKind kind, String reason, List<InstanceRef> instances) {
        return new Decision(kind, reason, null, instances, List.of());
    }

    static Decision update(List<InstanceRef> candidates) {
        return new Decision(DecisionKind.UPDATE, "2 agent(s) behind the recommended 1.88.0", null, List.of(), candidates);
    }

    static Decision blocked(NotificationKind kind, String reason, String... ids) {
        List<InstanceRef> instances = List.of(ids).stream().map(ConcludeFixtures::ref).toList();
        List<String> sorted = List.of(ids).stream().sorted().toList();
        return new Decision(DecisionKind.BLOCKED, reason, kind, instances, List.of(),
                new ProblemSet(kind, ids.length, AlertPolicy.hash(sorted), sorted), Map.of(), null);
    }

    static Decision withCannotUpdate(Decision d, ProblemSet cannot) {
        return new Decision(d.decision(), d.reason(), d.alert(), d.instances(), d.candidates(), d.problem(),
                d.underWay(), cannot);
    }

    static Decision withUnderWay(Decision d, Map<String, String> underWay) {
        return new Decision(d.decision(), d.reason(), d.alert(), d.instances(), d.candidates(), d.problem(), underWay,
                d.cannotUpdate());
    }

    static UpdateOneAgentResponse started(String ec2, String from) {
        return new UpdateOneAgentResponse(UpdateOutcome.STARTED, ref(ec2), from, List.of(), 1, 0, null);
    }

    static UpdateOneAgentResponse unconfirmed(String ec2) {
        return new UpdateOneAgentResponse(UpdateOutcome.UNCONFIRMED, ref(ec2), "1.86.3", List.of(), 1, 0,
                "response lost");
    }

    static UpdateOneAgentResponse ended(UpdateOutcome outcome, int attempted, int skipped, Finding... findings) {
        return new UpdateOneAgentResponse(outcome, null, null, List.of(findings), attempted, skipped, null);
    }
}
