package dev.ecstatic.functions.model;

import java.util.Objects;

/** The instance the group launched in place of a terminated one, as registered in the cluster. */
public record NewInstance(String ec2InstanceId, String containerInstanceId, String ami, String agentVersion) {
    public NewInstance {
        Objects.requireNonNull(ec2InstanceId, "ec2InstanceId");
        Objects.requireNonNull(containerInstanceId, "containerInstanceId");
    }
}
