package dev.ecstatic.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A simulated ECS fleet as read from a fleet file (DESIGN.md §6). Immutable; the simulator keeps
 * the changing state (update lifecycle, versions) apart from it.
 *
 * @param region             AWS region the ARNs name (default {@code us-east-1})
 * @param accountId          12-digit account id the ARNs name (default {@code 123456789012})
 * @param seed               seed of every pseudo-random choice: ids, faults, churn (default 0)
 * @param latestAgentVersion the agent version an update installs
 * @param recommended        SSM recommended-AMI values per ECS-optimized AMI family
 * @param updateSeconds      how long each agent-update phase lasts on the simulator's clock
 * @param clusters           clusters in the order ListClusters returns them
 * @param faults             injected faults
 * @param amis               the AMI catalogue EC2 describes and instances launch from (empty: none)
 * @param launchTemplates    EC2 launch templates the Auto Scaling groups launch from
 * @param timings            how long draining, launching, registering and deregistering take
 * @param targets            the other accounts and regions, each with its own clusters (empty: the fleet is one
 *                           account in one region); the fields above describe the main account and region
 * @param roles              the IAM roles STS AssumeRole can issue credentials for
 * @param disabledRegions    regions not enabled in any of the fleet's accounts
 * @param organization       the AWS Organizations organization the accounts belong to (null: none, as for an
 *                           account that is no organization's member)
 * @param topics             the SNS topics of the main account and region, by name (their ARN is
 *                           {@code arn:<partition>:sns:<region>:<account>:<name>})
 * @param eventBuses         the EventBridge event buses of the main account and region besides {@code default}, which
 *                           always exists
 */
public record Fleet(
        String region,
        String accountId,
        long seed,
        String latestAgentVersion,
        Map<String, Recommended> recommended,
        UpdateSeconds updateSeconds,
        List<ClusterSpec> clusters,
        Faults faults,
        List<AmiSpec> amis,
        List<LaunchTemplateSpec> launchTemplates,
        Timings timings,
        List<TargetSpec> targets,
        List<RoleSpec> roles,
        List<String> disabledRegions,
        Organization organization,
        List<String> topics,
        List<String> eventBuses) {

    public Fleet {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(latestAgentVersion, "latestAgentVersion");
        recommended = ordered(recommended);
        Objects.requireNonNull(updateSeconds, "updateSeconds");
        clusters = List.copyOf(clusters);
        Objects.requireNonNull(faults, "faults");
        amis = List.copyOf(amis);
        launchTemplates = List.copyOf(launchTemplates);
        Objects.requireNonNull(timings, "timings");
        targets = List.copyOf(targets);
        roles = List.copyOf(roles);
        disabledRegions = List.copyOf(disabledRegions);
        topics = List.copyOf(topics);
        eventBuses = List.copyOf(eventBuses);
    }

    /**
     * The fleet one target sees: its account, region, clusters and launch templates, with the fleet's AMI
     * catalogue, recommended AMIs, timings and faults. Ids and draws of a target other than the main one come
     * from a seed mixed with its account and region, so a cluster named alike in two targets has its own ids.
     */
    Fleet target(String account, String region, List<ClusterSpec> targetClusters,
            List<LaunchTemplateSpec> targetTemplates, List<String> targetTopics, List<String> targetBuses) {
        long targetSeed = account.equals(accountId) && region.equals(this.region)
                ? seed : Hashing.mix(seed, (account + "|" + region).hashCode());
        return new Fleet(region, account, targetSeed, latestAgentVersion, recommended, updateSeconds, targetClusters,
                faults, amis, targetTemplates, timings, List.of(), roles, disabledRegions, organization, targetTopics,
                targetBuses);
    }

    /**
     * Another account and region of the fleet.
     *
     * @param clusters        its clusters, in the order ListClusters returns them
     * @param launchTemplates its launch templates (the AMI catalogue is the fleet's)
     * @param topics          its SNS topics, by name
     * @param eventBuses      its EventBridge event buses besides {@code default}
     */
    public record TargetSpec(String accountId, String region, List<ClusterSpec> clusters,
            List<LaunchTemplateSpec> launchTemplates, List<String> topics, List<String> eventBuses) {

        public TargetSpec {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(region, "region");
            clusters = List.copyOf(clusters);
            launchTemplates = List.copyOf(launchTemplates);
            topics = List.copyOf(topics);
            eventBuses = List.copyOf(eventBuses);
        }
    }

    /**
     * An IAM role that STS AssumeRole issues credentials for.
     *
     * @param trusts            who may assume it: account ids and {@code arn:aws:iam::<account>:root} (any principal
     *                          of the account), {@code arn:aws:iam::<account>:role/<name>} (sessions of that role)
     * @param maxSessionSeconds the role's maximum session duration (IAM's MaxSessionDuration)
     */
    public record RoleSpec(String accountId, String name, List<String> trusts, long maxSessionSeconds) {

        public RoleSpec {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(name, "name");
            trusts = List.copyOf(trusts);
        }
    }

    /**
     * The organization of AWS Organizations the fleet's accounts belong to: its root, its organizational units
     * (OUs) and the accounts in each. An account is directly under the root when it is the management account or
     * in {@code rootAccounts}, unless a unit lists it.
     *
     * @param id                      {@code o-} and 10-32 lowercase letters or digits
     * @param managementAccount       the account that created it (ListAccountsForParent and
     *                                ListOrganizationalUnitsForParent answer it and the delegated administrators)
     * @param delegatedAdministrators member accounts that may read the organization as the management account does
     * @param rootId                  {@code r-} and 4-32 lowercase letters or digits
     * @param rootAccounts            member accounts directly under the root (the management account is, unless a
     *                                unit lists it)
     * @param units                   the OUs, each after its parent
     * @param states                  accounts whose State is not ACTIVE, e.g. SUSPENDED (absent: ACTIVE)
     * @param emptyFirstPages         every listing asked without a NextToken answers an empty page and a NextToken
     *                                first, as Organizations may ("These operations can occasionally return an empty
     *                                set of results even when there are more results available")
     * @param tooManyRequestsRate     probability (0–1) that a request answers TooManyRequestsException
     */
    public record Organization(String id, String managementAccount, List<String> delegatedAdministrators,
            String rootId, List<String> rootAccounts, List<UnitSpec> units, Map<String, String> states,
            boolean emptyFirstPages, double tooManyRequestsRate) {

        public Organization {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(managementAccount, "managementAccount");
            delegatedAdministrators = List.copyOf(delegatedAdministrators);
            Objects.requireNonNull(rootId, "rootId");
            rootAccounts = List.copyOf(rootAccounts);
            units = List.copyOf(units);
            states = ordered(states);
        }
    }

    /**
     * An organizational unit.
     *
     * @param parent   the root's id or an earlier unit's
     * @param accounts the member accounts directly in it, in the order ListAccountsForParent returns them
     */
    public record UnitSpec(String id, String name, String parent, List<String> accounts) {

        public UnitSpec {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(parent, "parent");
            accounts = List.copyOf(accounts);
        }
    }

    /**
     * Parses a fleet file's text strictly: unknown fields, wrong types, bad version strings,
     * negative counts and duplicate cluster names are errors.
     *
     * @param sourceName the name errors start with, usually the file name
     * @throws FleetException naming the source, the JSON path and the problem
     */
    public static Fleet parse(String json, String sourceName) {
        return FleetParser.parse(json, sourceName);
    }

    /**
     * The largest fleet file read: the largest fleet the parser accepts (10,000 clusters) takes a few
     * MiB, and a larger file would only be read whole into memory to be refused.
     */
    public static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

    /** Reads and parses a fleet file; errors name the file as given. */
    public static Fleet load(Path file) {
        String text;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new FleetException(file.toString(), "$", "the file has " + size + " bytes; a fleet file has at "
                        + "most " + MAX_FILE_BYTES + " (16 MiB)");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new FleetException(file.toString(), "$", "cannot read the file: " + e);
        }
        return parse(text, file.toString());
    }

    /** An unmodifiable copy that keeps the file's order (Map.copyOf's order changes from run to run). */
    private static <V> Map<String, V> ordered(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** Total number of container instances in the fleet, those of its Auto Scaling groups included. */
    public int instanceCount() {
        return clusters.stream()
                .mapToInt(c -> c.instances().stream().mapToInt(InstanceSpec::count).sum()
                        + c.autoScalingGroups().stream().mapToInt(GroupSpec::instanceCount).sum())
                .sum();
    }

    /** The catalogue's AMI with this id. */
    public Optional<AmiSpec> ami(String id) {
        return amis.stream().filter(a -> a.id().equals(id)).findFirst();
    }

    /** The launch template with this name. */
    public Optional<LaunchTemplateSpec> launchTemplate(String name) {
        return launchTemplates.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /**
     * An SSM public parameter set about the recommended AMI of one platform: the JSON value AWS publishes
     * (and its sub-parameters), with AWS's field names. Which parameters it makes depends on the kind:
     * <ul>
     * <li>{@link Kind#ECS_OPTIMIZED}: {@code /aws/service/ecs/optimized-ami/<family>/recommended} and
     *     {@code .../recommended/<field>}, e.g. family {@code amazon-linux-2023/arm64}
     *     (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/retrieve-ecs-optimized_AMI.html);</li>
     * <li>{@link Kind#WINDOWS}: {@code /aws/service/ami-windows-latest/<name>} and {@code .../<field>}, e.g.
     *     {@code Windows_Server-2022-English-Full-ECS_Optimized}
     *     (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/retrieve-ecs-optimized_windows_AMI.html);</li>
     * <li>{@link Kind#BOTTLEROCKET}: {@code /aws/service/bottlerocket/<variant>/<arch>/latest/image_id} and
     *     {@code .../latest/image_version}, no agent version
     *     (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-bottlerocket-retrieve-ami.html).</li>
     * </ul>
     *
     * @param ecsAgentVersion   null for Bottlerocket, whose parameters carry no agent version
     * @param ecsRuntimeVersion null for Bottlerocket
     */
    public record Recommended(
            Kind kind,
            String ecsAgentVersion,
            String ecsRuntimeVersion,
            String imageId,
            String imageName,
            String imageVersion,
            String os,
            String sourceImageName) {

        public Recommended {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(imageId, "imageId");
            if (kind != Kind.BOTTLEROCKET) {
                Objects.requireNonNull(ecsAgentVersion, "ecsAgentVersion");
                Objects.requireNonNull(ecsRuntimeVersion, "ecsRuntimeVersion");
            } else {
                Objects.requireNonNull(imageVersion, "imageVersion");
            }
        }

        /** Which public parameter tree a {@code recommended} entry stands for. */
        public enum Kind { ECS_OPTIMIZED, WINDOWS, BOTTLEROCKET }
    }

    /**
     * How long the fleet's moving parts take on the simulator's clock.
     *
     * @param drainSeconds      a service task's replacement is PENDING this long before it runs; the task it
     *                          replaces on a DRAINING instance stops at that moment
     * @param launchSeconds     from TerminateInstanceInAutoScalingGroup to the replacement EC2 instance running
     *                          and InService (it is pending / Pending meanwhile)
     * @param registerSeconds   from the replacement InService to its container instance ACTIVE in the cluster
     * @param deregisterSeconds from TerminateInstanceInAutoScalingGroup to the EC2 instance terminated, its
     *                          container instance INACTIVE and the group's record of it gone
     */
    public record Timings(long drainSeconds, long launchSeconds, long registerSeconds, long deregisterSeconds) {

        public static final Timings DEFAULT = new Timings(30, 90, 30, 60);
    }

    /**
     * An AMI of the catalogue.
     *
     * @param platform        {@code linux} or {@code windows} (EC2 reports {@code platform} only for Windows)
     * @param deprecationTime when EC2 deprecates it (null: never); deprecated once the simulator's clock
     *                        reaches it
     * @param privateImage    no longer available to the account (made private or deregistered by its owner,
     *                        as old Windows AMIs are): DescribeImages never returns it
     * @param owner           {@code amazon} (published by AWS) or {@code self} (the fleet's account)
     * @param agentVersion    the ECS agent an instance launched from it runs
     * @param dockerVersion   the Docker version an instance launched from it runs
     */
    public record AmiSpec(
            String id,
            String name,
            String platform,
            String architecture,
            Instant creationDate,
            Instant deprecationTime,
            boolean privateImage,
            String owner,
            String agentVersion,
            String dockerVersion) {

        public AmiSpec {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(platform, "platform");
            Objects.requireNonNull(architecture, "architecture");
            Objects.requireNonNull(creationDate, "creationDate");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(agentVersion, "agentVersion");
            Objects.requireNonNull(dockerVersion, "dockerVersion");
        }

        public boolean windows() {
            return platform.equals("windows");
        }

        /** Bottlerocket's AMIs are named {@code bottlerocket-<variant>-<arch>-v<version>-<commit>}. */
        public boolean bottlerocket() {
            return name.startsWith("bottlerocket-");
        }
    }

    /**
     * An EC2 launch template.
     *
     * @param id             {@code lt-} and 17 hex digits
     * @param defaultVersion the version {@code $Default} names
     * @param versions       versions 1, 2, … in order
     */
    public record LaunchTemplateSpec(String id, String name, int defaultVersion, List<TemplateVersion> versions) {

        public LaunchTemplateSpec {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            versions = List.copyOf(versions);
        }
    }

    /**
     * One version of a launch template.
     *
     * @param imageId             an AMI id, or {@code resolve:ssm:<public parameter>} resolved at each launch
     * @param createdAfterSeconds the version is created this long after the simulator starts (0: it exists
     *                            from the start), as when the template's owner publishes a new one mid-run
     */
    public record TemplateVersion(int number, String imageId, String instanceType, String description,
            long createdAfterSeconds) {

        public TemplateVersion {
            Objects.requireNonNull(imageId, "imageId");
            Objects.requireNonNull(instanceType, "instanceType");
        }
    }

    /** A group's reference to a launch template: its name and {@code $Latest}, {@code $Default} or a number. */
    public record TemplateRef(String templateName, String version) {

        public TemplateRef {
            Objects.requireNonNull(templateName, "templateName");
            Objects.requireNonNull(version, "version");
        }
    }

    /**
     * An Auto Scaling group; its instances register in the cluster that holds it.
     *
     * @param launchTemplate     the group's launch template, or null with a mixed instances policy
     * @param mixedInstancesPolicy null with a launch template
     * @param suspendedProcesses reported as suspended; {@code Launch} keeps the group from launching
     * @param scalingActivities  activities the group has before the simulator starts
     * @param instanceRefreshes  instance refreshes of the group
     * @param instances          the group's instances at the start
     */
    public record GroupSpec(
            String name,
            int minSize,
            int maxSize,
            int desiredCapacity,
            TemplateRef launchTemplate,
            MixedInstancesSpec mixedInstancesPolicy,
            boolean newInstancesProtectedFromScaleIn,
            List<String> suspendedProcesses,
            Map<String, String> tags,
            List<ActivitySpec> scalingActivities,
            List<RefreshSpec> instanceRefreshes,
            List<InstanceSpec> instances) {

        public GroupSpec {
            Objects.requireNonNull(name, "name");
            if ((launchTemplate == null) == (mixedInstancesPolicy == null)) {
                throw new IllegalArgumentException("a group has a launch template or a mixed instances policy");
            }
            suspendedProcesses = List.copyOf(suspendedProcesses);
            tags = ordered(tags);
            scalingActivities = List.copyOf(scalingActivities);
            instanceRefreshes = List.copyOf(instanceRefreshes);
            instances = List.copyOf(instances);
        }

        int instanceCount() {
            return instances.stream().mapToInt(InstanceSpec::count).sum();
        }
    }

    /** A mixed instances policy: a launch template and per-instance-type overrides. */
    public record MixedInstancesSpec(TemplateRef launchTemplate, List<OverrideSpec> overrides) {

        public MixedInstancesSpec {
            Objects.requireNonNull(launchTemplate, "launchTemplate");
            overrides = List.copyOf(overrides);
        }
    }

    /**
     * One instance type of a mixed instances policy.
     *
     * @param launchTemplate   a launch template for this type instead of the policy's (null: the policy's)
     * @param imageId          an AMI for this type instead of the template's (null: the template's)
     * @param weightedCapacity null when not set
     */
    public record OverrideSpec(String instanceType, TemplateRef launchTemplate, String imageId, String weightedCapacity) {

        public OverrideSpec {
            Objects.requireNonNull(instanceType, "instanceType");
        }
    }

    /**
     * A scaling activity the group has at the start.
     *
     * @param statusCode        {@code InProgress}, {@code Successful}, {@code Failed} or {@code Cancelled}
     * @param startedSecondsAgo how long before the simulator's start it began
     * @param endsAfterSeconds  an {@code InProgress} one becomes {@code Successful} this long after the start
     *                          (0: it stays in progress)
     */
    public record ActivitySpec(String description, String cause, String statusCode, long startedSecondsAgo,
            long endsAfterSeconds) {

        public ActivitySpec {
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(statusCode, "statusCode");
        }
    }

    /**
     * An instance refresh of the group.
     *
     * @param status           as DescribeInstanceRefreshes reports it, e.g. {@code InProgress}
     * @param endsAfterSeconds one in progress ends this long after the start (0: it stays in progress)
     */
    public record RefreshSpec(String status, int percentageComplete, int instancesToUpdate, long startedSecondsAgo,
            long endsAfterSeconds) {

        public RefreshSpec {
            Objects.requireNonNull(status, "status");
        }
    }

    /**
     * Tasks on each instance of an instance group.
     *
     * @param service   the service that started them, or null for standalone tasks (RunTask, StartTask)
     * @param family    the task definition family
     * @param startedBy what started them: a service's deployment id for service tasks; may be null
     * @param cpu       CPU units each reserves
     * @param memory    MiB each reserves
     */
    public record TaskSpec(String service, String family, String startedBy, int cpu, int memory, int count) {

        public TaskSpec {
            Objects.requireNonNull(family, "family");
        }
    }

    /**
     * What an instance of an Auto Scaling group is to its group.
     *
     * @param templateName          the launch template it was launched from
     * @param launchTemplateVersion the version as the group named it at launch ({@code $Latest}, {@code $Default}
     *                              or a number), what DescribeAutoScalingGroups reports
     * @param versionNumber         the template version it was launched from
     * @param imageFromOverride     its AMI came from a mixed instances policy override's {@code imageId}
     * @param lifecycleState        {@code InService} or {@code Standby}
     * @param healthStatus          {@code Healthy} or {@code Unhealthy}
     */
    public record Membership(String templateName, String launchTemplateVersion, int versionNumber,
            boolean imageFromOverride, boolean protectedFromScaleIn, String lifecycleState, String healthStatus) {

        public Membership {
            Objects.requireNonNull(templateName, "templateName");
            Objects.requireNonNull(launchTemplateVersion, "launchTemplateVersion");
            Objects.requireNonNull(lifecycleState, "lifecycleState");
            Objects.requireNonNull(healthStatus, "healthStatus");
        }
    }

    /** Seconds spent in each in-progress agent update status before the next one. */
    public record UpdateSeconds(long pending, long staging, long staged, long updating) {

        public static final UpdateSeconds DEFAULT = new UpdateSeconds(5, 20, 5, 15);
    }

    /**
     * A cluster of the fleet.
     *
     * @param accessDenied ListContainerInstances, DescribeContainerInstances and UpdateContainerAgent on
     *                     this cluster answer AccessDeniedException, as when an IAM policy or SCP denies
     *                     the cluster's resources to the caller; ListClusters and DescribeClusters still
     *                     answer (they are not scoped to this cluster's container instances)
     */
    public record ClusterSpec(String name, Map<String, String> tags, List<InstanceSpec> instances,
            boolean accessDenied, List<GroupSpec> autoScalingGroups) {

        public ClusterSpec {
            Objects.requireNonNull(name, "name");
            tags = ordered(tags);
            instances = List.copyOf(instances);
            autoScalingGroups = List.copyOf(autoScalingGroups);
        }
    }

    /**
     * A group of {@code count} identical container instances.
     *
     * @param updateStatus  initial agentUpdateStatus, null for none; an in-progress status carries on
     *                      from the simulator's start as if it had just entered that phase
     * @param failUpdate    an update ends in FAILED instead of UPDATED
     * @param noUpdatePath  UpdateContainerAgent answers NoUpdateAvailableException although the agent
     *                      is older than the latest (too old to have an update path)
     * @param missingVersion the agent reports no version: versionInfo is empty and
     *                      UpdateContainerAgent answers MissingVersionException
     * @param external      an ECS Anywhere (external) instance: {@code mi-} id, no AMI
     * @param stuckUpdate   an update never leaves this status (null: updates complete)
     * @param instanceType  EC2 instance type reported in {@code ecs.instance-type}
     * @param reconnectAfterSeconds with {@code connected: false}: the agent reconnects this long after
     *                      the simulator starts (0: it stays disconnected), like an agent that drops
     *                      for a moment, as agents do several times an hour
     * @param lostUpdateResponse ECS accepts an update of each of these instances but its answer is lost
     *                      (null: every answer arrives)
     * @param tasks         tasks each of these instances runs
     * @param membership    what each is to its Auto Scaling group (null outside any group)
     */
    public record InstanceSpec(
            int count,
            String agentVersion,
            String dockerVersion,
            String os,
            String arch,
            String amiId,
            String status,
            boolean connected,
            String updateStatus,
            Map<String, String> tags,
            boolean failUpdate,
            boolean noUpdatePath,
            boolean missingVersion,
            boolean external,
            String stuckUpdate,
            String instanceType,
            long reconnectAfterSeconds,
            LostResponse lostUpdateResponse,
            List<TaskSpec> tasks,
            Membership membership) {

        public InstanceSpec {
            Objects.requireNonNull(agentVersion, "agentVersion");
            tags = ordered(tags);
            tasks = List.copyOf(tasks);
        }
    }

    /**
     * The fault that leaves a caller not knowing whether its UpdateContainerAgent call worked: ECS
     * accepts the update (the agent goes PENDING), but the answer does not reach the caller, as when a
     * response times out or a 5xx comes back after the request was processed. A retry then meets
     * UpdateInProgressException.
     *
     * @param mode    what the caller sees instead of the accepted update
     * @param delayMs real milliseconds before the answer is sent: for {@link Mode#TIMEOUT} set it past
     *                the client's attempt timeout (the late success then goes to a caller that has given
     *                up); for {@link Mode#SERVER_ERROR}, how long before the 500
     * @param times   how many accepted updates of each instance lose their answer (the first ones)
     */
    public record LostResponse(Mode mode, long delayMs, int times) {

        public LostResponse {
            Objects.requireNonNull(mode, "mode");
            if (delayMs < 0 || times < 1) {
                throw new IllegalArgumentException("delayMs must be >= 0 and times >= 1");
            }
        }

        public enum Mode {
            /** The update is applied; the success answer is held back {@code delayMs}. */
            TIMEOUT,
            /** The update is applied; the answer is {@code ServerException} (HTTP 500). */
            SERVER_ERROR
        }
    }

    /**
     * Injected faults. Disconnect churn depends only on the seed and the clock; server errors and
     * throttling also depend on the order requests arrive in, so they repeat for a seed only when the
     * requests do (not always with concurrent clients).
     *
     * @param throttle           apply ECS's per-category token buckets (ThrottlingException "Rate exceeded"),
     *                           DynamoDB's table capacity and S3's request rates per prefix
     * @param serverErrorRate    probability (0–1) that an ECS, DynamoDB or S3 request fails with a server error
     * @param latencyMs          real delay added to every ECS, DynamoDB and S3 request
     * @param disconnectChurn    probability (0–1) that a connected agent drops its connection for
     *                           {@code churnDownSeconds} in a given {@code churnPeriodSeconds} window
     * @param churnPeriodSeconds length of a churn window
     * @param churnDownSeconds   how long a churned agent stays disconnected
     * @param throttleBuckets    overrides of AWS's token buckets by fleet-file category name
     *                           ({@code clusterRead}, {@code clusterResourceRead},
     *                           {@code clusterResourceModify}); a category not named keeps AWS's numbers
     * @param dynamodbThrottleRate probability (0–1) that a DynamoDB item request is throttled
     *                           (ProvisionedThroughputExceededException) whatever the capacity model says
     * @param s3SlowDownRate     probability (0–1) that an S3 request answers 503 SlowDown
     * @param ttlDeletionDelaySeconds how long after its TTL an expired DynamoDB item is deleted (AWS takes
     *                           up to a few days; until then the item is read like any other)
     * @param snsErrorRate       probability (0–1) that an SNS Publish answers InternalError (500); the message is
     *                           not accepted
     * @param putEventsFailedEntryRate probability (0–1) that one entry of an EventBridge PutEvents fails with
     *                           InternalFailure inside a successful (200) answer
     */
    public record Faults(
            boolean throttle,
            double serverErrorRate,
            long latencyMs,
            double disconnectChurn,
            long churnPeriodSeconds,
            long churnDownSeconds,
            Map<String, TokenBucket> throttleBuckets,
            double dynamodbThrottleRate,
            double s3SlowDownRate,
            long ttlDeletionDelaySeconds,
            double snsErrorRate,
            double putEventsFailedEntryRate) {

        public static final Faults DEFAULT = new Faults(true, 0.0, 0, 0.0, 600, 30, Map.of(), 0.0, 0.0, 0, 0.0, 0.0);

        public Faults {
            throttleBuckets = ordered(throttleBuckets);
            for (String category : throttleBuckets.keySet()) {
                TokenBuckets.Category.named(category).orElseThrow(
                        () -> new IllegalArgumentException("no throttling category " + category));
            }
        }
    }

    /**
     * A token bucket as AWS describes ECS's throttling: at most {@code burst} requests at once, and
     * {@code refillPerSecond} more each second.
     */
    public record TokenBucket(long burst, double refillPerSecond) {

        public TokenBucket {
            if (burst < 1 || !(refillPerSecond > 0)) {
                throw new IllegalArgumentException("a token bucket needs burst >= 1 and refillPerSecond > 0");
            }
        }
    }
}
