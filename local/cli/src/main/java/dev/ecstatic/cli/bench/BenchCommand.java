package dev.ecstatic.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecstatic.asl.bench.ThroughputBenchmark;
import dev.ecstatic.cli.Home;
import dev.ecstatic.cli.integrations.SdkSettings;
import dev.ecstatic.cli.simulate.FleetTargets;
import dev.ecstatic.cli.simulate.SimulateCommand;
import dev.ecstatic.cli.simulate.Simulation;
import dev.ecstatic.cli.simulate.SimulationReport;
import dev.ecstatic.simulator.AwsSimulator;
import dev.ecstatic.simulator.Fleet;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ecstatic bench}: what a run costs per cluster, how long a rollout takes (simulated), how
 * fast the engine runs, and a handler's first invocation in a fresh JVM; with
 * {@code --simulator-throughput}, the simulator's DynamoDB requests per second against a bare HTTP
 * server's; with {@code --payloads}, the largest payload of runs of 10, 1,000 and 10,000 clusters; with
 * {@code --targets}, a run over 10 account-regions of 1,000 clusters each.
 * Measured, not asserted: the numbers go into issue notes and the README.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure cost per cluster-run, simulated rollout time, engine throughput and handler cold start; "
                + "or, with --simulator-throughput, the simulator's DynamoDB requests per second; with --payloads, the "
                + "largest payload by fleet size; with --targets, a run over many accounts and regions.")
