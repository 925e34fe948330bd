package dev.ecstatic.simulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecstatic.simulator.Fleet.AmiSpec;
import dev.ecstatic.simulator.Fleet.ClusterSpec;
import dev.ecstatic.simulator.Fleet.Faults;
import dev.ecstatic.simulator.Fleet.GroupSpec;
import dev.ecstatic.simulator.Fleet.InstanceSpec;
import dev.ecstatic.simulator.Fleet.LaunchTemplateSpec;
import dev.ecstatic.simulator.Fleet.LostResponse;
import dev.ecstatic.simulator.Fleet.Membership;
import dev.ecstatic.simulator.Fleet.Organization;
import dev.ecstatic.simulator.Fleet.Recommended;
import dev.ecstatic.simulator.Fleet.RoleSpec;
import dev.ecstatic.simulator.Fleet.TargetSpec;
import dev.ecstatic.simulator.Fleet.TaskSpec;
import dev.ecstatic.simulator.Fleet.Timings;
import dev.ecstatic.simulator.Fleet.TokenBucket;
import dev.ecstatic.simulator.Fleet.UnitSpec;
import dev.ecstatic.simulator.Fleet.UpdateSeconds;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Strict reader of the fleet file: every problem names the source, the JSON path and the fault.
 *
 * <p>Numbers are kept as written (arbitrary precision, and their text) until a field reads them, so
 * a value is checked against its range before it is narrowed and an error quotes it as the file
 * has it: {@code 4294967298} is out of range, never a count of 2 after an int cast.
 */
final class FleetParser {

    // ECS service quotas, https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html:
    // "Clusters per account: 10,000" per Region (adjustable; the simulator keeps the default) and
    // "Container instances per cluster: 5,000" (not adjustable).
    static final int MAX_CLUSTERS = 10_000;
    static final int MAX_INSTANCES_PER_CLUSTER = 5_000;
    // Memory, not AWS: a simulated instance holds its ids, ARN, state and EC2 instance, about 690 bytes
    // (measured: 500,000 take 345 MB of heap), where 10,000 full clusters (50 million instances) would need 35 GB.
    static final int MAX_INSTANCES = 500_000;
    // ECS tag restrictions, https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-using-tags.html:
    // at most 50 tags per resource, keys of 1-128 characters, values of 0-256.
    static final int MAX_TAGS = 50;
    // Every duration in seconds: one day, the longest run the state machine allows (MaxRunMinutes 1440);
    // a longer phase is a stuck update (stuckUpdate says so), a longer disconnect is a permanent one.
    static final long MAX_SECONDS = 86_400;
    static final long MAX_LATENCY_MS = 60_000;
    static final long MAX_DELAY_MS = 600_000;
    static final int MAX_LOST_RESPONSES = 1_000;
    static final long MAX_BURST = 1_000_000;
    static final BigDecimal MIN_REFILL = new BigDecimal("0.001");
    static final BigDecimal MAX_REFILL = BigDecimal.valueOf(1_000_000);
    // Auto Scaling allows 500 groups per Region by default; a cluster's share is the simulator's bound.
    static final int MAX_GROUPS = 500;
    static final int MAX_TASK_SPECS = 100;
    static final int MAX_TASKS_PER_SPEC = 1_000;
    // Memory, not AWS: a simulated task takes about 300 bytes.
    static final long MAX_TASKS = 1_000_000;
    // A task reserves at most what the largest instance types register (192 vCPUs, 24 TiB).
    static final long MAX_TASK_CPU = 196_608;
    static final long MAX_TASK_MEMORY = 24L * 1024 * 1024;

