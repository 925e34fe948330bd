package dev.ecstatic.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecstatic.simulator.Fleet.ActivitySpec;
import dev.ecstatic.simulator.Fleet.GroupSpec;
import dev.ecstatic.simulator.Fleet.InstanceSpec;
import dev.ecstatic.simulator.Fleet.LaunchTemplateSpec;
import dev.ecstatic.simulator.Fleet.MixedInstancesSpec;
import dev.ecstatic.simulator.Fleet.OverrideSpec;
import dev.ecstatic.simulator.Fleet.RefreshSpec;
import dev.ecstatic.simulator.Fleet.TemplateRef;
import dev.ecstatic.simulator.Fleet.TemplateVersion;
import dev.ecstatic.simulator.FleetParser.Obj;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The fleet file's Auto Scaling groups, read strictly: sizes, launch template or mixed instances policy,
 * suspended processes, activities and instance refreshes, and the group's instances (read by
 * {@link FleetParser} with what they are to the group).
 */
final class GroupParser {

    // Auto Scaling's process names, https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-suspend-resume-processes.html
    static final Set<String> PROCESSES = Set.of("Launch", "Terminate", "AddToLoadBalancer", "AlarmNotification",
            "AZRebalance", "HealthCheck", "InstanceRefresh", "ReplaceUnhealthy", "ScheduledActions");
    static final Set<String> ACTIVITY_STATUSES = Set.of("InProgress", "Successful", "Failed", "Cancelled");
    static final Set<String> REFRESH_STATUSES = Set.of("Pending", "InProgress", "Successful", "Failed", "Cancelling",
            "Cancelled", "RollbackInProgress", "RollbackFailed", "RollbackSuccessful", "Baking");
    static final Set<String> REFRESHES_IN_PROGRESS = Set.of("Pending", "InProgress", "Cancelling",
            "RollbackInProgress", "Baking");
    // Auto Scaling keeps activities and instance refreshes of the last six weeks.
    private static final long SIX_WEEKS = 6 * 7 * 86_400L;
    // A mixed instances policy names up to 40 instance types
    // (https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-quotas.html).
    private static final int MAX_OVERRIDES = 40;
    private static final Pattern VERSION_NUMBER = Pattern.compile("[1-9][0-9]{0,4}");
    private static final Pattern WEIGHT = Pattern.compile("[1-9][0-9]{0,2}");

    /**
     * What an instance of the group is launched from: the group's launch template, or its mixed instances
     * policy (whose overrides may name another template or AMI per instance type).
     */
    record Context(String groupName, TemplateRef launchTemplate, MixedInstancesSpec mixed,
            boolean newInstancesProtected) {
    }

    /** How one instance was launched: the template, the version as named and as a number, its type and AMI. */
    record Launch(TemplateRef ref, LaunchTemplateSpec template, int versionNumber, String instanceType, String imageId,
            boolean imageFromOverride) {
    }

    private final FleetParser parser;
    private final CatalogParser catalog;

    GroupParser(FleetParser parser, CatalogParser catalog) {
        this.parser = parser;
        this.catalog = catalog;
    }

    GroupSpec group(Obj g) {
        g.only("name", "minSize", "maxSize", "desiredCapacity", "launchTemplate", "mixedInstancesPolicy",
                "newInstancesProtectedFromScaleIn", "suspendedProcesses", "tags", "scalingActivities",
                "instanceRefreshes", "instances");
        String name = g.requiredString("name");
        if (name.isEmpty() || name.length() > 255 || name.chars().anyMatch(c -> c < 0x20 || c == ':')) {
            throw parser.fail(g.path + ".name", "a group name has 1-255 characters, no colon or control character: \""
                    + name + "\"");
        }
        long min = g.integer("minSize", 0, 0, FleetParser.MAX_INSTANCES_PER_CLUSTER);
        long max = g.integer("maxSize", Math.max(min, 1), 0, FleetParser.MAX_INSTANCES_PER_CLUSTER);
        if (max < min) {
            throw parser.fail(g.path + ".maxSize", "smaller than minSize (" + max + " < " + min + ")");
        }
        JsonNode lt = g.get("launchTemplate");
        JsonNode mip = g.get("mixedInstancesPolicy");
        boolean hasLt = lt != null && !lt.isNull();
        boolean hasMip = mip != null && !mip.isNull();
        if (hasLt == hasMip) {
            throw parser.fail(g.path, "a group has a launchTemplate or a mixedInstancesPolicy (exactly one)");
        }
        TemplateRef ref = hasLt ? templateRef(parser.object(lt, g.path + ".launchTemplate")) : null;
        MixedInstancesSpec mixed = hasMip ? mixed(parser.object(mip, g.path + ".mixedInstancesPolicy")) : null;
        boolean protectNew = g.bool("newInstancesProtectedFromScaleIn", false);
        Context context = new Context(name, ref, mixed, protectNew);

        List<InstanceSpec> instances = new ArrayList<>();
        int inService = 0;
        for (Obj i : parser.objects(g.get("instances"), g.path + ".instances", FleetParser.MAX_INSTANCES_PER_CLUSTER,
                "instance groups")) {
            InstanceSpec spec = parser.instance(i, context);
            instances.add(spec);
            if (spec.membership().lifecycleState().equals("InService")) {
                inService += spec.count();
            }
        }
        long desired = g.integer("desiredCapacity", Math.max(inService, min), 0, FleetParser.MAX_INSTANCES_PER_CLUSTER);
        if (desired < min || desired > max) {
            throw parser.fail(g.path + ".desiredCapacity", desired + " is outside minSize-maxSize (" + min + "-" + max + ")");
        }
        if (desired != inService) {
            throw parser.fail(g.path + ".desiredCapacity", desired + " but the group has " + inService + " instances "
                    + "InService: the group would launch or terminate at once; list the instances it has");
        }
        return new GroupSpec(name, (int) min, (int) max, (int) desired, ref, mixed, protectNew, processes(g),
                parser.tags(g, "tags"), activities(g), refreshes(g), instances);
    }

