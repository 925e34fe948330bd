package dev.ecstatic.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.ecstatic.functions.model.Cluster;
import dev.ecstatic.functions.model.ExcludedCluster;
import dev.ecstatic.functions.model.ListClustersRequest;
import dev.ecstatic.functions.model.ListClustersResponse;
import dev.ecstatic.functions.model.RegionRecommendation;
import dev.ecstatic.functions.model.Run;
import dev.ecstatic.functions.model.RunItems;
import dev.ecstatic.functions.model.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
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
 * When the request names its run, the clusters are written to the runs bucket
 * ({@code runs/<executionName>/clusters.jsonl}, one Cluster per line, in the order they were listed)
 * for the Map's ItemReader, and the response carries only where they are ({@code items}).
 */
public class ListClustersHandler implements RequestHandler<ListClustersRequest, ListClustersResponse> {
    /** The most ListClusters returns and DescribeClusters accepts per call. */
    static final int PAGE = 100;
    /** Holds a cluster's alerts (not its updates) until the instant it names. */
    static final String SILENCE_TAG = "ecstatic:silence-until";
    /** ECS's quota of clusters per account and region. */
    static final int MAX_CLUSTERS_PER_ACCOUNT = 10_000;
    /**
     * Worst case of one invocation over one target, which the function's Timeout in template.yaml covers
     * (TimeoutsTest): 100 ListClusters pages + 100 DescribeClusters, each within {@link Clients#CLUSTER_READ_CALL_TIMEOUT},
     * + 1 AssumeRole within {@link Clients#STS_CALL_TIMEOUT} (another account),
     * + ⌈10/10⌉ = 1 GetParameters (the catalogue's ten names) within {@link Clients#READ_CALL_TIMEOUT},
     * + 1 PutObject of the run's clusters within {@link Clients#S3_CALL_TIMEOUT} + {@link Clients#OWN_WORK}.
     * Arithmetic in {@link Clients}.
     */
    static final Duration WORST_CASE = Clients.CLUSTER_READ_CALL_TIMEOUT
            .multipliedBy(2L * (MAX_CLUSTERS_PER_ACCOUNT / PAGE))
            .plus(Clients.READ_CALL_TIMEOUT.multipliedBy(
                    (RecommendedAmis.CATALOGUE.size() + RecommendedReader.NAMES_PER_CALL - 1)
                            / RecommendedReader.NAMES_PER_CALL))
            .plus(Clients.STS_CALL_TIMEOUT)
            .plus(Clients.S3_CALL_TIMEOUT)
            .plus(Clients.OWN_WORK);

    /**
     * Targets listed side by side. Each is another account or region, with its own ECS throttling buckets, so
     * listing them at once does not slow any of them; 8 keeps the function's threads and connections modest.
     */
    static final int PARALLEL_TARGETS = 8;
    /**
     * No target's listing starts with less than this left of the invocation's listing time: such a target is a
     * stand-in saying so (an ERROR alert), not a timeout of the whole run. One target at ECS's quota (200 calls)
     * lists in well under a minute unthrottled; the arithmetic of {@link #WORST_CASE} covers one target.
     */
    static final Duration START_BUDGET = Duration.ofSeconds(120);
    /**
     * What stays of the invocation for the work after the listing, per region whose recommended versions are
     * read (one GetParameters each, in turn): a listing still going when only this much (times the regions,
     * plus the PutObject of the run's clusters and {@link Clients#OWN_WORK}) is left stops between two pages,
     * and its target is a stand-in: a Lambda timeout would fail the whole run, unretried.
     */
    static Duration finishReserve(int regions) {
        return Clients.READ_CALL_TIMEOUT.multipliedBy(Math.max(1, regions)).plus(Clients.S3_CALL_TIMEOUT)
                .plus(Clients.OWN_WORK);
    }

    private final ListClustersConfig config;
    private final TargetClients<EcsClient> ecs;
    private final TargetClients<SsmClient> ssm;
    private final RunsBucket bucket;
    private final MemberAccess access;
    private final String homeRegion;
    private final OrganizationUnits units;
    private LongSupplier nanoTime = System::nanoTime;

    public ListClustersHandler() {
        this(System.getenv());
    }

