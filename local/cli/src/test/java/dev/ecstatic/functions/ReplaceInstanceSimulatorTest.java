package dev.ecstatic.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import dev.ecstatic.functions.model.Cluster;
import dev.ecstatic.functions.model.NewInstance;
import dev.ecstatic.functions.model.ReplaceInstanceRequest;
import dev.ecstatic.functions.model.ReplaceInstanceResponse;
import dev.ecstatic.functions.model.ReplaceOutcome;
import dev.ecstatic.functions.model.ReplaceStep;
import dev.ecstatic.functions.model.Replacement;
import dev.ecstatic.simulator.AwsSimulator;
import dev.ecstatic.simulator.Fleet;
import dev.ecstatic.simulator.FleetSnapshot.InstanceState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;

/**
 * ReplaceInstanceHandler step by step against the simulator (EC2, Auto Scaling and ECS on a simulated
 * clock): the whole replacement, every refusal, the retried steps, and what was sent
 * ({@code callsByAction}): a refusal never drains or terminates anything.
 */
class ReplaceInstanceSimulatorTest {
    static final Instant START = Instant.parse("2026-01-05T09:00:00Z");
    static final String UPDATE_STATE = "UpdateContainerInstancesState";
    static final String TERMINATE = "TerminateInstanceInAutoScalingGroup";

    /**
     * Group g launches launch template "web" at $Latest, version 2 (ami-0new), while its three instances
     * still run version 1's ami-0old, each with one task of service web (512 CPU, 1,024 MiB).
     * Placeholders: %GROUP% (extra group fields), %INSTANCES% (extra instance groups), %VERSIONS% (extra
     * template versions), %TASK_MEMORY%.
     */
    static final String FLEET = """
            { "latestAgentVersion": "1.89.0", "seed": 13,
              "amis": [
                { "id": "ami-0old", "name": "al2023-ami-ecs-hvm-2023.0.20240905-kernel-6.1-x86_64",
                  "creationDate": "2024-09-05T00:00:00Z", "agentVersion": "1.86.3" },
                { "id": "ami-0new", "name": "al2023-ami-ecs-hvm-2023.0.20251210-kernel-6.1-x86_64",
                  "creationDate": "2025-12-10T00:00:00Z", "agentVersion": "1.89.0", "dockerVersion": "25.0.8" },
                { "id": "ami-0next", "name": "al2023-ami-ecs-hvm-2023.0.20260105-kernel-6.1-x86_64",
                  "creationDate": "2026-01-05T00:00:00Z", "agentVersion": "1.89.0", "dockerVersion": "25.0.8" } ],
              "recommended": { "amazon-linux-2023": { "image_id": "ami-0new" } },
              "launchTemplates": [ { "name": "web", "versions": [
                { "imageId": "ami-0old" }, { "imageId": "ami-0new" } %VERSIONS% ] } ],
              "timings": { "drainSeconds": 10, "launchSeconds": 60, "registerSeconds": 30, "deregisterSeconds": 45 },
              "clusters": [ { "name": "c", "autoScalingGroups": [
                { "name": "g", "minSize": 1, "maxSize": 6, "launchTemplate": { "name": "web", "version": "$Latest" }
                  %GROUP%,
                  "instances": [
                    { "count": 3, "launchTemplateVersion": "1",
                      "tasks": [ { "service": "web", "cpu": 512, "memory": %TASK_MEMORY% } ] } %INSTANCES% ] } ] } ],
              "faults": { "throttle": false } }
            """;

    private final TestClock clock = new TestClock(START);
    private AwsSimulator sim;
    private final List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
    private EcsClient ecs;
    private Ec2Client ec2;
    private AutoScalingClient autoScaling;
    private ReplaceInstanceHandler handler;

