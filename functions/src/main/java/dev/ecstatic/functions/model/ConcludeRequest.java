package dev.ecstatic.functions.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * State "Conclude" (docs/memory.md): what the branch saw and did, and what the memory held. Exactly one
 * of these explains how the branch ended: {@code lease} (it did not hold the cluster's lease),
 * {@code failure} with {@code failedStep} (a step failed), or {@code decision} (Assess health decided,
 * possibly followed by {@code update}s). {@code started} lists the EC2 ids of the updates this branch
 * started; {@code historySpent} is the ASL's {@code $events + 160 > 20000}.
 *
 * <p>The replacement path (docs/replacement.md): {@code replacement} is the replacement under way when the
 * branch ended (null: none), {@code replaceSteps} the ReplaceInstance answers that ended a step of one in
 * this run: a refusal, an undone drain, a replacement done, timed out or come back with another AMI.
 * {@code started} also lists the instances whose replacement this branch started (one update each).
 * {@code amis}: the last inventory's AMI drift counts (absent: none read), for the record.
 */
public record ConcludeRequest(Cluster cluster, String now, String executionId, boolean dryRun,
                              int maxUpdatesPerCluster, Memory memory, Lease lease, Decision decision,
                              UpdateOneAgentResponse update, List<String> started, Failure failure, String failedStep,
                              boolean stillUpdating, boolean historySpent, int notificationsFailed, int retryCount,
                              Map<String, Integer> agents, Replacement replacement,
                              List<ReplaceInstanceResponse> replaceSteps, Map<AmiClass, Integer> amis) {
    /** At most this many replacement steps are reported: a run replaces at most 100 instances. */
    public static final int MAX_REPLACE_STEPS = 210;

    public ConcludeRequest {
        agents = Lists.copy(agents);
        replaceSteps = Lists.bounded(replaceSteps, MAX_REPLACE_STEPS, "replaceSteps");
        amis = Lists.copy(amis);
        Objects.requireNonNull(cluster, "cluster");
        Memory.instant(now, "now");
        started = Lists.copy(started);
        if (lease == null && failure == null && decision == null) {
            throw new IllegalArgumentException("Conclude needs a decision, a failure (with failedStep) or a lease: "
                    + "none was given");
        }
        if (notificationsFailed < 0 || retryCount < 0) {
            throw new IllegalArgumentException("notificationsFailed and retryCount must not be negative, were "
                    + notificationsFailed + " and " + retryCount);
        }
    }

    /** A request without the replacement path's fields. */
    public ConcludeRequest(Cluster cluster, String now, String executionId, boolean dryRun, int maxUpdatesPerCluster,
                           Memory memory, Lease lease, Decision decision, UpdateOneAgentResponse update,
                           List<String> started, Failure failure, String failedStep, boolean stillUpdating,
                           boolean historySpent, int notificationsFailed, int retryCount, Map<String, Integer> agents) {
        this(cluster, now, executionId, dryRun, maxUpdatesPerCluster, memory, lease, decision, update, started, failure,
                failedStep, stillUpdating, historySpent, notificationsFailed, retryCount, agents, null, List.of(), null);
    }

    /** A request without the inventory's agent versions (a branch that never listed its instances). */
    public ConcludeRequest(Cluster cluster, String now, String executionId, boolean dryRun, int maxUpdatesPerCluster,
                           Memory memory, Lease lease, Decision decision, UpdateOneAgentResponse update,
                           List<String> started, Failure failure, String failedStep, boolean stillUpdating,
                           boolean historySpent, int notificationsFailed, int retryCount) {
        this(cluster, now, executionId, dryRun, maxUpdatesPerCluster, memory, lease, decision, update, started, failure,
                failedStep, stillUpdating, historySpent, notificationsFailed, retryCount, Map.of());
    }
}
