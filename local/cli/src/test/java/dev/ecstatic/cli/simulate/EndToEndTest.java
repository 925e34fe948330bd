package dev.ecstatic.cli.simulate;

import static dev.ecstatic.cli.simulate.Fleets.byName;
import static dev.ecstatic.cli.simulate.Fleets.cluster;
import static dev.ecstatic.cli.simulate.Fleets.instances;
import static dev.ecstatic.cli.simulate.Fleets.quiet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ecstatic.asl.Execution;
import dev.ecstatic.asl.HistoryEvent;
import dev.ecstatic.simulator.FleetSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The real statemachine/ecstatic.asl.json, run by the engine with the real handlers wired from
 * template.yaml, against the ECS simulator: one test per outcome of DESIGN §3 and per safety rule.
 */
class EndToEndTest {

    static final String OLD = "1.86.3";

    @Test
    void outdatedClusterGetsOneUpdateStartedOldestFirstAndANotification() throws Exception {
        try (Simulation sim = Fleets.start(quiet(cluster("prod-web", instances(2, "1.87.0"), instances(1, "1.9.0"))))) {
            Simulation.Outcome outcome = sim.run("{}");

            SimulationReport.Cluster web = byName(outcome.run()).get("prod-web");
            assertThat(outcome.run().status()).isEqualTo("SUCCEEDED");
            assertThat(web.outcome()).isEqualTo("STARTED");
            assertThat(web.instances()).hasSize(1);
            String started = web.instances().get(0);
            assertThat(agentVersionOf(sim, started)).as("the oldest agent (1.9.0 < 1.87.0) goes first").isEqualTo("1.9.0");
            assertThat(updateStatusOf(sim, started)).isEqualTo("PENDING");
            assertThat(outcome.run().stats().ecsCalls()).containsEntry("UpdateContainerAgent", 1L);
            assertThat(sim.messages()).singleElement().satisfies(m -> assertThat(m.toString())
                    .contains("prod-web").contains(started).contains("1.9.0"));
        }
    }

    @Test
    void upToDateClusterIsLeftAloneAtSteadyStateCost() throws Exception {
        try (Simulation sim = Fleets.start(quiet(cluster("prod-api", instances(4, Fleets.LATEST))))) {
            Simulation.Outcome outcome = sim.run("{}");

            assertThat(byName(outcome.run()).get("prod-api").outcome()).isEqualTo("UP_TO_DATE");
            Execution child = onlyChild(outcome);
            // Two more than before the memory: the lease's renewal, and Conclude and Remember in place of Done.
            assertThat(statesEntered(child)).containsExactly("Take the lease", "List instances", "Assess health", "Decide",
                    "Renew the lease", "Update one agent", "Did an update start?", "Conclude", "Remember");
            assertThat(tasks(child)).hasSize(7);
            assertThat(outcome.run().stats().ecsCalls())
                    .containsEntry("UpdateContainerAgent", 1L)
                    .containsEntry("ListContainerInstances", 1L)
                    .containsEntry("DescribeContainerInstances", 1L);
            assertThat(sim.messages()).isEmpty();
        }
    }

    @Test
    void disconnectStillThereAfterTheRecheckBlocksTheClusterAndAlerts() throws Exception {
        try (Simulation sim = Fleets.start(quiet(cluster("batch", instances(2, OLD),
                instances(1, OLD, "\"connected\": false"))))) {
            Simulation.Outcome outcome = sim.run("{}");

            SimulationReport.Cluster batch = byName(outcome.run()).get("batch");
            assertThat(batch.outcome()).isEqualTo("BLOCKED");
            List<String> path = statesEntered(onlyChild(outcome));
            assertThat(path).containsSubsequence("Take the lease", "List instances", "Assess health",
                    "Wait for agents to reconnect", "List instances", "Assess health", "Decide", "Conclude", "Remember");
            assertThat(outcome.run().stats().ecsCalls()).doesNotContainKey("UpdateContainerAgent");
            assertThat(sim.messages()).singleElement().satisfies(m -> assertThat(m.toString())
                    .contains("batch").contains(batch.instances().get(0)).containsIgnoringCase("disconnected"));
        }
    }