    private void start(Map<String, String> placeholders) {
        String json = FLEET;
        Map<String, String> all = new java.util.HashMap<>(Map.of("%GROUP%", "", "%INSTANCES%", "", "%VERSIONS%", "",
                "%TASK_MEMORY%", "1024"));
        all.putAll(placeholders);
        for (var e : all.entrySet()) {
            json = json.replace(e.getKey(), e.getValue());
        }
        sim = AwsSimulator.start(Fleet.parse(json, "replace-fleet.json"), 0, clock);
        Region region = Region.of(sim.fleet().region());
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret"));
        ecs = EcsClient.builder().endpointOverride(sim.endpoint()).region(region).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        ec2 = Ec2Client.builder().endpointOverride(sim.endpoint()).region(region).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        autoScaling = AutoScalingClient.builder().endpointOverride(sim.endpoint()).region(region)
                .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        handler = new ReplaceInstanceHandler(new HandlerConfig(Log.Level.DEBUG), ecs, ec2, autoScaling, autoScaling, clock);
    }

    private void start() {
        start(Map.of());
    }

    @AfterEach
    void stop() {
        if (sim != null) {
            ecs.close();
            ec2.close();
            autoScaling.close();
            sim.close();
        }
    }

    private List<InstanceState> instances() {
        return sim.snapshot().clusters().getFirst().instances();
    }

