package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.Activity;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.ScalingActivityStatusCode;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Attribute;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * TerminateInstanceInAutoScalingGroup and what follows on the simulator's clock: the instance shuts down
 * and deregisters, the group launches a replacement from its current launch template, and the replacement
 * registers with its AMI's agent; each step a scaling activity.
 */
class ReplacementLifecycleTest {

    private static final String FLEET = """
            { "latestAgentVersion": "1.89.0", "seed": 5,
              "amis": [
                { "id": "ami-0old", "name": "al2023-ami-ecs-hvm-2023.0.20240905-kernel-6.1-x86_64",
                  "creationDate": "2024-09-05T00:00:00Z", "agentVersion": "1.86.3" },
                { "id": "ami-0new", "name": "al2023-ami-ecs-hvm-2023.0.20251210-kernel-6.1-x86_64",
                  "creationDate": "2025-12-10T00:00:00Z", "agentVersion": "1.89.0", "dockerVersion": "25.0.8" },
                { "id": "ami-0next", "name": "al2023-ami-ecs-hvm-2023.0.20260105-kernel-6.1-x86_64",
                  "creationDate": "2026-01-05T00:00:00Z", "agentVersion": "1.89.0", "dockerVersion": "25.0.8" } ],
              "recommended": { "amazon-linux-2023": { "image_id": "ami-0new" } },
              "launchTemplates": [ { "name": "web", "versions": [
                { "imageId": "ami-0old" },
                { "imageId": "resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id" },
                { "imageId": "ami-0next", "createdAfterSeconds": 3600 } ] } ],
              "timings": { "drainSeconds": 10, "launchSeconds": 60, "registerSeconds": 30, "deregisterSeconds": 45 },
              "clusters": [ { "name": "c", "autoScalingGroups": [
                { "name": "g", "minSize": 1, "maxSize": 4, "launchTemplate": { "name": "web", "version": "$Latest" },
                  "instances": [
                    { "count": 2, "launchTemplateVersion": "1",
                      "tasks": [ { "service": "web", "cpu": 512, "memory": 1024 } ] },
                    { "protectedFromScaleIn": true } ] },
                { "name": "frozen", "minSize": 1, "maxSize": 2, "launchTemplate": { "name": "web", "version": "2" },
                  "suspendedProcesses": [ "Launch" ], "instances": [ { }, { } ] } ] } ],
              "faults": { "throttle": false } }
            """;

    private MutableClock clock;
    private AwsSimulator sim;
    private EcsClient ecs;
    private Ec2Client ec2;
    private AutoScalingClient asg;

    private void start(Fleet fleet) {
        clock = MutableClock.at("2026-01-01T00:00:00Z");
        sim = Sim.start(fleet, clock);
        ecs = Sim.ecs(sim);
        ec2 = Sim.ec2(sim);
        asg = Sim.autoScaling(sim);
    }

    private void start() {
        start(Fleet.parse(FLEET, "lifecycle.json"));
    }

    @AfterEach
    void stop() {
        ecs.close();
        ec2.close();
        asg.close();
        sim.close();
    }

    private AutoScalingGroup group(String name) {
        return asg.describeAutoScalingGroups(r -> r.autoScalingGroupNames(name)).autoScalingGroups().getFirst();
    }

    private Activity terminate(String instanceId, boolean decrement) {
        return asg.terminateInstanceInAutoScalingGroup(r -> r.instanceId(instanceId)
                .shouldDecrementDesiredCapacity(decrement)).activity();
    }

    /** The container instance of an EC2 instance, described through ECS. */
    private ContainerInstance containerOf(String cluster, String ec2InstanceId) {
        var snapshot = sim.snapshot().clusters().stream().filter(c -> c.name().equals(cluster)).findFirst().orElseThrow();
        String arn = snapshot.instances().stream().filter(i -> i.ec2InstanceId().equals(ec2InstanceId)).findFirst()
                .orElseThrow().containerInstanceArn();
        return ecs.describeContainerInstances(r -> r.cluster(cluster).containerInstances(arn)).containerInstances()
                .getFirst();
    }