    static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    // IAM role names: "up to 64 characters. Valid characters: upper and lowercase alphanumeric characters and
    // +=,.@-_", https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
    static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final Pattern TRUSTED_ARN = Pattern.compile("arn:(aws|aws-cn|aws-us-gov):iam::\\d{12}:(root|role/[\\w+=,.@-]{1,64})");
    static final int MAX_TARGETS = 1_000;
    // AWS Organizations' ids and limits, https://docs.aws.amazon.com/organizations/latest/APIReference/API_OrganizationalUnit.html
    // and https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html: "OU maximum nesting in
    // a root: Five levels of OUs deep under a root", "Number of OUs in an organization: 2,000", OU names of 1-128
    // characters. Accounts per organization is a quota AWS raises on request; 10,000 bounds the simulator's memory.
    private static final Pattern ORGANIZATION_ID = Pattern.compile("o-[a-z0-9]{10,32}");
    private static final Pattern ROOT_ID = Pattern.compile("r-([0-9a-z]{4,32})");
    private static final Pattern UNIT_ID = Pattern.compile("ou-([0-9a-z]{4,32})-[a-z0-9]{8,32}");
    static final int MAX_UNITS = 2_000;
    static final int MAX_UNIT_DEPTH = 5;
    static final int MAX_MEMBER_ACCOUNTS = 10_000;
    static final Set<String> ACCOUNT_STATES = Set.of("PENDING_ACTIVATION", "ACTIVE", "SUSPENDED", "PENDING_CLOSURE",
            "CLOSED");
    static final int MAX_ROLES = 10_000;
    static final int MAX_REGIONS = 100;
    // SNS topic names: "Topic names must be made up of only uppercase and lowercase ASCII letters, numbers,
    // underscores, and hyphens, and must be between 1 and 256 characters long", CreateTopic,
    // https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html (FIFO topics, named …​.fifo, are not simulated).
    static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9_-]{1,256}");
    // EventBridge bus names: 1-256 of [/\.\-_A-Za-z0-9], CreateEventBus,
    // https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateEventBus.html; "Event buses: 100 per
    // account per Region" (a default quota) bounds a target's. Memory, not AWS, bounds a target's topics.
    static final Pattern EVENT_BUS_NAME = Pattern.compile("[/.\\-_A-Za-z0-9]{1,256}");
    static final int MAX_TOPICS = 1_000;
    static final int MAX_EVENT_BUSES = 100;
    // ECS: "Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens"
    private static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    private static final Pattern AMI = CatalogParser.AMI;
    // ECS service names and task definition families: up to 255 letters, numbers, hyphens and underscores.
    private static final Pattern ECS_NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    // RunTask's startedBy: "Up to 128 letters (uppercase and lowercase), numbers, hyphens (-), forward slash (/),
    // and underscores (_) are allowed."
    private static final Pattern STARTED_BY = Pattern.compile("[A-Za-z0-9_/-]{1,128}");
    private static final Set<String> STATUSES =
            Set.of("ACTIVE", "DRAINING", "REGISTERING", "DEREGISTERING", "REGISTRATION_FAILED", "INACTIVE");
    private static final Set<String> IN_PROGRESS = Set.copyOf(SimInstance.PHASES);
    private static final Set<String> UPDATE_STATUSES = Stream.concat(SimInstance.PHASES.stream(),
            Stream.of("UPDATED", "FAILED")).collect(Collectors.toUnmodifiableSet());

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    // Exact: a BigDecimal node keeps its scale, and each number is its own node (no shared zero).
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private final String source;
    /** The text of each number node as the file writes it. */
    private final Map<JsonNode, String> written = new IdentityHashMap<>();
    // A new catalogue and group parser for each target: launch templates and group names are per account and region.
    private CatalogParser catalog = new CatalogParser(this);
    private GroupParser groupParser = new GroupParser(this, catalog);
    private final Set<String> groupNames = new HashSet<>();
    private int instancesInFleet;
    private long tasksInFleet;

    private FleetParser(String source) {
        this.source = source;
    }

    static Fleet parse(String json, String sourceName) {
        String source = sourceName == null || sourceName.isBlank() ? "<fleet>" : sourceName;
        FleetParser parser = new FleetParser(source);
        JsonNode root;
        try (JsonParser p = JSON.createParser(json == null ? "" : json)) {
            if (p.nextToken() == null) {
                throw new FleetException(source, "$", "empty document: expected a fleet object");
            }
            root = parser.read(p);
            if (p.nextToken() != null) {
                throw new JsonParseException(p, "unexpected " + p.currentToken().asString()
                        + " after the fleet object");
            }
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new FleetException(source, "$", "invalid JSON" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new FleetException(source, "$", "cannot read the fleet: " + e.getMessage());
        }
        return parser.fleet(root);
    }

    /** A tree of the value at the parser's current token, numbers in full precision with their text. */
    private JsonNode read(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        return switch (token) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    o.set(name, read(p));
                }
                yield o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(read(p));
                }
                yield a;
            }
            case VALUE_STRING -> NODES.textNode(p.getText());
            case VALUE_NUMBER_INT -> number(NODES.numberNode(p.getBigIntegerValue()), p.getText());
            case VALUE_NUMBER_FLOAT -> number(decimal(p), p.getText());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new JsonParseException(p, "unexpected " + token);
        };
    }

    private static JsonNode decimal(JsonParser p) throws IOException {
        try {
            return NODES.numberNode(p.getDecimalValue());
        } catch (NumberFormatException e) {
            // e.g. 1e9999999999: an exponent past what any number can have
            throw new JsonParseException(p, "the number " + p.getText() + " cannot be read");
        }
    }

    private JsonNode number(JsonNode node, String text) {
        written.put(node, text);
        return node;
    }

    private Fleet fleet(JsonNode root) {
        Obj o = object(root, "$");
        o.only("region", "accountId", "seed", "latestAgentVersion", "recommended", "updateSeconds", "clusters",
                "faults", "amis", "launchTemplates", "timings", "targets", "roles", "disabledRegions", "organization",
                "topics", "eventBuses");
        String region = o.string("region", "us-east-1");
        if (!REGION.matcher(region).matches()) {
            throw fail("$.region", "not a region name like us-east-1: \"" + region + "\"");
        }
        String account = o.string("accountId", "123456789012");
        if (!ACCOUNT.matcher(account).matches()) {
            throw fail("$.accountId", "must be 12 digits: \"" + account + "\"");
        }
        long seed = o.integer("seed", 0, Long.MIN_VALUE, Long.MAX_VALUE);
        String latest = o.requiredString("latestAgentVersion");
        version("$.latestAgentVersion", latest);

        // The catalogue first: recommended AMIs, launch templates and instances take defaults from it.
        List<AmiSpec> amis = catalog.amis(o.get("amis"));
        Map<String, Recommended> recommended = catalog.recommended(o.get("recommended"));
        List<LaunchTemplateSpec> templates = catalog.launchTemplates(o.get("launchTemplates"));

        UpdateSeconds updateSeconds = UpdateSeconds.DEFAULT;
        JsonNode usNode = o.get("updateSeconds");
        if (usNode != null && !usNode.isNull()) {
            Obj u = object(usNode, "$.updateSeconds");
            u.only("PENDING", "STAGING", "STAGED", "UPDATING");
            updateSeconds = new UpdateSeconds(
                    u.integer("PENDING", UpdateSeconds.DEFAULT.pending(), 0, MAX_SECONDS),
                    u.integer("STAGING", UpdateSeconds.DEFAULT.staging(), 0, MAX_SECONDS),
                    u.integer("STAGED", UpdateSeconds.DEFAULT.staged(), 0, MAX_SECONDS),
                    u.integer("UPDATING", UpdateSeconds.DEFAULT.updating(), 0, MAX_SECONDS));
        }

        JsonNode targetsNode = o.get("targets");
        boolean hasTargets = targetsNode != null && !targetsNode.isNull();
        List<ClusterSpec> clusters = clusters(o.get("clusters"), "$.clusters", !hasTargets);

        Faults faults = Faults.DEFAULT;
        JsonNode fNode = o.get("faults");
        if (fNode != null && !fNode.isNull()) {
            faults = faults(object(fNode, "$.faults"));
        }
        List<String> disabled = disabledRegions(o.get("disabledRegions"), region);
        List<RoleSpec> roles = roles(o.get("roles"), account, SimFleet.partitionOf(region));
        List<TargetSpec> targets = new ArrayList<>();
        Map<String, Integer> seenTargets = new HashMap<>();
        for (Obj t : objects(targetsNode, "$.targets", MAX_TARGETS, "targets")) {
            TargetSpec target = target(t, o, account, region, disabled);
            String key = target.accountId() + " " + target.region();
            Integer before = seenTargets.putIfAbsent(key, targets.size());
            if (before != null) {
                throw fail(t.path, "account " + target.accountId() + " in " + target.region()
                        + " is described twice (also $.targets[" + before + "])");
            }
            targets.add(target);
        }
        return new Fleet(region, account, seed, latest, recommended, updateSeconds, clusters, faults, amis, templates,
                timings(o.get("timings")), targets, roles, disabled, organization(o.get("organization"), account),
                names(o, "topics", TOPIC_NAME, MAX_TOPICS), names(o, "eventBuses", EVENT_BUS_NAME, MAX_EVENT_BUSES));
    }

    /** A fleet's or a target's clusters: an array of at most {@link #MAX_CLUSTERS}, names unique. */
    private List<ClusterSpec> clusters(JsonNode cNode, String at, boolean required) {
        List<ClusterSpec> clusters = new ArrayList<>();
        if (cNode == null || cNode.isNull()) {
            if (required) {
                throw fail(at, "required: an array of clusters");
            }
            return clusters;
        }
        if (!cNode.isArray()) {
            throw fail(at, "must be an array, was " + kind(cNode));
        }
        if (cNode.size() > MAX_CLUSTERS) {
            throw fail(at, cNode.size() + " clusters; ECS allows " + MAX_CLUSTERS
                    + " per account and Region by default");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < cNode.size(); i++) {
            String path = at + "[" + i + "]";
            ClusterSpec c = cluster(object(cNode.get(i), path), path);
            Integer before = seen.putIfAbsent(c.name(), i);
            if (before != null) {
                throw fail(path + ".name", "duplicate cluster name \"" + c.name() + "\" (also " + at + "[" + before + "])");
            }
            clusters.add(c);
        }
        return clusters;
    }

    /**
     * Another account and region: its clusters, Auto Scaling groups and launch templates, read as the top
     * level's are, with the fleet's AMI catalogue and recommended AMIs.
     */
    private TargetSpec target(Obj t, Obj root, String mainAccount, String mainRegion, List<String> disabled) {
        t.only("accountId", "region", "clusters", "launchTemplates", "topics", "eventBuses");
        String account = t.string("accountId", mainAccount);
        if (!ACCOUNT.matcher(account).matches()) {
            throw fail(t.path + ".accountId", "must be 12 digits: \"" + account + "\"");
        }
        String region = t.string("region", mainRegion);
        if (!REGION.matcher(region).matches()) {
            throw fail(t.path + ".region", "not a region name like us-east-1: \"" + region + "\"");
        }
        if (account.equals(mainAccount) && region.equals(mainRegion)) {
            throw fail(t.path, "account " + account + " in " + region + " is the main target: its clusters are "
                    + "the top level's $.clusters");
        }
        if (disabled.contains(region)) {
            throw fail(t.path + ".region", region + " is in $.disabledRegions: a region not enabled has no clusters");
        }
        if (!SimFleet.partitionOf(region).equals(SimFleet.partitionOf(mainRegion))) {
            throw fail(t.path + ".region", region + " is in another partition than " + mainRegion
                    + " (an account lives in one partition)");
        }
        catalog = new CatalogParser(this);
        groupParser = new GroupParser(this, catalog);
        groupNames.clear();
        catalog.amis(root.get("amis"));
        catalog.recommended(root.get("recommended"));
        List<LaunchTemplateSpec> templates = catalog.launchTemplates(t.get("launchTemplates"),
                t.path + ".launchTemplates");
        List<ClusterSpec> clusters = clusters(t.get("clusters"), t.path + ".clusters", true);
        return new TargetSpec(account, region, clusters, templates, names(t, "topics", TOPIC_NAME, MAX_TOPICS),
                names(t, "eventBuses", EVENT_BUS_NAME, MAX_EVENT_BUSES));
    }

    /**
     * A target's SNS topic names or EventBridge bus names: an optional array of unique names matching the
     * service's pattern; {@code default}, the bus every account has, is not listed.
     */
    private List<String> names(Obj parent, String field, Pattern pattern, int max) {
        List<String> out = new ArrayList<>();
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return out;
        }
        String at = parent.path + "." + field;
        if (!node.isArray()) {
            throw fail(at, "must be an array, was " + kind(node));
        }
        if (node.size() > max) {
            throw fail(at, node.size() + " names; at most " + max);
        }
        boolean topics = pattern == TOPIC_NAME;
        for (int i = 0; i < node.size(); i++) {
            String path = at + "[" + i + "]";
            JsonNode n = node.get(i);
            if (!n.isTextual()) {
                throw fail(path, "must be a string, was " + kind(n));
            }
            String name = n.asText();
            if (!pattern.matcher(name).matches()) {
                throw fail(path, topics
                        ? "a topic name has 1-256 letters, digits, hyphens and underscores (FIFO topics are not "
                                + "simulated): \"" + name + "\""
                        : "an event bus name has 1-256 letters, digits and /._- characters: \"" + name + "\"");
            }
            if (!topics && name.equals("default")) {
                throw fail(path, "the default event bus always exists; list only the others");
            }
            if (out.contains(name)) {
                throw fail(path, "duplicate name \"" + name + "\" (also " + at + "[" + out.indexOf(name) + "])");
            }
            out.add(name);
        }
        return out;
    }

    /** Regions no account of the fleet has enabled; the main region is always enabled. */
    private List<String> disabledRegions(JsonNode node, String mainRegion) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            throw fail("$.disabledRegions", "must be an array, was " + kind(node));
        }
        if (node.size() > MAX_REGIONS) {
            throw fail("$.disabledRegions", node.size() + " regions; at most " + MAX_REGIONS);
        }
        for (int i = 0; i < node.size(); i++) {
            String path = "$.disabledRegions[" + i + "]";
            JsonNode r = node.get(i);
            if (!r.isTextual() || !REGION.matcher(r.asText()).matches()) {
                throw fail(path, "not a region name like ap-east-1: " + r);
            }
            if (r.asText().equals(mainRegion)) {
                throw fail(path, "the main region " + mainRegion + " ($.region) is always enabled");
            }
            if (!out.contains(r.asText())) {
                out.add(r.asText());
            }
        }
        return out;
    }

    /** The IAM roles of the fleet's accounts that STS AssumeRole issues credentials for. */
    private List<RoleSpec> roles(JsonNode node, String mainAccount, String partition) {
        List<RoleSpec> out = new ArrayList<>();
        for (Obj r : objects(node, "$.roles", MAX_ROLES, "roles")) {
            r.only("account", "name", "trusts", "maxSessionSeconds");
            String account = r.string("account", mainAccount);
            if (!ACCOUNT.matcher(account).matches()) {
                throw fail(r.path + ".account", "must be 12 digits: \"" + account + "\"");
            }
            String name = r.requiredString("name");
            if (!ROLE_NAME.matcher(name).matches()) {
                throw fail(r.path + ".name", "a role name has 1-64 letters, digits and +=,.@_- characters: \""
                        + name + "\"");
            }
            if (out.stream().anyMatch(o -> o.accountId().equals(account) && o.name().equals(name))) {
                throw fail(r.path + ".name", "duplicate role \"" + name + "\" in account " + account);
            }
            JsonNode trusts = r.get("trusts");
            if (trusts == null || trusts.isNull() || !trusts.isArray() || trusts.isEmpty()) {
                throw fail(r.path + ".trusts", "required: a non-empty array of account ids and IAM ARNs, was "
                        + kind(trusts));
            }
            List<String> trusted = new ArrayList<>();
            for (int i = 0; i < trusts.size(); i++) {
                JsonNode t = trusts.get(i);
                String text = t.isTextual() ? t.asText() : null;
                if (text == null || !(ACCOUNT.matcher(text).matches() || trustedArn(text, partition))) {
                    throw fail(r.path + ".trusts[" + i + "]", "not an account id, arn:" + partition + ":iam::<account>:root"
                            + " or arn:" + partition + ":iam::<account>:role/<name>: " + t);
                }
                trusted.add(text);
            }
            // IAM: MaxSessionDuration is 3600 (the default) to 43200 seconds,
            // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-settings.html
            out.add(new RoleSpec(account, name, trusted, r.integer("maxSessionSeconds", 3600, 3600, 43_200)));
        }
        return out;
    }

    /**
     * The fleet's organization (null when the file has none): ids checked against Organizations' patterns, each
     * unit after its parent and at most {@link #MAX_UNIT_DEPTH} deep, each account in one place only.
     */
    private Organization organization(JsonNode node, String mainAccount) {
        if (node == null || node.isNull()) {
            return null;
        }
        Obj o = object(node, "$.organization");
        o.only("id", "managementAccount", "delegatedAdministrators", "root", "accounts", "units", "states",
                "emptyFirstPages", "tooManyRequestsRate");
        String management = o.string("managementAccount", mainAccount);
        if (!ACCOUNT.matcher(management).matches()) {
            throw fail(o.path + ".managementAccount", "must be 12 digits: \"" + management + "\"");
        }
        String id = o.string("id", "o-" + Hashing.hex("organization|" + management, 10));
        if (!ORGANIZATION_ID.matcher(id).matches()) {
            throw fail(o.path + ".id", "an organization id is o- and 10-32 lowercase letters or digits: \"" + id + "\"");
        }
        String root = o.string("root", "r-" + Hashing.hex("root|" + id, 4));
        var rootMatch = ROOT_ID.matcher(root);
        if (!rootMatch.matches()) {
            throw fail(o.path + ".root", "a root id is r- and 4-32 lowercase letters or digits: \"" + root + "\"");
        }
        // Where each member account is: "$.organization.accounts[i]" or a unit's, for the errors about duplicates.
        Map<String, String> placed = new LinkedHashMap<>();
        List<String> rootAccounts = accountList(o, "accounts", placed);
        Map<String, Integer> depth = new HashMap<>();
        depth.put(root, 0);
        Set<String> siblingNames = new HashSet<>();
        List<UnitSpec> units = new ArrayList<>();
        for (Obj u : objects(o.get("units"), o.path + ".units", MAX_UNITS, "units")) {
            u.only("id", "name", "parent", "accounts");
            String unitId = u.requiredString("id");
            var m = UNIT_ID.matcher(unitId);
            if (!m.matches()) {
                throw fail(u.path + ".id", "an OU id is ou-, the root's 4-32 characters, - and 8-32 lowercase letters "
                        + "or digits: \"" + unitId + "\"");
            }
            if (!m.group(1).equals(rootMatch.group(1))) {
                throw fail(u.path + ".id", "an OU id starts with its root's: ou-" + rootMatch.group(1) + "-…, was \""
                        + unitId + "\"");
            }
            if (depth.containsKey(unitId)) {
                throw fail(u.path + ".id", "duplicate OU id \"" + unitId + "\"");
            }
            String name = u.requiredString("name");
            if (name.isEmpty() || name.length() > 128) {
                throw fail(u.path + ".name", "an OU name has 1-128 characters, this one has " + name.length());
            }
            String parent = u.string("parent", root);
            Integer parentDepth = depth.get(parent);
            if (parentDepth == null) {
                throw fail(u.path + ".parent", "\"" + parent + "\" is neither the root (" + root + ") nor an OU listed "
                        + "before this one");
            }
            if (parentDepth >= MAX_UNIT_DEPTH) {
                throw fail(u.path + ".parent", "OUs nest at most " + MAX_UNIT_DEPTH + " levels deep under the root");
            }
            if (!siblingNames.add(parent + "/" + name)) {
                throw fail(u.path + ".name", "another OU under " + parent + " is named \"" + name + "\"");
            }
            depth.put(unitId, parentDepth + 1);
            units.add(new UnitSpec(unitId, name, parent, accountList(u, "accounts", placed)));
            if (placed.size() > MAX_MEMBER_ACCOUNTS) {
                throw fail(u.path + ".accounts", placed.size() + " member accounts; the simulator holds at most "
                        + MAX_MEMBER_ACCOUNTS);
            }
        }
        if (!placed.containsKey(management)) {
            rootAccounts = new ArrayList<>(rootAccounts);
            rootAccounts.add(0, management);
            placed.put(management, "the root (the management account)");
        }
        List<String> delegated = new ArrayList<>();
        JsonNode dNode = o.get("delegatedAdministrators");
        if (dNode != null && !dNode.isNull()) {
            if (!dNode.isArray()) {
                throw fail(o.path + ".delegatedAdministrators", "must be an array, was " + kind(dNode));
            }
            for (int i = 0; i < dNode.size(); i++) {
                String path = o.path + ".delegatedAdministrators[" + i + "]";
                String a = accountId(dNode.get(i), path);
                if (a.equals(management)) {
                    throw fail(path, a + " is the management account, which cannot be a delegated administrator");
                }
                if (!placed.containsKey(a)) {
                    throw fail(path, a + " is not a member account (list it in $.organization.accounts or a unit's "
                            + "accounts)");
                }
                if (!delegated.contains(a)) {
                    delegated.add(a);
                }
            }
        }
        Map<String, String> states = new LinkedHashMap<>();
        JsonNode sNode = o.get("states");
        if (sNode != null && !sNode.isNull()) {
            Obj s = object(sNode, o.path + ".states");
            for (Iterator<Map.Entry<String, JsonNode>> it = s.node.fields(); it.hasNext(); ) {
                var e = it.next();
                String path = s.path + "[\"" + e.getKey() + "\"]";
                if (!placed.containsKey(e.getKey())) {
                    throw fail(path, "\"" + e.getKey() + "\" is not a member account of the organization");
                }
                String state = e.getValue().isTextual() ? e.getValue().asText() : null;
                if (state == null || !ACCOUNT_STATES.contains(state)) {
                    throw fail(path, "must be one of " + ACCOUNT_STATES.stream().sorted().toList() + ", was "
                            + e.getValue());
                }
                if (e.getKey().equals(management) && !state.equals("ACTIVE")) {
                    throw fail(path, "the management account is ACTIVE while the organization exists");
                }
                states.put(e.getKey(), state);
            }
        }
        return new Organization(id, management, delegated, root, rootAccounts, units, states,
                o.bool("emptyFirstPages", false),
                o.decimal("tooManyRequestsRate", 0.0, BigDecimal.ZERO, BigDecimal.ONE));
    }

    /** An optional array of account ids, none of them placed elsewhere in the organization before. */
    private List<String> accountList(Obj parent, String field, Map<String, String> placed) {
        List<String> out = new ArrayList<>();
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return out;
        }
        String at = parent.path + "." + field;
        if (!node.isArray()) {
            throw fail(at, "must be an array, was " + kind(node));
        }
        if (node.size() > MAX_MEMBER_ACCOUNTS) {
            throw fail(at, node.size() + " accounts; the simulator holds at most " + MAX_MEMBER_ACCOUNTS);
        }
        for (int i = 0; i < node.size(); i++) {
            String path = at + "[" + i + "]";
            String a = accountId(node.get(i), path);
            String before = placed.putIfAbsent(a, path);
            if (before != null) {
                throw fail(path, "account " + a + " is already in the organization at " + before
                        + " (an account has one parent)");
            }
            out.add(a);
        }
        return out;
    }

    private String accountId(JsonNode node, String path) {
        if (node == null || !node.isTextual() || !ACCOUNT.matcher(node.asText()).matches()) {
            throw fail(path, "an account id is 12 digits in a string: " + node);
        }
        return node.asText();
    }

    private static boolean trustedArn(String arn, String partition) {
        var m = TRUSTED_ARN.matcher(arn);
        return m.matches() && m.group(1).equals(partition);
    }

    private Timings timings(JsonNode node) {
        if (node == null || node.isNull()) {
            return Timings.DEFAULT;
        }
        Obj t = object(node, "$.timings");
        t.only("drainSeconds", "launchSeconds", "registerSeconds", "deregisterSeconds");
        Timings d = Timings.DEFAULT;
        return new Timings(t.integer("drainSeconds", d.drainSeconds(), 0, MAX_SECONDS),
                t.integer("launchSeconds", d.launchSeconds(), 0, MAX_SECONDS),
                t.integer("registerSeconds", d.registerSeconds(), 0, MAX_SECONDS),
                t.integer("deregisterSeconds", d.deregisterSeconds(), 0, MAX_SECONDS));
    }

    private ClusterSpec cluster(Obj c, String path) {
        c.only("name", "tags", "instances", "accessDenied", "autoScalingGroups");
        String name = c.requiredString("name");
        if (!CLUSTER_NAME.matcher(name).matches()) {
            throw fail(path + ".name",
                    "a cluster name has 1-255 letters, digits, hyphens and underscores: \"" + name + "\"");
        }
        Map<String, String> tags = tags(c, "tags");
        List<InstanceSpec> instances = new ArrayList<>();
        int inCluster = 0;
        JsonNode iNode = c.get("instances");
        if (iNode != null && !iNode.isNull()) {
            if (!iNode.isArray()) {
                throw fail(path + ".instances", "must be an array, was " + kind(iNode));
            }
            for (int i = 0; i < iNode.size(); i++) {
                String p = path + ".instances[" + i + "]";
                InstanceSpec group = instance(object(iNode.get(i), p), null);
                inCluster += group.count();
                if (inCluster > MAX_INSTANCES_PER_CLUSTER) {
                    throw fail(path + ".instances", inCluster + " container instances in one cluster; ECS registers "
                            + "at most " + MAX_INSTANCES_PER_CLUSTER + " per cluster");
                }
                instances.add(group);
            }
        }
        List<GroupSpec> groups = new ArrayList<>();
        for (Obj g : objects(c.get("autoScalingGroups"), path + ".autoScalingGroups", MAX_GROUPS,
                "Auto Scaling groups")) {
            GroupSpec group = groupParser.group(g);
            if (!groupNames.add(group.name())) {
                throw fail(g.path + ".name", "duplicate Auto Scaling group name \"" + group.name() + "\"");
            }
            inCluster += group.instanceCount();
            if (inCluster > MAX_INSTANCES_PER_CLUSTER) {
                throw fail(g.path + ".instances", inCluster + " container instances in one cluster; ECS registers "
                        + "at most " + MAX_INSTANCES_PER_CLUSTER + " per cluster");
            }
            groups.add(group);
        }
        return new ClusterSpec(name, tags, instances, c.bool("accessDenied", false), groups);
    }

    /**
     * An instance group of a cluster, or of an Auto Scaling group ({@code group} not null). An AMI of the
     * catalogue gives the defaults of the agent and Docker versions, the platform and the architecture;
     * an instance of an Auto Scaling group runs by default the AMI its launch template version names.
     */
    InstanceSpec instance(Obj i, GroupParser.Context group) {
        List<String> fields = new ArrayList<>(List.of("count", "agentVersion", "dockerVersion", "os", "arch", "amiId",
                "status", "connected", "updateStatus", "tags", "failUpdate", "noUpdatePath", "missingVersion",
                "external", "stuckUpdate", "instanceType", "reconnectAfterSeconds", "lostUpdateResponse", "tasks"));
        if (group != null) {
            fields.addAll(List.of("launchTemplateVersion", "protectedFromScaleIn", "lifecycleState", "healthStatus"));
        }
        i.only(fields.toArray(String[]::new));
        int count = (int) i.integer("count", 1, 0, MAX_INSTANCES_PER_CLUSTER);
        instancesInFleet += count;
        if (instancesInFleet > MAX_INSTANCES) {
            throw fail(i.path + ".count", instancesInFleet + " container instances in the fleet; the simulator "
                    + "holds at most " + MAX_INSTANCES);
        }
        boolean external = i.bool("external", false);
        String explicitType = i.string("instanceType", null);
        Membership membership = null;
        String defaultAmi = "ami-0al2023old";
        GroupParser.Launch launch = null;
        if (group != null) {
            if (external) {
                throw fail(i.path + ".external", "an ECS Anywhere instance is not in an Auto Scaling group");
            }
            launch = groupParser.launch(group, i.path, explicitType, i.string("launchTemplateVersion", null));
            explicitType = launch.instanceType();
            defaultAmi = launch.imageId();
        }
        String ami = i.string("amiId", defaultAmi);
        if (!AMI.matcher(ami).matches()) {
            throw fail(i.path + ".amiId", "not an AMI id like ami-0abc123: \"" + ami + "\"");
        }
        if (launch != null) {
            membership = new Membership(launch.template().name(), launch.ref().version(), launch.versionNumber(),
                    launch.imageFromOverride() && ami.equals(launch.imageId()),
                    i.bool("protectedFromScaleIn", group.newInstancesProtected()),
                    i.oneOf("lifecycleState", "InService", Set.of("InService", "Standby")),
                    i.oneOf("healthStatus", "Healthy", Set.of("Healthy", "Unhealthy")));
        }
        Optional<AmiSpec> catalogued = catalog.ami(ami);
        if (catalogued.isEmpty() && catalog.hasCatalogue() && !external) {
            throw fail(i.path + ".amiId", ami + " is not in $.amis (with a catalogue, every AMI the fleet names is in it)");
        }
        String agent = i.string("agentVersion", catalogued.map(AmiSpec::agentVersion).orElse(null));
        if (agent == null) {
            throw fail(i.path + ".agentVersion", "required");
        }
        version(i.path + ".agentVersion", agent);
        String docker = i.string("dockerVersion", catalogued.map(AmiSpec::dockerVersion).orElse("25.0.6"));
        version(i.path + ".dockerVersion", docker);
        String os = i.oneOf("os", catalogued.map(AmiSpec::platform).orElse("linux"), Set.of("linux", "windows"));
        String arch = i.oneOf("arch", catalogued.map(AmiSpec::architecture).orElse("x86_64"), Set.of("x86_64", "arm64"));
        if (catalogued.isPresent() && !external
                && (!os.equals(catalogued.get().platform()) || !arch.equals(catalogued.get().architecture()))) {
            throw fail(i.path + (os.equals(catalogued.get().platform()) ? ".arch" : ".os"), ami + " is a "
                    + catalogued.get().platform() + " " + catalogued.get().architecture() + " AMI; the instance says "
                    + os + " " + arch);
        }
        String status = i.oneOf("status", "ACTIVE", STATUSES);
        if (group != null && status.equals("INACTIVE")) {
            throw fail(i.path + ".status", "a deregistered (INACTIVE) instance is no longer in an Auto Scaling group");
        }
        JsonNode tasks = i.get("tasks");
        if (status.equals("INACTIVE") && tasks != null && !tasks.isNull() && !tasks.isEmpty()) {
            throw fail(i.path + ".tasks", "a deregistered (INACTIVE) instance runs no tasks");
        }
        boolean connected = i.bool("connected", true);
        String updateStatus = i.oneOf("updateStatus", null, UPDATE_STATUSES);
        Map<String, String> tags = tags(i, "tags");
        String stuck = i.oneOf("stuckUpdate", null, IN_PROGRESS);
        String instanceType = explicitType != null ? explicitType : arch.equals("arm64") ? "m7g.large" : "m6i.large";
        long reconnectAfter = i.integer("reconnectAfterSeconds", 0, 0, MAX_SECONDS);
        if (reconnectAfter > 0 && connected) {
            throw fail(i.path + ".reconnectAfterSeconds", "only applies to an instance with \"connected\": false");
        }
        return new InstanceSpec(count, agent, docker, os, arch, ami, status, connected, updateStatus, tags,
                i.bool("failUpdate", false), i.bool("noUpdatePath", false), i.bool("missingVersion", false),
                external, stuck, instanceType, reconnectAfter, lostResponse(i), tasks(i, instanceType, count),
                membership);
    }

    /** The tasks on each instance of an instance group; together they fit the instance type's resources. */
    private List<TaskSpec> tasks(Obj instance, String instanceType, int instances) {
        List<TaskSpec> out = new ArrayList<>();
        long cpu = 0;
        long memory = 0;
        for (Obj t : objects(instance.get("tasks"), instance.path + ".tasks", MAX_TASK_SPECS, "task groups")) {
            t.only("service", "family", "startedBy", "cpu", "memory", "count");
            String service = t.string("service", null);
            if (service != null && !ECS_NAME.matcher(service).matches()) {
                throw fail(t.path + ".service", "a service name has 1-255 letters, digits, hyphens and underscores: \""
                        + service + "\"");
            }
            String family = t.string("family", service);
            if (family == null) {
                throw fail(t.path + ".family", "required for a standalone task (one without a service)");
            }
            if (!ECS_NAME.matcher(family).matches()) {
                throw fail(t.path + ".family", "a task definition family has 1-255 letters, digits, hyphens and "
                        + "underscores: \"" + family + "\"");
            }
            String startedBy = t.string("startedBy", null);
            if (startedBy != null && service != null) {
                throw fail(t.path + ".startedBy", "a service's tasks are started by the service (ecs-svc/…)");
            }
            if (startedBy != null && !STARTED_BY.matcher(startedBy).matches()) {
                throw fail(t.path + ".startedBy", "startedBy has 1-128 letters, digits, hyphens and underscores: \""
                        + startedBy + "\"");
            }
            TaskSpec task = new TaskSpec(service, family, startedBy, (int) t.integer("cpu", 256, 0, MAX_TASK_CPU),
                    (int) t.integer("memory", 512, 1, MAX_TASK_MEMORY), (int) t.integer("count", 1, 1, MAX_TASKS_PER_SPEC));
            cpu += (long) task.cpu() * task.count();
            memory += (long) task.memory() * task.count();
            tasksInFleet += (long) task.count() * instances;
            if (tasksInFleet > MAX_TASKS) {
                throw fail(t.path + ".count", tasksInFleet + " tasks in the fleet; the simulator holds at most " + MAX_TASKS);
            }
            out.add(task);
        }
        if (cpu > InstanceTypes.cpu(instanceType) || memory > InstanceTypes.memory(instanceType)) {
            throw fail(instance.path + ".tasks", "the tasks reserve " + cpu + " CPU units and " + memory + " MiB; a "
                    + instanceType + " registers " + InstanceTypes.cpu(instanceType) + " and "
                    + InstanceTypes.memory(instanceType));
        }
        return out;
    }

    private LostResponse lostResponse(Obj instance) {
        JsonNode node = instance.get("lostUpdateResponse");
        if (node == null || node.isNull()) {
            return null;
        }
        Obj l = object(node, instance.path + ".lostUpdateResponse");
        l.only("mode", "delayMs", "times");
        String mode = l.oneOf("mode", null, Set.of("timeout", "serverError"));
        if (mode == null) {
            throw fail(l.path + ".mode", "required: \"timeout\" or \"serverError\"");
        }
        return switch (mode) {
            // A timeout needs a delay: by default a minute, past the SDK's and the handlers' attempt timeouts.
            case "timeout" -> new LostResponse(LostResponse.Mode.TIMEOUT,
                    l.integer("delayMs", 60_000, 1, MAX_DELAY_MS), (int) l.integer("times", 1, 1, MAX_LOST_RESPONSES));
            default -> new LostResponse(LostResponse.Mode.SERVER_ERROR,
                    l.integer("delayMs", 0, 0, MAX_DELAY_MS), (int) l.integer("times", 1, 1, MAX_LOST_RESPONSES));
        };
    }

    private Faults faults(Obj f) {
        f.only("throttle", "serverErrorRate", "latencyMs", "disconnectChurn", "churnPeriodSeconds",
                "churnDownSeconds", "throttleBuckets", "dynamodbThrottleRate", "s3SlowDownRate",
                "ttlDeletionDelaySeconds", "snsErrorRate", "putEventsFailedEntryRate");
        Faults d = Faults.DEFAULT;
        long period = f.integer("churnPeriodSeconds", d.churnPeriodSeconds(), 1, MAX_SECONDS);
        long down = f.integer("churnDownSeconds", d.churnDownSeconds(), 1, MAX_SECONDS);
        if (down >= period) {
            throw fail(f.path + ".churnDownSeconds",
                    "must be shorter than churnPeriodSeconds (" + down + " >= " + period + ")");
        }
        return new Faults(
                f.bool("throttle", d.throttle()),
                f.decimal("serverErrorRate", d.serverErrorRate(), BigDecimal.ZERO, BigDecimal.ONE),
                f.integer("latencyMs", d.latencyMs(), 0, MAX_LATENCY_MS),
                f.decimal("disconnectChurn", d.disconnectChurn(), BigDecimal.ZERO, BigDecimal.ONE),
                period,
                down,
                throttleBuckets(f),
                f.decimal("dynamodbThrottleRate", d.dynamodbThrottleRate(), BigDecimal.ZERO, BigDecimal.ONE),
                f.decimal("s3SlowDownRate", d.s3SlowDownRate(), BigDecimal.ZERO, BigDecimal.ONE),
                f.integer("ttlDeletionDelaySeconds", d.ttlDeletionDelaySeconds(), 0, MAX_SECONDS),
                f.decimal("snsErrorRate", d.snsErrorRate(), BigDecimal.ZERO, BigDecimal.ONE),
                f.decimal("putEventsFailedEntryRate", d.putEventsFailedEntryRate(), BigDecimal.ZERO, BigDecimal.ONE));
    }

    private Map<String, TokenBucket> throttleBuckets(Obj faults) {
        Map<String, TokenBucket> out = new LinkedHashMap<>();
        JsonNode node = faults.get("throttleBuckets");
        if (node == null || node.isNull()) {
            return out;
        }
        Obj t = object(node, faults.path + ".throttleBuckets");
        String[] names = Stream.of(TokenBuckets.Category.values()).map(c -> c.fleetName).toArray(String[]::new);
        t.only(names);
        for (TokenBuckets.Category c : TokenBuckets.Category.values()) {
            JsonNode b = t.get(c.fleetName);
            if (b != null && !b.isNull()) {
                Obj bucket = object(b, t.path + "." + c.fleetName);
                bucket.only("burst", "refillPerSecond");
                out.put(c.fleetName, new TokenBucket(bucket.integer("burst", c.aws.burst(), 1, MAX_BURST),
                        bucket.decimal("refillPerSecond", c.aws.refillPerSecond(), MIN_REFILL, MAX_REFILL)));
            }
        }
        return out;
    }

    Map<String, String> tags(Obj parent, String field) {
        JsonNode t = parent.get(field);
        Map<String, String> tags = new LinkedHashMap<>();
        if (t == null || t.isNull()) {
            return tags;
        }
        Obj o = object(t, parent.path + "." + field);
        if (o.node.size() > MAX_TAGS) {
            throw fail(o.path, o.node.size() + " tags; ECS allows at most " + MAX_TAGS + " per resource");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = o.node.fields(); it.hasNext(); ) {
            var e = it.next();
            String valuePath = o.path + "[\"" + e.getKey() + "\"]";
            if (!e.getValue().isTextual()) {
                throw fail(valuePath, "a tag value must be a string, was " + kind(e.getValue()));
            }
            if (e.getKey().isEmpty() || e.getKey().length() > 128) {
                throw fail(o.path, "a tag key has 1-128 characters: \"" + e.getKey() + "\"");
            }
            if (e.getValue().asText().length() > 256) {
                throw fail(valuePath, "a tag value has at most 256 characters, this one has "
                        + e.getValue().asText().length());
            }
            tags.put(e.getKey(), e.getValue().asText());
        }
        return tags;
    }

    void version(String path, String v) {
        if (!VERSION.matcher(v).matches()) {
            throw fail(path, "not a version like 1.89.0: \"" + v + "\"");
        }
    }

    Obj object(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw fail(path, "must be an object, was " + kind(node));
        }
        return new Obj(node, path);
    }

    /** An optional array of at most {@code max} objects (absent or null: none). */
    List<Obj> objects(JsonNode node, String path, int max, String what) {
        List<Obj> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            throw fail(path, "must be an array, was " + kind(node));
        }
        if (node.size() > max) {
            throw fail(path, node.size() + " " + what + "; at most " + max);
        }
        for (int k = 0; k < node.size(); k++) {
            out.add(object(node.get(k), path + "[" + k + "]"));
        }
        return out;
    }

    FleetException fail(String path, String problem) {
        return new FleetException(source, path, problem);
    }

    static String kind(JsonNode n) {
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
    final class Obj {
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

        /** An integer in [min, max]; an error quotes any other number as written. */
        long integer(String field, long dflt, long min, long max) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return dflt;
            }
            if (!v.isIntegralNumber()) {
                throw fail(path + "." + field, "must be an integer, was " + describe(v));
            }
            BigInteger n = v.bigIntegerValue();
            if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
                throw fail(path + "." + field, written(v) + " is out of range (" + min + "–" + max + ")");
            }
            return n.longValueExact();
        }

        /** A number in [min, max], compared exactly (before any rounding to a double). */
        double decimal(String field, double dflt, BigDecimal min, BigDecimal max) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return dflt;
            }
            if (!v.isNumber()) {
                throw fail(path + "." + field, "must be a number, was " + describe(v));
            }
            BigDecimal d = v.decimalValue();
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw fail(path + "." + field, written(v) + " is out of range (" + min.toPlainString() + "–"
                        + max.toPlainString() + ")");
            }
            return d.doubleValue();
        }

        /** A value for an error message: a number as written, anything else as its kind and JSON. */
        private String describe(JsonNode v) {
            return v.isNumber() ? written(v) : kind(v) + " " + v;
        }

        private String written(JsonNode number) {
            return FleetParser.this.written.getOrDefault(number, number.toString());
        }
    }
}