    /** The first instance of group g whose lifecycle state is {@code state}, as Auto Scaling lists it. */
    private InstanceState member(String state) {
        String id = autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames("g")).autoScalingGroups()
                .getFirst().instances().stream().filter(i -> i.lifecycleStateAsString().equals(state)).findFirst()
                .orElseThrow().instanceId();
        return instances().stream().filter(i -> i.ec2InstanceId().equals(id)).findFirst().orElseThrow();
    }

    private Replacement replacementOf(InstanceState instance, String group) {
        return new Replacement(instance.ec2InstanceId(), instance.containerInstanceId(), group, instance.amiId(),
                "ami-0new", instance.agentVersion(), "linux/x86_64", "m6i.large", "unsupported platform",
                Replacement.Phase.DRAINING, START.toString(), START.plus(Duration.ofMinutes(30)).toString(),
                START.plus(Duration.ofMinutes(50)).toString(), null, null, null,
                "arn:aws:states:us-east-1:123456789012:execution:ecstatic:test");
    }

    private ReplaceInstanceResponse step(ReplaceStep step, Replacement replacement) {
        return step(step, replacement, null);
    }

    private ReplaceInstanceResponse step(ReplaceStep step, Replacement replacement, String notAfter) {
        return step(step, replacement, notAfter, 0);
    }

    /** {@code retryCount} > 0: the state machine's retry of a step whose earlier attempt may have acted. */
    private ReplaceInstanceResponse step(ReplaceStep step, Replacement replacement, String notAfter, int retryCount) {
        Cluster cluster = new Cluster("c", sim.snapshot().clusters().getFirst().arn());
        return handler.handleRequest(new ReplaceInstanceRequest(step, cluster, replacement, clock.instant().toString(),
                notAfter, null, "arn:aws:states:us-east-1:123456789012:execution:ecstatic/Cluster:t", retryCount),
                new QuietContext(logged::add));
    }

    /** The ReplacementsStarted values the steps emitted (EMF lines), in order. */
    @SuppressWarnings("unchecked")
    private List<Long> replacementsStarted() {
        return logged.stream().filter(l -> l.contains("\"_aws\"") && l.contains("\"ReplacementsStarted\""))
                .map(l -> ((Number) ((Map<String, Object>) Json.parse(l)).get("ReplacementsStarted")).longValue())
                .toList();
    }

    private ContainerInstance described(String containerInstanceId) {
        return ecs.describeContainerInstances(r -> r.cluster("c").containerInstances(containerInstanceId))
                .containerInstances().getFirst();
    }

    private long calls(String action) {
        return sim.callsByAction().getOrDefault(action, 0L);
    }

    /** What a REFUSED DRAIN must leave: no write call, the instance ACTIVE, the replacement unchanged. */
    private void assertRefusedDrain(Replacement replacement, ReplaceInstanceResponse response, String code) {
        assertThat(response.outcome()).isEqualTo(ReplaceOutcome.REFUSED);
        assertThat(response.reason()).startsWith(code + ": ");
        assertThat(response.replacement()).isEqualTo(replacement);
        assertThat(calls(UPDATE_STATE)).as("no drain").isZero();
        assertThat(calls(TERMINATE)).isZero();
    }

    // --- the whole replacement ---

    @Test
    void drain_checkDrain_terminate_checkReplacement_replacesTheInstanceWithOneOnTheGroupsAmi() {
        start();
        InstanceState old = member("InService");
        Replacement replacement = replacementOf(old, "g");

        ReplaceInstanceResponse drain = step(ReplaceStep.DRAIN, replacement);

        assertThat(drain.outcome()).as(drain.reason()).isEqualTo(ReplaceOutcome.DRAINING);
        assertThat(drain.replacement().groupMark()).hasSize(16);
        assertThat(drain.replacement().phase()).isEqualTo(Replacement.Phase.DRAINING);
        assertThat(described(old.containerInstanceId()).status()).isEqualTo("DRAINING");
        assertThat(calls(UPDATE_STATE)).isEqualTo(1);

        ReplaceInstanceResponse draining = step(ReplaceStep.CHECK_DRAIN, drain.replacement());
        assertThat(draining.outcome()).isEqualTo(ReplaceOutcome.DRAINING);
        assertThat(draining.tasksLeft()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(11));
        ReplaceInstanceResponse drained = step(ReplaceStep.CHECK_DRAIN, drain.replacement());
        assertThat(drained.outcome()).isEqualTo(ReplaceOutcome.DRAINED);
        assertThat(drained.tasksLeft()).isZero();

        Instant terminatedAt = clock.instant();
        ReplaceInstanceResponse terminate = step(ReplaceStep.TERMINATE, drained.replacement());
        assertThat(terminate.outcome()).as(terminate.reason()).isEqualTo(ReplaceOutcome.TERMINATING);
        assertThat(terminate.replacement().phase()).isEqualTo(Replacement.Phase.TERMINATING);
        assertThat(Instant.parse(terminate.replacement().terminatedAt())).isEqualTo(terminatedAt);
        assertThat(calls(TERMINATE)).isEqualTo(1);

        ReplaceInstanceResponse launching = step(ReplaceStep.CHECK_REPLACEMENT, terminate.replacement());
        assertThat(launching.outcome()).isEqualTo(ReplaceOutcome.WAITING);
        assertThat(launching.newInstance()).isNull();

        clock.advance(Duration.ofSeconds(61));
        assertThat(step(ReplaceStep.CHECK_REPLACEMENT, terminate.replacement()).outcome())
                .as("InService, not yet registered").isEqualTo(ReplaceOutcome.WAITING);

        clock.advance(Duration.ofSeconds(31));
        ReplaceInstanceResponse replaced = step(ReplaceStep.CHECK_REPLACEMENT, terminate.replacement());
        assertThat(replaced.outcome()).as(replaced.reason()).isEqualTo(ReplaceOutcome.REPLACED);
        NewInstance successor = replaced.newInstance();
        InstanceState registered = instances().stream().filter(i -> i.ec2InstanceId().equals(successor.ec2InstanceId()))
                .findFirst().orElseThrow();
        assertThat(successor).isEqualTo(new NewInstance(registered.ec2InstanceId(), registered.containerInstanceId(),
                "ami-0new", "1.89.0"));
        assertThat(successor.ec2InstanceId()).isNotEqualTo(old.ec2InstanceId());
        assertThat(calls(UPDATE_STATE)).as("one drain, nothing else written").isEqualTo(1);
        assertThat(calls(TERMINATE)).isEqualTo(1);
        assertThat(calls("ListContainerInstances")).isPositive();
    }

    @Test
    void aRetriedDrain_onTheInstanceItDrained_isDrainingAgain_withoutASecondCall() {
        start();
        Replacement replacement = replacementOf(member("InService"), "g");

        ReplaceInstanceResponse first = step(ReplaceStep.DRAIN, replacement);
        ReplaceInstanceResponse again = step(ReplaceStep.DRAIN, replacement, null, 1);

        assertThat(first.outcome()).isEqualTo(ReplaceOutcome.DRAINING);
        assertThat(again.outcome()).isEqualTo(ReplaceOutcome.DRAINING);
        assertThat(again.reason()).contains("already DRAINING");
        assertThat(again.replacement().groupMark()).isEqualTo(first.replacement().groupMark());
        assertThat(again.replacement().activityMark()).isEqualTo(first.replacement().activityMark());
        assertThat(calls(UPDATE_STATE)).isEqualTo(1);
    }

    @Test
    void aRetriedTerminate_onTheInstanceItTerminated_isTerminatingAgain_withoutASecondCall() {
        start();
        Replacement drained = step(ReplaceStep.DRAIN, replacementOf(member("InService"), "g")).replacement();
        clock.advance(Duration.ofSeconds(11));

        ReplaceInstanceResponse first = step(ReplaceStep.TERMINATE, drained);
        clock.advance(Duration.ofSeconds(5));
        ReplaceInstanceResponse again = step(ReplaceStep.TERMINATE, drained);
        clock.advance(Duration.ofSeconds(60));
        ReplaceInstanceResponse afterDeregistration = step(ReplaceStep.TERMINATE, drained);

        assertThat(first.outcome()).isEqualTo(ReplaceOutcome.TERMINATING);
        for (ReplaceInstanceResponse retry : List.of(again, afterDeregistration)) {
            assertThat(retry.outcome()).as(retry.reason()).isEqualTo(ReplaceOutcome.TERMINATING);
            assertThat(retry.reason()).contains("already");
            assertThat(retry.replacement().terminatedAt()).as("the termination's own start")
                    .isEqualTo(first.replacement().terminatedAt());
        }
        assertThat(calls(TERMINATE)).isEqualTo(1);
        assertThat(replacementsStarted()).as("one replacement started, the retries none").containsExactly(1L, 0L, 0L);
    }

    @Test
    void undrain_setsTheInstanceActiveAgain_andSaysSoWhenItAlreadyIs() {
        start();
        InstanceState instance = member("InService");
        Replacement drained = step(ReplaceStep.DRAIN, replacementOf(instance, "g")).replacement();

        ReplaceInstanceResponse undrained = step(ReplaceStep.UNDRAIN, drained);
        ReplaceInstanceResponse again = step(ReplaceStep.UNDRAIN, drained);

        assertThat(undrained.outcome()).isEqualTo(ReplaceOutcome.ACTIVE);
        assertThat(undrained.reason()).isNull();
        assertThat(described(instance.containerInstanceId()).status()).isEqualTo("ACTIVE");
        assertThat(again.outcome()).isEqualTo(ReplaceOutcome.ACTIVE);
        assertThat(again.reason()).contains("already ACTIVE");
        assertThat(calls(UPDATE_STATE)).as("the drain and one undrain").isEqualTo(2);
    }

    @Test
    void undrain_ofAnInstanceThatWasTerminated_isTerminating_neverActiveAgain() {
        start();
        InstanceState instance = member("InService");
        Replacement drained = step(ReplaceStep.DRAIN, replacementOf(instance, "g")).replacement();
        autoScaling.terminateInstanceInAutoScalingGroup(r -> r.instanceId(instance.ec2InstanceId())
                .shouldDecrementDesiredCapacity(false));
        clock.advance(Duration.ofSeconds(50));

        ReplaceInstanceResponse undrained = step(ReplaceStep.UNDRAIN, drained);

        // Its termination went through (an answer lost, an execution that died right after the call): the
        // replacement is followed, and the dying host is not set ACTIVE.
        assertThat(undrained.outcome()).isEqualTo(ReplaceOutcome.TERMINATING);
        assertThat(undrained.replacement().phase()).isEqualTo(Replacement.Phase.TERMINATING);
        assertThat(undrained.replacement().terminatedAt()).isNotNull();
        assertThat(undrained.reason()).contains("termination");
    }

    @Test
    void aFirstDrain_ofAnInstanceSomethingElseDrains_isRefused() {
        start();
        InstanceState instance = member("InService");
        ecs.updateContainerInstancesState(r -> r.cluster("c").containerInstances(instance.containerInstanceId())
                .status("DRAINING"));
        sim.resetCounters();

        ReplaceInstanceResponse response = step(ReplaceStep.DRAIN, replacementOf(instance, "g"));

        assertThat(response.outcome()).isEqualTo(ReplaceOutcome.REFUSED);
        assertThat(response.reason()).startsWith("NOT_ACTIVE: ").contains("DRAINING");
        assertThat(calls(UPDATE_STATE)).isZero();
    }

    // --- CHECK_REPLACEMENT: another AMI ---

    @Test
    void aTemplateVersionPublishedAfterTheListing_launchesAnotherAmi_unexpectedAmi() {
        // The state machine listed the group's AMI (ami-0new) at 09:00; version 3 (ami-0next) appears at
        // 09:01, before the drain, so the drain's mark includes it and the termination goes ahead.
        start(Map.of("%VERSIONS%", ", { \"imageId\": \"ami-0next\", \"createdAfterSeconds\": 60 }"));
        Replacement listed = replacementOf(member("InService"), "g");
        clock.advance(Duration.ofSeconds(61));

        Replacement drained = step(ReplaceStep.DRAIN, listed).replacement();
        clock.advance(Duration.ofSeconds(11));
        ReplaceInstanceResponse terminate = step(ReplaceStep.TERMINATE, drained);
        assertThat(terminate.outcome()).as(terminate.reason()).isEqualTo(ReplaceOutcome.TERMINATING);
        clock.advance(Duration.ofSeconds(100));

        ReplaceInstanceResponse checked = step(ReplaceStep.CHECK_REPLACEMENT, terminate.replacement());

        assertThat(checked.outcome()).isEqualTo(ReplaceOutcome.UNEXPECTED_AMI);
        assertThat(checked.newInstance().ami()).isEqualTo("ami-0next");
        assertThat(checked.reason()).contains("ami-0next").contains("expected ami-0new");
    }

    // --- DRAIN's refusals ---

    @Test
    void drain_ofAnInstanceNotInTheGroup_isRefusedNotInGroup() {
        start();
        Replacement replacement = replacementOf(member("InService"), "other-group");

        assertRefusedDrain(replacement, step(ReplaceStep.DRAIN, replacement), "NOT_IN_GROUP");
    }

    @Test
    void drain_ofAStandbyInstance_isRefusedNotInService() {
        start(Map.of("%INSTANCES%", ", { \"lifecycleState\": \"Standby\" }"));
        Replacement replacement = replacementOf(member("Standby"), "g");

        ReplaceInstanceResponse response = step(ReplaceStep.DRAIN, replacement);

        assertRefusedDrain(replacement, response, "NOT_IN_SERVICE");
        assertThat(response.reason()).contains("Standby");
    }

    @Test
    void drain_thatWouldLeaveTheGroupBelowItsMinimum_isRefusedMinCapacity() {
        start(Map.of("\"minSize\": 1", "\"minSize\": 3"));
        Replacement replacement = replacementOf(member("InService"), "g");

        assertRefusedDrain(replacement, step(ReplaceStep.DRAIN, replacement), "MIN_CAPACITY");
    }

    @Test
    void drain_whileTheGroupScales_isRefusedScalingActivity() {
        start(Map.of("%GROUP%", ", \"scalingActivities\": [ { \"description\": \"Launching a new EC2 instance\", "
                + "\"statusCode\": \"InProgress\" } ]"));
        Replacement replacement = replacementOf(member("InService"), "g");

        assertRefusedDrain(replacement, step(ReplaceStep.DRAIN, replacement), "SCALING_ACTIVITY");
    }

    @Test
    void drain_duringAnInstanceRefresh_isRefusedInstanceRefresh() {
        start(Map.of("%GROUP%", ", \"instanceRefreshes\": [ { \"status\": \"InProgress\" } ]"));
        Replacement replacement = replacementOf(member("InService"), "g");

        assertRefusedDrain(replacement, step(ReplaceStep.DRAIN, replacement), "INSTANCE_REFRESH");
    }

    @Test
    void drain_whoseServiceTasksFitNowhereElse_isRefusedNoRoom() {
        // m6i.large registers 7,680 MiB: each instance's 5,000 MiB task leaves 2,680 on the others.
        start(Map.of("%TASK_MEMORY%", "5000"));
        Replacement replacement = replacementOf(member("InService"), "g");

        ReplaceInstanceResponse response = step(ReplaceStep.DRAIN, replacement);

        assertRefusedDrain(replacement, response, "NO_ROOM");
        assertThat(response.reason()).contains("5000 MiB");
        assertThat(calls("ListTasks")).isEqualTo(1);
        assertThat(calls("DescribeTasks")).isEqualTo(1);
    }

    @Test
    void drain_ofAnInstanceWhoseAgentIsDisconnected_isRefusedNotActive() {
        start(Map.of("%INSTANCES%", ", { \"connected\": false }", "\"minSize\": 1", "\"minSize\": 0"));
        InstanceState disconnected = instances().stream().filter(i -> !i.connected()).findFirst().orElseThrow();
        Replacement replacement = replacementOf(disconnected, "g");

        ReplaceInstanceResponse response = step(ReplaceStep.DRAIN, replacement);

        assertRefusedDrain(replacement, response, "NOT_ACTIVE");
        assertThat(response.reason()).contains("not connected");
    }

    @Test
    void drain_atTheHardStop_onlyLooks_andDrainsNothing() {
        start();
        Replacement replacement = replacementOf(member("InService"), "g");
        sim.resetCounters();

        ReplaceInstanceResponse response = step(ReplaceStep.DRAIN, replacement, clock.instant().toString());

        assertRefusedDrain(replacement, response, "PAST_HARD_STOP");
        // One look (an earlier attempt's drain would be followed, not refused), no write.
        assertThat(sim.callsByAction()).containsOnlyKeys("DescribeContainerInstances");
    }

    // --- TERMINATE's refusals: each sets the instance ACTIVE again ---

    private void assertRefusedTerminate(ReplaceInstanceResponse response, String code, InstanceState instance) {
        assertThat(response.outcome()).isEqualTo(ReplaceOutcome.REFUSED);
        assertThat(response.reason()).startsWith(code + ": ").endsWith("the container instance is ACTIVE again");
        assertThat(response.replacement().phase()).isEqualTo(Replacement.Phase.DRAINING);
        assertThat(response.replacement().terminatedAt()).isNull();
        assertThat(described(instance.containerInstanceId()).status()).isEqualTo("ACTIVE");
        assertThat(calls(TERMINATE)).isZero();
        assertThat(calls(UPDATE_STATE)).as("the drain, then ACTIVE again").isEqualTo(2);
        assertThat(replacementsStarted()).as("a refused termination starts no replacement").containsExactly(0L);
    }

    @Test
    void terminate_ofAProtectedInstance_isRefusedProtected_andTheInstanceIsActiveAgain() {
        start(Map.of("%GROUP%", ", \"newInstancesProtectedFromScaleIn\": true"));
        InstanceState instance = member("InService");
        Replacement drained = step(ReplaceStep.DRAIN, replacementOf(instance, "g")).replacement();
        clock.advance(Duration.ofSeconds(11));

        assertRefusedTerminate(step(ReplaceStep.TERMINATE, drained), "PROTECTED", instance);
    }

    @Test
    void terminate_afterANewTemplateVersion_onLatest_isRefusedGroupChanged() {
        start(Map.of("%VERSIONS%", ", { \"imageId\": \"ami-0next\", \"createdAfterSeconds\": 60 }"));
        InstanceState instance = member("InService");
        Replacement drained = step(ReplaceStep.DRAIN, replacementOf(instance, "g")).replacement();
        clock.advance(Duration.ofSeconds(61));

        assertRefusedTerminate(step(ReplaceStep.TERMINATE, drained), "GROUP_CHANGED", instance);
    }

    @Test
    void terminate_afterTheDesiredCapacityChanged_isRefusedGroupChanged() {
        start();
        InstanceState instance = member("InService");
        Replacement drained = step(ReplaceStep.DRAIN, replacementOf(instance, "g")).replacement();
        String other = instances().stream().filter(i -> !i.ec2InstanceId().equals(instance.ec2InstanceId()))
                .findFirst().orElseThrow().ec2InstanceId();
        // someone else shrinks the group: desired 3 → 2
        autoScaling.terminateInstanceInAutoScalingGroup(r -> r.instanceId(other).shouldDecrementDesiredCapacity(true));
        sim.resetCounters();

        ReplaceInstanceResponse response = step(ReplaceStep.TERMINATE, drained);

        assertThat(response.outcome()).isEqualTo(ReplaceOutcome.REFUSED);
        assertThat(response.reason()).startsWith("GROUP_CHANGED: ").endsWith("the container instance is ACTIVE again");
        assertThat(calls(TERMINATE)).isZero();
        assertThat(calls(UPDATE_STATE)).as("ACTIVE again").isEqualTo(1);
        assertThat(described(instance.containerInstanceId()).status()).isEqualTo("ACTIVE");
    }

    @Test
    void terminate_atTheHardStop_terminatesNothing_andSetsTheInstanceActiveAgain() {
        start();
        InstanceState instance = member("InService");
        Replacement drained = step(ReplaceStep.DRAIN, replacementOf(instance, "g")).replacement();
        sim.resetCounters();

        ReplaceInstanceResponse response = step(ReplaceStep.TERMINATE, drained, clock.instant().minusSeconds(1).toString());

        assertThat(response.outcome()).isEqualTo(ReplaceOutcome.REFUSED);
        assertThat(response.reason()).startsWith("PAST_HARD_STOP: ").endsWith("the container instance is ACTIVE again");
        // It looked for an earlier attempt's termination first; no termination.
        assertThat(sim.callsByAction()).containsOnlyKeys("DescribeAutoScalingGroups", "DescribeScalingActivities",
                "UpdateContainerInstancesState");
        assertThat(described(instance.containerInstanceId()).status()).isEqualTo("ACTIVE");
    }

    /** A clock the test moves; the simulator and the handler read it. */
    static final class TestClock extends Clock {
        private volatile Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** A Lambda context whose logger drops the lines. */
    static final class QuietContext implements Context {
        private final java.util.function.Consumer<String> sink;

        QuietContext() {
            this(line -> { });
        }

        QuietContext(java.util.function.Consumer<String> sink) {
            this.sink = sink;
        }

        @Override
        public String getAwsRequestId() {
            return "test";
        }

        @Override
        public String getLogGroupName() {
            return null;
        }

        @Override
        public String getLogStreamName() {
            return null;
        }

        @Override
        public String getFunctionName() {
            return "ReplaceInstance";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return null;
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 900_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 512;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    sink.accept(message.strip());
                }

                @Override
                public void log(byte[] message) {
                }
            };
        }
    }
}