    @Test
    void disconnectThatHealsByTheRecheckDoesNotBlockTheUpdate() throws Exception {
        try (Simulation sim = Fleets.start(quiet(cluster("checkout", instances(2, OLD),
                instances(1, OLD, "\"connected\": false, \"reconnectAfterSeconds\": 20"))))) {
            Simulation.Outcome outcome = sim.run("{}");

            assertThat(byName(outcome.run()).get("checkout").outcome()).isEqualTo("STARTED");
            assertThat(statesEntered(onlyChild(outcome))).contains("Wait for agents to reconnect");
            assertThat(sim.messages()).as("no alert: the disconnect healed").noneSatisfy(m -> assertThat(m.toString())
                    .containsIgnoringCase("disconnected"));
            assertThat(outcome.run().stats().ecsCalls()).containsEntry("UpdateContainerAgent", 1L);
        }
    }

    @Test
    void failedUpdateBlocksTheClusterAndSaysSo() throws Exception {
        try (Simulation sim = Fleets.start(quiet(cluster("analytics", instances(2, OLD),
                instances(1, OLD, "\"updateStatus\": \"FAILED\""))))) {
            Simulation.Outcome outcome = sim.run("{}");

            assertThat(byName(outcome.run()).get("analytics").outcome()).isEqualTo("BLOCKED");
            assertThat(statesEntered(onlyChild(outcome))).doesNotContain("Wait for agents to reconnect", "Update one agent");
            assertThat(outcome.run().stats().ecsCalls()).doesNotContainKey("UpdateContainerAgent");
            assertThat(sim.messages()).singleElement().satisfies(m -> assertThat(m.toString()).containsIgnoringCase("failed"));
        }
    }

    @Test
    void updateAlreadyInProgressLeavesTheClusterAlone() throws Exception {
        try (Simulation sim = Fleets.start(quiet(cluster("staging", instances(2, OLD),
                instances(1, OLD, "\"updateStatus\": \"STAGING\", \"stuckUpdate\": \"STAGING\""))))) {
            Simulation.Outcome outcome = sim.run("{}");

            assertThat(byName(outcome.run()).get("staging").outcome()).isEqualTo("IN_PROGRESS");
            assertThat(outcome.run().stats().ecsCalls()).doesNotContainKey("UpdateContainerAgent");
            assertThat(sim.messages()).isEmpty();
        }
    }

    @Test
    void clusterOfUnsupportedInstancesHasNothingToDo() throws Exception {
        try (Simulation sim = Fleets.start(quiet(cluster("windows-build", instances(2, "1.85.0", "\"os\": \"windows\""),
                instances(1, "1.85.0", "\"arch\": \"arm64\""))))) {
            Simulation.Outcome outcome = sim.run("{}");

            SimulationReport.Cluster windows = byName(outcome.run()).get("windows-build");
            assertThat(windows.outcome()).isEqualTo("NOTHING_TO_DO");
            assertThat(windows.detail()).contains("unsupported");
            assertThat(outcome.run().stats().ecsCalls()).doesNotContainKey("UpdateContainerAgent");
        }
    }

    @Test
    void dryRunSaysWhatWouldBeUpdatedAndNeverCallsUpdateContainerAgent() throws Exception {
        try (Simulation sim = Fleets.start(quiet(cluster("prod-web", instances(3, OLD)),
                cluster("batch", instances(1, OLD, "\"connected\": false"))))) {
            Simulation.Outcome outcome = sim.run("{\"dryRun\": true}");

            assertThat(byName(outcome.run()).get("prod-web").outcome()).isEqualTo("WOULD_UPDATE");
            assertThat(byName(outcome.run()).get("prod-web").instances()).hasSize(1);
            assertThat(byName(outcome.run()).get("batch").outcome()).isEqualTo("BLOCKED");
            assertThat(outcome.run().stats().ecsCalls()).doesNotContainKey("UpdateContainerAgent");
            assertThat(sim.fleetSummary().updateStatuses()).containsOnlyKeys("NONE");
        }
    }

