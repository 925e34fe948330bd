package dev.ecstatic.asl;

import static dev.ecstatic.asl.EngineTest.T0;
import static dev.ecstatic.asl.EngineTest.engine;
import static dev.ecstatic.asl.EngineTest.sm;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
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

    @Test
    void aRegularExpressionRepeatingAGroupOverALongString_matchesAsJsonataJsDoes_withoutAStackOverflow() {
        String text = "ab".repeat(16_000);

        Execution execution = run("$match($states.input.s, /(?:a|b)*/)", "{\"s\": \"" + text + "\"}");

        assertThat(execution.status()).as(execution.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
        // One match, the whole string (jsonata-js 2.0.6 gives the same): not 32,000 characters in a failure message.
        Object match = Json.parse(execution.output());
        assertThat(match).isInstanceOf(Map.class);
        assertThat(((Map<?, ?>) match).get("match")).isEqualTo(text);
        assertThat(Json.write(((Map<?, ?>) match).get("index"))).isEqualTo("0");
        assertThat(((Map<?, ?>) match).get("groups")).isEqualTo(List.of());
    }

    @Test
    void aRecursionWithoutEnd_failsWithAQueryEvaluationError_notAJvmError() {
        Execution execution = run("( $f := function($n) { 1 + $f($n + 1) }; $f(0) )", "{}");

        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).isEqualTo("States.QueryEvaluationError");
        assertThat(execution.cause()).endsWith("threw an error during evaluation. D1011: Stack overflow. Check for "
                + "non-terminating recursive function.  Consider rewriting as tail-recursive");
    }

    @Test
    void aRegularExpressionMatchingAnEmptyStringAfterItsFirstMatch_isD1004_asInJsonataJs() {
        for (String expression : List.of("$replace('abc', /x*/, '-')", "$match('abc', /x*/)", "$split('abc', /x*/)",
                "$match('aab', /a*/, 1)")) {
            Execution execution = run(expression, "{}");
            assertThat(execution.error()).as(expression).isEqualTo("States.QueryEvaluationError");
            assertThat(execution.cause()).as(expression)
                    .endsWith("threw an error during evaluation. D1004: Regular expression matches zero length string");
        }
        // Values jsonata-js 2.0.6 gives for the same expressions.
        assertThat(run("$contains('abc', /x*/)", "{}").output()).isEqualTo("true");
        assertThat(run("$replace('aab', /a+/, '-')", "{}").output()).isEqualTo("\"-b\"");
        assertThat(run("$split('a1b2c', /[0-9]/, 2)", "{}").output()).isEqualTo("[\"a\",\"b\"]");
        assertThat(run("$match('', /x*/)", "{}").output()).isEqualTo("{\"match\":\"\",\"index\":0,\"groups\":[]}");
        assertThat(run("$states.input.s.$replace('b', 'x')", "{\"s\": \"abc\"}").output()).isEqualTo("\"axc\"");
        // A match that ends the string is the last one (dashjoin adds an empty match after it).
        assertThat(run("$match('aa', /a*/)", "{}").output()).isEqualTo("{\"match\":\"aa\",\"index\":0,\"groups\":[]}");
        assertThat(run("$replace('aa', /a*/, '-')", "{}").output()).isEqualTo("\"-\"");
        assertThat(run("$split('aa', /a*/)", "{}").output()).isEqualTo("[\"\",\"\"]");
        assertThat(run("$match('abab', /(a)(b)/)", "{}").output())
                .isEqualTo("[{\"match\":\"ab\",\"index\":0,\"groups\":[\"a\",\"b\"]},"
                        + "{\"match\":\"ab\",\"index\":2,\"groups\":[\"a\",\"b\"]}]");
    }
}
