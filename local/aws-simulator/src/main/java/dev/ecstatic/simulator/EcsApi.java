package dev.ecstatic.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ECS actions: request members and response shapes as in the ECS API Reference
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/). Callers hold the fleet's lock.
 */
final class EcsApi {

    static final Set<String> ACTIONS = Set.of("ListClusters", "DescribeClusters", "ListContainerInstances",
            "DescribeContainerInstances", "UpdateContainerAgent", "UpdateContainerInstancesState", "ListTasks",
            "DescribeTasks");

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> CLUSTER_INCLUDES =
            Set.of("ATTACHMENTS", "CONFIGURATIONS", "SETTINGS", "STATISTICS", "TAGS");
    private static final Set<String> INSTANCE_INCLUDES = Set.of("TAGS", "CONTAINER_INSTANCE_HEALTH");
    private static final Pattern WINDOWS_AMI = Pattern.compile("Windows_Server-(\\d{4})-English-(Full|Core)");
    private static final Pattern BOTTLEROCKET_AMI = Pattern.compile("^bottlerocket-(aws-ecs-\\d+(-nvidia)?)-.*$");
    private static final Set<String> LIST_STATUSES =
            Set.of("ACTIVE", "DRAINING", "REGISTERING", "DEREGISTERING", "REGISTRATION_FAILED");

    private final SimFleet sim;
    private final EcsTaskActions tasks;

    EcsApi(SimFleet sim) {
        this.sim = sim;
        this.tasks = new EcsTaskActions(sim, this);
    }

    ObjectNode handle(String action, JsonRequest req, Instant now) {
        return switch (action) {
            case "ListClusters" -> listClusters(req);
            case "DescribeClusters" -> describeClusters(req);
            case "ListContainerInstances" -> listContainerInstances(req);
            case "DescribeContainerInstances" -> describeContainerInstances(req, now);
            case "UpdateContainerAgent" -> updateContainerAgent(req, now);
            case "UpdateContainerInstancesState" -> updateContainerInstancesState(req, now);
            case "ListTasks" -> tasks.listTasks(req, now);
            case "DescribeTasks" -> tasks.describeTasks(req, now);
            default -> throw AwsError.unknownOperation("Operation " + action + " is not supported by this simulator.");
        };
    }

    private ObjectNode listClusters(JsonRequest req) {
        List<String> arns = sim.clusters.values().stream().map(c -> c.arn).toList();
        return page(arns, req, "clusters").toJson("clusterArns");
    }

    private ObjectNode describeClusters(JsonRequest req) {
        List<String> refs = req.strings("clusters");
        if (refs == null || refs.isEmpty()) {
            refs = List.of("default");
        }
        if (refs.size() > 100) {
            throw AwsError.invalidParameter("A maximum of 100 clusters can be described at a time.");
        }
        Set<String> include = includes(req, CLUSTER_INCLUDES);
        ObjectNode out = JSON.objectNode();
        ArrayNode clusters = out.putArray("clusters");
        ArrayNode failures = out.putArray("failures");
        for (String ref : new LinkedHashSet<>(refs)) {
            var found = sim.cluster(ref);
            if (found.isEmpty()) {
                failures.addObject().put("arn", sim.clusterArnFor(ref)).put("reason", "MISSING");
                continue;
            }
            SimCluster c = found.get();
            ObjectNode n = clusters.addObject();
            n.put("clusterArn", c.arn);
            n.put("clusterName", c.name());
            n.put("status", "ACTIVE");
            n.put("registeredContainerInstancesCount",
                    c.instances.stream().filter(i -> !"INACTIVE".equals(i.status())).count());
            n.put("runningTasksCount", c.instances.stream().mapToLong(i -> i.tasksIn("RUNNING")).sum());
            n.put("pendingTasksCount", c.instances.stream().mapToLong(i -> i.tasksIn("PENDING")).sum());
            n.put("activeServicesCount", c.services.size());
            n.putArray("statistics");
            if (include.contains("TAGS")) {
                tags(n, c.spec.tags());
            }
            if (include.contains("SETTINGS")) {
                n.putArray("settings").addObject().put("name", "containerInsights").put("value", "disabled");
            }
            n.putArray("capacityProviders");
            n.putArray("defaultCapacityProviderStrategy");
        }
        return out;
    }

