package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.Activity;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingException;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingInstanceDetails;
import software.amazon.awssdk.services.autoscaling.model.Filter;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.InstanceRefresh;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateOverrides;
import software.amazon.awssdk.services.autoscaling.model.LifecycleState;
import software.amazon.awssdk.services.autoscaling.model.ScalingActivityInProgressException;
import software.amazon.awssdk.services.autoscaling.model.ScalingActivityStatusCode;
import software.amazon.awssdk.services.autoscaling.model.SuspendedProcess;

/** Auto Scaling's describe actions and TerminateInstanceInAutoScalingGroup's refusals through the real SDK. */
class AutoScalingActionsTest {

    private AwsSimulator sim;
    private AutoScalingClient asg;

    @BeforeEach
    void start() {
        sim = Sim.start(Sim.asgFleet(), MutableClock.at("2026-01-01T00:00:00Z"));
        asg = Sim.autoScaling(sim);
    }

    @AfterEach
    void stop() {
        asg.close();
        sim.close();
    }

    private AutoScalingGroup group(String name) {
        return asg.describeAutoScalingGroups(r -> r.autoScalingGroupNames(name)).autoScalingGroups().getFirst();
    }

    /** The error code Auto Scaling answers the call with. */
    private static String code(ThrowingCallable call) {
        Throwable t = catchThrowable(call);
        assertThat(t).isInstanceOf(AutoScalingException.class);
        return ((AutoScalingException) t).awsErrorDetails().errorCode();
    }

    @Test
    void describeAutoScalingGroups_launchTemplateGroup_listsItsInstancesWithTemplateVersionAndProtection() {
        AutoScalingGroup g = group("web-asg");
        assertThat(g.minSize()).isEqualTo(2);
        assertThat(g.maxSize()).isEqualTo(6);
        assertThat(g.desiredCapacity()).isEqualTo(3);
        assertThat(g.autoScalingGroupARN()).startsWith("arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:")
                .endsWith(":autoScalingGroupName/web-asg");
        assertThat(g.launchTemplate().launchTemplateName()).isEqualTo("web");
        assertThat(g.launchTemplate().launchTemplateId()).startsWith("lt-");
        assertThat(g.launchTemplate().version()).isEqualTo("$Latest");
        assertThat(g.mixedInstancesPolicy()).isNull();
        assertThat(g.tags()).singleElement().satisfies(t -> {
            assertThat(t.key()).isEqualTo("team");
            assertThat(t.value()).isEqualTo("web");
            assertThat(t.resourceId()).isEqualTo("web-asg");
        });
        assertThat(g.availabilityZones()).containsExactly("us-east-1a", "us-east-1b", "us-east-1c");

        List<Instance> instances = g.instances();
        assertThat(instances).hasSize(3);
        assertThat(instances).allSatisfy(i -> {
            assertThat(i.lifecycleState()).isEqualTo(LifecycleState.IN_SERVICE);
            assertThat(i.healthStatus()).isEqualTo("Healthy");
            assertThat(i.launchTemplate().launchTemplateName()).isEqualTo("web");
            assertThat(i.imageId()).isNull();
        });
        assertThat(instances).extracting(i -> i.launchTemplate().version()).containsExactly("1", "1", "$Latest");
        assertThat(instances).extracting(Instance::protectedFromScaleIn).containsExactly(false, false, true);
    }

    @Test
    void describeAutoScalingGroups_mixedInstancesPolicy_hasOverridesWithTemplateAndImage() {
        AutoScalingGroup g = group("mixed-asg");
        assertThat(g.launchTemplate()).isNull();
        var policy = g.mixedInstancesPolicy().launchTemplate();
        assertThat(policy.launchTemplateSpecification().launchTemplateName()).isEqualTo("web");
        assertThat(policy.launchTemplateSpecification().version()).isEqualTo("$Latest");
        assertThat(policy.overrides()).extracting(LaunchTemplateOverrides::instanceType)
                .containsExactly("m6i.large", "c6i.large", "r6i.large");
        assertThat(policy.overrides().get(1).launchTemplateSpecification().launchTemplateName()).isEqualTo("compute");
        assertThat(policy.overrides().get(2).imageId()).isEqualTo("ami-0a12new");
        assertThat(policy.overrides().get(2).weightedCapacity()).isEqualTo("2");
        assertThat(g.mixedInstancesPolicy().instancesDistribution().onDemandAllocationStrategy()).isEqualTo("prioritized");

        Instance c6i = g.instances().get(0);
        assertThat(c6i.instanceType()).isEqualTo("c6i.large");
        assertThat(c6i.launchTemplate().launchTemplateName()).isEqualTo("compute");
        assertThat(c6i.launchTemplate().version()).isEqualTo("1");
        Instance r6i = g.instances().get(1);
        assertThat(r6i.launchTemplate().launchTemplateName()).isEqualTo("web");
        assertThat(r6i.imageId()).isEqualTo("ami-0a12new");   // only instances launched with an AMI override show one
    }

    @Test
    void describeAutoScalingGroups_suspendedProcessesAndIncludeInstances() {
        AutoScalingGroup windows = group("windows-asg");
        assertThat(windows.suspendedProcesses()).extracting(SuspendedProcess::processName).containsExactly("Launch");
        assertThat(asg.describeAutoScalingGroups(r -> r.autoScalingGroupNames("windows-asg").includeInstances(false))
                .autoScalingGroups().getFirst().instances()).isEmpty();
    }

