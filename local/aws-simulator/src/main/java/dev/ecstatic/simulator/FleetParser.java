package dev.ecstatic.simulator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ecstatic.simulator.Fleet.ClusterSpec;
import dev.ecstatic.simulator.Fleet.Faults;
import dev.ecstatic.simulator.Fleet.InstanceSpec;
import dev.ecstatic.simulator.Fleet.Recommended;
import dev.ecstatic.simulator.Fleet.UpdateSeconds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Strict reader of the fleet file: every problem names the source, the JSON path and the fault. */
final class FleetParser {

    static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    // ECS: "Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens"
    private static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    private static final Pattern AMI = Pattern.compile("ami-[0-9A-Za-z]+");
    private static final Pattern FAMILY = Pattern.compile("[a-z0-9_.-]+(/[a-z0-9_.-]+)*");
    private static final Set<String> STATUSES =
            Set.of("ACTIVE", "DRAINING", "REGISTERING", "DEREGISTERING", "REGISTRATION_FAILED", "INACTIVE");
    private static final Set<String> IN_PROGRESS = Set.copyOf(SimInstance.PHASES);
    private static final Set<String> UPDATE_STATUSES = Stream.concat(SimInstance.PHASES.stream(),
            Stream.of("UPDATED", "FAILED")).collect(Collectors.toUnmodifiableSet());

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final String source;

    private FleetParser(String source) {
        this.source = source;
    }

