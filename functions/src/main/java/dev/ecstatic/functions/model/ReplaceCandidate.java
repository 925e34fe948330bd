package dev.ecstatic.functions.model;

import java.util.Objects;

/**
 * A container instance whose Auto Scaling group now launches a newer AMI than it runs (AMI class
 * BEHIND_ASG): replacing it through its group brings it forward (issue 13, "Replace").
 * {@code instanceClass} is its class for agent updates; {@code platform} as {@link InstanceRef}'s;
 * {@code group} is the group's full name (the replacement names it to Auto Scaling), every other
 * field short and bounded.
 */
public record ReplaceCandidate(String containerInstanceId, String ec2InstanceId, String agentVersion, String platform,
                               InstanceClass instanceClass, String group, String ami, String groupAmi,
                               String instanceType, String status, boolean connected) {
    public ReplaceCandidate {
        Objects.requireNonNull(containerInstanceId, "containerInstanceId");
        Objects.requireNonNull(ec2InstanceId, "ec2InstanceId");
        Objects.requireNonNull(instanceClass, "instanceClass");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(ami, "ami");
        Objects.requireNonNull(groupAmi, "groupAmi");
    }

    /** The instance as the rest of the state machine names instances. */
    public InstanceRef ref(String reason) {
        return new InstanceRef(containerInstanceId, ec2InstanceId, agentVersion, platform, reason);
    }
}
