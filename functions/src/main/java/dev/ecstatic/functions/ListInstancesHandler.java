package dev.ecstatic.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.ecstatic.functions.model.AmiReport;
import dev.ecstatic.functions.model.Cluster;
import dev.ecstatic.functions.model.InstanceClass;
import dev.ecstatic.functions.model.Inventory;
import dev.ecstatic.functions.model.ListInstancesRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerInstanceField;
import software.amazon.awssdk.services.ecs.model.DescribeContainerInstancesRequest;
import software.amazon.awssdk.services.ecs.model.DescribeContainerInstancesResponse;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.ListContainerInstancesRequest;
import software.amazon.awssdk.services.ecs.model.ListContainerInstancesResponse;

/**
 * State "List instances": lists a cluster's container instances (or the requested ones), describes
 * them 100 at a time with tags, and returns a bounded {@link Inventory}: counts per class, version
 * and platform, a few examples per class, the first 20 update candidates, drift. Emits the
 * OutdatedAgents metric. A full listing also reads the cluster's AMI drift ({@link AmiReader},
 * {@link AmiReportBuilder}) into {@code amis}; a restricted one leaves it null.
 */
public class ListInstancesHandler implements RequestHandler<ListInstancesRequest, Inventory> {
    /** Agents behind the recommended version: per cluster, and per platform (dimension {@value #PLATFORM_DIMENSION}). */
    static final String OUTDATED_AGENTS = "OutdatedAgents";
    static final String PLATFORM_DIMENSION = "Platform";
    /**
     * The values of the Platform dimension: the ECS-optimized AMIs' Linux and Bottlerocket on x86_64 and
     * arm64, and {@value #OTHER_PLATFORM} for anything else (an unknown OS or architecture), so that it stays
     * a set of five values whatever the fleet reports: each distinct value is a billed custom metric.
     */
    public static final List<String> PLATFORMS = List.of("linux/x86_64", "linux/arm64", "bottlerocket/x86_64",
            "bottlerocket/arm64", "other");
    static final String OTHER_PLATFORM = "other";

    /** The most ListContainerInstances returns and DescribeContainerInstances accepts per call. */
    static final int PAGE = 100;
    /** ECS's quota of container instances per cluster. */
    static final int MAX_INSTANCES_PER_CLUSTER = 5_000;
    /**
     * Worst case of one invocation, which the function's Timeout in template.yaml covers (TimeoutsTest):
     * ⌈5000/100⌉ ListContainerInstances pages + as many DescribeContainerInstances, each within
     * {@link Clients#READ_CALL_TIMEOUT}, + the AMI reads ({@link AmiReader#BUDGET}) + {@link Clients#OWN_WORK}.
     * Arithmetic in {@link Clients}.
     */
    static final Duration WORST_CASE = Clients.READ_CALL_TIMEOUT
            .multipliedBy(2L * ((MAX_INSTANCES_PER_CLUSTER + PAGE - 1) / PAGE)).plus(AmiReader.BUDGET)
            .plus(Clients.STS_CALL_TIMEOUT).plus(Clients.OWN_WORK);

    private final HandlerConfig config;
    private final TargetClients<EcsClient> ecsClients;
    /** Null: no AMI drift is read (tests of the ECS listing alone). */
    private final Function<Cluster, AmiReader> amiReaders;

    public ListInstancesHandler() {
        this(System.getenv());
    }

    public ListInstancesHandler(Map<String, String> env) {
        this(HandlerConfig.from(env), MemberAccess.from(env), env);
    }

    private ListInstancesHandler(HandlerConfig config, MemberAccess access, Map<String, String> env) {
        this(config, Clients.ecsReads(env, access), amiReaders(env, access));
    }

    /** The AMI reads of a cluster, its EC2 and Auto Scaling clients in the cluster's account and region. */
    private static Function<Cluster, AmiReader> amiReaders(Map<String, String> env, MemberAccess access) {
        TargetClients<Ec2Client> ec2 = Clients.ec2Reads(env, access);
        TargetClients<AutoScalingClient> autoScaling = Clients.autoScalingReads(env, access);
        return cluster -> new AmiReader(ec2.in(cluster), autoScaling.in(cluster), Clock.systemUTC());
    }

    /** Without AMI reads: every inventory's {@code amis} is null. */
    ListInstancesHandler(HandlerConfig config, EcsClient ecs) {
        this(config, ecs, null);
    }

    ListInstancesHandler(HandlerConfig config, EcsClient ecs, AmiReader amiReader) {
        this(config, TargetClients.only(ecs), amiReader == null ? null : cluster -> amiReader);
    }

    /** Each client in the cluster's own account and region (the member role's in another account). */
    ListInstancesHandler(HandlerConfig config, TargetClients<EcsClient> ecs, Function<Cluster, AmiReader> amiReaders) {
        this.config = config;
        this.ecsClients = ecs;
        this.amiReaders = amiReaders;
    }

