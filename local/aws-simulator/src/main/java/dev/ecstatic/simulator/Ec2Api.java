package dev.ecstatic.simulator;

import dev.ecstatic.simulator.Fleet.AmiSpec;
import dev.ecstatic.simulator.Fleet.LaunchTemplateSpec;
import dev.ecstatic.simulator.Fleet.TemplateVersion;
import dev.ecstatic.simulator.QueryRequest.Filter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The EC2 actions ecstatic needs, in EC2's Query protocol and XML shapes
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/): DescribeInstances, DescribeImages,
 * DescribeLaunchTemplateVersions. Callers hold the fleet's lock and have advanced it to {@code now}.
 */
final class Ec2Api {

    static final String VERSION = "2016-11-15";
    static final String NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";
    static final Set<String> ACTIONS = Set.of("DescribeInstances", "DescribeImages", "DescribeLaunchTemplateVersions");

    // The owners of Amazon's public AMIs: the ECS-optimized Amazon Linux AMIs' account, and Windows'.
    private static final String AMAZON_LINUX_OWNER = "591542846629";
    private static final String AMAZON_WINDOWS_OWNER = "801119661308";
    private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8,17}");
    private static final Pattern IMAGE_ID = CatalogParser.AMI;
    private static final Pattern TEMPLATE_ID = Pattern.compile("lt-[0-9a-f]{17}");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final DateTimeFormatter REASON_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss 'GMT'")
            .withZone(ZoneOffset.UTC);

    private final SimFleet sim;

    Ec2Api(SimFleet sim) {
        this.sim = sim;
    }

    static QueryError invalid(String message) {
        return QueryError.of("InvalidParameterValue", message);
    }

    byte[] handle(String action, QueryRequest req, Instant now, String requestId) {
        if (req.bool("DryRun", false)) {
            // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html: DryRunOperation (412)
            throw new QueryError("DryRunOperation", 412, "Request would have succeeded, but DryRun flag is set.");
        }
        XmlOut x = new XmlOut(action + "Response", NAMESPACE).element("requestId", requestId);
        switch (action) {
            case "DescribeInstances" -> describeInstances(req, now, x);
            case "DescribeImages" -> describeImages(req, now, x);
            case "DescribeLaunchTemplateVersions" -> describeLaunchTemplateVersions(req, now, x);
            default -> throw QueryError.of("InvalidAction", "The action " + action + " is not valid for this web service.");
        }
        return x.end();
    }

    // ---- DescribeInstances -------------------------------------------------------------------------

    /**
     * By {@code InstanceId.N} (an unknown one is InvalidInstanceID.NotFound; MaxResults may not be given
     * with them) or every visible instance, filtered and paged (MaxResults 5-1000). Terminated instances
     * stay visible for an hour, as on EC2.
     */
    private void describeInstances(QueryRequest req, Instant now, XmlOut x) {
        List<String> ids = req.ec2List("InstanceId");
        Integer max = req.integer("MaxResults");
        if (ids != null && max != null) {
            throw QueryError.of("InvalidParameterCombination",
                    "The parameter instancesSet cannot be used with the parameter maxResults");
        }
        if (max != null && (max < 5 || max > 1000)) {
            throw invalid("Value ( " + max + " ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.");
        }
        List<SimEc2Instance> selected = new ArrayList<>();
        if (ids != null) {
            List<String> missing = new ArrayList<>();
            for (String id : new LinkedHashSet<>(ids)) {
                if (!INSTANCE_ID.matcher(id).matches()) {
                    throw QueryError.of("InvalidInstanceID.Malformed", "Invalid id: \"" + id + "\"");
                }
                SimEc2Instance e = sim.ec2.get(id);
                if (e == null || !sim.visible(e, now)) {
                    missing.add(id);
                } else {
                    selected.add(e);
                }
            }
            if (!missing.isEmpty()) {
                throw QueryError.of("InvalidInstanceID.NotFound", missing.size() == 1
                        ? "The instance ID '" + missing.getFirst() + "' does not exist"
                        : "The instance IDs '" + String.join(", ", missing) + "' do not exist");
            }
        } else {
            sim.ec2.values().stream().filter(e -> sim.visible(e, now)).forEach(selected::add);
        }
        List<Filter> filters = req.ec2Filters();
        List<SimEc2Instance> matching = selected.stream().filter(e -> matches(filters, field -> instanceField(e, field)))
                .toList();
        Page<SimEc2Instance> page = page(matching, max == null ? Integer.MAX_VALUE : max, req.string("NextToken"),
                "DescribeInstances|" + req.listing());
        x.list("reservationSet", "item", page.items(), e -> {
            x.element("reservationId", "r-" + Hashing.hex("reservation|" + e.id, 17));
            x.element("ownerId", sim.fleet.accountId());
            x.open("groupSet").close();
            x.list("instancesSet", "item", List.of(e), i -> instance(x, i));
        });
        x.element("nextToken", page.nextToken());
    }

    private void instance(XmlOut x, SimEc2Instance e) {
        boolean windows = e.platform.equals("windows");
        x.element("instanceId", e.id).element("imageId", e.amiId);
        x.open("instanceState").element("code", SimEc2Instance.stateCode(e.state)).element("name", e.state).close();
        boolean gone = e.state.equals("terminated");
        x.element("privateDnsName", gone ? "" : privateDns(e));
        x.element("dnsName", "");
        x.element("reason", e.terminating() ? "User initiated (" + REASON_TIME.format(e.shutdownAt) + ")" : "");
        x.element("amiLaunchIndex", 0);
        x.open("productCodes").close();
        x.element("instanceType", e.instanceType);
        x.element("launchTime", e.launchTime);
        x.open("placement").element("availabilityZone", e.availabilityZone).element("groupName", "")
                .element("tenancy", "default").close();
        if (windows) {
            x.element("platform", "windows");
        }
        x.open("monitoring").element("state", "disabled").close();
        if (!gone) {
            x.element("subnetId", GroupLifecycle.subnet(e.availabilityZone));
            x.element("vpcId", vpc());
            x.element("privateIpAddress", e.privateIp());
        }
        x.element("sourceDestCheck", true);
        x.open("groupSet").close();
        if (e.terminating()) {
            x.open("stateReason").element("code", "Client.UserInitiatedShutdown")
                    .element("message", "Client.UserInitiatedShutdown: User initiated shutdown").close();
        }
        x.element("architecture", e.architecture);
        x.element("rootDeviceType", "ebs");
        x.element("rootDeviceName", windows ? "/dev/sda1" : "/dev/xvda");
        x.open("blockDeviceMapping").close();
        x.element("virtualizationType", "hvm");
        x.element("clientToken", "");
        x.list("tagSet", "item", tags(e).entrySet(), t -> x.element("key", t.getKey()).element("value", t.getValue()));
        x.element("hypervisor", "xen");
        x.open("networkInterfaceSet").close();
        x.element("ebsOptimized", false);
        x.element("enaSupport", true);
        x.element("platformDetails", windows ? "Windows" : "Linux/UNIX");
        x.element("usageOperation", windows ? "RunInstances:0002" : "RunInstances");
    }

    /** What Auto Scaling and EC2 tag an instance launched from a template into a group with. */
    private static Map<String, String> tags(SimEc2Instance e) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (e.group != null) {
            tags.put("aws:autoscaling:groupName", e.group.name());
        }
        if (e.launchedFrom != null) {
            tags.put("aws:ec2launchtemplate:id", e.launchedFrom.templateId());
            tags.put("aws:ec2launchtemplate:version", String.valueOf(e.launchedFrom.versionNumber()));
        }
        return tags;
    }

    private String instanceField(SimEc2Instance e, String filter) {
        if (filter.startsWith("tag:")) {
            return tags(e).get(filter.substring(4));
        }
        return switch (filter) {
            case "instance-id" -> e.id;
            case "instance-state-name" -> e.state;
            case "instance-state-code" -> String.valueOf(SimEc2Instance.stateCode(e.state));
            case "instance-type" -> e.instanceType;
            case "image-id" -> e.amiId;
            case "availability-zone" -> e.availabilityZone;
            case "architecture" -> e.architecture;
            case "platform" -> e.platform.equals("windows") ? "windows" : null;
            case "private-ip-address" -> e.privateIp();
            default -> throw invalid("The filter '" + filter + "' is invalid");
        };
    }

    private String privateDns(SimEc2Instance e) {
        String host = "ip-" + e.privateIp().replace('.', '-');
        return sim.fleet.region().equals("us-east-1") ? host + ".ec2.internal"
                : host + "." + sim.fleet.region() + ".compute.internal";
    }

    private String vpc() {
        return "vpc-" + Hashing.hex("vpc|" + sim.fleet.region(), 17);
    }

    // ---- DescribeImages ----------------------------------------------------------------------------

    /**
     * The catalogue's images, as DescribeImages documents them
     * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeImages.html): an image no longer
     * available to the account ({@code private} in the fleet: deregistered or made private, as old Windows
     * AMIs are) is not returned at all, not even by id, while an id EC2 never had is InvalidAMIID.NotFound.
     * A deprecated image is left out of listings unless {@code IncludeDeprecated} is set or the account owns
     * it, but is returned when asked for by id: "the deprecated AMI does not appear in DescribeImages API
     * calls unless you specify its ID or specify that deprecated AMIs must appear"
     * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ami-deprecate.html).
     */
    private void describeImages(QueryRequest req, Instant now, XmlOut x) {
        if (req.ec2List("ExecutableBy") != null) {
            throw invalid("The simulator does not evaluate ExecutableBy; use Owner or ImageId.");
        }
        List<String> ids = req.ec2List("ImageId");
        List<String> owners = req.ec2List("Owner");
        boolean includeDeprecated = req.bool("IncludeDeprecated", false);
        req.bool("IncludeDisabled", false);
        Integer max = req.integer("MaxResults");
        if (max != null && (max < 1 || max > 1000)) {
            throw invalid("Value ( " + max + " ) for parameter maxResults is invalid. Expecting a value between 1 and 1000.");
        }
        if (owners != null) {
            for (String o : owners) {
                if (!Set.of("self", "amazon", "aws-marketplace", "aws-backup-vault").contains(o)
                        && !ACCOUNT.matcher(o).matches()) {
                    throw QueryError.of("InvalidUserID.Malformed", "Invalid user id: \"" + o + "\"");
                }
            }
        }
        List<AmiSpec> selected = new ArrayList<>();
        if (ids != null) {
            List<String> missing = new ArrayList<>();
            for (String id : new LinkedHashSet<>(ids)) {
                if (!IMAGE_ID.matcher(id).matches()) {
                    throw QueryError.of("InvalidAMIID.Malformed", "Invalid id: \"" + id + "\" (expecting \"ami-...\")");
                }
                Optional<AmiSpec> ami = sim.ami(id);
                if (ami.isEmpty()) {
                    missing.add(id);
                } else if (!ami.get().privateImage()) {
                    selected.add(ami.get());
                }
            }
            if (!missing.isEmpty()) {
                throw QueryError.of("InvalidAMIID.NotFound", missing.size() == 1
                        ? "The image id '[" + missing.getFirst() + "]' does not exist"
                        : "The image ids '[" + String.join(", ", missing) + "]' do not exist");
            }
        } else {
            for (AmiSpec a : sim.fleet.amis()) {
                boolean deprecated = a.deprecationTime() != null && !a.deprecationTime().isAfter(now);
                if (!a.privateImage() && (!deprecated || includeDeprecated || a.owner().equals("self"))) {
                    selected.add(a);
                }
            }
        }
        List<Filter> filters = req.ec2Filters();
        List<AmiSpec> matching = selected.stream()
                .filter(a -> owners == null || owners.stream().anyMatch(o -> ownedBy(a, o)))
                .filter(a -> matches(filters, field -> imageField(a, field)))
                .toList();
        Page<AmiSpec> page = page(matching, max == null ? Integer.MAX_VALUE : max, req.string("NextToken"),
                "DescribeImages|" + req.listing());
        x.list("imagesSet", "item", page.items(), a -> image(x, a));
        x.element("nextToken", page.nextToken());
    }

    private boolean ownedBy(AmiSpec a, String owner) {
        return switch (owner) {
            case "amazon" -> a.owner().equals("amazon");
            case "self" -> a.owner().equals("self");
            case "aws-marketplace", "aws-backup-vault" -> false;
            default -> ownerId(a).equals(owner);
        };
    }

    private String ownerId(AmiSpec a) {
        if (a.owner().equals("self")) {
            return sim.fleet.accountId();
        }
        return a.windows() ? AMAZON_WINDOWS_OWNER : AMAZON_LINUX_OWNER;
    }

    private String imageField(AmiSpec a, String filter) {
        return switch (filter) {
            case "image-id" -> a.id();
            case "name" -> a.name();
            case "architecture" -> a.architecture();
            case "platform" -> a.windows() ? "windows" : null;
            case "owner-alias" -> a.owner().equals("amazon") ? "amazon" : null;
            case "owner-id" -> ownerId(a);
            case "state" -> "available";
            case "is-public" -> String.valueOf(a.owner().equals("amazon"));
            case "image-type" -> "machine";
            case "root-device-type" -> "ebs";
            case "virtualization-type" -> "hvm";
            default -> throw invalid("The filter '" + filter + "' is invalid");
        };
    }

    private void image(XmlOut x, AmiSpec a) {
        boolean amazon = a.owner().equals("amazon");
        x.element("imageId", a.id());
        x.element("imageLocation", (amazon ? "amazon" : sim.fleet.accountId()) + "/" + a.name());
        x.element("imageState", "available");
        x.element("imageOwnerId", ownerId(a));
        x.element("creationDate", a.creationDate());
        x.element("isPublic", amazon);
        x.element("architecture", a.architecture());
        x.element("imageType", "machine");
        if (a.windows()) {
            x.element("platform", "windows");
        }
        x.element("platformDetails", a.windows() ? "Windows" : "Linux/UNIX");
        x.element("usageOperation", a.windows() ? "RunInstances:0002" : "RunInstances");
        if (amazon) {
            x.element("imageOwnerAlias", "amazon");
        }
        x.element("name", a.name());
        x.element("description", a.name());
        x.element("rootDeviceType", "ebs");
        String root = a.windows() ? "/dev/sda1" : "/dev/xvda";
        x.element("rootDeviceName", root);
        x.list("blockDeviceMapping", "item", List.of(root), device -> {
            x.element("deviceName", device);
            x.open("ebs").element("snapshotId", "snap-" + Hashing.hex("snapshot|" + a.id(), 17))
                    .element("volumeSize", a.windows() ? 50 : 30).element("deleteOnTermination", true)
                    .element("volumeType", "gp3").element("encrypted", false).close();
        });
        x.element("virtualizationType", "hvm");
        x.element("hypervisor", "xen");
        x.element("enaSupport", true);
        x.element("sriovNetSupport", "simple");
        x.element("bootMode", a.architecture().equals("arm64") ? "uefi" : "uefi-preferred");
        x.element("imdsSupport", "v2.0");
        if (a.deprecationTime() != null) {
            x.element("deprecationTime", a.deprecationTime());
        }
    }

    // ---- DescribeLaunchTemplateVersions ------------------------------------------------------------

    /**
     * Versions of one template (by {@code LaunchTemplateId} or {@code LaunchTemplateName}): those named in
     * {@code LaunchTemplateVersion.N} (numbers, {@code $Latest}, {@code $Default}), a {@code MinVersion} /
     * {@code MaxVersion} range, or all, newest first; without a template, {@code $Latest} and/or
     * {@code $Default} of every template. With {@code ResolveAlias}, an image id {@code resolve:ssm:<parameter>}
     * is answered with the AMI id the parameter holds now.
     * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeLaunchTemplateVersions.html
     */
    private void describeLaunchTemplateVersions(QueryRequest req, Instant now, XmlOut x) {
        String id = req.string("LaunchTemplateId");
        String name = req.string("LaunchTemplateName");
        List<String> versions = req.ec2List("LaunchTemplateVersion");
        String min = req.string("MinVersion");
        String maxVersion = req.string("MaxVersion");
        boolean resolve = req.bool("ResolveAlias", false);
        Integer max = req.integer("MaxResults");
        if (max != null && (max < 1 || max > 200)) {
            throw invalid("Value ( " + max + " ) for parameter maxResults is invalid. Expecting a value between 1 and 200.");
        }
        if (id != null && name != null) {
            throw QueryError.of("InvalidParameterCombination",
                    "The parameters LaunchTemplateId and LaunchTemplateName cannot be used together.");
        }
        if (versions != null && (min != null || maxVersion != null)) {
            throw QueryError.of("InvalidParameterCombination",
                    "The parameter LaunchTemplateVersion cannot be used with MinVersion or MaxVersion.");
        }
        List<Map.Entry<LaunchTemplateSpec, TemplateVersion>> selected = new ArrayList<>();
        if (id == null && name == null) {
            if (versions == null || versions.stream().anyMatch(v -> !v.equals("$Latest") && !v.equals("$Default"))) {
                throw invalid("To describe the versions of all launch templates, give only $Latest and $Default in "
                        + "LaunchTemplateVersion; to describe numbered versions, name the launch template.");
            }
            for (LaunchTemplateSpec t : sim.fleet.launchTemplates()) {
                for (String v : new LinkedHashSet<>(versions)) {
                    selected.add(Map.entry(t, t.versions().get(number(t, v, now) - 1)));
                }
            }
        } else {
            LaunchTemplateSpec t = template(id, name);
            List<TemplateVersion> existing = t.versions().stream().filter(v -> sim.exists(v, now)).toList();
            if (versions != null) {
                Set<Integer> seen = new LinkedHashSet<>();
                for (String v : versions) {
                    int n = number(t, v, now);
                    if (n < 1 || n > existing.size()) {
                        throw QueryError.of("InvalidLaunchTemplateId.VersionNotFound", "Could not find launch "
                                + "template version " + v + " for the launch template " + t.id() + ".");
                    }
                    seen.add(n);
                }
                seen.forEach(n -> selected.add(Map.entry(t, t.versions().get(n - 1))));
            } else {
                int from = min == null ? 1 : parseVersion("MinVersion", min);
                int to = maxVersion == null ? Integer.MAX_VALUE : parseVersion("MaxVersion", maxVersion);
                for (int k = existing.size() - 1; k >= 0; k--) {
                    TemplateVersion v = existing.get(k);
                    if (v.number() >= from && v.number() <= to) {
                        selected.add(Map.entry(t, v));
                    }
                }
            }
        }
        List<Filter> filters = req.ec2Filters();
        List<Map.Entry<LaunchTemplateSpec, TemplateVersion>> matching = selected.stream()
                .filter(e -> matches(filters, field -> versionField(e.getKey(), e.getValue(), field)))
                .toList();
        Page<Map.Entry<LaunchTemplateSpec, TemplateVersion>> page = page(matching, max == null ? Integer.MAX_VALUE : max,
                req.string("NextToken"), "DescribeLaunchTemplateVersions|" + req.listing());
        x.list("launchTemplateVersionSet", "item", page.items(), e -> {
            LaunchTemplateSpec t = e.getKey();
            TemplateVersion v = e.getValue();
            x.element("launchTemplateId", t.id());
            x.element("launchTemplateName", t.name());
            x.element("versionNumber", v.number());
            x.element("versionDescription", v.description());
            x.element("createTime", sim.created(t, v));
            x.element("createdBy", "arn:" + sim.partition + ":iam::" + sim.fleet.accountId() + ":root");
            x.element("defaultVersion", v.number() == t.defaultVersion());
            x.open("launchTemplateData");
            x.element("imageId", resolve ? sim.lifecycle.resolveImage(v.imageId()) : v.imageId());
            x.element("instanceType", v.instanceType());
            x.close();
        });
        x.element("nextToken", page.nextToken());
    }

    private LaunchTemplateSpec template(String id, String name) {
        if (id != null) {
            if (!TEMPLATE_ID.matcher(id).matches()) {
                throw QueryError.of("InvalidLaunchTemplateId.Malformed", "The specified launch template ID is invalid: "
                        + id + ". Specify the ID in the form lt-xxxxxxxxxxxxxxxxx.");
            }
            return sim.fleet.launchTemplates().stream().filter(t -> t.id().equals(id)).findFirst()
                    .orElseThrow(() -> QueryError.of("InvalidLaunchTemplateId.NotFound",
                            "The specified launch template, with template ID " + id + ", does not exist."));
        }
        return sim.fleet.launchTemplate(name).orElseThrow(() -> QueryError.of(
                "InvalidLaunchTemplateName.NotFoundException",
                "The specified launch template, with template name " + name + ", does not exist."));
    }

    private int number(LaunchTemplateSpec t, String version, Instant now) {
        return switch (version) {
            case "$Latest" -> sim.lifecycle.latestVersion(t, now);
            case "$Default" -> t.defaultVersion();
            default -> parseVersion("LaunchTemplateVersion", version);
        };
    }

    private static int parseVersion(String parameter, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw invalid("The value '" + v + "' for " + parameter + " is invalid: a version is $Latest, $Default or a "
                + "number from 1.");
    }

    private String versionField(LaunchTemplateSpec t, TemplateVersion v, String filter) {
        return switch (filter) {
            case "is-default-version" -> String.valueOf(v.number() == t.defaultVersion());
            case "image-id" -> v.imageId();
            case "instance-type" -> v.instanceType();
            default -> throw invalid("The filter '" + filter + "' is invalid");
        };
    }

    // ---- shared ------------------------------------------------------------------------------------

    /** EC2's filter semantics: every filter must match (AND), any of its values (OR), with wildcards. */
    static boolean matches(List<Filter> filters, Function<String, String> field) {
        for (Filter f : filters) {
            String value = field.apply(f.name());
            if (f.values().stream().noneMatch(v -> QueryRequest.glob(v, value))) {
                return false;
            }
        }
        return true;
    }

    record Page<T>(List<T> items, String nextToken) {
    }

    static <T> Page<T> page(List<T> all, int size, String token, String listing) {
        int from = token == null ? 0 : PageToken.decode(token, listing,
                () -> QueryError.of("InvalidNextToken", "The nextToken is invalid: " + token));
        if (from > all.size()) {
            throw QueryError.of("InvalidNextToken", "The nextToken is invalid: " + token);
        }
        int to = (int) Math.min(all.size(), (long) from + size);
        return new Page<>(all.subList(from, to), to < all.size() ? PageToken.encode(listing, to) : null);
    }
}