    @Test
    void describeAutoScalingGroups_leavesUnknownNamesOut_filtersByTag_andPages() {
        assertThat(asg.describeAutoScalingGroups(r -> r.autoScalingGroupNames("web-asg", "nope")).autoScalingGroups())
                .extracting(AutoScalingGroup::autoScalingGroupName).containsExactly("web-asg");
        assertThat(asg.describeAutoScalingGroups(r -> r.filters(Filter.builder().name("tag:team").values("web").build()))
                .autoScalingGroups()).extracting(AutoScalingGroup::autoScalingGroupName).containsExactly("web-asg");
        List<String> all = asg.describeAutoScalingGroupsPaginator(r -> r.maxRecords(4)).autoScalingGroups().stream()
                .map(AutoScalingGroup::autoScalingGroupName).toList();
        assertThat(all).containsExactly("web-asg", "arm-asg", "legacy-asg", "bottlerocket-asg", "windows-asg", "mixed-asg");
        assertThat(code(() -> asg.describeAutoScalingGroups(r -> r.maxRecords(101)))).isEqualTo("ValidationError");
        assertThat(code(() -> asg.describeAutoScalingGroups(r -> r.filters(Filter.builder().name("colour").values("x")
                .build())))).isEqualTo("ValidationError");
    }

    @Test
    void describeAutoScalingInstances_spellsHealthInCapitals_andIgnoresUnknownIds() {
        String web = group("web-asg").instances().getFirst().instanceId();
        List<AutoScalingInstanceDetails> found = asg.describeAutoScalingInstances(r -> r.instanceIds(web,
                "i-0123456789abcdef0")).autoScalingInstances();
        assertThat(found).singleElement().satisfies(i -> {
            assertThat(i.autoScalingGroupName()).isEqualTo("web-asg");
            assertThat(i.healthStatus()).isEqualTo("HEALTHY");
            assertThat(i.lifecycleState()).isEqualTo("InService");
            assertThat(i.launchTemplate().version()).isEqualTo("1");
            assertThat(i.protectedFromScaleIn()).isFalse();
        });
        assertThat(asg.describeAutoScalingInstancesPaginator(r -> r.maxRecords(3)).autoScalingInstances().stream()
                .count()).isEqualTo(10);
        String[] fiftyOne = IntStream.range(0, 51).mapToObj(n -> String.format("i-%017x", n)).toArray(String[]::new);
        assertThat(code(() -> asg.describeAutoScalingInstances(r -> r.instanceIds(fiftyOne)))).isEqualTo("ValidationError");
        assertThat(code(() -> asg.describeAutoScalingInstances(r -> r.maxRecords(51)))).isEqualTo("ValidationError");
    }

    @Test
    void describeScalingActivitiesAndInstanceRefreshes_reportWhatTheFleetDeclares() {
        List<Activity> activities = asg.describeScalingActivities(r -> r.autoScalingGroupName("windows-asg")).activities();
        assertThat(activities).singleElement().satisfies(a -> {
            assertThat(a.statusCode()).isEqualTo(ScalingActivityStatusCode.IN_PROGRESS);
            assertThat(a.description()).isEqualTo("Launching a new EC2 instance: i-0123456789abcdef0");
            assertThat(a.endTime()).isNull();
            assertThat(a.autoScalingGroupName()).isEqualTo("windows-asg");
        });
        assertThat(asg.describeScalingActivities(r -> r.autoScalingGroupName("web-asg")).activities()).isEmpty();
        assertThat(asg.describeScalingActivities(r -> r.autoScalingGroupName("nope")).activities()).isEmpty();

        List<InstanceRefresh> refreshes = asg.describeInstanceRefreshes(r -> r.autoScalingGroupName("windows-asg"))
                .instanceRefreshes();
        assertThat(refreshes).singleElement().satisfies(r -> {
            assertThat(r.statusAsString()).isEqualTo("InProgress");
            assertThat(r.percentageComplete()).isEqualTo(40);
            assertThat(r.instancesToUpdate()).isEqualTo(1);
            assertThat(r.endTime()).isNull();
        });
        assertThat(asg.describeInstanceRefreshes(r -> r.autoScalingGroupName("web-asg")).instanceRefreshes()).isEmpty();
        assertThat(code(() -> asg.describeInstanceRefreshes(r -> { }))).isEqualTo("ValidationError");
    }

    @Test
    void terminateInstanceInAutoScalingGroup_refusesWhatAutoScalingRefuses() {
        String notInAGroup = sim.snapshot().clusters().getFirst().instances().getFirst().ec2InstanceId();
        Throwable unknown = catchThrowable(() -> asg.terminateInstanceInAutoScalingGroup(r -> r
                .instanceId("i-0123456789abcdef0").shouldDecrementDesiredCapacity(false)));
        assertThat(((AutoScalingException) unknown).awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(unknown).hasMessageContaining("Instance Id not found - No managed instance found for instance ID: "
                + "i-0123456789abcdef0");
        assertThat(code(() -> asg.terminateInstanceInAutoScalingGroup(r -> r.instanceId(notInAGroup)
                .shouldDecrementDesiredCapacity(false)))).isEqualTo("ValidationError");

        String legacy = group("legacy-asg").instances().getFirst().instanceId();
        Throwable atMinimum = catchThrowable(() -> asg.terminateInstanceInAutoScalingGroup(r -> r.instanceId(legacy)
                .shouldDecrementDesiredCapacity(true)));
        assertThat(atMinimum).hasMessageContaining("Currently, desiredSize equals minSize (1)");
        assertThat(code(() -> asg.terminateInstanceInAutoScalingGroup(r -> r.instanceId(legacy))))
                .isEqualTo("ValidationError");

        asg.terminateInstanceInAutoScalingGroup(r -> r.instanceId(legacy).shouldDecrementDesiredCapacity(false));
        assertThat(catchThrowable(() -> asg.terminateInstanceInAutoScalingGroup(r -> r.instanceId(legacy)
                .shouldDecrementDesiredCapacity(false)))).isInstanceOf(ScalingActivityInProgressException.class);
    }
}