public final class BenchCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--clusters", paramLabel = "N", defaultValue = "100",
            description = "Clusters in the cost fleets (default: ${DEFAULT-VALUE}).")
    int clusters;

    @Option(names = "--cold-starts", paramLabel = "N", defaultValue = "5",
            description = "Fresh JVMs for the cold-start figure (default: ${DEFAULT-VALUE}).")
    int coldStarts;

    @Option(names = "--throughput-seconds", paramLabel = "S", defaultValue = "10",
            description = "Measured seconds of engine throughput, after 3 s of warm-up (default: ${DEFAULT-VALUE}).")
    double throughputSeconds;

    @Option(names = "--simulator-throughput",
            description = "Only measure PutItem and GetItem per second through the AWS SDK (url-connection client, one "
                    + "thread and connection, 1 KiB items) against the simulator and against a bare JDK HttpServer.")
    boolean simulatorThroughput;

    @Option(names = "--throughput-calls", paramLabel = "N", defaultValue = "20000",
            description = "With --simulator-throughput: calls of each action per measured round (default: ${DEFAULT-VALUE}; "
                    + "2,000 warm-up calls first, median of 3 rounds).")
    int throughputCalls;

    @Option(names = "--throttling",
            description = "Only run the two throttling scenarios under the simulator's default (AWS's) ECS throttling: "
                    + "a 5,000-instance cluster beside nine of 1,000, and 1,500 clusters of 2 instances; prints outcomes, "
                    + "wall time, ECS calls and the throttles the SDK's retries absorbed.")
    boolean throttling;

    @Option(names = "--payloads",
            description = "Only run fleets of --payload-clusters up-to-date clusters (1 instance each) and print, for "
                    + "each, the run's status, its largest payload (state input, output or task result; Step Functions' "
                    + "limit is 256 KiB), history events, transitions, Lambda invocations, wall time and peak heap.")
    boolean payloads;

    @Option(names = "--payload-clusters", paramLabel = "N,N,...", split = ",", defaultValue = "10,1000,10000",
            description = "With --payloads: the fleet sizes (default: ${DEFAULT-VALUE}).")
    List<Integer> payloadClusters;

    @Option(names = "--targets",
            description = "Only run one execution over --target-count account-regions (accounts x 2 regions when the "
                    + "count is even, else one region), --target-clusters up-to-date clusters in all, AWS's default "
                    + "ECS throttling, the member role in every account but the main one; print the run's status, wall "
                    + "time, peak heap, largest payload, most history events in one execution, transitions, Lambda "
                    + "invocations, ECS and AssumeRole calls, in all and per cluster-run.")
    boolean targets;

    @Option(names = "--target-count", paramLabel = "N", defaultValue = "10",
            description = "With --targets: account-regions (default: ${DEFAULT-VALUE}).")
    int targetCount;

    @Option(names = "--target-clusters", paramLabel = "N", defaultValue = "10000",
            description = "With --targets: clusters in all, spread evenly over the targets (default: ${DEFAULT-VALUE}).")
    int targetClusters;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (targets) {
            return targets(out, Home.find());
        }
        if (simulatorThroughput) {
            return simulatorThroughput(out);
        }
        if (throttling) {
            return throttling(out, Home.find());
        }
        if (payloads) {
            return payloads(out, Home.find());
        }
        Path home = Home.find();
        out.printf("ecstatic bench on %d cores, Java %s%n%n", Runtime.getRuntime().availableProcessors(),
                Runtime.version());

        out.println("Cost per cluster-run (figures divided by the number of clusters):");
        cost(out, home, "steady state (20 up-to-date instances)", fleet(clusters, 20, "1.89.0"), "{}");
        cost(out, home, "outdated (20 instances, one update)", fleet(clusters, 20, "1.86.3"), "{}");
        cost(out, home, "dry run (20 outdated instances)", fleet(clusters, 20, "1.86.3"), "{\"dryRun\": true}");
        out.flush();

        out.println();
        out.println("Fleet rollout, 20 clusters x 10 outdated instances, hourly runs (simulated time):");
        rollout(out, home, 1);
        rollout(out, home, 5);
        rollout(out, home, 10);
        out.flush();

        out.println();
        ThroughputBenchmark.Result t = ThroughputBenchmark.run(3, throughputSeconds, 100, 40);
        out.printf("Engine throughput (Map -> Task -> Choice -> Pass, JSONata, simulated clock): %,.0f state "
                + "transitions/s (%,d transitions in %.1f s)%n", t.transitionsPerSecond(), t.stateTransitions(), t.seconds());
        out.flush();

        out.println();
        coldStart(out, home);
        out.flush();
        return 0;
    }

    private void cost(PrintWriter out, Path home, String label, String fleetJson, String input) throws Exception {
        try (Simulation sim = Simulation.builder(home, Fleet.parse(fleetJson, label)).start()) {
            long started = System.nanoTime();
            SimulationReport.Run run = sim.run(input).run();
            double seconds = (System.nanoTime() - started) / 1e9;
            SimulationReport.Stats s = run.stats();
            double n = run.clusters().size();
            long ecs = s.ecsCalls().values().stream().mapToLong(Long::longValue).sum();
            long ec2 = s.ec2AutoScalingCalls().values().stream().mapToLong(Long::longValue).sum();
            out.printf("  %-40s %5.2f transitions, %4.2f Lambda invocations, %5.2f history events, %5.2f ECS calls "
                            + "(%4.2f UpdateContainerAgent), %4.2f EC2 and Auto Scaling calls; largest payload %,d B;"
                            + " %.2f s wall for %d clusters%n",
                    label, s.stateTransitions() / n, s.lambdaInvocations() / n, s.historyEvents() / n, ecs / n,
                    s.ecsCalls().getOrDefault("UpdateContainerAgent", 0L) / n, ec2 / n, s.maxPayloadBytes(), seconds,
                    (int) n);
        }
    }

    /**
     * Issue 9's two throttling scenarios, on AWS's ECS token buckets (refilled by real time while a
     * Lambda's SDK backs off, as on AWS): every read must get through with the SDK's retries, none may
     * end in ERROR.
     */
    private int throttling(PrintWriter out, Path home) throws Exception {
        out.printf("ECS throttling as AWS does it (default buckets), %d cores, Java %s%n", Runtime.getRuntime()
                .availableProcessors(), Runtime.version());
        StringBuilder big = new StringBuilder("{\"name\":\"huge\",\"instances\":[{\"count\":5000,"
                + "\"agentVersion\":\"1.86.3\",\"amiId\":\"ami-0al2023new\"}]}");
        for (int i = 1; i <= 9; i++) {
            big.append(",{\"name\":\"busy-").append(i).append("\",\"instances\":[{\"count\":1000,")
                    .append("\"agentVersion\":\"1.86.3\",\"amiId\":\"ami-0al2023new\"}]}");
        }
        throttled(out, home, "a 5,000-instance cluster beside nine of 1,000 (MaxConcurrency 10)",
                withClusters(fleet(0, 0, "1.86.3"), big.toString()), "huge");
        throttled(out, home, "1,500 clusters of 2 outdated instances (MaxConcurrency 10)",
                fleet(1500, 2, "1.86.3").replace("\"throttle\":false", "\"throttle\":true"), null);
        return 0;
    }

    private static String withClusters(String fleetJson, String clusters) {
        return fleetJson.replace("\"clusters\":[]", "\"clusters\":[" + clusters + "]")
                .replace("\"throttle\":false", "\"throttle\":true");
    }

    private void throttled(PrintWriter out, Path home, String label, String fleetJson, String watched) throws Exception {
        out.println();
        out.println(label + ":");
        out.flush();
        try (Simulation sim = Simulation.builder(home, Fleet.parse(fleetJson, label)).start()) {
            long started = System.nanoTime();
            SimulationReport.Run run = sim.run("{}").run();
            double seconds = (System.nanoTime() - started) / 1e9;
            Map<String, Long> outcomes = new TreeMap<>();
            run.clusters().forEach(c -> outcomes.merge(c.outcome(), 1L, Long::sum));
            out.printf("  run %s in %.1f s wall; outcomes %s%n", run.status(), seconds, outcomes);
            if (watched != null) {
                run.clusters().stream().filter(c -> c.cluster().equals(watched)).forEach(c ->
                        out.printf("  %s: %s %s%n", c.cluster(), c.outcome(), c.detail()));
            }
            out.printf("  ECS calls %s%n  throttled (absorbed by the SDK's retries unless a cluster ended ERROR) %s%n",
                    new TreeMap<>(run.stats().ecsCalls()), sim.throttledByAction());
            out.flush();
        }
    }

    /**
     * Issue 14's measure: the clusters travel through the runs bucket (List clusters writes them, the
     * Map's ItemReader reads them, its ResultWriter writes the results, Summarize the results the report),
     * so the largest payload must not grow with the number of clusters.
     */
    private int payloads(PrintWriter out, Path home) throws Exception {
        for (int n : payloadClusters) {
            if (n < 0 || n > 10_000) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--payload-clusters: each size must be between 0 and 10000 (ECS's quota per account and region), was " + n);
            }
        }
        out.printf("Largest payload by fleet size (up-to-date clusters of 1 instance, default parameters), %d cores, "
                + "Java %s, max heap %,d MiB%n", Runtime.getRuntime().availableProcessors(), Runtime.version(),
                Runtime.getRuntime().maxMemory() >> 20);
        out.flush();
        boolean allSucceeded = true;
        for (int n : payloadClusters) {
            System.gc();
            resetPeakHeap();
            try (Simulation sim = Simulation.builder(home, Fleet.parse(fleet(n, 1, "1.89.0"), "payloads")).start()) {
                long started = System.nanoTime();
                Simulation.Outcome outcome = sim.run("{}");
                double seconds = (System.nanoTime() - started) / 1e9;
                SimulationReport.Run run = outcome.run();
                SimulationReport.Stats s = run.stats();
                allSucceeded &= run.status().equals("SUCCEEDED") && run.clusters().size() == n;
                out.printf("  %,6d clusters: %s, %,d records in the report; largest payload %,d B; parent output %,d B; "
                                + "history events %,d (parent %,d, at most %,d in one execution); %,d transitions, %,d Lambda "
                                + "invocations; %.1f s wall; peak heap %,d MiB%n",
                        n, run.status(), run.clusters().size(), s.maxPayloadBytes(),
                        outcome.execution().output() == null ? 0 : outcome.execution().output().getBytes(
                                java.nio.charset.StandardCharsets.UTF_8).length,
                        s.historyEvents(), outcome.execution().history().size(), s.maxEventsPerExecution(),
                        s.stateTransitions(), s.lambdaInvocations(), seconds, peakHeap() >> 20);
                out.flush();
            }
        }
        return allSucceeded ? 0 : 2;
    }

    /**
     * Issue 14's measure: one deployment visiting many accounts and regions. The cost per cluster-run should be
     * close to a single account's, the AssumeRole calls bounded by the targets (credentials are cached per account
     * and session), and the largest payload independent of the number of clusters.
     */
    private int targets(PrintWriter out, Path home) throws Exception {
        if (targetCount < 1 || targetCount > 100) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--target-count must be between 1 and 100, was " + targetCount);
        }
        if (targetClusters < targetCount || targetClusters > 10_000 * targetCount) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--target-clusters must be between "
                    + "--target-count (one cluster a target) and 10000 a target (ECS's quota per account and region), "
                    + "was " + targetClusters);
        }
        Fleet fleet = Fleet.parse(targetsFleet(targetCount, targetClusters), "targets");
        FleetTargets configured = FleetTargets.of(fleet);
        Map<String, String> parameters = configured.missingFrom(Map.of(),
                dev.ecstatic.cli.wiring.TemplateWiring.declaredParameters(home.resolve("template.yaml")).keySet());
        out.printf("%,d clusters over %d account-regions (%d accounts x %d regions; up-to-date clusters of 1 instance, "
                        + "default ECS throttling), %d cores, Java %s, max heap %,d MiB%n", targetClusters, targetCount,
                configured.accounts().size(), configured.regions().size(), Runtime.getRuntime().availableProcessors(),
                Runtime.version(), Runtime.getRuntime().maxMemory() >> 20);
        if (parameters.size() < 2) {
            out.println("  template.yaml has no Accounts and Regions parameters: the run visits the main account and "
                    + "region only");
        }
        out.flush();
        System.gc();
        resetPeakHeap();
        try (Simulation sim = Simulation.builder(home, fleet).parameters(parameters).start()) {
            long started = System.nanoTime();
            Simulation.Outcome outcome = sim.run("{}");
            double seconds = (System.nanoTime() - started) / 1e9;
            SimulationReport.Run run = outcome.run();
            SimulationReport.Stats s = run.stats();
            long ecs = s.ecsCalls().values().stream().mapToLong(Long::longValue).sum();
            long assumeRole = s.stsOrganizationsCalls().getOrDefault("AssumeRole", 0L);
            Map<String, Long> outcomes = new TreeMap<>();
            run.clusters().forEach(c -> outcomes.merge(c.outcome(), 1L, Long::sum));
            long reached = run.clusters().stream().map(SimulationReport.Cluster::target).distinct().count();
            double n = Math.max(1, run.clusters().size());
            out.printf("  status %s; %,d records from %d targets, outcomes %s%n", run.status(), run.clusters().size(),
                    reached, outcomes);
            out.printf("  %.1f s wall; peak heap %,d MiB; largest payload %,d B; at most %,d history events in one "
                            + "execution (%,d in all, parent %,d)%n", seconds, peakHeap() >> 20, s.maxPayloadBytes(),
                    s.maxEventsPerExecution(), s.historyEvents(), outcome.execution().history().size());
            out.printf("  %,d state transitions, %,d Lambda invocations, %,d ECS calls %s, %,d AssumeRole calls%n",
                    s.stateTransitions(), s.lambdaInvocations(), ecs, new TreeMap<>(s.ecsCalls()), assumeRole);
            out.printf("  per cluster-run: %.2f transitions, %.2f Lambda invocations, %.2f ECS calls%n",
                    s.stateTransitions() / n, s.lambdaInvocations() / n, ecs / n);
            out.printf("  ECS throttled (absorbed by the SDK's retries unless a record is ERROR) %s%n", sim.throttledByAction());
            out.flush();
            return run.status().equals("SUCCEEDED") && run.clusters().size() == targetClusters
                    && !outcomes.containsKey("ERROR") ? 0 : 2;
        }
    }

    /**
     * {@code count} account-regions (accounts x 2 regions when even, else accounts x 1), the main one first,
     * {@code clusters} up-to-date clusters of one instance spread evenly, the member role in every other account.
     */
    static String targetsFleet(int count, int clusters) {
        List<String> regions = count % 2 == 0 ? List.of("us-east-1", "eu-west-1") : List.of("us-east-1");
        int accounts = count / regions.size();
        StringBuilder targets = new StringBuilder();
        StringBuilder roles = new StringBuilder();
        String main = "";
        int made = 0;
        for (int a = 0; a < accounts; a++) {
            String account = String.valueOf(100_000_000_000L + a);
            if (a > 0) {
                roles.append(roles.isEmpty() ? "" : ",").append("{\"account\":\"").append(account)
                        .append("\",\"name\":\"ecstatic-member\",\"trusts\":[\"100000000000\"]}");
            }
            for (String region : regions) {
                int index = a * regions.size() + regions.indexOf(region);
                int here = clusters / count + (index < clusters % count ? 1 : 0);
                StringBuilder names = new StringBuilder();
                for (int i = 0; i < here; i++) {
                    names.append(i == 0 ? "" : ",").append("{\"name\":\"bench-").append(made++)
                            .append("\",\"instances\":[{\"count\":1,\"agentVersion\":\"1.89.0\",\"amiId\":\"ami-0al2023new\"}]}");
                }
                if (index == 0) {
                    main = names.toString();
                } else {
                    targets.append(targets.isEmpty() ? "" : ",").append("{\"accountId\":\"").append(account)
                            .append("\",\"region\":\"").append(region).append("\",\"clusters\":[").append(names).append("]}");
                }
            }
        }
        return fleet(0, 0, "1.89.0").replace("\"accountId\":\"123456789012\"", "\"accountId\":\"100000000000\"")
                .replace("\"clusters\":[]", "\"clusters\":[" + main + "],\"targets\":[" + targets + "],\"roles\":["
                        + roles + "]")
                .replace(",\"faults\":{\"throttle\":false}", "");
    }

    private static void resetPeakHeap() {
        for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** The sum of the heap pools' peaks since {@link #resetPeakHeap()}: an upper bound of the peak heap. */
    private static long peakHeap() {
        long peak = 0;
        for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    private void rollout(PrintWriter out, Path home, int maxUpdates) throws Exception {
        try (Simulation sim = Simulation.builder(home, Fleet.parse(fleet(20, 10, "1.86.3"), "rollout")).start()) {
            long wall = System.nanoTime();
            var start = sim.now();
            int runs = 0;
            while (runs < 100 && sim.fleetSummary().agentVersions().getOrDefault("1.89.0", 0L) < 200) {
                runs++;
                var runStart = sim.now();
                sim.run("{\"maxUpdatesPerCluster\": " + maxUpdates + "}");
                Duration spent = Duration.between(runStart, sim.now());
                sim.advance(spent.compareTo(Duration.ofHours(1)) < 0 ? Duration.ofHours(1).minus(spent) : Duration.ZERO);
            }
            Duration simulated = Duration.between(start, sim.now());
            out.printf("  maxUpdatesPerCluster %-3d %3d runs, %s simulated until all 200 agents run 1.89.0 "
                    + "(%.1f s wall)%n", maxUpdates, runs, simulated, (System.nanoTime() - wall) / 1e9);
        }
    }

    private void coldStart(PrintWriter out, Path home) throws Exception {
        Fleet demo = SimulateCommand.demoFleet();
        try (AwsSimulator simulator = AwsSimulator.start(demo, 0, Clock.systemUTC())) {
            String java = ProcessHandle.current().info().command().orElse("java");
            List<Double> firsts = new ArrayList<>();
            List<Double> jvm = new ArrayList<>();
            ObjectMapper json = new ObjectMapper();
            for (int i = 0; i < coldStarts; i++) {
                List<String> command = new ArrayList<>(List.of(java, "-XX:+UseSerialGC"));
                command.addAll(SdkSettings.jvmFlags(simulator.endpoint(), demo.region()));
                command.addAll(List.of("-cp", System.getProperty("java.class.path"), ColdStart.class.getName(),
                        "dev.ecstatic.functions.ListInstancesHandler", home.resolve("events/list-instances.json").toString()));
                Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                String output = new String(p.getInputStream().readAllBytes()).trim();
                if (p.waitFor() != 0) {
                    throw new IllegalStateException("cold-start probe failed: " + output);
                }
                JsonNode line = json.readTree(output.substring(output.lastIndexOf('{')));
                firsts.add(line.path("firstInvocationMs").asDouble());
                jvm.add(line.path("jvmToMainMs").asDouble());
            }
            out.printf("ListInstances cold start in a fresh JVM (%d runs, default JIT as in template.yaml, no SnapStart): "
                            + "handler construction + first invocation median %.0f ms "
                            + "(min %.0f, max %.0f); JVM start to main median %.0f ms%n",
                    coldStarts, median(firsts), Collections.min(firsts), Collections.max(firsts), median(jvm));
        }
    }

    private int simulatorThroughput(PrintWriter out) {
        if (throughputCalls < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--throughput-calls must be at least 1, was " + throughputCalls);
        }
        out.printf("Simulator throughput on %d cores, Java %s: DynamoDB PutItem and GetItem through the AWS SDK v2 "
                        + "(url-connection client, one thread, one keep-alive connection, 1 KiB items), 2,000 warm-up "
                        + "calls of each, then the median of 3 rounds of %,d%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), throughputCalls);
        out.flush();
        SimulatorThroughput.Result r = SimulatorThroughput.run(2_000, throughputCalls, 3, out);
        out.printf("  bare JDK HttpServer answering {}: PutItem %,.0f/s, GetItem %,.0f/s%n",
                r.bare().putItemsPerSecond(), r.bare().getItemsPerSecond());
        out.printf("  simulator:                        PutItem %,.0f/s, GetItem %,.0f/s (%.0f%% and %.0f%% of the bare "
                        + "server; the goal is at least 50%%)%n",
                r.simulator().putItemsPerSecond(), r.simulator().getItemsPerSecond(), 100 * r.putRatio(), 100 * r.getRatio());
        out.flush();
        return 0;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }

    /** n clusters of m instances at one agent version, no throttling. */
    static String fleet(int n, int m, String version) {
        StringBuilder clusters = new StringBuilder();
        for (int i = 0; i < n; i++) {
            clusters.append(i == 0 ? "" : ",").append("{\"name\":\"bench-").append(i).append("\",\"instances\":[{\"count\":")
                    .append(m).append(",\"agentVersion\":\"").append(version).append("\",\"amiId\":\"ami-0al2023new\"}]}");
        }
        return "{\"region\":\"us-east-1\",\"accountId\":\"123456789012\",\"seed\":5,\"latestAgentVersion\":\"1.89.0\","
                + "\"recommended\":{\"amazon-linux-2023\":{\"ecs_agent_version\":\"1.88.0\",\"ecs_runtime_version\":"
                + "\"Docker version 25.0.8\",\"image_id\":\"ami-0al2023new\"}},\"clusters\":[" + clusters
                + "],\"faults\":{\"throttle\":false}}";
    }
}
