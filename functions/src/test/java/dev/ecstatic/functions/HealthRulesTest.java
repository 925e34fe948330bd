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
import dev.ecstatic.functions.model.RecommendedImage;
import dev.ecstatic.functions.model.Settings;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One test per rule of "Assess health" (DESIGN §4), in order, plus the order between them. */
class HealthRulesTest {
    private static final InstanceRef DISCONNECTED = new InstanceRef("ci-d", "i-d", "1.86.3", "linux/x86_64", "agent disconnected");
    private static final InstanceRef FAILED = new InstanceRef("ci-f", "i-f", "1.86.3", "linux/x86_64", "last agent update FAILED");
    private static final InstanceRef UPDATING = new InstanceRef("ci-u", "i-u", "1.86.3", "linux/x86_64", "agent update STAGING");
    private static final List<InstanceRef> CANDIDATES = List.of(ref("a", "1.86.3"), ref("b", "1.87.0"));
    private static final Settings DRY_RUN = new Settings(true, 1, 45, 30, 60);

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
        return HealthRules.decision(HealthRules.assess(inventory(counts), settings, rechecked, Fixtures.RECOMMENDED));
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

    private static Decision dryRun(Map<String, RecommendedImage> recommended, InstanceRef... candidates) {
        Inventory inventory = new Inventory(PROD_WEB, candidates.length, Map.of(InstanceClass.CANDIDATE, candidates.length),
                Map.of(), Map.of(), Map.of(), List.of(candidates), null, List.of());
        return HealthRules.decision(HealthRules.assess(inventory, DRY_RUN, false, recommended));
    }

    private static Map<String, RecommendedImage> recommending(String agent) {
        return Map.of("amazon-linux-2023", new RecommendedImage(agent, "25.0.8", "ami-new", "al2023"));
    }

