package dev.ecstatic.asl;

import static dev.ecstatic.asl.EngineTest.T0;
import static dev.ecstatic.asl.EngineTest.engine;
import static dev.ecstatic.asl.EngineTest.sm;
import static dev.ecstatic.asl.EngineTest.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecstatic.asl.data.JsonataExpression;
import dev.ecstatic.asl.data.JsonataTemplate;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Faults of the engine or of what is plugged into it are not simulated AWS errors: a state machine
 * must not be able to catch them. And an abort is an abort, whatever the interrupted task throws.
 */
class EngineFaultTest {

    /** A binding whose reading fails as a bug would. */
    static final class BrokenMap extends AbstractMap<String, Object> {
        @Override
        public Object get(Object key) {
            throw new IllegalStateException("broken binding");
        }

        @Override
        public boolean containsKey(Object key) {
            throw new IllegalStateException("broken binding");
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            throw new IllegalStateException("broken binding");
        }
    }

    @Test
    void onlyJsonataErrors_becomeQueryErrors() {
        JsonataTemplate failing = new JsonataTemplate.Expression(JsonataExpression.compile("$sum('a')"), "Output");
        assertThatThrownBy(() -> failing.evaluate(Map.of(), T0)).isInstanceOf(JsonataTemplate.QueryError.class);

        JsonataTemplate broken = new JsonataTemplate.Expression(JsonataExpression.compile("$x.a"), "Output");
        assertThatThrownBy(() -> broken.evaluate(Map.of("x", new BrokenMap()), T0))
                .isNotInstanceOf(JsonataTemplate.QueryError.class)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("broken binding");
    }

    @Test
    void aBugInAParallelBranch_propagatesWithItsStack_insteadOfFailingTheExecution() {
        RuntimeException bug = new IllegalStateException("listener bug");
        Engine engine = engine(new SimulatedClock(T0)).listener((execution, event) -> {
            if (event.type().equals("PassStateEntered") && event.toString().contains("Buggy")) {
                throw bug;
            }
        }).build();
        assertThatThrownBy(() -> engine.run(sm("""
                {"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Parallel","End":true,
                    "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Caught"}],
                    "Branches":[
                        {"StartAt":"Fine","States":{"Fine":{"Type":"Pass","End":true}}},
                        {"StartAt":"Buggy","States":{"Buggy":{"Type":"Pass","End":true}}}]},
                    "Caught":{"Type":"Pass","End":true}}}"""), "bug", "{}"))
                .isInstanceOf(IllegalStateException.class)
                .satisfies(thrown -> assertThat(thrown).hasCauseReference(bug));
    }

    @Test
    void anInvokerFault_failsTheExecutionWithStatesRuntime_thatRetryAndStatesAllIgnore() {
        AtomicInteger calls = new AtomicInteger();
        Execution execution = engine(new SimulatedClock(T0)).taskInvoker(request -> {
            calls.incrementAndGet();
            throw new NullPointerException("invoker bug");
        }).build().run(sm("""
                {"QueryLanguage":"JSONata","StartAt":"Call","States":{
                    "Call":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true,
                        "Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":3}],
                        "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Caught"}]},
                    "Caught":{"Type":"Pass","End":true}}}"""), "fault", "{}");
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).isEqualTo("States.Runtime");
        assertThat(execution.cause()).contains("java.lang.NullPointerException").contains("invoker bug");
        assertThat(calls).hasValue(1);
        assertThat(types(execution)).doesNotContain("PassStateEntered");
    }

    @Test
    void anInvokerFault_underTimeoutSeconds_alsoFailsWithStatesRuntime() {
        Execution execution = engine(new SimulatedClock(T0)).taskInvoker(request -> {
            throw new IllegalArgumentException("invoker bug");
        }).build().run(sm("""
                {"QueryLanguage":"JSONata","StartAt":"Call","States":{
                    "Call":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true,"TimeoutSeconds":60,
                        "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Caught"}]},
                    "Caught":{"Type":"Pass","End":true}}}"""), "fault", "{}");
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).isEqualTo("States.Runtime");
        assertThat(execution.cause()).contains("java.lang.IllegalArgumentException").contains("invoker bug");
    }

    /**
     * A Parallel branch fails while the other is inside a slow task: that task is interrupted, and
     * whatever it then throws, its state's States.ALL Catch must not run (the branch is aborted).
     */
    @Test
    void aTaskInterruptedByAFailFastSibling_isAborted_notCaught() throws Exception {
        for (boolean asRuntimeException : new boolean[] {false, true}) {
            CountDownLatch slowEntered = new CountDownLatch(1);
            List<String> seen = new ArrayList<>();
            Execution execution = engine(new SimulatedClock(T0)).taskInvoker(request -> {
                if (request.stateName().equals("Failing")) {
                    try {
                        slowEntered.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                    }
                    throw new TaskFailedException("Boom", "the fast branch failed");
                }
                slowEntered.countDown();
                try {
                    new CountDownLatch(1).await(20, TimeUnit.SECONDS);
                    seen.add("not interrupted");
                    return "{}";
                } catch (InterruptedException ie) {
                    // As an SDK client does: the interrupt becomes the call's failure (the flag is cleared).
                    if (asRuntimeException) {
                        throw new IllegalStateException("call interrupted", ie);
                    }
                    throw new TaskFailedException("Sdk.Interrupted", "call interrupted");
                }
            }).build().run(sm("""
                    {"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Parallel","End":true,
                        "Branches":[
                            {"StartAt":"Failing","States":{"Failing":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                                "End":true}}},
                            {"StartAt":"Slow","States":{
                                "Slow":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true,
                                    "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Handler","Assign":{"handled":true}}]},
                                "Handler":{"Type":"Pass","End":true}}}]}}}"""), "abort", "{}");
            assertThat(seen).isEmpty();
            assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(execution.error()).isEqualTo("Boom");
            // The Catch did not run: the Slow state never exits, the Handler is never entered.
            assertThat(execution.history().stream().filter(event -> event.type().equals("TaskStateExited")).toList()).isEmpty();
            assertThat(types(execution)).doesNotContain("PassStateEntered");
            assertThat(execution.history().stream().filter(event -> event.type().equals("TaskFailed"))
                    .map(HistoryEvent::toString).filter(text -> text.contains("Sdk.Interrupted") || text.contains("IllegalState")))
                    .isEmpty();
        }
    }
}
