package dev.ecstatic.cli.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecstatic.asl.DefinitionException;
import dev.ecstatic.asl.Engine;
import dev.ecstatic.asl.Execution;
import dev.ecstatic.asl.ExecutionListener;
import dev.ecstatic.asl.SimulatedClock;
import dev.ecstatic.asl.StateMachine;
import dev.ecstatic.asl.TaskInvoker;
import dev.ecstatic.cli.integrations.AwsIntegrations;
import dev.ecstatic.cli.integrations.SdkSettings;
import dev.ecstatic.cli.lambda.LambdaTaskInvoker;
import dev.ecstatic.cli.lambda.LocalLambdas;
import dev.ecstatic.cli.lambda.LocalStateMachine;
import dev.ecstatic.cli.webhook.WebhookReceiver;
import dev.ecstatic.cli.wiring.TemplateWiring;
import dev.ecstatic.simulator.AwsSimulator;
import dev.ecstatic.simulator.Fleet;
import dev.ecstatic.simulator.FleetSnapshot;
import dev.ecstatic.simulator.dynamodb.DynamoDb;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The real state machine, with the real handlers named in template.yaml, against a simulated ECS
 * fleet, on simulated time: an hour of Waits takes milliseconds and the simulator's agent updates
 * advance on the same clock. The Notify function posts to a local webhook receiver. Task states that
 * call DynamoDB or S3 (optimized or AWS SDK integrations) and Distributed Maps that read or write S3
 * objects call the simulator's, as the handlers' ECS and SSM calls do. The template's DynamoDB tables
 * (ecstatic's memory) are created in the simulator before the first run; with a state directory
 * they, and so the memory, outlast the simulation, and the next one starts after its last run.
 */
public final class Simulation implements AutoCloseable {

    /** Simulated runs start here, whatever the day, so that runs of the same fleet are comparable. */
    public static final Instant EPOCH = Instant.parse("2026-01-05T09:00:00Z");

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The S3 operations the simulator counts (the runs bucket's objects: List clusters' items, the Map's
     * ItemReader and ResultWriter, Summarize's reads and report): not ECS calls.
     */
    private static final java.util.Set<String> S3_ACTIONS = java.util.Set.of("CreateBucket", "HeadBucket", "ListBuckets",
            "DeleteBucket", "GetBucketLocation", "PutObject", "GetObject", "HeadObject", "DeleteObject", "DeleteObjects",
            "CopyObject", "ListObjects", "ListObjectsV2", "CreateMultipartUpload", "UploadPart", "UploadPartCopy",
            "CompleteMultipartUpload", "AbortMultipartUpload", "ListParts", "ListMultipartUploads");

    /**
     * STS's and Organizations' actions, as the simulator counts them: what reaching other accounts costs
     * (AssumeRole of the member role; an OU's accounts), not ECS calls.
     */
    static final java.util.Set<String> STS_AND_ORGANIZATIONS_ACTIONS = java.util.Set.of("AssumeRole",
            "GetCallerIdentity", "ListAccountsForParent", "ListOrganizationalUnitsForParent", "DescribeOrganization");

    /** SNS's and EventBridge's actions: the notifications' (SimulationReport's {@code sns} and {@code events}), not ECS calls. */
    static final java.util.Set<String> NOTIFICATION_ACTIONS = java.util.Set.of("Publish", "CreateTopic", "ListTopics",
            "GetTopicAttributes", "PutEvents", "CreateEventBus", "ListEventBuses", "DescribeEventBus");

    private final SimulatedClock clock;
    private final AwsSimulator simulator;
    private final WebhookReceiver webhook;
    private final LocalLambdas lambdas;
    private final StateMachine machine;
    private final TemplateWiring wiring;
    private final AwsIntegrations integrations;
    private final Engine engine;
    private final SdkSettings sdkSettings;
    private final List<StackTables.Table> tables;
    private final List<StackBuckets.Bucket> buckets;
    private final software.amazon.awssdk.services.s3.S3Client s3;
    private int executions;

    private Simulation(Builder b) throws IOException {
        Fleet fleet = b.fleet;
        Instant start = EPOCH;
        if (b.stateDir != null) {
            TemplateWiring declared = TemplateWiring.load(b.home.resolve("template.yaml"), fleet.region(),
                    fleet.accountId(), b.parameterOverrides);
            start = StateDirectory.nextRun(b.stateDir, fleet.region(),
                    declared.tables().values().stream().map(TemplateWiring.TableSpec::name).toList(),
                    scheduleInterval(declared.parameters().getOrDefault("Schedule", "rate(1 hour)")));
        }
        clock = new SimulatedClock(start);
        simulator = AwsSimulator.start(fleet, 0, clock.asJavaClock(), b.stateDir);
        webhook = WebhookReceiver.start(clock.asJavaClock());
        sdkSettings = SdkSettings.simulator(simulator.endpoint(), fleet.region());

        // Notify posts to the local receiver, unless the caller names a webhook of its own.
        Map<String, String> parameters = new HashMap<>(b.parameterOverrides);
        parameters.putIfAbsent("WebhookUrl", webhook.url().toString());
        parameters.putIfAbsent("WebhookUrlParameter", "");
        // SNS and EventBridge: the fleet's first topic and first bus of its main account and region, when it
        // names any and the template has the parameters, unless the caller names its own.
        Path template = b.home.resolve("template.yaml");
        if (!fleet.topics().isEmpty() && TemplateWiring.declaresParameter(template, "NotificationTopicArn")) {
            parameters.putIfAbsent("NotificationTopicArn", "arn:aws:sns:" + fleet.region() + ":" + fleet.accountId()
                    + ":" + fleet.topics().getFirst());
        }
        if (!fleet.eventBuses().isEmpty() && TemplateWiring.declaresParameter(template, "EventBusName")) {
            parameters.putIfAbsent("EventBusName", fleet.eventBuses().getFirst());
        }
        LocalStateMachine local;
        try {
            local = LocalStateMachine.load(b.home, parameters, Map.of(), fleet.region(), fleet.accountId(), b.logSink,
                    clock.asJavaClock());
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        wiring = local.wiring();
        try (DynamoDbClient dynamo = StackTables.client(simulator.endpoint(), fleet.region())) {
            tables = StackTables.create(dynamo, wiring.tables().values());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        s3 = StackBuckets.client(simulator.endpoint(), fleet.region());
        try {
            buckets = StackBuckets.create(s3, fleet.region(), wiring.buckets().values());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        lambdas = local.lambdas();
        machine = local.machine();
        integrations = new AwsIntegrations(fleet.region());
        engine = integrations.plugInto(Engine.builder()
                        .integration(LambdaTaskInvoker.calling(b.invokerWrapper.apply(new LambdaTaskInvoker(lambdas)))))
                .clock(clock)
                .region(fleet.region())
                .accountId(fleet.accountId())
                .listener(b.listener)
                .build();
        try {
            engine.validate(machine);
        } catch (DefinitionException e) {
            close();
            throw new IllegalStateException(wiring.definitionFile() + " calls what the simulation cannot:\n"
                    + e.getMessage(), e);
        }
    }

    public static Builder builder(Path home, Fleet fleet) {
        return new Builder(home, fleet);
    }

    /** How a simulation is set up. */
    public static final class Builder {
        private final Path home;
        private final Fleet fleet;
        private Map<String, String> parameterOverrides = Map.of();
        private ExecutionListener listener = (execution, event) -> { };
        private Consumer<String> logSink = line -> { };
        private UnaryOperator<TaskInvoker> invokerWrapper = UnaryOperator.identity();
        private Path stateDir;

        private Builder(Path home, Fleet fleet) {
            this.home = home;
            this.fleet = fleet;
        }

        /** Template parameters, as {@code sam deploy --parameter-overrides} would set them. */
        public Builder parameters(Map<String, String> overrides) {
            this.parameterOverrides = Map.copyOf(overrides);
            return this;
        }

        /**
         * Keeps the simulator's DynamoDB tables and S3 objects in {@code dir} (its {@code --state}):
         * the memory lasts from one simulation to the next.
         */
        public Builder state(Path dir) {
            this.stateDir = dir;
            return this;
        }

        public Builder listener(ExecutionListener listener) {
            this.listener = listener;
            return this;
        }

        /** Receives every line the handlers log. */
        public Builder logSink(Consumer<String> logSink) {
            this.logSink = logSink;
            return this;
        }

        /**
         * Puts something between the engine and the Lambdas: a test's way to make one call fail as
         * no simulated fault can (a fault of Step Functions itself, a Cause cut at 32,768 characters).
         */
        Builder wrapInvoker(UnaryOperator<TaskInvoker> wrapper) {
            this.invokerWrapper = wrapper;
            return this;
        }

        public Simulation start() throws IOException {
            return new Simulation(this);
        }
    }

    /** One execution, as the schedule or a StartExecution would start it; figures cover this run only. */
    public Outcome run(String inputJson) {
        simulator.resetCounters();
        lambdas.resetCounters();
        executions++;
        Execution execution = engine.run(machine, "simulated-run-" + executions, inputJson);
        return new Outcome(execution, report(execution));
    }

    /**
     * {@code count} executions started at the same simulated instant, as two schedules, or a
     * StartExecution racing the schedule, would start them: a thread of the clock starts them all,
     * so none can let time move before the last has started. Figures (cost, ECS calls) cover them
     * together.
     */
    public List<Outcome> runTogether(int count, String inputJson) {
        simulator.resetCounters();
        lambdas.resetCounters();
        List<String> names = new ArrayList<>();
        List<CompletableFuture<Execution>> executions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add("simulated-run-" + ++this.executions);
            executions.add(new CompletableFuture<>());
        }
        clock.startThread("simulate-start", () -> {
            for (int i = 0; i < count; i++) {
                String name = names.get(i);
                CompletableFuture<Execution> done = executions.get(i);
                clock.startThread("simulate-" + name, () -> {
                    try {
                        done.complete(engine.run(machine, name, inputJson));
                    } catch (RuntimeException e) {
                        done.completeExceptionally(e);
                    }
                });
            }
        });
        try {
            clock.await(CompletableFuture.allOf(executions.toArray(CompletableFuture[]::new)), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + count + " executions ran", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("an execution could not run: " + cause.getMessage(), cause);
        }
        return executions.stream().map(CompletableFuture::join).map(e -> new Outcome(e, report(e))).toList();
    }

    /** An execution and what the simulate report says of it. */
    public record Outcome(Execution execution, SimulationReport.Run run) {}

    /**
     * The time between two scheduled runs, from the template's {@code Schedule} parameter: a
     * {@code rate(...)} expression; a cron or one-time schedule counts as hourly here.
     * See https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
     */
    public Duration scheduleInterval() {
        return scheduleInterval(wiring.parameters().getOrDefault("Schedule", "rate(1 hour)"));
    }

    static Duration scheduleInterval(String expression) {
        var m = java.util.regex.Pattern.compile("rate\\(\\s*(\\d+)\\s+(minute|minutes|hour|hours|day|days)\\s*\\)")
                .matcher(expression.trim());
        if (!m.matches()) {
            return Duration.ofHours(1);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "minute", "minutes" -> Duration.ofMinutes(n);
            case "hour", "hours" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** Moves simulated time forward, as between two scheduled runs. */
    public void advance(Duration duration) {
        clock.advance(duration);
    }

    public Instant now() {
        return clock.now();
    }

    /** The template's tables, each created for this simulation or found in its state directory. */
    public List<StackTables.Table> tables() {
        return tables;
    }

    /** The template's buckets (the runs bucket), each created for this simulation or found in its state directory. */
    public List<StackBuckets.Bucket> buckets() {
        return buckets;
    }

    /** The simulator's endpoint, for a client that reads back what the runs wrote. */
    public java.net.URI endpoint() {
        return simulator.endpoint();
    }

    /** Webhook request bodies received so far, in order. */
    public List<JsonNode> messages() {
        List<JsonNode> out = new ArrayList<>();
        for (String body : webhook.bodies()) {
            try {
                out.add(JSON.readTree(body));
            } catch (IOException e) {
                out.add(JSON.getNodeFactory().textNode(body));
            }
        }
        return out;
    }

    /** When each of {@link #messages()} reached the webhook, on the simulated clock, in the same order. */
    public List<Instant> messageTimes() {
        return webhook.times();
    }

    /** What SNS Publish accepted so far, every topic, in order: the SNS target's notifications. */
    public List<SimulationReport.SnsMessage> snsMessages() {
        return simulator.snsMessages().stream().map(m -> {
            Map<String, String> attributes = new java.util.LinkedHashMap<>();
            m.attributes().forEach((name, value) -> attributes.put(name, value.value()));
            return new SimulationReport.SnsMessage(m.time().toString(), m.topicArn(), m.subject(), attributes,
                    json(m.message()));
        }).toList();
    }

    /** What EventBridge PutEvents put on an existing bus so far, in order: the EventBridge target's notifications. */
    public List<SimulationReport.Event> events() {
        return simulator.events().stream().map(e -> new SimulationReport.Event(e.time().toString(), e.eventBusArn(),
                e.source(), e.detailType(), json(e.detail()))).toList();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(text);
        }
    }

    public FleetSnapshot fleet() {
        return simulator.snapshot();
    }

    /** The ECS requests the simulator answered ThrottlingException in the last run, by action. */
    /** Every agent update the simulator accepted, with its cluster and simulated time: the record of who acted. */
    public List<dev.ecstatic.simulator.AwsSimulator.UpdateStarted> updatesStarted() {
        return simulator.updatesStarted();
    }

    /** Every drain, undrain, termination and launched instance's registration the simulator saw, in order. */
    public List<dev.ecstatic.simulator.AwsSimulator.InstanceEvent> instanceEvents() {
        return simulator.instanceEvents();
    }

    public Map<String, Long> throttledByAction() {
        return simulator.throttledByAction();
    }

    /** Every account and region the fleet file describes, as it stands now. */
    private List<FleetSnapshot> snapshots() {
        List<FleetSnapshot> snapshots = new ArrayList<>();
        snapshots.add(simulator.snapshot());
        for (Fleet.TargetSpec target : simulator.fleet().targets()) {
            snapshots.add(simulator.snapshot(target.accountId(), target.region()));
        }
        return snapshots;
    }

    /**
     * The registered instances now (every status but INACTIVE, as {@link FleetSnapshot#agentVersionCounts}
     * counts them) by platform, and how many run at least the fleet's newest agent (what an update installs).
     */
    public Map<String, SimulationReport.Agents> agentsByPlatform() {
        String newest = simulator.fleet().latestAgentVersion();
        Map<String, long[]> counts = new java.util.TreeMap<>();
        for (FleetSnapshot snapshot : snapshots()) {
            for (FleetSnapshot.ClusterState cluster : snapshot.clusters()) {
                for (FleetSnapshot.InstanceState i : cluster.instances()) {
                    if (i.status().equals("INACTIVE")) {
                        continue;
                    }
                    long[] c = counts.computeIfAbsent(i.platform(), p -> new long[2]);
                    c[0]++;
                    if (i.agentVersion() != null && TextReport.compareVersions(i.agentVersion(), newest) >= 0) {
                        c[1]++;
                    }
                }
            }
        }
        Map<String, SimulationReport.Agents> agents = new java.util.TreeMap<>();
        counts.forEach((platform, c) -> agents.put(platform, new SimulationReport.Agents(c[0], c[1], newest)));
        return agents;
    }

    /** The fleet now: every account and region the fleet file describes, counted together. */
    public SimulationReport.Fleet fleetSummary() {
        List<FleetSnapshot> snapshots = snapshots();
        Map<String, Long> versions = new HashMap<>();
        Map<String, Long> statuses = new HashMap<>();
        Map<String, Long> amis = new HashMap<>();
        for (FleetSnapshot snapshot : snapshots) {
            snapshot.agentVersionCounts().forEach((k, v) -> versions.merge(k, v, Long::sum));
            snapshot.updateStatusCounts().forEach((k, v) -> statuses.merge(k, v, Long::sum));
            snapshot.amiCounts().forEach((k, v) -> amis.merge(k, v, Long::sum));
        }
        return new SimulationReport.Fleet(versions, statuses, amis);
    }

    /**
     * The ECS, SSM, EC2 and Auto Scaling requests of the last run, by target ({@code <account>/<region>}) and
     * action: which accounts and regions a run reached.
     */
    public Map<String, Map<String, Long>> callsByTarget() {
        return simulator.callsByTarget();
    }

    private SimulationReport.Run report(Execution execution) {
        List<SimulationReport.Cluster> clusters = SimulationReport.Cluster.of(execution.output(),
                SimulationReport.ReportObjects.of(s3));
        Map<String, Long> ecsCalls = new HashMap<>();
        Map<String, Long> ec2AutoScalingCalls = new HashMap<>();
        Map<String, Long> accountCalls = new HashMap<>();
        simulator.callsByAction().forEach((action, count) -> {
            // The report's ECS calls: not SSM's, nor DynamoDB's (the memory table's, one or two a cluster),
            // nor S3's (the runs bucket's, a few a run);
            // EC2's and Auto Scaling's (the drift report, the replacements) on a line of their own, and
            // STS's and Organizations' (reaching other accounts) on another.
            if (dev.ecstatic.simulator.AwsSimulator.isEc2OrAutoScaling(action)) {
                ec2AutoScalingCalls.put(action, count);
            } else if (STS_AND_ORGANIZATIONS_ACTIONS.contains(action)) {
                accountCalls.put(action, count);
            } else if (!action.startsWith("GetParameter") && !DynamoDb.ACTIONS.contains(action)
                    && !S3_ACTIONS.contains(action) && !NOTIFICATION_ACTIONS.contains(action)) {
                ecsCalls.put(action, count);
            }
        });
        var stats = execution.stats();
        return new SimulationReport.Run(execution.status().name(), clusters, SimulationReport.totals(execution.output()),
                new SimulationReport.Stats(stats.stateTransitions(), lambdas.totalInvocations(), stats.historyEvents(),
                        stats.maxPayloadBytes(), stats.maxEventsPerExecution(), ecsCalls, ec2AutoScalingCalls,
                        accountCalls),
                execution.error(), execution.cause(), instant(execution.startDate()), instant(execution.stopDate()),
                agentsByPlatform());
    }

    private static String instant(Instant at) {
        return at == null ? null : at.toString();
    }

    @Override
    public void close() {
        if (s3 != null) {
            s3.close();
        }
        if (integrations != null) {
            integrations.close();
        }
        if (simulator != null) {
            simulator.close();
        }
        if (webhook != null) {
            webhook.close();
        }
        if (sdkSettings != null) {
            sdkSettings.close();
        }
    }
}
