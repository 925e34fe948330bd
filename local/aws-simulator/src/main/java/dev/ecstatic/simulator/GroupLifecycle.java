package dev.ecstatic.simulator;

import dev.ecstatic.simulator.Fleet.AmiSpec;
import dev.ecstatic.simulator.Fleet.LaunchTemplateSpec;
import dev.ecstatic.simulator.Fleet.OverrideSpec;
import dev.ecstatic.simulator.Fleet.TemplateRef;
import dev.ecstatic.simulator.Fleet.TemplateVersion;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * What an Auto Scaling group does when one of its instances is terminated through it
 * (TerminateInstanceInAutoScalingGroup): the instance shuts down and its tasks stop; after
 * {@code deregisterSeconds} it is terminated, its container instance INACTIVE and the group's record of
 * it gone. Unless the desired capacity was decremented (or the group suspends {@code Launch}), the group
 * launches a replacement at once, as it does for any gap between desired and actual capacity
 * (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_TerminateInstanceInAutoScalingGroup.html):
 * from the group's current launch template, version and overrides; it is running and InService after
 * {@code launchSeconds} and its container instance registers, ACTIVE and connected, with the agent and
 * Docker of its AMI, {@code registerSeconds} later. Each step is a scaling activity, in progress until
 * done.
 */
final class GroupLifecycle {

    /** What a launch uses: the template, the version as named and as a number, the instance type and AMI. */
    record Plan(LaunchTemplateSpec template, String version, int versionNumber, String instanceType, String imageId,
            boolean imageFromOverride) {
    }

    private final SimFleet fleet;

    GroupLifecycle(SimFleet fleet) {
        this.fleet = fleet;
    }

    /** Terminates a member of its group at {@code now}; returns the termination activity. */
    SimGroup.Activity terminate(SimEc2Instance instance, boolean decrement, Instant now) {
        SimGroup group = instance.group;
        Fleet.Timings timings = fleet.fleet.timings();
        int before = group.capacity();
        boolean counted = instance.lifecycleState.equals("InService") || instance.lifecycleState.equals("Pending");
        instance.lifecycleState = "Terminating";
        instance.state = "shutting-down";
        instance.shutdownAt = now;
        if (instance.container != null) {
            instance.container.disconnect(now);
            fleet.tasks.instanceGone(instance.container, now);
        }
        if (decrement) {
            group.desiredCapacity--;
        }
        String cause = "At " + stamp(now) + " instance " + instance.id + " was taken out of service in response to a "
                + "user request" + (decrement ? ", shrinking the capacity from " + before + " to " + (before - (counted ? 1 : 0))
                + "." : ".");
        SimGroup.Activity activity = new SimGroup.Activity(group.nextActivityId(fleet.fleet.seed()),
                "Terminating EC2 instance: " + instance.id, cause, now, now.plusSeconds(timings.deregisterSeconds()),
                "Successful", details(instance));
        group.activities.add(activity);
        fleet.timeline.at(now.plusSeconds(timings.deregisterSeconds()), at -> terminated(instance, at));
        if (!decrement && !group.suspended("Launch") && group.capacity() < group.desiredCapacity) {
            launch(group, instance, now);
        }
        return activity;
    }

    private void terminated(SimEc2Instance instance, Instant at) {
        instance.state = "terminated";
        instance.terminatedAt = at;
        instance.lifecycleState = "Terminated";
        instance.group.instances.remove(instance);
        if (instance.container != null) {
            instance.container.status("INACTIVE");
        }
    }

