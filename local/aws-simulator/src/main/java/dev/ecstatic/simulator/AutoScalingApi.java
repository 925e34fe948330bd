package dev.ecstatic.simulator;

import dev.ecstatic.simulator.Fleet.GroupSpec;
import dev.ecstatic.simulator.Fleet.LaunchTemplateSpec;
import dev.ecstatic.simulator.Fleet.OverrideSpec;
import dev.ecstatic.simulator.Fleet.TemplateRef;
import dev.ecstatic.simulator.QueryRequest.Filter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Auto Scaling actions ecstatic needs, in the AWS Query protocol with Auto Scaling's XML shapes
 * (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/): DescribeAutoScalingGroups,
 * DescribeAutoScalingInstances, DescribeScalingActivities, DescribeInstanceRefreshes and
 * TerminateInstanceInAutoScalingGroup. Callers hold the fleet's lock and have advanced it to {@code now}.
 */
final class AutoScalingApi {

    static final String VERSION = "2011-01-01";
    static final String NAMESPACE = "http://autoscaling.amazonaws.com/doc/2011-01-01/";
    static final Set<String> ACTIONS = Set.of("DescribeAutoScalingGroups", "DescribeAutoScalingInstances",
            "DescribeScalingActivities", "DescribeInstanceRefreshes", "TerminateInstanceInAutoScalingGroup");
    /** Auto Scaling answers activities and instance refreshes of the last six weeks. */
    private static final Duration HISTORY = Duration.ofDays(42);

    private final SimFleet sim;

    AutoScalingApi(SimFleet sim) {
        this.sim = sim;
    }

    static QueryError validation(String message) {
        return QueryError.of("ValidationError", message);
    }

    byte[] handle(String action, QueryRequest req, Instant now, String requestId) {
        XmlOut x = new XmlOut(action + "Response", NAMESPACE).open(action + "Result");
        switch (action) {
            case "DescribeAutoScalingGroups" -> describeGroups(req, x);
            case "DescribeAutoScalingInstances" -> describeInstances(req, x);
            case "DescribeScalingActivities" -> describeActivities(req, now, x);
            case "DescribeInstanceRefreshes" -> describeRefreshes(req, now, x);
            case "TerminateInstanceInAutoScalingGroup" -> terminate(req, now, x);
            default -> throw QueryError.of("InvalidAction", "Could not find operation " + action + " for version "
                    + VERSION);
        }
        x.close();
        x.open("ResponseMetadata").element("RequestId", requestId).close();
        return x.end();
    }

    // ---- DescribeAutoScalingGroups -----------------------------------------------------------------

    /**
     * Groups by {@code AutoScalingGroupNames} (unknown names are left out, no error) and tag filters
     * ({@code tag-key}, {@code tag-value}, {@code tag:<key>}), {@code MaxRecords} 1-100 (default 50), with
     * their instances unless {@code IncludeInstances} is false.
     */
    private void describeGroups(QueryRequest req, XmlOut x) {
        List<String> names = req.memberList("AutoScalingGroupNames");
        int max = maxRecords(req, 50, 100);
        boolean includeInstances = req.bool("IncludeInstances", true);
        if (names != null && names.size() > 100) {
            throw validation("The number of group names that may be passed in is limited to 100.");
        }
        List<Filter> filters = req.queryFilters();
        for (Filter f : filters) {
            if (!f.name().equals("tag-key") && !f.name().equals("tag-value") && !f.name().startsWith("tag:")) {
                throw validation("Filter type " + f.name() + " is not correct. Allowed Filter types are: tag-key, "
                        + "tag-value, tag:<key>");
            }
        }
        Set<String> wanted = names == null ? null : new LinkedHashSet<>(names);
        List<SimGroup> groups = sim.groups.values().stream()
                .filter(g -> wanted == null || wanted.contains(g.name()))
                .filter(g -> filters.stream().allMatch(f -> tagMatch(g.spec.tags(), f)))
                .toList();
        Ec2Api.Page<SimGroup> page = page(groups, max, req, "DescribeAutoScalingGroups");
        x.list("AutoScalingGroups", "member", page.items(), g -> group(x, g, includeInstances));
        x.element("NextToken", page.nextToken());
    }

