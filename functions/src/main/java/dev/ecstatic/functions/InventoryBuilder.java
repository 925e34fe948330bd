package dev.ecstatic.functions;

import dev.ecstatic.functions.model.AmiExample;
import dev.ecstatic.functions.model.AmiReport;
import dev.ecstatic.functions.model.Cluster;
import dev.ecstatic.functions.model.Drift;
import dev.ecstatic.functions.model.InstanceClass;
import dev.ecstatic.functions.model.InstanceRef;
import dev.ecstatic.functions.model.Inventory;
import dev.ecstatic.functions.model.NotificationKind;
import dev.ecstatic.functions.model.ProblemSet;
import dev.ecstatic.functions.model.RecommendedImage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;

/**
 * Folds described container instances into an {@link Inventory} whose serialized size does not
 * depend on the number of instances. Pure: no AWS calls. It keeps the ids of the hashed classes and
 * of the unsupported instances behind (at most the cluster's 5,000) only until {@link #build()}
 * turns them into set hashes.
 */
final class InventoryBuilder {
    /**
     * The inventory must stay under 32 KiB serialized (DESIGN §3); 140 instance references with
     * worst-case ids and reasons come close, so examples are trimmed (largest class first) until the
     * estimate fits this budget. Candidates are never trimmed.
     */
    static final int BUDGET_BYTES = 30 * 1024;

