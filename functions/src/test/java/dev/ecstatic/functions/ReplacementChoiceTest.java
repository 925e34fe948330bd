package dev.ecstatic.functions;

import static dev.ecstatic.functions.Fixtures.PROD_WEB;
import static dev.ecstatic.functions.Fixtures.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecstatic.functions.ReplacementChoice.Facts;
import dev.ecstatic.functions.ReplacementChoice.Mode;
import dev.ecstatic.functions.model.Cluster;
import dev.ecstatic.functions.model.Decision;
import dev.ecstatic.functions.model.DecisionKind;
import dev.ecstatic.functions.model.InstanceClass;
import dev.ecstatic.functions.model.InstanceRef;
import dev.ecstatic.functions.model.Inventory;
import dev.ecstatic.functions.model.Memory;
import dev.ecstatic.functions.model.NotificationKind;
import dev.ecstatic.functions.model.ReplaceCandidate;
import dev.ecstatic.functions.model.Replacement;
import dev.ecstatic.functions.model.Settings;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The replacement rules of docs/replacement.md, one row per rule, through HealthRules as Assess health runs them. */
class ReplacementChoiceTest {
    private static final Instant NOW = Instant.parse("2026-01-05T09:00:00Z");
    private static final InstanceRef FAILED = new InstanceRef("ci-f", "i-f", "1.86.3", "linux/x86_64", "FAILED");
    private static final InstanceRef FAILED_2 = new InstanceRef("ci-g", "i-g", "1.86.3", "linux/x86_64", "FAILED");
    private static final InstanceRef UPDATING = new InstanceRef("ci-u", "i-u", "1.86.3", "linux/x86_64", "STAGING");
    private static final InstanceRef DISCONNECTED = new InstanceRef("ci-d", "i-d", "1.86.3", "linux/x86_64", "off");
    /** Behind the recommended 1.88.0 (Fixtures.RECOMMENDED). */
    private static final InstanceRef BEHIND = new InstanceRef("ci-a", "i-a", "1.86.3", "linux/x86_64", null);
    private static final InstanceRef CURRENT = new InstanceRef("ci-c", "i-c", "1.89.0", "linux/x86_64", null);

    static ReplaceCandidate candidate(String id, InstanceClass c) {
        return new ReplaceCandidate("ci-" + id, id, "1.70.0", "linux/arm64", c, "arm-workers", "ami-old", "ami-new",
                "m7g.large", "ACTIVE", true);
    }

    private static final ReplaceCandidate ARM = candidate("i-arm", InstanceClass.UNSUPPORTED);
    private static final ReplaceCandidate X86_DRIFTED = candidate("i-x86", InstanceClass.CANDIDATE);
    private static final ReplaceCandidate NO_PATH = candidate("i-a", InstanceClass.CANDIDATE);
    private static final ReplaceCandidate FAILED_X = candidate("i-f", InstanceClass.UPDATE_FAILED);
    private static final ReplaceCandidate STUCK_X = candidate("i-u", InstanceClass.UPDATING);

    /** A cluster: counts per class, its examples and candidates. */
    private record Fleet(int disconnected, List<InstanceRef> failed, List<InstanceRef> updating,
                         List<InstanceRef> candidates) {
        Inventory inventory(Cluster cluster) {
            Map<InstanceClass, Integer> counts = new EnumMap<>(InstanceClass.class);
            Map<InstanceClass, List<InstanceRef>> examples = new EnumMap<>(InstanceClass.class);
            counts.put(InstanceClass.DISCONNECTED, disconnected);
            if (disconnected > 0) {
                examples.put(InstanceClass.DISCONNECTED, List.of(DISCONNECTED));
            }
            counts.put(InstanceClass.UPDATE_FAILED, failed.size());
            examples.put(InstanceClass.UPDATE_FAILED, failed);
            counts.put(InstanceClass.UPDATING, updating.size());
            examples.put(InstanceClass.UPDATING, updating);
            counts.put(InstanceClass.CANDIDATE, candidates.size());
            counts.put(InstanceClass.UNSUPPORTED, 2);
            return new Inventory(cluster, disconnected + failed.size() + updating.size() + candidates.size() + 2, counts,
                    Map.of(), Map.of(), examples, candidates, null, List.of());
        }
    }