    static Fleet parse(String json, String sourceName) {
        String source = sourceName == null || sourceName.isBlank() ? "<fleet>" : sourceName;
        JsonNode root;
        try {
            root = MAPPER.readTree(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new FleetException(source, "$", "invalid JSON" + where + ": " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new FleetException(source, "$", "empty document: expected a fleet object");
        }
        return new FleetParser(source).fleet(root);
    }

    private Fleet fleet(JsonNode root) {
        Obj o = object(root, "$");
        o.only("region", "accountId", "seed", "latestAgentVersion", "recommended", "updateSeconds", "clusters",
                "faults");
        String region = o.string("region", "us-east-1");
        if (!REGION.matcher(region).matches()) {
            throw fail("$.region", "not a region name like us-east-1: \"" + region + "\"");
        }
        String account = o.string("accountId", "123456789012");
        if (!ACCOUNT.matcher(account).matches()) {
            throw fail("$.accountId", "must be 12 digits: \"" + account + "\"");
        }
        long seed = o.integer("seed", 0, Long.MIN_VALUE);
        String latest = o.requiredString("latestAgentVersion");
        version("$.latestAgentVersion", latest);

        Map<String, Recommended> recommended = new LinkedHashMap<>();
        JsonNode recNode = o.get("recommended");
        if (recNode != null && !recNode.isNull()) {
            Obj r = object(recNode, "$.recommended");
            for (Iterator<String> it = r.node.fieldNames(); it.hasNext(); ) {
                String family = it.next();
                String path = "$.recommended[\"" + family + "\"]";
                if (!FAMILY.matcher(family).matches()) {
                    throw fail(path, "not an ECS-optimized AMI family like amazon-linux-2023: \"" + family + "\"");
                }
                recommended.put(family, recommended(object(r.node.get(family), path), family));
            }
        }

        UpdateSeconds updateSeconds = UpdateSeconds.DEFAULT;
        JsonNode usNode = o.get("updateSeconds");
        if (usNode != null && !usNode.isNull()) {
            Obj u = object(usNode, "$.updateSeconds");
            u.only("PENDING", "STAGING", "STAGED", "UPDATING");
            updateSeconds = new UpdateSeconds(
                    u.integer("PENDING", UpdateSeconds.DEFAULT.pending(), 0),
                    u.integer("STAGING", UpdateSeconds.DEFAULT.staging(), 0),
                    u.integer("STAGED", UpdateSeconds.DEFAULT.staged(), 0),
                    u.integer("UPDATING", UpdateSeconds.DEFAULT.updating(), 0));
        }

        List<ClusterSpec> clusters = new ArrayList<>();
        JsonNode cNode = o.get("clusters");
        if (cNode == null || cNode.isNull()) {
            throw fail("$.clusters", "required: an array of clusters");
        }
        if (!cNode.isArray()) {
            throw fail("$.clusters", "must be an array, was " + kind(cNode));
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < cNode.size(); i++) {
            String path = "$.clusters[" + i + "]";
            ClusterSpec c = cluster(object(cNode.get(i), path), path);
            Integer before = seen.putIfAbsent(c.name(), i);
            if (before != null) {
                throw fail(path + ".name", "duplicate cluster name \"" + c.name() + "\" (also $.clusters[" + before + "])");
            }
            clusters.add(c);
        }

        Faults faults = Faults.DEFAULT;
        JsonNode fNode = o.get("faults");
        if (fNode != null && !fNode.isNull()) {
            faults = faults(object(fNode, "$.faults"));
        }
        return new Fleet(region, account, seed, latest, recommended, updateSeconds, clusters, faults);
    }

    private Recommended recommended(Obj r, String family) {
        r.only("ecs_agent_version", "ecs_runtime_version", "image_id", "image_name", "image_version", "os",
                "source_image_name");
        String agent = r.requiredString("ecs_agent_version");
        version(r.path + ".ecs_agent_version", agent);
        String runtime = r.requiredString("ecs_runtime_version");
        String image = r.requiredString("image_id");
        if (!AMI.matcher(image).matches()) {
            throw fail(r.path + ".image_id", "not an AMI id like ami-0abc123: \"" + image + "\"");
        }
        boolean al2023 = family.startsWith("amazon-linux-2023");
        String imageVersion = r.string("image_version", al2023 ? "2023.0.20241115" : "2.0.20241115");
        String arch = family.contains("arm64") ? "arm64" : "x86_64";
        String imageName = r.string("image_name", al2023
                ? "al2023-ami-ecs-hvm-" + imageVersion + "-kernel-6.1-" + arch
                : "amzn2-ami-ecs-hvm-" + imageVersion + "-" + arch + "-ebs");
        String os = r.string("os", al2023 ? "Amazon Linux 2023" : family.startsWith("amazon-linux-2") ? "Amazon Linux 2"
                : family);
        String sourceImage = r.string("source_image_name", al2023
                ? "al2023-ami-minimal-" + imageVersion + ".0-kernel-6.1-" + arch
                : "amzn2-ami-minimal-hvm-" + imageVersion + ".0-" + arch + "-ebs");
        return new Recommended(agent, runtime, image, imageName, imageVersion, os, sourceImage);
    }

    private ClusterSpec cluster(Obj c, String path) {
        c.only("name", "tags", "instances", "accessDenied");
        String name = c.requiredString("name");
        if (!CLUSTER_NAME.matcher(name).matches()) {
            throw fail(path + ".name",
                    "a cluster name has 1-255 letters, digits, hyphens and underscores: \"" + name + "\"");
        }
        Map<String, String> tags = tags(c, "tags");
        List<InstanceSpec> instances = new ArrayList<>();
        JsonNode iNode = c.get("instances");
        if (iNode != null && !iNode.isNull()) {
            if (!iNode.isArray()) {
                throw fail(path + ".instances", "must be an array, was " + kind(iNode));
            }
            for (int i = 0; i < iNode.size(); i++) {
                String p = path + ".instances[" + i + "]";
                instances.add(instance(object(iNode.get(i), p)));
            }
        }
        return new ClusterSpec(name, tags, instances, c.bool("accessDenied", false));
    }

    private InstanceSpec instance(Obj i) {
        i.only("count", "agentVersion", "dockerVersion", "os", "arch", "amiId", "status", "connected", "updateStatus",
                "tags", "failUpdate", "noUpdatePath", "missingVersion", "external", "stuckUpdate", "instanceType",
                "reconnectAfterSeconds");
        JsonNode countNode = i.get("count");
        if (countNode != null && countNode.isIntegralNumber() && countNode.asLong() < 0) {
            throw fail(i.path + ".count", "must not be negative (was " + countNode.asLong() + ")");
        }
        int count = (int) i.integer("count", 1, 0);
        if (count > 100_000) {
            throw fail(i.path + ".count", "at most 100000 instances per group (was " + count + ")");
        }
        String agent = i.requiredString("agentVersion");
        version(i.path + ".agentVersion", agent);
        String docker = i.string("dockerVersion", "25.0.6");
        version(i.path + ".dockerVersion", docker);
        String os = i.oneOf("os", "linux", Set.of("linux", "windows"));
        String arch = i.oneOf("arch", "x86_64", Set.of("x86_64", "arm64"));
        String ami = i.string("amiId", "ami-0al2023old");
        if (!AMI.matcher(ami).matches()) {
            throw fail(i.path + ".amiId", "not an AMI id like ami-0abc123: \"" + ami + "\"");
        }
        String status = i.oneOf("status", "ACTIVE", STATUSES);
        boolean connected = i.bool("connected", true);
        String updateStatus = i.oneOf("updateStatus", null, UPDATE_STATUSES);
        Map<String, String> tags = tags(i, "tags");
        String stuck = i.oneOf("stuckUpdate", null, IN_PROGRESS);
        String defaultType = arch.equals("arm64") ? "m7g.large" : "m6i.large";
        String instanceType = i.string("instanceType", defaultType);
        long reconnectAfter = i.integer("reconnectAfterSeconds", 0, 0);
        if (reconnectAfter > 0 && connected) {
            throw fail(i.path + ".reconnectAfterSeconds", "only applies to an instance with \"connected\": false");
        }
        return new InstanceSpec(count, agent, docker, os, arch, ami, status, connected, updateStatus, tags,
                i.bool("failUpdate", false), i.bool("noUpdatePath", false), i.bool("missingVersion", false),
                i.bool("external", false), stuck, instanceType, reconnectAfter);
    }

    private Faults faults(Obj f) {
        f.only("throttle", "serverErrorRate", "latencyMs", "disconnectChurn", "churnPeriodSeconds",
                "churnDownSeconds", "dynamodbThrottleRate", "s3SlowDownRate", "ttlDeletionDelaySeconds");
        Faults d = Faults.DEFAULT;
        long period = f.integer("churnPeriodSeconds", d.churnPeriodSeconds(), 1);
        long down = f.integer("churnDownSeconds", d.churnDownSeconds(), 1);
        if (down >= period) {
            throw fail(f.path + ".churnDownSeconds",
                    "must be shorter than churnPeriodSeconds (" + down + " >= " + period + ")");
        }
        return new Faults(
                f.bool("throttle", d.throttle()),
                f.probability("serverErrorRate", d.serverErrorRate()),
                f.integer("latencyMs", d.latencyMs(), 0),
                f.probability("disconnectChurn", d.disconnectChurn()),
                period,
                down,
                f.probability("dynamodbThrottleRate", d.dynamodbThrottleRate()),
                f.probability("s3SlowDownRate", d.s3SlowDownRate()),
                f.integer("ttlDeletionDelaySeconds", d.ttlDeletionDelaySeconds(), 0));
    }

    private Map<String, String> tags(Obj parent, String field) {
        JsonNode t = parent.get(field);
        Map<String, String> tags = new LinkedHashMap<>();
        if (t == null || t.isNull()) {
            return tags;
        }
        Obj o = object(t, parent.path + "." + field);
        for (Iterator<Map.Entry<String, JsonNode>> it = o.node.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isTextual()) {
                throw fail(o.path + "[\"" + e.getKey() + "\"]", "a tag value must be a string, was " + kind(e.getValue()));
            }
            if (e.getKey().isEmpty() || e.getKey().length() > 128) {
                throw fail(o.path, "a tag key has 1-128 characters: \"" + e.getKey() + "\"");
            }
            tags.put(e.getKey(), e.getValue().asText());
        }
        return tags;
    }

    private void version(String path, String v) {
        if (!VERSION.matcher(v).matches()) {
            throw fail(path, "not a version like 1.89.0: \"" + v + "\"");
        }
    }

    private Obj object(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw fail(path, "must be an object, was " + kind(node));
        }
        return new Obj(node, path);
    }