    private static boolean tagMatch(Map<String, String> tags, Filter f) {
        if (f.name().equals("tag-key")) {
            return f.values().stream().anyMatch(tags::containsKey);
        }
        if (f.name().equals("tag-value")) {
            return f.values().stream().anyMatch(tags::containsValue);
        }
        String value = tags.get(f.name().substring(4));
        return value != null && f.values().contains(value);
    }

    private void group(XmlOut x, SimGroup g, boolean includeInstances) {
        GroupSpec spec = g.spec;
        x.element("AutoScalingGroupName", g.name());
        x.element("AutoScalingGroupARN", g.arn);
        if (spec.launchTemplate() != null) {
            x.open("LaunchTemplate");
            templateSpec(x, spec.launchTemplate());
            x.close();
        } else {
            x.open("MixedInstancesPolicy").open("LaunchTemplate");
            x.open("LaunchTemplateSpecification");
            templateSpec(x, spec.mixedInstancesPolicy().launchTemplate());
            x.close();
            x.list("Overrides", "member", spec.mixedInstancesPolicy().overrides(), o -> override(x, o));
            x.close();
            // Auto Scaling's defaults for a policy that sets no distribution: all On-Demand, in the overrides' order.
            x.open("InstancesDistribution").element("OnDemandAllocationStrategy", "prioritized")
                    .element("OnDemandBaseCapacity", 0).element("OnDemandPercentageAboveBaseCapacity", 100)
                    .element("SpotAllocationStrategy", "lowest-price").element("SpotInstancePools", 2).close();
            x.close();
        }
        x.element("MinSize", spec.minSize());
        x.element("MaxSize", spec.maxSize());
        x.element("DesiredCapacity", g.desiredCapacity);
        x.element("DefaultCooldown", 300);
        List<String> zones = zones();
        x.texts("AvailabilityZones", "member", zones);
        x.open("LoadBalancerNames").close();
        x.open("TargetGroupARNs").close();
        x.element("HealthCheckType", "EC2");
        x.element("HealthCheckGracePeriod", 300);
        if (includeInstances) {
            x.list("Instances", "member", g.instances, i -> {
                x.element("InstanceId", i.id);
                x.element("InstanceType", i.instanceType);
                x.element("AvailabilityZone", i.availabilityZone);
                x.element("LifecycleState", i.lifecycleState);
                // DescribeAutoScalingGroups spells health Healthy, DescribeAutoScalingInstances HEALTHY, as the
                // user guide's example outputs of the two show (e.g. "Temporarily remove instances from your
                // Auto Scaling group", https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-enter-exit-standby.html).
                x.element("HealthStatus", i.healthStatus);
                launchedFrom(x, i);
                x.element("ProtectedFromScaleIn", i.protectedFromScaleIn);
            });
        }
        x.element("CreatedTime", g.createdTime);
        x.list("SuspendedProcesses", "member", spec.suspendedProcesses(), p -> x.element("ProcessName", p)
                .element("SuspensionReason", "User suspended at " + GroupLifecycle.stamp(g.createdTime)));
        x.element("VPCZoneIdentifier", String.join(",", zones.stream().map(GroupLifecycle::subnet).toList()));
        x.open("EnabledMetrics").close();
        x.list("Tags", "member", spec.tags().entrySet(), t -> x.element("ResourceId", g.name())
                .element("ResourceType", "auto-scaling-group").element("Key", t.getKey()).element("Value", t.getValue())
                .element("PropagateAtLaunch", true));
        x.texts("TerminationPolicies", "member", List.of("Default"));
        x.element("NewInstancesProtectedFromScaleIn", spec.newInstancesProtectedFromScaleIn());
        x.element("ServiceLinkedRoleARN", "arn:" + sim.partition + ":iam::" + sim.fleet.accountId()
                + ":role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling");
        x.element("CapacityRebalance", false);
        x.open("TrafficSources").close();
    }

