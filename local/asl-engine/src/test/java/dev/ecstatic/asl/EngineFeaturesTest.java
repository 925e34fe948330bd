package dev.ecstatic.asl;

import static dev.ecstatic.asl.EngineTest.T0;
import static dev.ecstatic.asl.EngineTest.engine;
import static dev.ecstatic.asl.EngineTest.events;
import static dev.ecstatic.asl.EngineTest.sm;
import static dev.ecstatic.asl.EngineTest.types;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Features statemachine/ecstatic.asl.json relies on. */
class EngineFeaturesTest {

    static final String TWO_RETRIERS = """
            {"QueryLanguage":"JSONata","StartAt":"Call","States":{"Call":{"Type":"Task",
                "Resource":"arn:aws:states:::lambda:invoke","End":true,
                "Retry":[{"ErrorEquals":["A"],"IntervalSeconds":1,"BackoffRate":2,"MaxAttempts":2},
                                  {"ErrorEquals":["B"],"IntervalSeconds":10,"BackoffRate":2,"MaxAttempts":1}]}}}""";

    static Execution runWithErrors(String... errors) {
        AtomicInteger calls = new AtomicInteger();
        return engine(new SimulatedClock(T0)).taskInvoker(request -> {
            int call = calls.getAndIncrement();
            if (call < errors.length) {
                throw new TaskFailedException(errors[call], "attempt " + call);
            }
            return "\"ok\"";
        }).build().run(sm(TWO_RETRIERS), "retriers", "{}");
    }