    private static String attribute(ContainerInstance ci, String name) {
        return ci.attributes().stream().filter(a -> a.name().equals(name)).map(Attribute::value).findFirst().orElse(null);
    }

    private InstanceStateName ec2State(String id) {
        return ec2.describeInstances(r -> r.instanceIds(id)).reservations().getFirst().instances().getFirst().state().name();
    }

    private List<Task> serviceTasks(String cluster) {
        List<String> arns = ecs.listTasks(r -> r.cluster(cluster).serviceName("web")).taskArns();
        return ecs.describeTasks(r -> r.cluster(cluster).tasks(arns)).tasks();
    }

    @Test
    void terminate_withoutDecrement_shutsDownDeregistersAndIsReplacedFromTheCurrentTemplate() {
        start();
        AutoScalingGroup before = group("g");
        String old = before.instances().getFirst().instanceId();

        Activity termination = terminate(old, false);
        assertThat(termination.statusCode()).isEqualTo(ScalingActivityStatusCode.IN_PROGRESS);
        assertThat(termination.description()).isEqualTo("Terminating EC2 instance: " + old);
        assertThat(termination.cause()).isEqualTo("At 2026-01-01T00:00:00Z instance " + old
                + " was taken out of service in response to a user request.");

        AutoScalingGroup during = group("g");
        assertThat(during.desiredCapacity()).isEqualTo(3);
        assertThat(during.instances()).extracting(Instance::lifecycleStateAsString)
                .containsExactly("Terminating", "InService", "InService", "Pending");
        String replacement = during.instances().get(3).instanceId();
        assertThat(during.instances().get(3).launchTemplate().version()).isEqualTo("$Latest");
        assertThat(ec2State(old)).isEqualTo(InstanceStateName.SHUTTING_DOWN);
        assertThat(ec2.describeInstances(r -> r.instanceIds(old)).reservations().getFirst().instances().getFirst()
                .stateTransitionReason()).isEqualTo("User initiated (2026-01-01 00:00:00 GMT)");
        assertThat(ec2State(replacement)).isEqualTo(InstanceStateName.PENDING);
        assertThat(containerOf("c", old).agentConnected()).isFalse();
        List<Activity> activities = asg.describeScalingActivities(r -> r.autoScalingGroupName("g")).activities();
        assertThat(activities).extracting(Activity::description)
                .containsExactly("Launching a new EC2 instance: " + replacement, "Terminating EC2 instance: " + old);
        assertThat(activities.getFirst().cause()).endsWith("increasing the capacity from 2 to 3.");
        assertThat(activities).allSatisfy(a -> assertThat(a.statusCode()).isEqualTo(ScalingActivityStatusCode.IN_PROGRESS));

        clock.advanceSeconds(45);
        assertThat(ec2State(old)).isEqualTo(InstanceStateName.TERMINATED);
        assertThat(group("g").instances()).extracting(Instance::instanceId).doesNotContain(old);
        var deregistered = sim.snapshot().clusters().getFirst().instances().stream()
                .filter(i -> i.ec2InstanceId().equals(old)).findFirst().orElseThrow();
        assertThat(deregistered.status()).isEqualTo("INACTIVE");
        assertThat(asg.describeScalingActivities(r -> r.autoScalingGroupName("g")).activities().get(1).statusCode())
                .isEqualTo(ScalingActivityStatusCode.SUCCESSFUL);

        clock.advanceSeconds(15);   // 60 s: InService
        assertThat(ec2State(replacement)).isEqualTo(InstanceStateName.RUNNING);
        assertThat(group("g").instances().get(2).lifecycleStateAsString()).isEqualTo("InService");
        assertThat(asg.describeScalingActivities(r -> r.autoScalingGroupName("g")).activities().getFirst().statusCode())
                .isEqualTo(ScalingActivityStatusCode.SUCCESSFUL);
        clock.advanceSeconds(29);   // 89 s: not registered yet
        assertThat(sim.snapshot().clusters().getFirst().instances()).extracting(FleetSnapshot.InstanceState::ec2InstanceId)
                .doesNotContain(replacement);

        clock.advanceSeconds(1);    // 90 s: registered with the agent and Docker of the AMI $Latest resolves to
        ContainerInstance registered = containerOf("c", replacement);
        assertThat(registered.status()).isEqualTo("ACTIVE");
        assertThat(registered.agentConnected()).isTrue();
        assertThat(registered.versionInfo().agentVersion()).isEqualTo("1.89.0");
        assertThat(registered.versionInfo().dockerVersion()).isEqualTo("DockerVersion: 25.0.8");
        assertThat(attribute(registered, "ecs.ami-id")).isEqualTo("ami-0new");

        clock.advanceSeconds(3600);  // EC2 forgets a terminated instance after about an hour
        Throwable gone = catchThrowable(() -> ec2State(old));
        assertThat(((Ec2Exception) gone).awsErrorDetails().errorCode()).isEqualTo("InvalidInstanceID.NotFound");
    }

