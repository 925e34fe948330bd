package dev.ecstatic.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * ECS ListTasks and DescribeTasks over the fleet's tasks ({@link TaskScheduler}), request members and
 * response shapes as in the ECS API Reference. Callers hold the fleet's lock.
 */
final class EcsTaskActions {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> DESIRED = Set.of("RUNNING", "PENDING", "STOPPED");
    private static final Set<String> LAUNCH_TYPES = Set.of("EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES");

    private final SimFleet sim;
    private final EcsApi ecs;

    EcsTaskActions(SimFleet sim, EcsApi ecs) {
        this.sim = sim;
        this.ecs = ecs;
    }

    /**
     * The cluster's tasks by {@code containerInstance}, {@code family}, {@code serviceName},
     * {@code startedBy}, {@code launchType} and {@code desiredStatus} (RUNNING when absent: tasks ECS keeps
     * running, PENDING ones included; STOPPED: those stopped within the hour; PENDING: none, since ECS never
     * sets a desired status of PENDING), paged as ListContainerInstances is.
     * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListTasks.html
     */
    ObjectNode listTasks(JsonRequest req, Instant now) {
        SimCluster cluster = ecs.allowedCluster(req.string("cluster"), "ListTasks");
        String instanceRef = req.string("containerInstance");
        String family = req.string("family");
        String service = req.string("serviceName");
        String startedBy = req.string("startedBy");
        String launchType = req.string("launchType");
        String daemon = req.string("daemonName");
        String desired = req.string("desiredStatus") == null ? "RUNNING" : req.string("desiredStatus");
        if (!DESIRED.contains(desired)) {
            throw AwsError.invalidParameter("desiredStatus must be one of [PENDING, RUNNING, STOPPED], was " + desired + ".");
        }
        if (launchType != null && !LAUNCH_TYPES.contains(launchType)) {
            throw AwsError.invalidParameter("launchType must be one of " + LAUNCH_TYPES.stream().sorted().toList()
                    + ", was " + launchType + ".");
        }
        // "When you specify startedBy as the filter, it must be the only filter that you use."
        if (startedBy != null && (instanceRef != null || family != null || service != null)) {
            throw AwsError.invalidParameter("startedBy must be the only filter when it is used; it cannot be combined "
                    + "with containerInstance, family or serviceName.");
        }
        SimInstance instance = null;
        if (instanceRef != null) {
            instance = sim.instance(cluster, instanceRef).orElseThrow(
                    () -> AwsError.invalidParameter("Container instance not found: " + instanceRef + "."));
        }
        if (service != null && !cluster.services.contains(service)) {
            throw new AwsError("ServiceNotFoundException", 400, "Service not found.");
        }
        sim.tasks.forgetOldStopped(cluster, now);
        SimInstance on = instance;
        List<String> arns = cluster.tasks.values().stream()
                .filter(t -> desired.equals("STOPPED") ? t.stopped() : desired.equals("RUNNING") && !t.stopped())
                .filter(t -> on == null || t.instance == on)
                .filter(t -> family == null || t.family.equals(family))
                .filter(t -> service == null || service.equals(t.service))
                .filter(t -> startedBy == null || startedBy.equals(t.startedBy))
                .filter(t -> launchType == null || launchType.equals(launchType(t)))
                .filter(t -> daemon == null)
                .map(t -> t.arn)
                .toList();
        String listing = String.join("|", cluster.arn, String.valueOf(instanceRef), String.valueOf(family),
                String.valueOf(service), String.valueOf(startedBy), String.valueOf(launchType), desired);
        return EcsApi.page(arns, req, listing).toJson("taskArns");
    }

