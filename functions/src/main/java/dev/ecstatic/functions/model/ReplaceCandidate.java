package dev.ecstatic.functions.model;

import java.util.Objects;

/**
 * A container instance whose Auto Scaling group now launches a newer AMI than it runs (BEHIND_ASG):
 * replacing it through the group brings it forward. {@code instanceClass} is its class in the
 * inventory (UNSUPPORTED, UPDATE_FAILED, …), which decides whether {@code ReplaceInstances=unupdatable}
 * may replace it.
 */
public record ReplaceCandidate(String containerInstanceId, String ec2InstanceId, String agentVersion, String platform,
                               InstanceClass instanceClass, String group, String ami, String groupAmi,
                               String instanceType, String status, boolean connected) {
    public ReplaceCandidate {
        Objects.requireNonNull(containerInstanceId, "replaceable.containerInstanceId");
        Objects.requireNonNull(ec2InstanceId, "replaceable.ec2InstanceId");
        Objects.requireNonNull(instanceClass, "replaceable.instanceClass");
        Objects.requireNonNull(group, "replaceable.group");
        Objects.requireNonNull(groupAmi, "replaceable.groupAmi");
    }

    /** The instance as the rest of the state machine names instances. */
    public InstanceRef ref(String reason) {
        return new InstanceRef(containerInstanceId, ec2InstanceId, agentVersion, platform, reason);
    }
}
