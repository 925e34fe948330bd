package dev.ecstatic.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecstatic.simulator.Fleet.AmiSpec;
import dev.ecstatic.simulator.Fleet.LaunchTemplateSpec;
import dev.ecstatic.simulator.Fleet.Recommended;
import dev.ecstatic.simulator.Fleet.TemplateVersion;
import dev.ecstatic.simulator.FleetParser.Obj;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fleet file's EC2 side, read strictly: the AMI catalogue ({@code amis}), the SSM recommended AMIs
 * ({@code recommended}) and the launch templates ({@code launchTemplates}). Errors name the JSON path.
 */
final class CatalogParser {

    // EC2 quotas, https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-resource-limits.html and
    // https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/launch-template-restrictions.html: 5,000 launch
    // templates per Region, 10,000 versions per template. The catalogue is the simulator's own bound.
    static final int MAX_AMIS = 1_000;
    static final int MAX_TEMPLATES = 5_000;
    static final int MAX_VERSIONS = 10_000;

    static final Pattern AMI = Pattern.compile("ami-[0-9A-Za-z]+");
    // EC2: "3-128 alphanumeric characters, parentheses (()), square brackets ([]), spaces ( ), periods (.),
    // slashes (/), dashes (-), single quotes ('), at-signs (@), or underscores(_)"
    private static final Pattern AMI_NAME = Pattern.compile("[A-Za-z0-9()\\[\\] ./'@_-]{3,128}");
    // Launch template names: 3-128 characters of [a-zA-Z0-9().\-/_]
    private static final Pattern TEMPLATE_NAME = Pattern.compile("[A-Za-z0-9().\\-/_]{3,128}");
    private static final Pattern TEMPLATE_ID = Pattern.compile("lt-[0-9a-f]{17}");
    static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9]+");
    private static final Pattern FAMILY = Pattern.compile("[a-z0-9_.-]+(/[a-z0-9_.-]+)*");
    private static final Pattern WINDOWS_NAME = Pattern.compile("Windows_Server-(\\d{4})-English-(Full|Core)-ECS_Optimized");
    private static final Pattern BOTTLEROCKET_KEY = Pattern.compile("bottlerocket/(aws-ecs-\\d+(-nvidia)?)/(x86_64|arm64)");
    /** A Bottlerocket AMI's name carries its version: bottlerocket-aws-ecs-2-x86_64-v1.32.0-cacc4ce9. */
    private static final Pattern BOTTLEROCKET_VERSION = Pattern.compile("-v(\\d+\\.\\d+\\.\\d+-[0-9a-f]+)$");
    static final String RESOLVE_SSM = "resolve:ssm:";

    private final FleetParser parser;
    private final Map<String, AmiSpec> amis = new LinkedHashMap<>();
    private final Map<String, LaunchTemplateSpec> templates = new LinkedHashMap<>();
    private PublicParameters parameters = new PublicParameters(Map.of());

    CatalogParser(FleetParser parser) {
        this.parser = parser;
    }

    Optional<AmiSpec> ami(String id) {
        return Optional.ofNullable(amis.get(id));
    }

    boolean hasCatalogue() {
        return !amis.isEmpty();
    }

    Optional<LaunchTemplateSpec> templateNamed(String name) {
        return Optional.ofNullable(templates.get(name));
    }

    Optional<LaunchTemplateSpec> templateWithId(String id) {
        return templates.values().stream().filter(t -> t.id().equals(id)).findFirst();
    }

    PublicParameters parameters() {
        return parameters;
    }

    List<AmiSpec> amis(JsonNode node) {
        for (Obj a : parser.objects(node, "$.amis", MAX_AMIS, "AMIs in the catalogue")) {
            AmiSpec ami = ami(a);
            if (amis.putIfAbsent(ami.id(), ami) != null) {
                throw parser.fail(a.path + ".id", "duplicate AMI id \"" + ami.id() + "\"");
            }
        }
        return List.copyOf(amis.values());
    }

    private AmiSpec ami(Obj a) {
        a.only("id", "name", "platform", "architecture", "creationDate", "deprecationTime", "private", "owner",
                "agentVersion", "dockerVersion");
        String id = a.requiredString("id");
        if (!AMI.matcher(id).matches()) {
            throw parser.fail(a.path + ".id", "not an AMI id like ami-0abc123: \"" + id + "\"");
        }
        String name = a.requiredString("name");
        if (!AMI_NAME.matcher(name).matches()) {
            throw parser.fail(a.path + ".name", "an AMI name has 3-128 letters, digits, spaces or any of ()[]./'@_-: \""
                    + name + "\"");
        }
        Instant created = instant(a, "creationDate", null);
        if (created == null) {
            throw parser.fail(a.path + ".creationDate", "required: when the AMI was created, like 2025-01-10T00:00:00Z");
        }
        String agent = a.requiredString("agentVersion");
        parser.version(a.path + ".agentVersion", agent);
        String docker = a.string("dockerVersion", "25.0.6");
        parser.version(a.path + ".dockerVersion", docker);
        return new AmiSpec(id, name, a.oneOf("platform", "linux", Set.of("linux", "windows")),
                a.oneOf("architecture", "x86_64", Set.of("x86_64", "arm64")), created,
                instant(a, "deprecationTime", null), a.bool("private", false),
                a.oneOf("owner", "amazon", Set.of("amazon", "self")), agent, docker);
    }

    private Instant instant(Obj o, String field, Instant dflt) {
        String text = o.string(field, null);
        if (text == null) {
            return dflt;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw parser.fail(o.path + "." + field, "not a UTC time like 2025-01-10T00:00:00Z: \"" + text + "\"");
        }
    }

    /** The {@code recommended} entries; read after the catalogue, whose AMIs give their defaults. */
    Map<String, Recommended> recommended(JsonNode node) {
        Map<String, Recommended> out = new LinkedHashMap<>();
        if (node != null && !node.isNull()) {
            Obj r = parser.object(node, "$.recommended");
            for (Iterator<String> it = r.node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                String path = "$.recommended[\"" + key + "\"]";
                Obj entry = parser.object(r.node.get(key), path);
                Recommended.Kind kind = kindOf(key, path);
                out.put(key, kind == Recommended.Kind.BOTTLEROCKET ? bottlerocket(entry, key) : withAgent(entry, key, kind));
            }
        }
        parameters = new PublicParameters(out);
        return out;
    }

    private Recommended.Kind kindOf(String key, String path) {
        if (WINDOWS_NAME.matcher(key).matches()) {
            return Recommended.Kind.WINDOWS;
        }
        if (key.startsWith("bottlerocket")) {
            if (!BOTTLEROCKET_KEY.matcher(key).matches()) {
                throw parser.fail(path, "not a Bottlerocket variant like bottlerocket/aws-ecs-2/x86_64: \"" + key + "\"");
            }
            return Recommended.Kind.BOTTLEROCKET;
        }
        if (!FAMILY.matcher(key).matches()) {
            throw parser.fail(path, "not an ECS-optimized AMI family like amazon-linux-2023, a Windows name like "
                    + "Windows_Server-2022-English-Full-ECS_Optimized or a Bottlerocket variant like "
                    + "bottlerocket/aws-ecs-2/x86_64: \"" + key + "\"");
        }
        return Recommended.Kind.ECS_OPTIMIZED;
    }

    /** An ECS-optimized Linux or Windows entry: the JSON value with the agent and runtime versions. */
    private Recommended withAgent(Obj r, String key, Recommended.Kind kind) {
        r.only("ecs_agent_version", "ecs_runtime_version", "image_id", "image_name", "image_version", "os",
                "source_image_name");
        String image = r.requiredString("image_id");
        if (!AMI.matcher(image).matches()) {
            throw parser.fail(r.path + ".image_id", "not an AMI id like ami-0abc123: \"" + image + "\"");
        }
        Optional<AmiSpec> ami = catalogued(r, image);
        boolean windows = kind == Recommended.Kind.WINDOWS;
        String arch = key.contains("arm64") ? "arm64" : "x86_64";
        ami.ifPresent(a -> {
            if (a.windows() != windows || a.bottlerocket() || !a.architecture().equals(arch)) {
                throw parser.fail(r.path + ".image_id", image + " is a " + a.platform() + " " + a.architecture()
                        + " AMI (" + a.name() + "), not one for " + key);
            }
        });
        String agent = r.string("ecs_agent_version", ami.map(AmiSpec::agentVersion).orElse(null));
        if (agent == null) {
            throw parser.fail(r.path + ".ecs_agent_version", "required (or list " + image + " in $.amis)");
        }
        parser.version(r.path + ".ecs_agent_version", agent);
        if (ami.isPresent() && !agent.equals(ami.get().agentVersion())) {
            throw parser.fail(r.path + ".ecs_agent_version", agent + " differs from the agent of " + image
                    + " in $.amis (" + ami.get().agentVersion() + ")");
        }
        String runtime = r.string("ecs_runtime_version", ami.map(a -> "Docker version " + a.dockerVersion()).orElse(null));
        if (runtime == null) {
            throw parser.fail(r.path + ".ecs_runtime_version", "required (or list " + image + " in $.amis)");
        }
        if (windows) {
            Matcher m = WINDOWS_NAME.matcher(key);
            m.matches();
            String imageVersion = r.string("image_version", "2025.01.15");
            return new Recommended(kind, agent, runtime, image,
                    r.string("image_name", ami.map(AmiSpec::name).orElse(key + "-" + imageVersion)), imageVersion,
                    r.string("os", "Windows Server " + m.group(1) + " English " + m.group(2)),
                    r.string("source_image_name", "Windows_Server-" + m.group(1) + "-English-" + m.group(2) + "-Base-"
                            + imageVersion));
        }
        boolean al2023 = key.startsWith("amazon-linux-2023");
        String imageVersion = r.string("image_version", al2023 ? "2023.0.20241115" : "2.0.20241115");
        String imageName = r.string("image_name", ami.map(AmiSpec::name).orElse(al2023
                ? "al2023-ami-ecs-hvm-" + imageVersion + "-kernel-6.1-" + arch
                : "amzn2-ami-ecs-hvm-" + imageVersion + "-" + arch + "-ebs"));
        String os = r.string("os", al2023 ? "Amazon Linux 2023" : key.startsWith("amazon-linux-2") ? "Amazon Linux 2"
                : key);
        String sourceImage = r.string("source_image_name", al2023
                ? "al2023-ami-minimal-" + imageVersion + ".0-kernel-6.1-" + arch
                : "amzn2-ami-minimal-hvm-" + imageVersion + ".0-" + arch + "-ebs");
        return new Recommended(kind, agent, runtime, image, imageName, imageVersion, os, sourceImage);
    }

    /** A Bottlerocket entry: {@code image_id} and {@code image_version}, no agent version. */
    private Recommended bottlerocket(Obj r, String key) {
        r.only("image_id", "image_version");
        String image = r.requiredString("image_id");
        if (!AMI.matcher(image).matches()) {
            throw parser.fail(r.path + ".image_id", "not an AMI id like ami-0abc123: \"" + image + "\"");
        }
        Optional<AmiSpec> ami = catalogued(r, image);
        String arch = key.endsWith("arm64") ? "arm64" : "x86_64";
        ami.ifPresent(a -> {
            if (!a.bottlerocket() || !a.architecture().equals(arch)) {
                throw parser.fail(r.path + ".image_id", image + " is not a Bottlerocket " + arch + " AMI: " + a.name());
            }
        });
        String derived = ami.map(a -> BOTTLEROCKET_VERSION.matcher(a.name()))
                .filter(Matcher::find).map(m -> m.group(1)).orElse(null);
        String version = r.string("image_version", derived);
        if (version == null) {
            throw parser.fail(r.path + ".image_version", "required (or list " + image + " in $.amis with a name like "
                    + "bottlerocket-aws-ecs-2-x86_64-v1.32.0-cacc4ce9)");
        }
        return new Recommended(Recommended.Kind.BOTTLEROCKET, null, null, image, null, version, null, null);
    }

    /** The catalogue's AMI; with a catalogue, every AMI the fleet names must be in it. */
    private Optional<AmiSpec> catalogued(Obj o, String image) {
        Optional<AmiSpec> ami = ami(image);
        if (ami.isEmpty() && hasCatalogue()) {
            throw parser.fail(o.path + ".image_id", image + " is not in $.amis (with a catalogue, every AMI the "
                    + "fleet names is in it)");
        }
        return ami;
    }

    /** The launch templates; read after the catalogue and the recommended AMIs, which their versions name. */
    List<LaunchTemplateSpec> launchTemplates(JsonNode node) {
        return launchTemplates(node, "$.launchTemplates");
    }

    /** As {@link #launchTemplates(JsonNode)}, for the templates at {@code path} (a target's). */
    List<LaunchTemplateSpec> launchTemplates(JsonNode node, String path) {
        List<LaunchTemplateSpec> out = new ArrayList<>();
        for (Obj t : parser.objects(node, path, MAX_TEMPLATES, "launch templates")) {
            LaunchTemplateSpec template = template(t);
            if (templates.putIfAbsent(template.name(), template) != null) {
                throw parser.fail(t.path + ".name", "duplicate launch template name \"" + template.name() + "\"");
            }
            if (out.stream().anyMatch(o -> o.id().equals(template.id()))) {
                throw parser.fail(t.path + ".id", "duplicate launch template id \"" + template.id() + "\"");
            }
            out.add(template);
        }
        return out;
    }

    private LaunchTemplateSpec template(Obj t) {
        t.only("name", "id", "defaultVersion", "versions");
        String name = t.requiredString("name");
        if (!TEMPLATE_NAME.matcher(name).matches()) {
            throw parser.fail(t.path + ".name", "a launch template name has 3-128 letters, digits or any of ().-/_: \""
                    + name + "\"");
        }
        String id = t.string("id", "lt-" + Hashing.hex("launch-template|" + name, 17));
        if (!TEMPLATE_ID.matcher(id).matches()) {
            throw parser.fail(t.path + ".id", "not a launch template id like lt-0123456789abcdef0: \"" + id + "\"");
        }
        List<Obj> versionNodes = parser.objects(t.get("versions"), t.path + ".versions", MAX_VERSIONS,
                "versions of a launch template");
        if (versionNodes.isEmpty()) {
            throw parser.fail(t.path + ".versions", "required: at least one version");
        }
        List<TemplateVersion> versions = new ArrayList<>();
        long previous = 0;
        for (Obj v : versionNodes) {
            TemplateVersion version = templateVersion(v, versions.size() + 1);
            if (version.createdAfterSeconds() < previous) {
                throw parser.fail(v.path + ".createdAfterSeconds", "version " + version.number() + " would be created "
                        + "before version " + (version.number() - 1) + " (" + version.createdAfterSeconds() + " < "
                        + previous + ")");
            }
            previous = version.createdAfterSeconds();
            versions.add(version);
        }
        if (versions.getFirst().createdAfterSeconds() > 0) {
            throw parser.fail(versionNodes.getFirst().path + ".createdAfterSeconds",
                    "version 1 exists from the start: a template is created with its first version");
        }
        int dflt = (int) t.integer("defaultVersion", 1, 1, versions.size());
        if (versions.get(dflt - 1).createdAfterSeconds() > 0) {
            throw parser.fail(t.path + ".defaultVersion", "version " + dflt + " is created only after the start");
        }
        return new LaunchTemplateSpec(id, name, dflt, versions);
    }

    private TemplateVersion templateVersion(Obj v, int number) {
        v.only("imageId", "instanceType", "description", "createdAfterSeconds");
        String imageId = v.requiredString("imageId");
        AmiSpec ami = ami(v.path + ".imageId", imageId);
        String type = v.string("instanceType", ami.architecture().equals("arm64") ? "m7g.large" : "m6i.large");
        if (!INSTANCE_TYPE.matcher(type).matches()) {
            throw parser.fail(v.path + ".instanceType", "not an instance type like m6i.large: \"" + type + "\"");
        }
        String description = v.string("description", null);
        if (description != null && description.length() > 255) {
            throw parser.fail(v.path + ".description", "a version description has at most 255 characters");
        }
        return new TemplateVersion(number, imageId, type, description,
                v.integer("createdAfterSeconds", 0, 0, FleetParser.MAX_SECONDS));
    }

    /**
     * The catalogue's AMI an image id names: an AMI id, or {@code resolve:ssm:<parameter>} naming a
     * public parameter of the fleet whose value is an AMI id. Either must be in the catalogue, since
     * instances are launched from it.
     */
    AmiSpec ami(String path, String imageId) {
        String resolved = imageId;
        if (imageId.startsWith(RESOLVE_SSM)) {
            String name = imageId.substring(RESOLVE_SSM.length());
            Optional<PublicParameters.Parameter> p = parameters.get(name);
            if (p.isEmpty()) {
                throw parser.fail(path, "no public parameter " + name + " in $.recommended");
            }
            if (!p.get().dataType().equals(PublicParameters.IMAGE_TYPE)) {
                throw parser.fail(path, name + " holds " + (p.get().value().startsWith("{") ? "JSON" : "text")
                        + ", not an AMI id: name its image_id parameter");
            }
            resolved = p.get().value();
        } else if (!AMI.matcher(imageId).matches()) {
            throw parser.fail(path, "not an AMI id like ami-0abc123 or resolve:ssm:<parameter>: \"" + imageId + "\"");
        }
        String id = resolved;
        return ami(id).orElseThrow(() -> parser.fail(path, id + " is not in $.amis"));
    }
}
