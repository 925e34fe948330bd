package dev.ecstatic.functions;

import dev.ecstatic.functions.model.InstanceClass;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.services.ecs.model.Attribute;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.Tag;

/**
 * The classification table of DESIGN §4 as a pure function: each container instance falls in
 * exactly one class, the first rule that matches. Field meanings:
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerInstance.html
 */
final class Classifier {
    static final String IGNORE_TAG = "ecstatic:ignore";
    /** Every reason fits the inventory's size budget; see {@link InventoryBuilder}. */
    static final int MAX_REASON = 60;

    private static final Set<String> UPDATING = Set.of("PENDING", "STAGING", "STAGED", "UPDATING");

    private Classifier() {
    }

    record Classification(InstanceClass instanceClass, String reason) {
    }

    static Classification classify(ContainerInstance ci) {
        String ignore = ignoreTagValue(ci);
        if (ignore != null) {
            return new Classification(InstanceClass.IGNORED, "tag " + IGNORE_TAG + "=" + ignore);
        }
        String status = ci.status() == null ? "" : ci.status();
        if (status.equals("INACTIVE") || status.equals("DEREGISTERING")) {
            return new Classification(InstanceClass.IGNORED, "status " + status);
        }
        String update = ci.agentUpdateStatusAsString();
        if (update != null && UPDATING.contains(update)) {
            // An agent restarting during its update may look disconnected: that is not an alarm.
            return new Classification(InstanceClass.UPDATING, "agent update " + update);
        }
        if ("FAILED".equals(update)) {
            return new Classification(InstanceClass.UPDATE_FAILED, "last agent update FAILED");
        }
        // agentConnected is a boolean; the original tool compared it with the string 'False'.
        if (Boolean.FALSE.equals(ci.agentConnected())) {
            return new Classification(InstanceClass.DISCONNECTED, "agent disconnected");
        }
        String unsupported = unsupportedReason(ci);
        if (unsupported != null) {
            return new Classification(InstanceClass.UNSUPPORTED, unsupported);
        }
        if (!status.equals("ACTIVE")) {
            return new Classification(InstanceClass.NOT_ACTIVE, "status " + (status.isEmpty() ? "unknown" : status));
        }
        return new Classification(InstanceClass.CANDIDATE, null);
    }

    /**
     * UpdateContainerAgent only updates Linux x86_64 instances on an ECS-optimized AMI
     * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/agent-update-ecs-ami.html):
     * Windows and arm64 need a new AMI or an ecs-init update, ECS Anywhere hosts update themselves.
     * Bottlerocket has no ecs-init: its agent is updated with the OS image. Bottlerocket's ECS agent
     * registers the {@code bottlerocket.variant} attribute, which is how AWS's own Bottlerocket ECS
     * updater finds them (https://github.com/bottlerocket-os/bottlerocket-ecs-updater).
     */
    private static String unsupportedReason(ContainerInstance ci) {
        if (attribute(ci, "bottlerocket.variant") != null) {
            return "Bottlerocket: its agent is updated with the OS";
        }
        String osType = attribute(ci, "ecs.os-type");
        if (osType != null && osType.toLowerCase(Locale.ROOT).startsWith("windows")) {
            return "Windows: replace with a current ECS-optimized AMI";
        }
        String arch = attribute(ci, "ecs.cpu-architecture");
        if (arch != null && (arch.equalsIgnoreCase("arm64") || arch.equalsIgnoreCase("aarch64"))) {
            return "arm64: update ecs-init on the host or replace it";
        }
        if (isExternal(ci)) {
            return "ECS Anywhere: update the agent on the host";
        }
        if (agentVersion(ci) == null) {
            return "no agent version reported: replace the instance";
        }
        return null;
    }

    /** ECS Anywhere (external) instances are SSM managed instances, ids "mi-…". */
    static boolean isExternal(ContainerInstance ci) {
        return ci.ec2InstanceId() != null && ci.ec2InstanceId().startsWith("mi-");
    }

    /** The value of the ecstatic:ignore tag when it asks to ignore (any value but "false"), else null. */
    static String ignoreTagValue(ContainerInstance ci) {
        return ci.hasTags() ? ignoreTagValue(ci.tags()) : null;
    }

    static String ignoreTagValue(java.util.List<Tag> tags) {
        for (Tag tag : tags) {
            if (IGNORE_TAG.equals(tag.key()) && !"false".equalsIgnoreCase(String.valueOf(tag.value()).trim())) {
                return tag.value() == null ? "" : tag.value();
            }
        }
        return null;
    }

    static String attribute(ContainerInstance ci, String name) {
        if (!ci.hasAttributes()) {
            return null;
        }
        for (Attribute a : ci.attributes()) {
            if (name.equals(a.name())) {
                return a.value();
            }
        }
        return null;
    }

    static String agentVersion(ContainerInstance ci) {
        if (ci.versionInfo() == null) {
            return null;
        }
        String v = ci.versionInfo().agentVersion();
        return v == null || v.isBlank() ? null : v;
    }

    static String dockerVersion(ContainerInstance ci) {
        return ci.versionInfo() == null ? null : Versions.dockerNumber(ci.versionInfo().dockerVersion());
    }

    /** "linux/x86_64", "windows/x86_64", "linux/arm64"; unknown parts read "unknown". */
    /**
     * "os/architecture" as the agent reports them, e.g. linux/x86_64, windows/x86_64; a Bottlerocket host
     * (its agent reports linux) is bottlerocket/…, since nothing about updating it is Linux-like.
     */
    static String platform(ContainerInstance ci) {
        String os = attribute(ci, "bottlerocket.variant") != null ? "bottlerocket" : attribute(ci, "ecs.os-type");
        String arch = attribute(ci, "ecs.cpu-architecture");
        String p = (os == null ? "unknown" : os.toLowerCase(Locale.ROOT)) + "/"
                + (arch == null ? "unknown" : arch.toLowerCase(Locale.ROOT));
        return InventoryBuilder.truncate(p, 24);
    }
}
