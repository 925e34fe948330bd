package dev.ecstatic.functions;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A Lambda context whose logger keeps every line, so tests can read the JSON log and EMF lines. */
final class CapturingContext implements Context {
    final List<String> lines = new ArrayList<>();
    private final int remainingMillis;

    /** An invocation with Lambda's longest time, 900 s, ahead. */
    CapturingContext() {
        this(900_000);
    }

    CapturingContext(int remainingMillis) {
        this.remainingMillis = remainingMillis;
    }

    private final LambdaLogger logger = new LambdaLogger() {
        @Override
        public void log(String message) {
            lines.add(message.strip());
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8));
        }
    };

    /** Every line parsed as JSON (all of them must be JSON). */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> json() {
        return lines.stream().map(l -> (Map<String, Object>) Json.parse(l)).toList();
    }

    /** The EMF lines' values of one metric in the series [FunctionName] (the per-cluster and stack-wide lines). */
    List<Long> metric(String name) {
        return emf(name).stream().filter(m -> dimensionSets(m).contains(List.of(Log.DIMENSION)))
                .map(m -> (Long) m.get(name)).toList();
    }

    /** The EMF lines of one metric, whatever their dimensions. */
    List<Map<String, Object>> emf(String name) {
        return json().stream().filter(m -> m.containsKey("_aws") && m.containsKey(name)).toList();
    }

    /**
     * The values of one metric whose only dimension set is [FunctionName, {@code dimension}], by that
     * dimension's value (a value emitted twice fails the test's assumption, a clear message).
     */
    Map<String, Number> metricBy(String name, String dimension) {
        Map<String, Number> values = new java.util.TreeMap<>();
        for (Map<String, Object> line : emf(name)) {
            if (dimensionSets(line).equals(List.of(List.of(Log.DIMENSION, dimension)))) {
                Object key = line.get(dimension);
                if (values.put(String.valueOf(key), (Number) line.get(name)) != null) {
                    throw new AssertionError(name + " emitted twice for " + dimension + "=" + key);
                }
            }
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    static List<List<String>> dimensionSets(Map<String, Object> line) {
        Map<String, Object> aws = (Map<String, Object>) line.get("_aws");
        List<Map<String, Object>> definitions = (List<Map<String, Object>>) aws.get("CloudWatchMetrics");
        return definitions.stream().flatMap(d -> ((List<List<String>>) d.get("Dimensions")).stream()).toList();
    }

    List<Map<String, Object>> events(String event) {
        return json().stream().filter(m -> event.equals(m.get("event"))).toList();
    }

    @Override
    public String getAwsRequestId() {
        return "test-request";
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/test";
    }

    @Override
    public String getLogStreamName() {
        return "test";
    }

    @Override
    public String getFunctionName() {
        return "test";
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:123456789012:function:test";
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return remainingMillis;
    }

    @Override
    public int getMemoryLimitInMB() {
        return 512;
    }

    @Override
    public LambdaLogger getLogger() {
        return logger;
    }
}
