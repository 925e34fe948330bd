package dev.ecstatic.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The fleet's clusters and instances with stable generated identities. Callers hold its lock. */
final class SimFleet {

    final Fleet fleet;
    final String partition;
    final Map<String, SimCluster> clusters = new LinkedHashMap<>();

    SimFleet(Fleet fleet, Instant start) {
        this.fleet = fleet;
        this.partition = partitionOf(fleet.region());
        String[] zones = {"a", "b", "c"};
        for (Fleet.ClusterSpec c : fleet.clusters()) {
            SimCluster cluster = new SimCluster(c, arnPrefix() + "cluster/" + c.name());
            int serial = 0;
            for (int g = 0; g < c.instances().size(); g++) {
                Fleet.InstanceSpec spec = c.instances().get(g);
                for (int k = 0; k < spec.count(); k++, serial++) {
                    String key = fleet.seed() + "|" + c.name() + "|" + serial;
                    String id = Hashing.hex("container-instance|" + key, 32);
                    String ec2 = (spec.external() ? "mi-" : "i-") + Hashing.hex("ec2|" + key, 17);
                    long h = Hashing.mix(fleet.seed(), id.hashCode(), serial);
                    String zone = fleet.region() + zones[(int) Math.floorMod(h, 3L)];
                    // Registered some hours to 90 days before the simulator started, stable per seed.
                    Instant registered = start.minus(Duration.ofMinutes(60 + Math.floorMod(h >>> 8, 90L * 24 * 60)))
                            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
                    SimInstance instance = new SimInstance(cluster, spec, id,
                            arnPrefix() + "container-instance/" + c.name() + "/" + id, ec2, zone, registered, h);
                    instance.resumeInitialUpdate(start, fleet.updateSeconds());
                    cluster.add(instance);
                }
            }
            clusters.put(c.name(), cluster);
        }
    }

    static String partitionOf(String region) {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        if (region.startsWith("us-gov-")) {
            return "aws-us-gov";
        }
        return "aws";
    }

    String arnPrefix() {
        return "arn:" + partition + ":ecs:" + fleet.region() + ":" + fleet.accountId() + ":";
    }

    /**
     * A cluster by short name or full ARN; an absent reference means the "default" cluster, as in
     * ECS. Empty when there is no such cluster here.
     */
    Optional<SimCluster> cluster(String ref) {
        String r = ref == null ? "default" : ref;
        if (r.startsWith("arn:")) {
            String prefix = arnPrefix() + "cluster/";
            if (!r.startsWith(prefix)) {
                return Optional.empty();
            }
            r = r.substring(prefix.length());
        }
        return Optional.ofNullable(clusters.get(r));
    }

    /** The ARN ECS reports for a cluster reference it cannot find (in DescribeClusters failures). */
    String clusterArnFor(String ref) {
        return ref.startsWith("arn:") ? ref : arnPrefix() + "cluster/" + ref;
    }

    /**
     * A container instance of the cluster by id or ARN (long format
     * {@code container-instance/<cluster>/<id>} or the old {@code container-instance/<id>}).
     */
    Optional<SimInstance> instance(SimCluster cluster, String ref) {
        String id = ref;
        if (ref.startsWith("arn:")) {
            String longPrefix = arnPrefix() + "container-instance/" + cluster.name() + "/";
            String oldPrefix = arnPrefix() + "container-instance/";
            if (ref.startsWith(longPrefix)) {
                id = ref.substring(longPrefix.length());
            } else if (ref.startsWith(oldPrefix) && !ref.substring(oldPrefix.length()).contains("/")) {
                id = ref.substring(oldPrefix.length());
            } else {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(cluster.byId.get(id));
    }

    String instanceArnFor(SimCluster cluster, String ref) {
        return ref.startsWith("arn:") ? ref : arnPrefix() + "container-instance/" + cluster.name() + "/" + ref;
    }

    FleetSnapshot snapshot(Instant now) {
        List<FleetSnapshot.ClusterState> result = new ArrayList<>();
        for (SimCluster c : clusters.values()) {
            List<FleetSnapshot.InstanceState> instances = new ArrayList<>();
            for (SimInstance i : c.instances) {
                instances.add(new FleetSnapshot.InstanceState(i.id, i.arn, i.ec2InstanceId, i.agentVersion(now, fleet),
                        i.updateStatus(now, fleet), i.connected(now, fleet), i.spec.status()));
            }
            result.add(new FleetSnapshot.ClusterState(c.name(), c.arn, instances));
        }
        return new FleetSnapshot(now, result);
    }
}
