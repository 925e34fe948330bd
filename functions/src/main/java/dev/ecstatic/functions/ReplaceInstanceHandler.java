package dev.ecstatic.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.ecstatic.functions.ReplacementRules.Activity;
import dev.ecstatic.functions.ReplacementRules.Need;
import dev.ecstatic.functions.ReplacementRules.Room;
import dev.ecstatic.functions.model.NewInstance;
import dev.ecstatic.functions.model.ReplaceInstanceRequest;
import dev.ecstatic.functions.model.ReplaceInstanceResponse;
import dev.ecstatic.functions.model.ReplaceOutcome;
import dev.ecstatic.functions.model.ReplaceStep;
import dev.ecstatic.functions.model.Replacement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.InstanceRefresh;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateOverrides;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.autoscaling.model.TerminateInstanceInAutoScalingGroupResponse;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.ContainerInstanceStatus;
import software.amazon.awssdk.services.ecs.model.DescribeContainerInstancesResponse;
import software.amazon.awssdk.services.ecs.model.ListContainerInstancesResponse;
import software.amazon.awssdk.services.ecs.model.ListTasksResponse;
import software.amazon.awssdk.services.ecs.model.Resource;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.UpdateContainerInstancesStateResponse;

/**
 * State "Replace instance" (contract §3): one step of replacing a container instance whose AMI its group
 * no longer launches: DRAIN (checks, then ECS drains it), CHECK_DRAIN (tasks left), UNDRAIN (ACTIVE
 * again), TERMINATE (checks, then its Auto Scaling group terminates it and launches a successor),
 * CHECK_REPLACEMENT (the successor registered, and on which AMI). The checks are {@link ReplacementRules};
 * a REFUSED step changes nothing (TERMINATE's refusal sets the instance ACTIVE again itself).
 *
 * <p><b>The hard stop.</b> DRAIN and TERMINATE make no call at all at or after the request's
 * {@code notAfter} by the handler's clock (PAST_HARD_STOP), as UpdateOneAgent starts no update then: the
 * Task's retriers may start an attempt late. UNDRAIN is not held back: it undoes, never starts, a change,
 * and a drain left behind costs the cluster an instance.
 *
 * <p><b>Retries.</b> Both writes are safe to repeat through the step: DRAIN on an instance already
 * DRAINING answers DRAINING (an earlier attempt's), TERMINATE on an instance already Terminating or gone
 * answers TERMINATING without a second call (TerminateInstanceInAutoScalingGroup is made once, never
 * retried by the SDK).
 */
public class ReplaceInstanceHandler implements RequestHandler<ReplaceInstanceRequest, ReplaceInstanceResponse> {
    /** Replacements started: the TerminateInstanceInAutoScalingGroup calls made. */
    static final String REPLACEMENTS_STARTED = "ReplacementsStarted";

    /** ListTasks and DescribeTasks take 100 per call; an instance with more is not checked (NO_ROOM). */
    static final int MAX_TASKS = 100;
    /** Distinct launch templates whose {@code $Latest}/{@code $Default} the fingerprint resolves. */
    static final int MAX_TEMPLATES = 4;
    /** ECS's quota of container instances per cluster: the room check's listing. */
    static final int MAX_INSTANCES = 5_000;
    static final int PAGE = 100;
    /** The successors CHECK_REPLACEMENT looks for in one ListContainerInstances filter. */
    static final int MAX_NEW = 20;

    /**
     * Worst case of one invocation, which the function's Timeout covers (TimeoutsTest): DRAIN, the longest
     * step. Arithmetic in {@link Clients}.
     */
    static final Duration WORST_CASE = Clients.READ_CALL_TIMEOUT
            .multipliedBy(4 + 2 + 2L * (MAX_INSTANCES / PAGE) + MAX_TEMPLATES + 1).plus(Clients.STS_CALL_TIMEOUT)
            .plus(Clients.OWN_WORK);

    /** Auto Scaling lifecycle states of an instance on its way out. */
    private static final Set<String> LEAVING = Set.of("Terminating", "Terminating:Wait", "Terminating:Proceed",
            "Terminated");

