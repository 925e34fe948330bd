package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AccessDeniedException;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.ContainerInstanceStatus;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.Resource;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.UpdateContainerInstancesStateResponse;

/**
 * UpdateContainerInstancesState and the tasks it moves: service tasks are replaced elsewhere and stop,
 * standalone ones stay; ListTasks, DescribeTasks and the instances' task counts and resources agree.
 */
class DrainingTest {

    /**
     * Cluster "c": A runs two web tasks and a standalone one, B one web task, C is deregistered; group "g"'s
     * one instance is full. Cluster "full": D's web tasks have nowhere to go. "denied" refuses everything.
     */
    private static final String FLEET = """
            { "latestAgentVersion": "1.89.0", "seed": 9,
              "amis": [ { "id": "ami-0al2023", "name": "al2023-ami-ecs-hvm-2023.0.20251210-kernel-6.1-x86_64",
                          "creationDate": "2025-12-10T00:00:00Z", "agentVersion": "1.89.0" } ],
              "launchTemplates": [ { "name": "tmpl", "versions": [ { "imageId": "ami-0al2023" } ] } ],
              "timings": { "drainSeconds": 10, "launchSeconds": 60, "registerSeconds": 30, "deregisterSeconds": 45 },
              "clusters": [
                { "name": "c", "instances": [
                    { "amiId": "ami-0al2023", "tasks": [
                        { "service": "web", "count": 2, "cpu": 512, "memory": 1024 },
                        { "family": "batch", "startedBy": "cron", "cpu": 256, "memory": 512 } ] },
                    { "amiId": "ami-0al2023", "tasks": [ { "service": "web", "cpu": 512, "memory": 1024 } ] },
                    { "amiId": "ami-0al2023", "status": "INACTIVE" } ] },
                { "name": "full",
                  "instances": [ { "amiId": "ami-0al2023", "tasks": [ { "service": "api", "count": 2, "cpu": 1024,
                                                                        "memory": 2048 } ] } ],
                  "autoScalingGroups": [ { "name": "g", "minSize": 1, "maxSize": 2, "launchTemplate": { "name": "tmpl" },
                      "instances": [ { "tasks": [ { "family": "hog", "cpu": 2048, "memory": 7680 } ] } ] } ] },
                { "name": "denied", "accessDenied": true, "instances": [ { "amiId": "ami-0al2023" } ] } ],
              "faults": { "throttle": false } }
            """;

    private MutableClock clock;
    private AwsSimulator sim;
    private EcsClient ecs;

    @BeforeEach
    void start() {
        clock = MutableClock.at("2026-01-01T00:00:00Z");
        sim = Sim.start(Fleet.parse(FLEET, "draining.json"), clock);
        ecs = Sim.ecs(sim);
    }

    @AfterEach
    void stop() {
        ecs.close();
        sim.close();
    }

    private String arn(String cluster, int index) {
        return sim.snapshot().clusters().stream().filter(c -> c.name().equals(cluster)).findFirst().orElseThrow()
                .instances().get(index).containerInstanceArn();
    }

    private ContainerInstance describe(String cluster, String arn) {
        return ecs.describeContainerInstances(r -> r.cluster(cluster).containerInstances(arn)).containerInstances()
                .getFirst();
    }

    private static int resource(List<Resource> resources, String name) {
        return resources.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow().integerValue();
    }

    private UpdateContainerInstancesStateResponse set(String cluster, String status, String... arns) {
        return ecs.updateContainerInstancesState(r -> r.cluster(cluster).status(status).containerInstances(arns));
    }

    private List<Task> tasksOn(String cluster, String arn) {
        List<String> arns = ecs.listTasks(r -> r.cluster(cluster).containerInstance(arn)).taskArns();
        return arns.isEmpty() ? List.of() : ecs.describeTasks(r -> r.cluster(cluster).tasks(arns)).tasks();
    }

