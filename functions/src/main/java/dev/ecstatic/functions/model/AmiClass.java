package dev.ecstatic.functions.model;

/**
 * How a container instance's AMI compares with what its Auto Scaling group launches now and with the
 * recommended ECS-optimized AMI of its platform (issue 13, "See"); {@code AmiDrift} says which rule
 * gives which class.
 */
public enum AmiClass {
    /** Runs what its group launches (or newer), and the group is not known to be behind the recommended AMI. */
    AMI_CURRENT,
    /** Runs an older AMI than its group now launches: replacing it through the group brings it current. */
    BEHIND_ASG,
    /**
     * Runs what its group launches, but the group's AMI is older than the recommended one: the
     * template's owner must update it (ecstatic never edits launch templates).
     */
    ASG_BEHIND,
    /** In no Auto Scaling group: only a person can replace it. */
    NOT_IN_ASG,
    /** Its AMI, or its group's, could not be described or resolved: never replaced as drifted. */
    AMI_UNKNOWN
}
