package dev.ecstatic.cli.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecstatic.cli.wiring.TemplateWiring.FunctionSpec;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Runs the template's Lambda handlers in this JVM, as the Lambda Java runtime would: one handler
 * instance per function (built once, with that function's own environment), payloads read and
 * written by the runtime's own serializer ({@code aws-lambda-java-serialization}), and an
 * exception reported as {@code errorType} = its class name with a JSON {@code Cause}, which is what
 * Step Functions' {@code lambda:invoke} integration turns into the state's error.
 * See https://docs.aws.amazon.com/lambda/latest/dg/java-exceptions.html
 */
public final class LocalLambdas {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, FunctionSpec> functions;
    private final Map<String, String> environmentOverrides;
    private final Consumer<String> logSink;
    private final java.time.Clock clock;
    private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> invocations = new ConcurrentHashMap<>();

    /**
     * @param functions            the template's functions by ARN
     * @param environmentOverrides variables added to every function's environment (region, webhook URL, ...)
     * @param logSink              receives every line a handler logs
     */
    public LocalLambdas(Map<String, FunctionSpec> functions, Map<String, String> environmentOverrides,
                        Consumer<String> logSink) {
        this(functions, environmentOverrides, logSink, java.time.Clock.systemUTC());
    }

    /**
     * @param clock the time handlers that read one see (a public constructor taking its environment
     *              and a {@link java.time.Clock}): the engine's simulated clock in a simulation, so a
     *              time the state machine passes (UpdateOneAgent's notAfter) means the same to both
     */
    public LocalLambdas(Map<String, FunctionSpec> functions, Map<String, String> environmentOverrides,
                        Consumer<String> logSink, java.time.Clock clock) {
        this.functions = Map.copyOf(functions);
        this.environmentOverrides = Map.copyOf(environmentOverrides);
        this.logSink = logSink;
        this.clock = clock;
    }

    /** The outcome of one invocation: a result payload, or the error Step Functions sees. */
    public sealed interface Result {
        record Success(String payloadJson) implements Result {}
        record Failure(String error, String cause) implements Result {}
    }

    /**
     * Invokes the function named by {@code functionName} (an ARN of the template's functions, with
     * or without its alias) with a JSON payload, as {@code lambda:invoke} does.
     */
    public Result invoke(String functionName, String payloadJson) {
        FunctionSpec spec = find(functionName);
        if (spec == null) {
            return new Result.Failure("Lambda.ResourceNotFoundException",
                    "Function not found: " + functionName + " (the template defines " + functions.keySet() + ")");
        }
        invocations.computeIfAbsent(spec.logicalId(), k -> new AtomicLong()).incrementAndGet();
        Loaded handler;
        try {
            handler = loaded.computeIfAbsent(spec.arn(), arn -> load(spec));
        } catch (HandlerInitException e) {
            return failure(e.getCause());
        }
        Object input;
        try {
            input = handler.inputSerializer.fromJson(payloadJson);
        } catch (RuntimeException e) {
            // What the Java runtime reports when it cannot read the event into the handler's type.
            return failure(e);
        }
        Context context = LocalContext.of(spec.logicalId(), spec.arn(), logSink);
        Object output;
        try {
            output = handler.method.invoke(handler.instance, input, context);
        } catch (InvocationTargetException e) {
            return failure(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + handler.method, e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.outputSerializer.toJson(output, out);
        return new Result.Success(out.toString(StandardCharsets.UTF_8));
    }

    /**
     * The response of Step Functions' {@code arn:aws:states:::lambda:invoke} integration for a
     * successful call: the function's result under {@code Payload}, with the invoke metadata.
     * See https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html
     */
    public static String lambdaInvokeResponse(String payloadJson) {
        try {
            ObjectNode response = JSON.createObjectNode();
            response.put("ExecutedVersion", "1");
            response.set("Payload", JSON.readTree(payloadJson));
            String requestId = UUID.randomUUID().toString();
            ObjectNode http = response.putObject("SdkHttpMetadata");
            ObjectNode headers = http.putObject("HttpHeaders");
            headers.put("Content-Type", "application/json");
            headers.put("X-Amz-Executed-Version", "1");
            headers.put("x-amzn-Remapped-Content-Length", "0");
            headers.put("x-amzn-RequestId", requestId);
            http.put("HttpStatusCode", 200);
            response.putObject("SdkResponseMetadata").put("RequestId", requestId);
            response.put("StatusCode", 200);
            return JSON.writeValueAsString(response);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("handler returned invalid JSON: " + payloadJson, e);
        }
    }

    /** Invocations so far, by function logical id. */
    public Map<String, Long> invocations() {
        Map<String, Long> out = new HashMap<>();
        invocations.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    public long totalInvocations() {
        return invocations.values().stream().mapToLong(AtomicLong::get).sum();
    }

    public void resetCounters() {
        invocations.clear();
    }

    private FunctionSpec find(String functionName) {
        FunctionSpec exact = functions.get(functionName);
        if (exact != null) {
            return exact;
        }
        for (FunctionSpec spec : functions.values()) {
            String unqualified = spec.arn().replaceFirst(":[^:]+$", "");
            if (functionName.equals(unqualified) || functionName.equals(spec.logicalId())) {
                return spec;
            }
        }
        return null;
    }

    private record Loaded(Object instance, Method method, PojoSerializer<Object> inputSerializer,
                          PojoSerializer<Object> outputSerializer) {}

    private static final class HandlerInitException extends RuntimeException {
        HandlerInitException(Throwable cause) {
            super(cause);
        }
    }

    private Loaded load(FunctionSpec spec) {
        Map<String, String> env = new HashMap<>(spec.environment());
        env.putAll(environmentOverrides);
        Class<?> type;
        try {
            type = Class.forName(spec.handlerClass());
        } catch (ClassNotFoundException e) {
            throw new HandlerInitException(e);
        }
        Object instance;
        try {
            java.lang.reflect.Constructor<?> withClock = null;
            try {
                withClock = type.getConstructor(Map.class, java.time.Clock.class);
            } catch (NoSuchMethodException e) {
                // most handlers read no time
            }
            instance = withClock != null ? withClock.newInstance(Map.copyOf(env), clock)
                    : type.getConstructor(Map.class).newInstance(Map.copyOf(env));
        } catch (InvocationTargetException e) {
            throw new HandlerInitException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new HandlerInitException(new IllegalStateException(spec.handlerClass()
                    + " has no public constructor taking its environment (Map<String, String>)", e));
        }
        Method method = Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals(spec.handlerMethod()) && m.getParameterCount() == 2
                        && m.getParameterTypes()[1] == Context.class && !m.isBridge())
                .findFirst()
                .orElseThrow(() -> new HandlerInitException(new NoSuchMethodException(
                        spec.handlerClass() + "::" + spec.handlerMethod() + "(input, Context)")));
        @SuppressWarnings("unchecked")
        PojoSerializer<Object> in = (PojoSerializer<Object>) JacksonFactory.getInstance()
                .getSerializer(method.getParameterTypes()[0]);
        @SuppressWarnings("unchecked")
        PojoSerializer<Object> out = (PojoSerializer<Object>) JacksonFactory.getInstance()
                .getSerializer(method.getReturnType());
        return new Loaded(instance, method, in, out);
    }

    /** Lambda's error document for an exception: {@code {"errorMessage", "errorType", "stackTrace"}}. */
    private static Result failure(Throwable error) {
        ObjectNode cause = JSON.createObjectNode();
        if (error.getMessage() != null) {
            cause.put("errorMessage", error.getMessage());
        }
        cause.put("errorType", error.getClass().getName());
        ArrayNode trace = cause.putArray("stackTrace");
        Arrays.stream(error.getStackTrace()).limit(12).forEach(f -> trace.add(f.toString()));
        try {
            return new Result.Failure(error.getClass().getName(), JSON.writeValueAsString(cause));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