    @Override
    public Inventory handleRequest(ListInstancesRequest request, Context context) {
        if (request == null) {
            throw new IllegalArgumentException("List instances needs {cluster, recommended, instanceIds}");
        }
        Log log = Log.of(context, config.logLevel(), "ListInstances");
        if (request.cluster().unreachable() != null) {
            throw new TargetUnreachableException("account " + request.cluster().account() + " in "
                    + request.cluster().region() + ": " + request.cluster().unreachable());
        }
        String cluster = request.cluster().arn();
        EcsClient ecs = ecsClients.in(request.cluster());
        InventoryBuilder builder = new InventoryBuilder(request.cluster(), request.recommended(),
                java.util.Set.copyOf(request.replacing()));
        try {
            if (request.instanceIds().isEmpty()) {
                listAll(ecs, cluster, builder, log);
            } else {
                for (int i = 0; i < request.instanceIds().size(); i += PAGE) {
                    List<String> batch = request.instanceIds().subList(i, Math.min(i + PAGE, request.instanceIds().size()));
                    DescribeContainerInstancesResponse described = describe(ecs, cluster, batch);
                    described.containerInstances().forEach(builder::add);
                    described.failures().stream().map(Failure::arn).forEach(builder::missing);
                }
            }
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "listing container instances of " + request.cluster().name());
        }
        if (request.instanceIds().isEmpty() && amiReaders != null) {
            builder.amis(amis(builder.members(), request, log));
        }
        Inventory inventory = builder.build();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("cluster", request.cluster().name());
        fields.put("total", inventory.total());
        fields.put("counts", inventory.counts());
        fields.put("drift", Map.of("agentBehindRecommended", inventory.drift().agentBehindRecommended(),
                "dockerBehindRecommended", inventory.drift().dockerBehindRecommended(),
                "amiNotRecommended", inventory.drift().amiNotRecommended()));
        fields.put("firstCandidate", inventory.candidates().isEmpty() ? null : inventory.candidates().getFirst().label());
        fields.put("candidates", inventory.count(InstanceClass.CANDIDATE));
        if (inventory.amis() != null) {
            fields.put("amis", inventory.amis().counts());
            fields.put("replaceable", inventory.amis().replaceable().size());
        }
        log.info("inventory", fields);
        if (request.instanceIds().isEmpty()) {
            // A restricted listing (polling one update) would report a fraction of the cluster.
            log.metric(OUTDATED_AGENTS, inventory.drift().agentBehindRecommended(), request.cluster());
            // The dashboard's agents behind by platform: [FunctionName, Platform], a bounded set of values.
            builder.agentBehindByPlatform().forEach((platform, behind) ->
                    log.metric(OUTDATED_AGENTS, behind, "Count", Map.of(PLATFORM_DIMENSION, platform)));
        }
        return inventory;
    }

    /**
     * The cluster's AMI drift. A transient EC2 or Auto Scaling failure throws (the state machine
     * retries the step); any other leaves every instance AMI_UNKNOWN with a warning (in the log too).
     */
    private AmiReport amis(List<AmiReportBuilder.Member> members, ListInstancesRequest request, Log log) {
        List<String> ids = members.stream().map(AmiReportBuilder.Member::ec2InstanceId).filter(Objects::nonNull)
                .toList();
        Set<String> instanceAmis = new LinkedHashSet<>();
        members.stream().map(AmiReportBuilder.Member::amiId).filter(Objects::nonNull).forEach(instanceAmis::add);
        AmiReader.Reads reads = amiReaders.apply(request.cluster()).read(ids, instanceAmis, request.recommendedAmis());
        reads.warnings().forEach(w -> log.warn("AMI drift", Map.of("warning", w)));
        return AmiReportBuilder.build(members, reads, request.recommendedAmis());
    }

    /**
     * No status filter: ListContainerInstances then returns every status but INACTIVE
     * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListContainerInstances.html),
     * so DRAINING and REGISTERING instances are counted as NOT_ACTIVE rather than missed.
     */
    private void listAll(EcsClient ecs, String cluster, InventoryBuilder builder, Log log) {
        String token = null;
        do {
            String pageToken = token;
            ListContainerInstancesResponse page = ecs.listContainerInstances(ListContainerInstancesRequest.builder()
                    .cluster(cluster).maxResults(PAGE).nextToken(pageToken).build());
            List<String> arns = page.containerInstanceArns();
            for (int i = 0; i < arns.size(); i += PAGE) {
                DescribeContainerInstancesResponse described = describe(ecs, cluster, arns.subList(i, Math.min(i + PAGE, arns.size())));
                described.containerInstances().forEach(builder::add);
                // Deregistered between the list and the describe: gone, nothing to report.
                described.failures().forEach(f -> log.debug("describe failure",
                        Map.of("arn", String.valueOf(f.arn()), "reason", String.valueOf(f.reason()))));
            }
            token = page.nextToken();
        } while (token != null);
    }

    private static DescribeContainerInstancesResponse describe(EcsClient ecs, String cluster, List<String> ids) {
        return ecs.describeContainerInstances(DescribeContainerInstancesRequest.builder().cluster(cluster)
                .containerInstances(ids).include(ContainerInstanceField.TAGS).build());
    }
}
