package dev.ecstatic.cli.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecstatic.asl.Execution;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The figures a simulation would have sent CloudWatch, run by run: each Embedded Metric Format line the
 * local Lambdas log (as CloudWatch Logs extracts it: one metric per dimension set of the line, its values
 * the line's members of those names), and the AWS/States metrics of each execution of the state machine.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 * A line belongs to the run under way when it is logged (the simulator's clock, not the line's Timestamp,
 * which is the machine's). Lines come from the Map's concurrent branches: the sink is thread-safe.
 */
public final class MetricData implements Consumer<String> {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One value of one metric: its namespace, name, dimensions (name → value) and run (1-based). */
    public record Point(int run, String namespace, String name, Map<String, String> dimensions, double value) {}

    private final List<Point> points = new ArrayList<>();
    private final List<Instant> runStarts = new ArrayList<>();
    private final List<String> unreadable = new ArrayList<>();

    /** Lines from now on belong to run {@code runStarts().size() + 1}, started at {@code at} (simulated time). */
    public synchronized void startRun(Instant at) {
        runStarts.add(at);
    }

    /** The simulated start of each run, in order. */
    public synchronized List<Instant> runStarts() {
        return List.copyOf(runStarts);
    }

    /**
     * What Step Functions counts of an execution of this state machine (namespace AWS/States, dimension
     * StateMachineArn): ExecutionTime in milliseconds, and one ExecutionsSucceeded, ExecutionsFailed,
     * ExecutionsTimedOut or ExecutionsAborted. {@code stateMachine} stands for its ARN, as in the body.
     * https://docs.aws.amazon.com/step-functions/latest/dg/procedure-cw-metrics.html
     */
    public synchronized void execution(Execution execution, String stateMachine) {
        int run = Math.max(1, runStarts.size());
        Map<String, String> dimensions = Map.of("StateMachineArn", stateMachine);
        if (execution.startDate() != null && execution.stopDate() != null) {
            points.add(new Point(run, "AWS/States", "ExecutionTime", dimensions,
                    Duration.between(execution.startDate(), execution.stopDate()).toMillis()));
        }
        String counted = switch (execution.status()) {
            case SUCCEEDED -> "ExecutionsSucceeded";
            case FAILED -> "ExecutionsFailed";
            case TIMED_OUT -> "ExecutionsTimedOut";
            case ABORTED -> "ExecutionsAborted";
        };
        points.add(new Point(run, "AWS/States", counted, dimensions, 1));
    }

    /** A log line: an EMF line adds its metrics; any other line is not about metrics and is ignored. */
    @Override
    public void accept(String line) {
        if (line == null || !line.startsWith("{") || !line.contains("\"_aws\"")) {
            return;
        }
        JsonNode root;
        try {
            root = JSON.readTree(line);
        } catch (IOException e) {
            synchronized (this) {
                unreadable.add(line.length() > 120 ? line.substring(0, 120) + "…" : line);
            }
            return;
        }
        List<Point> read = new ArrayList<>();
        for (JsonNode definition : root.path("_aws").path("CloudWatchMetrics")) {
            String namespace = definition.path("Namespace").asText();
            for (JsonNode set : definition.path("Dimensions")) {
                Map<String, String> dimensions = new LinkedHashMap<>();
                for (JsonNode name : set) {
                    dimensions.put(name.asText(), root.path(name.asText()).asText());
                }
                for (JsonNode metric : definition.path("Metrics")) {
                    String name = metric.path("Name").asText();
                    if (root.path(name).isNumber()) {
                        read.add(new Point(0, namespace, name, dimensions, root.path(name).asDouble()));
                    }
                }
            }
        }
        synchronized (this) {
            int run = Math.max(1, runStarts.size());
            read.forEach(p -> points.add(new Point(run, p.namespace(), p.name(), p.dimensions(), p.value())));
        }
    }

    /** Every value so far. */
    public synchronized List<Point> points() {
        return List.copyOf(points);
    }

    /** Lines that looked like EMF but were not JSON (none is expected: a test says so). */
    public synchronized List<String> unreadable() {
        return List.copyOf(unreadable);
    }

    /** Each metric seen, as {@code namespace/name [Dim1, Dim2]} ({@link DashboardBody.Metric#identity()}). */
    public synchronized Set<String> identities() {
        Set<String> seen = new TreeSet<>();
        points.forEach(p -> seen.add(p.namespace() + "/" + p.name() + " " + p.dimensions().keySet()));
        return seen;
    }

    /**
     * The value of {@code metric} in each run (index 0 = run 1), its statistic over the run's values with
     * exactly its dimensions; null where the run sent none (CloudWatch draws no point there).
     */
    public synchronized List<Double> series(DashboardBody.Metric metric) {
        int runs = Math.max(runStarts.size(), points.stream().mapToInt(Point::run).max().orElse(0));
        List<List<Double>> byRun = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            byRun.add(new ArrayList<>());
        }
        for (Point p : points) {
            if (p.namespace().equals(metric.namespace()) && p.name().equals(metric.name())
                    && p.dimensions().equals(metric.dimensions())) {
                byRun.get(p.run() - 1).add(p.value());
            }
        }
        List<Double> out = new ArrayList<>();
        for (List<Double> values : byRun) {
            out.add(values.isEmpty() ? null : statistic(metric.stat(), values));
        }
        return out;
    }

    static double statistic(String stat, List<Double> values) {
        return switch (stat) {
            case "Sum" -> values.stream().mapToDouble(Double::doubleValue).sum();
            case "Maximum" -> values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            case "Minimum" -> values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            case "Average" -> values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            case "SampleCount" -> values.size();
            default -> throw new IllegalArgumentException("statistic " + stat
                    + " is not drawn locally: use Sum, Maximum, Minimum, Average or SampleCount");
        };
    }
}