    private static final Fleet HEALTHY_BEHIND = new Fleet(0, List.of(), List.of(), List.of(BEHIND));
    private static final Fleet HEALTHY_CURRENT = new Fleet(0, List.of(), List.of(), List.of(CURRENT));
    private static final Fleet NO_CANDIDATES = new Fleet(0, List.of(), List.of(), List.of());
    private static final Fleet ONE_FAILED = new Fleet(0, List.of(FAILED), List.of(), List.of(CURRENT));
    private static final Fleet TWO_FAILED = new Fleet(0, List.of(FAILED, FAILED_2), List.of(), List.of(CURRENT));
    private static final Fleet ONE_STUCK = new Fleet(0, List.of(), List.of(UPDATING), List.of(CURRENT));
    private static final Fleet DISCONNECT = new Fleet(1, List.of(), List.of(), List.of(CURRENT));

    private static Facts facts(Mode mode, ReplaceCandidate... replaceable) {
        return new Facts(mode, null, List.of(replaceable), Set.of(), Map.of(), Map.of(), NOW);
    }

    private static Decision decide(Fleet fleet, boolean rechecked, Facts facts) {
        return decide(fleet, SETTINGS, rechecked, facts, null, NOW.minus(Duration.ofMinutes(10)));
    }

    private static Decision decide(Fleet fleet, Settings settings, boolean rechecked, Facts facts, String window,
                                   Instant updateSeen) {
        Inventory inventory = fleet.inventory(new Cluster(PROD_WEB.name(), PROD_WEB.arn(), window, null));
        HealthRules.UpdateTimes times = new HealthRules.UpdateTimes(NOW, Map.of("i-u", updateSeen), Duration.ofHours(1));
        return HealthRules.decision(HealthRules.assess(inventory, settings, rechecked, Fixtures.RECOMMENDED, times, null,
                facts), inventory, times);
    }

