package dev.ecstatic.asl.bench;

import dev.ecstatic.asl.DefinitionException;
import dev.ecstatic.asl.Engine;
import dev.ecstatic.asl.Execution;
import dev.ecstatic.asl.ExecutionStatus;
import dev.ecstatic.asl.SimulatedClock;
import dev.ecstatic.asl.StateMachine;
import dev.ecstatic.asl.TaskInvoker;
import java.time.Instant;
import java.util.StringJoiner;

/**
 * Engine throughput: state transitions per second through a Map → Task → Choice → Pass machine with
 * JSONata expressions, trivial tasks and the simulated clock. A harness, not a timed test.
 *
 * <p>Run: {@code java -cp <classpath> dev.ecstatic.asl.bench.ThroughputBenchmark [warmupSeconds]
 * [measureSeconds] [itemsPerExecution] [maxConcurrency]}
 */
public final class ThroughputBenchmark {

    /** The machine measured: per item, a Task, a Choice and a Pass, each with JSONata. */
    public static final String DEFINITION = """
            {"QueryLanguage":"JSONata","Comment":"engine throughput benchmark","StartAt":"Each","States":{
                "Each":{"Type":"Map","Items":"{% $states.input.items %}","MaxConcurrency":"{% $states.input.concurrency %}",
                    "ItemProcessor":{"StartAt":"Work","States":{
                        "Work":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                            "Arguments":{"FunctionName":"work","Payload":{"n":"{% $states.input %}"}},
                            "Output":"{% $states.result.Payload %}","Next":"Even?"},
                        "Even?":{"Type":"Choice","Choices":[{"Condition":"{% $states.input.n % 2 = 0 %}","Next":"Even"}],
                            "Default":"Odd"},
                        "Even":{"Type":"Pass","Output":{"n":"{% $states.input.n %}","even":true},"End":true},
                        "Odd":{"Type":"Pass","Output":{"n":"{% $states.input.n %}","even":false},"End":true}}},
                    "Output":{"count":"{% $count($states.result) %}"},"End":true}}}""";

    /**
     * The measured figures.
     *
     * @param executions executions completed while measuring
     * @param stateTransitions state transitions while measuring
     * @param seconds wall time measured
     * @param transitionsPerSecond the throughput
     */
    public record Result(long executions, long stateTransitions, double seconds, double transitionsPerSecond) {}

    private ThroughputBenchmark() {}

    /** Warms up, then measures for about {@code measureSeconds}. */
    public static Result run(double warmupSeconds, double measureSeconds, int itemsPerExecution, int maxConcurrency) {
        StateMachine stateMachine;
        try {
            stateMachine = StateMachine.parse(DEFINITION);
        } catch (DefinitionException e) {
            throw new IllegalStateException(e);
        }
        // A trivial task, shaped like a Lambda invoke result: {"Payload": <payload>, "StatusCode": 200}.
        TaskInvoker invoker = request -> {
            String arguments = request.argumentsJson();
            int payload = arguments.indexOf("\"Payload\":");
            return "{\"Payload\":" + arguments.substring(payload + 10, arguments.length() - 1) + ",\"StatusCode\":200}";
        };
        Engine engine = Engine.builder().taskInvoker(invoker)
                .clock(new SimulatedClock(Instant.parse("2025-01-01T00:00:00Z"))).build();
        StringJoiner items = new StringJoiner(",", "[", "]");
        for (int i = 0; i < itemsPerExecution; i++) {
            items.add(Integer.toString(i));
        }
        String input = "{\"items\":" + items + ",\"concurrency\":" + maxConcurrency + "}";
        loop(engine, stateMachine, input, warmupSeconds);
        return loop(engine, stateMachine, input, measureSeconds);
    }

    private static Result loop(Engine engine, StateMachine stateMachine, String input, double seconds) {
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long transitions = 0;
        long executions = 0;
        do {
            Execution execution = engine.run(stateMachine, "bench-" + executions, input);
            if (execution.status() != ExecutionStatus.SUCCEEDED) {
                throw new IllegalStateException("benchmark execution failed: " + execution.error() + ": " + execution.cause());
            }
            transitions += execution.stats().stateTransitions();
            executions++;
        } while (System.nanoTime() < end);
        double took = (System.nanoTime() - start) / 1e9;
        return new Result(executions, transitions, took, transitions / took);
    }

    public static void main(String[] args) {
        double warmup = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        double measure = args.length > 1 ? Double.parseDouble(args[1]) : 20;
        int items = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        System.out.printf("ASL engine throughput: Map(%d items, MaxConcurrency %d) -> Task -> Choice -> Pass, JSONata, "
                + "simulated clock, %d cores; warm-up %.0f s, measure %.0f s%n", items, concurrency,
                Runtime.getRuntime().availableProcessors(), warmup, measure);
        Result result = run(warmup, measure, items, concurrency);
        System.out.printf("%d executions, %d state transitions in %.2f s: %.0f state transitions/s%n",
                result.executions(), result.stateTransitions(), result.seconds(), result.transitionsPerSecond());
    }
}
