package dev.ecstatic.asl.data;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Utils;
import dev.ecstatic.asl.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One compiled JSONata expression (the text between "{%" and "%}"), with the functions Step
 * Functions adds and without {@code $eval}, which Step Functions removes.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html">Transforming data with JSONata</a>
 */
public final class JsonataExpression {
    private final String source;
    private final Jsonata compiled;
    private final boolean readsTime;
    private final boolean mayChangeEmptyArrays;
    /**
     * The stack of a second attempt at an evaluation that overflowed the engine thread's: a regular
     * expression repeating a group needs about 500 bytes of Java stack per character it repeats over,
     * and a 256 KiB payload holds at most 262,144 of them.
     */
    static final long DEEP_STACK_BYTES = 256L * 1024 * 1024;

    private JsonataExpression(String source, Jsonata compiled) {
        this.source = source;
        this.compiled = compiled;
        this.readsTime = source.contains("$now") || source.contains("$millis");
        // Grouping ("$x{...}") and object constructors ("$x.{...}") are the only JSONata that changes its
        // input: given an empty array, they add an undefined element to it, as the reference
        // implementation does ("add an undefined entry to enable literal JSON object to be generated",
        // jsonata-js 2.0.6 evaluateGroupExpression; dashjoin ports it as it is). Both are written with "{".
        this.mayChangeEmptyArrays = source.indexOf('{') >= 0;
    }

    /** Compiles; throws JException with dashjoin's code and message on a syntax error. */
    public static JsonataExpression compile(String source) {
        Jsonata jsonata = Jsonata.jsonata(source);
        jsonata.setOutputConvertNulls(false);
        // Step Functions removes $eval: calling it fails as calling any unknown function does (T1006).
        jsonata.assign("eval", null);
        jsonata.registerFunction("partition", new Jsonata.JFunction(JsonataExpression::partition, null));
        jsonata.registerFunction("range", new Jsonata.JFunction(JsonataExpression::range, null));
        jsonata.registerFunction("hash", new Jsonata.JFunction(JsonataExpression::hash, null));
        jsonata.registerFunction("random", new Jsonata.JFunction(JsonataExpression::random, null));
        jsonata.registerFunction("uuid", new Jsonata.JFunction((input, arguments) -> UUID.randomUUID().toString(), null));
        jsonata.registerFunction("parse", new Jsonata.JFunction(JsonataExpression::parseJson, null));
        RegexFunctions.register(jsonata);
        return new JsonataExpression(source, jsonata);
    }

    /** The expression's text, without the "{%" and "%}" around it. */
    public String source() {
        return source;
    }

    /**
     * Evaluates with the given bindings ($states and the visible variables).
     *
     * @return the result, Java null when undefined, {@link Json#NULL} for JSON null
     */
    public Object evaluate(Map<String, Object> bindings, Instant now) {
        try {
            return compiled.evaluate(null, frame(bindings, now));
        } catch (StackOverflowError e) {
            return evaluateOnDeepStack(bindings, now);
        } catch (RuntimeException e) {
            if (overflowedTheStack(e)) {
                return evaluateOnDeepStack(bindings, now);
            }
            throw e;
        }
    }