    private TemplateRef templateRef(Obj r) {
        r.only("name", "id", "version");
        String name = r.string("name", null);
        String id = r.string("id", null);
        if ((name == null) == (id == null)) {
            throw parser.fail(r.path, "name the launch template by \"name\" or by \"id\" (exactly one)");
        }
        LaunchTemplateSpec template = name != null
                ? catalog.templateNamed(name).orElseThrow(() -> parser.fail(r.path + ".name",
                        "no launch template named \"" + name + "\" in $.launchTemplates"))
                : catalog.templateWithId(id).orElseThrow(() -> parser.fail(r.path + ".id",
                        "no launch template with id \"" + id + "\" in $.launchTemplates"));
        String version = r.string("version", "$Default");
        versionAtStart(r.path + ".version", template, version);
        return new TemplateRef(template.name(), version);
    }

    private MixedInstancesSpec mixed(Obj m) {
        m.only("launchTemplate", "overrides");
        JsonNode lt = m.get("launchTemplate");
        if (lt == null || lt.isNull()) {
            throw parser.fail(m.path + ".launchTemplate", "required: the policy's launch template");
        }
        TemplateRef ref = templateRef(parser.object(lt, m.path + ".launchTemplate"));
        List<OverrideSpec> overrides = new ArrayList<>();
        Set<String> types = new HashSet<>();
        for (Obj o : parser.objects(m.get("overrides"), m.path + ".overrides", MAX_OVERRIDES, "overrides")) {
            o.only("instanceType", "launchTemplate", "imageId", "weightedCapacity");
            String type = o.requiredString("instanceType");
            if (!CatalogParser.INSTANCE_TYPE.matcher(type).matches()) {
                throw parser.fail(o.path + ".instanceType", "not an instance type like m6i.large: \"" + type + "\"");
            }
            if (!types.add(type)) {
                throw parser.fail(o.path + ".instanceType", "duplicate instance type \"" + type + "\"");
            }
            JsonNode olt = o.get("launchTemplate");
            TemplateRef oref = olt == null || olt.isNull() ? null : templateRef(parser.object(olt, o.path + ".launchTemplate"));
            String image = o.string("imageId", null);
            if (image != null) {
                if (!CatalogParser.AMI.matcher(image).matches()) {
                    throw parser.fail(o.path + ".imageId", "not an AMI id like ami-0abc123: \"" + image + "\"");
                }
                catalog.ami(o.path + ".imageId", image);
            }
            String weight = o.string("weightedCapacity", null);
            if (weight != null && !WEIGHT.matcher(weight).matches()) {
                throw parser.fail(o.path + ".weightedCapacity", "a weight is a whole number 1-999 written as a string: \""
                        + weight + "\"");
            }
            overrides.add(new OverrideSpec(type, oref, image, weight));
        }
        if (overrides.isEmpty()) {
            throw parser.fail(m.path + ".overrides", "required: at least one instance type");
        }
        return new MixedInstancesSpec(ref, overrides);
    }

