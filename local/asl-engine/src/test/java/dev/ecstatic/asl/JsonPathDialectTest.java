package dev.ecstatic.asl;

import static dev.ecstatic.asl.EngineTest.T0;
import static dev.ecstatic.asl.EngineTest.engine;
import static dev.ecstatic.asl.EngineTest.events;
import static dev.ecstatic.asl.EngineTest.sm;
import static dev.ecstatic.asl.EngineTest.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The JSONPath dialect, each behaviour from the Developer Guide's pages on input and output processing. */
class JsonPathDialectTest {

    static Execution run(String definition, String input) {
        return engine(new SimulatedClock(T0)).taskInvoker(request -> request.argumentsJson()).build()
                .run(sm(definition), "jsonpath", input);
    }

    // https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html: InputPath, then
    // Parameters, then the task, then ResultSelector, ResultPath into the state's input, then OutputPath.
    @Test
    void taskFields_applyInAwsOrder() {
        AtomicReference<String> sent = new AtomicReference<>();
        Execution execution = engine(new SimulatedClock(T0)).taskInvoker(request -> {
            sent.set(request.argumentsJson());
            return "{\"status\":\"done\",\"noise\":1}";
        }).build().run(sm("""
                {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                  "InputPath":"$.order","Parameters":{"id.$":"$.id","fixed":"x","who.$":"$$.Execution.Name"},
                  "ResultSelector":{"state.$":"$.status"},"ResultPath":"$.result","OutputPath":"$.result","End":true}}}"""),
                "order-42", "{\"order\":{\"id\":42},\"other\":true}");
        assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Json.parse(sent.get())).isEqualTo(Json.parse("{\"id\":42,\"fixed\":\"x\",\"who\":\"order-42\"}"));
        assertThat(Json.parse(execution.output())).isEqualTo(Json.parse("{\"state\":\"done\"}"));
        assertThat(events(execution, "TaskScheduled").get(0).detail("parameters"))
                .isEqualTo("{\"id\":42,\"fixed\":\"x\",\"who\":\"order-42\"}");
    }

    // https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html: ResultPath null keeps the
    // input and discards the result; InputPath null gives {}; OutputPath null outputs {}.
    @Test
    void nullPaths_discardAsDocumented() {
        assertThat(Json.parse(run("""
                {"StartAt":"P","States":{"P":{"Type":"Pass","Result":"r","ResultPath":null,"End":true}}}""",
                "{\"kept\":1}").output())).isEqualTo(Json.parse("{\"kept\":1}"));
        assertThat(run("""
                {"StartAt":"P","States":{"P":{"Type":"Pass","InputPath":null,"End":true}}}""", "{\"a\":1}").output())
                .isEqualTo("{}");
        assertThat(run("""
                {"StartAt":"P","States":{"P":{"Type":"Pass","OutputPath":null,"End":true}}}""", "{\"a\":1}").output())
                .isEqualTo("{}");
    }

    // https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html: ResultPath creates the
    // members it names; it cannot write into a value that is not an object (States.ResultPathMatchFailure).
    @Test
    void resultPath_createsMembers_orFailsWithResultPathMatchFailure() {
        assertThat(Json.parse(run("""
                {"StartAt":"P","States":{"P":{"Type":"Pass","Result":7,"ResultPath":"$.a.b","End":true}}}""",
                "{\"x\":1}").output())).isEqualTo(Json.parse("{\"x\":1,\"a\":{\"b\":7}}"));
        Execution failed = run("""
                {"StartAt":"P","States":{"P":{"Type":"Pass","Result":7,"ResultPath":"$.x.b","End":true}}}""", "{\"x\":1}");
        assertThat(failed.error()).isEqualTo("States.ResultPathMatchFailure");
        assertThat(failed.cause()).contains("'$.x.b'");
    }

    // Recorded from AWS (conformance case scenarios.invalid_jsonpath.ST.INVALID_JSONPATH_IN_INPUTPATH): a path that
    // matches nothing fails the execution with States.Runtime, which States.ALL does not catch, and no
    // EvaluationFailed event.
    @Test
    void aPathMatchingNothing_failsWithStatesRuntime_thatStatesAllDoesNotCatch() {
        Execution execution = run("""
                {"StartAt":"P","States":{"P":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                  "Parameters":{"v.$":"$.missing"},"Catch":[{"ErrorEquals":["States.ALL"],"Next":"Caught"}],"End":true},
                  "Caught":{"Type":"Succeed"}}}""", "{\"present\":1}");
        assertThat(execution.error()).isEqualTo("States.Runtime");
        assertThat(execution.cause()).isEqualTo("An error occurred while executing the state 'P' (entered at the event "
                + "id #2). The JSONPath '$.missing' specified for the field 'v.$' could not be found in the input "
                + "'{\"present\":1}'");
        assertThat(types(execution)).containsExactly("ExecutionStarted", "TaskStateEntered", "ExecutionFailed");
    }

    // https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html: in JSONPath, Assign reads the
    // state's result as $, and every field of the state sees the variables as they were before it.
    @Test
    void assign_readsTheResult_andTakesEffectAfterTheState() {
        Execution execution = run("""
                {"StartAt":"First","States":{
                  "First":{"Type":"Pass","Result":{"v":1},"Assign":{"n.$":"$.v","constant":"c"},"Next":"Second"},
                  "Second":{"Type":"Pass","Parameters":{"before.$":"$n"},"Assign":{"n.$":"States.MathAdd($n, 1)"},
                    "Next":"Third"},
                  "Third":{"Type":"Pass","Parameters":{"after.$":"$n","constant.$":"$constant","was.$":"$.before"},
                    "End":true}}}""", "{}");
        assertThat(Json.parse(execution.output())).isEqualTo(Json.parse("{\"after\":2,\"constant\":\"c\",\"was\":1}"));
        assertThat(events(execution, "PassStateExited").get(0).detailsJson())
                .contains("\"assignedVariables\":{\"n\":\"1\",\"constant\":\"\\\"c\\\"\"}");
    }

    // https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html: $$ is the context object.
    @Test
    void contextObject_isReadWithTwoDollars() {
        Execution execution = run("""
                {"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"state.$":"$$.State.Name",
                  "execution.$":"$$.Execution.Name","input.$":"$$.Execution.Input.x"},"End":true}}}""", "{\"x\":5}");
        assertThat(Json.parse(execution.output())).isEqualTo(Json.parse("{\"state\":\"P\",\"execution\":\"jsonpath\",\"input\":5}"));
    }

    // https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html: SecondsPath and TimestampPath read the
    // input; a negative number or a bad timestamp fails with States.Runtime, worded as recorded from AWS.
    @Test
    void waitPaths_readTheInput_andRefuseBadValuesAsAwsDoes() {
        Execution waited = run("""
                {"StartAt":"W","States":{"W":{"Type":"Wait","SecondsPath":"$.s","End":true}}}""", "{\"s\":90}");
        assertThat(waited.stopDate()).isEqualTo(T0.plus(Duration.ofSeconds(90)));
        Execution until = run("""
                {"StartAt":"W","States":{"W":{"Type":"Wait","TimestampPath":"$.t","End":true}}}""",
                "{\"t\":\"2025-01-01T01:00:00Z\"}");
        assertThat(until.stopDate()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(run("""
                {"StartAt":"W","States":{"W":{"Type":"Wait","SecondsPath":"$.s","End":true}}}""", "{\"s\":-1}").cause())
                .endsWith("The SecondsPath parameter references a negative value: $.s == -1");
        assertThat(run("""
                {"StartAt":"W","States":{"W":{"Type":"Wait","TimestampPath":"$.t","End":true}}}""", "{\"t\":\"soon\"}").cause())
                .endsWith("The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time "
                        + "format string: $.t == soon");
    }

    // https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html: ErrorPath and CausePath take a path or
    // an intrinsic function.
    @Test
    void failPaths_takeAPathOrAnIntrinsicFunction() {
        Execution execution = run("""
                {"StartAt":"F","States":{"F":{"Type":"Fail","ErrorPath":"$.code",
                  "CausePath":"States.Format('{} went wrong', $.what)"}}}""", "{\"code\":\"E42\",\"what\":\"it\"}");
        assertThat(execution.error()).isEqualTo("E42");
        assertThat(execution.cause()).isEqualTo("it went wrong");
    }

    // https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html: a JSONPath catcher puts the
    // error output at its ResultPath in the state's input.
    @Test
    void catcherResultPath_placesTheErrorInTheInput() {
        Execution execution = engine(new SimulatedClock(T0)).taskInvoker(request -> {
            throw new TaskFailedException("Boom", "it broke");
        }).build().run(sm("""
                {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                  "Catch":[{"ErrorEquals":["Boom"],"ResultPath":"$.error","Assign":{"failed.$":"$.Error"},"Next":"Done"}],
                  "End":true},
                  "Done":{"Type":"Pass","Parameters":{"input.$":"$","failed.$":"$failed"},"End":true}}}"""),
                "catch", "{\"keep\":1}");
        assertThat(Json.parse(execution.output())).isEqualTo(Json.parse(
                "{\"input\":{\"keep\":1,\"error\":{\"Error\":\"Boom\",\"Cause\":\"it broke\"}},\"failed\":\"Boom\"}"));
    }

    // https://docs.aws.amazon.com/step-functions/latest/dg/state-map.html: ItemsPath, ItemSelector (and the legacy
    // Parameters and Iterator), MaxConcurrencyPath; a numeric string is accepted as AWS accepts it.
    @Test
    void mapFields_selectItemsAndShapeEachIteration() {
        Execution execution = run("""
                {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.list","MaxConcurrencyPath":"$.limit",
                  "ItemSelector":{"value.$":"$$.Map.Item.Value","index.$":"$$.Map.Item.Index","tag.$":"$.tag"},
                  "ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"End":true}}}""",
                "{\"list\":[\"a\",\"b\"],\"limit\":\"1\",\"tag\":\"t\"}");
        assertThat(Json.parse(execution.output())).isEqualTo(Json.parse(
                "[{\"value\":\"a\",\"index\":0,\"tag\":\"t\"},{\"value\":\"b\",\"index\":1,\"tag\":\"t\"}]"));
        Execution legacy = run("""
                {"StartAt":"M","States":{"M":{"Type":"Map","Parameters":{"v.$":"$$.Map.Item.Value"},
                  "Iterator":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"End":true}}}""", "[1,2]");
        assertThat(Json.parse(legacy.output())).isEqualTo(Json.parse("[{\"v\":1},{\"v\":2}]"));
        Execution notANumber = run("""
                {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.list","MaxConcurrencyPath":"$.limit",
                  "ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"End":true}}}""",
                "{\"list\":[1],\"limit\":\"many\"}");
        assertThat(notANumber.cause()).endsWith(
                "The MaxConcurrencyPath field refers to value \"many\" which is not a valid integer: $.limit");
        assertThat(types(notANumber)).containsExactly("ExecutionStarted", "MapStateEntered", "ExecutionFailed");
    }

    // https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html: a JSONPath state machine may hold
    // JSONata states (QueryLanguage per state); each reads the other's output.
    @Test
    void jsonataAndJsonPathStates_mixInAJsonPathStateMachine() {
        Execution execution = run("""
                {"StartAt":"Path","States":{
                  "Path":{"Type":"Pass","Parameters":{"n.$":"$.n"},"Assign":{"seen.$":"$.n"},"Next":"Ata"},
                  "Ata":{"Type":"Pass","QueryLanguage":"JSONata","Output":{"double":"{% $states.input.n * 2 %}",
                    "seen":"{% $seen %}"},"End":true}}}""", "{\"n\":21}");
        assertThat(Json.parse(execution.output())).isEqualTo(Json.parse("{\"double\":42,\"seen\":21}"));
    }

    // https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html: a field ending in
    // ".$" must hold a path or an intrinsic function; the definition is refused otherwise, naming the field.
    @Test
    void aDollarFieldWithoutAPath_isRefusedNamingTheField() {
        assertThatThrownBy(() -> StateMachine.parse("""
                {"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"v.$":"no path"},"End":true}}}"""))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("State \"P\": field \"Parameters/v.$\": the value of a field whose name ends in \".$\"");
        assertThatThrownBy(() -> StateMachine.parse("""
                {"StartAt":"P","States":{"P":{"Type":"Pass","Output":"{% 1 %}","End":true}}}"""))
                .hasMessageContaining("State \"P\": field \"Output\": JSONata-only field in a JSONPath state");
    }

    @Test
    void aFilterRegexThatNestsTooDeepForTheStack_failsTheStateWithStatesRuntime_notTheEngine() {
        String text = "ab".repeat(16_000);
        Execution execution = run("""
                {"StartAt": "Filter", "States": {"Filter": {"Type": "Pass", "End": true,
                  "Parameters": {"matching.$": "$.items[?(@.s =~ /(?:a|b)*/)]"}}}}
                """, "{\"items\": [{\"s\": \"" + text + "\"}]}");

        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).isEqualTo("States.Runtime");
        assertThat(execution.cause()).contains("The regular expression /(?:a|b)*/ cannot be matched against a string of "
                + "32000 characters");
    }
}
