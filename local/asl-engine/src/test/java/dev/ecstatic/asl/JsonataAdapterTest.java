package dev.ecstatic.asl;

import static dev.ecstatic.asl.EngineTest.T0;
import static dev.ecstatic.asl.EngineTest.engine;
import static dev.ecstatic.asl.EngineTest.sm;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Where the JSONata library (dashjoin, a port of the reference jsonata-js) and Step Functions' JSONata
 * (the 2.0.6 specification, https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html)
 * must not part: what an expression may change, what a regular expression may match, and how deep an
 * evaluation may go without taking the engine down.
 */
class JsonataAdapterTest {

    private static Execution run(String expression, String input) {
        return engine(new SimulatedClock(T0)).build().run(sm("""
                {"QueryLanguage": "JSONata", "StartAt": "Eval", "States": {"Eval": {"Type": "Pass",
                  "Output": "{% EXPRESSION %}", "End": true}}}
                """.replace("EXPRESSION", expression.replace("\"", "\\\""))), "jsonata", input);
    }

    @Test
    void groupingAnEmptyArray_changesItOnlyWithinTheExpression_asTheReferenceImplementationDoes() {
        // jsonata-js 2.0.6 and 2.2.2 give 1: grouping adds an undefined entry to an empty array, to make
        // "[]{'k': 1}" the object {"k": 1}. Step Functions implements 2.0.6.
        Execution within = run("( $r := []; $g := $r{ 'k': 1 }; $count($r) )", "{}");
        assertThat(within.output()).isEqualTo("1");

        Execution literal = run("[]{ 'k': 1 }", "{}");
        assertThat(literal.output()).isEqualTo("{\"k\":1}");
    }

    @Test
    void groupingAnEmptyArrayOfTheInput_inOneField_leavesTheInputOfTheOthersAsItWas() {
        Execution execution = engine(new SimulatedClock(T0)).build().run(sm("""
                {"QueryLanguage": "JSONata", "StartAt": "Group", "States": {
                  "Group": {"Type": "Pass", "Assign": {"grouped": "{% $states.input.list{'k': 1} %}",
                                                       "nested": "{% $states.input.nested.{'k': 1} %}"},
                            "Output": "{% $states.input %}", "Next": "Count"},
                  "Count": {"Type": "Pass", "End": true,
                            "Output": "{% {'input': $states.input, 'count': $count($states.input.list), 'grouped': $grouped} %}"}}}
                """), "isolated", "{\"list\": [], \"nested\": [[], [1]]}");

        assertThat(execution.status()).as(execution.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Json.parse(execution.output())).isEqualTo(Json.parse("""
                {"input": {"list": [], "nested": [[], [1]]}, "count": 0, "grouped": {"k": 1}}
                """));
    }
}
