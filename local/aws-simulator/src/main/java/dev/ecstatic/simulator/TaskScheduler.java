package dev.ecstatic.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;

/**
 * Where the fleet's tasks run, and how service tasks move, as ECS's service scheduler does with a
 * service's default deployment configuration (minimumHealthyPercent 100, maximumPercent 200), from
 * "UpdateContainerInstancesState" (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateContainerInstancesState.html):
 * <ul>
 * <li>When an instance becomes DRAINING, its PENDING service tasks stop at once and are started again
 *     elsewhere; for each RUNNING service task a replacement is placed on another instance with room, PENDING
 *     for {@code drainSeconds}, and when it runs the drained task stops. With a minimum of 100% ECS stops
 *     a task only once its replacement is healthy, so a task for whose replacement no instance has room keeps
 *     running on the DRAINING instance until room appears (an instance registers, or tasks stop).</li>
 * <li>Tasks that no service started never move: they keep running on a DRAINING instance.</li>
 * <li>When an instance's EC2 instance shuts down, every task on it stops ("Host EC2 (instance …)
 *     terminated.") and its service starts the tasks it lost where there is room, or when room appears.</li>
 * </ul>
 * Placement: the ACTIVE instance with a connected agent and the most remaining memory that has room for
 * the task's CPU and memory (ties: the cluster's order). ECS's placement strategies and constraints are
 * not modelled.
 */
final class TaskScheduler {

    /** How long a stopped task can still be listed and described ("at least one hour", DescribeTasks). */
    static final Duration STOPPED_VISIBLE = Duration.ofHours(1);

    private final SimFleet fleet;

    TaskScheduler(SimFleet fleet) {
        this.fleet = fleet;
    }

    /** A task of the fleet file, running since its instance registered. */
    SimTask startInitial(SimInstance instance, Fleet.TaskSpec spec, Instant startedAt) {
        SimTask t = create(instance.cluster, spec.service(), spec.family(), startedBy(instance.cluster, spec.service(),
                spec.startedBy()), spec.cpu(), spec.memory(), instance, "RUNNING", startedAt);
        t.startedAt = startedAt;
        return t;
    }

    /** The instance became DRAINING at {@code at}. */
    void drain(SimInstance instance, Instant at) {
        SimCluster c = instance.cluster;
        for (SimTask t : List.copyOf(instance.tasks)) {
            if (t.service == null) {
                continue;
            }
            if (t.lastStatus.equals("PENDING")) {
                stop(t, at, "Service " + t.service + ": container instance is in DRAINING state",
                        "ServiceSchedulerInitiated");
                lost(t);
            } else if (t.replacement == null && !c.awaitingReplacement.contains(t)) {
                c.awaitingReplacement.add(t);
            }
        }
        place(c, at);
    }

    /** The instance became ACTIVE again at {@code at}: its tasks stay; replacements already started carry on. */
    void undrain(SimInstance instance, Instant at) {
        instance.cluster.awaitingReplacement.removeIf(t -> t.instance == instance);
        place(instance.cluster, at);
    }

    /** The instance's EC2 instance shuts down at {@code at}: every task on it stops. */
    void instanceGone(SimInstance instance, Instant at) {
        SimCluster c = instance.cluster;
        for (SimTask t : List.copyOf(instance.tasks)) {
            stop(t, at, "Host EC2 (instance " + (instance.ec2 == null ? instance.ec2InstanceId : instance.ec2.id)
                    + ") terminated.", "TerminationNotice");
            if (t.service != null && t.replacement == null) {
                lost(t);
            }
        }
        c.awaitingReplacement.removeIf(t -> t.instance == instance);
        place(c, at);
    }