    private final HandlerConfig config;
    private final TargetClients<EcsClient> ecsClients;
    private final TargetClients<Ec2Client> ec2Clients;
    private final TargetClients<AutoScalingClient> autoScalingClients;
    private final TargetClients<AutoScalingClient> terminationClients;
    private final Clock clock;

    public ReplaceInstanceHandler() {
        this(System.getenv());
    }

    public ReplaceInstanceHandler(Map<String, String> env) {
        this(env, Clock.systemUTC());
    }

    /**
     * The handler with the clock its notAfter is read against: the system's on Lambda; the state machine's
     * own when the local toolkit runs it on simulated time, so the hard stop means the same there.
     */
    public ReplaceInstanceHandler(Map<String, String> env, Clock clock) {
        this(HandlerConfig.from(env), MemberAccess.from(env), env, clock);
    }

    private ReplaceInstanceHandler(HandlerConfig config, MemberAccess access, Map<String, String> env, Clock clock) {
        this(config, Clients.ecsReads(env, access), Clients.ec2Reads(env, access), Clients.autoScalingReads(env, access),
                Clients.autoScalingTerminate(env, access), clock);
    }

    /**
     * @param ecs          reads and UpdateContainerInstancesState, retried by the SDK
     * @param autoScaling  Auto Scaling reads, retried by the SDK
     * @param terminations TerminateInstanceInAutoScalingGroup, one attempt
     */
    ReplaceInstanceHandler(HandlerConfig config, EcsClient ecs, Ec2Client ec2, AutoScalingClient autoScaling,
                           AutoScalingClient terminations, Clock clock) {
        this(config, TargetClients.only(ecs), TargetClients.only(ec2), TargetClients.only(autoScaling),
                TargetClients.only(terminations), clock);
    }

    /** Each client in the cluster's own account and region (the member role's in another account). */
    ReplaceInstanceHandler(HandlerConfig config, TargetClients<EcsClient> ecs, TargetClients<Ec2Client> ec2,
                           TargetClients<AutoScalingClient> autoScaling, TargetClients<AutoScalingClient> terminations,
                           Clock clock) {
        this.config = config;
        this.ecsClients = ecs;
        this.ec2Clients = ec2;
        this.autoScalingClients = autoScaling;
        this.terminationClients = terminations;
        this.clock = clock;
    }

