package dev.ecstatic.simulator;

import dev.ecstatic.simulator.Fleet.AmiSpec;
import dev.ecstatic.simulator.Fleet.InstanceSpec;
import dev.ecstatic.simulator.Fleet.LaunchTemplateSpec;
import dev.ecstatic.simulator.Fleet.TemplateVersion;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The fleet's changing state with stable generated identities: clusters and container instances, EC2
 * instances, Auto Scaling groups, tasks, and the events due on the simulator's clock. Callers hold its
 * lock and {@link #advanceTo} the request's time before reading or changing anything.
 */
final class SimFleet {

    private static final String[] ZONES = {"a", "b", "c"};

    final Fleet fleet;
    final String partition;
    final Instant start;
    final Map<String, SimCluster> clusters = new LinkedHashMap<>();
    /** Every EC2 instance by id, in launch order; terminated ones stay an hour, as EC2 shows them. */
    final Map<String, SimEc2Instance> ec2 = new LinkedHashMap<>();
    final Map<String, SimGroup> groups = new LinkedHashMap<>();
    final PublicParameters parameters;
    final Timeline timeline = new Timeline();
    final TaskScheduler tasks = new TaskScheduler(this);
    final GroupLifecycle lifecycle = new GroupLifecycle(this);
    private final Map<String, AmiSpec> amis = new LinkedHashMap<>();
    /** Every agent update UpdateContainerAgent accepted, in order (the record a test checks the lease against). */
    final List<AwsSimulator.UpdateStarted> updatesStarted = new java.util.ArrayList<>();
    /** Every drain, undrain, termination and launched instance's registration, in order ({@link AwsSimulator#instanceEvents}). */
    final List<AwsSimulator.InstanceEvent> instanceEvents = new java.util.ArrayList<>();

    SimFleet(Fleet fleet, Instant start) {
        this.fleet = fleet;
        this.start = start;
        this.partition = partitionOf(fleet.region());
        this.parameters = new PublicParameters(fleet.recommended());
        fleet.amis().forEach(a -> amis.put(a.id(), a));
        for (Fleet.ClusterSpec c : fleet.clusters()) {
            SimCluster cluster = new SimCluster(c, arnPrefix() + "cluster/" + c.name());
            clusters.put(c.name(), cluster);
            for (InstanceSpec spec : c.instances()) {
                for (int k = 0; k < spec.count(); k++) {
                    addInitial(cluster, spec, null);
                }
            }
            for (Fleet.GroupSpec g : c.autoScalingGroups()) {
                SimGroup group = new SimGroup(g, cluster, groupArn(g.name()),
                        start.minus(Duration.ofDays(120)).truncatedTo(ChronoUnit.SECONDS));
                groups.put(g.name(), group);
                addHistory(group);
                for (InstanceSpec spec : g.instances()) {
                    for (int k = 0; k < spec.count(); k++) {
                        addInitial(cluster, spec, group);
                    }
                }
            }
        }
        // Instances DRAINING from the start move their service tasks as any other drain does.
        for (SimCluster c : clusters.values()) {
            for (SimInstance i : c.instances) {
                if (i.status().equals("DRAINING")) {
                    tasks.drain(i, start);
                }
            }
        }
    }

    /** A container instance of the fleet file, with its EC2 instance (unless external or gone) and tasks. */
    private void addInitial(SimCluster cluster, InstanceSpec spec, SimGroup group) {
        int serial = cluster.nextInstanceSerial++;
        String key = fleet.seed() + "|" + cluster.name() + "|" + serial;
        String id = Hashing.hex("container-instance|" + key, 32);
        String ec2Id = (spec.external() ? "mi-" : "i-") + Hashing.hex("ec2|" + key, 17);
        long h = Hashing.mix(fleet.seed(), id.hashCode(), serial);
        String zone = fleet.region() + ZONES[(int) Math.floorMod(h, 3L)];
        // Registered some hours to 90 days before the simulator started, stable per seed.
        Instant registered = start.minus(Duration.ofMinutes(60 + Math.floorMod(h >>> 8, 90L * 24 * 60)))
                .truncatedTo(ChronoUnit.SECONDS);
        SimInstance instance = new SimInstance(cluster, spec, id, arnPrefix() + "container-instance/" + cluster.name()
                + "/" + id, ec2Id, zone, registered, h);
        instance.resumeInitialUpdate(start, fleet.updateSeconds());
        cluster.add(instance);
        if (!spec.external() && !spec.status().equals("INACTIVE")) {
            Fleet.Membership m = spec.membership();
            SimEc2Instance.LaunchedFrom from = m == null ? null : new SimEc2Instance.LaunchedFrom(
                    fleet.launchTemplate(m.templateName()).orElseThrow().id(), m.templateName(),
                    m.launchTemplateVersion(), m.versionNumber(), m.imageFromOverride());
            SimEc2Instance e = new SimEc2Instance(ec2Id, serial, spec.instanceType(), spec.amiId(), spec.os(),
                    spec.arch(), zone, registered.minusSeconds(60), "running", group, from);
            e.container = instance;
            instance.ec2 = e;
            ec2.put(ec2Id, e);
            if (group != null) {
                e.protectedFromScaleIn = m.protectedFromScaleIn();
                e.lifecycleState = m.lifecycleState();
                e.healthStatus = m.healthStatus();
                group.instances.add(e);
            }
        }
        for (Fleet.TaskSpec t : spec.tasks()) {
            for (int k = 0; k < t.count(); k++) {
                tasks.startInitial(instance, t, registered.plusSeconds(60));
            }
        }
    }

    /** The group's scaling activities and instance refreshes from the fleet file. */
    private void addHistory(SimGroup group) {
        for (Fleet.ActivitySpec a : group.spec.scalingActivities()) {
            Instant began = start.minusSeconds(a.startedSecondsAgo());
            boolean inProgress = a.statusCode().equals("InProgress");
            Instant ended = inProgress
                    ? (a.endsAfterSeconds() > 0 ? start.plusSeconds(a.endsAfterSeconds()) : null)
                    : began.plusSeconds(Math.min(60, a.startedSecondsAgo()));
            group.activities.add(new SimGroup.Activity(group.nextActivityId(fleet.seed()), a.description(), a.cause(),
                    began, ended, inProgress ? "Successful" : a.statusCode(), "{}"));
        }
        int n = 0;
        for (Fleet.RefreshSpec r : group.spec.instanceRefreshes()) {
            Instant began = start.minusSeconds(r.startedSecondsAgo());
            boolean inProgress = GroupParser.REFRESHES_IN_PROGRESS.contains(r.status());
            Instant ended = inProgress
                    ? (r.endsAfterSeconds() > 0 ? start.plusSeconds(r.endsAfterSeconds()) : null)
                    : began.plusSeconds(Math.min(600, r.startedSecondsAgo()));
            String finalStatus = switch (r.status()) {
                case "Cancelling" -> "Cancelled";
                case "RollbackInProgress" -> "RollbackSuccessful";
                case "Pending", "InProgress", "Baking" -> "Successful";
                default -> r.status();
            };
            String id = new UUID(Hashing.mix(fleet.seed(), group.name().hashCode(), n, 9),
                    Hashing.mix(fleet.seed(), group.name().hashCode(), n, 10)).toString();
            n++;
            group.refreshes.add(new SimGroup.Refresh(id, r.status(), finalStatus, r.percentageComplete(),
                    r.instancesToUpdate(), began, ended));
        }
    }

    /** Runs every event due by {@code now}: call before reading or changing the fleet at {@code now}. */
    void advanceTo(Instant now) {
        timeline.advanceTo(now);
    }

    /** A new EC2 instance launched into a group (pending), numbered after the cluster's others. */
    SimEc2Instance newEc2Instance(SimCluster cluster, GroupLifecycle.Plan plan, AmiSpec ami, String zone, Instant at,
            SimGroup group) {
        int serial = cluster.nextInstanceSerial++;
        String id = "i-" + Hashing.hex("ec2|" + fleet.seed() + "|" + cluster.name() + "|" + serial, 17);
        SimEc2Instance e = new SimEc2Instance(id, serial, plan.instanceType(), ami.id(), ami.platform(),
                ami.architecture(), zone, at, "pending", group, new SimEc2Instance.LaunchedFrom(plan.template().id(),
                plan.template().name(), plan.version(), plan.versionNumber(), plan.imageFromOverride()));
        ec2.put(id, e);
        return e;
    }

    /**
     * The instance's container instance registers at {@code at}: ACTIVE, connected, with the agent and Docker
     * of its AMI (an agent on Bottlerocket is updated with the OS, never by ECS).
     */
    void register(SimEc2Instance e, AmiSpec ami, Instant at) {
        SimCluster cluster = e.group.cluster;
        String key = fleet.seed() + "|" + cluster.name() + "|" + e.serial;
        String id = Hashing.hex("container-instance|" + key, 32);
        long h = Hashing.mix(fleet.seed(), id.hashCode(), e.serial);
        InstanceSpec spec = new InstanceSpec(1, ami.agentVersion(), ami.dockerVersion(), ami.platform(),
                ami.architecture(), ami.id(), "ACTIVE", true, null, Map.of(), false, false, false, false, null,
                e.instanceType, 0, null, List.of(), null);
        SimInstance instance = new SimInstance(cluster, spec, id, arnPrefix() + "container-instance/" + cluster.name()
                + "/" + id, e.id, e.availabilityZone, at, h);
        instance.resumeInitialUpdate(start, fleet.updateSeconds());
        instance.ec2 = e;
        e.container = instance;
        cluster.add(instance);
        instanceEvents.add(new AwsSimulator.Registered(at, cluster.name(), e.group.name(), e.id, instance.arn, ami.id(),
                ami.agentVersion()));
        tasks.place(cluster, at);
    }

    Optional<AmiSpec> ami(String id) {
        return Optional.ofNullable(amis.get(id));
    }

    /** Whether the launch template version exists at {@code now} (it may be created during the run). */
    boolean exists(TemplateVersion v, Instant now) {
        return !start.plusSeconds(v.createdAfterSeconds()).isAfter(now);
    }

    /**
     * When a version was created: later ones when the fleet file says; the others a week apart before the
     * start, the last a week before it.
     */
    Instant created(LaunchTemplateSpec template, TemplateVersion v) {
        if (v.createdAfterSeconds() > 0) {
            return start.plusSeconds(v.createdAfterSeconds());
        }
        long atStart = template.versions().stream().filter(x -> x.createdAfterSeconds() == 0).count();
        return start.minus(Duration.ofDays(7 * (atStart - v.number() + 1))).truncatedTo(ChronoUnit.SECONDS);
    }

    /** EC2 shows a terminated instance for about an hour after it terminated. */
    boolean visible(SimEc2Instance e, Instant now) {
        return e.terminatedAt == null || now.isBefore(e.terminatedAt.plus(Duration.ofHours(1)));
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

    private String groupArn(String name) {
        UUID uuid = new UUID(Hashing.mix(fleet.seed(), name.hashCode(), 11), Hashing.mix(fleet.seed(), name.hashCode(), 12));
        return "arn:" + partition + ":autoscaling:" + fleet.region() + ":" + fleet.accountId() + ":autoScalingGroup:"
                + uuid + ":autoScalingGroupName/" + name;
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

    /** As ECS's attributes describe the instance (EcsApi) and the functions' Classifier reads them. */
    private String platform(SimInstance i) {
        boolean bottlerocket = !i.spec.external() && i.spec.amiId() != null
                && ami(i.spec.amiId()).filter(AmiSpec::bottlerocket).isPresent();
        return (bottlerocket ? "bottlerocket" : i.spec.os()) + "/" + i.spec.arch();
    }

    FleetSnapshot snapshot(Instant now) {
        List<FleetSnapshot.ClusterState> result = new ArrayList<>();
        for (SimCluster c : clusters.values()) {
            List<FleetSnapshot.InstanceState> instances = new ArrayList<>();
            for (SimInstance i : c.instances) {
                instances.add(new FleetSnapshot.InstanceState(i.id, i.arn, i.ec2InstanceId, i.agentVersion(now, fleet),
                        i.updateStatus(now, fleet), i.connected(now, fleet), i.status(), i.spec.amiId(),
                        i.ec2 == null || i.ec2.group == null ? null : i.ec2.group.name(), (int) i.tasksIn("RUNNING"),
                        (int) i.tasksIn("PENDING"), platform(i)));
            }
            result.add(new FleetSnapshot.ClusterState(c.name(), c.arn, instances));
        }
        List<FleetSnapshot.GroupState> groupStates = new ArrayList<>();
        for (SimGroup g : groups.values()) {
            groupStates.add(new FleetSnapshot.GroupState(g.name(), g.cluster.name(), g.spec.minSize(), g.spec.maxSize(),
                    g.desiredCapacity, g.instances.stream().map(e -> new FleetSnapshot.GroupInstance(e.id,
                            e.lifecycleState, e.healthStatus, e.amiId, e.protectedFromScaleIn)).toList()));
        }
        return new FleetSnapshot(now, result, groupStates);
    }
}