    private FleetException fail(String path, String problem) {
        return new FleetException(source, path, problem);
    }

    private static String kind(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "missing";
        }
        return switch (n.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case BINARY, MISSING -> "missing";
        };
    }

    /** An object node and its path, with typed, strict field readers. */
    private final class Obj {
        final JsonNode node;
        final String path;

        Obj(JsonNode node, String path) {
            this.node = node;
            this.path = path;
        }

        void only(String... known) {
            Set<String> allowed = Set.of(known);
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!allowed.contains(f)) {
                    throw fail(path + "." + f, "unknown field (known: " + String.join(", ", known) + ")");
                }
            }
        }

        JsonNode get(String field) {
            return node.get(field);
        }

        String string(String field, String dflt) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return dflt;
            }
            if (!v.isTextual()) {
                throw fail(path + "." + field, "must be a string, was " + kind(v));
            }
            return v.asText();
        }

        String requiredString(String field) {
            String s = string(field, null);
            if (s == null) {
                throw fail(path + "." + field, "required");
            }
            return s;
        }

        String oneOf(String field, String dflt, Set<String> allowed) {
            String s = string(field, dflt);
            if (s != null && !allowed.contains(s)) {
                throw fail(path + "." + field,
                        "must be one of " + allowed.stream().sorted().toList() + ", was \"" + s + "\"");
            }
            return s;
        }

        boolean bool(String field, boolean dflt) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return dflt;
            }
            if (!v.isBoolean()) {
                throw fail(path + "." + field, "must be true or false, was " + kind(v));
            }
            return v.asBoolean();
        }

        long integer(String field, long dflt, long min) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return dflt;
            }
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw fail(path + "." + field, "must be an integer, was " + kind(v) + " " + v);
            }
            long n = v.asLong();
            if (n < min) {
                throw fail(path + "." + field, (min == 0 ? "must not be negative" : "must be at least " + min)
                        + " (was " + n + ")");
            }
            return n;
        }

        double probability(String field, double dflt) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return dflt;
            }
            if (!v.isNumber()) {
                throw fail(path + "." + field, "must be a number between 0 and 1, was " + kind(v));
            }
            double d = v.asDouble();
            if (!(d >= 0.0 && d <= 1.0)) {
                throw fail(path + "." + field, "must be between 0 and 1 (was " + v + ")");
            }
            return d;
        }
    }
}
