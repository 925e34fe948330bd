package dev.ecstatic.functions;

import static dev.ecstatic.functions.Fixtures.PROD_WEB;
import static dev.ecstatic.functions.Fixtures.SETTINGS;
import static dev.ecstatic.functions.Fixtures.ref;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ecstatic.functions.model.Decision;
import dev.ecstatic.functions.model.DecisionKind;
import dev.ecstatic.functions.model.InstanceClass;
import dev.ecstatic.functions.model.InstanceRef;
import dev.ecstatic.functions.model.Inventory;
import dev.ecstatic.functions.model.NotificationKind;
import dev.ecstatic.functions.model.Settings;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One test per rule of "Assess health" (DESIGN §4), in order, plus the order between them. */
class HealthRulesTest {
    private static final InstanceRef DISCONNECTED = new InstanceRef("ci-d", "i-d", "1.86.3", "linux/x86_64", "agent disconnected");
    private static final InstanceRef FAILED = new InstanceRef("ci-f", "i-f", "1.86.3", "linux/x86_64", "last agent update FAILED");
    private static final InstanceRef UPDATING = new InstanceRef("ci-u", "i-u", "1.86.3", "linux/x86_64", "agent update STAGING");
    private static final List<InstanceRef> CANDIDATES = List.of(ref("a", "1.86.3"), ref("b", "1.87.0"));

    /** An inventory with the given counts; examples and candidates follow from them. */
    static Inventory inventory(Map<InstanceClass, Integer> counts) {
        Map<InstanceClass, List<InstanceRef>> examples = new EnumMap<>(InstanceClass.class);
        if (counts.getOrDefault(InstanceClass.DISCONNECTED, 0) > 0) {
            examples.put(InstanceClass.DISCONNECTED, List.of(DISCONNECTED));
        }
        if (counts.getOrDefault(InstanceClass.UPDATE_FAILED, 0) > 0) {
            examples.put(InstanceClass.UPDATE_FAILED, List.of(FAILED));
        }
        if (counts.getOrDefault(InstanceClass.UPDATING, 0) > 0) {
            examples.put(InstanceClass.UPDATING, List.of(UPDATING));
        }
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        List<InstanceRef> candidates = counts.getOrDefault(InstanceClass.CANDIDATE, 0) > 0 ? CANDIDATES : List.of();
        return new Inventory(PROD_WEB, total, counts, Map.of(), Map.of(), examples, candidates, null, List.of());
    }

    private static Decision assess(Map<InstanceClass, Integer> counts, boolean rechecked) {
        return assess(counts, SETTINGS, rechecked);
    }

    private static Decision assess(Map<InstanceClass, Integer> counts, Settings settings, boolean rechecked) {
        return HealthRules.decision(HealthRules.assess(inventory(counts), settings, rechecked));
    }

    @Test
    void disconnectedAgentNotYetRechecked_asksForARecheck() {
        Decision d = assess(Map.of(InstanceClass.DISCONNECTED, 1, InstanceClass.CANDIDATE, 2), false);
        assertThat(d.decision()).isEqualTo(DecisionKind.RECHECK);
        assertThat(d.instances()).containsExactly(DISCONNECTED);
        assertThat(d.alert()).isNull();
    }

    @Test
    void disconnectedAgentStillThereAfterTheRecheck_blocksTheCluster() {
        Decision d = assess(Map.of(InstanceClass.DISCONNECTED, 1, InstanceClass.CANDIDATE, 2), true);
        assertThat(d.decision()).isEqualTo(DecisionKind.BLOCKED);
        assertThat(d.alert()).isEqualTo(NotificationKind.AGENTS_DISCONNECTED);
        assertThat(d.instances()).containsExactly(DISCONNECTED);
        assertThat(d.candidates()).isEmpty();
    }