    private ObjectNode listContainerInstances(JsonRequest req) {
        SimCluster cluster = allowedCluster(req.string("cluster"), "ListContainerInstances");
        Set<String> ec2Ids = ec2InstanceIdFilter(req.string("filter"));
        String status = req.string("status");
        if (status != null && !LIST_STATUSES.contains(status)) {
            throw AwsError.invalidParameter("status must be one of " + LIST_STATUSES.stream().sorted().toList()
                    + ", was " + status + ".");
        }
        // Without a status filter ECS lists every instance but INACTIVE ones:
        // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListContainerInstances.html
        List<String> arns = cluster.instances.stream()
                .filter(i -> status == null ? !"INACTIVE".equals(i.status()) : status.equals(i.status()))
                .filter(i -> ec2Ids == null || ec2Ids.contains(i.ec2InstanceId))
                .map(i -> i.arn)
                .toList();
        return page(arns, req, cluster.arn + "|" + status + "|" + req.string("filter")).toJson("containerInstanceArns");
    }

    private static final Pattern EC2_ID_EQUALS = Pattern.compile("\\s*ec2InstanceId\\s*==\\s*(\\S+?)\\s*");
    private static final Pattern EC2_ID_IN = Pattern.compile("\\s*ec2InstanceId\\s+in\\s*\\[([^\\]]*)]\\s*");

    /**
     * The subset of the cluster query language the simulator evaluates: {@code ec2InstanceId == i-x} and
     * {@code ec2InstanceId in [i-x, i-y]}
     * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cluster-query-language.html); null for
     * no filter. Any other expression is refused rather than guessed at.
     */
    static Set<String> ec2InstanceIdFilter(String filter) {
        if (filter == null) {
            return null;
        }
        Matcher equals = EC2_ID_EQUALS.matcher(filter);
        if (equals.matches()) {
            return Set.of(equals.group(1));
        }
        Matcher in = EC2_ID_IN.matcher(filter);
        if (in.matches()) {
            Set<String> ids = new java.util.LinkedHashSet<>();
            for (String id : in.group(1).split(",")) {
                if (!id.isBlank()) {
                    ids.add(id.trim());
                }
            }
            if (!ids.isEmpty()) {
                return ids;
            }
        }
        throw AwsError.invalidParameter("The simulator evaluates only the cluster query language filter expressions "
                + "'ec2InstanceId == i-…' and 'ec2InstanceId in [i-…, i-…]'; use status for the rest. Was: "
                + (filter.length() > 100 ? filter.substring(0, 100) + "…" : filter));
    }

    private ObjectNode describeContainerInstances(JsonRequest req, Instant now) {
        List<String> refs = req.strings("containerInstances");
        if (refs == null) {
            throw AwsError.invalidParameter("containerInstances can not be null.");
        }
        if (refs.isEmpty()) {
            throw AwsError.invalidParameter("containerInstances can not be empty.");
        }
        if (refs.size() > 100) {
            throw AwsError.invalidParameter("A maximum of 100 container instances can be described at a time.");
        }
        Set<String> include = includes(req, INSTANCE_INCLUDES);
        SimCluster cluster = allowedCluster(req.string("cluster"), "DescribeContainerInstances");
        ObjectNode out = JSON.objectNode();
        ArrayNode instances = out.putArray("containerInstances");
        ArrayNode failures = out.putArray("failures");
        Set<String> done = new LinkedHashSet<>();
        for (String ref : refs) {
            var found = sim.instance(cluster, ref);
            if (found.isEmpty()) {
                failures.addObject().put("arn", sim.instanceArnFor(cluster, ref)).put("reason", "MISSING");
            } else if (done.add(found.get().id)) {
                instances.add(containerInstance(found.get(), include, now));
            }
        }
        return out;
    }

