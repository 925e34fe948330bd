package dev.ecstatic.cli.simulate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ecstatic.asl.Execution;
import dev.ecstatic.cli.Home;
import dev.ecstatic.cli.Inputs;
import dev.ecstatic.cli.ParameterOverrides;
import dev.ecstatic.cli.dashboard.DashboardBody;
import dev.ecstatic.cli.dashboard.DashboardSvg;
import dev.ecstatic.cli.dashboard.MetricData;
import dev.ecstatic.cli.wiring.TemplateWiring;
import dev.ecstatic.simulator.Fleet;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ecstatic simulate}: what ecstatic would do to a fleet, run after run. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Run the state machine from statemachine/, with the handlers named in template.yaml, against a "
                + "simulated ECS fleet, as the schedule would; print each run, the webhook messages, the fleet's agent "
                + "versions at the end, and what it cost.",
                "Without --fleet: a demo fleet that shows every outcome."})
public final class SimulateCommand implements Callable<Integer> {

    static final String DEMO_FLEET = "/dev/ecstatic/cli/demo-fleet.json";

    @Spec CommandSpec spec;

    @Option(names = "--fleet", paramLabel = "FILE", description = "Fleet file (JSON; format in the README).")
    Path fleetFile;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "1",
            description = "Scheduled runs to simulate, one Schedule interval apart (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--parallel-runs", paramLabel = "K", defaultValue = "1",
            description = "Start K executions at each scheduled instant, together (default: ${DEFAULT-VALUE}): each "
                    + "cluster's lease lets one act, the others end SKIPPED. Their cost is reported together.")
    int parallelRuns;

    @CommandLine.Mixin Inputs inputs = new Inputs();

    @CommandLine.Mixin ParameterOverrides parameters = new ParameterOverrides();

    @Option(names = "--json", description = "Print one JSON document on stdout and nothing else.")
    boolean json;

    @Option(names = "--state", paramLabel = "DIR",
            description = "Keep the simulator's DynamoDB tables (ecstatic's memory) and S3 objects in DIR: the next "
                    + "simulate --state DIR remembers what this one saw and said, and its runs start after these "
                    + "(ecstatic state --state DIR prints the memory). Default: in memory, gone at the end.")
    Path stateDir;

    @Option(names = "--report", paramLabel = "FILE.html",
            description = "Also write the runs as one self-contained HTML page (nothing fetched when opened): the "
                    + "fleet's convergence by platform, a timeline per cluster, the webhook messages at their time.")
    Path reportFile;

    @Option(names = "--history", paramLabel = "DIR",
            description = "Write every execution's event history (GetExecutionHistory format), and the Lambdas' log "
                    + "lines (lambda.log), under DIR.")
    Path historyDir;

    @Option(names = "--dashboard", paramLabel = "FILE.svg",
            description = "Draw the stack's CloudWatch dashboard (template.yaml's EcstaticDashboard) into FILE.svg, "
                    + "filled with the metrics the simulated runs emitted: one point per run.")
    Path dashboardFile;

    @Override
    public Integer call() throws Exception {
        if (runs < 1 || runs > 10_000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--runs must be between 1 and 10000, was " + runs);
        }
        if (parallelRuns < 1 || parallelRuns > 100) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--parallel-runs must be between 1 and 100, was "
                    + parallelRuns);
        }
        String input = inputs.executionInput(spec.commandLine());
        Path home = Home.find();
        Map<String, String> overrides = new java.util.HashMap<>(parameters.checked(spec.commandLine(), home));
        // The demo shows the daily digest: the first run of each simulated day (from 09:00 UTC) posts it,
        // unless --parameter DigestHourUtc=… says otherwise (empty: none).
        if (TemplateWiring.declaresParameter(home.resolve("template.yaml"), "DigestHourUtc")) {
            overrides.putIfAbsent("DigestHourUtc", "9");
        }
        if (historyDir != null) {
            checkWritable(historyDir, "--history");
        }
        if (stateDir != null) {
            checkWritable(stateDir, "--state");
        }
        if (reportFile != null) {
            checkOutputFile(reportFile, "--report", "report.html");
        }
        Fleet fleet = fleetFile == null ? demoFleet() : Fleet.load(fleetFile);
        DashboardBody dashboard = null;
        MetricData metrics = null;
        if (dashboardFile != null) {
            checkOutputFile(dashboardFile, "--dashboard", "dashboard.svg");
            try {
                dashboard = DashboardBody.load(home.resolve("template.yaml"), fleet.region());
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--dashboard: " + e.getMessage());
            }
            metrics = new MetricData();
        }
        String fleetName = fleetFile == null ? "demo fleet" : fleetFile.toString();
        // A fleet of several accounts or regions is visited whole unless --parameter says which to visit.
        Map<String, String> fromFleet = FleetTargets.of(fleet).missingFrom(overrides,
                TemplateWiring.declaredParameters(home.resolve("template.yaml")).keySet());
        overrides.putAll(fromFleet);
        String targetsLine = fromFleet.isEmpty() ? null : "targets from the fleet: " + fromFleet.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(java.util.stream.Collectors.joining(" "))
                + " (--parameter " + String.join("=… / ", fromFleet.keySet()) + "=… to choose)";
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Progress progress = Progress.forTerminal(err, runs);

        List<SimulationReport.Run> reports = new ArrayList<>();
        List<String> lambdaLog = java.util.Collections.synchronizedList(new ArrayList<>());
        MetricData metricSink = metrics;
        java.util.function.Consumer<String> logSink = line -> {
            if (historyDir != null) {
                lambdaLog.add(line);
            }
            if (metricSink != null) {
                metricSink.accept(line);
            }
        };
        try (Simulation simulation = Simulation.builder(home, fleet).parameters(overrides).listener(progress)
                .state(stateDir).logSink(logSink).start()) {
            Duration interval = simulation.scheduleInterval();
            if (stateDir != null && !json) {
                for (StackTables.Table table : simulation.tables()) {
                    err.println("table " + table.name() + (table.created() ? ": created in " : ": found in ") + stateDir
                            + (table.created() ? "" : ", runs resume at " + simulation.now()));
                }
                err.flush();
            }
            for (int i = 1; i <= runs; i++) {
                Instant started = simulation.now();
                progress.startRun(i);
                if (metrics != null) {
                    metrics.startRun(started);
                }
                List<Simulation.Outcome> outcomes = parallelRuns == 1 ? List.of(simulation.run(input))
                        : simulation.runTogether(parallelRuns, input);
                for (int j = 0; j < outcomes.size(); j++) {
                    reports.add(outcomes.get(j).run());
                    if (metrics != null) {
                        metrics.execution(outcomes.get(j).execution(), dashboard.stateMachine());
                    }
                    if (historyDir != null) {
                        writeHistory(historyDir.resolve("run-" + i + (parallelRuns == 1 ? "" : "-" + (j + 1))),
                                outcomes.get(j).execution());
                    }
                }
                Instant next = started.plus(interval);
                if (i < runs && simulation.now().isBefore(next)) {
                    simulation.advance(Duration.between(simulation.now(), next));
                }
            }
            progress.done();
            if (historyDir != null) {
                synchronized (lambdaLog) {
                    Files.write(Files.createDirectories(historyDir).resolve("lambda.log"), lambdaLog);
                }
            }
            SimulationReport report = new SimulationReport(reports, simulation.messages(), simulation.fleetSummary(),
                    simulation.messageTimes().stream().map(Instant::toString).toList(), simulation.snsMessages(),
                    simulation.events());
            if (json) {
                out.println(new ObjectMapper().writeValueAsString(report));
                out.flush();
            } else {
                TextReport.print(report, fleetName, targetsLine, out);
            }
            // After what the runs printed, so that a file that cannot be written loses nothing else.
            if (reportFile != null) {
                writeOutput(reportFile, HtmlReport.render(report, fleetName), "--report", "report", err);
            }
            if (dashboard != null) {
                writeOutput(dashboardFile, DashboardSvg.render(dashboard, metrics, "Simulated on the "
                        + (fleetFile == null ? "demo fleet" : "fleet " + fleetFile.getFileName())), "--dashboard",
                        "dashboard", err);
            }
        }
        return reports.stream().allMatch(r -> r.status().equals("SUCCEEDED")) ? 0 : 2;
    }

    /** A history folder that cannot be written fails the command before the run, not after it. */
    private void checkWritable(Path dir, String option) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " " + dir + ": cannot create that folder ("
                    + why(e) + ")");
        }
        try {
            Files.delete(Files.createTempFile(dir, ".ecstatic-", ".probe"));
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " " + dir + ": cannot write there (" + why(e) + ")");
        }
    }

    /**
     * The report's file is checked before the runs (a week of runs lost to a typo is a waste): its folder
     * must exist and be writable, and the name must not be a folder.
     */
    /** A file an option names (--report, --dashboard): refused before any run unless it can be written. */
    private void checkOutputFile(Path file, String option, String example) {
        Path absolute = file.toAbsolutePath();
        Path dir = absolute.getParent();
        if (Files.isDirectory(absolute)) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " " + file + ": is a folder; name a file, "
                    + "e.g. " + file.resolve(example));
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " " + file + ": the folder " + dir
                    + " does not exist");
        }
        if (!Files.isWritable(dir) || Files.exists(absolute) && !Files.isWritable(absolute)) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " " + file + ": cannot write there "
                    + "(permission denied)");
        }
    }

    private void writeOutput(Path file, String content, String option, String label, PrintWriter err) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CommandLine.ExecutionException(spec.commandLine(), option + " " + file + ": could not write it ("
                    + why(e) + ")", e);
        }
        if (!json) {
            err.println(label + ": " + file.toAbsolutePath().toUri());
            err.flush();
        }
    }

    private static String why(IOException e) {
        return switch (e) {
            case AccessDeniedException denied -> "permission denied";
            case FileAlreadyExistsException exists -> "a file of that name is in the way";
            case FileSystemException fs when fs.getReason() != null -> fs.getReason();
            default -> e.getClass().getSimpleName();
        };
    }

    /** The embedded demo fleet: one cluster for each outcome. */
    public static Fleet demoFleet() throws IOException {
        try (InputStream in = SimulateCommand.class.getResourceAsStream(DEMO_FLEET)) {
            if (in == null) {
                throw new IllegalStateException("the demo fleet " + DEMO_FLEET + " is missing from the CLI jar");
            }
            return Fleet.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "demo fleet");
        }
    }

    /** One JSON file per execution, child executions under {@code children/}, shaped as GetExecutionHistory. */
    static void writeHistory(Path dir, Execution execution) throws IOException {
        Files.createDirectories(dir);
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.writeString(dir.resolve(execution.name() + ".json"), execution.historyJson());
        List<Execution> children = execution.children();
        if (!children.isEmpty()) {
            Path childDir = Files.createDirectories(dir.resolve("children"));
            for (Execution child : children) {
                Files.writeString(childDir.resolve(child.name().replace('/', '_').replace(':', '_') + ".json"),
                        child.historyJson());
            }
        }
        Files.writeString(dir.resolve("summary.json"), mapper.writeValueAsString(Map.of(
                "name", execution.name(), "status", execution.status().name(),
                "childExecutions", children.size())));
    }
}