    @Test
    void draining_replacesServiceTasksElsewhere_thenStopsThem_andLeavesStandaloneTasksRunning() {
        String a = arn("c", 0);
        String b = arn("c", 1);
        UpdateContainerInstancesStateResponse r = set("c", "DRAINING", a);
        assertThat(r.failures()).isEmpty();
        assertThat(r.containerInstances()).singleElement()
                .satisfies(ci -> assertThat(ci.status()).isEqualTo("DRAINING"));

        ContainerInstance draining = describe("c", a);
        assertThat(draining.runningTasksCount()).isEqualTo(3);
        ContainerInstance target = describe("c", b);
        assertThat(target.runningTasksCount()).isEqualTo(1);
        assertThat(target.pendingTasksCount()).isEqualTo(2);
        assertThat(resource(target.remainingResources(), "CPU")).isEqualTo(2048 - 3 * 512);
        assertThat(resource(target.remainingResources(), "MEMORY")).isEqualTo(7680 - 3 * 1024);
        assertThat(resource(target.registeredResources(), "CPU")).isEqualTo(2048);

        clock.advanceSeconds(9);
        assertThat(describe("c", a).runningTasksCount()).isEqualTo(3);
        clock.advanceSeconds(1);
        assertThat(tasksOn("c", a)).singleElement().satisfies(t -> {
            assertThat(t.group()).isEqualTo("family:batch");
            assertThat(t.startedBy()).isEqualTo("cron");
        });
        assertThat(describe("c", a).runningTasksCount()).isEqualTo(1);
        assertThat(resource(describe("c", a).remainingResources(), "CPU")).isEqualTo(2048 - 256);
        assertThat(tasksOn("c", b)).hasSize(3).allSatisfy(t -> {
            assertThat(t.lastStatus()).isEqualTo("RUNNING");
            assertThat(t.group()).isEqualTo("service:web");
            assertThat(t.startedBy()).startsWith("ecs-svc/");
            assertThat(t.containerInstanceArn()).isEqualTo(b);
        });

        List<String> stoppedArns = ecs.listTasks(q -> q.cluster("c").desiredStatus("STOPPED")).taskArns();
        assertThat(ecs.describeTasks(q -> q.cluster("c").tasks(stoppedArns)).tasks()).hasSize(2).allSatisfy(t -> {
            assertThat(t.stoppedReason()).isEqualTo("Service web: container instance is in DRAINING state");
            assertThat(t.stopCodeAsString()).isEqualTo("ServiceSchedulerInitiated");
            assertThat(t.containerInstanceArn()).isEqualTo(a);
        });
    }

    @Test
    void draining_withNoRoomElsewhere_keepsServiceTasksRunning_untilAnInstanceRegisters() {
        String d = arn("full", 0);
        set("full", "DRAINING", d);
        clock.advanceSeconds(3600);
        assertThat(tasksOn("full", d)).hasSize(2).allSatisfy(t -> assertThat(t.lastStatus()).isEqualTo("RUNNING"));

        // Room appears: the group's full instance is replaced by an empty one, which registers after 90 s.
        AutoScalingClient asg = Sim.autoScaling(sim);
        String hog = asg.describeAutoScalingGroups(r -> r.autoScalingGroupNames("g")).autoScalingGroups().getFirst()
                .instances().getFirst().instanceId();
        asg.terminateInstanceInAutoScalingGroup(r -> r.instanceId(hog).shouldDecrementDesiredCapacity(false));
        asg.close();
        clock.advanceSeconds(90);
        String replacement = arn("full", 2);
        assertThat(tasksOn("full", replacement)).hasSize(2).allSatisfy(t -> assertThat(t.lastStatus()).isEqualTo("PENDING"));
        clock.advanceSeconds(10);
        assertThat(tasksOn("full", d)).isEmpty();
        assertThat(describe("full", d).runningTasksCount()).isZero();
        assertThat(tasksOn("full", replacement)).hasSize(2).allSatisfy(t -> assertThat(t.lastStatus()).isEqualTo("RUNNING"));
    }

    @Test
    void anInstanceDrainingFromTheStart_movesItsServiceTasksLikeAnyOther() {
        Fleet fleet = Fleet.parse("""
                { "latestAgentVersion": "1.89.0", "timings": { "drainSeconds": 5 },
                  "clusters": [ { "name": "d", "instances": [
                    { "agentVersion": "1.89.0", "status": "DRAINING", "tasks": [ { "service": "web", "count": 2 } ] },
                    { "agentVersion": "1.89.0" } ] } ] }
                """, "drained.json");
        try (AwsSimulator s = Sim.start(fleet, clock); EcsClient c = Sim.ecs(s)) {
            String target = s.snapshot().clusters().getFirst().instances().get(1).containerInstanceArn();
            assertThat(c.listTasks(r -> r.cluster("d").containerInstance(target)).taskArns()).hasSize(2);
            clock.advanceSeconds(5);
            assertThat(s.snapshot().clusters().getFirst().instances()).extracting(FleetSnapshot.InstanceState::runningTasks)
                    .containsExactly(0, 2);
        }
    }

    @Test
    void settingActiveAgain_keepsTheTasksThatHadNotMoved() {
        String d = arn("full", 0);
        set("full", "DRAINING", d);
        UpdateContainerInstancesStateResponse back = set("full", "ACTIVE", d);
        assertThat(back.containerInstances().getFirst().status()).isEqualTo("ACTIVE");
        AutoScalingClient asg = Sim.autoScaling(sim);
        String hog = asg.describeAutoScalingGroups(r -> r.autoScalingGroupNames("g")).autoScalingGroups().getFirst()
                .instances().getFirst().instanceId();
        asg.terminateInstanceInAutoScalingGroup(r -> r.instanceId(hog).shouldDecrementDesiredCapacity(false));
        asg.close();
        clock.advanceSeconds(3600);
        assertThat(tasksOn("full", d)).hasSize(2);
        assertThat(tasksOn("full", arn("full", 2))).isEmpty();
    }