    /**
     * Up to 100 tasks by id or ARN; unknown ones (and those stopped more than an hour ago) are
     * {@code failures} with reason MISSING.
     * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeTasks.html
     */
    ObjectNode describeTasks(JsonRequest req, Instant now) {
        List<String> refs = req.strings("tasks");
        if (refs == null) {
            throw AwsError.invalidParameter("Tasks cannot be null.");
        }
        if (refs.isEmpty()) {
            throw AwsError.invalidParameter("Tasks cannot be empty.");
        }
        if (refs.size() > 100) {
            throw AwsError.invalidParameter("A maximum of 100 tasks can be described at a time.");
        }
        Set<String> include = EcsApi.includes(req, Set.of("TAGS"));
        SimCluster cluster = ecs.allowedCluster(req.string("cluster"), "DescribeTasks");
        sim.tasks.forgetOldStopped(cluster, now);
        ObjectNode out = JSON.objectNode();
        ArrayNode tasks = out.putArray("tasks");
        ArrayNode failures = out.putArray("failures");
        Set<String> done = new LinkedHashSet<>();
        for (String ref : refs) {
            Optional<SimTask> found = task(cluster, ref);
            if (found.isEmpty()) {
                failures.addObject().put("arn", ref.startsWith("arn:") ? ref : sim.arnPrefix() + "task/" + cluster.name()
                        + "/" + ref).put("reason", "MISSING");
            } else if (done.add(found.get().id)) {
                tasks.add(task(found.get(), include));
            }
        }
        return out;
    }

    /** A task by id or by ARN, long ({@code task/<cluster>/<id>}) or old ({@code task/<id>}). */
    private Optional<SimTask> task(SimCluster cluster, String ref) {
        String id = ref;
        if (ref.startsWith("arn:")) {
            String longPrefix = sim.arnPrefix() + "task/" + cluster.name() + "/";
            String oldPrefix = sim.arnPrefix() + "task/";
            if (ref.startsWith(longPrefix)) {
                id = ref.substring(longPrefix.length());
            } else if (ref.startsWith(oldPrefix) && !ref.substring(oldPrefix.length()).contains("/")) {
                id = ref.substring(oldPrefix.length());
            } else {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(cluster.tasks.get(id));
    }

    private static String launchType(SimTask t) {
        return t.instance.spec.external() ? "EXTERNAL" : "EC2";
    }

    private ObjectNode task(SimTask t, Set<String> include) {
        ObjectNode n = JSON.objectNode();
        n.putArray("attachments");
        n.putArray("attributes");
        n.put("availabilityZone", t.instance.availabilityZone);
        n.put("clusterArn", t.cluster.arn);
        n.put("connectivity", "CONNECTED");
        n.put("connectivityAt", EcsApi.epochSeconds(t.createdAt));
        n.put("containerInstanceArn", t.instance.arn);
        ObjectNode container = n.putArray("containers").addObject();
        container.put("containerArn", sim.arnPrefix() + "container/" + t.cluster.name() + "/" + t.id + "/"
                + Hashing.hex("container|" + t.id, 32));
        container.put("taskArn", t.arn);
        container.put("name", t.family);
        container.put("lastStatus", t.lastStatus);
        container.putArray("networkInterfaces");
        container.put("healthStatus", "UNKNOWN");
        container.put("cpu", String.valueOf(t.cpu));
        container.put("memory", String.valueOf(t.memory));
        n.put("cpu", String.valueOf(t.cpu));
        n.put("createdAt", EcsApi.epochSeconds(t.createdAt));
        n.put("desiredStatus", t.desiredStatus);
        n.put("enableExecuteCommand", false);
        n.put("group", t.group());
        n.put("healthStatus", "UNKNOWN");
        n.put("lastStatus", t.lastStatus);
        n.put("launchType", launchType(t));
        n.put("memory", String.valueOf(t.memory));
        ObjectNode overrides = n.putObject("overrides");
        overrides.putArray("containerOverrides").addObject().put("name", t.family);
        overrides.putArray("inferenceAcceleratorOverrides");
        if (t.startedAt != null) {
            n.put("pullStartedAt", EcsApi.epochSeconds(t.createdAt));
            n.put("pullStoppedAt", EcsApi.epochSeconds(t.startedAt));
            n.put("startedAt", EcsApi.epochSeconds(t.startedAt));
        }
        if (t.startedBy != null) {
            n.put("startedBy", t.startedBy);
        }
        if (t.stopped()) {
            n.put("stopCode", t.stopCode);
            n.put("stoppedReason", t.stoppedReason);
            n.put("stoppingAt", EcsApi.epochSeconds(t.stoppedAt));
            n.put("executionStoppedAt", EcsApi.epochSeconds(t.stoppedAt));
            n.put("stoppedAt", EcsApi.epochSeconds(t.stoppedAt));
        }
        n.put("taskArn", t.arn);
        n.put("taskDefinitionArn", sim.arnPrefix() + "task-definition/" + t.family + ":1");
        n.put("version", t.version);
        if (include.contains("TAGS")) {
            EcsApi.tags(n, Map.of());
        }
        return n;
    }
}
