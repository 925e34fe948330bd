package dev.ecstatic.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.ecstatic.functions.model.Cluster;
import dev.ecstatic.functions.model.ExcludedCluster;
import dev.ecstatic.functions.model.ListClustersRequest;
import dev.ecstatic.functions.model.ListClustersResponse;
import dev.ecstatic.functions.model.RunItems;
import dev.ecstatic.functions.model.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.DescribeClustersRequest;
import software.amazon.awssdk.services.ecs.model.DescribeClustersResponse;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * State "List clusters", the first of every run: validates the execution input, resolves the
 * clusters to visit (the named ones, or every cluster in the region minus those tagged
 * {@code ecstatic:ignore} or listed in ExcludeClusters), resolves the run's settings and reads the
 * recommended ECS-optimized AMI parameters of every catalogued platform once for the whole run.
 * With {@code run} in the request, the clusters go to the runs bucket
 * ({@code runs/<executionName>/clusters.jsonl}, one Cluster a line) and the response names that object
 * ({@code items}) instead of listing them: the Distributed Map reads them with its ItemReader, so no
 * payload grows with the number of clusters.
 */
public class ListClustersHandler implements RequestHandler<ListClustersRequest, ListClustersResponse> {
    /** The most ListClusters returns and DescribeClusters accepts per call. */
    static final int PAGE = 100;
    /** Holds a cluster's alerts (not its updates) until the instant it names. */
    static final String SILENCE_TAG = "ecstatic:silence-until";
    /** ECS's quota of clusters per account and region. */
    static final int MAX_CLUSTERS_PER_ACCOUNT = 10_000;
    /**
     * Worst case of one invocation, which the function's Timeout in template.yaml covers (TimeoutsTest):
     * 100 ListClusters pages + 100 DescribeClusters, each within {@link Clients#CLUSTER_READ_CALL_TIMEOUT},
     * + ⌈10/10⌉ = 1 GetParameters (the catalogue's ten names) within {@link Clients#READ_CALL_TIMEOUT},
     * + {@link Clients#OWN_WORK}.
     * Arithmetic in {@link Clients}.
     */
    static final Duration WORST_CASE = Clients.CLUSTER_READ_CALL_TIMEOUT
            .multipliedBy(2L * (MAX_CLUSTERS_PER_ACCOUNT / PAGE))
            .plus(Clients.READ_CALL_TIMEOUT.multipliedBy(
                    (RecommendedAmis.CATALOGUE.size() + RecommendedReader.NAMES_PER_CALL - 1)
                            / RecommendedReader.NAMES_PER_CALL))
            .plus(Clients.OWN_WORK);

    /** The runs bucket's name (template: {@code !Ref RunsBucket}). */
    static final String RUNS_BUCKET = "ECSTATIC_RUNS_BUCKET";

    private final ListClustersConfig config;
    private final EcsClient ecs;
    private final SsmClient ssm;
    private final S3Client s3;
    private final String runsBucket;

    public ListClustersHandler() {
        this(System.getenv());
    }

    public ListClustersHandler(Map<String, String> env) {
        this(ListClustersConfig.from(env), Clients.ecsClusterReads(env), Clients.ssm(env),
                Env.string(env, RUNS_BUCKET) == null ? null : Clients.s3(env), Env.string(env, RUNS_BUCKET));
    }

    ListClustersHandler(ListClustersConfig config, EcsClient ecs, SsmClient ssm) {
        this(config, ecs, ssm, null, null);
    }

    ListClustersHandler(ListClustersConfig config, EcsClient ecs, SsmClient ssm, S3Client s3, String runsBucket) {
        this.config = config;
        this.ecs = ecs;
        this.ssm = ssm;
        this.s3 = s3;
        this.runsBucket = runsBucket;
    }

    @Override
    public ListClustersResponse handleRequest(ListClustersRequest request, Context context) {
        Log log = Log.of(context, config.logLevel(), "ListClusters");
        ExecutionInput input = ExecutionInput.parse(request == null ? null : request.input());
        Settings settings = input.over(config.defaults());
        Resolution resolution = new Resolution();
        try {
            if (input.clusters() != null) {
                resolveNamed(input.clusters(), resolution);
            } else {
                resolveAll(resolution);
            }
        } catch (InvalidParameterException e) {
            if (input.clusters() == null) {
                throw e;
            }
            throw new InvalidInputException("clusters: ECS rejected a cluster name or ARN: " + AwsErrors.message(e));
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "listing clusters");
        }
        RecommendedReader.Result recommended = RecommendedReader.read(ssm);
        resolution.warnings.addAll(recommended.warnings());

