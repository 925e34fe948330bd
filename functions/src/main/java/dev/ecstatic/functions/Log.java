package dev.ecstatic.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
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

    /** The one dimension of every metric: the function's name, distinct per stack. */
    static final String DIMENSION = "FunctionName";

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
     * One EMF line: a Count metric in namespace ecstatic with the one dimension FunctionName (the
     * Lambda function's name, so each stack's metrics stay apart). The cluster is a plain member of
     * the line, for Logs Insights, never a dimension: each distinct dimension set is a custom metric
     * billed by the month, so a Cluster dimension would cost per cluster (1,000 clusters × 4 metrics
     * = 4,000 metrics) where this costs 4 per stack.
     * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
     */
    void metric(String name, long value, String cluster) {
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("Namespace", NAMESPACE);
        definition.put("Dimensions", List.of(List.of(DIMENSION)));
        definition.put("Metrics", List.of(Map.of("Name", name, "Unit", "Count")));
        Map<String, Object> aws = new LinkedHashMap<>();
        aws.put("Timestamp", clock.millis());
        aws.put("CloudWatchMetrics", List.of(definition));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("_aws", aws);
        line.put(DIMENSION, functionName);
        line.put("handler", handler);
        line.put("cluster", cluster);
        line.put(name, value);
        logger.log(Json.write(line) + "\n");
    }
}
