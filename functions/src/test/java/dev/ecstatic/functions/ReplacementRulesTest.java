package dev.ecstatic.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecstatic.functions.ReplacementRules.Activity;
import dev.ecstatic.functions.ReplacementRules.Need;
import dev.ecstatic.functions.ReplacementRules.Room;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplacementRulesTest {

    @ParameterizedTest(name = "{0} healthy InService, this one {1}, MinSize {2}, desired {3} → refused {4}")
    @CsvSource({
            "3, 1, 2, 3, false",
            "3, 1, 3, 3, true",
            "2, 1, 0, 2, false",
            "1, 1, 0, 1, true",   // a group of one is never emptied, whatever its MinSize
            "2, 1, 1, 2, false",
            "0, 1, 0, 0, true",
            "5, 1, 4, 5, false",
            "5, 1, 5, 5, true",
            "3, 1, 1, 4, true",   // already short of desired (an Unhealthy member, a successor missing): desired - 2
            "4, 1, 1, 4, false",
            "5, 1, 1, 4, false",  // more than desired (a successor registered before its predecessor left)
            "8, 4, 4, 8, false",  // weighted: two instances of weight 4, desired 8 units
            "8, 4, 5, 8, true",   // weighted: without this one 4 units, below MinSize 5
            "6, 2, 1, 8, true",   // weighted: already short in units
    })
    void capacity_keepsTheGroupAtDesiredMinusThisOne_andAtLeastMaxOfOneAndMinSize(int healthy, int own, int minSize,
                                                                                int desired, boolean refused) {
        Optional<String> refusal = ReplacementRules.capacity(healthy, own, minSize, desired);

        assertThat(refusal.isPresent()).isEqualTo(refused);
        refusal.ifPresent(r -> assertThat(r).startsWith("MIN_CAPACITY: "));
    }

    @Test
    void anInstancesWeight_isItsWeightedCapacity_orOne() {
        assertThat(ReplaceInstanceHandler.weight(software.amazon.awssdk.services.autoscaling.model.Instance.builder()
                .weightedCapacity("4").build())).isEqualTo(4);
        assertThat(ReplaceInstanceHandler.weight(software.amazon.awssdk.services.autoscaling.model.Instance.builder()
                .build())).isEqualTo(1);
        assertThat(ReplaceInstanceHandler.weight(software.amazon.awssdk.services.autoscaling.model.Instance.builder()
                .weightedCapacity("x").build())).isEqualTo(1);
    }

    @ParameterizedTest(name = "activity {0} → in progress {1}")
    @CsvSource({
            "Successful, false",
            "Failed, false",
            "Cancelled, false",
            "InProgress, true",
            "PreInService, true",
            "WaitingForSpotInstanceRequestId, true",
            "MidLifecycleAction, true",
            "WaitingForELBConnectionDraining, true",
            "PendingSpotBidPlacement, true",
    })
    void activityInProgress_isAnyStatusButTheFinalOnes(String status, boolean busy) {
        List<Activity> activities = List.of(new Activity("Successful", Instant.parse("2026-01-01T00:00:00Z"), "old"),
                new Activity(status, Instant.parse("2026-01-01T01:00:00Z"), "Launching a new EC2 instance"));

        Optional<String> refusal = ReplacementRules.activityInProgress(activities);

        assertThat(refusal.isPresent()).isEqualTo(busy);
        refusal.ifPresent(r -> assertThat(r).startsWith("SCALING_ACTIVITY: " + status));
    }

    @ParameterizedTest(name = "mark {0}, newest activity {1} ({2}) → refused {3}")
    @CsvSource({
            "2026-01-01T01:00:00Z, 2026-01-01T01:00:00Z, Successful, false",
            "2026-01-01T01:00:00Z, 2026-01-01T00:30:00Z, Successful, false",
            "2026-01-01T01:00:00Z, 2026-01-01T01:00:01Z, Successful, true",
            "2026-01-01T01:00:00Z, 2026-01-01T01:00:01Z, Failed, true",
            "2026-01-01T01:00:00Z, 2026-01-01T00:30:00Z, InProgress, true",
            ", 2026-01-01T00:30:00Z, Successful, true",
    })
    void activitySince_refusesANewerActivityOrOneInProgress(String mark, String start, String status, boolean refused) {
        List<Activity> activities = List.of(new Activity(status, Instant.parse(start), "Terminating EC2 instance"));

        Optional<String> refusal = ReplacementRules.activitySince(activities, mark == null ? null : Instant.parse(mark));

        assertThat(refusal.isPresent()).isEqualTo(refused);
        refusal.ifPresent(r -> assertThat(r).startsWith("SCALING_ACTIVITY: "));
    }

    @Test
    void activitySince_withNoActivityAtAll_refusesNothing() {
        assertThat(ReplacementRules.activitySince(List.of(), null)).isEmpty();
        assertThat(ReplacementRules.newestActivity(List.of())).isNull();
    }

    @Test
    void newestActivity_isTheLatestStart() {
        assertThat(ReplacementRules.newestActivity(List.of(
                new Activity("Successful", Instant.parse("2026-01-01T00:00:00Z"), "a"),
                new Activity("Successful", Instant.parse("2026-01-02T00:00:00Z"), "b"),
                new Activity("Failed", null, "c")))).isEqualTo(Instant.parse("2026-01-02T00:00:00Z"));
    }

    @ParameterizedTest(name = "refresh {0} → refused {1}")
    @CsvSource({
            "Pending, true", "InProgress, true", "Cancelling, true", "RollbackInProgress, true", "Baking, true",
            "Successful, false", "Failed, false", "Cancelled, false", "RollbackSuccessful, false", "RollbackFailed, false",
    })
    void refreshInProgress_byStatus(String status, boolean refused) {
        Optional<String> refusal = ReplacementRules.refreshInProgress(List.of("Successful", status));

        assertThat(refusal.isPresent()).isEqualTo(refused);
        refusal.ifPresent(r -> assertThat(r).startsWith("INSTANCE_REFRESH: ").contains(status));
    }

    /**
     * Tasks as "cpu/memory" separated by spaces, rooms likewise. First-fit decreasing by memory places the
     * largest task first, each in the first room with space for both resources.
     */
    @ParameterizedTest(name = "tasks [{0}] into rooms [{1}] → fits {2}")
    @CsvSource(delimiter = ';', value = {
            "512/1024;                 1024/2048;             true",
            "512/1024 512/1024;        1024/2048;             true",
            "512/1024 512/1024 1/1;    1024/2048;             false",
            "512/1024;                 ;                      false",   // no other instance
            ";                         ;                      true",    // no service task
            "2048/512;                 1024/8192;             false",   // memory fits, CPU does not
            "256/4096;                 4096/2048 4096/2048;   false",   // room in sum, not in one instance
            // decreasing order matters: first-fit in the given order would put 1024 into the first room
            // and leave no room for 3072
            "256/1024 256/3072;        256/3072 256/1024;     true",
            "256/1024 256/1024 256/2048; 512/2048 512/2048;   true",
            "256/1024 256/1024 256/2048; 512/2048 256/1024;   false",
            "0/512 0/512;              0/1024;                true",    // tasks without a CPU reservation
    })
    void room_isFirstFitDecreasingByMemory(String tasks, String rooms, boolean fits) {
        Optional<String> refusal = ReplacementRules.room(needs(tasks), rooms(rooms));

        assertThat(refusal.isEmpty()).isEqualTo(fits);
        refusal.ifPresent(r -> assertThat(r).startsWith("NO_ROOM: service task "));
    }

    private static List<Need> needs(String spec) {
        List<Need> needs = new ArrayList<>();
        if (spec != null) {
            String[] parts = spec.trim().split("\\s+");
            for (int i = 0; i < parts.length; i++) {
                int[] r = Arrays.stream(parts[i].split("/")).mapToInt(Integer::parseInt).toArray();
                needs.add(new Need("t" + i, r[0], r[1]));
            }
        }
        return needs;
    }

    private static List<Room> rooms(String spec) {
        return needs(spec).stream().map(n -> new Room(n.taskId(), n.cpu(), n.memory())).toList();
    }

    @ParameterizedTest(name = "mark {0}, now {1} → refused {2}")
    @CsvSource({
            "abc, abc, false",
            "abc, abd, true",
            ", abc, true",
    })
    void groupUnchanged_comparesTheFingerprints(String mark, String now, boolean refused) {
        Optional<String> refusal = ReplacementRules.groupUnchanged(mark, now);

        assertThat(refusal.isPresent()).isEqualTo(refused);
        refusal.ifPresent(r -> assertThat(r).startsWith("GROUP_CHANGED: "));
    }

    @Test
    void fingerprint_isStableAndChangesWithAnyLine() {
        List<String> spec = List.of("min=1 max=4 desired=3", "launchTemplate=lt-1@$Latest=2");

        assertThat(ReplacementRules.fingerprint(spec)).isEqualTo(ReplacementRules.fingerprint(List.copyOf(spec)))
                .hasSize(16);
        assertThat(ReplacementRules.fingerprint(List.of("min=1 max=4 desired=3", "launchTemplate=lt-1@$Latest=3")))
                .isNotEqualTo(ReplacementRules.fingerprint(spec));
        assertThat(ReplacementRules.fingerprint(List.of("min=1 max=4 desired=4", "launchTemplate=lt-1@$Latest=2")))
                .isNotEqualTo(ReplacementRules.fingerprint(spec));
    }

    @ParameterizedTest(name = "protected {0} → refused {0}")
    @CsvSource({"true", "false"})
    void protection_refusesAProtectedInstance(boolean isProtected) {
        Optional<String> refusal = ReplacementRules.protection(isProtected);

        assertThat(refusal.isPresent()).isEqualTo(isProtected);
        refusal.ifPresent(r -> assertThat(r).startsWith("PROTECTED: "));
    }
}
