package dev.ecstatic.functions;

import dev.ecstatic.functions.model.AmiClass;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * AMI drift of one container instance (issue 13, "See") as a pure function of what EC2, Auto Scaling
 * and SSM said about it: the calls are the caller's. The rules, first match wins:
 * <ol>
 * <li>the instance's AMI could not be described (deprecated images need IncludeDeprecated, old
 * Windows images become private), or no AMI id is known → {@link AmiClass#AMI_UNKNOWN}: never
 * replaced as drifted;</li>
 * <li>in no Auto Scaling group → {@link AmiClass#NOT_IN_ASG} (the reason says whether its AMI is
 * older than the recommended one);</li>
 * <li>the group's AMI for this instance type could not be resolved, or differs from the instance's
 * and could not be described → {@link AmiClass#AMI_UNKNOWN};</li>
 * <li>the group now launches a different AMI created after the instance's →
 * {@link AmiClass#BEHIND_ASG}: replacing the instance through its group brings it forward;</li>
 * <li>the group's AMI is not the recommended one and was created before it →
 * {@link AmiClass#ASG_BEHIND}: the template's owner must update it (also for an instance that runs a
 * newer AMI than its group launches: its replacement would be older, and only the template can fix
 * that);</li>
 * <li>otherwise {@link AmiClass#AMI_CURRENT} (also when no recommended AMI is known, or it could not
 * be described: said in the reason).</li>
 * </ol>
 * <p><b>Precedence.</b> An instance behind its group whose group is itself behind is
 * {@code BEHIND_ASG}: each instance has one class, and it names what can be done for that instance
 * (a replacement, which reaches at least the group's AMI). The group's own lag is never lost:
 * {@link Verdict#groupBehind()} is true for it as for an {@code ASG_BEHIND} instance, so the report
 * to the template's owner is built per group from that flag, not from the class counts.
 *
 * <p>"Newer" and "older" are by the images' creation dates (DescribeImages CreationDate) on every
 * platform: an AMI's agent version says nothing about its kernel or packages, and Bottlerocket's
 * parameter has no agent version at all ({@link RecommendedAmis}). Equal ids are never behind each
 * other; different ids with equal dates are not behind either.
 */
final class AmiDrift {
    private static final Pattern AMI_ID = Pattern.compile("ami-[0-9A-Za-z]+");

    private AmiDrift() {
    }

    /**
     * An image as DescribeImages described it. {@code name}, {@code platform} (PlatformDetails, e.g.
     * "Linux/UNIX", "Windows") and {@code architecture} may be null; a described image always has a
     * creation date.
     */
    record Image(String id, String name, String platform, String architecture, Instant creationDate) {
        Image {
            requireAmiId("image.id", id);
            if (creationDate == null) {
                throw new IllegalArgumentException("image.creationDate is missing: a described image has one");
            }
        }
    }

    /** An AMI by id, with its creation date when it could be described (else null). */
    record AmiRef(String id, Instant creationDate) {
    }

    /**
     * Everything the rules read about one instance.
     *
     * @param instanceAmiId    its ecs.ami-id attribute, null when it reports none
     * @param image            its AMI as described, null when DescribeImages did not return it
     * @param autoScalingGroup its group's name, null when it is in no group
     * @param groupAmi         the AMI its group's current launch template (or the mixed-instances
     *                         override for its instance type) resolves to, null when unresolvable
     * @param recommended      the recommended AMI of its platform, null when none is known
     */
    record AmiFacts(String instanceAmiId, Image image, String autoScalingGroup, AmiRef groupAmi,
                    AmiRef recommended) {
        AmiFacts {
            if (instanceAmiId != null) {
                requireAmiId("instanceAmiId", instanceAmiId);
            }
            if (image != null && !image.id().equals(instanceAmiId)) {
                throw new IllegalArgumentException("image.id is '" + cut(image.id()) + "' but instanceAmiId is "
                        + (instanceAmiId == null ? "null" : "'" + instanceAmiId + "'")
                        + ": the image must be the instance's AMI");
            }
            if (autoScalingGroup != null && autoScalingGroup.isBlank()) {
                throw new IllegalArgumentException("autoScalingGroup is blank: null when the instance is in no group");
            }
            if (groupAmi != null) {
                requireAmiId("groupAmi.id", groupAmi.id());
            }
            if (recommended != null) {
                requireAmiId("recommended.id", recommended.id());
            }
            if (groupAmi != null && autoScalingGroup == null) {
                throw new IllegalArgumentException("groupAmi is set but autoScalingGroup is null: an instance in no"
                        + " group has no group AMI");
            }
        }
    }

    /**
     * One instance's class; {@code reason} fits {@value Classifier#MAX_REASON} characters with AMI ids
     * of 21 (null for a plain AMI_CURRENT). {@code groupBehind}: its group's AMI is older than the
     * recommended one (true for every ASG_BEHIND, and for a BEHIND_ASG whose group lags too).
     */
    record Verdict(AmiClass amiClass, String reason, boolean groupBehind) {
    }

    static Verdict classify(AmiFacts facts) {
        if (facts.instanceAmiId() == null) {
            return new Verdict(AmiClass.AMI_UNKNOWN, "no AMI id reported (ecs.ami-id)", false);
        }
        Image image = facts.image();
        if (image == null) {
            return new Verdict(AmiClass.AMI_UNKNOWN, "AMI " + cut(facts.instanceAmiId()) + " could not be described",
                    false);
        }
        AmiRef recommended = facts.recommended();
        if (facts.autoScalingGroup() == null) {
            return new Verdict(AmiClass.NOT_IN_ASG, older(image.id(), image.creationDate(), recommended)
                    ? "in no group, AMI older than recommended: replace by hand"
                    : "in no Auto Scaling group", false);
        }
        AmiRef group = facts.groupAmi();
        if (group == null) {
            return new Verdict(AmiClass.AMI_UNKNOWN, "the group's AMI for this instance type is unresolved", false);
        }
        boolean sameAmi = group.id().equals(image.id());
        Instant groupCreated = sameAmi ? image.creationDate() : group.creationDate();
        if (groupCreated == null) {
            return new Verdict(AmiClass.AMI_UNKNOWN, "group's AMI " + cut(group.id()) + " could not be described",
                    false);
        }
        boolean groupBehind = older(group.id(), groupCreated, recommended);
        if (!sameAmi && groupCreated.isAfter(image.creationDate())) {
            return new Verdict(AmiClass.BEHIND_ASG, "group launches newer AMI " + cut(group.id()), groupBehind);
        }
        if (groupBehind) {
            return new Verdict(AmiClass.ASG_BEHIND, "group's AMI older than recommended " + cut(recommended.id()),
                    true);
        }
        if (recommended == null) {
            return new Verdict(AmiClass.AMI_CURRENT, "no recommended AMI known to compare with", false);
        }
        if (recommended.creationDate() == null && !recommended.id().equals(group.id())) {
            return new Verdict(AmiClass.AMI_CURRENT, "recommended AMI " + cut(recommended.id()) + " not described",
                    false);
        }
        return new Verdict(AmiClass.AMI_CURRENT, null, false);
    }

    /** Whether an AMI is behind the recommended one: another id, created strictly before it. */
    private static boolean older(String id, Instant created, AmiRef recommended) {
        return recommended != null && recommended.creationDate() != null && !recommended.id().equals(id)
                && created.isBefore(recommended.creationDate());
    }

    /** Docker drift of one instance against its platform's recommended {@code ecs_runtime_version}. */
    enum Docker {
        BEHIND, CURRENT, UNKNOWN
    }

    /**
     * Compares the instance's Docker version ("DockerVersion: 25.0.3" as DescribeContainerInstances
     * reports it, or "25.0.3") with the recommended one ("Docker version 25.0.8" as SSM holds it):
     * semantic order ({@link Versions}); UNKNOWN when either has no version number (Bottlerocket's
     * parameter names none; an agent may report none).
     */
    static Docker docker(String instanceDocker, String recommendedRuntime) {
        String have = Versions.dockerNumber(instanceDocker);
        String want = Versions.dockerNumber(recommendedRuntime);
        if (have == null || want == null) {
            return Docker.UNKNOWN;
        }
        return Versions.older(have, want) ? Docker.BEHIND : Docker.CURRENT;
    }

    /** Per-cluster counts: every class present (0 when none), in the enum's order. */
    static Map<AmiClass, Integer> counts(Collection<AmiClass> classes) {
        Map<AmiClass, Integer> counts = new EnumMap<>(AmiClass.class);
        for (AmiClass c : AmiClass.values()) {
            counts.put(c, 0);
        }
        int i = 0;
        for (AmiClass c : classes) {
            if (c == null) {
                throw new IllegalArgumentException("classes[" + i + "] is null: every instance has a class");
            }
            counts.merge(c, 1, Integer::sum);
            i++;
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }

    /** An ISO-8601 instant as DescribeImages gives CreationDate ("2024-07-02T20:12:33.000Z"); null stays null. */
    static Instant creationDate(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " is '" + cut(value)
                    + "': an ISO-8601 instant (e.g. 2024-07-02T20:12:33.000Z) was expected", e);
        }
    }

    private static void requireAmiId(String field, String id) {
        if (id == null) {
            throw new IllegalArgumentException(field + " is missing: an AMI id (ami-…) was expected");
        }
        if (!AMI_ID.matcher(id).matches()) {
            throw new IllegalArgumentException(field + " is '" + cut(id) + "': an AMI id (ami-…) was expected");
        }
    }

    private static String cut(String s) {
        return InventoryBuilder.truncate(s, 40);
    }
}
