package dev.ecstatic.functions.model;

/**
 * One instance of an AMI class, for people: its AMI, its group (null when in none) and why it has
 * that class. Every field is short (List instances truncates).
 */
public record AmiExample(String ec2InstanceId, String ami, String group, String reason) {
}