    @Test
    void updateContainerInstancesState_listsMissingAndInactiveInstancesAsFailures() {
        String inactive = arn("c", 2);
        UpdateContainerInstancesStateResponse r = set("c", "DRAINING", arn("c", 1), "0123456789abcdef0123456789abcdef",
                inactive);
        assertThat(r.containerInstances()).hasSize(1);
        Map<String, String> reasons = r.failures().stream().collect(Collectors.toMap(Failure::arn, Failure::reason));
        assertThat(reasons).containsEntry(inactive, "INACTIVE")
                .containsEntry("arn:aws:ecs:us-east-1:123456789012:container-instance/c/0123456789abcdef0123456789abcdef",
                        "MISSING");
    }

    @Test
    void updateContainerInstancesState_refusesWhatEcsRefuses() {
        String[] eleven = IntStream.range(0, 11).mapToObj(n -> String.format("%032x", n)).toArray(String[]::new);
        assertThatThrownBy(() -> set("c", "DRAINING", eleven)).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> ecs.updateContainerInstancesState(r -> r.cluster("c").status("REGISTERING")
                .containerInstances(arn("c", 0)))).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> ecs.updateContainerInstancesState(r -> r.cluster("c").status(ContainerInstanceStatus.DRAINING)))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> set("nope", "DRAINING", arn("c", 0))).isInstanceOf(ClusterNotFoundException.class);
        assertThatThrownBy(() -> set("denied", "DRAINING", arn("denied", 0))).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void listTasks_filtersByServiceFamilyStartedByAndDesiredStatus() {
        assertThat(ecs.listTasks(r -> r.cluster("c")).taskArns()).hasSize(4);
        assertThat(ecs.listTasks(r -> r.cluster("c").serviceName("web")).taskArns()).hasSize(3);
        assertThat(ecs.listTasks(r -> r.cluster("c").family("batch")).taskArns()).hasSize(1);
        assertThat(ecs.listTasks(r -> r.cluster("c").startedBy("cron")).taskArns()).hasSize(1);
        assertThat(ecs.listTasks(r -> r.cluster("c").desiredStatus("STOPPED")).taskArns()).isEmpty();
        assertThat(ecs.listTasks(r -> r.cluster("c").desiredStatus("PENDING")).taskArns()).isEmpty();
        assertThat(ecs.listTasks(r -> r.cluster("c").launchType("FARGATE")).taskArns()).isEmpty();
        assertThat(ecs.listTasksPaginator(r -> r.cluster("c").maxResults(1)).taskArns().stream().count()).isEqualTo(4);
        assertThatThrownBy(() -> ecs.listTasks(r -> r.cluster("c").serviceName("nope")))
                .isInstanceOf(ServiceNotFoundException.class);
        assertThatThrownBy(() -> ecs.listTasks(r -> r.cluster("c").serviceName("web").startedBy("cron")))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> ecs.listTasks(r -> r.cluster("denied"))).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void describeTasks_reportsMissingOnes_andForgetsTasksStoppedAnHourAgo() {
        set("c", "DRAINING", arn("c", 0));
        clock.advanceSeconds(10);
        List<String> stopped = ecs.listTasks(r -> r.cluster("c").desiredStatus("STOPPED")).taskArns();
        assertThat(stopped).hasSize(2);
        DescribeTasksResponse r = ecs.describeTasks(q -> q.cluster("c").tasks(stopped.getFirst(), "nope"));
        assertThat(r.tasks()).hasSize(1);
        assertThat(r.failures()).singleElement().satisfies(f -> assertThat(f.reason()).isEqualTo("MISSING"));

        clock.advanceSeconds(3601);
        assertThat(ecs.listTasks(q -> q.cluster("c").desiredStatus("STOPPED")).taskArns()).isEmpty();
        assertThat(ecs.describeTasks(q -> q.cluster("c").tasks(stopped)).failures()).hasSize(2);
        assertThatThrownBy(() -> ecs.describeTasks(q -> q.cluster("c").tasks(List.of())))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void describeClusters_countsRunningAndPendingTasksAndServices() {
        set("c", "DRAINING", arn("c", 0));
        Cluster c = ecs.describeClusters(r -> r.clusters("c")).clusters().getFirst();
        assertThat(c.runningTasksCount()).isEqualTo(4);
        assertThat(c.pendingTasksCount()).isEqualTo(2);
        assertThat(c.activeServicesCount()).isEqualTo(1);
        assertThat(c.registeredContainerInstancesCount()).isEqualTo(2);
    }
}