    private ObjectNode updateContainerAgent(JsonRequest req, Instant now) {
        String ref = req.string("containerInstance");
        SimCluster cluster = allowedCluster(req.string("cluster"), "UpdateContainerAgent");
        if (ref == null || ref.isEmpty()) {
            throw AwsError.invalidParameter("containerInstance can not be blank.");
        }
        SimInstance i = sim.instance(cluster, ref)
                .orElseThrow(() -> AwsError.invalidParameter("Container instance not found: " + ref + "."));
        Fleet fleet = sim.fleet;
        // Platform limits as documented (the live service's exact wording is not public):
        // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateContainerAgent.html
        if (i.spec.os().equals("windows")) {
            throw AwsError.client("Agent updates with the UpdateContainerAgent API operation do not apply to "
                    + "Windows container instances. Launch new container instances to update the agent version.");
        }
        if (i.spec.external()) {
            throw AwsError.client("The UpdateContainerAgent API isn't supported for external instances "
                    + "(Amazon ECS Anywhere). Update the ecs-init package on the instance.");
        }
        if (i.spec.arch().equals("arm64")) {
            throw AwsError.client("The UpdateContainerAgent API isn't supported for container instances using "
                    + "the Amazon ECS-optimized Amazon Linux 2 (arm64) AMI. Update the ecs-init package instead.");
        }
        if (sim.ami(i.spec.amiId()).filter(Fleet.AmiSpec::bottlerocket).isPresent()) {
            // Bottlerocket has no ecs-init: its agent is updated with the OS. The API reference's requirement,
            // "an Amazon ECS-optimized AMI or Amazon Linux AMI with the ecs-init service installed and running".
            throw AwsError.client("The UpdateContainerAgent API requires an Amazon ECS-optimized AMI or Amazon Linux "
                    + "AMI with the ecs-init service installed and running. For help updating the Amazon ECS container "
                    + "agent on other operating systems, see Manually updating the Amazon ECS container agent in the "
                    + "Amazon Elastic Container Service Developer Guide.");
        }
        if (SimInstance.isInProgress(i.updateStatus(now, fleet))) {
            throw new AwsError("UpdateInProgressException", 400, "There's already a current agent update in progress "
                    + "on the container instance " + i.arn + ".");
        }
        if (!i.connected(now, fleet)) {
            throw AwsError.client("The container instance " + i.arn + " agent is not connected. "
                    + "An agent update requires a connected agent.");
        }
        if (i.spec.missingVersion()) {
            throw new AwsError("MissingVersionException", 400, "Amazon ECS can't determine the current version of the "
                    + "Amazon ECS container agent on the container instance and doesn't have enough information to "
                    + "proceed with an update.");
        }
        boolean current = Versions.compare(i.agentVersion(now, fleet), fleet.latestAgentVersion()) >= 0;
        if (current || i.spec.noUpdatePath()) {
            throw new AwsError("NoUpdateAvailableException", 400, "There's no update available for this Amazon ECS "
                    + "container agent. This might be because the agent is already running the latest version or "
                    + "because it's so old that there's no update path to the current version.");
        }
        i.startUpdate(now);
        sim.updatesStarted.add(new AwsSimulator.UpdateStarted(now, cluster.spec.name(), i.arn));
        ObjectNode out = JSON.objectNode();
        out.set("containerInstance", containerInstance(i, Set.of(), now));
        if (i.loseUpdateResponse()) {
            throw new ResponseLost(i.spec.lostUpdateResponse(), out);
        }
        return out;
    }

    /**
     * DRAINING or ACTIVE for up to 10 instances. Setting DRAINING moves the instance's service tasks
     * ({@link TaskScheduler}); setting ACTIVE again stops moving those not yet replaced. An instance that is
     * neither ACTIVE nor DRAINING (INACTIVE, REGISTERING, …) cannot change: the API reference says so, not
     * how ECS answers, so the simulator lists it in {@code failures} with its status as the reason.
     * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateContainerInstancesState.html
     */
    private ObjectNode updateContainerInstancesState(JsonRequest req, Instant now) {
        List<String> refs = req.strings("containerInstances");
        String status = req.string("status");
        SimCluster cluster = allowedCluster(req.string("cluster"), "UpdateContainerInstancesState");
        if (refs == null || refs.isEmpty()) {
            throw AwsError.invalidParameter("containerInstances can not be empty.");
        }
        if (refs.size() > 10) {
            throw AwsError.invalidParameter("A maximum of 10 container instances can be updated at a time.");
        }
        if (!"ACTIVE".equals(status) && !"DRAINING".equals(status)) {
            throw AwsError.invalidParameter("status must be one of [ACTIVE, DRAINING], was " + status + ".");
        }
        ObjectNode out = JSON.objectNode();
        ArrayNode instances = out.putArray("containerInstances");
        ArrayNode failures = out.putArray("failures");
        Set<String> done = new LinkedHashSet<>();
        for (String ref : refs) {
            var found = sim.instance(cluster, ref);
            if (found.isEmpty()) {
                failures.addObject().put("arn", sim.instanceArnFor(cluster, ref)).put("reason", "MISSING");
                continue;
            }
            SimInstance i = found.get();
            String current = i.status();
            if (!current.equals("ACTIVE") && !current.equals("DRAINING")) {
                failures.addObject().put("arn", i.arn).put("reason", current)
                        .put("detail", "The container instance is " + current + "; only an ACTIVE or DRAINING "
                                + "container instance can be set to " + status + ".");
                continue;
            }
            if (!done.add(i.id)) {
                continue;
            }
            sim.instanceEvents.add(new AwsSimulator.StateChanged(now, cluster.name(), i.arn, i.ec2InstanceId, status,
                    current, (int) i.tasksIn("RUNNING"), (int) i.tasksIn("PENDING")));
            if (!current.equals(status)) {
                i.status(status);
                if (status.equals("DRAINING")) {
                    sim.tasks.drain(i, now);
                } else {
                    sim.tasks.undrain(i, now);
                }
            }
            instances.add(containerInstance(i, Set.of(), now));
        }
        return out;
    }

