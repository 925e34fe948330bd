package dev.ecstatic.simulator;

import java.time.Instant;

/**
 * One EC2 instance: its launch facts, its state ({@code pending}, {@code running}, {@code shutting-down},
 * {@code terminated}) and, in an Auto Scaling group, what it is to the group. Not thread-safe:
 * {@link SimFleet} guards it.
 */
final class SimEc2Instance {

    /** EC2's instance state codes, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_InstanceState.html */
    static int stateCode(String state) {
        return switch (state) {
            case "pending" -> 0;
            case "running" -> 16;
            case "shutting-down" -> 32;
            case "terminated" -> 48;
            default -> throw new IllegalArgumentException(state);
        };
    }

    /**
     * The launch template an instance was launched from: the version as its group named it and the number it
     * resolved to; {@code imageFromOverride} when a mixed instances policy override gave the AMI.
     */
    record LaunchedFrom(String templateId, String templateName, String version, int versionNumber,
            boolean imageFromOverride) {
    }

    final String id;
    /** The instance's position in its cluster's numbering, from which its container instance's id comes. */
    final int serial;
    final String instanceType;
    final String amiId;
    final String platform;
    final String architecture;
    final String availabilityZone;
    final Instant launchTime;
    final SimGroup group;
    final LaunchedFrom launchedFrom;

    SimInstance container;
    String state;
    /** When TerminateInstanceInAutoScalingGroup asked for its termination (null: never). */
    Instant shutdownAt;
    Instant terminatedAt;
    boolean protectedFromScaleIn;
    String lifecycleState;
    String healthStatus;

    SimEc2Instance(String id, int serial, String instanceType, String amiId, String platform, String architecture,
            String availabilityZone, Instant launchTime, String state, SimGroup group, LaunchedFrom launchedFrom) {
        this.id = id;
        this.serial = serial;
        this.instanceType = instanceType;
        this.amiId = amiId;
        this.platform = platform;
        this.architecture = architecture;
        this.availabilityZone = availabilityZone;
        this.launchTime = launchTime;
        this.state = state;
        this.group = group;
        this.launchedFrom = launchedFrom;
    }

    /** The instance's private address, from its id (computed, not stored: a fleet holds up to 500,000). */
    String privateIp() {
        long h = Hashing.mix(id.hashCode(), 0x1B);
        return "10.0." + Math.floorMod(h >>> 8, 256) + "." + (1 + Math.floorMod(h >>> 16, 254));
    }

    boolean terminating() {
        return state.equals("shutting-down") || state.equals("terminated");
    }
}