    @Override
    public ReplaceInstanceResponse handleRequest(ReplaceInstanceRequest request, Context context) {
        if (request == null) {
            throw new IllegalArgumentException("Replace instance needs {step, cluster, replacement, now, notAfter}");
        }
        Step step = new Step(request, Log.of(context, config.logLevel(), "ReplaceInstance"));
        ReplaceInstanceResponse response;
        try {
            response = switch (request.step()) {
                case DRAIN -> step.drain();
                case CHECK_DRAIN -> step.checkDrain();
                case UNDRAIN -> step.undrain();
                case TERMINATE -> step.terminate();
                case CHECK_REPLACEMENT -> step.checkReplacement();
            };
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "Replace instance " + request.step() + " of "
                    + request.replacement().ec2InstanceId());
        }
        Instant deadline = Replacement.instant(request.replacement().deadline(), "deadline");
        if (response.outcome() == ReplaceOutcome.WAITING && deadline != null && !clock.instant().isBefore(deadline)) {
            response = new ReplaceInstanceResponse(response.step(), ReplaceOutcome.TIMED_OUT,
                    "still waiting at the deadline " + deadline + ": " + response.reason(), response.replacement(),
                    null, 0);
        }
        response = response.with(request.cause(), Replacements::announcement);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("cluster", request.cluster().name());
        fields.put("ec2InstanceId", request.replacement().ec2InstanceId());
        fields.put("group", request.replacement().group());
        fields.put("step", request.step());
        fields.put("outcome", response.outcome());
        fields.put("reason", response.reason());
        fields.put("tasksLeft", response.tasksLeft());
        step.log.info("replace step", fields);
        if (request.step() == ReplaceStep.TERMINATE) {
            // The dashboard's replacements started: 1 when this invocation asked the group to terminate.
            step.log.metric(REPLACEMENTS_STARTED, step.terminated ? 1 : 0, request.cluster());
        }
        return response;
    }

    /** One invocation: the request and the calls around the rules. */
    private final class Step {
        /** Whether this invocation made the TerminateInstanceInAutoScalingGroup call. */
        private boolean terminated;
        private final ReplaceInstanceRequest request;
        private final Replacement replacement;
        private final Log log;
        private final String cluster;
        private final EcsClient ecs;
        private final Ec2Client ec2;
        private final AutoScalingClient autoScaling;
        private final AutoScalingClient terminations;
        /** The group's activities, read once per step (null until then). */
        private List<Activity> activities;

        Step(ReplaceInstanceRequest request, Log log) {
            this.request = request;
            this.replacement = request.replacement();
            this.log = log;
            this.cluster = request.cluster().arn();
            this.ecs = ecsClients.in(request.cluster());
            this.ec2 = ec2Clients.in(request.cluster());
            this.autoScaling = autoScalingClients.in(request.cluster());
            this.terminations = terminationClients.in(request.cluster());
        }

        ReplaceInstanceResponse drain() {
            Optional<ContainerInstance> described = describe();
            // DRAINING on a retry is this replacement's earlier attempt; on a first attempt something else
            // drains it (ECS managed draining, a Spot interruption, a lifecycle hook): NOT_ACTIVE below.
            boolean drainedBefore = request.retryCount() > 0 && described.isPresent()
                    && ContainerInstanceStatus.DRAINING.toString().equals(described.get().status());
            if (pastHardStop() && !drainedBefore) {
                // A retry past the hard stop of an attempt that did drain must say DRAINING, so that the drain is
                // followed and undone; anything else starts nothing.
                return refused(pastHardStopReason(), replacement);
            }
            if (described.isEmpty()) {
                return refused("NOT_ACTIVE: the container instance is not registered in the cluster", replacement);
            }
            ContainerInstance ci = described.get();
            boolean again = drainedBefore;
            if (!again && (!ContainerInstanceStatus.ACTIVE.toString().equals(ci.status())
                    || !Boolean.TRUE.equals(ci.agentConnected()))) {
                return refused("NOT_ACTIVE: the container instance is " + ci.status()
                        + (Boolean.TRUE.equals(ci.agentConnected()) ? "" : " and its agent is not connected"), replacement);
            }
            Optional<AutoScalingGroup> group = group();
            Optional<Instance> member = group.flatMap(this::member);
            if (member.isEmpty()) {
                return refused(notInGroup(), replacement);
            }
            List<Activity> activities = activities();
            if (again) {
                // An earlier attempt's drain: the checks held then, and the drain itself now moves tasks.
                return response(ReplaceOutcome.DRAINING, "already DRAINING: this replacement's drain from an earlier attempt",
                        marked(group.get(), activities), null, 0);
            }
            Optional<String> refusal = inService(member.get())
                    .or(() -> ReplacementRules.capacity(healthyInService(group.get()), weight(member.get()),
                            group.get().minSize(),
                            group.get().desiredCapacity()))
                    .or(() -> ReplacementRules.activityInProgress(activities))
                    .or(() -> ReplacementRules.refreshInProgress(refreshes()))
                    .or(() -> room(ci));
            if (refusal.isPresent()) {
                return refused(refusal.get(), replacement);
            }
            Replacement marked = marked(group.get(), activities);
            if (pastHardStop()) {
                // The reads took the attempt past notAfter: an attempt the state machine gave up on must not act.
                return refused(pastHardStopReason(), replacement);
            }
            Optional<String> failure = setStatus(ContainerInstanceStatus.DRAINING);
            if (failure.isPresent()) {
                return refused("NOT_ACTIVE: ECS did not drain the container instance: " + failure.get(), replacement);
            }
            return response(ReplaceOutcome.DRAINING, null, marked, null, 0);
        }

        ReplaceInstanceResponse checkDrain() {
            Optional<ContainerInstance> described = describe();
            if (described.isEmpty() || "INACTIVE".equals(described.get().status())) {
                return response(ReplaceOutcome.DRAINED, "the container instance is gone: no task runs on it",
                        replacement, null, 0);
            }
            ContainerInstance ci = described.get();
            int left = count(ci.runningTasksCount()) + count(ci.pendingTasksCount());
            if (!ContainerInstanceStatus.DRAINING.toString().equals(ci.status())) {
                return response(ReplaceOutcome.DRAINING, "the container instance is " + ci.status()
                        + ", not DRAINING: someone set it back", replacement, null, left);
            }
            if (left == 0) {
                return response(ReplaceOutcome.DRAINED, null, replacement, null, 0);
            }
            return response(ReplaceOutcome.DRAINING, null, replacement, null, left);
        }

        ReplaceInstanceResponse undrain() {
            Optional<ContainerInstance> described = describe();
            if (described.isPresent() && ContainerInstanceStatus.ACTIVE.toString().equals(described.get().status())) {
                return response(ReplaceOutcome.ACTIVE, "the container instance was already ACTIVE", replacement, null, 0);
            }
            // Terminated by an attempt whose answer was lost (or by an execution that died right after the
            // call): the replacement is under way, not undone; setting a dying host ACTIVE would place tasks on it.
            Optional<String> seen = terminationSeen(group().flatMap(this::member));
            if (seen.isPresent()) {
                return terminating(seen.get() + ": its termination went through, the replacement is followed",
                        terminationStart().orElse(fallbackStart()));
            }
            if (described.isEmpty()) {
                return response(ReplaceOutcome.ACTIVE, "the container instance is gone (MISSING): nothing to undo",
                        replacement, null, 0);
            }
            String status = described.get().status();
            if (!ContainerInstanceStatus.DRAINING.toString().equals(status)) {
                return response(ReplaceOutcome.ACTIVE, "the container instance is " + status + ": nothing to undo",
                        replacement, null, 0);
            }
            // What the drain left on it (a drain that timed out says how many tasks kept it).
            int left = count(described.get().runningTasksCount()) + count(described.get().pendingTasksCount());
            Optional<String> failure = setStatus(ContainerInstanceStatus.ACTIVE);
            return response(ReplaceOutcome.ACTIVE, failure.map(f -> "the container instance is gone (" + f
                    + "): nothing to undo").orElse(null), replacement, null, left);
        }

        ReplaceInstanceResponse terminate() {
            // An earlier attempt's termination first: a retry past the hard stop must find it, not undo the drain
            // of an instance that is shutting down.
            Optional<AutoScalingGroup> group = group();
            Optional<Instance> member = group.flatMap(this::member);
            Optional<String> seen = terminationSeen(member);
            if (seen.isPresent()) {
                return terminating(seen.get() + ": an earlier attempt's termination",
                        terminationStart().orElse(fallbackStart()));
            }
            if (pastHardStop()) {
                // Setting the drained instance ACTIVE again starts nothing: it undoes this replacement's drain.
                return refusedUndrained(pastHardStopReason());
            }
            if (member.isEmpty()) {
                return refusedUndrained(notInGroup());
            }
            List<Activity> activities = activities();
            Optional<String> refusal = inService(member.get())
                    .or(() -> ReplacementRules.protection(Boolean.TRUE.equals(member.get().protectedFromScaleIn())))
                    .or(() -> ReplacementRules.groupUnchanged(replacement.groupMark(), fingerprint(group.get())))
                    .or(() -> ReplacementRules.activitySince(activities,
                            Replacement.instant(replacement.activityMark(), "activityMark")))
                    .or(() -> ReplacementRules.capacity(healthyInService(group.get()), weight(member.get()),
                            group.get().minSize(),
                            group.get().desiredCapacity()));
            if (refusal.isPresent()) {
                return refusedUndrained(refusal.get());
            }
            if (pastHardStop()) {
                return refusedUndrained(pastHardStopReason());
            }
            Instant before = clock.instant();
            TerminateInstanceInAutoScalingGroupResponse answer = terminations.terminateInstanceInAutoScalingGroup(r -> r
                    .instanceId(replacement.ec2InstanceId()).shouldDecrementDesiredCapacity(false));
            terminated = true;
            Instant at = answer.activity() != null && answer.activity().startTime() != null
                    ? answer.activity().startTime() : before;
            return terminating(null, at);
        }

        ReplaceInstanceResponse checkReplacement() {
            Instant terminatedAt = Replacement.instant(replacement.terminatedAt(), "terminatedAt");
            if (terminatedAt == null) {
                throw new IllegalArgumentException("CHECK_REPLACEMENT needs replacement.terminatedAt, which TERMINATE sets");
            }
            // EC2 reports LaunchTime to the second.
            Instant since = terminatedAt.truncatedTo(ChronoUnit.SECONDS);
            Map<String, software.amazon.awssdk.services.ec2.model.Instance> launched = new LinkedHashMap<>();
            String token = null;
            do {
                String next = token;
                DescribeInstancesResponse page = ec2.describeInstances(r -> r.nextToken(next).maxResults(1000).filters(
                        Filter.builder().name("tag:aws:autoscaling:groupName").values(replacement.group()).build(),
                        Filter.builder().name("instance-state-name").values("pending", "running").build()));
                page.reservations().forEach(res -> res.instances().forEach(i -> {
                    if (!i.instanceId().equals(replacement.ec2InstanceId()) && i.launchTime() != null
                            && !i.launchTime().isBefore(since)) {
                        launched.put(i.instanceId(), i);
                    }
                }));
                token = page.nextToken();
            } while (token != null);
            if (launched.isEmpty()) {
                return response(ReplaceOutcome.WAITING, "no instance launched in " + replacement.group() + " since "
                        + replacement.terminatedAt(), replacement, null, 0);
            }
            List<software.amazon.awssdk.services.ec2.model.Instance> first = launched.values().stream()
                    .sorted(Comparator.comparing(software.amazon.awssdk.services.ec2.model.Instance::launchTime)
                            .thenComparing(software.amazon.awssdk.services.ec2.model.Instance::instanceId))
                    .limit(MAX_NEW).toList();
            String filter = "ec2InstanceId in [" + String.join(", ",
                    first.stream().map(software.amazon.awssdk.services.ec2.model.Instance::instanceId).toList()) + "]";
            List<String> arns = new ArrayList<>();
            String ciToken = null;
            do {
                String next = ciToken;
                ListContainerInstancesResponse page = ecs.listContainerInstances(r -> r.cluster(cluster).filter(filter)
                        .nextToken(next));
                arns.addAll(page.containerInstanceArns());
                ciToken = page.nextToken();
            } while (ciToken != null);
            if (arns.isEmpty()) {
                return response(ReplaceOutcome.WAITING, first.getFirst().instanceId() + " launched, not yet registered in "
                        + "the cluster", replacement, null, 0);
            }
            Map<String, ContainerInstance> byEc2 = new LinkedHashMap<>();
            ecs.describeContainerInstances(r -> r.cluster(cluster).containerInstances(arns)).containerInstances()
                    .forEach(ci -> byEc2.put(ci.ec2InstanceId(), ci));
            for (var instance : first) {
                ContainerInstance ci = byEc2.get(instance.instanceId());
                if (ci != null && ContainerInstanceStatus.ACTIVE.toString().equals(ci.status())
                        && Boolean.TRUE.equals(ci.agentConnected())) {
                    NewInstance successor = new NewInstance(instance.instanceId(), idOf(ci.containerInstanceArn()),
                            instance.imageId(), ci.versionInfo() == null ? null : ci.versionInfo().agentVersion());
                    if (replacement.expectedAmi().equals(instance.imageId())) {
                        return response(ReplaceOutcome.REPLACED, null, replacement, successor, 0);
                    }
                    return response(ReplaceOutcome.UNEXPECTED_AMI, instance.instanceId() + " runs " + instance.imageId()
                            + ", expected " + replacement.expectedAmi(), replacement, successor, 0);
                }
            }
            return response(ReplaceOutcome.WAITING, "registered, not yet ACTIVE with a connected agent", replacement,
                    null, 0);
        }

        // --- checks ---

        private boolean pastHardStop() {
            return request.notAfter() != null && !clock.instant().isBefore(Instant.parse(request.notAfter()));
        }

        private String pastHardStopReason() {
            return "PAST_HARD_STOP: the run's notAfter " + request.notAfter() + " has passed: no call made";
        }

        private String notInGroup() {
            return "NOT_IN_GROUP: Auto Scaling does not list " + replacement.ec2InstanceId() + " in "
                    + replacement.group();
        }

        private Optional<String> inService(Instance member) {
            return "InService".equals(member.lifecycleStateAsString()) ? Optional.empty()
                    : Optional.of("NOT_IN_SERVICE: the instance is " + member.lifecycleStateAsString() + " in "
                    + replacement.group());
        }

        /**
         * The group's healthy InService capacity in its own units: each instance's WeightedCapacity (a
         * mixed instances policy's weights, or vCPUs or memory with DesiredCapacityType), 1 without one, as
         * DesiredCapacity counts them:
         * https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-mixed-instances-groups-instance-weighting.html
         */
        private int healthyInService(AutoScalingGroup group) {
            return group.instances().stream().filter(i -> "InService".equals(i.lifecycleStateAsString())
                    && "Healthy".equalsIgnoreCase(i.healthStatus())).mapToInt(ReplaceInstanceHandler::weight).sum();
        }

        /** The instance's service tasks against the room on the cluster's other ACTIVE, connected instances. */
        private Optional<String> room(ContainerInstance self) {
            ListTasksResponse listed = ecs.listTasks(r -> r.cluster(cluster).containerInstance(self.containerInstanceArn())
                    .maxResults(MAX_TASKS));
            if (listed.nextToken() != null) {
                return Optional.of("NO_ROOM: more than " + MAX_TASKS + " tasks on the instance: too many to check");
            }
            if (listed.taskArns().isEmpty()) {
                return Optional.empty();
            }
            List<Need> needs = new ArrayList<>();
            for (Task task : ecs.describeTasks(r -> r.cluster(cluster).tasks(listed.taskArns())).tasks()) {
                if (task.group() != null && task.group().startsWith("service:")) {
                    needs.add(new Need(idOf(task.taskArn()), reservation(task.cpu(), task.containers().stream()
                            .map(c -> c.cpu()).toList()), reservation(task.memory(), task.containers().stream()
                            .map(c -> c.memoryReservation() != null ? c.memoryReservation() : c.memory()).toList())));
                }
            }
            if (needs.isEmpty()) {
                return Optional.empty();
            }
            return ReplacementRules.room(needs, rooms(self.containerInstanceArn()));
        }

        private List<Room> rooms(String self) {
            List<Room> rooms = new ArrayList<>();
            String token = null;
            do {
                String next = token;
                ListContainerInstancesResponse page = ecs.listContainerInstances(r -> r.cluster(cluster)
                        .status(ContainerInstanceStatus.ACTIVE).nextToken(next));
                List<String> others = page.containerInstanceArns().stream().filter(a -> !a.equals(self)).toList();
                if (!others.isEmpty()) {
                    for (ContainerInstance ci : ecs.describeContainerInstances(r -> r.cluster(cluster)
                            .containerInstances(others)).containerInstances()) {
                        if (ContainerInstanceStatus.ACTIVE.toString().equals(ci.status())
                                && Boolean.TRUE.equals(ci.agentConnected())) {
                            rooms.add(new Room(idOf(ci.containerInstanceArn()), resource(ci.remainingResources(), "CPU"),
                                    resource(ci.remainingResources(), "MEMORY")));
                        }
                    }
                }
                token = page.nextToken();
            } while (token != null);
            return rooms;
        }

        /** The group as DRAIN saw it: the replacement with its fingerprint and newest activity. */
        private Replacement marked(AutoScalingGroup group, List<Activity> activities) {
            Instant newest = ReplacementRules.newestActivity(activities);
            return replacement.drained(fingerprint(group), newest == null ? null : newest.toString());
        }

        private String fingerprint(AutoScalingGroup group) {
            List<String> lines = new ArrayList<>();
            lines.add("min=" + group.minSize() + " max=" + group.maxSize() + " desired=" + group.desiredCapacity());
            Map<String, Long> resolved = new LinkedHashMap<>();
            if (group.launchConfigurationName() != null) {
                lines.add("launchConfiguration=" + group.launchConfigurationName());
            }
            if (group.launchTemplate() != null) {
                lines.add("launchTemplate=" + spec(group.launchTemplate(), resolved));
            }
            if (group.mixedInstancesPolicy() != null) {
                var policy = group.mixedInstancesPolicy();
                if (policy.launchTemplate() != null) {
                    lines.add("mixed=" + spec(policy.launchTemplate().launchTemplateSpecification(), resolved));
                    for (LaunchTemplateOverrides o : policy.launchTemplate().overrides()) {
                        lines.add("override=" + o.instanceType() + "|" + o.weightedCapacity() + "|" + o.imageId() + "|"
                                + (o.launchTemplateSpecification() == null ? "" : spec(o.launchTemplateSpecification(), resolved)));
                    }
                }
                if (policy.instancesDistribution() != null) {
                    lines.add("distribution=" + policy.instancesDistribution());
                }
            }
            return ReplacementRules.fingerprint(lines);
        }

        /**
         * A template as the group names it; an alias ({@code $Latest}, {@code $Default}, or none: the
         * default) with the version number it stands for now, so a new version counts as a change.
         */
        private String spec(LaunchTemplateSpecification spec, Map<String, Long> resolved) {
            if (spec == null) {
                return "";
            }
            String template = spec.launchTemplateId() != null ? spec.launchTemplateId() : spec.launchTemplateName();
            String version = spec.version() == null ? "$Default" : spec.version();
            if (!version.startsWith("$")) {
                return template + "@" + version;
            }
            String key = template + "@" + version;
            if (!resolved.containsKey(key) && resolved.size() < MAX_TEMPLATES) {
                List<LaunchTemplateVersion> versions = ec2.describeLaunchTemplateVersions(r -> {
                    if (spec.launchTemplateId() != null) {
                        r.launchTemplateId(spec.launchTemplateId());
                    } else {
                        r.launchTemplateName(spec.launchTemplateName());
                    }
                    r.versions(version);
                }).launchTemplateVersions();
                resolved.put(key, versions.isEmpty() ? null : versions.getFirst().versionNumber());
            }
            return key + "=" + resolved.get(key);
        }

        // --- calls ---

        private Optional<ContainerInstance> describe() {
            DescribeContainerInstancesResponse answer = ecs.describeContainerInstances(r -> r.cluster(cluster)
                    .containerInstances(replacement.containerInstanceId()));
            return answer.containerInstances().stream().findFirst();
        }

        private Optional<AutoScalingGroup> group() {
            return autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames(replacement.group()))
                    .autoScalingGroups().stream().filter(g -> replacement.group().equals(g.autoScalingGroupName()))
                    .findFirst();
        }

        private Optional<Instance> member(AutoScalingGroup group) {
            return group.instances().stream().filter(i -> replacement.ec2InstanceId().equals(i.instanceId())).findFirst();
        }

        /**
         * The group's newest activities (one page, newest first: one in progress is among them), read once
         * per step: the termination check and the activity rules look at the same page.
         */
        private List<Activity> activities() {
            if (activities == null) {
                activities = autoScaling.describeScalingActivities(r -> r.autoScalingGroupName(replacement.group())
                        .maxRecords(100)).activities().stream()
                        .map(a -> new Activity(a.statusCodeAsString(), a.startTime(), a.description()))
                        .toList();
            }
            return activities;
        }

        private List<String> refreshes() {
            return autoScaling.describeInstanceRefreshes(r -> r.autoScalingGroupName(replacement.group()).maxRecords(100))
                    .instanceRefreshes().stream().map(InstanceRefresh::statusAsString).toList();
        }

        /**
         * Whether the instance is being (or was) terminated: its group lists it Terminating (also
         * Terminating:Wait, a lifecycle hook holding it while EC2 still says running), EC2 shows it
         * shutting down or terminated, or its group has a "Terminating EC2 instance" activity for it since
         * the replacement started (Auto Scaling's lists are eventually consistent). Empty when none says so.
         */
        private Optional<String> terminationSeen(Optional<Instance> member) {
            if (member.isPresent() && LEAVING.contains(member.get().lifecycleStateAsString())) {
                return Optional.of("already " + member.get().lifecycleStateAsString());
            }
            if (member.isEmpty() && ec2Leaving()) {
                return Optional.of("already shutting down");
            }
            Instant started = Replacement.instant(replacement.startedAt(), "startedAt");
            return terminationStart().filter(at -> started == null || !at.isBefore(started))
                    .map(at -> "its termination began at " + at);
        }

        /**
         * When Auto Scaling began terminating the instance, from its activity, described "Terminating EC2
         * instance: i-…" (as DescribeScalingActivities' examples show it:
         * https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-verify-scaling-activity.html).
         */
        private Optional<Instant> terminationStart() {
            String id = replacement.ec2InstanceId();
            return activities().stream()
                    .filter(a -> a.description() != null && a.description().startsWith("Terminating")
                            && a.description().contains(id) && a.startTime() != null)
                    .map(Activity::startTime).findFirst();
        }

        /**
         * No activity found: the drain's start. No activity began between the drain and the termination
         * (TERMINATE checks), so no other launch lies in between.
         */
        private Instant fallbackStart() {
            Instant started = Replacement.instant(replacement.startedAt(), "startedAt");
            return started != null ? started : clock.instant();
        }

        /** Whether EC2 shows the instance shutting down or terminated (gone from its group's list). */
        private boolean ec2Leaving() {
            var reservations = ec2.describeInstances(r -> r.filters(Filter.builder().name("instance-id")
                    .values(replacement.ec2InstanceId()).build())).reservations();
            return reservations.stream().flatMap(res -> res.instances().stream())
                    .anyMatch(i -> i.state() != null && (i.state().name() == InstanceStateName.SHUTTING_DOWN
                            || i.state().name() == InstanceStateName.TERMINATED));
        }

        /**
         * UpdateContainerInstancesState on this instance. ECS answers an instance it cannot change in
         * {@code failures} (MISSING, or its status), not with an exception:
         * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateContainerInstancesState.html
         *
         * @return the failure's reason, empty when ECS accepted
         */
        private Optional<String> setStatus(ContainerInstanceStatus status) {
            UpdateContainerInstancesStateResponse answer = ecs.updateContainerInstancesState(r -> r.cluster(cluster)
                    .containerInstances(replacement.containerInstanceId()).status(status));
            return answer.failures().stream().findFirst()
                    .map(f -> f.reason() + (f.detail() == null ? "" : " (" + f.detail() + ")"));
        }

        // --- answers ---

        private ReplaceInstanceResponse refusedUndrained(String reason) {
            Optional<String> failure = setStatus(ContainerInstanceStatus.ACTIVE);
            return refused(reason + failure.map(f -> "; the container instance could not be set ACTIVE: " + f)
                    .orElse("; the container instance is ACTIVE again"), replacement);
        }

        private ReplaceInstanceResponse terminating(String reason, Instant at) {
            return response(ReplaceOutcome.TERMINATING, reason, replacement.terminating(at.toString()), null, 0);
        }

        private ReplaceInstanceResponse refused(String reason, Replacement unchanged) {
            return response(ReplaceOutcome.REFUSED, reason, unchanged, null, 0);
        }

        private ReplaceInstanceResponse response(ReplaceOutcome outcome, String reason, Replacement updated,
                                                 NewInstance newInstance, int tasksLeft) {
            return new ReplaceInstanceResponse(request.step(), outcome, reason, updated, newInstance, tasksLeft);
        }
    }

    /** An instance's WeightedCapacity, 1 when it has none (or one that is not a whole number). */
    static int weight(Instance instance) {
        try {
            return instance.weightedCapacity() == null ? 1 : Math.max(1, Integer.parseInt(instance.weightedCapacity().trim()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static int count(Integer n) {
        return n == null ? 0 : n;
    }

    /** What a task reserves: its task-level size, else the sum of its containers' (absent: 0). */
    static int reservation(String taskLevel, List<String> containers) {
        Integer whole = number(taskLevel);
        if (whole != null) {
            return whole;
        }
        return containers.stream().map(ReplaceInstanceHandler::number).mapToInt(n -> n == null ? 0 : n).sum();
    }

    /** A plain integer, as EC2 tasks give CPU units and MiB; anything else (e.g. "1 vCPU") is null. */
    private static Integer number(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int resource(List<Resource> resources, String name) {
        return resources.stream().filter(r -> name.equals(r.name())).mapToInt(r -> r.integerValue() == null ? 0 : r.integerValue())
                .findFirst().orElse(0);
    }

    /** The id at the end of an ARN (a container instance's or a task's). */
    static String idOf(String arn) {
        return arn == null ? null : arn.substring(arn.lastIndexOf('/') + 1);
    }
}