    /**
     * How an instance of the group with this (explicit, or null) instance type and launch template version
     * was launched. An instance type of a mixed instances policy's overrides takes that override's template
     * and AMI; without one, the policy's first override's.
     */
    Launch launch(Context g, String path, String explicitType, String explicitVersion) {
        OverrideSpec override = null;
        TemplateRef ref = g.launchTemplate();
        if (g.mixed() != null) {
            ref = g.mixed().launchTemplate();
            override = explicitType == null ? g.mixed().overrides().getFirst()
                    : g.mixed().overrides().stream().filter(o -> o.instanceType().equals(explicitType)).findFirst()
                            .orElse(null);
            if (override != null && override.launchTemplate() != null) {
                ref = override.launchTemplate();
            }
        }
        LaunchTemplateSpec template = catalog.templateNamed(ref.templateName()).orElseThrow();
        String version = explicitVersion != null ? explicitVersion : ref.version();
        int number = versionAtStart(path + ".launchTemplateVersion", template, version);
        TemplateVersion v = template.versions().get(number - 1);
        String type = explicitType != null ? explicitType : override != null ? override.instanceType() : v.instanceType();
        boolean fromOverride = override != null && override.imageId() != null;
        String image = fromOverride ? override.imageId() : catalog.ami(path, v.imageId()).id();
        return new Launch(new TemplateRef(template.name(), version), template, number, type, image, fromOverride);
    }

    /** The version number {@code $Latest}, {@code $Default} or a number names at the start. */
    private int versionAtStart(String path, LaunchTemplateSpec template, String version) {
        int atStart = (int) template.versions().stream().filter(v -> v.createdAfterSeconds() == 0).count();
        return switch (version) {
            case "$Latest" -> atStart;
            case "$Default" -> template.defaultVersion();
            default -> {
                if (!VERSION_NUMBER.matcher(version).matches()) {
                    throw parser.fail(path, "a launch template version is $Latest, $Default or a number: \"" + version + "\"");
                }
                int n = Integer.parseInt(version);
                if (n > atStart) {
                    throw parser.fail(path, "launch template " + template.name() + " has no version " + version
                            + " at the start (it has " + atStart + ")");
                }
                yield n;
            }
        };
    }

    private List<String> processes(Obj g) {
        List<String> out = new ArrayList<>();
        JsonNode node = g.get("suspendedProcesses");
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            throw parser.fail(g.path + ".suspendedProcesses", "must be an array of process names, was "
                    + FleetParser.kind(node));
        }
        for (int k = 0; k < node.size(); k++) {
            String p = g.path + ".suspendedProcesses[" + k + "]";
            JsonNode n = node.get(k);
            if (!n.isTextual() || !PROCESSES.contains(n.asText())) {
                throw parser.fail(p, "must be one of " + PROCESSES.stream().sorted().toList() + ", was " + n);
            }
            if (out.contains(n.asText())) {
                throw parser.fail(p, "duplicate process " + n);
            }
            out.add(n.asText());
        }
        return out;
    }

    private List<ActivitySpec> activities(Obj g) {
        List<ActivitySpec> out = new ArrayList<>();
        for (Obj a : parser.objects(g.get("scalingActivities"), g.path + ".scalingActivities", 100, "scaling activities")) {
            a.only("description", "cause", "statusCode", "startedSecondsAgo", "endsAfterSeconds");
            String status = a.oneOf("statusCode", "Successful", ACTIVITY_STATUSES);
            long ends = a.integer("endsAfterSeconds", 0, 0, FleetParser.MAX_SECONDS);
            if (ends > 0 && !status.equals("InProgress")) {
                throw parser.fail(a.path + ".endsAfterSeconds", "only an InProgress activity ends later");
            }
            out.add(new ActivitySpec(a.requiredString("description"),
                    a.string("cause", "At the simulator's start an activity was recorded by the fleet file."), status,
                    a.integer("startedSecondsAgo", 300, 0, SIX_WEEKS), ends));
        }
        return out;
    }

    private List<RefreshSpec> refreshes(Obj g) {
        List<RefreshSpec> out = new ArrayList<>();
        for (Obj r : parser.objects(g.get("instanceRefreshes"), g.path + ".instanceRefreshes", 10, "instance refreshes")) {
            r.only("status", "percentageComplete", "instancesToUpdate", "startedSecondsAgo", "endsAfterSeconds");
            String status = r.oneOf("status", "InProgress", REFRESH_STATUSES);
            long ends = r.integer("endsAfterSeconds", 0, 0, FleetParser.MAX_SECONDS);
            if (ends > 0 && !REFRESHES_IN_PROGRESS.contains(status)) {
                throw parser.fail(r.path + ".endsAfterSeconds", "only an instance refresh in progress ends later");
            }
            out.add(new RefreshSpec(status, (int) r.integer("percentageComplete", 0, 0, 100),
                    (int) r.integer("instancesToUpdate", 0, 0, FleetParser.MAX_INSTANCES_PER_CLUSTER),
                    r.integer("startedSecondsAgo", 300, 0, SIX_WEEKS), ends));
        }
        if (out.stream().filter(r -> REFRESHES_IN_PROGRESS.contains(r.status())).count() > 1) {
            throw parser.fail(g.path + ".instanceRefreshes", "a group has at most one instance refresh in progress");
        }
        return out;
    }
}