    @Test
    void agentWithNoUpdatePathIsNoneUpdatableWithAFinding() throws Exception {
        try (Simulation sim = Fleets.start(quiet(cluster("legacy", instances(2, "1.70.0", "\"noUpdatePath\": true"))))) {
            Simulation.Outcome outcome = sim.run("{}");

            SimulationReport.Cluster legacy = byName(outcome.run()).get("legacy");
            assertThat(legacy.outcome()).isEqualTo("NONE_UPDATABLE");
            assertThat(legacy.detail()).contains("replace the instance");
        }
    }

    @Test
    void oneClusterFailingEndsInErrorWhileTheOthersFinish() throws Exception {
        try (Simulation sim = Fleets.start(quiet(cluster("prod-web", instances(2, OLD)),
                "{ \"name\": \"payments\", \"accessDenied\": true, \"instances\": [ " + instances(2, OLD) + " ] }",
                cluster("prod-api", instances(2, Fleets.LATEST))))) {
            Simulation.Outcome outcome = sim.run("{}");

            assertThat(outcome.run().status()).isEqualTo("SUCCEEDED");
            Map<String, SimulationReport.Cluster> clusters = byName(outcome.run());
            assertThat(clusters.get("payments").outcome()).isEqualTo("ERROR");
            assertThat(clusters.get("payments").detail()).contains("List instances").contains("AccessDenied");
            assertThat(clusters.get("prod-web").outcome()).isEqualTo("STARTED");
            assertThat(clusters.get("prod-api").outcome()).isEqualTo("UP_TO_DATE");
            assertThat(sim.messages()).anySatisfy(m -> assertThat(m.toString()).contains("payments").contains("AccessDenied"));
        }
    }

    @Test
    void rollingUpdateOfFiveAgentsNeverHasTwoUpdatingAtOnce() throws Exception {
        AtomicReference<Simulation> simulation = new AtomicReference<>();
        List<Long> inFlightAtEachUpdate = new ArrayList<>();
        String fleet = quiet(cluster("prod-web", instances(5, OLD)));
        try (Simulation sim = Simulation.builder(dev.ecstatic.cli.Home.find(),
                        dev.ecstatic.simulator.Fleet.parse(fleet, "rolling"))
                .listener((execution, event) -> {
                    if (event.type().equals("TaskStateEntered") && "Update one agent".equals(event.detail("name"))) {
                        inFlightAtEachUpdate.add(inFlight(simulation.get().fleet(), "prod-web"));
                    }
                })
                .start()) {
            simulation.set(sim);

            Simulation.Outcome outcome = sim.run("{\"maxUpdatesPerCluster\": 5}");

            SimulationReport.Cluster web = byName(outcome.run()).get("prod-web");
            assertThat(web.outcome()).isEqualTo("STARTED");
            assertThat(web.instances()).hasSize(5).doesNotHaveDuplicates();
            assertThat(inFlightAtEachUpdate).hasSize(5).containsOnly(0L);
            assertThat(sim.fleetSummary().agentVersions()).containsEntry(Fleets.LATEST, 4L);
            assertThat(sim.messages()).hasSize(5);
            assertThat(statesEntered(onlyChild(outcome))).contains("Wait for the update");
        }
    }

    @Test
    void updateThatFailsMidRollout_blocksTheClusterAndTheRecordKeepsWhatWasStarted() throws Exception {
        try (Simulation sim = Fleets.start(quiet(cluster("prod-web", instances(1, "1.85.0"),
                instances(1, OLD, "\"failUpdate\": true"), instances(1, "1.87.0"))))) {
            Simulation.Outcome outcome = sim.run("{\"maxUpdatesPerCluster\": 3}");

            SimulationReport.Cluster web = byName(outcome.run()).get("prod-web");
            assertThat(web.outcome()).isEqualTo("BLOCKED");
            assertThat(web.instances()).as("both agents this run updated").hasSize(2);
            assertThat(web.detail()).startsWith("2 started, then ");
            assertThat(outcome.run().stats().ecsCalls()).containsEntry("UpdateContainerAgent", 2L);
            assertThat(sim.fleetSummary().updateStatuses()).containsEntry("UPDATED", 1L).containsEntry("FAILED", 1L);
            assertThat(sim.messages()).hasSize(3).last().satisfies(m -> assertThat(m.toString()).containsIgnoringCase("failed"));
        }
    }