    /** Candidates oldest agent first (semantic version order), ties by EC2 instance id. */
    static final Comparator<InstanceRef> CANDIDATE_ORDER = Comparator
            .comparing(InstanceRef::agentVersion, Versions.ORDER)
            .thenComparing(InstanceRef::ec2InstanceId, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(InstanceRef::containerInstanceId);

    private final Cluster cluster;
    private final java.util.Set<String> replacing;
    private final Map<String, RecommendedImage> recommended;
    private final Map<String, String> familyByAmi = new HashMap<>();
    private final Map<InstanceClass, Integer> counts = new EnumMap<>(InstanceClass.class);
    private final Map<String, Integer> agentVersions = new HashMap<>();
    private final Map<String, Integer> platforms = new HashMap<>();
    private final Map<InstanceClass, List<InstanceRef>> examples = new EnumMap<>(InstanceClass.class);
    private final List<InstanceRef> candidates = new ArrayList<>();
    private final List<String> missing = new ArrayList<>();
    private final Map<InstanceClass, List<String>> hashedIds = new EnumMap<>(InstanceClass.class);
    private final List<String> behindUnsupported = new ArrayList<>();
    /** What the AMI drift rules read of each instance (at most the cluster's 5,000), until {@link #build()}. */
    private final List<AmiReportBuilder.Member> members = new ArrayList<>();
    private AmiReport amis;
    /** The newest agent any family recommends; null when none is known (then no set is built). */
    private final String newestAgent;
    private int total;
    private int agentBehind;
    /** Per {@link #metricPlatform} of the instances compared with a recommended agent: how many lag it. */
    private final Map<String, Integer> agentBehindByPlatform = new java.util.TreeMap<>();
    private int dockerBehind;
    private int amiNotRecommended;

    InventoryBuilder(Cluster cluster, Map<String, RecommendedImage> recommended) {
        this(cluster, recommended, java.util.Set.of());
    }

    /** @param replacing EC2 ids of instances being replaced: NOT_ACTIVE, "being replaced" (docs/replacement.md) */
    InventoryBuilder(Cluster cluster, Map<String, RecommendedImage> recommended, java.util.Set<String> replacing) {
        this.replacing = java.util.Set.copyOf(replacing);
        this.cluster = cluster;
        this.recommended = recommended;
        recommended.forEach((family, image) -> {
            if (image.amiId() != null) {
                familyByAmi.put(image.amiId(), family);
            }
        });
        this.newestAgent = Versions.recommendedAgent(recommended, null).orElse(null);
    }

    InventoryBuilder add(ContainerInstance ci) {
        Classifier.Classification c = ci.ec2InstanceId() != null && replacing.contains(ci.ec2InstanceId())
                ? new Classifier.Classification(InstanceClass.NOT_ACTIVE, "being replaced")
                : Classifier.classify(ci);
        total++;
        counts.merge(c.instanceClass(), 1, Integer::sum);
        String version = Classifier.agentVersion(ci);
        agentVersions.merge(version == null ? "unknown" : truncate(version, 16), 1, Integer::sum);
        String platform = Classifier.platform(ci);
        platforms.merge(platform, 1, Integer::sum);
        InstanceRef ref = new InstanceRef(truncate(containerInstanceId(ci.containerInstanceArn()), 40),
                truncate(ci.ec2InstanceId(), 24), truncate(version, 16), platform,
                truncate(c.reason(), Classifier.MAX_REASON));
        if (Inventory.HASHED.contains(c.instanceClass())) {
            hashedIds.computeIfAbsent(c.instanceClass(), k -> new ArrayList<>()).add(ref.label());
        }
        if (c.instanceClass() == InstanceClass.UNSUPPORTED && Versions.older(version, newestAgent)) {
            behindUnsupported.add(ref.label());
        }
        members.add(new AmiReportBuilder.Member(ref.containerInstanceId(), ci.ec2InstanceId(), ref.agentVersion(),
                platform, c.instanceClass(), Classifier.attribute(ci, "ecs.ami-id"),
                Classifier.attribute(ci, "ecs.instance-type"), Classifier.attribute(ci, "ecs.cpu-architecture"),
                Classifier.dockerVersion(ci), ci.status(), Boolean.TRUE.equals(ci.agentConnected())));
        if (c.instanceClass() == InstanceClass.CANDIDATE) {
            candidates.add(ref);
        } else {
            List<InstanceRef> list = examples.computeIfAbsent(c.instanceClass(), k -> new ArrayList<>());
            if (list.size() < Inventory.MAX_LISTED) {
                list.add(ref);
            }
        }
        if (c.instanceClass() != InstanceClass.IGNORED && !platform.startsWith("windows")) {
            drift(ci, version, platform);
        }
        return this;
    }

    InventoryBuilder missing(String requestedId) {
        if (missing.size() < Inventory.MAX_LISTED) {
            missing.add(truncate(containerInstanceId(requestedId), 40));
        }
        return this;
    }

    /** {@code platform} as the Platform dimension names it: one of {@link ListInstancesHandler#PLATFORMS}. */
    static String metricPlatform(String platform) {
        return ListInstancesHandler.PLATFORMS.contains(platform) ? platform : ListInstancesHandler.OTHER_PLATFORM;
    }

    /**
     * Agents behind their recommended version per {@link #metricPlatform}, for every platform with an
     * instance compared (0 when none of them lags); empty when no recommended agent is known. Windows
     * and ignored instances are not compared, as for {@code drift.agentBehindRecommended}.
     */
    Map<String, Integer> agentBehindByPlatform() {
        return java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(agentBehindByPlatform));
    }

    /** The instances added so far, as the AMI drift rules read them. */
    List<AmiReportBuilder.Member> members() {
        return List.copyOf(members);
    }

    /** The cluster's AMI drift, for {@link #build()} to include (and trim to the budget if need be). */
    InventoryBuilder amis(AmiReport report) {
        this.amis = report;
        return this;
    }

    private void drift(ContainerInstance ci, String version, String platform) {
        if (recommended.isEmpty()) {
            return;
        }
        String ami = Classifier.attribute(ci, "ecs.ami-id");
        String family = ami == null ? null : familyByAmi.get(ami);
        boolean behind = Versions.older(version, Versions.recommendedAgent(recommended, family).orElse(null));
        agentBehindByPlatform.merge(metricPlatform(platform), behind ? 1 : 0, Integer::sum);
        if (behind) {
            agentBehind++;
        }
        if (Versions.older(Classifier.dockerVersion(ci), Versions.recommendedDocker(recommended, family).orElse(null))) {
            dockerBehind++;
        }
        if (ami != null && family == null) {
            amiNotRecommended++;
        }
    }

