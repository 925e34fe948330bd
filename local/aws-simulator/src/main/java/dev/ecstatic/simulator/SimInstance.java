package dev.ecstatic.simulator;

import dev.ecstatic.simulator.Fleet.InstanceSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One container instance's changing state. Not thread-safe: {@link SimFleet} guards it.
 *
 * <p>An agent update is kept as its start time; the status at any moment is computed from the
 * clock, so the lifecycle follows virtual time exactly and needs no timers. The status (ACTIVE,
 * DRAINING, INACTIVE), the tasks and the agent's connection when its EC2 instance goes away change
 * by events ({@link Timeline}).
 */
final class SimInstance {

    /**
     * The in-progress agentUpdateStatus values, in the order an update passes through them; the one
     * list the simulator and the fleet file parser use.
     */
    static final List<String> PHASES = List.of("PENDING", "STAGING", "STAGED", "UPDATING");

    final SimCluster cluster;
    final InstanceSpec spec;
    final String id;
    final String arn;
    final String ec2InstanceId;
    final String availabilityZone;
    final Instant registeredAt;
    final long churnKey;
    final int registeredCpu;
    final int registeredMemory;
    /** The tasks placed here that have not stopped (PENDING or RUNNING), in placement order. */
    final List<SimTask> tasks = new ArrayList<>();
    /** The EC2 instance, null for an external (ECS Anywhere) one or one that had left before the start. */
    SimEc2Instance ec2;

    private String status;
    private Instant disconnectedAt;
    private Instant simulatorStart;
    private String agentVersion;
    private String settledUpdateStatus;
    private Instant updateStartedAt;
    private long version = 1;
    private int lostResponsesLeft;

    SimInstance(SimCluster cluster, InstanceSpec spec, String id, String arn, String ec2InstanceId,
            String availabilityZone, Instant registeredAt, long churnKey) {
        this.cluster = cluster;
        this.spec = spec;
        this.id = id;
        this.arn = arn;
        this.ec2InstanceId = ec2InstanceId;
        this.availabilityZone = availabilityZone;
        this.registeredAt = registeredAt;
        this.churnKey = churnKey;
        this.registeredCpu = InstanceTypes.cpu(spec.instanceType());
        this.registeredMemory = InstanceTypes.memory(spec.instanceType());
        this.status = spec.status();
        this.agentVersion = spec.agentVersion();
        this.settledUpdateStatus = spec.updateStatus();
        this.lostResponsesLeft = spec.lostUpdateResponse() == null ? 0 : spec.lostUpdateResponse().times();
    }

    /** An in-progress status in the fleet file carries on as if it had just been entered at {@code start}. */
    void resumeInitialUpdate(Instant start, Fleet.UpdateSeconds seconds) {
        simulatorStart = start;
        String s = spec.updateStatus();
        if (s == null || !isInProgress(s)) {
            return;
        }
        long before = 0;
        for (String phase : PHASES) {
            if (phase.equals(s)) {
                break;
            }
            before += durationOf(phase, seconds);
        }
        updateStartedAt = start.minusSeconds(before);
        settledUpdateStatus = null;
    }

    /** Folds a finished update into the settled state. */
    private void settle(Instant now, Fleet fleet) {
        if (updateStartedAt == null) {
            return;
        }
        String phase = phaseAt(now, fleet.updateSeconds());
        if (phase == null) {
            if (spec.failUpdate()) {
                settledUpdateStatus = "FAILED";
            } else {
                settledUpdateStatus = "UPDATED";
                agentVersion = fleet.latestAgentVersion();
            }
            updateStartedAt = null;
            version++;
        }
    }

    /** The in-progress phase at {@code now}, or null when no update runs or it has finished. */
    private String phaseAt(Instant now, Fleet.UpdateSeconds seconds) {
        if (updateStartedAt == null) {
            return null;
        }
        long elapsed = Math.max(0, Duration.between(updateStartedAt, now).toMillis());
        for (String phase : PHASES) {
            if (phase.equals(spec.stuckUpdate())) {
                return phase;
            }
            long d = durationOf(phase, seconds) * 1000;
            if (elapsed < d) {
                return phase;
            }
            elapsed -= d;
        }
        return null;
    }

