package dev.ecstatic.functions;

import dev.ecstatic.functions.model.AmiClass;
import dev.ecstatic.functions.model.AmiExample;
import dev.ecstatic.functions.model.AmiReport;
import dev.ecstatic.functions.model.GroupBehind;
import dev.ecstatic.functions.model.InstanceClass;
import dev.ecstatic.functions.model.RecommendedImage;
import dev.ecstatic.functions.model.ReplaceCandidate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Folds a cluster's container instances and what EC2 and Auto Scaling said about them
 * ({@link AmiReader.Reads}) into a bounded {@link AmiReport}. Pure: each instance is classified by
 * {@link AmiDrift}; this class only gathers the facts for it and bounds what is kept.
 */
final class AmiReportBuilder {
    private static final Pattern AMI_ID = Pattern.compile("ami-[0-9A-Za-z]+");
    /** Shown names (examples, groups behind) are cut to this; a candidate keeps its group's full name. */
    static final int MAX_SHOWN_NAME = 64;

    /**
     * The replacement order: agents ecstatic cannot update in place first (a failed update, one stuck
     * in progress, an unsupported platform), then the instances it could update, then the rest.
     */
    private static final List<InstanceClass> RANK = List.of(InstanceClass.UPDATE_FAILED, InstanceClass.UPDATING,
            InstanceClass.UNSUPPORTED, InstanceClass.CANDIDATE);

    private AmiReportBuilder() {
    }

    /**
     * One container instance as ListContainerInstances described it: its ids, its class for agent
     * updates and the attributes the AMI rules read ({@code ecs.ami-id}, {@code ecs.instance-type},
     * {@code ecs.cpu-architecture}); any may be null except the container instance id and class.
     */
    record Member(String containerInstanceId, String ec2InstanceId, String agentVersion, String platform,
                  InstanceClass instanceClass, String amiId, String instanceType, String architecture,
                  String dockerVersion, String status, boolean connected) {
        Member {
            Objects.requireNonNull(containerInstanceId, "containerInstanceId");
            Objects.requireNonNull(instanceClass, "instanceClass");
        }
    }

    /** One replacement candidate with what it is ordered by. */
    private record Ranked(ReplaceCandidate candidate, int rank, Instant amiCreated) {
    }