    @Test
    void updateStillRunningAtTheDeadline_endsTheRunAndSaysSo() throws Exception {
        String fleet = quiet(cluster("prod-web", instances(1, "1.85.0", "\"stuckUpdate\": \"STAGING\""), instances(1, OLD)));
        try (Simulation sim = Fleets.start(fleet, Map.of("MaxRunMinutes", "5"))) {
            Simulation.Outcome outcome = sim.run("{\"maxUpdatesPerCluster\": 2}");

            SimulationReport.Cluster web = byName(outcome.run()).get("prod-web");
            assertThat(web.outcome()).isEqualTo("STARTED");
            assertThat(web.instances()).hasSize(1);
            assertThat(web.detail()).isEqualTo("1 update(s) started, the last still running at the deadline");
            assertThat(outcome.run().stats().ecsCalls()).containsEntry("UpdateContainerAgent", 1L);
            Execution child = onlyChild(outcome);
            assertThat(java.time.Duration.between(child.startDate(), child.stopDate()))
                    .isLessThanOrEqualTo(java.time.Duration.ofMinutes(5));
            assertThat(statesEntered(child)).contains("Check the update", "Time to poll again?");
        }
    }

    @Test
    void pollingLooksAtTheUpdatingAgentOnlyUntilItIsDone() throws Exception {
        try (Simulation sim = Fleets.start(quiet(cluster("prod-web", instances(250, OLD))))) {
            Simulation.Outcome outcome = sim.run("{\"maxUpdatesPerCluster\": 2}");

            assertThat(byName(outcome.run()).get("prod-web").instances()).hasSize(2);
            // Two full listings (3 + 3 calls each) for the two assessments, and one Describe per poll.
            long polls = statesEntered(onlyChild(outcome)).stream().filter("Check the update"::equals).count();
            assertThat(polls).isPositive();
            assertThat(outcome.run().stats().ecsCalls())
                    .containsEntry("ListContainerInstances", 6L)
                    .containsEntry("DescribeContainerInstances", 6L + polls);
        }
    }

    @Test
    void unreachableWebhookNeverChangesWhatGetsUpdated() throws Exception {
        try (Simulation sim = Fleets.start(quiet(cluster("prod-web", instances(2, OLD))),
                Map.of("WebhookUrl", "http://127.0.0.1:9/unreachable"))) {
            Simulation.Outcome outcome = sim.run("{}");

            assertThat(outcome.run().status()).isEqualTo("SUCCEEDED");
            assertThat(byName(outcome.run()).get("prod-web").outcome()).isEqualTo("STARTED");
            assertThat(outcome.run().stats().ecsCalls()).containsEntry("UpdateContainerAgent", 1L);
            List<String> notifyErrors = onlyChild(outcome).history().stream()
                    .filter(e -> e.type().equals("TaskFailed")).map(e -> e.detail("error")).toList();
            assertThat(notifyErrors).isNotEmpty().allMatch("dev.ecstatic.functions.TransientWebhookException"::equals);
            assertThat(sim.messages()).isEmpty();
        }
    }

