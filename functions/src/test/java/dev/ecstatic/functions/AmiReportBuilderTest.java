package dev.ecstatic.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.ecstatic.functions.model.AmiClass;
import dev.ecstatic.functions.model.AmiExample;
import dev.ecstatic.functions.model.AmiReport;
import dev.ecstatic.functions.model.GroupBehind;
import dev.ecstatic.functions.model.InstanceClass;
import dev.ecstatic.functions.model.RecommendedImage;
import dev.ecstatic.functions.model.ReplaceCandidate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AmiReportBuilderTest {
    static final String AL2023 = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended";
    static final String AL2 = "/aws/service/ecs/optimized-ami/amazon-linux-2/recommended";
    static final Map<String, RecommendedImage> RECOMMENDED = Map.of(
            AL2023, new RecommendedImage("1.89.0", "25.0.8", "ami-al23new", null),
            AL2, new RecommendedImage("1.89.0", "25.0.8", "ami-al2new", null));
    static final Map<String, AmiDrift.Image> IMAGES = Map.of(
            "ami-al23old", image("ami-al23old", "al2023-ami-ecs-hvm-2023.0.20240905-kernel-6.1-x86_64", "2024-09-05"),
            "ami-al23new", image("ami-al23new", "al2023-ami-ecs-hvm-2023.0.20251210-kernel-6.1-x86_64", "2025-12-10"),
            "ami-al23next", image("ami-al23next", "al2023-ami-ecs-hvm-2023.0.20260105-kernel-6.1-x86_64", "2026-01-05"),
            "ami-al2old", image("ami-al2old", "amzn2-ami-ecs-hvm-2.0.20230109-x86_64-ebs", "2023-01-09"),
            "ami-al2new", image("ami-al2new", "amzn2-ami-ecs-hvm-2.0.20251210-x86_64-ebs", "2025-12-10"));

    static AmiDrift.Image image(String id, String name, String day) {
        return new AmiDrift.Image(id, name, "Linux/UNIX", "x86_64", Instant.parse(day + "T10:00:00Z"));
    }

    static AmiReportBuilder.Member member(int n, InstanceClass c, String ami) {
        return new AmiReportBuilder.Member("ci" + n, String.format("i-%017x", n), "1.86.3", "linux/x86_64", c, ami,
                "m6i.large", "x86_64", "DockerVersion: 25.0.6", "ACTIVE", true);
    }

    /** One instance in {@code group} (null: none) whose group launches {@code groupAmi} for m6i.large. */
    static AmiReader.Reads reads(Map<String, String> groupOf, Map<String, String> groupAmi) {
        Map<String, AmiReader.Ec2Instance> instances = new HashMap<>();
        groupOf.forEach((id, g) -> instances.put(id, new AmiReader.Ec2Instance(g, "m6i.large", null)));
        Map<String, Map<String, String>> amis = new HashMap<>();
        groupAmi.forEach((g, ami) -> {
            Map<String, String> byType = new HashMap<>();
            byType.put("m6i.large", ami);
            amis.put(g, byType);
        });
        return new AmiReader.Reads(instances, amis, IMAGES, List.of(), false);
    }

    @ParameterizedTest(name = "instance {0}, group {1} launching {2} → {3}")
    @CsvSource(nullValues = "-", textBlock = """
            # instance AMI   group  group AMI     class        group behind
            ami-al23old,     g,     ami-al23new,  BEHIND_ASG,  false
            ami-al23new,     g,     ami-al23new,  AMI_CURRENT, false
            ami-al23next,    g,     ami-al23next, AMI_CURRENT, false
            ami-al23old,     g,     ami-al23old,  ASG_BEHIND,  true
            ami-al2old,      g,     ami-al23new,  BEHIND_ASG,  false
            ami-al2old,      g,     ami-al2old,   ASG_BEHIND,  true
            ami-al23new,     -,     -,            NOT_IN_ASG,  false
            ami-private,     g,     ami-al23new,  AMI_UNKNOWN, false
            ami-al23old,     g,     -,            AMI_UNKNOWN, false
            ami-al23old,     g,     ami-private,  AMI_UNKNOWN, false
            -,               g,     ami-al23new,  AMI_UNKNOWN, false
            """)
    void oneInstance_isClassifiedFromItsReads(String ami, String group, String groupAmi, AmiClass expected,
                                              boolean groupBehind) {
        var m = member(1, InstanceClass.CANDIDATE, ami);
        Map<String, String> groupOf = new HashMap<>();
        groupOf.put(m.ec2InstanceId(), group);
        Map<String, String> amis = new HashMap<>();
        if (group != null) {
            amis.put(group, groupAmi);
        }

        AmiReport report = AmiReportBuilder.build(List.of(m), reads(groupOf, amis), RECOMMENDED);

        assertThat(report.counts()).containsOnlyKeys(AmiClass.values()).containsEntry(expected, 1);
        assertThat(report.total()).isEqualTo(1);
        assertThat(report.groupsBehind()).hasSize(groupBehind ? 1 : 0);
        assertThat(report.replaceable()).hasSize(expected == AmiClass.BEHIND_ASG ? 1 : 0);
        assertThat(report.examples()).doesNotContainKey(AmiClass.AMI_CURRENT);
        if (expected != AmiClass.AMI_CURRENT) {
            assertThat(report.examples(expected)).singleElement().satisfies(e -> {
                assertThat(e.ec2InstanceId()).isEqualTo(m.ec2InstanceId());
                assertThat(e.group()).isEqualTo(group);
                assertThat(e.reason()).isNotBlank();
            });
        }
    }

    @Test
    void anInstanceEc2DidNotDescribe_isUnknown_neverNotInAsg() {
        var m = member(1, InstanceClass.CANDIDATE, "ami-al23old");

        AmiReport report = AmiReportBuilder.build(List.of(m), reads(Map.of(), Map.of()), RECOMMENDED);

        assertThat(report.count(AmiClass.AMI_UNKNOWN)).isEqualTo(1);
        assertThat(report.examples(AmiClass.AMI_UNKNOWN)).singleElement().extracting(AmiExample::reason)
                .isEqualTo("EC2 did not describe the instance");
    }

    @Test
    void replaceable_areBehindAsgInstances_inClassOrderThenOlderAmiThenId_ignoredLeftOut() {
        List<AmiReportBuilder.Member> members = List.of(
                member(1, InstanceClass.CANDIDATE, "ami-al23old"),
                member(2, InstanceClass.NOT_ACTIVE, "ami-al2old"),
                member(3, InstanceClass.UNSUPPORTED, "ami-al23old"),
                member(4, InstanceClass.UPDATE_FAILED, "ami-al23old"),
                member(5, InstanceClass.CANDIDATE, "ami-al2old"),
                member(6, InstanceClass.UPDATING, "ami-al23old"),
                member(7, InstanceClass.IGNORED, "ami-al2old"),
                member(8, InstanceClass.CANDIDATE, "ami-al23old"),
                member(9, InstanceClass.DISCONNECTED, "ami-al23old"));
        Map<String, String> groupOf = new HashMap<>();
        members.forEach(m -> groupOf.put(m.ec2InstanceId(), "workers"));

        AmiReport report = AmiReportBuilder.build(members, reads(groupOf, Map.of("workers", "ami-al23next")),
                RECOMMENDED);

        assertThat(report.replaceable()).extracting(ReplaceCandidate::containerInstanceId)
                .containsExactly("ci4", "ci6", "ci3", "ci5", "ci1", "ci8", "ci2", "ci9");
        assertThat(report.replaceable().getFirst()).isEqualTo(new ReplaceCandidate("ci4", "i-00000000000000004",
                "1.86.3", "linux/x86_64", InstanceClass.UPDATE_FAILED, "workers", "ami-al23old", "ami-al23next",
                "m6i.large", "ACTIVE", true));
        assertThat(report.count(AmiClass.BEHIND_ASG)).isEqualTo(9);
        assertThat(report.groupsBehind()).isEmpty();
        assertThat(report.examples(AmiClass.BEHIND_ASG)).hasSize(AmiReport.MAX_EXAMPLES)
                .extracting(AmiExample::ec2InstanceId).isSorted();
    }

    @Test
    void everyListIsBounded_andEachGroupBehindIsListedOnce() {
        List<AmiReportBuilder.Member> members = new ArrayList<>();
        Map<String, String> groupOf = new HashMap<>();
        Map<String, String> groupAmi = new HashMap<>();
        IntStream.rangeClosed(1, 60).forEach(n -> {
            members.add(member(n, InstanceClass.CANDIDATE, n % 2 == 0 ? "ami-al23old" : "ami-al2old"));
            groupOf.put(String.format("i-%017x", n), "g" + (n % 30));
            groupAmi.put("g" + (n % 30), n % 2 == 0 ? "ami-al23new" : "ami-al2old");
        });

        AmiReport report = AmiReportBuilder.build(members, reads(groupOf, groupAmi), RECOMMENDED);

        assertThat(report.count(AmiClass.BEHIND_ASG)).isEqualTo(30);
        assertThat(report.count(AmiClass.ASG_BEHIND)).isEqualTo(30);
        assertThat(report.replaceable()).hasSize(AmiReport.MAX_REPLACEABLE);
        assertThat(report.groupsBehind()).hasSize(15).extracting(GroupBehind::recommendedAmi).containsOnly("ami-al2new");
        assertThat(report.examples().values()).allSatisfy(l -> assertThat(l).hasSize(AmiReport.MAX_EXAMPLES));
        assertThat(report.dockerBehind()).as("Docker 25.0.6 against 25.0.8 recommended").isEqualTo(60);
    }

    @Test
    void failedReads_makeEveryInstanceUnknown_withTheWarnings() {
        var members = List.of(member(1, InstanceClass.CANDIDATE, "ami-al23old"),
                member(2, InstanceClass.CANDIDATE, "ami-al23new"));

        AmiReport report = AmiReportBuilder.build(members,
                AmiReader.Reads.failed(List.of("could not read AMI drift: ec2:DescribeInstances failed: AccessDenied")),
                RECOMMENDED);

        assertThat(report.counts()).containsExactly(entry(AmiClass.AMI_CURRENT, 0), entry(AmiClass.BEHIND_ASG, 0),
                entry(AmiClass.ASG_BEHIND, 0), entry(AmiClass.NOT_IN_ASG, 0), entry(AmiClass.AMI_UNKNOWN, 2));
        assertThat(report.replaceable()).isEmpty();
        assertThat(report.warnings()).containsExactly(
                "could not read AMI drift: ec2:DescribeInstances failed: AccessDenied");
    }

    @Test
    void warnings_areAtMostFive_eachAtMost200Characters() {
        List<String> many = IntStream.range(0, 9).mapToObj(i -> "w" + i + "x".repeat(300)).toList();

        List<String> bounded = AmiReportBuilder.bounded(many);

        assertThat(bounded).hasSize(5).allSatisfy(w -> assertThat(w.length()).isLessThanOrEqualTo(200));
        assertThat(bounded.getLast()).isEqualTo("… and 5 more warnings in the function's log");
    }

    @Test
    void shrunk_dropsExamplesFirst_thenGroups_thenTheLastCandidates() {
        var candidate = new ReplaceCandidate("ci", "i-1", "1.0.0", "linux/x86_64", InstanceClass.CANDIDATE, "g",
                "ami-a", "ami-b", "m6i.large", "ACTIVE", true);
        AmiReport report = new AmiReport(Map.of(), 0, List.of(new GroupBehind("g", "ami-a", "ami-b")),
                Map.of(AmiClass.NOT_IN_ASG, List.of(new AmiExample("i-2", "ami-a", null, "r"))),
                List.of(candidate, candidate), List.of());

        AmiReport one = report.shrunk();
        AmiReport two = one.shrunk();
        AmiReport three = two.shrunk();

        assertThat(one.examples()).isEmpty();
        assertThat(two.groupsBehind()).isEmpty();
        assertThat(three.replaceable()).hasSize(1);
        assertThat(three.shrunk().shrunk()).isNull();
    }
}