    /** An instance registered or room appeared: place what waits. */
    void place(SimCluster c, Instant at) {
        for (Iterator<SimTask> it = c.awaitingReplacement.iterator(); it.hasNext(); ) {
            SimTask old = it.next();
            if (old.stopped() || old.replacement != null) {
                it.remove();
                continue;
            }
            SimInstance target = candidate(c, old.cpu, old.memory, at);
            if (target != null) {
                SimTask replacement = create(c, old.service, old.family, old.startedBy, old.cpu, old.memory, target,
                        "PENDING", at);
                replacement.replaces = old;
                old.replacement = replacement;
                it.remove();
                fleet.timeline.at(at.plusSeconds(fleet.fleet.timings().drainSeconds()), when -> run(replacement, when));
            }
        }
        for (Iterator<SimCluster.Unplaced> it = c.unplaced.iterator(); it.hasNext(); ) {
            SimCluster.Unplaced u = it.next();
            SimInstance target = candidate(c, u.cpu(), u.memory(), at);
            if (target != null) {
                SimTask started = create(c, u.service(), u.family(), u.startedBy(), u.cpu(), u.memory(), target,
                        "PENDING", at);
                it.remove();
                fleet.timeline.at(at.plusSeconds(fleet.fleet.timings().drainSeconds()), when -> run(started, when));
            }
        }
    }

    /** A PENDING task starts running; the drained task it replaces stops. */
    private void run(SimTask task, Instant at) {
        if (!task.lastStatus.equals("PENDING")) {
            return;
        }
        task.lastStatus = "RUNNING";
        task.startedAt = at;
        task.version++;
        SimTask old = task.replaces;
        if (old != null && !old.stopped()) {
            stop(old, at, "Service " + old.service + ": container instance is in DRAINING state",
                    "ServiceSchedulerInitiated");
        }
        place(task.cluster, at);
    }

    /**
     * A service task stopped without a task running in its place: the replacement it was for goes back to
     * waiting, or its service has one more task to start.
     */
    private void lost(SimTask t) {
        SimTask old = t.replaces;
        if (old != null && !old.stopped()) {
            old.replacement = null;
            if (old.instance.status().equals("DRAINING")) {
                t.cluster.awaitingReplacement.add(old);
            }
            return;
        }
        t.cluster.unplaced.add(new SimCluster.Unplaced(t.service, t.family, t.startedBy, t.cpu, t.memory));
    }

    private void stop(SimTask t, Instant at, String reason, String code) {
        t.lastStatus = "STOPPED";
        t.desiredStatus = "STOPPED";
        t.stoppedAt = at;
        t.stoppedReason = reason;
        t.stopCode = code;
        t.version++;
        t.instance.tasks.remove(t);
    }

    /** The instance with room for the task and the most remaining memory, or null. */
    private SimInstance candidate(SimCluster c, int cpu, int memory, Instant at) {
        SimInstance best = null;
        for (SimInstance i : c.instances) {
            if (!i.status().equals("ACTIVE") || !i.connected(at, fleet.fleet)
                    || (i.ec2 != null && !i.ec2.state.equals("running"))
                    || i.remainingCpu() < cpu || i.remainingMemory() < memory) {
                continue;
            }
            if (best == null || i.remainingMemory() > best.remainingMemory()) {
                best = i;
            }
        }
        return best;
    }

    private SimTask create(SimCluster c, String service, String family, String startedBy, int cpu, int memory,
            SimInstance instance, String lastStatus, Instant at) {
        int serial = c.nextTaskSerial++;
        String id = Hashing.hex("task|" + fleet.fleet.seed() + "|" + c.name() + "|" + serial, 32);
        SimTask t = new SimTask(id, fleet.arnPrefix() + "task/" + c.name() + "/" + id, c, service, family, startedBy,
                cpu, memory, instance, lastStatus, at);
        c.tasks.put(id, t);
        if (service != null) {
            c.services.add(service);
        }
        instance.tasks.add(t);
        return t;
    }

    /** A service's tasks carry its deployment's id, {@code ecs-svc/} and 19 digits; others what the file says. */
    private String startedBy(SimCluster c, String service, String given) {
        if (service == null) {
            return given;
        }
        long h = Hashing.mix(fleet.fleet.seed(), (c.name() + "|" + service).hashCode(), 0x5E);
        String digits = Long.toUnsignedString(h);
        return "ecs-svc/" + (digits + "0000000000000000000").substring(0, 19);
    }

    /** Forgets tasks stopped more than an hour ago, as ECS does. */
    void forgetOldStopped(SimCluster c, Instant now) {
        c.tasks.values().removeIf(t -> t.stopped() && now.isAfter(t.stoppedAt.plus(STOPPED_VISIBLE)));
    }
}
