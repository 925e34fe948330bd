package dev.ecstatic.functions.model;

import java.util.Objects;

/**
 * One container instance as the state machine sees it. {@code reason} is null for plain candidates.
 * Every field is short and bounded (ListInstances truncates) so that lists of these stay small.
 */
public record InstanceRef(String containerInstanceId, String ec2InstanceId, String agentVersion, String platform,
                          String reason) {
    public InstanceRef {
        Objects.requireNonNull(containerInstanceId, "containerInstanceId");
    }

    /** The instance's name for people: the EC2 (or managed) instance id when known. */
    public String label() {
        return ec2InstanceId != null ? ec2InstanceId : containerInstanceId;
    }
}