    @Test
    void terminate_stopsTheInstancesTasks_andTheServiceStartsThemWhereThereIsRoom() {
        start();
        String old = group("g").instances().getFirst().instanceId();
        terminate(old, false);

        List<Task> tasks = serviceTasks("c");
        assertThat(tasks).extracting(Task::lastStatus).containsExactlyInAnyOrder("RUNNING", "PENDING");
        List<Task> stopped = ecs.describeTasks(r -> r.cluster("c").tasks(ecs.listTasks(l -> l.cluster("c")
                .desiredStatus("STOPPED")).taskArns())).tasks();
        assertThat(stopped).singleElement().satisfies(t -> {
            assertThat(t.stoppedReason()).isEqualTo("Host EC2 (instance " + old + ") terminated.");
            assertThat(t.stopCodeAsString()).isEqualTo("TerminationNotice");
            assertThat(t.group()).isEqualTo("service:web");
        });
        clock.advanceSeconds(10);
        assertThat(serviceTasks("c")).extracting(Task::lastStatus).containsExactly("RUNNING", "RUNNING");
    }

    @Test
    void terminate_withDecrement_lowersTheDesiredCapacityAndLaunchesNothing() {
        start();
        String old = group("g").instances().getFirst().instanceId();
        Activity termination = terminate(old, true);
        assertThat(termination.cause()).endsWith("in response to a user request, shrinking the capacity from 3 to 2.");
        AutoScalingGroup after = group("g");
        assertThat(after.desiredCapacity()).isEqualTo(2);
        assertThat(after.instances()).hasSize(3);
        clock.advanceSeconds(3600);
        assertThat(group("g").instances()).hasSize(2);
        assertThat(asg.describeScalingActivities(r -> r.autoScalingGroupName("g")).activities()).hasSize(1);
    }

    @Test
    void terminate_ignoresScaleInProtection_asAutoScalingDoes() {
        start();
        Instance protectedOne = group("g").instances().get(2);
        assertThat(protectedOne.protectedFromScaleIn()).isTrue();
        terminate(protectedOne.instanceId(), false);
        assertThat(group("g").instances().get(2).lifecycleStateAsString()).isEqualTo("Terminating");
    }

    @Test
    void aTemplateVersionPublishedMidRun_isWhatTheNextReplacementLaunches() {
        start();
        clock.advanceSeconds(3600);
        terminate(group("g").instances().getFirst().instanceId(), false);
        Instance launched = group("g").instances().getLast();
        assertThat(launched.launchTemplate().version()).isEqualTo("$Latest");
        assertThat(ec2.describeInstances(r -> r.instanceIds(launched.instanceId())).reservations().getFirst().instances()
                .getFirst().imageId()).isEqualTo("ami-0next");
    }

