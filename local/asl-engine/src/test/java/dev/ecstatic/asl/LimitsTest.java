package dev.ecstatic.asl;

import static dev.ecstatic.asl.EngineTest.T0;
import static dev.ecstatic.asl.EngineTest.engine;
import static dev.ecstatic.asl.EngineTest.events;
import static dev.ecstatic.asl.EngineTest.sm;
import static dev.ecstatic.asl.EngineTest.types;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * AWS's limits and timeouts, as the engine enforces them (see run.Limits).
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html">Step Functions service quotas</a>
 */
class LimitsTest {

    // https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html (TimeoutSeconds: "If the task runs
    // longer than the specified seconds, this state fails with a States.Timeout error name").
    @Test
    void taskRunningPastTimeoutSeconds_failsWithStatesTimeout() {
        SimulatedClock clock = new SimulatedClock(T0);
        Execution execution = engine(clock).taskInvoker(request -> {
            try {
                clock.sleep(Duration.ofSeconds(60));
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return "{}";
        }).build().run(sm("""
                {"QueryLanguage":"JSONata","StartAt":"Slow","States":{"Slow":{"Type":"Task",
                    "Resource":"arn:aws:states:::lambda:invoke","TimeoutSeconds":5,"End":true}}}"""), "timeout", "{}");
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).isEqualTo("States.Timeout");
        HistoryEvent timedOut = events(execution, "TaskTimedOut").get(0);
        assertThat(Duration.between(T0, timedOut.timestamp())).isEqualTo(Duration.ofSeconds(5));
    }

    // https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html (256 KiB per state payload) and
    // https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html ("States.ALL ... cannot
    // catch the States.DataLimitExceeded terminal error").
    @Test
    void payloadOver256KiB_failsWithDataLimitExceeded_thatStatesAllCannotCatch() {
        String big = "\"" + "x".repeat(262_144) + "\"";
        Execution execution = engine(new SimulatedClock(T0)).taskInvoker(request -> big).build().run(sm("""
                {"QueryLanguage":"JSONata","StartAt":"Call","States":{
                    "Call":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true,
                        "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Caught"}]},
                    "Caught":{"Type":"Succeed"}}}"""), "big", "{}");
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).isEqualTo("States.DataLimitExceeded");
        assertThat(execution.stats().maxPayloadBytes()).isGreaterThan(262_144);

        String exact = "\"" + "y".repeat(262_142) + "\"";
        Execution fits = engine(new SimulatedClock(T0)).taskInvoker(request -> exact).build().run(sm("""
                {"QueryLanguage":"JSONata","StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}}"""),
                "fits", "{}");
        assertThat(fits.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(fits.stats().maxPayloadBytes()).isEqualTo(262_144);
    }