    private ObjectNode containerInstance(SimInstance i, Set<String> include, Instant now) {
        Fleet fleet = sim.fleet;
        ObjectNode n = JSON.objectNode();
        n.put("containerInstanceArn", i.arn);
        n.put("ec2InstanceId", i.ec2InstanceId);
        n.put("version", i.version(now, fleet));
        ObjectNode v = n.putObject("versionInfo");
        if (!i.spec.missingVersion()) {
            v.put("agentVersion", i.agentVersion(now, fleet));
            v.put("agentHash", Hashing.hex("agent|" + i.agentVersion(now, fleet), 8));
            v.put("dockerVersion", "DockerVersion: " + i.spec.dockerVersion());
        }
        resources(n.putArray("remainingResources"), i.remainingCpu(), i.remainingMemory());
        resources(n.putArray("registeredResources"), i.registeredCpu, i.registeredMemory);
        n.put("status", i.status());
        n.put("agentConnected", i.connected(now, fleet));
        n.put("runningTasksCount", i.tasksIn("RUNNING"));
        n.put("pendingTasksCount", i.tasksIn("PENDING"));
        String updateStatus = i.updateStatus(now, fleet);
        if (updateStatus != null) {
            n.put("agentUpdateStatus", updateStatus);
        }
        ArrayNode attrs = n.putArray("attributes");
        attributes(i).forEach((name, value) -> {
            ObjectNode a = attrs.addObject().put("name", name);
            if (value != null) {
                a.put("value", value);
            }
        });
        n.put("registeredAt", epochSeconds(i.registeredAt));
        n.putArray("attachments");
        if (include.contains("TAGS")) {
            tags(n, i.spec.tags());
        }
        if (include.contains("CONTAINER_INSTANCE_HEALTH")) {
            ObjectNode h = n.putObject("healthStatus");
            h.put("overallStatus", "OK");
            h.putArray("details").addObject()
                    .put("type", "CONTAINER_RUNTIME").put("status", "OK")
                    .put("lastUpdated", epochSeconds(now)).put("lastStatusChange", epochSeconds(i.registeredAt));
        }
        return n;
    }

    /** Attributes ECS reports for the instance's platform (a representative subset). */
    private Map<String, String> attributes(SimInstance i) {
        Map<String, String> a = new LinkedHashMap<>();
        boolean windows = i.spec.os().equals("windows");
        var ami = sim.ami(i.spec.amiId());
        a.put("ecs.capability.execution-role-awslogs", null);
        a.put("com.amazonaws.ecs.capability.logging-driver.awslogs", null);
        a.put("com.amazonaws.ecs.capability.ecr-auth", null);
        a.put("ecs.capability.task-eni", null);
        if (i.spec.external()) {
            a.put("ecs.capability.external", null);
        } else {
            a.put("ecs.ami-id", i.spec.amiId());
            a.put("ecs.availability-zone", i.availabilityZone);
            a.put("ecs.instance-type", i.spec.instanceType());
        }
        a.put("ecs.os-type", windows ? "windows" : "linux");
        a.put("ecs.os-family", windows ? ami.map(EcsApi::windowsFamily).orElse("WINDOWS_SERVER_2022_FULL") : "LINUX");
        a.put("ecs.cpu-architecture", i.spec.arch());
        ami.filter(Fleet.AmiSpec::bottlerocket).ifPresent(b -> a.put("bottlerocket.variant",
                BOTTLEROCKET_AMI.matcher(b.name()).replaceFirst("$1")));
        return a;
    }