        List<String> warnings = bounded(resolution.warnings);
        resolution.warnings.forEach(w -> log.warn("warning", Map.of("warning", w)));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("clusters", resolution.clusters.size());
        fields.put("excluded", resolution.excluded.size());
        fields.put("settings", Map.of("dryRun", settings.dryRun(), "maxUpdatesPerCluster", settings.maxUpdatesPerCluster(),
                "replaceInstances", settings.replaceInstances()));
        fields.put("recommended", recommended.recommended().keySet());
        fields.put("recommendedAmis", recommended.recommendedAmis().size());
        log.info("clusters resolved", fields);
        List<ExcludedCluster> excluded = resolution.excluded.stream().limit(ListClustersResponse.MAX_EXCLUDED).toList();
        if (request.run() == null) {
            return new ListClustersResponse(resolution.clusters, settings, recommended.recommended(), excluded,
                    resolution.excluded.size(), warnings, recommended.recommendedAmis());
        }
        RunItems items = writeItems(request.run(), resolution.clusters);
        return new ListClustersResponse(List.of(), settings, recommended.recommended(), excluded,
                resolution.excluded.size(), warnings, recommended.recommendedAmis(), items);
    }

    /**
     * One PutObject of every cluster, a JSON object a line, in the order they were listed (an empty
     * object when there is none). Nothing was touched yet, so a failure fails the run: throttling and
     * 5xx (SlowDown, InternalError) as TransientAwsException, which the state machine retries.
     */
    private RunItems writeItems(ListClustersRequest.Run run, List<Cluster> clusters) {
        if (s3 == null || runsBucket == null) {
            throw new IllegalStateException(RUNS_BUCKET + " is not set: set it to the runs bucket's name (template.yaml: "
                    + "!Ref RunsBucket)");
        }
        String name = run.executionName();
        if (name == null || name.isBlank() || name.contains("/")) {
            throw new InvalidInputException("run.executionName must be the execution's name, was " + name);
        }
        String key = "runs/" + name + "/clusters.jsonl";
        StringBuilder lines = new StringBuilder();
        for (Cluster c : clusters) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("name", c.name());
            line.put("arn", c.arn());
            if (c.window() != null) {
                line.put("window", c.window());
            }
            if (c.silenceUntil() != null) {
                line.put("silenceUntil", c.silenceUntil());
            }
            lines.append(Json.write(line)).append('\n');
        }
        try {
            s3.putObject(b -> b.bucket(runsBucket).key(key).contentType("application/x-ndjson"),
                    RequestBody.fromString(lines.toString()));
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "writing " + key);
        }
        return new RunItems(runsBucket, key, clusters.size());
    }

    private static final class Resolution {
        final List<Cluster> clusters = new ArrayList<>();
        final Set<String> arns = new LinkedHashSet<>();
        final List<ExcludedCluster> excluded = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
    }

    /**
     * Named clusters are honoured even when tagged ecstatic:ignore or excluded by the parameter. A name
     * ECS does not know comes back in {@code failures} with reason MISSING, not as an exception
     * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeClusters.html). A
     * deleted cluster is still described for a while, as INACTIVE: naming it, or any cluster that is
     * not ACTIVE, is an input error too, not a cluster silently left out.
     */
    private void resolveNamed(List<String> names, Resolution resolution) {
        List<String> missing = new ArrayList<>();
        List<String> notActive = new ArrayList<>();
        for (int i = 0; i < names.size(); i += PAGE) {
            DescribeClustersResponse described = describe(names.subList(i, Math.min(i + PAGE, names.size())));
            for (var cluster : described.clusters()) {
                String ignore = Classifier.ignoreTagValue(cluster.tags());
                if (ignore != null) {
                    resolution.warnings.add("cluster " + cluster.clusterName() + " is tagged " + Classifier.IGNORE_TAG
                            + "=" + ignore + " but was named in the input: visiting it");
                }
                if (config.excludeClusters().contains(cluster.clusterName())
                        || config.excludeClusters().contains(cluster.clusterArn())) {
                    resolution.warnings.add("cluster " + cluster.clusterName()
                            + " is listed in ExcludeClusters but was named in the input: visiting it");
                }
                if ("ACTIVE".equals(cluster.status())) {
                    accept(cluster, resolution);
                } else {
                    notActive.add(cluster.clusterName() + " is " + cluster.status());
                }
            }
            described.failures().stream().map(Failure::arn).map(ListClustersHandler::nameOf).forEach(missing::add);
        }
        if (!missing.isEmpty()) {
            throw new InvalidInputException("clusters: no such cluster: " + InvalidInputException.firstFew(missing));
        }
        if (!notActive.isEmpty()) {
            throw new InvalidInputException("clusters: not ACTIVE, nothing to update: "
                    + InvalidInputException.firstFew(notActive));
        }
    }

    private void resolveAll(Resolution resolution) {
        List<String> arns = new ArrayList<>();
        String token = null;
        do {
            software.amazon.awssdk.services.ecs.model.ListClustersResponse page = ecs.listClusters(software.amazon.awssdk.services.ecs.model.ListClustersRequest
                    .builder().maxResults(PAGE).nextToken(token).build());
            for (String arn : page.clusterArns()) {
                if (config.excludeClusters().contains(nameOf(arn)) || config.excludeClusters().contains(arn)) {
                    resolution.excluded.add(new ExcludedCluster(nameOf(arn), "listed in ExcludeClusters"));
                } else {
                    arns.add(arn);
                }
            }
            token = page.nextToken();
        } while (token != null);
        for (int i = 0; i < arns.size(); i += PAGE) {
            DescribeClustersResponse described = describe(arns.subList(i, Math.min(i + PAGE, arns.size())));
            for (var cluster : described.clusters()) {
                String ignore = Classifier.ignoreTagValue(cluster.tags());
                if (ignore != null) {
                    resolution.excluded.add(new ExcludedCluster(cluster.clusterName(),
                            "tag " + Classifier.IGNORE_TAG + "=" + ignore));
                } else {
                    accept(cluster, resolution);
                }
            }
            // Deleted between ListClusters and DescribeClusters.
            described.failures().forEach(f -> resolution.warnings.add(
                    "could not describe cluster " + nameOf(f.arn()) + ": " + f.reason()));
        }
    }

    private void accept(software.amazon.awssdk.services.ecs.model.Cluster cluster, Resolution resolution) {
        if (!"ACTIVE".equals(cluster.status())) {
            resolution.excluded.add(new ExcludedCluster(cluster.clusterName(), "status " + cluster.status()));
        } else if (resolution.arns.add(cluster.clusterArn())) {
            resolution.clusters.add(new Cluster(cluster.clusterName(), cluster.clusterArn(),
                    window(cluster, resolution), silenceUntil(cluster, resolution)));
        }
    }

    /**
     * The cluster's ecstatic:window tag (Assess health applies DefaultUpdateWindow to a cluster without
     * one). A tag that is not a window is kept as written (Assess health then starts no update, and
     * says why) and warned about: a typo must not open the cluster to updates at any hour.
     */
    private String window(software.amazon.awssdk.services.ecs.model.Cluster cluster, Resolution resolution) {
        String tag = tagValue(cluster, UpdateWindow.TAG);
        if (tag != null) {
            try {
                UpdateWindow.parse(tag);
            } catch (UpdateWindow.InvalidWindowException e) {
                resolution.warnings.add("cluster " + cluster.clusterName() + ": tag " + UpdateWindow.TAG + ": "
                        + e.getMessage() + "; no update starts there until it is fixed");
            }
        }
        return tag;
    }

    /** A valid ecstatic:silence-until instant, normalised; an invalid one is warned about and ignored. */
    private static String silenceUntil(software.amazon.awssdk.services.ecs.model.Cluster cluster, Resolution resolution) {
        String tag = tagValue(cluster, SILENCE_TAG);
        if (tag == null) {
            return null;
        }
        try {
            return java.time.Instant.parse(tag.strip()).toString();
        } catch (java.time.format.DateTimeParseException e) {
            resolution.warnings.add("cluster " + cluster.clusterName() + ": tag " + SILENCE_TAG + "=" + tag
                    + " is not an ISO-8601 instant (e.g. 2026-12-24T00:00:00Z): alerts are not silenced");
            return null;
        }
    }

    private static String tagValue(software.amazon.awssdk.services.ecs.model.Cluster cluster, String key) {
        if (!cluster.hasTags()) {
            return null;
        }
        return cluster.tags().stream().filter(t -> key.equals(t.key())).map(t -> t.value() == null ? "" : t.value())
                .findFirst().orElse(null);
    }

    private DescribeClustersResponse describe(List<String> clusters) {
        return ecs.describeClusters(DescribeClustersRequest.builder().clusters(clusters)
                .include(ClusterField.TAGS).build());
    }

    /** "prod-web" from "arn:aws:ecs:us-east-1:123456789012:cluster/prod-web" (or the name itself). */
    static String nameOf(String arnOrName) {
        if (arnOrName == null) {
            return "unknown";
        }
        int slash = arnOrName.lastIndexOf('/');
        return slash < 0 || !arnOrName.startsWith("arn:") ? arnOrName : arnOrName.substring(slash + 1);
    }

    private static List<String> bounded(List<String> warnings) {
        if (warnings.size() <= ListClustersResponse.MAX_WARNINGS) {
            return warnings;
        }
        List<String> kept = new ArrayList<>(warnings.subList(0, ListClustersResponse.MAX_WARNINGS - 1));
        kept.add("… and " + (warnings.size() - kept.size()) + " more warnings in the function's log");
        return kept;
    }
}