    Inventory build() {
        List<InstanceRef> ordered = candidates.stream().sorted(CANDIDATE_ORDER).limit(Inventory.MAX_LISTED).toList();
        Map<InstanceClass, List<InstanceRef>> kept = new EnumMap<>(InstanceClass.class);
        examples.forEach((k, v) -> kept.put(k, new ArrayList<>(v)));
        Map<InstanceClass, String> hashes = hashes();
        ProblemSet behind = behind();
        Inventory inventory = inventory(ordered, kept, hashes, behind);
        while (serializedSize(inventory) > BUDGET_BYTES) {
            List<InstanceRef> largest = kept.values().stream().filter(l -> !l.isEmpty())
                    .max(Comparator.comparingInt(List::size)).orElse(null);
            if (largest != null) {
                largest.removeLast();
                inventory = inventory(ordered, kept, hashes, behind);
            } else {
                // Then the AMI report's examples, groups and (last) replacement candidates.
                AmiReport fewer = inventory.amis() == null ? null : inventory.amis().shrunk();
                if (fewer == null) {
                    break;
                }
                inventory = inventory.withAmis(fewer);
            }
        }
        return inventory;
    }

    private Inventory inventory(List<InstanceRef> ordered, Map<InstanceClass, List<InstanceRef>> kept,
                                Map<InstanceClass, String> hashes, ProblemSet behind) {
        Map<InstanceClass, List<InstanceRef>> nonEmpty = new LinkedHashMap<>();
        kept.forEach((k, v) -> {
            if (!v.isEmpty()) {
                nonEmpty.put(k, List.copyOf(v));
            }
        });
        return new Inventory(cluster, total, counts, histogram(agentVersions, Versions.ORDER),
                histogram(platforms, Comparator.naturalOrder()), nonEmpty, ordered,
                new Drift(agentBehind, dockerBehind, amiNotRecommended), missing, hashes, behind, amis);
    }

    private Map<InstanceClass, String> hashes() {
        Map<InstanceClass, String> hashes = new EnumMap<>(InstanceClass.class);
        hashedIds.forEach((c, ids) -> hashes.put(c, ProblemSets.hash(ids)));
        return hashes;
    }

    /**
     * Unsupported instances (Windows, arm64, ECS Anywhere) whose agent is older than the newest
     * agent any family recommends: ecstatic cannot bring them current. An instance reporting no
     * agent version is not counted: nothing says it is behind.
     */
    private ProblemSet behind() {
        return behindUnsupported.isEmpty() ? null : ProblemSets.of(NotificationKind.CANNOT_UPDATE, behindUnsupported);
    }