    private void templateSpec(XmlOut x, TemplateRef ref) {
        LaunchTemplateSpec t = sim.fleet.launchTemplate(ref.templateName()).orElseThrow();
        x.element("LaunchTemplateId", t.id()).element("LaunchTemplateName", t.name()).element("Version", ref.version());
    }

    private void override(XmlOut x, OverrideSpec o) {
        x.element("InstanceType", o.instanceType());
        x.element("WeightedCapacity", o.weightedCapacity());
        if (o.launchTemplate() != null) {
            x.open("LaunchTemplateSpecification");
            templateSpec(x, o.launchTemplate());
            x.close();
        }
        x.element("ImageId", o.imageId());
    }

    /**
     * The template an instance was launched from, the version as its group named it then, and (only for an
     * instance whose AMI came from an override) its {@code ImageId}, as the API reference says of
     * Instance.ImageId.
     */
    private static void launchedFrom(XmlOut x, SimEc2Instance i) {
        if (i.launchedFrom != null) {
            x.open("LaunchTemplate").element("LaunchTemplateId", i.launchedFrom.templateId())
                    .element("LaunchTemplateName", i.launchedFrom.templateName())
                    .element("Version", i.launchedFrom.version()).close();
            if (i.launchedFrom.imageFromOverride()) {
                x.element("ImageId", i.amiId);
            }
        }
    }

    private List<String> zones() {
        return Stream.of("a", "b", "c").map(z -> sim.fleet.region() + z).toList();
    }

    // ---- DescribeAutoScalingInstances --------------------------------------------------------------

    /** Up to 50 instance ids (unknown ones are left out, no error), or every group instance; MaxRecords ≤ 50. */
    private void describeInstances(QueryRequest req, XmlOut x) {
        List<String> ids = req.memberList("InstanceIds");
        if (ids != null && ids.size() > 50) {
            throw validation("The number of instance ids that may be passed in is limited to 50");
        }
        int max = maxRecords(req, 50, 50);
        Set<String> wanted = ids == null ? null : new LinkedHashSet<>(ids);
        List<SimEc2Instance> instances = sim.groups.values().stream()
                .flatMap(g -> g.instances.stream())
                .filter(i -> wanted == null || wanted.contains(i.id))
                .toList();
        Ec2Api.Page<SimEc2Instance> page = page(instances, max, req, "DescribeAutoScalingInstances");
        x.list("AutoScalingInstances", "member", page.items(), i -> {
            x.element("InstanceId", i.id);
            x.element("InstanceType", i.instanceType);
            x.element("AutoScalingGroupName", i.group.name());
            x.element("AvailabilityZone", i.availabilityZone);
            x.element("LifecycleState", i.lifecycleState);
            x.element("HealthStatus", i.healthStatus.toUpperCase(Locale.ROOT));
            launchedFrom(x, i);
            x.element("ProtectedFromScaleIn", i.protectedFromScaleIn);
        });
        x.element("NextToken", page.nextToken());
    }

    // ---- DescribeScalingActivities -----------------------------------------------------------------

