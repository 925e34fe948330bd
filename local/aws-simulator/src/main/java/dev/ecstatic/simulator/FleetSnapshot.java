package dev.ecstatic.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The fleet as it stands at {@code takenAt} on the simulator's clock: per cluster and instance, the
 * agent version, agentUpdateStatus, agentConnected, status, AMI and tasks; per Auto Scaling group, its
 * capacity and instances.
 */
public record FleetSnapshot(Instant takenAt, List<ClusterState> clusters, List<GroupState> groups) {

    public FleetSnapshot {
        clusters = List.copyOf(clusters);
        groups = List.copyOf(groups);
    }

    public record ClusterState(String name, String arn, List<InstanceState> instances) {
        public ClusterState {
            instances = List.copyOf(instances);
        }
    }

    /**
     * @param agentUpdateStatus null when the agent has never been updated (ECS omits the field then)
     * @param autoScalingGroup  the instance's group, null outside any
     * @param runningTasks      tasks RUNNING on it
     * @param pendingTasks      tasks PENDING on it
     * @param platform          {@code <os>/<architecture>} as the instance's ECS attributes say them
     *                          ({@code linux/x86_64}, {@code windows/x86_64}, {@code linux/arm64}), a
     *                          Bottlerocket host {@code bottlerocket/<architecture>}: the functions' own form
     */
    public record InstanceState(
            String containerInstanceId,
            String containerInstanceArn,
            String ec2InstanceId,
            String agentVersion,
            String agentUpdateStatus,
            boolean connected,
            String status,
            String amiId,
            String autoScalingGroup,
            int runningTasks,
            int pendingTasks,
            String platform) {
    }

    /** An Auto Scaling group: its sizes and its instances (launching, in service, terminating). */
    public record GroupState(String name, String cluster, int minSize, int maxSize, int desiredCapacity,
            List<GroupInstance> instances) {
        public GroupState {
            instances = List.copyOf(instances);
        }

        /** Instances InService and Healthy. */
        public long healthyInService() {
            return instances.stream()
                    .filter(i -> i.lifecycleState().equals("InService") && i.healthStatus().equals("Healthy"))
                    .count();
        }
    }

    public record GroupInstance(String instanceId, String lifecycleState, String healthStatus, String amiId,
            boolean protectedFromScaleIn) {
    }

    /**
     * Number of registered instances (every status but INACTIVE) per agent version, across all clusters,
     * sorted by version text. Deregistered instances (replaced, terminated) are not counted.
     */
    public Map<String, Long> agentVersionCounts() {
        return count(InstanceState::agentVersion);
    }

    /**
     * Number of registered instances per agentUpdateStatus; agents never updated count under {@code "NONE"}.
     */
    public Map<String, Long> updateStatusCounts() {
        return count(i -> i.agentUpdateStatus() == null ? "NONE" : i.agentUpdateStatus());
    }

    /** Number of registered instances per AMI (ecs.ami-id); instances without one are not counted. */
    public Map<String, Long> amiCounts() {
        Map<String, Long> counts = count(i -> i.amiId() == null ? "" : i.amiId());
        counts.remove("");
        return counts;
    }

    private Map<String, Long> count(Function<InstanceState, String> key) {
        Map<String, Long> counts = new TreeMap<>();
        for (ClusterState c : clusters) {
            for (InstanceState i : c.instances()) {
                if (!i.status().equals("INACTIVE")) {
                    counts.merge(key.apply(i), 1L, Long::sum);
                }
            }
        }
        return counts;
    }
}
