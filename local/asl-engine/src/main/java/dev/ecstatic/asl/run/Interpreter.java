package dev.ecstatic.asl.run;

import dev.ecstatic.asl.EngineClock;
import dev.ecstatic.asl.Execution;
import dev.ecstatic.asl.ExecutionStatus;
import dev.ecstatic.asl.Json;
import dev.ecstatic.asl.Json.JsonText;
import dev.ecstatic.asl.definition.Definition;
import dev.ecstatic.asl.definition.Graph;
import dev.ecstatic.asl.definition.State;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Executes one run of a state machine (an execution and its child executions): the loop from state
 * to state, each state type executed by its own class ({@link PassState}, {@link TaskState},
 * {@link ChoiceState}, {@link WaitState}, {@link SucceedState}, {@link FailState},
 * {@link ParallelState}, {@link InlineMapState}, {@link DistributedMapState}).
 */
public final class Interpreter {
    private final EngineSettings settings;
    private final Definition definition;
    private final String stateMachineArn;
    private final Map<String, Object> stateMachineContext;
    private final ConcurrentHashMap<String, AtomicInteger> mockCounters = new ConcurrentHashMap<>();

    public Interpreter(EngineSettings settings, Definition definition) {
        this.settings = settings;
        this.definition = definition;
        this.stateMachineArn = settings.arn("stateMachine") + settings.stateMachineName();
        Map<String, Object> stateMachine = new LinkedHashMap<>();
        stateMachine.put("Id", stateMachineArn);
        stateMachine.put("Name", settings.stateMachineName());
        this.stateMachineContext = Collections.unmodifiableMap(stateMachine);
    }

    EngineSettings settings() {
        return settings;
    }

    EngineClock clock() {
        return settings.clock();
    }

    String stateMachineArn() {
        return stateMachineArn;
    }

    Map<String, Object> stateMachineContext() {
        return stateMachineContext;
    }

    String roleArn() {
        return "arn:aws:iam::" + settings.accountId() + ":role/StepFunctions-" + settings.stateMachineName() + "-role";
    }

    /** Counts the invocations of a mocked state in one execution. */
    int nextMockInvocation(String executionArn, String state) {
        return mockCounters.computeIfAbsent(executionArn + "\n" + state, key -> new AtomicInteger()).getAndIncrement();
    }

    /** Runs the top-level execution to its end, on a clock-tracked thread. */
    public Execution run(String name, Object input) {
        JsonText text = new JsonText(input);
        if (Json.utf8Length(text.text()) > Limits.MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("execution input is larger than " + Limits.MAX_PAYLOAD_BYTES + " bytes");
        }
        ExecutionRun execution = new ExecutionRun(this, name, settings.arn("execution") + settings.stateMachineName()
                + ":" + name, input, text);
        CompletableFuture<Execution> result = new CompletableFuture<>();
        // The run happens on a clock-tracked thread, so a simulated clock accounts for it.
        clock().startThread("asl-" + name, () -> {
            Thread watchdog = definition.timeoutSeconds() == null ? null
                    : startTimeoutWatchdog(execution, Thread.currentThread(), definition.timeoutSeconds());
            try {
                result.complete(runExecution(execution, definition.graph()));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            } finally {
                if (watchdog != null) {
                    clock().interrupt(watchdog);
                }
            }
        });
        try {
            // Through the clock: a caller on a clock-tracked thread goes idle while it waits, so a
            // simulated clock can still move time for the run (a plain get would keep it still forever).
            return clock().await(result, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + name, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no timeout was given, yet the wait timed out", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * The state machine's TimeoutSeconds: past it, the execution ends TIMED_OUT.
     *
     * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/statemachine-structure.html">State machine structure</a>
     */
    private Thread startTimeoutWatchdog(ExecutionRun execution, Thread runner, long seconds) {
        return clock().startThread("asl-timeout-" + execution.name, () -> {
            try {
                clock().sleep(Duration.ofSeconds(seconds));
                execution.timedOut = true;
                execution.cancellation.cancel();
                clock().interrupt(runner);
            } catch (InterruptedException e) {
                // the execution ended in time: nothing to do
            }
        });
    }

    /** Runs an execution (top-level or a Distributed Map's child) from ExecutionStarted to its end. */
    Execution runExecution(ExecutionRun execution, Graph graph) {
        History history = execution.history;
        execution.payload(Json.utf8Length(execution.inputText.text()));
        try {
            // AWS records the first state's entry with previousEventId 0, as if after nothing.
            history.executionStarted(execution.inputText, roleArn());
            Branch branch = new Branch(execution, new Variables(null), execution.cancellation, 0);
            JsonText output = runGraph(graph, execution.inputText, branch);
            history.executionSucceeded(branch.lastEventId, output);
            return execution.finish(ExecutionStatus.SUCCEEDED, output.text(), null, null, clock().now());
        } catch (Failure failure) {
            if (failure.isAbort() && execution.timedOut) {
                String cause = "The execution ran longer than the state machine's TimeoutSeconds.";
                history.executionTimedOut("States.Timeout", cause);
                return execution.finish(ExecutionStatus.TIMED_OUT, null, "States.Timeout", cause, clock().now());
            }
            if (failure.isAbort()) {
                history.executionAborted();
                return execution.finish(ExecutionStatus.ABORTED, null, null, null, clock().now());
            }
            history.executionFailed(failure.error(), failure.cause());
            return execution.finish(ExecutionStatus.FAILED, null, failure.error(), failure.cause(), clock().now());
        }
    }

    /** Runs a graph from its StartAt to a state that ends it; returns that state's output. */
    JsonText runGraph(Graph graph, JsonText input, Branch branch) {
        String current = graph.startAt();
        JsonText stateInput = input;
        while (true) {
            branch.stopIfCancelled();
            State state = graph.state(current);
            StateRun run = new StateRun(this, state, branch, stateInput);
            Outcome outcome = switch (state) {
                case State.Pass pass -> PassState.execute(pass, run);
                case State.Task task -> TaskState.execute(task, run);
                case State.Choice choice -> ChoiceState.execute(choice, run);
                case State.Wait wait -> WaitState.execute(wait, run);
                case State.Succeed succeed -> SucceedState.execute(succeed, run);
                case State.Fail fail -> FailState.execute(fail, run);
                case State.Parallel parallel -> ParallelState.execute(parallel, run);
                case State.Map map -> map.config().distributed()
                        ? DistributedMapState.execute(map, run) : InlineMapState.execute(map, run);
            };
            if (outcome.next() == null) {
                return outcome.output();
            }
            current = outcome.next();
            stateInput = outcome.output();
        }
    }

    /** Sleeps on the engine's clock; an interrupt or a cancellation meanwhile is the branch's abort. */
    void sleep(Branch branch, Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            return;
        }
        try {
            clock().sleep(duration);
        } catch (InterruptedException e) {
            throw Failure.aborted();
        }
        branch.stopIfCancelled();
    }
}