    public ListClustersHandler(Map<String, String> env) {
        this(ListClustersConfig.from(env), MemberAccess.from(env), env);
    }

    private ListClustersHandler(ListClustersConfig config, MemberAccess access, Map<String, String> env) {
        this(config, Clients.ecsClusterReads(env, access), Clients.ssm(env, access), Clients.s3(env), access,
                Clients.ownRegion(env), OrganizationUnits.from(env, config.accounts()));
    }

    /** Without S3: for requests that do not name their run. */
    ListClustersHandler(ListClustersConfig config, EcsClient ecs, SsmClient ssm) {
        this(config, ecs, ssm, null);
    }

    /** One account and region: every target's calls go to these clients. */
    ListClustersHandler(ListClustersConfig config, EcsClient ecs, SsmClient ssm, S3Client s3) {
        this(config, TargetClients.only(ecs), TargetClients.only(ssm), s3, new MemberAccess(null, null, () -> {
            throw new IllegalStateException("no STS client: this handler was built for one account");
        }), null, null);
    }

    /**
     * @param access     this account, and how other accounts are reached
     * @param homeRegion this function's region (null: unknown, the clients' own)
     * @param units      the accounts of organizational units (null: Accounts names none)
     */
    ListClustersHandler(ListClustersConfig config, TargetClients<EcsClient> ecs, TargetClients<SsmClient> ssm,
                        S3Client s3, MemberAccess access, String homeRegion, OrganizationUnits units) {
        this.config = config;
        this.ecs = ecs;
        this.ssm = ssm;
        this.bucket = s3 == null ? null : new RunsBucket(s3);
        this.access = access;
        this.homeRegion = homeRegion;
        this.units = units;
    }

    /** Tests read the deadlines on their own clock. */
    ListClustersHandler withNanoTime(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        return this;
    }

    @Override
    public ListClustersResponse handleRequest(ListClustersRequest request, Context context) {
        Log log = Log.of(context, config.logLevel(), "ListClusters");
        Run run = request == null ? null : request.run();
        if (run != null && (config.runsBucket() == null || bucket == null)) {
            throw new IllegalStateException(ListClustersConfig.RUNS_BUCKET + " is not set: set it to the runs bucket's"
                    + " name (the template's RunsBucket) for a request that names its run");
        }
        ExecutionInput input = ExecutionInput.parse(request == null ? null : request.input());
        Settings settings = input.over(config.defaults());
        String runName = run == null ? null : run.executionName();
        List<Target> configured = configuredTargets();
        List<Job> jobs = jobs(input, configured);
        List<Resolution> resolutions = list(jobs, runName, context);

        Resolution resolution = new Resolution();
        resolutions.forEach(resolution::add);
        // The recommended versions of every region with a cluster to visit, and of the first target's (the
        // response's own): a region whose every target was out of reach has nothing to compare with them.
        Set<String> regions = new LinkedHashSet<>();
        regions.add(jobs.isEmpty() ? homeRegion : jobs.getFirst().target.region);
        for (int i = 0; i < jobs.size(); i++) {
            if (!resolutions.get(i).clusters.isEmpty()) {
                regions.add(jobs.get(i).target.region);
            }
        }
        Map<String, RegionRecommendation> byRegion = new LinkedHashMap<>();
        RecommendedReader.Result home = null;
        for (String region : regions) {
            RecommendedReader.Result recommended = RecommendedReader.read(
                    ssm.in(partition(region), access.homeAccount(), region, runName));
            recommended.warnings().forEach(w -> resolution.warnings.add(regions.size() > 1 ? region + ": " + w : w));
            if (home == null) {
                home = recommended;
            }
            if (region != null) {
                byRegion.put(region, new RegionRecommendation(recommended.recommended(), recommended.recommendedAmis()));
            }
        }

        List<String> warnings = bounded(resolution.warnings);
        resolution.warnings.forEach(w -> log.warn("warning", Map.of("warning", w)));
        resolution.unreachable.forEach(u -> log.error("target unreachable", Map.of("account", String.valueOf(u.account()),
                "region", String.valueOf(u.region()), "why", u.unreachable())));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("targets", jobs.size());
        fields.put("unreachable", resolution.unreachable.size());
        fields.put("clusters", resolution.clusters.size());
        fields.put("excluded", resolution.excluded.size());
        fields.put("settings", Map.of("dryRun", settings.dryRun(), "maxUpdatesPerCluster", settings.maxUpdatesPerCluster(),
                "replaceInstances", settings.replaceInstances()));
        fields.put("recommended", home.recommended().keySet());
        fields.put("recommendedAmis", home.recommendedAmis().size());
        List<Cluster> items = new ArrayList<>(resolution.clusters);
        items.addAll(resolution.unreachable);
        RunItems written = run == null ? null : writeItems(run, items);
        if (written != null) {
            fields.put("items", RunsBucket.url(written.bucket(), written.key()));
        }
        log.info("clusters resolved", fields);
        return new ListClustersResponse(written == null ? items : List.of(), settings,
                home.recommended(), resolution.excluded.stream().limit(ListClustersResponse.MAX_EXCLUDED).toList(),
                resolution.excluded.size(), warnings, home.recommendedAmis(), written,
                byRegion.isEmpty() ? null : byRegion);
    }