    @Test
    void aNotificationThatCannotBeDeliveredIsCountedInItsRecordAndTheTotals() throws Exception {
        try (Simulation sim = Fleets.start(quiet(cluster("prod-web", instances(2, OLD)), cluster("prod-api", instances(2, Fleets.LATEST)),
                cluster("batch", instances(1, OLD, "\"connected\": false"))), Map.of("WebhookUrl", "http://127.0.0.1:9/unreachable"))) {
            Simulation.Outcome outcome = sim.run("{}");

            Map<String, SimulationReport.Cluster> clusters = byName(outcome.run());
            assertThat(clusters.get("prod-web").notificationsFailed()).as("update started, not announced").isEqualTo(1);
            assertThat(clusters.get("batch").notificationsFailed()).as("blocked, not alerted").isEqualTo(1);
            assertThat(clusters.get("prod-api").notificationsFailed()).isZero();
            assertThat(outcome.run().totals()).containsEntry("notificationsFailed", 2L);
            assertThat(outcome.run().notificationsFailed()).isEqualTo(2);
        }
    }

    @Test
    void anEmptyAccountIsANormalRunWithTotalsOfZero() throws Exception {
        try (Simulation sim = Fleets.start(quiet())) {
            Simulation.Outcome outcome = sim.run("{}");

            assertThat(outcome.run().status()).as(outcome.run().cause()).isEqualTo("SUCCEEDED");
            assertThat(outcome.run().clusters()).isEmpty();
            assertThat(outcome.run().totals()).containsExactly(Map.entry("clusters", 0L), Map.entry("excluded", 0L),
                    Map.entry("notificationsFailed", 0L));
            assertThat(outcome.execution().children()).isEmpty();
            assertThat(sim.messages()).isEmpty();
        }
    }

    @Test
    void anAccountWhoseEveryClusterIsExcludedOrIgnoredIsAnEmptyRunNotAFailure() throws Exception {
        String fleet = quiet("{ \"name\": \"sandbox\", \"tags\": { \"ecstatic:ignore\": \"true\" }, \"instances\": [ "
                + instances(1, OLD) + " ] }", cluster("legacy-batch", instances(1, OLD)));
        try (Simulation sim = Fleets.start(fleet, Map.of("ExcludeClusters", "legacy-batch"))) {
            Simulation.Outcome outcome = sim.run("{}");

            assertThat(outcome.run().status()).as(outcome.run().cause()).isEqualTo("SUCCEEDED");
            assertThat(outcome.run().clusters()).isEmpty();
            assertThat(outcome.run().totals()).containsEntry("clusters", 0L).containsEntry("excluded", 2L);
            assertThat(outcome.run().stats().ecsCalls()).doesNotContainKeys("ListContainerInstances", "UpdateContainerAgent");
        }
    }

    @Test
    void aRunStillGoingAnHourPastMaxRunMinutesTimesOutSoTheAlarmFires() throws Exception {
        // Too many clusters for MaxConcurrency 1, each branch slow: every listing is throttled through
        // all of the state machine's retries (about a minute of backoff) before the branch ends in
        // ERROR. No Wait is entered past the hard stop, but branches still run: at MaxRunMinutes (5)
        // plus the hour's margin the run is stopped.
        java.util.function.UnaryOperator<dev.ecstatic.asl.TaskInvoker> throttled = real -> request -> {
            if ("List instances".equals(request.stateName())) {
                throw new dev.ecstatic.asl.TaskFailedException("dev.ecstatic.functions.TransientAwsException",
                        "ThrottlingException after the SDK's retries");
            }
            return real.invoke(request);
        };
        String fleet = quiet(Fleets.many("busy", 120, instances(1, OLD)));
        try (Simulation sim = Simulation.builder(dev.ecstatic.cli.Home.find(),
                        dev.ecstatic.simulator.Fleet.parse(fleet, "slow branches"))
                .parameters(Map.of("MaxRunMinutes", "5", "MaxConcurrency", "1")).wrapInvoker(throttled).start()) {
            Simulation.Outcome outcome = sim.run("{}");

            assertThat(outcome.run().status()).isEqualTo("TIMED_OUT");
            assertThat(outcome.run().error()).isEqualTo("States.Timeout");
            assertThat(java.time.Duration.between(outcome.execution().startDate(), outcome.execution().stopDate()))
                    .isEqualTo(java.time.Duration.ofSeconds((5 + 60) * 60));
        }
    }