    @Test
    void aGroupThatSuspendsLaunch_replacesNothing() {
        start();
        String old = group("frozen").instances().getFirst().instanceId();
        terminate(old, false);
        clock.advanceSeconds(3600);
        AutoScalingGroup after = group("frozen");
        assertThat(after.desiredCapacity()).isEqualTo(2);
        assertThat(after.instances()).hasSize(1);
        assertThat(asg.describeScalingActivities(r -> r.autoScalingGroupName("frozen")).activities()).hasSize(1);
    }

    @Test
    void aPendingInstanceTerminatedBeforeItRegisters_neverRegisters() {
        start();
        terminate(group("g").instances().getFirst().instanceId(), false);
        String pending = group("g").instances().getLast().instanceId();
        terminate(pending, true);
        clock.advanceSeconds(3600);
        assertThat(sim.snapshot().clusters().getFirst().instances()).extracting(FleetSnapshot.InstanceState::ec2InstanceId)
                .doesNotContain(pending);
    }

    @Test
    void mixedInstancesPolicy_replacesEachTypeFromItsOverride() {
        start(Sim.asgFleet());
        AutoScalingGroup mixed = group("mixed-asg");
        String c6i = mixed.instances().get(0).instanceId();
        String r6i = mixed.instances().get(1).instanceId();
        terminate(c6i, false);
        terminate(r6i, false);
        List<Instance> launched = group("mixed-asg").instances().subList(2, 4);
        assertThat(launched.get(0).instanceType()).isEqualTo("c6i.large");
        assertThat(launched.get(0).launchTemplate().launchTemplateName()).isEqualTo("compute");
        assertThat(launched.get(0).imageId()).isNull();
        assertThat(launched.get(1).instanceType()).isEqualTo("r6i.large");
        assertThat(launched.get(1).launchTemplate().launchTemplateName()).isEqualTo("web");
        assertThat(launched.get(1).imageId()).isEqualTo("ami-0a12new");
        var images = ec2.describeInstances(r -> r.instanceIds(launched.get(0).instanceId(), launched.get(1).instanceId()))
                .reservations().stream().flatMap(r -> r.instances().stream())
                .map(software.amazon.awssdk.services.ec2.model.Instance::imageId).toList();
        assertThat(images).containsExactlyInAnyOrder("ami-0a1a2023new", "ami-0a12new");
    }

    @Test
    void aBottlerocketReplacement_registersWithItsAgent_whichUpdateContainerAgentCannotUpdate() {
        start(Sim.asgFleet());
        String old = group("bottlerocket-asg").instances().getFirst().instanceId();
        ContainerInstance before = containerOf("platforms", old);
        assertThat(attribute(before, "bottlerocket.variant")).isEqualTo("aws-ecs-2");
        assertThat(catchThrowable(() -> ecs.updateContainerAgent(r -> r.cluster("platforms")
                .containerInstance(before.containerInstanceArn())))).isInstanceOf(ClientException.class)
                .hasMessageContaining("ecs-init");

        terminate(old, false);
        clock.advanceSeconds(90);
        String replacement = group("bottlerocket-asg").instances().getFirst().instanceId();
        ContainerInstance after = containerOf("platforms", replacement);
        assertThat(attribute(after, "ecs.ami-id")).isEqualTo("ami-0b0132");
        assertThat(after.versionInfo().agentVersion()).isEqualTo("1.89.0");
    }

    @Test
    void aWindowsInstance_reportsTheOsFamilyOfItsAmi() {
        start(Sim.asgFleet());
        String windows = group("windows-asg").instances().getFirst().instanceId();
        assertThat(attribute(containerOf("platforms", windows), "ecs.os-family")).isEqualTo("WINDOWS_SERVER_2022_FULL");
    }
}