    /** ECS's {@code ecs.os-family} of a Windows AMI from its name, e.g. WINDOWS_SERVER_2019_CORE. */
    private static String windowsFamily(Fleet.AmiSpec ami) {
        Matcher m = WINDOWS_AMI.matcher(ami.name());
        return m.find() ? "WINDOWS_SERVER_" + m.group(1) + "_" + m.group(2).toUpperCase(Locale.ROOT)
                : "WINDOWS_SERVER_2022_FULL";
    }

    private static void resources(ArrayNode a, int cpu, int memory) {
        a.addObject().put("name", "CPU").put("type", "INTEGER").put("doubleValue", 0.0).put("longValue", 0)
                .put("integerValue", cpu);
        a.addObject().put("name", "MEMORY").put("type", "INTEGER").put("doubleValue", 0.0).put("longValue", 0)
                .put("integerValue", memory);
        ObjectNode ports = a.addObject().put("name", "PORTS").put("type", "STRINGSET").put("doubleValue", 0.0)
                .put("longValue", 0).put("integerValue", 0);
        ArrayNode set = ports.putArray("stringSetValue");
        for (String p : List.of("22", "2376", "2375", "51678", "51679")) {
            set.add(p);
        }
    }

    static void tags(ObjectNode n, Map<String, String> tags) {
        ArrayNode a = n.putArray("tags");
        tags.forEach((k, v) -> a.addObject().put("key", k).put("value", v));
    }

    static BigDecimal epochSeconds(Instant t) {
        return BigDecimal.valueOf(t.toEpochMilli(), 3);
    }

    private SimCluster clusterOrThrow(String ref) {
        return sim.cluster(ref).orElseThrow(AwsError::clusterNotFound);
    }

    /** The cluster, unless the fleet denies this action on it ({@code accessDenied}). */
    SimCluster allowedCluster(String ref, String action) {
        SimCluster cluster = clusterOrThrow(ref);
        if (cluster.spec.accessDenied()) {
            throw AwsError.accessDenied(sim.fleet.accountId(), action, cluster.arn);
        }
        return cluster;
    }

    static Set<String> includes(JsonRequest req, Set<String> allowed) {
        List<String> include = req.strings("include");
        if (include == null) {
            return Set.of();
        }
        for (String s : include) {
            if (!allowed.contains(s)) {
                throw AwsError.invalidParameter(
                        "include must contain only " + allowed.stream().sorted().toList() + ", found " + s + ".");
            }
        }
        return Set.copyOf(include);
    }

    record Page(List<String> items, String nextToken) {
        /** The response of a List action: the page's ARNs under {@code field}, and nextToken if more follow. */
        ObjectNode toJson(String field) {
            ObjectNode out = JSON.objectNode();
            ArrayNode a = out.putArray(field);
            items.forEach(a::add);
            if (nextToken != null) {
                out.put("nextToken", nextToken);
            }
            return out;
        }
    }

    /**
     * maxResults 1–100 (absent: up to 100) and an opaque nextToken bound to the listing it came
     * from, as ListClusters and ListContainerInstances page.
     */
    static Page page(List<String> all, JsonRequest req, String listing) {
        Integer max = req.integer("maxResults");
        if (max != null && (max < 1 || max > 100)) {
            throw AwsError.invalidParameter("maxResults must be between 1 and 100, was " + max + ".");
        }
        int size = max == null ? 100 : max;
        int from = 0;
        String token = req.string("nextToken");
        if (token != null) {
            from = decodeToken(token, listing);
            if (from > all.size()) {
                throw AwsError.invalidParameter("Invalid nextToken.");
            }
        }
        int to = Math.min(all.size(), from + size);
        String next = to < all.size() ? encodeToken(listing, to) : null;
        return new Page(new ArrayList<>(all.subList(from, to)), next);
    }

    private static String encodeToken(String listing, int offset) {
        String raw = offset + "|" + Hashing.hex(listing, 16);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static int decodeToken(String token, String listing) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            if (bar < 0 || !raw.substring(bar + 1).equals(Hashing.hex(listing, 16))) {
                throw AwsError.invalidParameter("Invalid nextToken.");
            }
            int offset = Integer.parseInt(raw.substring(0, bar));
            if (offset < 0) {
                throw AwsError.invalidParameter("Invalid nextToken.");
            }
            return offset;
        } catch (IllegalArgumentException e) {
            throw AwsError.invalidParameter("Invalid nextToken.");
        }
    }
}
