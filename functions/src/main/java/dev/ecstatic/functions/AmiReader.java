package dev.ecstatic.functions;

import dev.ecstatic.functions.model.RecommendedImage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsRequest;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsResponse;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateOverrides;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeLaunchTemplateVersionsRequest;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The EC2 and Auto Scaling reads behind a cluster's AMI drift (issue 13, "See"): which group each
 * EC2 instance is in, what each group launches now for each instance type, and every AMI involved,
 * described. Each call's failure decides alone:
 * <ul>
 * <li>throttling, 5xx, I/O errors and timeouts ({@link AwsErrors#isTransient}) →
 * {@link TransientAwsException}: the state machine runs "List instances" again;</li>
 * <li>an id EC2 says does not exist (an instance gone between ECS's listing and this one, an AMI id
 * EC2 never had) → that id is left out and the call made again without it;</li>
 * <li>a launch template or version that does not exist → the groups that use it are unresolved
 * (their instances AMI_UNKNOWN) and a warning says which;</li>
 * <li>anything else (AccessDenied, UnauthorizedOperation, a missing region…) → {@link Reads#failed}:
 * every instance AMI_UNKNOWN, a warning naming the call and the error code. The drift report never
 * fails the cluster's run.</li>
 * </ul>
 * The reads start no call that could end more than {@link #BUDGET} after the first one began
 * (each call ends within {@link Clients#READ_CALL_TIMEOUT}): past it the report is
 * all AMI_UNKNOWN with a warning, so that List instances keeps within its Timeout.
 */
final class AmiReader {
    /** EC2 DescribeInstances: at most 1000 ids per call (MaxResults may not be given with ids). */
    static final int INSTANCES_PER_CALL = 1000;
    /** Auto Scaling DescribeAutoScalingGroups: at most 50 names per call. */
    static final int GROUPS_PER_CALL = 50;
    /** DescribeAutoScalingGroups' largest page (100); with 50 names one page holds them all. */
    static final int GROUPS_PAGE = 100;
    /** EC2 DescribeImages: ids per call (ecstatic's bound, keeping each answer small). */
    static final int IMAGES_PER_CALL = 100;
    /** The most time the AMI reads of one invocation take: 11 worst-case calls. */
    static final Duration BUDGET = Clients.READ_CALL_TIMEOUT.multipliedBy(11);
    /** The tag EC2 Auto Scaling puts on each instance it launches. */
    static final String GROUP_TAG = "aws:autoscaling:groupName";

    private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]+");
    private static final Pattern AMI_ID = Pattern.compile("ami-[0-9A-Za-z]+");

    private final Ec2Client ec2;
    private final AutoScalingClient autoScaling;
    private final Clock clock;

    AmiReader(Ec2Client ec2, AutoScalingClient autoScaling, Clock clock) {
        this.ec2 = ec2;
        this.autoScaling = autoScaling;
        this.clock = clock;
    }

    /** An EC2 instance as DescribeInstances described it; {@code group} null when in no group. */
    record Ec2Instance(String group, String instanceType, String imageId) {
    }

    /**
     * What the reads found. {@code groupAmis}: per group, per instance type, the AMI the group
     * launches now (null value: unresolved); a group absent was not described. {@code failed}: the
     * reads stopped, {@code warnings} say why, nothing else is to be trusted.
     */
    record Reads(Map<String, Ec2Instance> instances, Map<String, Map<String, String>> groupAmis,
                 Map<String, AmiDrift.Image> images, List<String> warnings, boolean failed) {
        static Reads failed(List<String> warnings) {
            return new Reads(Map.of(), Map.of(), Map.of(), warnings, true);
        }

        String groupAmi(String group, String instanceType) {
            Map<String, String> byType = groupAmis.get(group);
            return byType == null ? null : byType.get(instanceType);
        }
    }

    /** Reads stopped on a non-transient error or the budget; the message is the warning. */
    private static final class Stop extends RuntimeException {
        Stop(String warning) {
            super(warning, null, false, false);
        }
    }

    /**
     * @param ec2InstanceIds the cluster's EC2 instance ids (others, e.g. ECS Anywhere's mi-…, are skipped)
     * @param instanceAmis   the AMIs the instances report (ecs.ami-id), described with the others
     */
    Reads read(List<String> ec2InstanceIds, Set<String> instanceAmis, Map<String, RecommendedImage> recommendedAmis) {
        Instant deadline = clock.instant().plus(BUDGET).minus(Clients.READ_CALL_TIMEOUT);
        List<String> warnings = new ArrayList<>();
        try {
            Map<String, Ec2Instance> instances = describeInstances(ec2InstanceIds, deadline);
            Map<String, Map<String, String>> groupAmis = groupAmis(instances, deadline, warnings);
            Set<String> amis = new LinkedHashSet<>(instanceAmis);
            instances.values().forEach(i -> amis.add(i.imageId()));
            groupAmis.values().forEach(m -> amis.addAll(m.values()));
            recommendedAmis.values().forEach(r -> amis.add(r.amiId()));
            Map<String, AmiDrift.Image> images = describeImages(amis, deadline);
            return new Reads(instances, groupAmis, images, warnings, false);
        } catch (Stop stop) {
            warnings.add(stop.getMessage());
            return Reads.failed(warnings);
        }
    }

    private Map<String, Ec2Instance> describeInstances(List<String> ids, Instant deadline) {
        List<String> wanted = ids.stream().filter(id -> id != null && INSTANCE_ID.matcher(id).matches()).distinct()
                .toList();
        Map<String, Ec2Instance> found = new HashMap<>();
        for (int i = 0; i < wanted.size(); i += INSTANCES_PER_CALL) {
            List<String> batch = new ArrayList<>(wanted.subList(i, Math.min(i + INSTANCES_PER_CALL, wanted.size())));
            withoutMissing(batch, "InvalidInstanceID.NotFound", INSTANCE_ID, "ec2:DescribeInstances", deadline, b -> {
                String token = null;
                do {
                    String page = token;
                    DescribeInstancesResponse r = ec2.describeInstances(DescribeInstancesRequest.builder()
                            .instanceIds(b).nextToken(page).build());
                    for (Reservation reservation : r.reservations()) {
                        for (Instance instance : reservation.instances()) {
                            found.put(instance.instanceId(), new Ec2Instance(groupTag(instance.tags()),
                                    instance.instanceTypeAsString(), instance.imageId()));
                        }
                    }
                    token = r.nextToken();
                } while (token != null && check(deadline, "ec2:DescribeInstances"));
                return null;
            });
        }
        return found;
    }

    private static String groupTag(List<Tag> tags) {
        return tags.stream().filter(t -> GROUP_TAG.equals(t.key())).map(Tag::value)
                .filter(v -> v != null && !v.isBlank()).findFirst().orElse(null);
    }

    /**
     * Per group, per instance type of its instances: the AMI it launches now. A group's own launch
     * template, or with a mixed instances policy the override for that type (its image id, else its
     * launch template specification), else the policy's template. The version is the group's
     * ($Latest and $Default resolved by EC2), never the one an instance was launched from.
     * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_LaunchTemplateOverrides.html
     */
    private Map<String, Map<String, String>> groupAmis(Map<String, Ec2Instance> instances, Instant deadline,
                                                       List<String> warnings) {
        Map<String, Set<String>> typesByGroup = new LinkedHashMap<>();
        instances.values().stream().filter(i -> i.group() != null).forEach(i -> typesByGroup
                .computeIfAbsent(i.group(), g -> new LinkedHashSet<>()).add(String.valueOf(i.instanceType())));
        List<String> names = List.copyOf(typesByGroup.keySet());
        Map<String, AutoScalingGroup> groups = new HashMap<>();
        for (int i = 0; i < names.size(); i += GROUPS_PER_CALL) {
            List<String> batch = names.subList(i, Math.min(i + GROUPS_PER_CALL, names.size()));
            String token = null;
            do {
                check(deadline, "autoscaling:DescribeAutoScalingGroups");
                String page = token;
                DescribeAutoScalingGroupsResponse r = call("autoscaling:DescribeAutoScalingGroups",
                        () -> autoScaling.describeAutoScalingGroups(DescribeAutoScalingGroupsRequest.builder()
                                .autoScalingGroupNames(batch).maxRecords(GROUPS_PAGE).nextToken(page).build()));
                r.autoScalingGroups().forEach(g -> groups.put(g.autoScalingGroupName(), g));
                token = r.nextToken();
            } while (token != null);
        }
        Map<String, String> templateAmis = new HashMap<>();
        Map<String, Map<String, String>> result = new HashMap<>();
        for (var entry : typesByGroup.entrySet()) {
            AutoScalingGroup group = groups.get(entry.getKey());
            if (group == null) {
                warnings.add("Auto Scaling group " + entry.getKey() + " of this cluster's instances was not found");
                continue;
            }
            if (group.launchTemplate() == null && group.mixedInstancesPolicy() == null) {
                warnings.add("Auto Scaling group " + entry.getKey() + " launches from a launch configuration:"
                        + " its AMI is not compared");
            }
            Map<String, String> byType = new HashMap<>();
            for (String type : entry.getValue()) {
                byType.put(type, amiFor(group, type, templateAmis, deadline, warnings));
            }
            result.put(entry.getKey(), byType);
        }
        return result;
    }

    private String amiFor(AutoScalingGroup group, String type, Map<String, String> templateAmis, Instant deadline,
                          List<String> warnings) {
        LaunchTemplateSpecification spec = group.launchTemplate();
        if (group.mixedInstancesPolicy() != null && group.mixedInstancesPolicy().launchTemplate() != null) {
            var policy = group.mixedInstancesPolicy().launchTemplate();
            spec = policy.launchTemplateSpecification();
            for (LaunchTemplateOverrides o : policy.overrides()) {
                if (type.equals(o.instanceType())) {
                    if (o.imageId() != null) {
                        return o.imageId();
                    }
                    if (o.launchTemplateSpecification() != null) {
                        spec = o.launchTemplateSpecification();
                    }
                    break;
                }
            }
        }
        if (spec == null) {
            return null;
        }
        String key = templateKey(spec);
        if (!templateAmis.containsKey(key)) {
            templateAmis.put(key, describeTemplate(spec, key, deadline, warnings));
        }
        return templateAmis.get(key);
    }

    private static String templateKey(LaunchTemplateSpecification spec) {
        return (spec.launchTemplateId() != null ? spec.launchTemplateId() : spec.launchTemplateName()) + " version "
                + (spec.version() != null ? spec.version() : "$Default");
    }

    /**
     * The AMI a template version launches; ResolveAlias answers a {@code resolve:ssm:} image id with the
     * AMI the parameter holds now. A template or version EC2 does not know → null and a warning.
     * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeLaunchTemplateVersions.html
     */
    private String describeTemplate(LaunchTemplateSpecification spec, String key, Instant deadline,
                                    List<String> warnings) {
        check(deadline, "ec2:DescribeLaunchTemplateVersions");
        var request = DescribeLaunchTemplateVersionsRequest.builder()
                .versions(spec.version() != null ? spec.version() : "$Default").resolveAlias(true);
        if (spec.launchTemplateId() != null) {
            request.launchTemplateId(spec.launchTemplateId());
        } else {
            request.launchTemplateName(spec.launchTemplateName());
        }
        try {
            List<LaunchTemplateVersion> versions = ec2.describeLaunchTemplateVersions(request.build())
                    .launchTemplateVersions();
            String image = versions.isEmpty() || versions.getFirst().launchTemplateData() == null ? null
                    : versions.getFirst().launchTemplateData().imageId();
            if (image == null) {
                warnings.add("launch template " + key + " names no AMI");
            }
            return image;
        } catch (AwsServiceException e) {
            String code = code(e);
            if (!AwsErrors.isTransient(e) && code.startsWith("InvalidLaunchTemplate")) {
                warnings.add("could not describe launch template " + key + ": " + code);
                return null;
            }
            throw stopOrTransient(e, "ec2:DescribeLaunchTemplateVersions");
        } catch (SdkException e) {
            throw stopOrTransient(e, "ec2:DescribeLaunchTemplateVersions");
        }
    }

    /**
     * DescribeImages by id with IncludeDeprecated: a deprecated AMI is still described. A private or
     * deregistered AMI is not returned ("could not be described"); an id EC2 never had is
     * InvalidAMIID.NotFound, left out and asked again without it.
     * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ami-deprecate.html
     */
    private Map<String, AmiDrift.Image> describeImages(Set<String> ids, Instant deadline) {
        List<String> wanted = ids.stream().filter(id -> id != null && AMI_ID.matcher(id).matches()).toList();
        Map<String, AmiDrift.Image> found = new HashMap<>();
        for (int i = 0; i < wanted.size(); i += IMAGES_PER_CALL) {
            List<String> batch = new ArrayList<>(wanted.subList(i, Math.min(i + IMAGES_PER_CALL, wanted.size())));
            withoutMissing(batch, "InvalidAMIID.NotFound", AMI_ID, "ec2:DescribeImages", deadline, b -> {
                for (Image image : ec2.describeImages(DescribeImagesRequest.builder().imageIds(b)
                        .includeDeprecated(true).build()).images()) {
                    if (image.creationDate() == null || !AMI_ID.matcher(String.valueOf(image.imageId())).matches()) {
                        continue;
                    }
                    try {
                        found.put(image.imageId(), new AmiDrift.Image(image.imageId(), image.name(),
                                image.platformDetails(), image.architectureAsString(),
                                AmiDrift.creationDate("CreationDate", image.creationDate())));
                    } catch (IllegalArgumentException e) {
                        // An unreadable CreationDate: the image counts as not described.
                    }
                }
                return null;
            });
        }
        return found;
    }

    /**
     * Makes {@code call} with {@code batch}; when EC2 answers {@code notFoundCode}, drops the ids its
     * message names ("The instance IDs 'i-1, i-2' do not exist") and calls again, until none is named.
     */
    private void withoutMissing(List<String> batch, String notFoundCode, Pattern idPattern, String name,
                                Instant deadline, Function<List<String>, Void> call) {
        while (!batch.isEmpty()) {
            check(deadline, name);
            try {
                call.apply(List.copyOf(batch));
                return;
            } catch (AwsServiceException e) {
                if (!notFoundCode.equals(code(e))) {
                    throw stopOrTransient(e, name);
                }
                Matcher m = idPattern.matcher(AwsErrors.message(e));
                boolean dropped = false;
                while (m.find()) {
                    dropped |= batch.remove(m.group());
                }
                if (!dropped) {
                    throw stopOrTransient(e, name);
                }
            } catch (SdkException e) {
                throw stopOrTransient(e, name);
            }
        }
    }

    private <T> T call(String name, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw stopOrTransient(e, name);
        }
    }

    private boolean check(Instant deadline, String next) {
        if (clock.instant().isAfter(deadline)) {
            throw new Stop("AMI reads stopped before " + next + ": they took over "
                    + (BUDGET.minus(Clients.READ_CALL_TIMEOUT)).toSeconds() + " s");
        }
        return true;
    }

    private static RuntimeException stopOrTransient(SdkException e, String name) {
        if (AwsErrors.isTransient(e)) {
            return AwsErrors.translate(e, "reading AMI drift (" + name + ")");
        }
        return new Stop("could not read AMI drift: " + name + " failed: " + code(e));
    }

    /** The AWS error code (AccessDenied, UnauthorizedOperation…), or the client-side exception's name. */
    static String code(SdkException e) {
        if (e instanceof AwsServiceException s && s.awsErrorDetails() != null
                && s.awsErrorDetails().errorCode() != null) {
            return s.awsErrorDetails().errorCode();
        }
        return e.getClass().getSimpleName();
    }
}