    // https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html: 25,000 events per execution
    // history; a longer workflow must use a Distributed Map or child executions.
    @Test
    void historyLongerThan25000Events_failsTheExecution() {
        Execution execution = engine(new SimulatedClock(T0)).build().run(sm("""
                {"QueryLanguage":"JSONata","StartAt":"Init","States":{
                    "Init":{"Type":"Pass","Assign":{"i":0},"Next":"Count"},
                    "Count":{"Type":"Pass","Assign":{"i":"{% $i + 1 %}"},"Next":"More?"},
                    "More?":{"Type":"Choice","Choices":[{"Condition":"{% $i < 100000 %}","Next":"Count"}],"Default":"Done"},
                    "Done":{"Type":"Succeed"}}}"""), "loop", "{}");
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).isEqualTo("States.Runtime");
        assertThat(execution.history()).hasSize(25_000);
        assertThat(execution.history().get(24_999).type()).isEqualTo("ExecutionFailed");
        assertThat(execution.stats().maxEventsPerExecution()).isEqualTo(25_000);
    }

    // https://docs.aws.amazon.com/step-functions/latest/dg/state-map-inline.html: "In this mode, the Map state
    // supports up to 40 concurrent iterations": a larger MaxConcurrency runs 40 at a time.
    @Test
    void inlineMap_runsAtMost40IterationsAtOnce() {
        SimulatedClock clock = new SimulatedClock(T0);
        AtomicInteger active = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        Execution execution = engine(clock).taskInvoker(request -> {
            max.accumulateAndGet(active.incrementAndGet(), Math::max);
            try {
                clock.sleep(Duration.ofSeconds(1));
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            active.decrementAndGet();
            return "1";
        }).build().run(sm("""
                {"QueryLanguage":"JSONata","StartAt":"Each","States":{"Each":{"Type":"Map","End":true,"MaxConcurrency":100,
                    "Items":"{% [1..100] %}",
                    "ItemProcessor":{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}}}}}"""),
                "forty", "{}");
        assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(max.get()).isEqualTo(40);
        assertThat(execution.stopDate()).isEqualTo(T0.plusSeconds(3)); // 100 iterations, 40 at a time, 1 s each
    }

    // https://docs.aws.amazon.com/step-functions/latest/dg/statemachine-structure.html (TimeoutSeconds: "the
    // maximum number of seconds an execution of the state machine can run. If it runs longer than the specified
    // time, the execution fails with a States.Timeout").
    @Test
    void executionPastTheMachinesTimeoutSeconds_endsTimedOut() {
        Execution execution = engine(new SimulatedClock(T0)).build().run(sm("""
                {"QueryLanguage":"JSONata","TimeoutSeconds":60,"StartAt":"Nap","States":{
                    "Nap":{"Type":"Wait","Seconds":3600,"End":true}}}"""), "too-long", "{}");
        assertThat(execution.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
        assertThat(execution.error()).isEqualTo("States.Timeout");
        assertThat(types(execution)).containsExactly("ExecutionStarted", "WaitStateEntered", "ExecutionTimedOut");
        assertThat(execution.stopDate()).isEqualTo(T0.plusSeconds(60));
    }

    // Every failure event's cause is at most 32,768 characters (TaskFailedEventDetails, ExecutionFailedEventDetails:
    // https://docs.aws.amazon.com/step-functions/latest/apireference/API_TaskFailedEventDetails.html).
    @Test
    void aTaskFailureCauseLongerThan32768Characters_isCutThere_inTheHistoryTheCatchAndTheExecution() {
        String cause = "c".repeat(40_000);
        Execution caught = engine(new SimulatedClock(T0)).taskInvoker(request -> {
            throw new TaskFailedException("Lambda.Unknown", cause);
        }).build().run(sm("""
                {"StartAt": "Call", "States": {
                    "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
                             "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Fail"}]},
                    "Fail": {"Type": "Fail", "ErrorPath": "$.error.Error", "CausePath": "$.error.Cause"}}}"""),
                "long-cause", "{}");

        assertThat(events(caught, "TaskFailed").get(0).detail("cause")).isEqualTo(cause.substring(0, 32_768));
        assertThat(caught.error()).isEqualTo("Lambda.Unknown");
        assertThat(caught.cause()).isEqualTo(cause.substring(0, 32_768));
        assertThat(events(caught, "ExecutionFailed").get(0).detail("cause")).hasSize(32_768);
    }

    @Test
    void aFailStateCauseLongerThan32768Characters_isCutThere_neverHalfACharacter() {
        String cause = "d".repeat(32_767) + "\uD83D\uDE00" + "d".repeat(100);
        Execution failed = engine(new SimulatedClock(T0)).build().run(sm("""
                {"QueryLanguage": "JSONata", "StartAt": "Fail", "States": {
                    "Fail": {"Type": "Fail", "Error": "Too.Long", "Cause": "{% $states.input.cause %}"}}}"""),
                "fail-cause", "{\"cause\": \"" + cause + "\"}");

        assertThat(failed.error()).isEqualTo("Too.Long");
        assertThat(failed.cause()).isEqualTo("d".repeat(32_767));
    }
}
