package dev.ecstatic.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A cluster and its instances in fleet-file order. */
final class SimCluster {

    final Fleet.ClusterSpec spec;
    final String arn;
    final List<SimInstance> instances = new ArrayList<>();
    final Map<String, SimInstance> byId = new LinkedHashMap<>();

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
