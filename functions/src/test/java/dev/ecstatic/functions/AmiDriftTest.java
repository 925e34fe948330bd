package dev.ecstatic.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecstatic.functions.AmiDrift.AmiFacts;
import dev.ecstatic.functions.AmiDrift.AmiRef;
import dev.ecstatic.functions.AmiDrift.Docker;
import dev.ecstatic.functions.AmiDrift.Image;
import dev.ecstatic.functions.AmiDrift.Verdict;
import dev.ecstatic.functions.RecommendedAmis.Architecture;
import dev.ecstatic.functions.RecommendedAmis.Family;
import dev.ecstatic.functions.model.AmiClass;
import dev.ecstatic.functions.model.RecommendedImage;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The AMI drift rules of issue 13 ("See"), one row per case; dates are creation days (UTC). */
class AmiDriftTest {

    /**
     * Columns: the instance's AMI and its creation day (empty: DescribeImages did not return it), its
     * group (empty: none), the group's AMI (empty: unresolvable) and its creation day (empty: not
     * described), the recommended AMI (empty: none known) and its day, then the verdict.
     */
    @ParameterizedTest(name = "[{index}] {7} {8}: {9}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // 1. The instance's AMI is unknown: never drifted, whatever its group says.
            "-       | -          | web | ami-new | 2024-06-01 | ami-new | 2024-06-01 | AMI_UNKNOWN | false | no AMI id reported (ecs.ami-id)",
            "ami-old | -          | web | ami-new | 2024-06-01 | ami-new | 2024-06-01 | AMI_UNKNOWN | false | AMI ami-old could not be described",
            "ami-old | -          | -   | -       | -          | ami-new | 2024-06-01 | AMI_UNKNOWN | false | AMI ami-old could not be described",
            // 2. In no group.
            "ami-old | 2024-01-01 | -   | -       | -          | ami-new | 2024-06-01 | NOT_IN_ASG  | false | in no group, AMI older than recommended: replace by hand",
            "ami-new | 2024-06-01 | -   | -       | -          | ami-new | 2024-06-01 | NOT_IN_ASG  | false | in no Auto Scaling group",
            "ami-old | 2024-01-01 | -   | -       | -          | -       | -          | NOT_IN_ASG  | false | in no Auto Scaling group",
            "ami-old | 2024-01-01 | -   | -       | -          | ami-new | -          | NOT_IN_ASG  | false | in no Auto Scaling group",
            // 3. The group's AMI is unknown.
            "ami-old | 2024-01-01 | web | -       | -          | ami-new | 2024-06-01 | AMI_UNKNOWN | false | the group's AMI for this instance type is unresolved",
            "ami-old | 2024-01-01 | web | ami-mid | -          | ami-new | 2024-06-01 | AMI_UNKNOWN | false | group's AMI ami-mid could not be described",
            // 4. Behind its group: replaceable. With a group behind too, still BEHIND_ASG (precedence).
            "ami-old | 2024-01-01 | web | ami-new | 2024-06-01 | ami-new | 2024-06-01 | BEHIND_ASG  | false | group launches newer AMI ami-new",
            "ami-old | 2024-01-01 | web | ami-mid | 2024-03-01 | ami-new | 2024-06-01 | BEHIND_ASG  | true  | group launches newer AMI ami-mid",
            "ami-old | 2024-01-01 | web | ami-new | 2024-06-01 | -       | -          | BEHIND_ASG  | false | group launches newer AMI ami-new",
            "ami-old | 2024-01-01 | web | ami-mid | 2024-03-01 | ami-new | -          | BEHIND_ASG  | false | group launches newer AMI ami-mid",
            // 5. The group is behind the recommended AMI.
            "ami-old | 2024-01-01 | web | ami-old | 2024-01-01 | ami-new | 2024-06-01 | ASG_BEHIND  | true  | group's AMI older than recommended ami-new",
            "ami-old | 2024-01-01 | web | ami-old | -          | ami-new | 2024-06-01 | ASG_BEHIND  | true  | group's AMI older than recommended ami-new",
            "ami-new | 2024-06-01 | web | ami-mid | 2024-03-01 | ami-new | 2024-06-01 | ASG_BEHIND  | true  | group's AMI older than recommended ami-new",
            // 6. Current.
            "ami-new | 2024-06-01 | web | ami-new | 2024-06-01 | ami-new | 2024-06-01 | AMI_CURRENT | false | -",
            "ami-new | 2024-06-01 | web | ami-mid | 2024-03-01 | ami-mid | 2024-03-01 | AMI_CURRENT | false | -",
            "ami-old | 2024-01-01 | web | ami-cpy | 2024-01-01 | ami-cpy | 2024-01-01 | AMI_CURRENT | false | -",
            "ami-one | 2024-06-01 | web | ami-one | 2024-06-01 | ami-two | 2024-06-01 | AMI_CURRENT | false | -",
            "ami-own | 2024-07-01 | web | ami-own | 2024-07-01 | ami-new | 2024-06-01 | AMI_CURRENT | false | -",
            "ami-new | 2024-06-01 | web | ami-new | 2024-06-01 | ami-new | -          | AMI_CURRENT | false | -",
            "ami-new | 2024-06-01 | web | ami-new | 2024-06-01 | -       | -          | AMI_CURRENT | false | no recommended AMI known to compare with",
            "ami-old | 2024-01-01 | web | ami-old | 2024-01-01 | ami-new | -          | AMI_CURRENT | false | recommended AMI ami-new not described"})
    void rules(String instanceAmi, String instanceDay, String group, String groupAmi, String groupDay,
               String recommendedAmi, String recommendedDay, AmiClass expected, boolean groupBehind, String reason) {
        AmiFacts facts = new AmiFacts(instanceAmi,
                instanceDay == null ? null : image(instanceAmi, instanceDay),
                group, groupAmi == null ? null : new AmiRef(groupAmi, day(groupDay)),
                recommendedAmi == null ? null : new AmiRef(recommendedAmi, day(recommendedDay)));

        assertThat(AmiDrift.classify(facts)).isEqualTo(new Verdict(expected, reason, groupBehind));
    }

    @Test
    void bottlerocket_isComparedByCreationDate_withoutAgentVersion() {
        RecommendedImage latest = RecommendedAmis.parseValue(
                RecommendedAmis.parameterFor(Family.BOTTLEROCKET_ECS_2, Architecture.ARM64).orElseThrow(),
                "ami-0b0771e0c4e5f6071");
        assertThat(latest.agentVersion()).isNull();
        // Its creation date comes from DescribeImages of the parameter's id.
        AmiRef recommended = new AmiRef(latest.amiId(), AmiDrift.creationDate("recommended.creationDate",
                "2024-09-10T18:02:11.000Z"));
        Image running = new Image("ami-0b0771e0c4e5f6000", "bottlerocket-aws-ecs-2-aarch64-v1.20.0-fcf71a47",
                "Linux/UNIX", "arm64", AmiDrift.creationDate("image.creationDate", "2024-05-28T21:40:09.000Z"));

        Verdict groupStillOnIt = AmiDrift.classify(new AmiFacts(running.id(), running, "bottlerocket-arm",
                new AmiRef(running.id(), null), recommended));
        Verdict groupMovedOn = AmiDrift.classify(new AmiFacts(running.id(), running, "bottlerocket-arm",
                recommended, recommended));

        assertThat(groupStillOnIt).isEqualTo(new Verdict(AmiClass.ASG_BEHIND,
                "group's AMI older than recommended ami-0b0771e0c4e5f6071", true));
        assertThat(groupMovedOn).isEqualTo(new Verdict(AmiClass.BEHIND_ASG,
                "group launches newer AMI ami-0b0771e0c4e5f6071", false));
    }

    @Test
    void windowsAmiThatBecamePrivate_isUnknown_evenWhenItsGroupLaunchesANewerOne() {
        AmiRef current = new AmiRef("ami-0w1ndows2022new00", day("2024-06-12"));
        Verdict verdict = AmiDrift.classify(new AmiFacts("ami-0w1ndows2019old00", null, "windows-core", current,
                current));

        assertThat(verdict).isEqualTo(new Verdict(AmiClass.AMI_UNKNOWN,
                "AMI ami-0w1ndows2019old00 could not be described", false));
    }

    @Test
    void describedWindowsAmiBehindItsGroup_isReplaceable() {
        Image running = new Image("ami-0w1ndows2022old00", "Windows_Server-2022-English-Core-ECS_Optimized-2024.01.10",
                "Windows", "x86_64", day("2024-01-10"));
        AmiRef current = new AmiRef("ami-0w1ndows2022new00", day("2024-06-12"));

        assertThat(AmiDrift.classify(new AmiFacts(running.id(), running, "windows-core", current, current))
                .amiClass()).isEqualTo(AmiClass.BEHIND_ASG);
    }

    static Stream<Arguments> everyReason() {
        String a = "ami-0123456789abcdef0";
        String b = "ami-0123456789abcdef1";
        String c = "ami-0123456789abcdef2";
        Image old = image(a, "2024-01-01");
        AmiRef mid = new AmiRef(b, day("2024-03-01"));
        AmiRef newest = new AmiRef(c, day("2024-06-01"));
        String group = "g".repeat(255);
        return Stream.of(
                new AmiFacts(null, null, group, null, null),
                new AmiFacts(a, null, group, mid, newest),
                new AmiFacts(a, old, null, null, newest),
                new AmiFacts(a, old, null, null, null),
                new AmiFacts(a, old, group, null, newest),
                new AmiFacts(a, old, group, new AmiRef(b, null), newest),
                new AmiFacts(a, old, group, mid, newest),
                new AmiFacts(a, old, group, new AmiRef(a, null), newest),
                new AmiFacts(a, old, group, new AmiRef(a, null), null),
                new AmiFacts(a, old, group, new AmiRef(a, null), new AmiRef(c, null))).map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("everyReason")
    void everyReason_fitsTheInventoryBudget_withFullLengthIdsAndGroupNames(AmiFacts facts) {
        assertThat(AmiDrift.classify(facts).reason()).isNotNull().hasSizeLessThanOrEqualTo(Classifier.MAX_REASON);
    }

    @ParameterizedTest(name = "{0} vs {1} → {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "DockerVersion: 25.0.3  | Docker version 25.0.8  | BEHIND",
            "DockerVersion: 20.10.25| Docker version 25.0.8  | BEHIND",
            "DockerVersion: 20.10.21| Docker version 20.10.23| BEHIND",
            "25.0.8                 | Docker version 25.0.8  | CURRENT",
            "DockerVersion: 25.0.8  | Docker version 25.0.8  | CURRENT",
            "DockerVersion: 25.0.10 | Docker version 25.0.8  | CURRENT",
            "DockerVersion: 26.1.0  | Docker version 25.0.8  | CURRENT",
            "-                      | Docker version 25.0.8  | UNKNOWN",
            "''                     | Docker version 25.0.8  | UNKNOWN",
            "DockerVersion: unknown | Docker version 25.0.8  | UNKNOWN",
            "DockerVersion: 25.0.3  | -                      | UNKNOWN",
            "DockerVersion: 25.0.3  | Docker version         | UNKNOWN",
            "-                      | -                      | UNKNOWN"})
    void dockerDrift(String instance, String recommended, Docker expected) {
        assertThat(AmiDrift.docker(instance, recommended)).isEqualTo(expected);
    }

    @Test
    void counts_holdEveryClass_inOrder_evenWhenEmpty() {
        assertThat(AmiDrift.counts(List.of())).containsExactly(Map.entry(AmiClass.AMI_CURRENT, 0),
                Map.entry(AmiClass.BEHIND_ASG, 0), Map.entry(AmiClass.ASG_BEHIND, 0),
                Map.entry(AmiClass.NOT_IN_ASG, 0), Map.entry(AmiClass.AMI_UNKNOWN, 0));
    }

    @Test
    void counts_countEachInstanceOnce() {
        Map<AmiClass, Integer> counts = AmiDrift.counts(List.of(AmiClass.BEHIND_ASG, AmiClass.AMI_CURRENT,
                AmiClass.BEHIND_ASG, AmiClass.AMI_UNKNOWN, AmiClass.BEHIND_ASG));

        assertThat(counts).containsExactly(Map.entry(AmiClass.AMI_CURRENT, 1), Map.entry(AmiClass.BEHIND_ASG, 3),
                Map.entry(AmiClass.ASG_BEHIND, 0), Map.entry(AmiClass.NOT_IN_ASG, 0),
                Map.entry(AmiClass.AMI_UNKNOWN, 1));
        assertThat(counts).hasSize(AmiClass.values().length);
        assertThatThrownBy(() -> counts.put(AmiClass.AMI_CURRENT, 9)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void counts_rejectAMissingClass_namingItsPosition() {
        assertThatThrownBy(() -> AmiDrift.counts(Arrays.asList(AmiClass.AMI_CURRENT, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("classes[1] is null: every instance has a class");
    }

    static Stream<Arguments> badFacts() {
        Image image = image("ami-old", "2024-01-01");
        AmiRef ref = new AmiRef("ami-new", day("2024-06-01"));
        return Stream.of(
                bad(() -> new AmiFacts("i-0a1b2c3d4e5f60718", null, null, null, null),
                        "instanceAmiId is 'i-0a1b2c3d4e5f60718': an AMI id (ami-…) was expected"),
                bad(() -> new AmiFacts("", null, null, null, null),
                        "instanceAmiId is '': an AMI id (ami-…) was expected"),
                bad(() -> new AmiFacts("ami-other", image, "web", ref, ref),
                        "image.id is 'ami-old' but instanceAmiId is 'ami-other': the image must be the instance's AMI"),
                bad(() -> new AmiFacts(null, image, "web", ref, ref),
                        "image.id is 'ami-old' but instanceAmiId is null: the image must be the instance's AMI"),
                bad(() -> new AmiFacts("ami-old", image, " ", ref, ref),
                        "autoScalingGroup is blank: null when the instance is in no group"),
                bad(() -> new AmiFacts("ami-old", image, null, ref, ref),
                        "groupAmi is set but autoScalingGroup is null: an instance in no group has no group AMI"),
                bad(() -> new AmiFacts("ami-old", image, "web", new AmiRef(null, null), ref),
                        "groupAmi.id is missing: an AMI id (ami-…) was expected"),
                bad(() -> new AmiFacts("ami-old", image, "web", ref, new AmiRef("resolve:ssm:/aws/service/x", null)),
                        "recommended.id is 'resolve:ssm:/aws/service/x': an AMI id (ami-…) was expected"),
                bad(() -> new Image("ami-old", null, null, null, null),
                        "image.creationDate is missing: a described image has one"),
                bad(() -> new Image(null, null, null, null, Instant.EPOCH),
                        "image.id is missing: an AMI id (ami-…) was expected"),
                bad(() -> AmiDrift.creationDate("image.creationDate", "2024-13-01"),
                        "image.creationDate is '2024-13-01': an ISO-8601 instant (e.g. 2024-07-02T20:12:33.000Z)"
                                + " was expected"));
    }

    private static Arguments bad(Supplier<?> build, String message) {
        return Arguments.of(build, message);
    }

    @ParameterizedTest
    @MethodSource("badFacts")
    void badInput_failsWithAMessageNamingTheField(Supplier<?> build, String message) {
        assertThatThrownBy(build::get).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void creationDate_readsDescribeImagesFormat_andKeepsNull() {
        assertThat(AmiDrift.creationDate("f", "2024-07-02T20:12:33.000Z")).isEqualTo(Instant.parse("2024-07-02T20:12:33Z"));
        assertThat(AmiDrift.creationDate("f", null)).isNull();
    }

    private static Image image(String id, String day) {
        return new Image(id, null, null, null, day(day));
    }

    private static Instant day(String day) {
        return day == null ? null : LocalDate.parse(day).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