    @Test
    void everyLambdaTaskOfTheBranchHasATimeoutAboveTheLambdaMaximum_andEveryDynamoDbTaskAMinute() throws Exception {
        try (Simulation sim = Fleets.start(quiet(cluster("prod-web", instances(2, OLD))))) {
            Simulation.Outcome outcome = sim.run("{}");

            List<HistoryEvent> scheduled = onlyChild(outcome).history().stream()
                    .filter(e -> e.type().equals("TaskScheduled")).toList();
            // List instances, Assess health, Update one agent, Notify update started, Conclude.
            assertThat(scheduled).filteredOn(e -> e.toJson().contains("\"resourceType\":\"lambda\"")).hasSize(5)
                    .allSatisfy(e -> assertThat(e.toJson()).contains("\"timeoutInSeconds\":960"));
            assertThat(scheduled).filteredOn(e -> e.toJson().contains("\"resourceType\":\"dynamodb\"")).hasSize(3)
                    .allSatisfy(e -> assertThat(e.toJson()).contains("\"timeoutInSeconds\":60"));
        }
    }

    @Test
    void theUpdateRetriedAfterALostResponseIsReportedStartedAndAnnounced() throws Exception {
        // Contract of docs/payloads.md (UpdateOneAgent's retryCount; h-functions): the first attempt
        // starts the update in ECS, then its response is lost (a Lambda-level failure after the
        // call), and the state machine's Retry calls UpdateOneAgent again with retryCount 1.
        java.util.function.UnaryOperator<dev.ecstatic.asl.TaskInvoker> lostResponse = real -> request -> {
            String result = real.invoke(request);
            if ("Update one agent".equals(request.stateName()) && request.attempt() == 0) {
                throw new dev.ecstatic.asl.TaskFailedException("Lambda.ServiceException", "the response was lost");
            }
            return result;
        };
        try (Simulation sim = Fleets.start(quiet(cluster("prod-web", instances(3, OLD))), lostResponse)) {
            Simulation.Outcome outcome = sim.run("{}");

            SimulationReport.Cluster web = byName(outcome.run()).get("prod-web");
            assertThat(web.outcome()).isEqualTo("STARTED");
            assertThat(web.instances()).hasSize(1);
            assertThat(updateStatusOf(sim, web.instances().get(0))).isEqualTo("PENDING");
            assertThat(outcome.run().stats().ecsCalls()).as("never a second update after an unknown outcome")
                    .containsEntry("UpdateContainerAgent", 1L);
            assertThat(sim.fleet().clusters().get(0).instances()).filteredOn(i -> "PENDING".equals(i.agentUpdateStatus()))
                    .hasSize(1);
            assertThat(sim.messages()).singleElement().satisfies(m -> assertThat(m.toString())
                    .contains("update started").contains(web.instances().get(0)));
        }
    }

