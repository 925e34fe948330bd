package dev.ecstatic.cli.simulate;

import static dev.ecstatic.cli.simulate.EndToEndTest.OLD;
import static dev.ecstatic.cli.simulate.EndToEndTest.onlyChild;
import static dev.ecstatic.cli.simulate.EndToEndTest.statesEntered;
import static dev.ecstatic.cli.simulate.Fleets.byName;
import static dev.ecstatic.cli.simulate.Fleets.cluster;
import static dev.ecstatic.cli.simulate.Fleets.instances;
import static dev.ecstatic.cli.simulate.Fleets.quiet;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecstatic.asl.TaskFailedException;
import dev.ecstatic.asl.TaskInvoker;
import dev.ecstatic.asl.TaskRequest;
import dev.ecstatic.asl.Execution;
import dev.ecstatic.asl.HistoryEvent;
import dev.ecstatic.cli.Home;
import dev.ecstatic.cli.lambda.LocalLambdas;
import dev.ecstatic.simulator.Fleet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real state machine and handlers, with one Task call replaced: what no simulated AWS API can
 * produce (a child execution that fails outright, a Cause cut at 32,768 characters) and the
 * outcomes of the handlers' new contract (docs/payloads.md: UNCONFIRMED, UNDECIDED), so that the
 * state machine's side of each is tested on its own.
 */
class InjectedFaultsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Step Functions keeps at most this much of an error's Cause (TaskFailedEventDetails, ExecutionFailedEventDetails). */
    static final int CAUSE_LIMIT = 32_768;

    /**
     * Calls of {@code state} for {@code cluster} (any, if null) go to {@code replacement}; every other
     * call to the real Lambda. The cluster is the payload's {@code cluster}, or its inventory's.
     */
    static UnaryOperator<TaskInvoker> at(String state, String cluster, TaskInvoker replacement) {
        return real -> request -> state.equals(request.stateName())
                && (cluster == null || cluster.equals(payload(request).findPath("cluster").path("name").asText(null)))
                ? replacement.invoke(request) : real.invoke(request);
    }

    static JsonNode payload(TaskRequest request) {
        try {
            return JSON.readTree(request.argumentsJson()).path("Payload");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String lambdaResult(JsonNode payload) {
        return LocalLambdas.lambdaInvokeResponse(payload.toString());
    }

    /** A Lambda error document (Java runtime) with this message, cut as Step Functions cuts a Cause. */
    static String cutCause(String errorMessage, String errorType) throws Exception {
        ObjectNode document = JSON.createObjectNode().put("errorMessage", errorMessage).put("errorType", errorType);
        document.putArray("stackTrace").add("dev.ecstatic.functions.SomeHandler.handleRequest(SomeHandler.java:1)");
        String cause = JSON.writeValueAsString(document);
        assertThat(cause.length()).as("the document must be longer than what Step Functions keeps").isGreaterThan(CAUSE_LIMIT);
        return cause.substring(0, CAUSE_LIMIT);
    }

    @Test
    void aChildExecutionThatFailsOutrightStillGetsARecordNamingItsClusterAndAnAlert() throws Exception {
        // An exception from the invoker is a fault of Step Functions' own, not a task error: the child
        // fails with States.Runtime, as it would at the history limit, and no Catch runs.
        UnaryOperator<TaskInvoker> fault = at("Assess health", "payments", request -> {
            throw new IllegalStateException("injected fault");
        });
        try (Simulation sim = Fleets.start(quiet(cluster("prod-web", instances(2, OLD)), cluster("payments", instances(2, OLD))),
                fault)) {
            Simulation.Outcome outcome = sim.run("{}");

            assertThat(outcome.run().status()).as(outcome.run().error() + ": " + outcome.run().cause()).isEqualTo("SUCCEEDED");
            assertThat(outcome.execution().children()).filteredOn(c -> c.status().name().equals("FAILED")).hasSize(1);
            SimulationReport.Cluster payments = byName(outcome.run()).get("payments");
            assertThat(payments.outcome()).isEqualTo("ERROR");
            assertThat(payments.detail()).isEqualTo("child execution failed: States.Runtime");
            assertThat(byName(outcome.run()).get("prod-web").outcome()).isEqualTo("STARTED");
            assertThat(outcome.run().totals()).containsEntry("clusters", 2L).containsEntry("ERROR", 1L)
                    .containsEntry("STARTED", 1L);
            assertThat(sim.messages()).anySatisfy(m -> assertThat(m.toString()).contains("payments")
                    .contains("child execution of this cluster failed (States.Runtime)"));
        }
    }

    @Test
    void noChildFailingCostsOneChoiceForTheWholeRunAndNoAlert() throws Exception {
        try (Simulation sim = Fleets.start(quiet(cluster("prod-api", instances(2, Fleets.LATEST))))) {
            Simulation.Outcome outcome = sim.run("{}");

            List<String> parent = statesEntered(outcome.execution());
            // One Choice per run for "no cluster at all", none for the digest check.
            assertThat(parent).as("the digest check costs no state of its own")
                    .containsExactly("List clusters", "Any cluster?", "For each cluster", "Summarize the results",
                            "Did a branch fail?", "Summarize");
            assertThat(sim.messages()).isEmpty();
        }
    }

    @Test
    void aLambdaCauseCutAt32KiBStillGivesAnAlertWithItsMessage() throws Exception {
        String message = "inventory of payments failed: " + "too many words ".repeat(3000);
        String cause = cutCause(message, "java.lang.IllegalStateException");
        UnaryOperator<TaskInvoker> fault = at("List instances", "payments", request -> {
            throw new TaskFailedException("java.lang.IllegalStateException", cause);
        });
        try (Simulation sim = Fleets.start(quiet(cluster("payments", instances(2, OLD))), fault)) {
            Simulation.Outcome outcome = sim.run("{}");

            assertThat(outcome.run().status()).as(outcome.run().error() + ": " + outcome.run().cause()).isEqualTo("SUCCEEDED");
            assertThat(byName(outcome.run()).get("payments").outcome()).isEqualTo("ERROR");
            assertThat(sim.messages()).singleElement().satisfies(m -> {
                String text = m.path("text").asText();
                assertThat(text).contains("payments")
                        .contains("List instances failed: java.lang.IllegalStateException: inventory of payments failed: too many words")
                        .doesNotContain("errorMessage").doesNotContain("stackTrace");
                assertThat(text.length()).isLessThan(1_000);
            });
        }
    }

    @Test
    void anInvalidInputCauseCutAt32KiBStillFailsTheRunAsInvalidInputNamingTheField() throws Exception {
        String message = "clusters: 10000 names, at most 1000 (the first: " + "cluster-x, ".repeat(4000) + ")";
        String cause = cutCause(message, "dev.ecstatic.functions.InvalidInputException");
        UnaryOperator<TaskInvoker> fault = at("List clusters", null, request -> {
            throw new TaskFailedException("dev.ecstatic.functions.InvalidInputException", cause);
        });
        try (Simulation sim = Fleets.start(quiet(cluster("prod-web", instances(1, OLD))), fault)) {
            Simulation.Outcome outcome = sim.run("{}");

            assertThat(outcome.run().status()).isEqualTo("FAILED");
            assertThat(outcome.run().error()).isEqualTo("ecstatic.InvalidInput");
            assertThat(outcome.run().cause()).startsWith("clusters: 10000 names, at most 1000").doesNotContain("errorMessage");
        }
    }

    @Test
    void anUnconfirmedUpdateIsAnnouncedAsSuchAndNoOtherUpdateFollowsInThatCluster() throws Exception {
        List<JsonNode> updateRequests = new CopyOnWriteArrayList<>();
        // What UpdateOneAgent answers when its call's outcome is unknown and ECS shows nothing yet.
        UnaryOperator<TaskInvoker> unconfirmed = at("Update one agent", "prod-web", request -> {
            JsonNode first = payload(request).path("candidates").get(0);
            updateRequests.add(payload(request));
            ObjectNode answer = JSON.createObjectNode().put("outcome", "UNCONFIRMED");
            answer.set("instance", first);
            answer.put("fromVersion", first.path("agentVersion").asText());
            answer.putArray("findings");
            answer.put("attempted", 1).put("skipped", 0).put("note", "nothing visible after a lost response");
            return lambdaResult(answer);
        });
        try (Simulation sim = Fleets.start(quiet(cluster("prod-web", instances(3, OLD))), unconfirmed)) {
            Simulation.Outcome outcome = sim.run("{\"maxUpdatesPerCluster\": 3}");

            SimulationReport.Cluster web = byName(outcome.run()).get("prod-web");
            String instance = updateRequests.get(0).path("candidates").get(0).path("ec2InstanceId").asText();
            assertThat(web.outcome()).isEqualTo("UNCONFIRMED");
            assertThat(web.instances()).containsExactly(instance);
            assertThat(web.detail()).isEqualTo("unconfirmed: no other update this run");
            assertThat(updateRequests).singleElement().satisfies(r -> assertThat(r.path("retryCount").asInt(-1)).isZero());
            assertThat(statesEntered(onlyChild(outcome))).doesNotContain("Wait for the update");
            assertThat(outcome.run().totals()).containsEntry("UNCONFIRMED", 1L);
            assertThat(sim.messages()).singleElement().satisfies(m -> assertThat(m.path("text").asText())
                    .contains(instance).contains("may have started").contains("nothing visible after a lost response")
                    .contains("No other update in this cluster in this run"));
        }
    }

    @Test
    void aDryRunThatCannotDecideEndsUndecidedWithUpToThreeCandidatesAndADetailCutAtAWord() throws Exception {
        String reason = "every candidate runs 1.89.0, at or above the recommended 1.88.0: only UpdateContainerAgent "
                + "can tell whether a newer agent exists";
        List<JsonNode> assessRequests = new CopyOnWriteArrayList<>();
        UnaryOperator<TaskInvoker> undecided = at("Assess health", "prod-api", request -> {
            assessRequests.add(payload(request));
            ArrayNode candidates = (ArrayNode) payload(request).at("/inventory/candidates");
            ObjectNode decision = JSON.createObjectNode().put("decision", "UNDECIDED").put("reason", reason).putNull("alert");
            ArrayNode examples = decision.putArray("instances");
            for (int i = 0; i < Math.min(3, candidates.size()); i++) {
                examples.add(candidates.get(i));
            }
            decision.putArray("candidates");
            return lambdaResult(decision);
        });
        try (Simulation sim = Fleets.start(quiet(cluster("prod-api", instances(5, Fleets.LATEST))), undecided)) {
            Simulation.Outcome outcome = sim.run("{\"dryRun\": true}");

            SimulationReport.Cluster api = byName(outcome.run()).get("prod-api");
            assertThat(api.outcome()).isEqualTo("UNDECIDED");
            assertThat(api.instances()).hasSize(3);
            // Cut at a word boundary, never inside one: the text before the ellipsis ends where a word of the reason ends.
            assertThat(api.detail()).isEqualTo("every candidate runs 1.89.0, at or above the recommended…");
            assertThat(api.detail().length()).isLessThanOrEqualTo(60);
            assertThat(assessRequests).singleElement().satisfies(r ->
                    assertThat(r.at("/recommended/amazon-linux-2023/agentVersion").asText()).isEqualTo("1.88.0"));
            assertThat(outcome.run().stats().ecsCalls()).doesNotContainKey("UpdateContainerAgent");
            assertThat(sim.messages()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Lambda.Unknown", "States.Timeout"})
    void anUpdateAcceptedBeforeTheFunctionDiedIsLookedForOnTheRetryAndAnnounced(String failure) throws Exception {
        // Lambda.Unknown: the function timed out, crashed or ran out of memory after UpdateContainerAgent
        // was accepted (https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html).
        // States.Timeout: the Task's TimeoutSeconds ran out, here for real on the simulated clock.
        AtomicReference<Simulation> simulation = new AtomicReference<>();
        UnaryOperator<TaskInvoker> dies = real -> request -> {
            String result = real.invoke(request);
            if ("Update one agent".equals(request.stateName()) && request.attempt() == 0) {
                if (failure.equals("States.Timeout")) {
                    simulation.get().advance(Duration.ofSeconds(961));
                } else {
                    throw new TaskFailedException("Lambda.Unknown", "The cause could not be determined because Lambda did"
                            + " not return an error type. Returned payload: {\"errorMessage\":\"Task timed out after 240.00 seconds\"}");
                }
            }
            return result;
        };
        try (Simulation sim = Fleets.start(quiet(cluster("prod-web", instances(3, OLD))), dies)) {
            simulation.set(sim);
            Simulation.Outcome outcome = sim.run("{}");

            SimulationReport.Cluster web = byName(outcome.run()).get("prod-web");
            assertThat(web.outcome()).as(web.detail()).isEqualTo("STARTED");
            assertThat(web.instances()).hasSize(1);
            assertThat(outcome.run().stats().ecsCalls()).as("the retry looked, and called nothing")
                    .containsEntry("UpdateContainerAgent", 1L);
            List<HistoryEvent> child = onlyChild(outcome).history();
            assertThat(child).filteredOn(e -> e.type().equals("TaskFailed") || e.type().equals("TaskTimedOut"))
                    .extracting(e -> e.detail("error")).containsExactly(failure);
            assertThat(sim.messages()).singleElement().satisfies(m -> assertThat(m.path("text").asText())
                    .contains("update started").contains(web.instances().get(0))
                    .contains("update found under way, an earlier attempt's response was lost"));
        }
    }

    @Test
    void aBranchThatBeginsPastTheHardStopStartsNoUpdateAndNoRecheckAndSaysSo() throws Exception {
        // MaxRunMinutes 5: the run times out at 65 min (RunTimeout), so the hard stop is at 30 min.
        // One cluster at a time: a-blocked rechecks its disconnected agent for 25 min (that fits), and
        // b-late's listing takes 6 more, so b-late decides at 31 min and c-late after it.
        AtomicReference<Simulation> simulation = new AtomicReference<>();
        UnaryOperator<TaskInvoker> slowListing = real -> request -> {
            if ("List instances".equals(request.stateName())
                    && "b-late".equals(payload(request).path("cluster").path("name").asText())) {
                simulation.get().advance(Duration.ofMinutes(6));
            }
            return real.invoke(request);
        };
        String fleet = quiet(cluster("a-blocked", instances(1, OLD, "\"connected\": false")),
                cluster("b-late", instances(2, OLD)),
                cluster("c-late", instances(1, OLD, "\"connected\": false"), instances(1, OLD)));
        try (Simulation sim = Simulation.builder(Home.find(), Fleet.parse(fleet, "late branches"))
                .parameters(Map.of("MaxRunMinutes", "5", "MaxConcurrency", "1", "DisconnectRecheckSeconds", "1500"))
                .wrapInvoker(slowListing).start()) {
            simulation.set(sim);
            Simulation.Outcome outcome = sim.run("{}");

            assertThat(outcome.run().status()).as(outcome.run().cause()).isEqualTo("SUCCEEDED");
            Map<String, SimulationReport.Cluster> clusters = byName(outcome.run());
            assertThat(clusters.get("a-blocked").outcome()).isEqualTo("BLOCKED");
            assertThat(clusters.get("b-late").outcome()).isEqualTo("DEFERRED");
            assertThat(clusters.get("b-late").detail()).isEqualTo("no time left in this run to start an update");
            assertThat(clusters.get("c-late").outcome()).isEqualTo("DEFERRED");
            assertThat(clusters.get("c-late").detail()).isEqualTo("no time left in this run to recheck agents");
            assertThat(outcome.run().totals()).containsEntry("DEFERRED", 2L);
            assertThat(outcome.run().stats().ecsCalls()).doesNotContainKey("UpdateContainerAgent");
            Execution late = outcome.execution().children().stream()
                    .filter(c -> c.history().toString().contains("c-late")).findFirst().orElseThrow();
            assertThat(EndToEndTest.statesEntered(late)).doesNotContain("Wait for agents to reconnect", "Update one agent");
            assertThat(sim.messages()).as("only a-blocked's alert").singleElement()
                    .satisfies(m -> assertThat(m.toString()).contains("a-blocked"));
        }
    }

    @Test
    void updateOneAgentReachedPastTheHardStop_callsNothing_onTheStateMachinesOwnClock() throws Exception {
        // The hard stop is at 45 + 60 - 35 = 70 min. A disconnect recheck of an hour fits before it, so
        // Decide lets the update through at about 60 min; the function then starts 11 minutes later
        // (within the Task's 16-minute timeout): past the hard stop. It reads the simulated clock, as it
        // would read AWS's: DEFERRED, and no UpdateContainerAgent call.
        AtomicReference<Simulation> simulation = new AtomicReference<>();
        UnaryOperator<TaskInvoker> late = real -> request -> {
            if ("Update one agent".equals(request.stateName()) && request.attempt() == 0) {
                simulation.get().advance(Duration.ofMinutes(11));
            }
            return real.invoke(request);
        };
        String fleet = quiet(cluster("prod-web", instances(2, OLD),
                instances(1, OLD, "\"connected\": false, \"reconnectAfterSeconds\": 60")));
        try (Simulation sim = Simulation.builder(Home.find(), Fleet.parse(fleet, "late update"))
                .parameters(Map.of("DisconnectRecheckSeconds", "3600")).wrapInvoker(late).start()) {
            simulation.set(sim);
            Simulation.Outcome outcome = sim.run("{}");

            SimulationReport.Cluster web = byName(outcome.run()).get("prod-web");
            assertThat(statesEntered(onlyChild(outcome))).contains("Wait for agents to reconnect", "Update one agent");
            assertThat(web.outcome()).isEqualTo("DEFERRED");
            assertThat(web.detail()).isEqualTo("no time left in this run to start an update");
            assertThat(outcome.run().stats().ecsCalls()).doesNotContainKey("UpdateContainerAgent");
            assertThat(sim.updatesStarted()).isEmpty();
            assertThat(sim.messages()).isEmpty();
        }
    }

    @Test
    void aStuckUpdatePolledWithATransientFailureEveryPollStaysWithinTheHistoryBudget() throws Exception {
        // Check the update fails once per poll (a throttle left after the SDK's retries) and is
        // retried: 3 more events per poll, which $events must count, or the child would pass 20,000.
        UnaryOperator<TaskInvoker> flaky = real -> request -> {
            if ("Check the update".equals(request.stateName()) && request.attempt() == 0) {
                throw new TaskFailedException("dev.ecstatic.functions.TransientAwsException", "ThrottlingException");
            }
            return real.invoke(request);
        };
        String fleet = quiet(cluster("prod-web", instances(1, "1.85.0", "\"stuckUpdate\": \"STAGING\""), instances(1, OLD)));
        try (Simulation sim = Simulation.builder(Home.find(), Fleet.parse(fleet, "stuck"))
                .parameters(Map.of("MaxRunMinutes", "1440", "PollSeconds", "5")).wrapInvoker(flaky).start()) {
            Simulation.Outcome outcome = sim.run("{\"maxUpdatesPerCluster\": 2}");

            SimulationReport.Cluster web = byName(outcome.run()).get("prod-web");
            assertThat(web.outcome()).isEqualTo("STARTED");
            assertThat(web.detail()).isEqualTo("1 update(s) started; history budget spent");
            List<HistoryEvent> history = onlyChild(outcome).history();
            assertThat(history.size()).as("events in the child").isBetween(19_000, 20_000);
            assertThat(history).filteredOn(e -> e.type().equals("TaskFailed")).size().isGreaterThan(1_000);
            long estimate = 0;
            for (HistoryEvent event : history) {
                JsonNode assigned = JSON.readTree(event.toJson()).at("/stateExitedEventDetails/assignedVariables/events");
                if (!assigned.isMissingNode()) {
                    estimate = JSON.readTree(assigned.asText()).asLong();
                    assertThat(estimate).as("$events when event %d is written", event.id()).isGreaterThanOrEqualTo(event.id());
                }
            }
            // After the last $events comes only the way to the end, which no loop repeats: at most
            // Conclude 23, Release the lease 17, Notify error 23, Fallback record 2 and ExecutionSucceeded 1
            // (the "Take the lease" comment's arithmetic), and the child stays under 20,000.
            assertThat(estimate + 66).as("the last $events and the way to the end against the child's whole history")
                    .isGreaterThanOrEqualTo(history.size());
            assertThat(history.size()).isLessThanOrEqualTo(20_000);
        }
    }
}