    /** Launches one instance into the group in place of {@code replaced}, in its Availability Zone. */
    private void launch(SimGroup group, SimEc2Instance replaced, Instant now) {
        Fleet.Timings timings = fleet.fleet.timings();
        Plan plan = plan(group, replaced.instanceType, now);
        AmiSpec ami = fleet.ami(plan.imageId()).orElseThrow(
                () -> new IllegalStateException("the parser lets no template name an AMI outside the catalogue"));
        int before = group.capacity();
        SimEc2Instance launched = fleet.newEc2Instance(group.cluster, plan, ami, replaced.availabilityZone, now, group);
        launched.lifecycleState = "Pending";
        launched.protectedFromScaleIn = group.spec.newInstancesProtectedFromScaleIn();
        launched.healthStatus = "Healthy";
        group.instances.add(launched);
        Instant inService = now.plusSeconds(timings.launchSeconds());
        group.activities.add(new SimGroup.Activity(group.nextActivityId(fleet.fleet.seed()),
                "Launching a new EC2 instance: " + launched.id, "At " + stamp(now) + " an instance was started in "
                + "response to a difference between desired and actual capacity, increasing the capacity from "
                + before + " to " + (before + 1) + ".", now, inService, "Successful", details(launched)));
        fleet.timeline.at(inService, at -> {
            if (launched.state.equals("pending")) {
                launched.state = "running";
                launched.lifecycleState = "InService";
            }
        });
        fleet.timeline.at(inService.plusSeconds(timings.registerSeconds()), at -> {
            if (launched.state.equals("running")) {
                fleet.register(launched, ami, at);
            }
        });
    }

    /**
     * What the group launches now in place of an instance of {@code previousType}: with a mixed instances
     * policy, the override for that type if the policy still has it, else its first override (the
     * "prioritized" order), each override's template and AMI taking precedence over the policy's.
     */
    Plan plan(SimGroup group, String previousType, Instant now) {
        Fleet.GroupSpec spec = group.spec;
        TemplateRef ref = spec.launchTemplate();
        OverrideSpec override = null;
        if (spec.mixedInstancesPolicy() != null) {
            List<OverrideSpec> overrides = spec.mixedInstancesPolicy().overrides();
            override = overrides.stream().filter(o -> o.instanceType().equals(previousType)).findFirst()
                    .orElse(overrides.getFirst());
            ref = override.launchTemplate() != null ? override.launchTemplate() : spec.mixedInstancesPolicy().launchTemplate();
        }
        LaunchTemplateSpec template = fleet.fleet.launchTemplate(ref.templateName()).orElseThrow();
        int number = versionNumber(template, ref.version(), now);
        TemplateVersion version = template.versions().get(number - 1);
        String type = override != null ? override.instanceType() : version.instanceType();
        boolean fromOverride = override != null && override.imageId() != null;
        String image = fromOverride ? override.imageId() : resolveImage(version.imageId());
        return new Plan(template, ref.version(), number, type, image, fromOverride);
    }

    /** The version {@code $Latest}, {@code $Default} or a number names at {@code now}. */
    int versionNumber(LaunchTemplateSpec template, String version, Instant now) {
        return switch (version) {
            case "$Latest" -> latestVersion(template, now);
            case "$Default" -> template.defaultVersion();
            default -> Integer.parseInt(version);
        };
    }

    /** The highest version created by {@code now}. */
    int latestVersion(LaunchTemplateSpec template, Instant now) {
        int latest = 1;
        for (TemplateVersion v : template.versions()) {
            if (fleet.exists(v, now)) {
                latest = v.number();
            }
        }
        return latest;
    }

    /** An AMI id, or the AMI id a {@code resolve:ssm:} parameter holds. */
    String resolveImage(String imageId) {
        if (imageId.startsWith(CatalogParser.RESOLVE_SSM)) {
            return fleet.parameters.imageId(imageId.substring(CatalogParser.RESOLVE_SSM.length())).orElseThrow(
                    () -> new IllegalStateException("the parser checks every resolve:ssm: parameter"));
        }
        return imageId;
    }

    static String stamp(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** The JSON string an activity's {@code Details} holds. */
    private static String details(SimEc2Instance instance) {
        return "{\"Subnet ID\":\"" + subnet(instance.availabilityZone) + "\",\"Availability Zone\":\""
                + instance.availabilityZone + "\"}";
    }

    /** The simulated subnet of an Availability Zone. */
    static String subnet(String availabilityZone) {
        return "subnet-" + Hashing.hex("subnet|" + availabilityZone, 17);
    }
}