    static final Comparator<Ranked> REPLACE_ORDER = Comparator.comparingInt(Ranked::rank)
            .thenComparing(Ranked::amiCreated, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(r -> r.candidate().ec2InstanceId());

    static AmiReport build(List<Member> members, AmiReader.Reads reads, Map<String, RecommendedImage> recommendedAmis) {
        List<String> warnings = new ArrayList<>(reads.warnings());
        if (reads.failed()) {
            return AmiReport.unknown(members.size(), bounded(warnings));
        }
        List<AmiClass> classes = new ArrayList<>(members.size());
        Map<AmiClass, List<AmiExample>> examples = new EnumMap<>(AmiClass.class);
        Map<String, GroupBehind> behind = new TreeMap<>();
        List<Ranked> ranked = new ArrayList<>();
        int dockerBehind = 0;
        for (Member m : members) {
            AmiReader.Ec2Instance ec2 = m.ec2InstanceId() == null ? null : reads.instances().get(m.ec2InstanceId());
            String amiId = ami(m.amiId() != null ? m.amiId() : ec2 == null ? null : ec2.imageId());
            AmiDrift.Image image = amiId == null ? null : reads.images().get(amiId);
            String architecture = image != null && image.architecture() != null ? image.architecture() : m.architecture();
            RecommendedImage rec = image == null ? null : RecommendedAmis.parameterFor(image.name(), architecture)
                    .map(s -> recommendedAmis.get(s.parameter())).orElse(null);
            AmiDrift.AmiRef recommended = rec == null || ami(rec.amiId()) == null ? null
                    : ref(rec.amiId(), reads);
            AmiDrift.Verdict verdict;
            String group = ec2 == null ? null : ec2.group();
            AmiDrift.AmiRef groupAmi = null;
            if (m.ec2InstanceId() != null && amiId != null && ec2 == null) {
                verdict = new AmiDrift.Verdict(AmiClass.AMI_UNKNOWN, "EC2 did not describe the instance", false);
            } else {
                String type = ec2 != null && ec2.instanceType() != null ? ec2.instanceType() : m.instanceType();
                String groupAmiId = group == null ? null : ami(reads.groupAmi(group, type));
                groupAmi = groupAmiId == null ? null : ref(groupAmiId, reads);
                verdict = AmiDrift.classify(new AmiDrift.AmiFacts(amiId, image, group, groupAmi, recommended));
            }
            classes.add(verdict.amiClass());
            if (rec != null && AmiDrift.docker(m.dockerVersion(), rec.dockerVersion()) == AmiDrift.Docker.BEHIND) {
                dockerBehind++;
            }
            if (verdict.amiClass() != AmiClass.AMI_CURRENT) {
                examples.computeIfAbsent(verdict.amiClass(), k -> new ArrayList<>()).add(new AmiExample(
                        cut(m.ec2InstanceId() != null ? m.ec2InstanceId() : m.containerInstanceId(), 40),
                        cut(amiId, 40), cut(group, MAX_SHOWN_NAME),
                        cut(verdict.reason(), Classifier.MAX_REASON)));
            }
            if (verdict.groupBehind() && groupAmi != null && recommended != null) {
                behind.putIfAbsent(group + "\u0000" + groupAmi.id(), new GroupBehind(cut(group, MAX_SHOWN_NAME),
                        groupAmi.id(), recommended.id()));
            }
            if (verdict.amiClass() == AmiClass.BEHIND_ASG && m.instanceClass() != InstanceClass.IGNORED) {
                int rank = RANK.indexOf(m.instanceClass());
                ranked.add(new Ranked(new ReplaceCandidate(cut(m.containerInstanceId(), 40), m.ec2InstanceId(),
                        cut(m.agentVersion(), 16), m.platform(), m.instanceClass(), group, amiId, groupAmi.id(),
                        cut(ec2.instanceType() != null ? ec2.instanceType() : m.instanceType(), 32),
                        cut(m.status(), 16), m.connected()), rank < 0 ? RANK.size() : rank, image.creationDate()));
            }
        }
        Map<AmiClass, List<AmiExample>> kept = new EnumMap<>(AmiClass.class);
        examples.forEach((c, list) -> kept.put(c, list.stream()
                .sorted(Comparator.comparing(AmiExample::ec2InstanceId)).limit(AmiReport.MAX_EXAMPLES).toList()));
        return new AmiReport(AmiDrift.counts(classes), dockerBehind,
                behind.values().stream().limit(AmiReport.MAX_GROUPS).toList(), kept,
                ranked.stream().sorted(REPLACE_ORDER).limit(AmiReport.MAX_REPLACEABLE).map(Ranked::candidate).toList(),
                bounded(warnings));
    }

    /** The AMI with its creation date when DescribeImages described it. */
    private static AmiDrift.AmiRef ref(String id, AmiReader.Reads reads) {
        AmiDrift.Image image = reads.images().get(id);
        return new AmiDrift.AmiRef(id, image == null ? null : image.creationDate());
    }

    /** An AMI id, or null for anything else (no id, a value that is not one). */
    private static String ami(String id) {
        return id != null && AMI_ID.matcher(id).matches() ? id : null;
    }

    /**
     * At most {@value AmiReport#MAX_WARNINGS} warnings of at most
     * {@value AmiReport#MAX_WARNING_LENGTH} characters; the last says how many more there were.
     */
    static List<String> bounded(List<String> warnings) {
        List<String> cut = warnings.stream().map(w -> cut(w, AmiReport.MAX_WARNING_LENGTH)).toList();
        if (cut.size() <= AmiReport.MAX_WARNINGS) {
            return cut;
        }
        List<String> kept = new ArrayList<>(cut.subList(0, AmiReport.MAX_WARNINGS - 1));
        kept.add("… and " + (cut.size() - kept.size()) + " more warnings in the function's log");
        return kept;
    }

    private static String cut(String s, int max) {
        return InventoryBuilder.truncate(s, max);
    }
}