    /** A group's (or every group's) activities of the last six weeks, newest first; MaxRecords ≤ 100. */
    private void describeActivities(QueryRequest req, Instant now, XmlOut x) {
        String name = req.string("AutoScalingGroupName");
        List<String> ids = req.memberList("ActivityIds");
        int max = maxRecords(req, 100, 100);
        req.bool("IncludeDeletedGroups", false);
        Set<String> wanted = ids == null ? null : new LinkedHashSet<>(ids);
        List<Map.Entry<SimGroup, SimGroup.Activity>> activities = new ArrayList<>();
        for (SimGroup g : sim.groups.values()) {
            if (name != null && !g.name().equals(name)) {
                continue;
            }
            for (SimGroup.Activity a : g.activities) {
                if ((wanted == null || wanted.contains(a.id)) && a.startTime.isAfter(now.minus(HISTORY))) {
                    activities.add(Map.entry(g, a));
                }
            }
        }
        // Newest first; activities of one instant keep their order, the later one first.
        List<Map.Entry<SimGroup, SimGroup.Activity>> ordered = new ArrayList<>(activities.reversed());
        ordered.sort(Comparator.comparing((Map.Entry<SimGroup, SimGroup.Activity> e) -> e.getValue().startTime).reversed());
        Ec2Api.Page<Map.Entry<SimGroup, SimGroup.Activity>> page = page(ordered, max, req, "DescribeScalingActivities");
        x.list("Activities", "member", page.items(), e -> activity(x, e.getKey(), e.getValue(), now));
        x.element("NextToken", page.nextToken());
    }

    private static void activity(XmlOut x, SimGroup g, SimGroup.Activity a, Instant now) {
        boolean running = a.inProgress(now);
        x.element("ActivityId", a.id);
        x.element("AutoScalingGroupName", g.name());
        x.element("Description", a.description);
        x.element("Cause", a.cause);
        x.element("StartTime", a.startTime);
        if (!running) {
            x.element("EndTime", a.endTime);
        }
        x.element("StatusCode", a.statusCode(now));
        x.element("Progress", running ? 50 : 100);
        x.element("Details", a.details);
        x.element("AutoScalingGroupARN", g.arn);
    }

    // ---- DescribeInstanceRefreshes -----------------------------------------------------------------

    /** The group's instance refreshes of the last six weeks, newest first (an unknown group has none). */
    private void describeRefreshes(QueryRequest req, Instant now, XmlOut x) {
        String name = req.string("AutoScalingGroupName");
        if (name == null) {
            throw validation("1 validation error detected: Value null at 'autoScalingGroupName' failed to satisfy "
                    + "constraint: Member must not be null");
        }
        List<String> ids = req.memberList("InstanceRefreshIds");
        int max = maxRecords(req, 50, 100);
        Set<String> wanted = ids == null ? null : new LinkedHashSet<>(ids);
        SimGroup g = sim.groups.get(name);
        List<SimGroup.Refresh> refreshes = g == null ? List.of() : g.refreshes.stream()
                .filter(r -> wanted == null || wanted.contains(r.id()))
                .filter(r -> r.startTime().isAfter(now.minus(HISTORY)))
                .sorted(Comparator.comparing(SimGroup.Refresh::startTime).reversed())
                .toList();
        Ec2Api.Page<SimGroup.Refresh> page = page(refreshes, max, req, "DescribeInstanceRefreshes");
        x.list("InstanceRefreshes", "member", page.items(), r -> {
            String status = r.statusAt(now);
            boolean done = !GroupParser.REFRESHES_IN_PROGRESS.contains(status);
            x.element("InstanceRefreshId", r.id());
            x.element("AutoScalingGroupName", name);
            x.element("Status", status);
            x.element("StartTime", r.startTime());
            if (done) {
                x.element("EndTime", r.endTime());
            }
            boolean succeeded = status.equals("Successful");
            x.element("PercentageComplete", succeeded ? 100 : r.percentageComplete());
            x.element("InstancesToUpdate", succeeded ? 0 : r.instancesToUpdate());
            x.open("Preferences").element("MinHealthyPercentage", 90).element("SkipMatching", false)
                    .element("AutoRollback", false).element("ScaleInProtectedInstances", "Ignore")
                    .element("StandbyInstances", "Ignore").close();
            x.element("Strategy", "Rolling");
        });
        x.element("NextToken", page.nextToken());
    }

    // ---- TerminateInstanceInAutoScalingGroup -------------------------------------------------------