    /** dashjoin wraps what a function it calls throws, a StackOverflowError too. */
    private static boolean overflowedTheStack(RuntimeException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof StackOverflowError) {
                return true;
            }
        }
        return false;
    }

    /**
     * Evaluates again on a thread with a deep stack: dashjoin recurses where jsonata-js loops (Java's
     * regular expressions recurse once per repetition of a group, so {@code $match($s, /(?:a|b)*\/)}
     * on 32,000 characters overflows a default stack, and jsonata-js matches it). The deep stack holds
     * any string a 256 KiB payload can carry; what overflows even that (a recursion without end) is
     * {@link TooDeep}, an evaluation error, never a JVM error. The first attempt's result is
     * discarded: an evaluation changes nothing but its own values.
     */
    private Object evaluateOnDeepStack(Map<String, Object> bindings, Instant now) {
        Object[] result = new Object[1];
        RuntimeException[] failure = new RuntimeException[1];
        Thread deep = Thread.ofPlatform().name("jsonata-deep-stack").stackSize(DEEP_STACK_BYTES).unstarted(() -> {
            try {
                result[0] = compiled.evaluate(null, frame(bindings, now));
            } catch (StackOverflowError e) {
                failure[0] = new TooDeep();
            } catch (RuntimeException e) {
                failure[0] = overflowedTheStack(e) ? new TooDeep() : e;
            }
        });
        deep.start();
        boolean interrupted = false;
        while (deep.isAlive()) {
            try {
                deep.join();
            } catch (InterruptedException e) {
                // The evaluation cannot be stopped midway; it ends by itself, bounded by its stack.
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        return result[0];
    }

    private Jsonata.Frame frame(Map<String, Object> bindings, Instant now) {
        Jsonata.Frame frame = new Jsonata.Frame(null);
        for (Map.Entry<String, Object> binding : bindings.entrySet()) {
            // Within the expression the change is JSONata's own ("( $r := []; $r{'k': 1}; $count($r) )" is 1
            // in jsonata-js 2.0.6, the version Step Functions implements), but it must not reach the
            // execution's data: an Assign grouping $states.input.list must not change the Output's input.
            Object value = mayChangeEmptyArrays ? Json.withFreshEmptyArrays(binding.getValue()) : binding.getValue();
            frame.bind(binding.getKey(), value);
        }
        if (readsTime) {
            // $now()/$millis() read the engine's clock, so simulated runs see simulated time.
            String iso = now.toString();
            long millis = now.toEpochMilli();
            frame.bind("now", new Jsonata.JFunction((input, arguments) -> iso, null));
            frame.bind("millis", new Jsonata.JFunction((input, arguments) -> millis, null));
        }
        return frame;
    }

    /**
     * An evaluation deeper than even {@link #DEEP_STACK_BYTES} of stack: jsonata-js's D1011, "Stack
     * overflow. Check for non-terminating recursive function. Consider rewriting as tail-recursive".
     */
    public static final class TooDeep extends RuntimeException {
        TooDeep() {
            super("D1011: Stack overflow. Check for non-terminating recursive function.  Consider rewriting as "
                    + "tail-recursive", null, false, false);
        }
    }

    /** dashjoin's error code and message, as AWS quotes them in a cause. */
    public static String errorText(JException e) {
        String code = e.getError();
        String message = e.getMessage();
        return code == null ? message : code + ": " + message;
    }

    private static List<?> arrayArgument(List<?> arguments, int index, String function) {
        Object value = index < arguments.size() ? arguments.get(index) : null;
        if (value instanceof List<?> array) {
            return array;
        }
        if (value == null) {
            throw new JException("T0410", -1, function);
        }
        return List.of(value);
    }

    private static double numberArgument(List<?> arguments, int index, String function) {
        Object value = index < arguments.size() ? arguments.get(index) : null;
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        throw new JException("T0410", -1, function);
    }

    // $partition(array, size): chunks of `size` items, the last one possibly shorter.
    private static Object partition(Object input, List<?> arguments) {
        List<?> array = arrayArgument(arguments, 0, "partition");
        double size = numberArgument(arguments, 1, "partition");
        if (size <= 0 || size != Math.rint(size)) {
            throw new JException("D3001", -1, "partition");
        }
        int chunk = (int) size;
        List<Object> chunks = new ArrayList<>();
        for (int i = 0; i < array.size(); i += chunk) {
            chunks.add(new ArrayList<>(array.subList(i, Math.min(array.size(), i + chunk))));
        }
        return chunks;
    }

    // $range(start, end, step): end inclusive, like States.ArrayRange. A single element comes back
    // as a JSONata sequence, which collapses to that element (as AWS returns it).
    private static Object range(Object input, List<?> arguments) {
        double start = numberArgument(arguments, 0, "range");
        double end = numberArgument(arguments, 1, "range");
        double step = numberArgument(arguments, 2, "range");
        if (step == 0) {
            throw new JException("D3001", -1, "range");
        }
        List<Object> values = Utils.createSequence();
        int count = 0;
        for (double value = start; step > 0 ? value <= end : value >= end; value += step) {
            values.add(value == Math.rint(value) && Math.abs(value) < 9e15 ? (Object) (long) value : (Object) value);
            if (++count > 1000) {
                throw new JException("D3001", -1, "range: more than 1000 items");
            }
        }
        return values;
    }

    private static Object hash(Object input, List<?> arguments) {
        Object data = arguments.isEmpty() ? null : arguments.get(0);
        Object algorithm = arguments.size() > 1 ? arguments.get(1) : null;
        if (!(data instanceof String text) || !(algorithm instanceof String name)) {
            throw new JException("T0410", -1, "hash");
        }
        String digest = HashAlgorithms.javaName(name);
        if (digest == null) {
            throw new JException("D3001", -1, "hash: unsupported algorithm " + name);
        }
        return HashAlgorithms.hexDigest(digest, text);
    }

    // $random([seed]): Step Functions accepts an optional seed; the same seed gives the same number.
    private static Object random(Object input, List<?> arguments) {
        if (arguments.isEmpty() || arguments.get(0) == null) {
            return ThreadLocalRandom.current().nextDouble();
        }
        Object seed = arguments.get(0);
        long value = seed instanceof Number number ? number.longValue() : seed.toString().hashCode();
        return new Random(value).nextDouble();
    }

    private static Object parseJson(Object input, List<?> arguments) {
        Object value = arguments.isEmpty() ? null : arguments.get(0);
        if (!(value instanceof String text)) {
            throw new JException("T0410", -1, "parse");
        }
        try {
            return Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw new JException("D3001", -1, "parse: " + e.getMessage());
        }
    }

    /** The hash algorithms both $hash and States.Hash accept. */
    static final class HashAlgorithms {
        private HashAlgorithms() {}

        /** The JDK's name of an algorithm as Step Functions spells it, or null when unsupported. */
        static String javaName(String name) {
            return switch (name) {
                case "MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512" -> name;
                default -> null;
            };
        }

        static String hexDigest(String javaName, String text) {
            try {
                return HexFormat.of().formatHex(
                        MessageDigest.getInstance(javaName).digest(text.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has " + javaName, e);
            }
        }
    }
}