    static Stream<Arguments> dryRunTable() {
        InstanceRef a = ref("a", "1.86.3");
        String wouldCall = "agent 1.86.3 is behind the recommended 1.88.0: a real run would call UpdateContainerAgent"
                + " on i-a (ECS may still answer it has no update path); 2 candidate(s)";
        String onlyEcsCanTell = ": only UpdateContainerAgent can tell whether a newer agent exists; 2 candidate(s)";
        return Stream.of(
                Arguments.of("candidate older than recommended", recommending("1.88.0"),
                        List.of(a, ref("b", "1.89.0")), DecisionKind.WOULD_UPDATE, List.of("a"), wouldCall),
                Arguments.of("candidate equal to recommended", recommending("1.88.0"),
                        List.of(ref("a", "1.88.0"), ref("b", "1.89.0")), DecisionKind.UNDECIDED, List.of("a", "b"),
                        "every candidate runs 1.88.0 or newer, at or above the recommended 1.88.0"
                                + onlyEcsCanTell),
                Arguments.of("candidate newer than recommended", recommending("1.88.0"),
                        List.of(ref("a", "1.89.0"), ref("b", "1.89.0")), DecisionKind.UNDECIDED, List.of("a", "b"),
                        "every candidate runs 1.89.0 or newer, at or above the recommended 1.88.0"
                                + onlyEcsCanTell),
                Arguments.of("no recommended version", Map.of(), List.of(a, ref("b", "1.87.0")),
                        DecisionKind.UNDECIDED, List.of("a", "b"),
                        "no recommended agent version is known" + onlyEcsCanTell),
                Arguments.of("a recommendation without an agent version",
                        Map.of("amazon-linux-2", new RecommendedImage(null, null, "ami-old", null)),
                        List.of(a, ref("b", "1.87.0")), DecisionKind.UNDECIDED, List.of("a", "b"),
                        "no recommended agent version is known" + onlyEcsCanTell),
                Arguments.of("the newest of several families counts",
                        Map.of("amazon-linux-2", new RecommendedImage("1.86.0", null, null, null),
                                "amazon-linux-2023", new RecommendedImage("1.88.0", null, null, null)),
                        List.of(a, ref("b", "1.89.0")), DecisionKind.WOULD_UPDATE, List.of("a"), wouldCall));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dryRunTable")
    void dryRun_decidesWhatItCanKnowWithoutCallingEcs(String row, Map<String, RecommendedImage> recommended,
                                                      List<InstanceRef> candidates, DecisionKind expected,
                                                      List<String> instances, String reason) {
        Decision d = dryRun(recommended, candidates.toArray(InstanceRef[]::new));

        assertThat(d.decision()).isEqualTo(expected);
        assertThat(d.instances()).extracting(InstanceRef::containerInstanceId)
                .containsExactlyElementsOf(instances.stream().map(id -> "ci-" + id).toList());
        assertThat(d.reason()).isEqualTo(reason);
        assertThat(d.candidates()).isEmpty();
        assertThat(d.alert()).isNull();
    }

    @Test
    void dryRunUndecided_namesAtMostThreeCandidates() {
        Decision d = dryRun(recommending("1.88.0"), ref("a", "1.88.0"), ref("b", "1.88.0"), ref("c", "1.89.0"),
                ref("d", "1.89.0"), ref("e", "1.89.0"));

        assertThat(d.decision()).isEqualTo(DecisionKind.UNDECIDED);
        assertThat(d.instances()).extracting(InstanceRef::containerInstanceId).containsExactly("ci-a", "ci-b", "ci-c");
    }

    @Test
    void realRun_updatesWhateverTheRecommendation() {
        for (Map<String, RecommendedImage> recommended : List.of(recommending("1.80.0"), recommending("1.99.0"),
                Map.<String, RecommendedImage>of())) {
            Decision d = HealthRules.decision(HealthRules.assess(inventory(Map.of(InstanceClass.CANDIDATE, 2)), SETTINGS,
                    false, recommended));
            assertThat(d.decision()).isEqualTo(DecisionKind.UPDATE);
            assertThat(d.candidates()).containsExactlyElementsOf(CANDIDATES);
        }
    }

    static Stream<Arguments> healthOutcomes() {
        return Stream.of(
                Arguments.of(Map.of(InstanceClass.DISCONNECTED, 1, InstanceClass.CANDIDATE, 2), false, DecisionKind.RECHECK),
                Arguments.of(Map.of(InstanceClass.DISCONNECTED, 1, InstanceClass.CANDIDATE, 2), true, DecisionKind.BLOCKED),
                Arguments.of(Map.of(InstanceClass.UPDATE_FAILED, 1, InstanceClass.CANDIDATE, 2), false, DecisionKind.BLOCKED),
                Arguments.of(Map.of(InstanceClass.UPDATING, 1, InstanceClass.CANDIDATE, 2), false, DecisionKind.IN_PROGRESS),
                Arguments.of(Map.of(InstanceClass.IGNORED, 2, InstanceClass.UNSUPPORTED, 1), false,
                        DecisionKind.NOTHING_TO_DO),
                Arguments.of(Map.of(), false, DecisionKind.NOTHING_TO_DO));
    }

    @ParameterizedTest
    @MethodSource("healthOutcomes")
    void healthOutcomes_areTheSameInDryAndRealRuns(Map<InstanceClass, Integer> counts, boolean rechecked,
                                                   DecisionKind expected) {
        for (Map<String, RecommendedImage> recommended : List.of(Fixtures.RECOMMENDED, Map.<String, RecommendedImage>of())) {
            Decision real = HealthRules.decision(HealthRules.assess(inventory(counts), SETTINGS, rechecked, recommended));
            Decision dry = HealthRules.decision(HealthRules.assess(inventory(counts), DRY_RUN, rechecked, recommended));

            assertThat(real.decision()).isEqualTo(expected);
            assertThat(dry).isEqualTo(real);
        }
    }

    @Test
    void healthyClusterWithCandidates_updatesWithTheCandidatesInOrder() {
        Decision d = assess(Map.of(InstanceClass.CANDIDATE, 2, InstanceClass.IGNORED, 1), false);
        assertThat(d.decision()).isEqualTo(DecisionKind.UPDATE);
        assertThat(d.candidates()).containsExactlyElementsOf(CANDIDATES);
        assertThat(d.alert()).isNull();
    }
}