    private static long durationOf(String phase, Fleet.UpdateSeconds s) {
        return switch (phase) {
            case "PENDING" -> s.pending();
            case "STAGING" -> s.staging();
            case "STAGED" -> s.staged();
            case "UPDATING" -> s.updating();
            default -> throw new IllegalArgumentException(phase);
        };
    }

    static boolean isInProgress(String status) {
        return status != null && PHASES.contains(status);
    }

    /** agentUpdateStatus at {@code now}; null when the agent was never updated. */
    String updateStatus(Instant now, Fleet fleet) {
        settle(now, fleet);
        String phase = phaseAt(now, fleet.updateSeconds());
        return phase != null ? phase : settledUpdateStatus;
    }

    /** The agent version at {@code now}: the latest once an update has reached UPDATED. */
    String agentVersion(Instant now, Fleet fleet) {
        settle(now, fleet);
        return agentVersion;
    }

    long version(Instant now, Fleet fleet) {
        settle(now, fleet);
        return version;
    }

    /** ACTIVE, DRAINING, INACTIVE, … as ECS reports it now. */
    String status() {
        return status;
    }

    /** A status change: ECS counts it in the container instance's {@code version}. */
    void status(String newStatus) {
        if (!newStatus.equals(status)) {
            status = newStatus;
            version++;
        }
    }

    /** The agent loses its connection for good at {@code at} (its EC2 instance is shutting down). */
    void disconnect(Instant at) {
        if (disconnectedAt == null) {
            disconnectedAt = at;
            version++;
        }
    }

    int remainingCpu() {
        return registeredCpu - tasks.stream().mapToInt(t -> t.cpu).sum();
    }

    int remainingMemory() {
        return registeredMemory - tasks.stream().mapToInt(t -> t.memory).sum();
    }

    long tasksIn(String lastStatus) {
        return tasks.stream().filter(t -> t.lastStatus.equals(lastStatus)).count();
    }

    /**
     * agentConnected at {@code now}: the fleet's flag (until {@code reconnectAfterSeconds}, if set),
     * false once its EC2 instance shuts down, false while the agent restarts (UPDATING), and false during
     * a churn blip.
     */
    boolean connected(Instant now, Fleet fleet) {
        if (disconnectedAt != null && !now.isBefore(disconnectedAt)) {
            return false;
        }
        if (!spec.connected() && !reconnected(now)) {
            return false;
        }
        if ("UPDATING".equals(phaseAt(now, fleet.updateSeconds()))) {
            return false;
        }
        return !churnedDown(now, fleet);
    }

    private boolean reconnected(Instant now) {
        return spec.reconnectAfterSeconds() > 0 && simulatorStart != null
                && !now.isBefore(simulatorStart.plusSeconds(spec.reconnectAfterSeconds()));
    }

    /**
     * Disconnect churn: in each window of {@code churnPeriodSeconds}, with probability
     * {@code disconnectChurn}, the agent drops for {@code churnDownSeconds} at an offset inside the
     * window. All three come from hashing the seed, the instance and the window number.
     */
    private boolean churnedDown(Instant now, Fleet fleet) {
        Fleet.Faults f = fleet.faults();
        if (f.disconnectChurn() <= 0.0) {
            return false;
        }
        long t = now.getEpochSecond();
        long window = Math.floorDiv(t, f.churnPeriodSeconds());
        long h = Hashing.mix(fleet.seed(), churnKey, window);
        if (Hashing.unit(h) >= f.disconnectChurn()) {
            return false;
        }
        long offset = Math.floorMod(Hashing.mix(h, 1), f.churnPeriodSeconds() - f.churnDownSeconds() + 1);
        long into = t - window * f.churnPeriodSeconds();
        return into >= offset && into < offset + f.churnDownSeconds();
    }

    void startUpdate(Instant now) {
        updateStartedAt = now;
        settledUpdateStatus = null;
        version++;
    }

    /**
     * Whether the answer to the update just accepted is lost ({@code lostUpdateResponse}): true for
     * the first {@code times} accepted updates of this instance.
     */
    boolean loseUpdateResponse() {
        if (lostResponsesLeft == 0) {
            return false;
        }
        lostResponsesLeft--;
        return true;
    }
}
