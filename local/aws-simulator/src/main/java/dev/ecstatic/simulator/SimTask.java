package dev.ecstatic.simulator;

import java.time.Instant;

/**
 * One ECS task on a container instance: started by a service (it moves when its instance drains) or
 * standalone (it never moves). Its {@code lastStatus} goes PENDING → RUNNING → STOPPED. A service task on
 * a DRAINING instance keeps running until its {@code replacement}, placed on another instance, runs.
 * Not thread-safe: {@link SimFleet} guards it.
 */
final class SimTask {

    final String id;
    final String arn;
    final SimCluster cluster;
    final String service;
    final String family;
    final String startedBy;
    final int cpu;
    final int memory;
    final Instant createdAt;

    SimInstance instance;
    String lastStatus;
    String desiredStatus = "RUNNING";
    Instant startedAt;
    Instant stoppedAt;
    String stoppedReason;
    String stopCode;
    long version = 1;
    /** The task started on another instance to take this one's place (while this one drains). */
    SimTask replacement;
    /** The draining task this one takes the place of. */
    SimTask replaces;

    SimTask(String id, String arn, SimCluster cluster, String service, String family, String startedBy, int cpu,
            int memory, SimInstance instance, String lastStatus, Instant createdAt) {
        this.id = id;
        this.arn = arn;
        this.cluster = cluster;
        this.service = service;
        this.family = family;
        this.startedBy = startedBy;
        this.cpu = cpu;
        this.memory = memory;
        this.instance = instance;
        this.lastStatus = lastStatus;
        this.createdAt = createdAt;
    }

    /** ECS's task group: {@code service:<name>} for a service's tasks, {@code family:<family>} otherwise. */
    String group() {
        return service != null ? "service:" + service : "family:" + family;
    }

    boolean stopped() {
        return lastStatus.equals("STOPPED");
    }
}