    @Test
    void updatesWhoseResponsesAreLostAreFoundUnderWayAnnouncedAndNeverCalledTwice() throws Exception {
        // The simulator's lostUpdateResponse: ECS accepts the update, then answers 500. lose-one has one
        // such agent of three, lose-two two (each would lose two answers: a second call would show).
        String lost = "\"lostUpdateResponse\": { \"mode\": \"serverError\", \"times\": 2 }";
        String fleet = quiet(cluster("lose-one", instances(1, "1.85.0", lost), instances(2, OLD)),
                cluster("lose-two", instances(2, "1.85.0", lost), instances(1, OLD)));
        AtomicReference<Simulation> simulation = new AtomicReference<>();
        List<Long> inFlightAtEachUpdate = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.function.UnaryOperator<dev.ecstatic.asl.TaskInvoker> watch = real -> request -> {
            if ("Update one agent".equals(request.stateName())) {
                String name = InjectedFaultsTest.payload(request).path("cluster").path("name").asText();
                inFlightAtEachUpdate.add(inFlight(simulation.get().fleet(), name));
            }
            return real.invoke(request);
        };
        try (Simulation sim = Fleets.start(fleet, watch)) {
            simulation.set(sim);
            Simulation.Outcome outcome = sim.run("{\"maxUpdatesPerCluster\": 3}");

            Map<String, SimulationReport.Cluster> clusters = byName(outcome.run());
            assertThat(clusters.get("lose-one").outcome()).isEqualTo("STARTED");
            assertThat(clusters.get("lose-one").instances()).hasSize(3).doesNotHaveDuplicates();
            assertThat(clusters.get("lose-two").outcome()).isEqualTo("STARTED");
            assertThat(clusters.get("lose-two").instances()).hasSize(3).doesNotHaveDuplicates();
            assertThat(outcome.run().stats().ecsCalls()).as("one call per started update")
                    .containsEntry("UpdateContainerAgent", 6L);
            assertThat(inFlightAtEachUpdate).hasSize(6).containsOnly(0L);
            assertThat(sim.messages()).hasSize(6);
            assertThat(sim.messages()).filteredOn(m -> m.path("text").asText()
                    .contains("update found under way after a lost response (ECS answered 500)")).hasSize(3)
                    .allSatisfy(m -> assertThat(m.path("text").asText()).contains("Agent update started on"));
            assertThat(sim.fleetSummary().agentVersions()).containsEntry(Fleets.LATEST, 4L);
        }
    }

    @Test
    void aDryRunOfAgentsAtTheRecommendedVersionIsUndecidedNotWouldUpdate() throws Exception {
        // Contract of docs/payloads.md (AssessHealth's dry run; h-functions): every candidate at or
        // above the recommended agent (1.88.0 in these fleets) cannot be decided without calling
        // UpdateContainerAgent; one below it would be updated.
        try (Simulation sim = Fleets.start(quiet(cluster("prod-api", instances(4, Fleets.LATEST)),
                cluster("prod-web", instances(2, OLD))))) {
            Simulation.Outcome outcome = sim.run("{\"dryRun\": true}");

            Map<String, SimulationReport.Cluster> clusters = byName(outcome.run());
            assertThat(clusters.get("prod-api").outcome()).isEqualTo("UNDECIDED");
            assertThat(clusters.get("prod-api").instances()).hasSize(3);
            assertThat(clusters.get("prod-web").outcome()).isEqualTo("WOULD_UPDATE");
            assertThat(outcome.run().stats().ecsCalls()).doesNotContainKey("UpdateContainerAgent");
        }
    }

    @Test
    void throttlingIsRetriedAndTheRunStillSucceeds() throws Exception {
        // 144 instance reads in a few seconds fit AWS's buckets (100, +20/s of real time): smaller ones throttle. At
        // 3/s the run is bound by the refill (about 45 s), so some throttles outlast the SDK's retries however
        // fast the machine is (at 5/s a slow run could let the SDK absorb them all).
        String fleet = Fleets.fleet("{ \"throttle\": true, \"throttleBuckets\": { \"clusterResourceRead\": "
                + "{ \"burst\": 20, \"refillPerSecond\": 3 } } }", Fleets.many("busy", 24, instances(250, OLD)));
        try (Simulation sim = Fleets.start(fleet)) {
            Simulation.Outcome outcome = sim.run("{}");

            assertThat(outcome.run().status()).isEqualTo("SUCCEEDED");
            assertThat(outcome.run().clusters()).hasSize(24).allSatisfy(c -> assertThat(c.outcome()).isEqualTo("STARTED"));
            List<HistoryEvent> retried = outcome.execution().children().stream().flatMap(c -> c.history().stream())
                    .filter(e -> e.type().equals("TaskFailed")
                            && "dev.ecstatic.functions.TransientAwsException".equals(e.detail("error")))
                    .toList();
            assertThat(retried).as("throttled calls reach the state machine's Retry").isNotEmpty();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"clusters\": \"prod-web\"}                     | clusters",
            "{\"dryRun\": \"yes\"}                            | dryRun",
            "{\"maxUpdatesPerCluster\": 0}                    | maxUpdatesPerCluster",
            "{\"maxUpdatesPerCluster\": 1.5}                  | maxUpdatesPerCluster",
            "{\"cluster\": [\"prod-web\"]}                    | cluster",
            "{\"clusters\": [\"prod-wbe\"]}                   | prod-wbe",
            "[\"prod-web\"]                                   | object"})
    void invalidInputFailsTheExecutionNamingTheField(String input, String named) throws Exception {
        try (Simulation sim = Fleets.start(quiet(cluster("prod-web", instances(2, OLD))))) {
            Simulation.Outcome outcome = sim.run(input);

            assertThat(outcome.run().status()).isEqualTo("FAILED");
            assertThat(outcome.run().error()).isEqualTo("ecstatic.InvalidInput");
            assertThat(outcome.run().cause()).contains(named);
            assertThat(outcome.run().stats().ecsCalls()).doesNotContainKey("UpdateContainerAgent");
        }
    }