    /**
     * Terminates a group's instance ({@link GroupLifecycle}). Scale-in protection does not stop it: it
     * protects an instance from the group's scale-in, not from a termination asked for by name, as the
     * user guide lists ("Instance scale-in protection does not protect Auto Scaling instances from … manual
     * termination", https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-instance-protection.html).
     * An instance already terminating answers ScalingActivityInProgress: AWS documents that error for this
     * action but not when; the simulator's choice.
     */
    private void terminate(QueryRequest req, Instant now, XmlOut x) {
        String id = req.string("InstanceId");
        if (id == null) {
            throw validation("1 validation error detected: Value null at 'instanceId' failed to satisfy constraint: "
                    + "Member must not be null");
        }
        if (req.string("ShouldDecrementDesiredCapacity") == null) {
            throw validation("1 validation error detected: Value null at 'shouldDecrementDesiredCapacity' failed to "
                    + "satisfy constraint: Member must not be null");
        }
        boolean decrement = req.bool("ShouldDecrementDesiredCapacity", false);
        SimEc2Instance instance = sim.ec2.get(id);
        if (instance == null || instance.group == null || instance.state.equals("terminated")) {
            throw validation("Instance Id not found - No managed instance found for instance ID: " + id);
        }
        SimGroup g = instance.group;
        if (instance.terminating()) {
            String activity = g.activities.stream().filter(a -> a.description.endsWith(id) && a.inProgress(now))
                    .map(a -> a.id).findFirst().orElse("");
            throw QueryError.of("ScalingActivityInProgress", "Scaling activity " + activity + " is in progress: "
                    + "instance " + id + " is already terminating.");
        }
        if (decrement && g.desiredCapacity <= g.spec.minSize()) {
            throw validation("Currently, desiredSize equals minSize (" + g.spec.minSize() + "). Terminating instance "
                    + "without replacement will violate group's min size constraint. Either set "
                    + "shouldDecrementDesiredCapacity flag to false or lower group's min size.");
        }
        SimInstance container = instance.container;
        int healthy = (int) g.instances.stream()
                .filter(e -> e.lifecycleState.equals("InService") && e.healthStatus.equals("Healthy")).count();
        sim.instanceEvents.add(new AwsSimulator.Terminated(now, g.cluster.name(), g.name(), id,
                container == null ? null : container.status(), container == null ? 0 : (int) container.tasksIn("RUNNING"),
                container == null ? 0 : (int) container.tasksIn("PENDING"), healthy, g.desiredCapacity, decrement));
        SimGroup.Activity a = sim.lifecycle.terminate(instance, decrement, now);
        x.open("Activity");
        activity(x, g, a, now);
        x.close();
    }

    // ---- shared ------------------------------------------------------------------------------------

    private static int maxRecords(QueryRequest req, int dflt, int max) {
        Integer n = req.integer("MaxRecords");
        if (n == null) {
            return dflt;
        }
        if (n < 1 || n > max) {
            throw validation("1 validation error detected: Value '" + n + "' at 'maxRecords' failed to satisfy "
                    + "constraint: Member must have value " + (n < 1 ? "greater than or equal to 1" : "less than or "
                    + "equal to " + max));
        }
        return n;
    }

    private static <T> Ec2Api.Page<T> page(List<T> all, int size, QueryRequest req, String action) {
        String token = req.string("NextToken");
        String listing = action + "|" + req.listing();
        int from = token == null ? 0 : PageToken.decode(token, listing,
                () -> QueryError.of("InvalidNextToken", "The token '" + token + "' is invalid."));
        if (from > all.size()) {
            throw QueryError.of("InvalidNextToken", "The token '" + token + "' is invalid.");
        }
        int to = Math.min(all.size(), from + size);
        return new Ec2Api.Page<>(all.subList(from, to), to < all.size() ? PageToken.encode(listing, to) : null);
    }
}