    /** At most {@link Inventory#MAX_KEYS} keys: the most frequent, the rest summed under "other". */
    static Map<String, Integer> histogram(Map<String, Integer> all, Comparator<String> keyOrder) {
        if (all.size() <= Inventory.MAX_KEYS) {
            Map<String, Integer> sorted = new TreeMap<>(keyOrder);
            sorted.putAll(all);
            return sorted;
        }
        List<Map.Entry<String, Integer>> byCount = all.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey(keyOrder)))
                .toList();
        Map<String, Integer> top = new TreeMap<>(keyOrder);
        int other = 0;
        for (int i = 0; i < byCount.size(); i++) {
            if (i < Inventory.MAX_KEYS - 1 && !byCount.get(i).getKey().equals("other")) {
                top.put(byCount.get(i).getKey(), byCount.get(i).getValue());
            } else {
                other += byCount.get(i).getValue();
            }
        }
        Map<String, Integer> result = new LinkedHashMap<>(top);
        result.put("other", other);
        return result;
    }

    /** The id at the end of a container instance ARN (either ARN format), or the id itself. */
    static String containerInstanceId(String arnOrId) {
        if (arnOrId == null) {
            return "unknown";
        }
        int slash = arnOrId.lastIndexOf('/');
        return slash < 0 ? arnOrId : arnOrId.substring(slash + 1);
    }

    static String truncate(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        return s.substring(0, max - 3) + "...";
    }

    /** The size the runtime's serializer will produce (it omits null fields, as this does). */
    static int serializedSize(Inventory inventory) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("cluster", Map.of("name", inventory.cluster().name(), "arn", inventory.cluster().arn()));
        tree.put("total", inventory.total());
        tree.put("counts", inventory.counts());
        tree.put("agentVersions", inventory.agentVersions());
        tree.put("platforms", inventory.platforms());
        Map<String, Object> ex = new LinkedHashMap<>();
        inventory.examples().forEach((k, v) -> ex.put(k.name(), v.stream().map(InventoryBuilder::tree).toList()));
        tree.put("examples", ex);
        tree.put("candidates", inventory.candidates().stream().map(InventoryBuilder::tree).toList());
        Drift d = inventory.drift();
        tree.put("drift", Map.of("agentBehindRecommended", d.agentBehindRecommended(),
                "dockerBehindRecommended", d.dockerBehindRecommended(), "amiNotRecommended", d.amiNotRecommended()));
        tree.put("missing", inventory.missing());
        Map<String, Object> hashes = new LinkedHashMap<>();
        inventory.hashes().forEach((k, v) -> hashes.put(k.name(), v));
        tree.put("hashes", hashes);
        ProblemSet behind = inventory.behindUnsupported();
        if (behind != null) {
            Map<String, Object> set = new LinkedHashMap<>();
            set.put("kind", behind.kind().name());
            set.put("count", behind.count());
            set.put("hash", behind.hash());
            set.put("instances", behind.instances());
            tree.put("behindUnsupported", set);
        }
        if (inventory.amis() != null) {
            tree.put("amis", tree(inventory.amis()));
        }
        return Json.write(tree).getBytes(StandardCharsets.UTF_8).length;
    }

    private static Map<String, Object> tree(AmiReport report) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> counts = new LinkedHashMap<>();
        report.counts().forEach((k, v) -> counts.put(k.name(), v));
        m.put("counts", counts);
        m.put("dockerBehind", report.dockerBehind());
        m.put("groupsBehind", report.groupsBehind().stream().map(g -> Map.of("group", g.group(), "ami", g.ami(),
                "recommendedAmi", g.recommendedAmi())).toList());
        Map<String, Object> examples = new LinkedHashMap<>();
        report.examples().forEach((k, v) -> examples.put(k.name(), v.stream().map(InventoryBuilder::tree).toList()));
        m.put("examples", examples);
        m.put("replaceable", report.replaceable().stream().map(r -> {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("containerInstanceId", r.containerInstanceId());
            c.put("ec2InstanceId", r.ec2InstanceId());
            c.put("agentVersion", r.agentVersion());
            c.put("platform", r.platform());
            c.put("instanceClass", r.instanceClass());
            c.put("group", r.group());
            c.put("ami", r.ami());
            c.put("groupAmi", r.groupAmi());
            c.put("instanceType", r.instanceType());
            c.put("status", r.status());
            c.put("connected", r.connected());
            c.values().removeIf(Objects::isNull);
            return c;
        }).toList());
        m.put("warnings", report.warnings());
        return m;
    }

    private static Map<String, Object> tree(AmiExample example) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ec2InstanceId", example.ec2InstanceId());
        m.put("ami", example.ami());
        m.put("group", example.group());
        m.put("reason", example.reason());
        m.values().removeIf(Objects::isNull);
        return m;
    }

    private static Map<String, Object> tree(InstanceRef ref) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("containerInstanceId", ref.containerInstanceId());
        m.put("ec2InstanceId", ref.ec2InstanceId());
        m.put("agentVersion", ref.agentVersion());
        m.put("platform", ref.platform());
        m.put("reason", ref.reason());
        m.values().removeIf(Objects::isNull);
        return m;
    }
}
