package dev.ecstatic.functions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The pure rules of a replacement (contract §3): whether the group can spare the instance, whether
 * the group is busy, whether its service tasks fit elsewhere, whether the group is still what DRAIN
 * saw. Each refusal is a reason starting with its code; the handler does the calls around them.
 */
final class ReplacementRules {
    private ReplacementRules() {
    }

    /**
     * Scaling activity status codes that are final; any other (PendingSpotBidPlacement, WaitingForSpot…,
     * PreInService, InProgress, WaitingForELBConnectionDraining, MidLifecycleAction, WaitingForInstanceWarmup…)
     * means the group is changing.
     * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_Activity.html
     */
    static final Set<String> FINAL_ACTIVITY = Set.of("Successful", "Failed", "Cancelled");

    /**
     * Instance refresh statuses during which the refresh may still replace instances.
     * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_InstanceRefresh.html
     */
    static final Set<String> REFRESH_BUSY = Set.of("Pending", "InProgress", "Cancelling", "RollbackInProgress", "Baking");

    /** A scaling activity as the rules need it. */
    record Activity(String statusCode, Instant startTime, String description) {
    }

    /** A task that must find room elsewhere, with what it reserves. */
    record Need(String taskId, int cpu, int memory) {
    }

    /** An instance's room: its remainingResources. */
    record Room(String containerInstanceId, int cpu, int memory) {
    }

    /**
     * The group keeps enough Healthy InService capacity while this instance (worth {@code own} of it) is
     * gone, all counted in the group's units (instance weights where it has them): it must be at full
     * strength now (healthy InService at least its desired capacity: a group already short, with an
     * Unhealthy member or a replacement still missing, would fall to desired − 2), and its healthy
     * InService capacity less this instance's must stay at least max(1, MinSize). A group of one is never emptied,
     * whatever its MinSize says: its tasks would have nowhere to go until the successor registers.
     */
    static Optional<String> capacity(int healthyInService, int own, int minSize, int desiredCapacity) {
        if (healthyInService < desiredCapacity) {
            return Optional.of("MIN_CAPACITY: the group has " + healthyInService + " healthy InService of "
                    + desiredCapacity + " desired: already short");
        }
        int floor = Math.max(1, minSize);
        if (healthyInService - own < floor) {
            return Optional.of("MIN_CAPACITY: the group has " + healthyInService + " healthy InService; without"
                    + " this instance (" + own + ") it would fall below " + floor);
        }
        return Optional.empty();
    }

    /** The first activity that is not final, if any. */
    static Optional<String> activityInProgress(List<Activity> activities) {
        return activities.stream().filter(a -> !FINAL_ACTIVITY.contains(a.statusCode())).findFirst()
                .map(a -> "SCALING_ACTIVITY: " + a.statusCode() + ": " + a.description());
    }

    /** An activity in progress, or one that started after {@code mark} (null: any activity is newer). */
    static Optional<String> activitySince(List<Activity> activities, Instant mark) {
        Optional<String> busy = activityInProgress(activities);
        if (busy.isPresent()) {
            return busy;
        }
        return activities.stream().filter(a -> a.startTime() != null && (mark == null || a.startTime().isAfter(mark)))
                .findFirst()
                .map(a -> "SCALING_ACTIVITY: the group changed since the drain began: " + a.description());
    }

    /** The newest activity's start, the mark DRAIN records. */
    static Instant newestActivity(List<Activity> activities) {
        return activities.stream().map(Activity::startTime).filter(t -> t != null).max(Comparator.naturalOrder())
                .orElse(null);
    }

    /** A refresh that may still replace instances, by status. */
    static Optional<String> refreshInProgress(List<String> statuses) {
        return statuses.stream().filter(REFRESH_BUSY::contains).findFirst()
                .map(s -> "INSTANCE_REFRESH: an instance refresh is " + s);
    }

    /**
     * Whether every task fits the other instances' room: first-fit decreasing by memory (then CPU), each
     * task into the first instance, in the order given, with room for both its CPU and its memory. A
     * heuristic: it may refuse a set that some packing would fit, never accept one that none fits.
     */
    static Optional<String> room(List<Need> tasks, List<Room> rooms) {
        List<Need> sorted = new ArrayList<>(tasks);
        sorted.sort(Comparator.comparingInt(Need::memory).thenComparingInt(Need::cpu).reversed());
        int[] cpu = rooms.stream().mapToInt(Room::cpu).toArray();
        int[] memory = rooms.stream().mapToInt(Room::memory).toArray();
        for (Need task : sorted) {
            boolean placed = false;
            for (int i = 0; i < cpu.length && !placed; i++) {
                if (cpu[i] >= task.cpu() && memory[i] >= task.memory()) {
                    cpu[i] -= task.cpu();
                    memory[i] -= task.memory();
                    placed = true;
                }
            }
            if (!placed) {
                return Optional.of("NO_ROOM: service task " + task.taskId() + " (" + task.cpu() + " CPU units, "
                        + task.memory() + " MiB) fits none of the other " + rooms.size()
                        + " ACTIVE connected instances once the larger tasks are placed");
            }
        }
        return Optional.empty();
    }

    /** The group still launches what DRAIN saw, with the same sizes. */
    static Optional<String> groupUnchanged(String mark, String now) {
        if (mark == null || !mark.equals(now)) {
            return Optional.of("GROUP_CHANGED: the group's launch template, mixed instances policy or sizes changed "
                    + "since the drain began");
        }
        return Optional.empty();
    }

    /**
     * Scale-in protection on the instance. ECS managed termination protection sets it while tasks run,
     * so it is checked after the drain; ecstatic never clears another tool's protection.
     * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/managed-termination-protection.html
     */
    static Optional<String> protection(boolean protectedFromScaleIn) {
        return protectedFromScaleIn
                ? Optional.of("PROTECTED: the instance is protected from scale-in")
                : Optional.empty();
    }

    /**
     * The group's fingerprint: the launch template or mixed instances policy as the group names it, each
     * {@code $Latest}/{@code $Default} with the version it resolves to now, and min/max/desired.
     *
     * @param spec canonical lines describing the group (built by the handler), in a fixed order
     */
    static String fingerprint(List<String> spec) {
        return ProblemSets.digest(spec);
    }
}
