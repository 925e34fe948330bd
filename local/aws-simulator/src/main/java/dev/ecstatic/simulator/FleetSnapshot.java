package dev.ecstatic.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The fleet as it stands at {@code takenAt} on the simulator's clock: per cluster and instance,
 * the agent version, agentUpdateStatus, agentConnected and status.
 */
public record FleetSnapshot(Instant takenAt, List<ClusterState> clusters) {

    public FleetSnapshot {
        clusters = List.copyOf(clusters);
    }

    public record ClusterState(String name, String arn, List<InstanceState> instances) {
        public ClusterState {
            instances = List.copyOf(instances);
        }
    }

    /**
     * @param agentUpdateStatus null when the agent has never been updated (ECS omits the field then)
     */
    public record InstanceState(
            String containerInstanceId,
            String containerInstanceArn,
            String ec2InstanceId,
            String agentVersion,
            String agentUpdateStatus,
            boolean connected,
            String status) {
    }

    /** Number of instances per agent version, across all clusters, sorted by version text. */
    public Map<String, Long> agentVersionCounts() {
        return count(InstanceState::agentVersion);
    }

    /** Number of instances per agentUpdateStatus; agents never updated count under {@code "NONE"}. */
    public Map<String, Long> updateStatusCounts() {
        return count(i -> i.agentUpdateStatus() == null ? "NONE" : i.agentUpdateStatus());
    }

    private Map<String, Long> count(Function<InstanceState, String> key) {
        Map<String, Long> counts = new TreeMap<>();
        for (ClusterState c : clusters) {
            for (InstanceState i : c.instances()) {
                counts.merge(key.apply(i), 1L, Long::sum);
            }
        }
        return counts;
    }
}