    static Stream<Arguments> rows() {
        Instant longAgo = NOW.minus(Duration.ofHours(2));
        return Stream.of(
                Arguments.of("never: nothing is replaced", HEALTHY_CURRENT, facts(Mode.NEVER, ARM), longAgo,
                        DecisionKind.UPDATE, null),
                Arguments.of("unupdatable: an unsupported instance behind its group", NO_CANDIDATES,
                        facts(Mode.UNUPDATABLE, ARM), longAgo, DecisionKind.REPLACE, "i-arm"),
                Arguments.of("unupdatable: agent updates first while a candidate is behind", HEALTHY_BEHIND,
                        facts(Mode.UNUPDATABLE, ARM), longAgo, DecisionKind.UPDATE, null),
                Arguments.of("unupdatable: candidates not behind, the unsupported one is replaced", HEALTHY_CURRENT,
                        facts(Mode.UNUPDATABLE, ARM), longAgo, DecisionKind.REPLACE, "i-arm"),
                Arguments.of("unupdatable: a supported instance with an update path is not", HEALTHY_CURRENT,
                        facts(Mode.UNUPDATABLE, X86_DRIFTED), longAgo, DecisionKind.UPDATE, null),
                Arguments.of("unupdatable: no update path found by an earlier run",
                        HEALTHY_BEHIND, new Facts(Mode.UNUPDATABLE, null, List.of(NO_PATH), Set.of("i-a"), Map.of(),
                                Map.of(), NOW), longAgo, DecisionKind.REPLACE, "i-a"),
                Arguments.of("drifted: every instance behind its group", HEALTHY_CURRENT,
                        facts(Mode.DRIFTED, X86_DRIFTED), longAgo, DecisionKind.REPLACE, "i-x86"),
                Arguments.of("blocked by one failed update: that instance", ONE_FAILED,
                        facts(Mode.UNUPDATABLE, FAILED_X), longAgo, DecisionKind.REPLACE, "i-f"),
                Arguments.of("blocked by one failed update not replaceable", ONE_FAILED,
                        facts(Mode.UNUPDATABLE, ARM), longAgo, DecisionKind.BLOCKED, null),
                Arguments.of("blocked by two failed updates", TWO_FAILED,
                        facts(Mode.DRIFTED, FAILED_X), longAgo, DecisionKind.BLOCKED, null),
                Arguments.of("blocked by a disconnect", DISCONNECT, facts(Mode.DRIFTED, ARM), longAgo,
                        DecisionKind.BLOCKED, null),
                Arguments.of("a stuck update: that instance", ONE_STUCK, facts(Mode.UNUPDATABLE, STUCK_X), longAgo,
                        DecisionKind.REPLACE, "i-u"),
                Arguments.of("an update under way, not stuck", ONE_STUCK, facts(Mode.DRIFTED, STUCK_X, ARM),
                        NOW.minus(Duration.ofMinutes(10)), DecisionKind.IN_PROGRESS, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void replacementRules(String name, Fleet fleet, Facts facts, Instant updateSeen, DecisionKind expected,
                          String replaced) {
        Decision d = decide(fleet, SETTINGS, true, facts, null, updateSeen);

        assertThat(d.decision()).isEqualTo(expected);
        assertThat(d.replace() == null ? null : d.replace().ec2InstanceId()).isEqualTo(replaced);
        if (replaced != null) {
            assertThat(d.instances()).extracting(InstanceRef::ec2InstanceId).containsExactly(replaced);
            assertThat(d.reason()).startsWith("replacing " + replaced + " (arm-workers launches ami-new");
        }
    }

    @Test
    void blockedCluster_replacingTheFailedInstance_keepsItsProblemAndAlert() {
        Decision d = decide(ONE_FAILED, true, facts(Mode.UNUPDATABLE, FAILED_X));

        assertThat(d.decision()).isEqualTo(DecisionKind.REPLACE);
        assertThat(d.alert()).isEqualTo(NotificationKind.UPDATE_FAILED);
        assertThat(d.problem()).isNotNull();
        assertThat(d.problem().instances()).containsExactly("i-f");
    }

    @Test
    void disconnectNotYetRechecked_isRecheckedFirst() {
        assertThat(decide(DISCONNECT, false, facts(Mode.DRIFTED, ARM)).decision()).isEqualTo(DecisionKind.RECHECK);
    }

    @Test
    void replacementUnderWay_holdsTheClusterButADisconnectStillBlocks() {
        Replacement under = ReplacementsTest.replacement("i-old", Replacement.Phase.TERMINATING, "arn:exec:earlier");
        Facts facts = new Facts(Mode.UNUPDATABLE, under, List.of(ARM), Set.of(), Map.of(), Map.of(), NOW);

        Decision healthy = decide(HEALTHY_BEHIND, true, facts);
        Decision failed = decide(ONE_FAILED, true, facts);
        Decision disconnected = decide(DISCONNECT, true, facts);

        assertThat(healthy.decision()).isEqualTo(DecisionKind.REPLACING);
        assertThat(healthy.instances()).extracting(InstanceRef::ec2InstanceId).containsExactly("i-old");
        assertThat(healthy.reason()).startsWith("replacement of i-old under way since 2026-01-05 08:00 UTC");
        assertThat(failed.decision()).isEqualTo(DecisionKind.REPLACING);
        assertThat(disconnected.decision()).isEqualTo(DecisionKind.BLOCKED);
    }

    @Test
    void dryRun_wouldReplace() {
        Settings dry = new Settings(true, 1, 45, 30, 60, "unupdatable", 30, 20);
        Decision d = decide(NO_CANDIDATES, dry, true, facts(Mode.UNUPDATABLE, ARM), null, NOW);

        assertThat(d.decision()).isEqualTo(DecisionKind.WOULD_REPLACE);
        assertThat(d.replace()).isEqualTo(ARM);
        assertThat(d.reason()).startsWith("a real run would replace i-arm");
    }

    @Test
    void outsideTheWindow_replacesNothing_andABlockedClusterStaysBlocked() {
        String closed = "Sat 02:00-06:00 UTC"; // NOW is a Monday
        Decision healthy = decide(NO_CANDIDATES, SETTINGS, true, facts(Mode.UNUPDATABLE, ARM), closed, NOW);
        Decision blocked = decide(ONE_FAILED, SETTINGS, true, facts(Mode.UNUPDATABLE, FAILED_X), closed, NOW);

        assertThat(healthy.decision()).isEqualTo(DecisionKind.OUTSIDE_WINDOW);
        assertThat(blocked.decision()).isEqualTo(DecisionKind.BLOCKED);
        assertThat(blocked.alert()).isEqualTo(NotificationKind.UPDATE_FAILED);
    }

    static Stream<Arguments> eligibility() {
        ReplaceCandidate draining = new ReplaceCandidate("ci-z", "i-z", "1.70.0", "linux/arm64",
                InstanceClass.UNSUPPORTED, "arm-workers", "ami-old", "ami-new", "m7g.large", "DRAINING", true);
        ReplaceCandidate offline = new ReplaceCandidate("ci-z", "i-z", "1.70.0", "linux/arm64",
                InstanceClass.UNSUPPORTED, "arm-workers", "ami-old", "ami-new", "m7g.large", "ACTIVE", false);
        Memory.StoppedGroup stillLaunching = new Memory.StoppedGroup("2026-01-04T09:00:00Z", "ami-expected", "ami-new");
        Memory.StoppedGroup templateChanged = new Memory.StoppedGroup("2026-01-04T09:00:00Z", "ami-expected", "ami-x");
        return Stream.of(
                Arguments.of("eligible", ARM, Map.of(), Map.of(), true),
                Arguments.of("not ACTIVE", draining, Map.of(), Map.of(), false),
                Arguments.of("agent disconnected", offline, Map.of(), Map.of(), false),
                Arguments.of("drain backed off until later", ARM, Map.of("i-arm", "2026-01-05T10:00:00Z"), Map.of(),
                        false),
                Arguments.of("drain back-off over", ARM, Map.of("i-arm", "2026-01-05T09:00:00Z"), Map.of(), true),
                Arguments.of("group stopped, still launching the unexpected AMI", ARM, Map.of(),
                        Map.of("arm-workers", stillLaunching), false),
                Arguments.of("group stopped, its template changed since", ARM, Map.of(),
                        Map.of("arm-workers", templateChanged), true),
                Arguments.of("group stopped, still expected to launch what did not come", ARM, Map.of(),
                        Map.of("arm-workers", new Memory.StoppedGroup("2026-01-04T09:00:00Z", "ami-new", "ami-x")), false),
                Arguments.of("another group stopped", ARM, Map.of(), Map.of("x86-workers", stillLaunching), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eligibility")
    void eligibility(String name, ReplaceCandidate c, Map<String, String> backoff,
                     Map<String, Memory.StoppedGroup> stopped, boolean eligible) {
        Facts facts = new Facts(Mode.UNUPDATABLE, null, List.of(c), Set.of(), backoff, stopped, NOW);

        assertThat(ReplacementChoice.eligible(c, facts)).isEqualTo(eligible);
        assertThat(decide(NO_CANDIDATES, true, facts).decision())
                .isEqualTo(eligible ? DecisionKind.REPLACE : DecisionKind.NOTHING_TO_DO);
    }

    @Test
    void modes_parseAndRefuseAnythingElse() {
        assertThat(Mode.parse(null)).isEqualTo(Mode.NEVER);
        assertThat(Mode.parse("drifted")).isEqualTo(Mode.DRIFTED);
        assertThat(Mode.parse("Unupdatable")).isEqualTo(Mode.UNUPDATABLE);
        assertThatThrownBy(() -> Mode.parse("always")).hasMessage(
                "replaceInstances is 'always': never, unupdatable or drifted expected");
    }
}