    // https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html: each retrier counts
    // its own attempts (MaxAttempts and the backoff exponent), whatever the other retriers did.
    @Test
    void twoRetriersOnOneTask_countSeparately() {
        Execution ok = runWithErrors("A", "B", "A");
        assertThat(ok.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        List<Instant> scheduled = events(ok, "TaskScheduled").stream().map(HistoryEvent::timestamp).toList();
        assertThat(scheduled).hasSize(4);
        // A's first retry: 1 s; B's first: 10 s; A's second: 1 x 2 = 2 s (not 1 x 2^2: B's retry does not count)
        assertThat(Duration.between(scheduled.get(0), scheduled.get(1))).isEqualTo(Duration.ofSeconds(1));
        assertThat(Duration.between(scheduled.get(1), scheduled.get(2))).isEqualTo(Duration.ofSeconds(10));
        assertThat(Duration.between(scheduled.get(2), scheduled.get(3))).isEqualTo(Duration.ofSeconds(2));

        // B's single attempt is spent after one B, even though A still has one left
        Execution bTwice = runWithErrors("B", "A", "B");
        assertThat(bTwice.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(bTwice.error()).isEqualTo("B");
        assertThat(events(bTwice, "TaskScheduled")).hasSize(3);

        // A's two attempts are spent after three As, even with B's retry in between
        Execution aThrice = runWithErrors("A", "B", "A", "A");
        assertThat(aThrice.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(aThrice.error()).isEqualTo("A");
        assertThat(events(aThrice, "TaskScheduled")).hasSize(4);
    }

    static Execution waitFor(String secondsJson) {
        return engine(new SimulatedClock(T0)).build().run(sm("""
                {"QueryLanguage":"JSONata","StartAt":"W","States":{"W":{"Type":"Wait",
                    "Seconds":"{% $states.input.s %}","End":true}}}"""), "wait", "{\"s\":" + secondsJson + "}");
    }

    // https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html: Seconds may be a JSONata
    // expression; it must evaluate to a non-negative integer.
    @Test
    void waitSeconds_fromAJsonataExpression() {
        Execution execution = waitFor("90");
        assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(events(execution, "WaitStateExited").get(0).timestamp()).isEqualTo(T0.plusSeconds(90));
        assertThat(execution.stopDate()).isEqualTo(T0.plusSeconds(90));

        Execution bad = waitFor("1.5");
        assertThat(bad.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(bad.error()).isEqualTo("States.QueryEvaluationError");
        assertThat(bad.cause()).contains("Seconds").contains("integer");
        assertThat(types(bad)).containsExactly("ExecutionStarted", "WaitStateEntered", "EvaluationFailed",
                "ExecutionFailed");
        assertThat(bad.stopDate()).isEqualTo(T0);
    }

    static final String DISTRIBUTED_READS = """
            {"QueryLanguage":"JSONata","StartAt":"Init","States":{
                "Init":{"Type":"Pass","Assign":{"parentVar":"p"},"Next":"Each"},
                "Each":{"Type":"Map","End":true,"Items":[1,2],%s
                    "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
                        "StartAt":"Work","States":{"Work":{"Type":"Pass","Output":%s,"End":true}}}}}}""";

    // https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html: a Distributed Map's child
    // executions cannot read the parent's variables; ItemSelector, evaluated in the parent, can pass them in.
    @Test
    void distributedMapChild_cannotReadAParentVariable_butItemSelectorCan() {
        Execution viaSelector = engine(new SimulatedClock(T0)).build().run(sm(DISTRIBUTED_READS.formatted(
                "\"ItemSelector\":{\"v\":\"{% $parentVar %}\",\"i\":\"{% $states.context.Map.Item.Value %}\"},",
                "\"{% $states.input.v & $string($states.input.i) %}\"")), "selector", "{}");
        assertThat(viaSelector.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Json.parse(viaSelector.output())).isEqualTo(Json.parse("[\"p1\",\"p2\"]"));

        Execution direct = engine(new SimulatedClock(T0)).build().run(sm(DISTRIBUTED_READS.formatted("",
                "\"{% $parentVar %}\"")), "direct", "{}");
        assertThat(direct.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(direct.error()).isEqualTo("States.ExceedToleratedFailureThreshold");
        // The first failure exceeds the (default, zero) tolerance, which may stop the Map Run before item 2.
        assertThat(direct.children()).isNotEmpty().allSatisfy(child -> {
            assertThat(child.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(child.error()).isEqualTo("States.QueryEvaluationError");
            assertThat(child.cause()).contains("$parentVar");
        });
    }

    static final String CHOICE_ASSIGN = """
            {"QueryLanguage":"JSONata","StartAt":"ChoiceState","States":{
                "ChoiceState":{"Type":"Choice","Choices":[{"Condition":"{% $states.input.condition %}","Next":"Done",
                    "Assign":{"Assignment":"Condition assignment"}}],
                    "Default":"Done","Assign":{"Assignment":"Default Assignment"}},
                "Done":{"Type":"Pass","Output":{"a":"{% $Assignment %}"},"End":true}}}""";

    // As recorded from AWS (conformance cases assign.assign_in_choice*): the Choice state's own Assign applies
    // when the Default is taken, a rule's Assign (and not the state's) when that rule matches.
    @Test
    void choiceAssign_stateLevelOnDefault_ruleLevelOnMatch() {
        Execution matched = engine(new SimulatedClock(T0)).build().run(sm(CHOICE_ASSIGN), "t", "{\"condition\":true}");
        assertThat(matched.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Json.parse(matched.output())).isEqualTo(Json.parse("{\"a\":\"Condition assignment\"}"));
        assertThat(events(matched, "ChoiceStateExited").get(0).detailsJson())
                .contains("assignedVariables").contains("Condition assignment").doesNotContain("Default Assignment");

        Execution dflt = engine(new SimulatedClock(T0)).build().run(sm(CHOICE_ASSIGN), "f", "{\"condition\":false}");
        assertThat(dflt.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Json.parse(dflt.output())).isEqualTo(Json.parse("{\"a\":\"Default Assignment\"}"));
        assertThat(events(dflt, "ChoiceStateExited").get(0).detailsJson())
                .contains("assignedVariables").contains("Default Assignment").doesNotContain("Condition assignment");
        assertThat(types(dflt)).containsExactly("ExecutionStarted", "ChoiceStateEntered", "ChoiceStateExited",
                "PassStateEntered", "PassStateExited", "ExecutionSucceeded");
    }
}
