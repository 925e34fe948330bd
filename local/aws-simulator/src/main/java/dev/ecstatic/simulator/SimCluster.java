package dev.ecstatic.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A cluster: its container instances in registration order, its tasks, and what its services still
 * have to place.
 */
final class SimCluster {

    /** A service task to start where there is room (its instance went away before a replacement ran). */
    record Unplaced(String service, String family, String startedBy, int cpu, int memory) {
    }

    final Fleet.ClusterSpec spec;
    final String arn;
    final List<SimInstance> instances = new ArrayList<>();
    final Map<String, SimInstance> byId = new LinkedHashMap<>();
    /** Tasks in creation order, stopped ones until an hour after they stopped. */
    final Map<String, SimTask> tasks = new LinkedHashMap<>();
    /** Service tasks on DRAINING instances waiting for room for their replacement, in drain order. */
    final List<SimTask> awaitingReplacement = new ArrayList<>();
    /** Service tasks with no instance yet, in order. */
    final List<Unplaced> unplaced = new ArrayList<>();
    /** Services that have had tasks in the cluster. */
    final Set<String> services = new LinkedHashSet<>();
    /** The next instance position: ids of instances launched later continue the fleet file's numbering. */
    int nextInstanceSerial;
    int nextTaskSerial;

    SimCluster(Fleet.ClusterSpec spec, String arn) {
        this.spec = spec;
        this.arn = arn;
    }

    String name() {
        return spec.name();
    }

    void add(SimInstance instance) {
        instances.add(instance);
        byId.put(instance.id, instance);
    }
}
