package dev.ecstatic.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import dev.ecstatic.functions.model.Cluster;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One JSON line per decision through the Lambda logger, and CloudWatch Embedded Metric Format lines.
 * EMF needs no library: CloudWatch Logs extracts a metric from any log line shaped as in
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
final class Log {
    static final String NAMESPACE = "ecstatic";

    enum Level { DEBUG, INFO, WARN, ERROR }

    /** The dimension of every metric: the function's name, distinct per stack. */
    static final String DIMENSION = "FunctionName";
    /** Beside FunctionName on a metric about a cluster: the account and region of its target. */
    static final String ACCOUNT = "Account";
    static final String REGION = "Region";

    private final LambdaLogger logger;
    private final Level threshold;
    private final String handler;
    private final String functionName;
    private final Clock clock;

    private Log(LambdaLogger logger, Level threshold, String handler, String functionName, Clock clock) {
        this.logger = logger;
        this.threshold = threshold;
        this.handler = handler;
        this.functionName = functionName;
        this.clock = clock;
    }

    static Log of(Context context, Level threshold, String handler) {
        String functionName = context.getFunctionName();
        return new Log(context.getLogger(), threshold, handler,
                functionName == null || functionName.isBlank() ? handler : functionName, Clock.systemUTC());
    }

    /** Parses ECSTATIC_LOG_LEVEL; unset means INFO. */
    static Level level(Map<String, String> env) {
        String raw = env.get("ECSTATIC_LOG_LEVEL");
        if (raw == null || raw.isBlank()) {
            return Level.INFO;
        }
        String name = raw.trim().toUpperCase(Locale.ROOT);
        // The original tool passed this variable to Python's logging: accept its names too.
        if (name.equals("WARNING")) {
            return Level.WARN;
        }
        if (name.equals("CRITICAL")) {
            return Level.ERROR;
        }
        try {
            return Level.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("ECSTATIC_LOG_LEVEL is '" + raw
                    + "': set it to one of DEBUG, INFO, WARN, ERROR (or leave it unset for INFO)");
        }
    }

    void debug(String event, Map<String, ?> fields) {
        log(Level.DEBUG, event, fields);
    }

    void info(String event, Map<String, ?> fields) {
        log(Level.INFO, event, fields);
    }

    void warn(String event, Map<String, ?> fields) {
        log(Level.WARN, event, fields);
    }

    void error(String event, Map<String, ?> fields) {
        log(Level.ERROR, event, fields);
    }

    private void log(Level level, String event, Map<String, ?> fields) {
        if (level.compareTo(threshold) < 0) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("level", level);
        line.put("handler", handler);
        line.put("event", event);
        line.putAll(fields);
        logger.log(Json.write(line) + "\n");
    }

    /**
     * One EMF line: a Count metric in namespace ecstatic. Every line has the dimension set
     * [FunctionName] (the Lambda function's name, so each stack's metrics stay apart: the stack-wide
     * series that template.yaml's NotificationsFailed alarm adds up, one query per sending function, each
     * naming one exact dimension set). A line about a cluster also has [FunctionName, Account, Region], its target
     * from its ARN; without a cluster (null: a fleet-wide message), or with an ARN that names no
     * account and region, [FunctionName] alone. The cluster's name is a plain member of the line, for
     * Logs Insights, never a dimension: each distinct dimension set is a custom metric billed by the
     * month, so a Cluster dimension would cost per cluster (1,000 clusters × 5 metrics = 5,000 metrics)
     * where this costs 7 per stack plus 6 per target (the metrics about a cluster: BlockedClusters,
     * OutdatedAgents, UpdatesStarted, ReplacementsStarted, and NotificationsFailed under each function
     * that sends a message about a cluster, Notify and Conclude; Digest sends it with no cluster, so
     * [FunctionName] alone), bounded by the configured accounts × regions.
     * One line with two dimension sets is two metrics from one value, as the specification allows.
     * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
     */
    void metric(String name, long value, Cluster cluster) {
        String account = cluster == null ? null : cluster.account();
        String region = cluster == null ? null : cluster.region();
        boolean target = account != null && region != null;
        Map<String, String> dimensions = new LinkedHashMap<>();
        if (target) {
            dimensions.put(ACCOUNT, account);
            dimensions.put(REGION, region);
        }
        emit(name, value, "Count", target ? List.of(List.of(DIMENSION), List.of(DIMENSION, ACCOUNT, REGION))
                : List.of(List.of(DIMENSION)), dimensions, cluster == null ? null : cluster.name());
    }

    /**
     * One EMF line of a stack-wide figure with exactly one dimension set: [FunctionName] followed by
     * {@code dimensions}' names in their order (none, or a bounded breakdown such as an outcome or a
     * platform: never a cluster, account or region name, each distinct value being a billed custom
     * metric). {@code unit} is a CloudWatch unit name (Count, Seconds, None, ...), as listed in
     * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDatum.html
     * The dashboard in template.yaml reads these series (docs/payloads.md, "Metrics").
     */
    void metric(String name, Number value, String unit, Map<String, String> dimensions) {
        List<String> set = new java.util.ArrayList<>();
        set.add(DIMENSION);
        set.addAll(dimensions.keySet());
        emit(name, value, unit, List.of(List.copyOf(set)), dimensions, null);
    }

    private void emit(String name, Number value, String unit, List<List<String>> sets, Map<String, String> dimensions,
                      String cluster) {
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("Namespace", NAMESPACE);
        definition.put("Dimensions", sets);
        definition.put("Metrics", List.of(Map.of("Name", name, "Unit", unit)));
        Map<String, Object> aws = new LinkedHashMap<>();
        aws.put("Timestamp", clock.millis());
        aws.put("CloudWatchMetrics", List.of(definition));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("_aws", aws);
        line.put(DIMENSION, functionName);
        line.putAll(dimensions);
        line.put("handler", handler);
        line.put("cluster", cluster);
        line.put(name, value);
        logger.log(Json.write(line) + "\n");
    }
}
