package dev.ecstatic.functions.model;

/** The instance a group launched in place of a replaced one, as it registered in the cluster. */
public record NewInstance(String ec2InstanceId, String containerInstanceId, String ami, String agentVersion) {
}
