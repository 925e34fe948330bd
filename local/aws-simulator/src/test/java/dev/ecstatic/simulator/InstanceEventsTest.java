package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ecstatic.simulator.AwsSimulator.InstanceEvent;
import dev.ecstatic.simulator.AwsSimulator.Registered;
import dev.ecstatic.simulator.AwsSimulator.StateChanged;
import dev.ecstatic.simulator.AwsSimulator.Terminated;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * The simulator's record of the replacement path ({@link AwsSimulator#instanceEvents()}): each accepted
 * UpdateContainerInstancesState with the tasks the instance ran then, each accepted termination with the
 * group's healthy InService count and desired capacity just before, each launched instance's registration.
 * Refused calls leave no event; the record outlives {@link AwsSimulator#resetCounters()}.
 */
class InstanceEventsTest {

    private static final String FLEET = """
            { "latestAgentVersion": "1.89.0", "seed": 5,
              "amis": [
                { "id": "ami-0old", "name": "al2023-ami-ecs-hvm-2023.0.20240905-kernel-6.1-x86_64",
                  "creationDate": "2024-09-05T00:00:00Z", "agentVersion": "1.86.3" },
                { "id": "ami-0new", "name": "al2023-ami-ecs-hvm-2023.0.20251210-kernel-6.1-x86_64",
                  "creationDate": "2025-12-10T00:00:00Z", "agentVersion": "1.89.0", "dockerVersion": "25.0.8" } ],
              "recommended": { "amazon-linux-2023": { "image_id": "ami-0new" } },
              "launchTemplates": [ { "name": "web", "versions": [ { "imageId": "ami-0old" }, { "imageId": "ami-0new" } ] } ],
              "timings": { "drainSeconds": 10, "launchSeconds": 60, "registerSeconds": 30, "deregisterSeconds": 45 },
              "clusters": [ { "name": "c", "autoScalingGroups": [
                { "name": "g", "minSize": 1, "maxSize": 4, "launchTemplate": { "name": "web", "version": "$Latest" },
                  "instances": [
                    { "count": 2, "launchTemplateVersion": "1",
                      "tasks": [ { "service": "web", "cpu": 512, "memory": 1024 } ] },
                    { "launchTemplateVersion": "1", "healthStatus": "Unhealthy" } ] } ] } ],
              "faults": { "throttle": false } }
            """;

    private MutableClock clock;
    private AwsSimulator sim;
    private EcsClient ecs;
    private AutoScalingClient asg;

    @BeforeEach
    void start() {
        clock = MutableClock.at("2026-01-01T00:00:00Z");
        sim = Sim.start(Fleet.parse(FLEET, "events.json"), clock);
        ecs = Sim.ecs(sim);
        asg = Sim.autoScaling(sim);
    }

    @AfterEach
    void stop() {
        ecs.close();
        asg.close();
        sim.close();
    }

    private FleetSnapshot.InstanceState instance(int n) {
        return sim.snapshot().clusters().getFirst().instances().get(n);
    }

    private void setState(String arn, String status) {
        ecs.updateContainerInstancesState(r -> r.cluster("c").containerInstances(arn).status(status));
    }

    @Test
    void aDrainTerminationAndRegistration_areRecordedWithWhatStoodAtThatMoment() {
        FleetSnapshot.InstanceState old = instance(0);
        assertThat(sim.instanceEvents()).isEmpty();

        setState(old.containerInstanceArn(), "DRAINING");
        clock.advanceSeconds(10);                  // the service task has moved
        sim.resetCounters();
        asg.terminateInstanceInAutoScalingGroup(r -> r.instanceId(old.ec2InstanceId()).shouldDecrementDesiredCapacity(false));
        String launched = sim.snapshot().groups().getFirst().instances().getLast().instanceId();
        clock.advanceSeconds(90);                  // InService at 60 s, registered 30 s later

        List<InstanceEvent> events = sim.instanceEvents();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        String registeredArn = sim.snapshot().clusters().getFirst().instances().getLast().containerInstanceArn();
        assertThat(events).containsExactly(
                new StateChanged(t0, "c", old.containerInstanceArn(), old.ec2InstanceId(), "DRAINING", "ACTIVE", 1, 0),
                new Terminated(t0.plusSeconds(10), "c", "g", old.ec2InstanceId(), "DRAINING", 0, 0, 2, 3, false),
                new Registered(t0.plusSeconds(100), "c", "g", launched, registeredArn, "ami-0new", "1.89.0"));
    }

    @Test
    void settingActiveAgain_andSettingTheStatusItHas_areRecordedToo() {
        FleetSnapshot.InstanceState i = instance(1);
        setState(i.containerInstanceArn(), "ACTIVE");
        setState(i.containerInstanceArn(), "DRAINING");
        setState(i.containerInstanceArn(), "ACTIVE");

        assertThat(sim.instanceEvents()).map(e -> ((StateChanged) e).previousStatus() + ">" + ((StateChanged) e).status())
                .containsExactly("ACTIVE>ACTIVE", "ACTIVE>DRAINING", "DRAINING>ACTIVE");
    }

    @Test
    void refusedCalls_leaveNoEvent() {
        FleetSnapshot.InstanceState old = instance(0);
        asg.terminateInstanceInAutoScalingGroup(r -> r.instanceId(old.ec2InstanceId()).shouldDecrementDesiredCapacity(true));
        clock.advanceSeconds(45);                  // terminated, its container instance INACTIVE
        int recorded = sim.instanceEvents().size();

        Throwable again = catchThrowable(() -> asg.terminateInstanceInAutoScalingGroup(
                r -> r.instanceId(old.ec2InstanceId()).shouldDecrementDesiredCapacity(false)));
        var inactive = ecs.updateContainerInstancesState(r -> r.cluster("c")
                .containerInstances(old.containerInstanceArn()).status("ACTIVE"));

        assertThat(again).isNotNull();
        assertThat(inactive.failures()).singleElement().satisfies(f -> assertThat(f.reason()).isEqualTo("INACTIVE"));
        assertThat(recorded).as("a termination that decrements launches nothing to register").isEqualTo(1);
        assertThat(sim.instanceEvents()).hasSize(1).singleElement().isInstanceOfSatisfying(Terminated.class,
                t -> assertThat(t.decrement()).isTrue());
    }
}