    /** An account and a region; null where this function's own is meant and not known. */
    record Target(String account, String region) {
        String label() {
            return account + "/" + region;
        }
    }

    /** One target to list: every cluster there (names null), or the named ones. */
    private record Job(Target target, List<String> names) {
    }

    /**
     * Accounts × Regions. No Accounts: this account; no Regions: this function's region. Organizational units
     * become their ACTIVE accounts (their child units' too), in the order Organizations lists them; units with
     * no ACTIVE account make no target (the run visits nothing there, and says so in its log).
     */
    List<Target> configuredTargets() {
        List<String> accounts = new ArrayList<>();
        for (String entry : config.accounts()) {
            if (ExecutionInput.ACCOUNT.matcher(entry).matches()) {
                accounts.add(entry);
            } else if (units == null) {
                throw new IllegalStateException("Accounts names " + entry + " but no Organizations client was set up");
            } else {
                accounts.addAll(units.accounts(entry));
            }
        }
        if (config.accounts().isEmpty()) {
            accounts.add(access.homeAccount());
        }
        List<String> regions = config.regions().isEmpty() ? java.util.Collections.singletonList(homeRegion)
                : config.regions();
        List<Target> targets = new ArrayList<>();
        for (String account : accounts.stream().distinct().toList()) {
            for (String region : regions) {
                targets.add(new Target(account, region));
            }
        }
        return targets;
    }

    /**
     * What the input asks to list: named targets (each among the configured ones), named clusters (an ARN in
     * its own account and region, a name in this account and region), or every configured target.
     */
    private List<Job> jobs(ExecutionInput input, List<Target> configured) {
        if (input.targets() != null) {
            List<Job> jobs = new ArrayList<>();
            for (int i = 0; i < input.targets().size(); i++) {
                ExecutionInput.TargetInput named = input.targets().get(i);
                Target target = new Target(named.account(), named.region());
                if (!covers(configured, target)) {
                    throw new InvalidInputException("targets[" + i + "]: " + target.label() + " is not among this"
                            + " stack's targets (its Accounts and Regions: " + labels(configured) + ")");
                }
                jobs.add(new Job(target, named.clusters()));
            }
            return jobs;
        }
        if (input.clusters() != null) {
            Target home = new Target(access.homeAccount(), homeRegion);
            if (access.homeAccount() == null) {
                // One account, as before targets: ECS itself says whether an ARN is its own.
                return List.of(new Job(home, input.clusters()));
            }
            Map<Target, List<String>> byTarget = new LinkedHashMap<>();
            for (String name : input.clusters()) {
                Target target = home;
                if (name.startsWith("arn:")) {
                    Cluster named = new Cluster(nameOf(name), name);
                    if (named.account() != null && named.region() != null) {
                        target = new Target(named.account(), named.region());
                    }
                }
                // This account and region too: a stack whose Accounts or Regions leave them out does not visit them.
                if (!covers(configured, target)) {
                    throw new InvalidInputException("clusters: " + InventoryBuilder.truncate(name, 120)
                            + " is in " + target.label() + ", which is not among this stack's targets (its Accounts"
                            + " and Regions: " + labels(configured) + ")");
                }
                byTarget.computeIfAbsent(target, k -> new ArrayList<>()).add(name);
            }
            return byTarget.entrySet().stream().map(e -> new Job(e.getKey(), e.getValue())).toList();
        }
        return configured.stream().map(t -> new Job(t, null)).toList();
    }