    @Test
    void failedUpdate_blocksTheClusterWithoutARecheck() {
        Decision d = assess(Map.of(InstanceClass.UPDATE_FAILED, 1, InstanceClass.CANDIDATE, 2), false);
        assertThat(d.decision()).isEqualTo(DecisionKind.BLOCKED);
        assertThat(d.alert()).isEqualTo(NotificationKind.UPDATE_FAILED);
        assertThat(d.instances()).containsExactly(FAILED);
    }

    @Test
    void disconnectedAndFailed_alertsAboutTheDisconnectAndListsBoth() {
        Decision d = assess(Map.of(InstanceClass.DISCONNECTED, 1, InstanceClass.UPDATE_FAILED, 1), true);
        assertThat(d.alert()).isEqualTo(NotificationKind.AGENTS_DISCONNECTED);
        assertThat(d.instances()).containsExactly(DISCONNECTED, FAILED);
    }

    @Test
    void failedUpdateWhileAnotherIsUpdating_blocksBeforeInProgress() {
        assertThat(assess(Map.of(InstanceClass.UPDATE_FAILED, 1, InstanceClass.UPDATING, 1), false).decision())
                .isEqualTo(DecisionKind.BLOCKED);
    }

    @Test
    void updateUnderWay_waitsForIt() {
        Decision d = assess(Map.of(InstanceClass.UPDATING, 1, InstanceClass.CANDIDATE, 2), false);
        assertThat(d.decision()).isEqualTo(DecisionKind.IN_PROGRESS);
        assertThat(d.instances()).containsExactly(UPDATING);
    }

    @Test
    void noCandidates_isNothingToDoAndSaysWhy() {
        Decision d = assess(Map.of(InstanceClass.IGNORED, 2, InstanceClass.UNSUPPORTED, 1, InstanceClass.NOT_ACTIVE, 1), false);
        assertThat(d.decision()).isEqualTo(DecisionKind.NOTHING_TO_DO);
        assertThat(d.reason()).contains("2 ignored", "1 unsupported", "1 not active");
    }

    @Test
    void emptyCluster_isNothingToDo() {
        Decision d = assess(Map.of(), false);
        assertThat(d.decision()).isEqualTo(DecisionKind.NOTHING_TO_DO);
        assertThat(d.reason()).isEqualTo("no container instances");
    }

    @Test
    void disconnectedAndFailedNotYetRechecked_asksForARecheckFirst() {
        Decision d = assess(Map.of(InstanceClass.DISCONNECTED, 1, InstanceClass.UPDATE_FAILED, 1), false);
        assertThat(d.decision()).isEqualTo(DecisionKind.RECHECK);
    }

    @Test
    void dryRunDoesNotSoftenTheHealthGate() {
        Settings dryRun = new Settings(true, 1, 45, 30, 60);

        assertThat(assess(Map.of(InstanceClass.DISCONNECTED, 1, InstanceClass.CANDIDATE, 2), dryRun, true).decision())
                .isEqualTo(DecisionKind.BLOCKED);
        assertThat(assess(Map.of(InstanceClass.UPDATING, 1, InstanceClass.CANDIDATE, 2), dryRun, false).decision())
                .isEqualTo(DecisionKind.IN_PROGRESS);
    }

    @Test
    void dryRun_wouldUpdateTheFirstCandidate() {
        Decision d = assess(Map.of(InstanceClass.CANDIDATE, 2), new Settings(true, 1, 45, 30, 60), false);
        assertThat(d.decision()).isEqualTo(DecisionKind.WOULD_UPDATE);
        assertThat(d.instances()).containsExactly(CANDIDATES.getFirst());
        assertThat(d.candidates()).isEmpty();
    }

    @Test
    void healthyClusterWithCandidates_updatesWithTheCandidatesInOrder() {
        Decision d = assess(Map.of(InstanceClass.CANDIDATE, 2, InstanceClass.IGNORED, 1), false);
        assertThat(d.decision()).isEqualTo(DecisionKind.UPDATE);
        assertThat(d.candidates()).containsExactlyElementsOf(CANDIDATES);
        assertThat(d.alert()).isNull();
    }
}
