package dev.ecstatic.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * An Auto Scaling group's changing state: desired capacity, member instances (launching, in service,
 * terminating), scaling activities and instance refreshes. Not thread-safe: {@link SimFleet} guards it.
 */
final class SimGroup {

    /**
     * A scaling activity. In progress until {@code endTime} (null: it never ends), then {@code finalStatus}.
     */
    static final class Activity {
        final String id;
        final String description;
        final String cause;
        final Instant startTime;
        final Instant endTime;
        final String finalStatus;
        final String details;

        Activity(String id, String description, String cause, Instant startTime, Instant endTime, String finalStatus,
                String details) {
            this.id = id;
            this.description = description;
            this.cause = cause;
            this.startTime = startTime;
            this.endTime = endTime;
            this.finalStatus = finalStatus;
            this.details = details;
        }

        boolean inProgress(Instant now) {
            return endTime == null || now.isBefore(endTime);
        }

        String statusCode(Instant now) {
            return inProgress(now) ? "InProgress" : finalStatus;
        }
    }

    /** An instance refresh: {@code status} until {@code endTime} (null: no end), then {@code finalStatus}. */
    record Refresh(String id, String status, String finalStatus, int percentageComplete, int instancesToUpdate,
            Instant startTime, Instant endTime) {

        String statusAt(Instant now) {
            return endTime == null || now.isBefore(endTime) ? status : finalStatus;
        }

    }

    final Fleet.GroupSpec spec;
    final SimCluster cluster;
    final String arn;
    final Instant createdTime;
    /** Members in launch order; an instance leaves once terminated. */
    final List<SimEc2Instance> instances = new ArrayList<>();
    /** Oldest first; DescribeScalingActivities answers newest first. */
    final List<Activity> activities = new ArrayList<>();
    final List<Refresh> refreshes = new ArrayList<>();
    int desiredCapacity;
    private int activitySerial;

    SimGroup(Fleet.GroupSpec spec, SimCluster cluster, String arn, Instant createdTime) {
        this.spec = spec;
        this.cluster = cluster;
        this.arn = arn;
        this.createdTime = createdTime;
        this.desiredCapacity = spec.desiredCapacity();
    }

    String name() {
        return spec.name();
    }

    /** Instances that count towards the desired capacity: Pending and InService ones. */
    int capacity() {
        return (int) instances.stream()
                .filter(i -> i.lifecycleState.equals("Pending") || i.lifecycleState.equals("InService"))
                .count();
    }

    boolean suspended(String process) {
        return spec.suspendedProcesses().contains(process);
    }

    /** The next activity's id, a UUID from the seed, the group and a counter. */
    String nextActivityId(long seed) {
        long n = activitySerial++;
        return new UUID(Hashing.mix(seed, spec.name().hashCode(), n, 7),
                Hashing.mix(seed, spec.name().hashCode(), n, 8)).toString();
    }
}