    @Test
    void ignoredAndExcludedClustersAreNotTouchedButANamedOneIs() throws Exception {
        String fleet = quiet(cluster("prod-web", instances(1, OLD)),
                "{ \"name\": \"sandbox\", \"tags\": { \"ecstatic:ignore\": \"true\" }, \"instances\": [ " + instances(1, OLD) + " ] }",
                cluster("legacy-batch", instances(1, OLD)));
        try (Simulation sim = Fleets.start(fleet, Map.of("ExcludeClusters", "legacy-batch"))) {
            assertThat(byName(sim.run("{}").run())).containsOnlyKeys("prod-web");

            assertThat(byName(sim.run("{\"clusters\": [\"legacy-batch\"]}").run())).containsOnlyKeys("legacy-batch");
        }
    }

    @Test
    void scheduledRunsFinishTheRolloutOneAgentPerClusterPerRun() throws Exception {
        try (Simulation sim = Fleets.start(quiet(cluster("prod-web", instances(3, OLD))))) {
            List<String> outcomes = new ArrayList<>();
            for (int run = 0; run < 4; run++) {
                outcomes.add(byName(sim.run("{}").run()).get("prod-web").outcome());
                sim.advance(sim.scheduleInterval());
            }

            assertThat(outcomes).containsExactly("STARTED", "STARTED", "STARTED", "UP_TO_DATE");
            assertThat(sim.fleetSummary().agentVersions()).containsOnlyKeys(Fleets.LATEST);
        }
    }

    // --- helpers ---

    static Execution onlyChild(Simulation.Outcome outcome) {
        assertThat(outcome.execution().children()).hasSize(1);
        return outcome.execution().children().get(0);
    }

    static List<String> statesEntered(Execution execution) {
        return execution.history().stream().filter(e -> e.type().endsWith("StateEntered")).map(e -> e.detail("name")).toList();
    }

    static List<String> tasks(Execution execution) {
        return execution.history().stream().filter(e -> e.type().equals("TaskScheduled")).map(HistoryEvent::type).toList();
    }

    static long inFlight(FleetSnapshot snapshot, String cluster) {
        return snapshot.clusters().stream().filter(c -> c.name().equals(cluster)).flatMap(c -> c.instances().stream())
                .filter(i -> List.of("PENDING", "STAGING", "STAGED", "UPDATING").contains(String.valueOf(i.agentUpdateStatus())))
                .count();
    }

    static FleetSnapshot.InstanceState instance(Simulation sim, String ec2InstanceId) {
        return sim.fleet().clusters().stream().flatMap(c -> c.instances().stream())
                .filter(i -> i.ec2InstanceId().equals(ec2InstanceId)).findFirst().orElseThrow();
    }

    static String agentVersionOf(Simulation sim, String ec2InstanceId) {
        return instance(sim, ec2InstanceId).agentVersion();
    }

    static String updateStatusOf(Simulation sim, String ec2InstanceId) {
        return instance(sim, ec2InstanceId).agentUpdateStatus();
    }

}
