package dev.ecstatic.asl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The engine's own cases, each from an example or a rule of the AWS Step Functions Developer Guide. */
class EngineTest {
    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    static StateMachine sm(String json) {
        try {
            return StateMachine.parse(json);
        } catch (DefinitionException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    static Engine.Builder engine(SimulatedClock clock) {
        return Engine.builder().clock(clock);
    }

    static List<HistoryEvent> events(Execution execution, String type) {
        return execution.history().stream().filter(event -> event.type().equals(type)).toList();
    }

    static List<String> types(Execution execution) {
        return execution.history().stream().map(HistoryEvent::type).toList();
    }

    // https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html (Retry: IntervalSeconds,
    // BackoffRate, MaxAttempts, MaxDelaySeconds): delays 2, 2x3=6, then 18 capped to 10.
    @Test
    void retryIntervals_growByBackoffRate_cappedByMaxDelaySeconds() {
        SimulatedClock clock = new SimulatedClock(T0);
        AtomicInteger calls = new AtomicInteger();
        Execution execution = engine(clock).taskInvoker(request -> {
            if (calls.getAndIncrement() < 3) {
                throw new TaskFailedException("Lambda.TooManyRequestsException", "slow down");
            }
            return "{\"ok\":true}";
        }).build().run(sm("""
                {"QueryLanguage":"JSONata","StartAt":"Call","States":{"Call":{"Type":"Task",
                    "Resource":"arn:aws:states:::lambda:invoke","Arguments":{"n":"{% $states.context.State.RetryCount %}"},
                    "Retry":[{"ErrorEquals":["Lambda.TooManyRequestsException"],"IntervalSeconds":2,"BackoffRate":3,
                                        "MaxAttempts":3,"MaxDelaySeconds":10}],
                    "End":true}}}"""), "retry", "{}");
        assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        List<Instant> scheduled = events(execution, "TaskScheduled").stream().map(HistoryEvent::timestamp).toList();
        assertThat(scheduled).hasSize(4);
        assertThat(Duration.between(scheduled.get(0), scheduled.get(1))).isEqualTo(Duration.ofSeconds(2));
        assertThat(Duration.between(scheduled.get(1), scheduled.get(2))).isEqualTo(Duration.ofSeconds(6));
        assertThat(Duration.between(scheduled.get(2), scheduled.get(3))).isEqualTo(Duration.ofSeconds(10));
        // $states.context.State.RetryCount counts the retries
        assertThat(events(execution, "TaskScheduled").get(3).detail("parameters")).isEqualTo("{\"n\":3}");
        assertThat(types(execution)).containsExactly("ExecutionStarted", "TaskStateEntered",
                "TaskScheduled", "TaskStarted", "TaskFailed", "TaskScheduled", "TaskStarted", "TaskFailed",
                "TaskScheduled", "TaskStarted", "TaskFailed", "TaskScheduled", "TaskStarted", "TaskSucceeded",
                "TaskStateExited", "ExecutionSucceeded");
    }

    // https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html: JitterStrategy FULL
    // randomizes each delay between 0 and the computed backoff.
    @Test
    void fullJitter_keepsEachDelayWithinTheBackoffBound() {
        // isBetween is inclusive, so a delay ignoring the jitter (always the bound) would pass it: count
        // the delays strictly below their bound too. 20 uniform draws all at the bound cannot happen.
        int belowBound = 0;
        for (int run = 0; run < 5; run++) {
            SimulatedClock clock = new SimulatedClock(T0);
            AtomicInteger calls = new AtomicInteger();
            Execution execution = engine(clock).taskInvoker(request -> {
                if (calls.getAndIncrement() < 4) {
                    throw new TaskFailedException("Transient", "again");
                }
                return "1";
            }).build().run(sm("""
                    {"QueryLanguage":"JSONata","StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                        "Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":4,"BackoffRate":2,"MaxAttempts":4,"JitterStrategy":"FULL"}],
                        "End":true}}}"""), "jitter", "{}");
            assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            List<Instant> scheduled = events(execution, "TaskScheduled").stream().map(HistoryEvent::timestamp).toList();
            double[] bounds = {4, 8, 16, 32};
            for (int i = 0; i < 4; i++) {
                Duration delay = Duration.between(scheduled.get(i), scheduled.get(i + 1));
                assertThat(delay).isBetween(Duration.ZERO, Duration.ofMillis((long) (bounds[i] * 1000)));
                if (delay.compareTo(Duration.ofMillis((long) (bounds[i] * 1000))) < 0) {
                    belowBound++;
                }
            }
        }
        assertThat(belowBound).as("delays strictly below their backoff bound").isGreaterThan(0);
    }

    // https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html (Catch: "the first
    // catcher whose ErrorEquals matches" is used; the error output is {Error, Cause}).
    @Test
    void catch_usesFirstMatchingCatcher_withErrorOutput() {
        Execution execution = engine(new SimulatedClock(T0))
                .taskInvoker(request -> {
                    throw new TaskFailedException("CustomError", "it broke");
                }).build().run(sm("""
                        {"QueryLanguage":"JSONata","StartAt":"Call","States":{
                            "Call":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                                "Catch":[{"ErrorEquals":["OtherError"],"Next":"Other"},
                                                  {"ErrorEquals":["CustomError"],"Next":"Handled","Output":{"err":"{% $states.errorOutput.Error %}",
                                                      "why":"{% $states.errorOutput.Cause %}"},"Assign":{"failed":true}},
                                                  {"ErrorEquals":["States.ALL"],"Next":"Other"}],"End":true},
                            "Handled":{"Type":"Pass","Output":{"err":"{% $states.input.err %}","why":"{% $states.input.why %}","failed":"{% $failed %}"},"End":true},
                            "Other":{"Type":"Fail","Error":"Wrong"}}}"""), "catch", "{}");
        assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Json.parse(execution.output())).isEqualTo(Json.parse("{\"err\":\"CustomError\",\"why\":\"it broke\",\"failed\":true}"));
        assertThat(types(execution)).containsSubsequence("TaskFailed", "TaskStateExited", "PassStateEntered");
    }

    // A Lambda function ARN as Resource records LambdaFunction* events (as recorded from AWS in LocalStack's
    // test_task_lambda snapshots); a caught failure exits the Task state without a failure-state event.
    // https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
    @Test
    void lambdaFunctionArnResource_recordsLambdaFunctionEvents() {
        Execution execution = engine(new SimulatedClock(T0)).taskInvoker(request -> {
            throw new TaskFailedException("Exception", "{\"errorMessage\":\"boom\",\"errorType\":\"Exception\"}");
        }).build().run(sm("""
                {"QueryLanguage":"JSONata","StartAt":"Start","States":{
                    "Start":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","End":true,
                        "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Handler"}]},
                    "Handler":{"Type":"Pass","End":true}}}"""), "legacy", "{}");
        assertThat(types(execution)).containsExactly("ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled",
                "LambdaFunctionStarted", "LambdaFunctionFailed", "TaskStateExited", "PassStateEntered", "PassStateExited",
                "ExecutionSucceeded");
    }

    // https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html: States.ALL must appear
    // alone and in the last retrier / catcher.
    @Test
    void statesAllNotLast_isRefused() {
        assertThatThrownBy(() -> StateMachine.parse("""
                {"QueryLanguage":"JSONata","StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                    "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Done"},{"ErrorEquals":["X"],"Next":"Done"}],"End":true},
                    "Done":{"Type":"Succeed"}}}"""))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("State \"Call\": field \"Catch/0/ErrorEquals\": \"States.ALL\" must appear alone and in the last catcher");
    }

    // https://docs.aws.amazon.com/step-functions/latest/dg/state-parallel.html: the output is an array with one
    // element per branch, in branch order; if any branch fails, the Parallel state fails.
    @Test
    void parallel_outputsOneElementPerBranch_andFailsWithABranchError() {
        Engine engine = engine(new SimulatedClock(T0)).build();
        Execution ok = engine.run(sm("""
                {"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Parallel","End":true,
                    "Arguments":{"x":"{% $states.input.x %}"},
                    "Branches":[
                        {"StartAt":"A","States":{"A":{"Type":"Wait","Seconds":10,"Next":"A2"},"A2":{"Type":"Pass","Output":"{% $states.input.x + 1 %}","End":true}}},
                        {"StartAt":"B","States":{"B":{"Type":"Pass","Output":"{% $states.input.x * 10 %}","End":true}}}]}}}"""),
                "parallel", "{\"x\":4}");
        assertThat(ok.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Json.parse(ok.output())).isEqualTo(List.of(5, 40));
        assertThat(types(ok)).startsWith("ExecutionStarted", "ParallelStateEntered", "ParallelStateStarted")
                .endsWith("ParallelStateSucceeded", "ParallelStateExited", "ExecutionSucceeded");

        Execution caught = engine.run(sm("""
                {"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Parallel","Next":"Done",
                    "Catch":[{"ErrorEquals":["Branch.Broke"],"Next":"Done"}],
                    "Branches":[
                        {"StartAt":"A","States":{"A":{"Type":"Wait","Seconds":3600,"End":true}}},
                        {"StartAt":"B","States":{"B":{"Type":"Fail","Error":"Branch.Broke","Cause":"b"}}}]},
                    "Done":{"Type":"Pass","End":true}}}"""), "parallel-fail", "{}");
        assertThat(caught.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Json.parse(caught.output())).isEqualTo(Json.parse("{\"Error\":\"Branch.Broke\",\"Cause\":\"b\"}"));
        assertThat(types(caught)).containsSubsequence("ParallelStateFailed", "ParallelStateExited", "PassStateEntered");
    }

    static final String DISTRIBUTED = """
            {"QueryLanguage":"JSONata","StartAt":"Each","States":{"Each":{"Type":"Map","End":true,
                "Items":"{% $states.input.items %}", %s
                "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
                    "StartAt":"Work","States":{"Work":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                        "Arguments":{"n":"{% $states.input %}"},"End":true}}}}}}""";

    static Execution runDistributed(String tolerance) {
        TaskInvoker invoker = request -> {
            int item = ((Number) ((Map<?, ?>) Json.parse(request.argumentsJson())).get("n")).intValue();
            if (item % 10 < 3) {
                throw new TaskFailedException("Item.Bad", "item " + item);
            }
            return String.valueOf(item);
        };
        return engine(new SimulatedClock(T0)).taskInvoker(invoker).build()
                .run(sm(DISTRIBUTED.replace("%s", tolerance)), "dmap", "{\"items\":[0,1,2,3,4,5,6,7,8,9]}");
    }

    // https://docs.aws.amazon.com/step-functions/latest/dg/maprun-fail-threshold.html: the Map Run fails when
    // failed items exceed ToleratedFailureCount or ToleratedFailurePercentage (by default, any failure).
    @Test
    void distributedMap_toleratesFailuresUpToCountAndPercentage() {
        Execution ok = runDistributed("\"ToleratedFailureCount\":3,");
        assertThat(ok.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(ok.children()).hasSize(10);
        assertThat(ok.children()).allSatisfy(child -> assertThat(child.history().get(0).type()).isEqualTo("ExecutionStarted"));
        assertThat(ok.children().stream().filter(child -> child.status() == ExecutionStatus.FAILED)).hasSize(3);
        assertThat(types(ok)).containsExactly("ExecutionStarted", "MapStateEntered", "MapStateStarted", "MapRunStarted",
                "MapRunSucceeded", "MapStateSucceeded", "MapStateExited", "ExecutionSucceeded");
        assertThat(ok.stats().executions()).isEqualTo(11);
        assertThat(ok.stats().taskInvocations()).containsEntry("arn:aws:states:::lambda:invoke", 10L);
        assertThat(ok.stats().historyEvents()).isEqualTo(8 + 7 * 7 + 3 * 6);

        Execution countExceeded = runDistributed("\"ToleratedFailureCount\":2,");
        assertThat(countExceeded.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(countExceeded.error()).isEqualTo("States.ExceedToleratedFailureThreshold");
        assertThat(types(countExceeded)).contains("MapRunFailed", "MapStateFailed");

        assertThat(runDistributed("\"ToleratedFailurePercentage\":30,").status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(runDistributed("\"ToleratedFailurePercentage\":20,").error())
                .isEqualTo("States.ExceedToleratedFailureThreshold");
        assertThat(runDistributed("").error()).isEqualTo("States.ExceedToleratedFailureThreshold");
    }

    // https://docs.aws.amazon.com/step-functions/latest/dg/sfn-local-mock-cfg-file.html: the MockedLambdaRetry
    // example ("0" Throw, "1-2" Throw, "3" Return) with a retrier of 3 attempts succeeds on the 4th call.
    @Test
    void mockedResponses_areUsedInInvocationOrder() {
        MockConfig mocks = MockConfig.parse("""
                {"StateMachines":{"LambdaSQSIntegration":{"TestCases":{"RetryPath":{"LambdaState":"MockedLambdaRetry"}}}},
                  "MockedResponses":{"MockedLambdaRetry":{
                      "0":{"Throw":{"Error":"Lambda.ResourceNotReadyException","Cause":"Lambda resource is not ready."}},
                      "1-2":{"Throw":{"Error":"Lambda.TimeoutException","Cause":"Lambda timed out."}},
                      "3":{"Return":{"StatusCode":200,"Payload":{"StatusCode":200,"body":"Hello from Lambda!"}}}}}}""");
        SimulatedClock clock = new SimulatedClock(T0);
        Execution execution = Engine.builder().clock(clock).mockConfig(mocks, "LambdaSQSIntegration", "RetryPath")
                .taskInvoker(request -> {
                    throw new AssertionError("a mocked state must not call the invoker");
                }).build().run(sm("""
                        {"QueryLanguage":"JSONata","StartAt":"LambdaState","States":{"LambdaState":{"Type":"Task",
                            "Resource":"arn:aws:states:::lambda:invoke","Output":"{% $states.result.Payload.body %}",
                            "Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":1,"MaxAttempts":3}],"End":true}}}"""),
                        "mocked", "{}");
        assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(execution.output()).isEqualTo("\"Hello from Lambda!\"");
        assertThat(events(execution, "TaskFailed")).extracting(event -> event.detail("error")).containsExactly(
                "Lambda.ResourceNotReadyException", "Lambda.TimeoutException", "Lambda.TimeoutException");
        assertThatThrownBy(() -> Engine.builder().mockConfig(mocks, "LambdaSQSIntegration", "NoSuchCase"))
                .hasMessageContaining("NoSuchCase");
    }

    // https://docs.aws.amazon.com/step-functions/latest/dg/statemachine-structure.html and
    // https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html: every problem names its state
    // and field.
    @Test
    void invalidDefinition_listsEveryProblemWithStateAndField() {
        DefinitionException refused = (DefinitionException) catchThrowable(() -> StateMachine.parse("""
                {"QueryLanguage":"JSONata","StartAt":"A","States":{
                    "A":{"Type":"Pass","Parameters":{"x.$":"$.x"},"Next":"Nowhere"},
                    "B":{"Type":"Pass","Colour":"blue"},
                    "C":{"Type":"Pass","Output":"{% $states.input. %}","End":true},
                    "D":{"Type":"Map","ItemReader":{},"ItemProcessor":{"StartAt":"X","States":{"X":{"Type":"Pass","End":true}}},"End":true}}}"""));
        assertThat(refused.getProblems()).contains(
                "State \"A\": field \"Parameters\": JSONPath-only field in a JSONata state (use Arguments, Output, Items or a JSONata expression instead)",
                "State \"A\": field \"Next\": no state named \"Nowhere\" (in the same States object)",
                "State \"B\": field \"Colour\": unknown field for a Pass state",
                "State \"B\": field \"Next\": missing: a Pass state needs \"Next\" or \"End\": true",
                "State \"B\": field \"Type\": state is not reachable from StartAt \"A\"",
                "State \"D\": field \"ItemReader\": only a Distributed Map (ProcessorConfig Mode DISTRIBUTED) has ItemReader");
        assertThat(refused.getProblems()).anySatisfy(problem -> assertThat(problem).startsWith("State \"C\": field \"Output\": JSONata expression '$states.input.' does not compile"));
    }

    // https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html: a state machine whose
    // QueryLanguage is JSONata cannot hold a JSONPath state (the reverse is allowed).
    @Test
    void aJsonPathStateInAJsonataStateMachine_isRefused() {
        assertThatThrownBy(() -> StateMachine.parse("""
                {"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Pass","QueryLanguage":"JSONPath","End":true}}}"""))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("State \"A\": field \"QueryLanguage\": a JSONPath state is not allowed in a JSONata state machine");
        assertThat(sm("""
                {"StartAt":"A","States":{"A":{"Type":"Pass","QueryLanguage":"JSONata","Output":"{% 1 + 1 %}","End":true}}}"""))
                .isNotNull();
    }

    // https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html ("$eval" is not supported; use
    // $parse): calling it fails as AWS fails, with States.QueryEvaluationError.
    @Test
    void evalIsUnavailable() {
        Execution execution = engine(new SimulatedClock(T0)).build().run(sm("""
                {"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","Output":"{% $eval('1 + 1') %}","End":true}}}"""),
                "eval", "{}");
        assertThat(execution.error()).isEqualTo("States.QueryEvaluationError");
        assertThat(execution.cause()).contains("T1006");
        Execution parse = engine(new SimulatedClock(T0)).build().run(sm("""
                {"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","Output":"{% $parse('{\\"a\\":[1,2]}').a[1] %}","End":true}}}"""),
                "parse", "{}");
        assertThat(parse.output()).isEqualTo("2");
    }

    // https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html with
    // https://docs.aws.amazon.com/step-functions/latest/dg/state-map-inline.html: ten concurrent iterations that
    // each wait an hour finish together, an hour after they started, in no wall time.
    @Test
    void simulatedClock_runsConcurrentHourLongWaitsInstantly() {
        SimulatedClock clock = new SimulatedClock(T0);
        String def = """
                {"QueryLanguage":"JSONata","StartAt":"Each","States":{"Each":{"Type":"Map","End":true,%s
                    "Items":"{% [1,2,3,4,5,6,7,8,9,10] %}",
                    "ItemProcessor":{"StartAt":"Nap","States":{"Nap":{"Type":"Wait","Seconds":3600,"End":true}}}}}}""";
        long wall = System.nanoTime();
        Execution execution = engine(clock).build().run(sm(def.replace("%s", "")), "naps", "{}");
        assertThat(Duration.ofNanos(System.nanoTime() - wall)).isLessThan(Duration.ofSeconds(5));
        assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(events(execution, "WaitStateExited")).hasSize(10)
                .allSatisfy(event -> assertThat(event.timestamp()).isEqualTo(T0.plusSeconds(3600)));
        assertThat(execution.stopDate()).isEqualTo(T0.plusSeconds(3600));

        SimulatedClock clock2 = new SimulatedClock(T0);
        Execution seq = engine(clock2).build().run(sm(def.replace("%s", "\"MaxConcurrency\":1,")), "naps-1", "{}");
        List<Instant> exits = events(seq, "WaitStateExited").stream().map(HistoryEvent::timestamp).toList();
        for (int i = 0; i < 10; i++) {
            assertThat(exits.get(i)).isEqualTo(T0.plusSeconds(3600L * (i + 1)));
        }
        assertThat(clock2.asJavaClock().instant()).isEqualTo(T0.plusSeconds(36_000));
    }

    // https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html: inner scopes read outer
    // variables, their assignments stay inside; Assign and Output both see the values from before the state.
    @Test
    void variables_followAwsScoping() {
        Execution execution = engine(new SimulatedClock(T0)).build().run(sm("""
                {"QueryLanguage":"JSONata","StartAt":"Init","States":{
                    "Init":{"Type":"Pass","Assign":{"x":1,"total":0},"Next":"Swap"},
                    "Swap":{"Type":"Pass","Assign":{"x":"{% $x + 1 %}","old":"{% $x %}"},"Output":{"seen":"{% $x %}"},"Next":"Each"},
                    "Each":{"Type":"Map","MaxConcurrency":1,"Items":[10,20],
                        "ItemProcessor":{"StartAt":"Inner","States":{"Inner":{"Type":"Pass","Assign":{"total":"{% $states.input + $x %}"},
                            "Output":"{% $states.input + $x %}","End":true}}},"Next":"Done"},
                    "Done":{"Type":"Pass","Output":{"x":"{% $x %}","old":"{% $old %}","total":"{% $total %}","map":"{% $states.input %}"},"End":true}}}"""),
                "vars", "{}");
        assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Json.parse(execution.output())).isEqualTo(Json.parse("{\"x\":2,\"old\":1,\"total\":0,\"map\":[12,22]}"));
        assertThat(events(execution, "PassStateExited").get(1).detail("output")).isEqualTo("{\"seen\":1}");
    }

    // https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html: Map.Item.Index and
    // Map.Item.Value are available in ItemSelector.
    @Test
    void itemSelector_seesMapItemIndexAndValue() {
        Execution execution = engine(new SimulatedClock(T0)).build().run(sm("""
                {"QueryLanguage":"JSONata","StartAt":"Each","States":{"Each":{"Type":"Map","End":true,"Items":["a","b"],
                    "ItemSelector":{"i":"{% $states.context.Map.Item.Index %}","v":"{% $states.context.Map.Item.Value %}",
                                                    "exec":"{% $states.context.Execution.Name %}"},
                    "ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}}}}"""), "ctx", "{}");
        assertThat(Json.parse(execution.output())).isEqualTo(Json.parse(
                "[{\"i\":0,\"v\":\"a\",\"exec\":\"ctx\"},{\"i\":1,\"v\":\"b\",\"exec\":\"ctx\"}]"));
    }

    @Test
    void listener_seesEveryEventInOrder() {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        Execution execution = engine(new SimulatedClock(T0)).listener((name, event) -> seen.add(name + ":" + event.type())).build()
                .run(sm("""
                        {"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}"""), "l", "{}");
        assertThat(seen).containsExactly("l:ExecutionStarted", "l:PassStateEntered", "l:PassStateExited", "l:ExecutionSucceeded");
        assertThat(execution.stats().stateTransitions()).isEqualTo(1);
        assertThat(execution.history().get(2).toJson()).contains("\"stateExitedEventDetails\":{\"name\":\"P\",\"output\":\"{}\"");
        Object history = Json.parse(execution.historyJson());
        assertThat(((List<?>) ((Map<?, ?>) history).get("events"))).hasSize(4);
    }

    @Test
    void awsJsonataFunctions_work() {
        Execution execution = engine(new SimulatedClock(T0)).build().run(sm("""
                {"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","End":true,"Output":{
                    "part":"{% $partition([1,2,3,4,5], 2) %}","range":"{% $range(0, 10, 5) %}",
                    "hash":"{% $hash('abc', 'SHA-256') %}","seeded":"{% $random(7) = $random(7) %}",
                    "uuid":"{% $length($uuid()) %}","now":"{% $now() %}"}}}}"""), "fn", "{}");
        assertThat(Json.parse(execution.output())).isEqualTo(Json.parse("""
                {"part":[[1,2],[3,4],[5]],"range":[0,5,10],
                  "hash":"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad","seeded":true,"uuid":36,
                  "now":"2025-01-01T00:00:00Z"}"""));
    }

    // A run started from a thread the simulated clock tracks (a simulation driving several executions,
    // say) waits through the clock: waiting with a plain get would keep that thread busy, and time still.
    @Test
    void runFromAClockTrackedThread_letsVirtualTimeMove() throws Exception {
        SimulatedClock clock = new SimulatedClock(T0);
        Engine engine = engine(clock).build();
        StateMachine stateMachine = sm("""
                {"QueryLanguage":"JSONata","StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}}""");
        CompletableFuture<Execution> result = new CompletableFuture<>();
        clock.startThread("driver", () -> {
            try {
                result.complete(engine.run(stateMachine, "nested", "{}"));
            } catch (Throwable failure) {
                result.completeExceptionally(failure);
            }
        });
        Execution execution = result.get(10, TimeUnit.SECONDS);
        assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(execution.stopDate()).isEqualTo(T0.plusSeconds(3600));
    }
}
