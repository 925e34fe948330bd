package dev.ecstatic.asl;

import static dev.ecstatic.asl.EngineTest.T0;
import static dev.ecstatic.asl.EngineTest.engine;
import static dev.ecstatic.asl.EngineTest.sm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * JSONPath choice rules: every comparison operator, its Path variant, And, Or, Not and the type tests.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html">Choice state</a>
 */
class ChoiceRulesTest {

    /** Which way a one-rule Choice goes for {@code input}: "yes" or "no". */
    static String choose(String rule, String input) {
        Execution execution = engine(new SimulatedClock(T0)).build().run(sm("""
                {"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[%s],"Default":"No"},
                  "Yes":{"Type":"Pass","Result":"yes","End":true},"No":{"Type":"Pass","Result":"no","End":true}}}"""
                .formatted(withNext(rule))), "choice", input);
        assertThat(execution.status()).as(execution.error() + ": " + execution.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        return (String) Json.parse(execution.output());
    }

    private static String withNext(String rule) {
        return rule.substring(0, rule.lastIndexOf('}')) + ",\"Next\":\"Yes\"}";
    }

    @Test
    void stringOperators_compareStrings_andNeverOtherTypes() {
        assertThat(choose("{\"Variable\":\"$.s\",\"StringEquals\":\"b\"}", "{\"s\":\"b\"}")).isEqualTo("yes");
        assertThat(choose("{\"Variable\":\"$.s\",\"StringLessThan\":\"c\"}", "{\"s\":\"b\"}")).isEqualTo("yes");
        assertThat(choose("{\"Variable\":\"$.s\",\"StringGreaterThanEquals\":\"c\"}", "{\"s\":\"b\"}")).isEqualTo("no");
        assertThat(choose("{\"Variable\":\"$.s\",\"StringEquals\":\"1\"}", "{\"s\":1}")).isEqualTo("no");
        assertThat(choose("{\"Variable\":\"$.s\",\"StringEqualsPath\":\"$.t\"}", "{\"s\":\"x\",\"t\":\"x\"}")).isEqualTo("yes");
    }

    // https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html: "*" matches any characters, "\*" a star.
    @Test
    void stringMatches_treatsStarAsWildcard_andBackslashStarAsAStar() {
        assertThat(choose("{\"Variable\":\"$.s\",\"StringMatches\":\"log-*.txt\"}", "{\"s\":\"log-2025.txt\"}"))
                .isEqualTo("yes");
        assertThat(choose("{\"Variable\":\"$.s\",\"StringMatches\":\"a\\\\*b\"}", "{\"s\":\"a*b\"}")).isEqualTo("yes");
        assertThat(choose("{\"Variable\":\"$.s\",\"StringMatches\":\"a\\\\*b\"}", "{\"s\":\"axb\"}")).isEqualTo("no");
    }

    @Test
    void numericOperators_compareByValue() {
        assertThat(choose("{\"Variable\":\"$.n\",\"NumericEquals\":1}", "{\"n\":1.0}")).isEqualTo("yes");
        assertThat(choose("{\"Variable\":\"$.n\",\"NumericGreaterThan\":1}", "{\"n\":1.5}")).isEqualTo("yes");
        assertThat(choose("{\"Variable\":\"$.n\",\"NumericLessThanEquals\":1}", "{\"n\":2}")).isEqualTo("no");
        assertThat(choose("{\"Variable\":\"$.n\",\"NumericLessThanPath\":\"$.m\"}", "{\"n\":1,\"m\":2}")).isEqualTo("yes");
        assertThat(choose("{\"Variable\":\"$.n\",\"NumericEquals\":1}", "{\"n\":\"1\"}")).isEqualTo("no");
    }

    @Test
    void booleanAndTimestampOperators_compareTheirTypes() {
        assertThat(choose("{\"Variable\":\"$.b\",\"BooleanEquals\":true}", "{\"b\":true}")).isEqualTo("yes");
        assertThat(choose("{\"Variable\":\"$.b\",\"BooleanEqualsPath\":\"$.c\"}", "{\"b\":true,\"c\":false}")).isEqualTo("no");
        assertThat(choose("{\"Variable\":\"$.t\",\"TimestampLessThan\":\"2025-01-01T00:00:00Z\"}",
                "{\"t\":\"2024-12-31T23:59:59.5+00:00\"}")).isEqualTo("yes");
        assertThat(choose("{\"Variable\":\"$.t\",\"TimestampEquals\":\"2025-01-01T01:00:00+01:00\"}",
                "{\"t\":\"2025-01-01T00:00:00Z\"}")).isEqualTo("yes");
        assertThat(choose("{\"Variable\":\"$.t\",\"TimestampGreaterThan\":\"2025-01-01T00:00:00Z\"}", "{\"t\":\"later\"}"))
                .isEqualTo("no");
    }

    @Test
    void typeTests_answerWhatTheValueIs() {
        assertThat(choose("{\"Variable\":\"$.x\",\"IsPresent\":false}", "{}")).isEqualTo("yes");
        assertThat(choose("{\"Variable\":\"$.x\",\"IsNull\":true}", "{\"x\":null}")).isEqualTo("yes");
        assertThat(choose("{\"Variable\":\"$.x\",\"IsNumeric\":true}", "{\"x\":\"1\"}")).isEqualTo("no");
        assertThat(choose("{\"Variable\":\"$.x\",\"IsString\":true}", "{\"x\":\"1\"}")).isEqualTo("yes");
        assertThat(choose("{\"Variable\":\"$.x\",\"IsBoolean\":false}", "{\"x\":1}")).isEqualTo("yes");
        assertThat(choose("{\"Variable\":\"$.x\",\"IsTimestamp\":true}", "{\"x\":\"2025-01-01T00:00:00Z\"}")).isEqualTo("yes");
    }

    @Test
    void andOrNot_combineRules() {
        String between = "{\"And\":[{\"Variable\":\"$.n\",\"NumericGreaterThanEquals\":1},"
                + "{\"Variable\":\"$.n\",\"NumericLessThan\":10}]}";
        assertThat(choose(between, "{\"n\":5}")).isEqualTo("yes");
        assertThat(choose(between, "{\"n\":10}")).isEqualTo("no");
        assertThat(choose("{\"Or\":[{\"Variable\":\"$.a\",\"BooleanEquals\":true},{\"Not\":{\"Variable\":\"$.b\","
                + "\"IsPresent\":true}}]}", "{\"a\":false}")).isEqualTo("yes");
    }

    // A comparison of a Variable that is absent fails the state with States.Runtime (only IsPresent may ask).
    @Test
    void aMissingVariable_failsWithStatesRuntime() {
        Execution execution = engine(new SimulatedClock(T0)).build().run(sm("""
                {"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericEquals":1,
                  "Next":"D"}],"Default":"D"},"D":{"Type":"Succeed"}}}"""), "missing", "{}");
        assertThat(execution.error()).isEqualTo("States.Runtime");
        assertThat(execution.cause()).contains("Invalid path '$.n'");
    }

    @Test
    void malformedRules_areRefusedNamingTheRule() {
        assertThatThrownBy(() -> StateMachine.parse("""
                {"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericEquals":"1",
                  "Next":"D"},{"Variable":"$.n","Next":"D"}],"Default":"D"},"D":{"Type":"Succeed"}}}"""))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("State \"C\": field \"Choices/0/NumericEquals\": must be a number")
                .hasMessageContaining("State \"C\": field \"Choices/1/Variable\": a choice rule needs exactly one comparison operator");
    }
}