    private boolean covers(List<Target> configured, Target target) {
        return configured.stream().anyMatch(c -> same(c.account, target.account, access.homeAccount())
                && same(c.region, target.region, homeRegion));
    }

    private static boolean same(String configured, String named, String own) {
        return java.util.Objects.equals(configured == null ? own : configured, named);
    }

    private static String labels(List<Target> targets) {
        List<String> labels = targets.stream().map(Target::label).toList();
        return labels.size() <= 10 ? String.join(", ", labels)
                : String.join(", ", labels.subList(0, 10)) + " and " + (labels.size() - 10) + " more";
    }

    /**
     * Lists every job's target, {@value #PARALLEL_TARGETS} at a time, and gives the resolutions back in the
     * jobs' order (so the run's items are in a stable order). A transient failure of one target (throttling
     * past the SDK's retries) fails the invocation: the state machine lists again.
     */
    private List<Resolution> list(List<Job> jobs, String runName, Context context) {
        // A context that knows no time left (0: a test's, a local runner's) sets no deadline.
        long remaining = context == null ? 0 : context.getRemainingTimeInMillis();
        long regions = jobs.stream().map(job -> job.target.region).distinct().count();
        long listEnd = remaining <= 0 ? Long.MAX_VALUE : nanoTime.getAsLong()
                + Duration.ofMillis(remaining).minus(finishReserve((int) regions)).toNanos();
        Deadlines deadline = new Deadlines(listEnd == Long.MAX_VALUE ? listEnd : listEnd - START_BUDGET.toNanos(),
                listEnd);
        if (jobs.isEmpty()) {
            return List.of();
        }
        if (jobs.size() == 1) {
            return List.of(resolve(jobs.getFirst(), runName, deadline));
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL_TARGETS, jobs.size()));
        try {
            List<Future<Resolution>> futures = new ArrayList<>();
            for (Job job : jobs) {
                futures.add(pool.submit(() -> resolve(job, runName, deadline)));
            }
            List<Resolution> resolutions = new ArrayList<>();
            for (Future<Resolution> future : futures) {
                try {
                    resolutions.add(future.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new IllegalStateException("listing a target failed: " + e.getCause(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new TransientAwsException("interrupted while listing targets", e);
                }
            }
            return resolutions;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * When a target's listing may start (nanoTime), and when every listing must stop, between two pages.
     */
    private record Deadlines(long start, long stop) {
    }

    /** A listing stopped between two pages: its target's clusters are not visited this run. */
    private static final class OutOfTime extends RuntimeException {
        OutOfTime() {
            super(null, null, false, false);
        }
    }

    /** One target's clusters; a target that cannot be reached is its stand-in (one ERROR record and alert). */
    private Resolution resolve(Job job, String runName, Deadlines deadline) {
        Resolution resolution = new Resolution();
        Target target = job.target;
        if (nanoTime.getAsLong() > deadline.start()) {
            resolution.unreachable(target, "not listed: List clusters ran out of time before this target's turn"
                    + " (list fewer targets per stack, or fewer at once)");
            return resolution;
        }
        String partition = partition(target.region);
        try {
            EcsClient client = ecs.in(partition, target.account, target.region, runName);
            if (job.names != null) {
                resolveNamed(client, job.names, resolution, deadline.stop());
            } else {
                resolveAll(client, resolution, deadline.stop());
            }
        } catch (OutOfTime e) {
            Resolution stopped = new Resolution();
            stopped.unreachable(target, "not fully listed: List clusters ran out of time while listing this target;"
                    + " none of its clusters is visited this run (list fewer targets per stack, or fewer at once)");
            return stopped;
        } catch (TargetUnreachableException e) {
            resolution.unreachable(target, e.getMessage());
        } catch (InvalidParameterException e) {
            if (job.names == null) {
                throw e;
            }
            throw new InvalidInputException("clusters: ECS rejected a cluster name or ARN: " + AwsErrors.message(e));
        } catch (AwsServiceException e) {
            if (AwsErrors.isTransient(e) || target.account == null) {
                throw AwsErrors.translate(e, "listing clusters" + (target.account == null ? "" : " in " + target.label()));
            }
            // AccessDenied, an opt-in region not enabled (UnrecognizedClientException: the security token is
            // invalid there), a role without ecs:ListClusters: the target is out of reach, the others go on.
            resolution.unreachable(target, "listing its clusters failed: " + (e.awsErrorDetails() == null ? ""
                    : e.awsErrorDetails().errorCode() + ": ") + AwsErrors.message(e));
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "listing clusters" + (target.account == null ? "" : " in " + target.label()));
        }
        return resolution;
    }

    /** "aws-cn" for China's regions, "aws-us-gov" for GovCloud's, "aws" elsewhere (and when unknown). */
    static String partition(String region) {
        if (region == null) {
            return "aws";
        }
        return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }

    /**
     * One PutObject of the whole list (10,000 clusters are about 2 MB, far below PutObject's 5 GB). It
     * happens before any cluster is touched, so a failure fails the run with nothing done.
     */
    private RunItems writeItems(Run run, List<Cluster> clusters) {
        String key = run.clustersKey();
        bucket.putJsonl(config.runsBucket(), key, RunsBucket.jsonl(clusters.stream().map(ListClustersHandler::line)
                .toList()), "the run's clusters");
        return new RunItems(config.runsBucket(), key, clusters.size());
    }

    /** A Cluster as the runtime's serializer writes it: its fields, the absent ones left out. */
    static Map<String, Object> line(Cluster cluster) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("name", cluster.name());
        line.put("arn", cluster.arn());
        if (cluster.window() != null) {
            line.put("window", cluster.window());
        }
        if (cluster.silenceUntil() != null) {
            line.put("silenceUntil", cluster.silenceUntil());
        }
        if (cluster.unreachable() != null) {
            line.put("unreachable", cluster.unreachable());
        }
        return line;
    }

    private static final class Resolution {
        final List<Cluster> clusters = new ArrayList<>();
        final Set<String> arns = new LinkedHashSet<>();
        final List<ExcludedCluster> excluded = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        final List<Cluster> unreachable = new ArrayList<>();

        void unreachable(Target target, String why) {
            unreachable.add(Cluster.unreachableTarget(partition(target.region), target.account, target.region, why));
        }

        void add(Resolution other) {
            other.clusters.forEach(c -> {
                if (arns.add(c.arn())) {
                    clusters.add(c);
                }
            });
            excluded.addAll(other.excluded);
            warnings.addAll(other.warnings);
            unreachable.addAll(other.unreachable);
        }
    }

    /**
     * Named clusters are honoured even when tagged ecstatic:ignore or excluded by the parameter. A name
     * ECS does not know comes back in {@code failures} with reason MISSING, not as an exception
     * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeClusters.html). A
     * deleted cluster is still described for a while, as INACTIVE: naming it, or any cluster that is
     * not ACTIVE, is an input error too, not a cluster silently left out.
     */
    /** Throws {@link OutOfTime} past {@code stop} (nanoTime): called before each page. */
    private void inTime(long stop) {
        if (nanoTime.getAsLong() > stop) {
            throw new OutOfTime();
        }
    }

    private void resolveNamed(EcsClient ecs, List<String> names, Resolution resolution, long stop) {
        List<String> missing = new ArrayList<>();
        List<String> notActive = new ArrayList<>();
        for (int i = 0; i < names.size(); i += PAGE) {
            inTime(stop);
            DescribeClustersResponse described = describe(ecs, names.subList(i, Math.min(i + PAGE, names.size())));
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

    private void resolveAll(EcsClient ecs, Resolution resolution, long stop) {
        List<String> arns = new ArrayList<>();
        String token = null;
        do {
            inTime(stop);
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
            inTime(stop);
            DescribeClustersResponse described = describe(ecs, arns.subList(i, Math.min(i + PAGE, arns.size())));
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

    private static DescribeClustersResponse describe(EcsClient ecs, List<String> clusters) {
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
