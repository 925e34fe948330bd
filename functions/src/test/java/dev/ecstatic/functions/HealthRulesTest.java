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
import dev.ecstatic.functions.model.ProblemSet;
import dev.ecstatic.functions.model.RecommendedImage;
import dev.ecstatic.functions.model.Settings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
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

    // The memory's rules (issue 12): stuck updates, problem sets, updates under way, unsupported behind.

    private static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");
    private static final Duration HOUR = Duration.ofMinutes(60);
    private static final String REMEDY = ": not updating this cluster; restart the agent (sudo systemctl restart ecs)"
            + " or replace the instance";

    private static InstanceRef updating(String id) {
        return new InstanceRef("ci-" + id, "i-" + id, "1.86.3", "linux/x86_64", "agent update STAGING");
    }

    private static InstanceRef disconnected(String id) {
        return new InstanceRef("ci-" + id, "i-" + id, "1.86.3", "linux/x86_64", "agent disconnected");
    }

    private static InstanceRef failed(String id) {
        return new InstanceRef("ci-" + id, "i-" + id, "1.86.3", "linux/x86_64", "last agent update FAILED");
    }

    /** An inventory whose counts are its examples' sizes (plus two candidates), with the given memory fields. */
    private static Inventory inventoryOf(List<InstanceRef> examples, Map<InstanceClass, String> hashes,
                                         ProblemSet behindUnsupported) {
        Map<InstanceClass, List<InstanceRef>> byClass = new EnumMap<>(InstanceClass.class);
        for (InstanceRef ref : examples) {
            InstanceClass c = switch (ref.reason()) {
                case "agent disconnected" -> InstanceClass.DISCONNECTED;
                case "last agent update FAILED" -> InstanceClass.UPDATE_FAILED;
                default -> InstanceClass.UPDATING;
            };
            byClass.computeIfAbsent(c, k -> new ArrayList<>()).add(ref);
        }
        Map<InstanceClass, Integer> counts = new EnumMap<>(InstanceClass.class);
        byClass.forEach((c, refs) -> counts.put(c, refs.size()));
        counts.put(InstanceClass.CANDIDATE, 2);
        return new Inventory(PROD_WEB, examples.size() + 2, counts, Map.of(), Map.of(), byClass, CANDIDATES, null,
                List.of(), hashes, behindUnsupported);
    }

    private static Map<String, Instant> seen(String... idsAndTimes) {
        Map<String, Instant> seen = new LinkedHashMap<>();
        for (int i = 0; i < idsAndTimes.length; i += 2) {
            seen.put("i-" + idsAndTimes[i], Instant.parse("2026-01-05T" + idsAndTimes[i + 1] + "Z"));
        }
        return seen;
    }

    private static Decision decide(Inventory inventory, Settings settings, boolean rechecked,
                                   HealthRules.UpdateTimes times) {
        return HealthRules.decision(HealthRules.assess(inventory, settings, rechecked, Fixtures.RECOMMENDED, times),
                inventory, times);
    }

    static Stream<Arguments> stuckTable() {
        String one = "1 agent update(s) stuck for at least 60 min (since 09:00 UTC)" + REMEDY;
        return Stream.of(
                Arguments.of("first seen exactly the limit ago", List.of(updating("a")), seen("a", "09:00:00"), NOW,
                        SETTINGS, false, DecisionKind.BLOCKED, NotificationKind.UPDATE_STUCK, List.of("i-a"), one),
                Arguments.of("first seen just under the limit ago", List.of(updating("a")), seen("a", "09:00:01"), NOW,
                        SETTINGS, false, DecisionKind.IN_PROGRESS, null, List.of("i-a"),
                        "1 agent update(s) in progress: one at a time per cluster"),
                Arguments.of("first seen unknown: this run sees it first", List.of(updating("a")), seen(), NOW,
                        SETTINGS, false, DecisionKind.IN_PROGRESS, null, List.of("i-a"), null),
                Arguments.of("only another instance remembered", List.of(updating("a")), seen("gone", "01:00:00"), NOW,
                        SETTINGS, false, DecisionKind.IN_PROGRESS, null, List.of("i-a"), null),
                Arguments.of("first seen after now (clock skew)", List.of(updating("a")), seen("a", "11:00:00"), NOW,
                        SETTINGS, false, DecisionKind.IN_PROGRESS, null, List.of("i-a"), null),
                Arguments.of("no now: the rule cannot apply", List.of(updating("a")), seen("a", "01:00:00"), null,
                        SETTINGS, false, DecisionKind.IN_PROGRESS, null, List.of("i-a"), null),
                Arguments.of("one of two stuck", List.of(updating("b"), updating("a")),
                        seen("a", "09:30:00", "b", "09:00:00"), NOW, SETTINGS, false,
                        DecisionKind.BLOCKED, NotificationKind.UPDATE_STUCK, List.of("i-b"), one),
                Arguments.of("several stuck, since the earliest", List.of(updating("c"), updating("b"), updating("a")),
                        seen("a", "09:59:59", "b", "08:15:00", "c", "09:00:00"), NOW, SETTINGS, false,
                        DecisionKind.BLOCKED, NotificationKind.UPDATE_STUCK, List.of("i-b", "i-c"),
                        "2 agent update(s) stuck for at least 60 min (since 08:15 UTC)" + REMEDY),
                Arguments.of("stuck since yesterday: the date is said", List.of(updating("a")), Map.of("i-a",
                        Instant.parse("2026-01-04T22:00:00Z")), NOW, SETTINGS, false,
                        DecisionKind.BLOCKED, NotificationKind.UPDATE_STUCK, List.of("i-a"),
                        "1 agent update(s) stuck for at least 60 min (since 2026-01-04 22:00 UTC)" + REMEDY),
                Arguments.of("disconnected + stuck, not rechecked: recheck first",
                        List.of(disconnected("d"), updating("a")), seen("a", "08:00:00"), NOW, SETTINGS, false,
                        DecisionKind.RECHECK, null, List.of("i-d"), null),
                Arguments.of("disconnected + stuck, rechecked: the disconnect wins",
                        List.of(disconnected("d"), updating("a")), seen("a", "08:00:00"), NOW, SETTINGS, true,
                        DecisionKind.BLOCKED, NotificationKind.AGENTS_DISCONNECTED, List.of("i-d"), null),
                Arguments.of("failed + stuck: the failure wins", List.of(failed("f"), updating("a")),
                        seen("a", "08:00:00"), NOW, SETTINGS, false,
                        DecisionKind.BLOCKED, NotificationKind.UPDATE_FAILED, List.of("i-f"),
                        "1 agent update(s) FAILED: not updating this cluster"),
                Arguments.of("dry run + stuck: blocked as in a real run", List.of(updating("a")), seen("a", "09:00:00"),
                        NOW, DRY_RUN, false, DecisionKind.BLOCKED, NotificationKind.UPDATE_STUCK, List.of("i-a"), one));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stuckTable")
    void stuckRule_blocksAnUpdateUnderWayForStuckUpdateMinutes(String row, List<InstanceRef> examples,
                                                                 Map<String, Instant> firstSeen, Instant now,
                                                                 Settings settings, boolean rechecked,
                                                                 DecisionKind expected, NotificationKind alert,
                                                                 List<String> instances, String reason) {
        Inventory inventory = inventoryOf(examples, Map.of(), null);

        Decision d = decide(inventory, settings, rechecked, new HealthRules.UpdateTimes(now, firstSeen, HOUR));

        assertThat(d.decision()).isEqualTo(expected);
        assertThat(d.alert()).isEqualTo(alert);
        assertThat(d.instances()).extracting(InstanceRef::label).containsExactlyElementsOf(instances);
        if (reason != null) {
            assertThat(d.reason()).isEqualTo(reason);
        }
        if (alert == NotificationKind.UPDATE_STUCK) {
            assertThat(d.problem()).isEqualTo(ProblemSets.of(NotificationKind.UPDATE_STUCK, instances));
            assertThat(d.candidates()).isEmpty();
        }
    }

    @Test
    void stuckReason_keepsItsMeaningInTheFirst60Characters() {
        Decision d = decide(inventoryOf(List.of(updating("a")), Map.of(), null), SETTINGS, false,
                new HealthRules.UpdateTimes(NOW, seen("a", "08:00:00"), Duration.ofMinutes(120)));

        assertThat(d.reason().substring(0, 60)).isEqualTo("1 agent update(s) stuck for at least 120 min (since 08:00 UT");
        assertThat(d.reason()).contains("restart the agent", "replace the instance");
    }

    @Test
    void stuckProblem_countsAndHashesTheStuckInstances() {
        List<InstanceRef> refs = IntStream.range(0, 20).mapToObj(i -> updating(String.format("%02d", i))).toList();
        Map<String, Instant> firstSeen = new LinkedHashMap<>();
        refs.forEach(r -> firstSeen.put(r.label(), Instant.parse("2026-01-05T08:00:00Z")));
        firstSeen.put("i-19", NOW);

        Decision d = decide(inventoryOf(refs, Map.of(InstanceClass.UPDATING, "0123456789abcdef"), null), SETTINGS,
                false, new HealthRules.UpdateTimes(NOW, firstSeen, HOUR));

        List<String> stuck = IntStream.range(0, 19).mapToObj(i -> String.format("i-%02d", i)).toList();
        assertThat(d.problem()).isEqualTo(new ProblemSet(NotificationKind.UPDATE_STUCK, 19, ProblemSets.hash(stuck),
                stuck));
        assertThat(d.reason()).startsWith("19 agent update(s) stuck");
    }

    static Stream<Arguments> problemSetTable() {
        String hd = "d0d0d0d0d0d0d0d0";
        String hf = "f0f0f0f0f0f0f0f0";
        return Stream.of(
                Arguments.of("disconnected: the inventory's hash of the full set",
                        List.of(disconnected("d2"), disconnected("d1")), Map.of(InstanceClass.DISCONNECTED, hd),
                        new ProblemSet(NotificationKind.AGENTS_DISCONNECTED, 2, hd, List.of("i-d1", "i-d2"))),
                Arguments.of("failed only", List.of(failed("f1")), Map.of(InstanceClass.UPDATE_FAILED, hf),
                        new ProblemSet(NotificationKind.UPDATE_FAILED, 1, hf, List.of("i-f1"))),
                Arguments.of("disconnected and failed: one problem, the hash of both hashes",
                        List.of(failed("a"), disconnected("d1")),
                        Map.of(InstanceClass.DISCONNECTED, hd, InstanceClass.UPDATE_FAILED, hf),
                        new ProblemSet(NotificationKind.AGENTS_DISCONNECTED, 2, ProblemSets.hash(List.of(hd, hf)),
                                List.of("i-a", "i-d1"))),
                Arguments.of("an inventory without hashes: the examples' hash",
                        List.of(disconnected("d2"), disconnected("d1")), Map.of(),
                        new ProblemSet(NotificationKind.AGENTS_DISCONNECTED, 2, ProblemSets.hash(List.of("i-d1", "i-d2")),
                                List.of("i-d1", "i-d2"))),
                Arguments.of("both without hashes: the hash of the examples' hashes",
                        List.of(disconnected("d1"), failed("f1")), Map.of(),
                        new ProblemSet(NotificationKind.AGENTS_DISCONNECTED, 2,
                                ProblemSets.hash(List.of(ProblemSets.hash(List.of("i-d1")),
                                        ProblemSets.hash(List.of("i-f1")))), List.of("i-d1", "i-f1"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("problemSetTable")
    void blockedDecision_carriesTheProblemSetTheMemoryCompares(String row, List<InstanceRef> examples,
                                                               Map<InstanceClass, String> hashes, ProblemSet expected) {
        Decision d = decide(inventoryOf(examples, hashes, null), SETTINGS, true,
                new HealthRules.UpdateTimes(NOW, Map.of(), HOUR));

        assertThat(d.decision()).isEqualTo(DecisionKind.BLOCKED);
        assertThat(d.problem()).isEqualTo(expected);
        assertThat(d.problem().kind()).isEqualTo(d.alert());
    }

    @Test
    void disconnectedAndFailed_hashChangesWhenEitherSetChanges() {
        String hd = "d0d0d0d0d0d0d0d0";
        String hf = "f0f0f0f0f0f0f0f0";
        List<InstanceRef> both = List.of(disconnected("d1"), failed("f1"));
        HealthRules.UpdateTimes times = new HealthRules.UpdateTimes(NOW, Map.of(), HOUR);

        String base = decide(inventoryOf(both, Map.of(InstanceClass.DISCONNECTED, hd, InstanceClass.UPDATE_FAILED, hf),
                null), SETTINGS, true, times).problem().hash();
        String otherFailed = decide(inventoryOf(both, Map.of(InstanceClass.DISCONNECTED, hd,
                InstanceClass.UPDATE_FAILED, "f1f1f1f1f1f1f1f1"), null), SETTINGS, true, times).problem().hash();
        String disconnectedOnly = decide(inventoryOf(List.of(disconnected("d1")),
                Map.of(InstanceClass.DISCONNECTED, hd), null), SETTINGS, true, times).problem().hash();

        assertThat(base).isNotEqualTo(otherFailed).isNotEqualTo(disconnectedOnly);
    }

    @Test
    void manyDisconnected_listTwentySortedIdsWithTheFullCount() {
        List<InstanceRef> examples = IntStream.range(0, 20).mapToObj(i -> disconnected(String.format("%02d", 19 - i)))
                .toList();
        Inventory inventory = inventoryOf(examples, Map.of(InstanceClass.DISCONNECTED, "0123456789abcdef"), null);
        Map<InstanceClass, Integer> counts = new EnumMap<>(inventory.counts());
        counts.put(InstanceClass.DISCONNECTED, 25);
        inventory = new Inventory(PROD_WEB, 27, counts, Map.of(), Map.of(), inventory.examples(), CANDIDATES, null,
                List.of(), inventory.hashes(), null);

        Decision d = decide(inventory, SETTINGS, true, new HealthRules.UpdateTimes(NOW, Map.of(), HOUR));

        assertThat(d.problem().count()).isEqualTo(25);
        assertThat(d.problem().hash()).isEqualTo("0123456789abcdef");
        assertThat(d.problem().instances()).hasSize(20).isSorted().startsWith("i-00");
    }

    @Test
    void decisionsWithoutAProblem_carryNoProblemSet() {
        HealthRules.UpdateTimes times = new HealthRules.UpdateTimes(NOW, Map.of(), HOUR);

        assertThat(decide(inventoryOf(List.of(disconnected("d")), Map.of(), null), SETTINGS, false, times).problem())
                .as("RECHECK").isNull();
        assertThat(decide(inventoryOf(List.of(updating("a")), Map.of(), null), SETTINGS, false, times).problem())
                .as("IN_PROGRESS").isNull();
        assertThat(decide(inventoryOf(List.of(), Map.of(), null), SETTINGS, false, times).problem())
                .as("UPDATE").isNull();
    }

    @Test
    void underWay_mapsEveryUpdatingExampleToItsRememberedFirstSeenElseNow() {
        Inventory inventory = inventoryOf(List.of(updating("b"), updating("a"), updating("c")), Map.of(), null);

        Decision d = decide(inventory, SETTINGS, false,
                new HealthRules.UpdateTimes(NOW, seen("a", "09:30:00", "gone", "01:00:00"), HOUR));

        assertThat(d.underWay()).containsExactly(Map.entry("i-a", "2026-01-05T09:30:00Z"),
                Map.entry("i-b", "2026-01-05T10:00:00Z"), Map.entry("i-c", "2026-01-05T10:00:00Z"));
    }

    @Test
    void underWay_isKeptWhateverTheDecision() {
        HealthRules.UpdateTimes times = new HealthRules.UpdateTimes(NOW, seen("a", "08:00:00"), HOUR);

        Decision failed = decide(inventoryOf(List.of(failed("f"), updating("a")), Map.of(), null), SETTINGS, false, times);
        Decision recheck = decide(inventoryOf(List.of(disconnected("d"), updating("a")), Map.of(), null), SETTINGS,
                false, times);
        Decision stuck = decide(inventoryOf(List.of(updating("a")), Map.of(), null), SETTINGS, false, times);

        assertThat(List.of(failed, recheck, stuck)).extracting(Decision::underWay)
                .containsOnly(Map.of("i-a", "2026-01-05T08:00:00Z"));
    }

    @Test
    void underWay_holdsAtMostTwentyEntries() {
        List<InstanceRef> refs = IntStream.range(0, 20).mapToObj(i -> updating("u" + i)).toList();

        Decision d = decide(inventoryOf(refs, Map.of(), null), SETTINGS, false,
                new HealthRules.UpdateTimes(NOW, Map.of(), HOUR));

        assertThat(d.underWay()).hasSize(20).containsValue("2026-01-05T10:00:00Z");
    }

    @Test
    void withoutNow_underWayIsEmpty() {
        Decision d = decide(inventoryOf(List.of(updating("a")), Map.of(), null), SETTINGS, false,
                new HealthRules.UpdateTimes(null, seen("a", "08:00:00"), HOUR));

        assertThat(d.underWay()).isEmpty();
    }

    @Test
    void cannotUpdate_isTheInventorysUnsupportedBehindOnEveryDecision() {
        ProblemSet behind = new ProblemSet(NotificationKind.CANNOT_UPDATE, 1, ProblemSets.hash(List.of("i-w")),
                List.of("i-w"));
        HealthRules.UpdateTimes times = new HealthRules.UpdateTimes(NOW, seen("a", "08:00:00"), HOUR);
        List<List<InstanceRef>> cases = List.of(List.of(), List.of(disconnected("d")), List.of(failed("f")),
                List.of(updating("a")), List.of(updating("b")));

        for (List<InstanceRef> examples : cases) {
            for (boolean rechecked : List.of(false, true)) {
                for (Settings settings : List.of(SETTINGS, DRY_RUN)) {
                    Decision d = decide(inventoryOf(examples, Map.of(), behind), settings, rechecked, times);
                    assertThat(d.cannotUpdate()).as(d.decision() + " " + examples).isEqualTo(behind);
                    assertThat(decide(inventoryOf(examples, Map.of(), null), settings, rechecked, times).cannotUpdate())
                            .isNull();
                }
            }
        }
    }

    @Test
    void updateTimes_refuseALimitThatIsNotPositive() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new HealthRules.UpdateTimes(NOW, Map.of(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stuckAfter");
    }

    private static Decision inWindow(String tag, String defaultWindow, Map<InstanceClass, Integer> counts, Settings settings,
                                     Instant now) {
        Inventory base = inventory(counts);
        Inventory inventory = new Inventory(new dev.ecstatic.functions.model.Cluster(PROD_WEB.name(), PROD_WEB.arn(), tag,
                null), base.total(), base.counts(), Map.of(), Map.of(), base.examples(), base.candidates(), null, List.of());
        HealthRules.UpdateTimes times = new HealthRules.UpdateTimes(now, Map.of(), HOUR);
        return HealthRules.decision(HealthRules.assess(inventory, settings, false, Fixtures.RECOMMENDED, times,
                defaultWindow), inventory, times);
    }

    static Stream<Arguments> windowTable() {
        Map<InstanceClass, Integer> healthy = Map.of(InstanceClass.CANDIDATE, 2);
        Map<InstanceClass, Integer> failed = Map.of(InstanceClass.UPDATE_FAILED, 1, InstanceClass.CANDIDATE, 2);
        Map<InstanceClass, Integer> updating = Map.of(InstanceClass.UPDATING, 1, InstanceClass.CANDIDATE, 2);
        Map<InstanceClass, Integer> none = Map.of(InstanceClass.UNSUPPORTED, 2);
        // NOW is Monday 2026-01-05 10:00 UTC.
        return Stream.of(
                Arguments.of("no window: any time", null, null, healthy, SETTINGS, NOW, DecisionKind.UPDATE, ""),
                Arguments.of("tag open now", "Mon 09:00-11:00 UTC", null, healthy, SETTINGS, NOW, DecisionKind.UPDATE, ""),
                Arguments.of("tag closed now", "Sat 02:00-06:00 UTC", null, healthy, SETTINGS, NOW,
                        DecisionKind.OUTSIDE_WINDOW, "outside the update window Sat 02:00-06:00 UTC (tag ecstatic:window):"
                                + " next opens Sat 2026-01-10 02:00 UTC; 2 candidate(s)"),
                Arguments.of("closed at the end minute", "Mon 08:00-10:00 UTC", null, healthy, SETTINGS, NOW,
                        DecisionKind.OUTSIDE_WINDOW, "next opens Mon 2026-01-12 08:00 UTC"),
                Arguments.of("the tag wins over the default", "Mon 09:00-11:00 UTC", "Sat 02:00-06:00 UTC", healthy,
                        SETTINGS, NOW, DecisionKind.UPDATE, ""),
                Arguments.of("the default when no tag", null, "Sat 02:00-06:00 UTC", healthy, SETTINGS, NOW,
                        DecisionKind.OUTSIDE_WINDOW, "(DefaultUpdateWindow)"),
                Arguments.of("a tag that is no window: nothing starts", "weekends", null, healthy, SETTINGS, NOW,
                        DecisionKind.OUTSIDE_WINDOW, "no update starts: tag ecstatic:window 'weekends' is not an update window"),
                Arguments.of("dry run outside: what a real run would do", "Sat 02:00-06:00 UTC", null, healthy, DRY_RUN,
                        NOW, DecisionKind.OUTSIDE_WINDOW, "outside the update window"),
                Arguments.of("dry run inside", "Mon 09:00-11:00 UTC", null, healthy, DRY_RUN, NOW,
                        DecisionKind.WOULD_UPDATE, ""),
                Arguments.of("a failed update blocks and alerts whatever the window", "Sat 02:00-06:00 UTC", null, failed,
                        SETTINGS, NOW, DecisionKind.BLOCKED, "FAILED"),
                Arguments.of("an update under way is waited for whatever the window", "Sat 02:00-06:00 UTC", null,
                        updating, SETTINGS, NOW, DecisionKind.IN_PROGRESS, "in progress"),
                Arguments.of("nothing to do stays nothing to do", "Sat 02:00-06:00 UTC", null, none, SETTINGS, NOW,
                        DecisionKind.NOTHING_TO_DO, "unsupported"),
                Arguments.of("without now no window applies", "Sat 02:00-06:00 UTC", null, healthy, SETTINGS, null,
                        DecisionKind.UPDATE, ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("windowTable")
    void updateWindow_onlyKeepsUpdatesFromStarting(String row, String tag, String defaultWindow,
                                                  Map<InstanceClass, Integer> counts, Settings settings, Instant now,
                                                  DecisionKind expected, String reason) {
        Decision d = inWindow(tag, defaultWindow, counts, settings, now);

        assertThat(d.decision()).as(row).isEqualTo(expected);
        assertThat(d.reason()).as(row).contains(reason);
        if (expected == DecisionKind.OUTSIDE_WINDOW) {
            assertThat(d.candidates()).as("nothing to update").isEmpty();
            assertThat(d.alert()).isNull();
        }
    }

    @Test
    void aDefaultUpdateWindowThatIsNoWindowStopsTheFunctionFromStarting_namingTheVariable() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AssessHealthConfig.from(
                        Map.of("ECSTATIC_DEFAULT_UPDATE_WINDOW", "weekends")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ECSTATIC_DEFAULT_UPDATE_WINDOW: 'weekends' is not an update window");
        assertThat(AssessHealthConfig.from(Map.of("ECSTATIC_DEFAULT_UPDATE_WINDOW", "Sun 03:00-05:00 UTC")).defaultWindow())
                .isEqualTo("Sun 03:00-05:00 UTC");
        assertThat(AssessHealthConfig.from(Map.of()).defaultWindow()).isNull();
    }
}
