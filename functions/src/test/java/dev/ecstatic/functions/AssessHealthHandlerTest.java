package dev.ecstatic.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import dev.ecstatic.functions.model.AssessHealthRequest;
import dev.ecstatic.functions.model.Decision;
import dev.ecstatic.functions.model.DecisionKind;
import dev.ecstatic.functions.model.InstanceClass;
import dev.ecstatic.functions.model.InstanceRef;
import dev.ecstatic.functions.model.NotificationKind;
import dev.ecstatic.functions.model.ProblemSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AssessHealthHandlerTest {
    private final CapturingContext context = new CapturingContext();
    private final AssessHealthHandler handler = new AssessHealthHandler(
            new AssessHealthConfig(Log.Level.INFO, Duration.ofMinutes(60)));

    @Tag("events")
    @ParameterizedTest
    @Event(value = "../events/assess-health.json", type = AssessHealthRequest.class)
    void sampleEvent_decidesToUpdateTheCandidatesInOrder(AssessHealthRequest request) {
        Decision decision = handler.handleRequest(request, context);

        assertThat(decision.decision()).isEqualTo(DecisionKind.UPDATE);
        assertThat(decision.candidates()).extracting(InstanceRef::ec2InstanceId)
                .containsExactly("i-0a1b2c3d4e5f60718", "i-0b2c3d4e5f6071829", "i-0c3d4e5f607182930");
        assertThat(decision.problem()).isNull();
        assertThat(decision.underWay()).isEmpty();
        assertThat(decision.cannotUpdate()).isNull();
        assertThat(context.metric("BlockedClusters")).containsExactly(0L);
        assertThat(context.events("decision")).singleElement()
                .satisfies(line -> assertThat(line).containsEntry("decision", "UPDATE").containsEntry("cluster", "prod-web"));
    }

    @Tag("events")
    @ParameterizedTest
    @Event(value = "../events/assess-health-stuck.json", type = AssessHealthRequest.class)
    void stuckSampleEvent_blocksTheClusterAsUpdateStuckWithTheRemedy(AssessHealthRequest request) {
        Decision decision = handler.handleRequest(request, context);

        assertThat(decision.decision()).isEqualTo(DecisionKind.BLOCKED);
        assertThat(decision.alert()).isEqualTo(NotificationKind.UPDATE_STUCK);
        assertThat(decision.reason()).isEqualTo("1 agent update(s) stuck for at least 60 min (since 09:00 UTC): not"
                + " updating this cluster; restart the agent (sudo systemctl restart ecs) or replace the instance");
        assertThat(decision.problem()).isEqualTo(new ProblemSet(NotificationKind.UPDATE_STUCK, 1, "7e61c775e08d19bd",
                List.of("i-0d4e5f60718293a4b")));
        assertThat(decision.underWay()).containsExactly(Map.entry("i-0d4e5f60718293a4b", "2026-01-05T09:00:00Z"));
        assertThat(decision.cannotUpdate()).isEqualTo(request.inventory().behindUnsupported());
        assertThat(context.metric("BlockedClusters")).containsExactly(1L);
        assertThat(context.events("decision")).singleElement().satisfies(line -> assertThat(line)
                .containsEntry("decision", "BLOCKED").containsKey("problem").containsKey("underWay"));
    }

    @Test
    void aClusterBlockedByTheSameProblemAsTheMemorys_isBlockedSinceItsFirstSighting_inHours() {
        var inventory = HealthRulesTest.inventory(Map.of(InstanceClass.UPDATE_FAILED, 1, InstanceClass.CANDIDATE, 3));
        Decision first = handler.handleRequest(request(inventory, null), new CapturingContext());
        var open = new AssessHealthRequest.OpenProblem(first.problem().kind(), first.problem().hash(),
                "2026-01-04T07:30:00Z");

        handler.handleRequest(request(inventory, open), context);

        assertThat(context.emf("BlockedForHours")).singleElement().satisfies(line -> {
            assertThat(line).containsEntry("BlockedForHours", 25.5).doesNotContainKeys("Account", "Region");
            assertThat(CapturingContext.dimensionSets(line)).containsExactly(List.of("FunctionName"));
        });
    }

    @Test
    void aClusterBlockedByAnotherProblemThanTheMemorys_isBlockedSinceNow() {
        var inventory = HealthRulesTest.inventory(Map.of(InstanceClass.UPDATE_FAILED, 1, InstanceClass.CANDIDATE, 3));
        for (var open : List.of(new AssessHealthRequest.OpenProblem(NotificationKind.AGENTS_DISCONNECTED,
                        "0123456789abcdef", "2026-01-04T07:30:00Z"),
                new AssessHealthRequest.OpenProblem(NotificationKind.UPDATE_FAILED, "0123456789abcdef",
                        "2026-01-04T07:30:00Z"))) {
            CapturingContext each = new CapturingContext();

            handler.handleRequest(request(inventory, open), each);

            assertThat(each.emf("BlockedForHours")).as("%s", open).singleElement()
                    .satisfies(line -> assertThat(line).containsEntry("BlockedForHours", 0.0));
        }
    }

    @Test
    void aClusterNotBlocked_sendsNoBlockedForHours() {
        var inventory = HealthRulesTest.inventory(Map.of(InstanceClass.CANDIDATE, 3));

        handler.handleRequest(request(inventory, new AssessHealthRequest.OpenProblem(NotificationKind.UPDATE_FAILED,
                "0123456789abcdef", "2026-01-04T07:30:00Z")), context);

        assertThat(context.emf("BlockedForHours")).isEmpty();
        assertThat(context.metric("BlockedClusters")).containsExactly(0L);
    }

    @Test
    void aPartialOrUnreadableOpenProblem_costsOnlyTheMetric_theClusterIsStillBlocked() {
        var inventory = HealthRulesTest.inventory(Map.of(InstanceClass.UPDATE_FAILED, 1, InstanceClass.CANDIDATE, 3));
        Map<AssessHealthRequest.OpenProblem, String> cases = Map.of(
                new AssessHealthRequest.OpenProblem((String) null, null, null), "openProblem.kind is missing",
                new AssessHealthRequest.OpenProblem(NotificationKind.UPDATE_FAILED, null, "2026-01-04T07:30:00Z"),
                "openProblem.hash is missing",
                new AssessHealthRequest.OpenProblem(NotificationKind.UPDATE_FAILED, "0123456789abcdef", null),
                "openProblem.firstSeen is null",
                new AssessHealthRequest.OpenProblem(NotificationKind.UPDATE_FAILED, "0123456789abcdef", "yesterday"),
                "openProblem.firstSeen is 'yesterday'");
        cases.forEach((open, problem) -> {
            CapturingContext each = new CapturingContext();

            Decision decision = handler.handleRequest(request(inventory, open), each);

            assertThat(decision.decision()).as("%s", open).isEqualTo(DecisionKind.BLOCKED);
            assertThat(decision.alert()).as("%s", open).isEqualTo(NotificationKind.UPDATE_FAILED);
            assertThat(each.emf("BlockedForHours")).as("%s", open).isEmpty();
            assertThat(each.metric("BlockedClusters")).as("%s", open).containsExactly(1L);
            assertThat(each.events("blocked for hours not measured")).as("%s", open).singleElement()
                    .satisfies(line -> assertThat(String.valueOf(line.get("problem"))).startsWith(problem));
        });
    }

    @Test
    void aPartialOpenProblem_asTheLambdaRuntimeReadsIt_isARequest_notAFailure() {
        // {} is what a state machine that passed {kind, hash, firstSeen} of a null memory.problem would send.
        for (String json : List.of("{}", "{\"kind\": \"UPDATE_FAILED\"}")) {
            var open = Fixtures.fromJson(json, AssessHealthRequest.OpenProblem.class);
            CapturingContext each = new CapturingContext();

            Decision decision = handler.handleRequest(request(HealthRulesTest.inventory(Map.of(InstanceClass.UPDATE_FAILED, 1)),
                    open), each);

            assertThat(open.unreadable()).as(json).isNotNull();
            assertThat(decision.decision()).as(json).isEqualTo(DecisionKind.BLOCKED);
            assertThat(each.emf("BlockedForHours")).as(json).isEmpty();
        }
    }

    @Test
    void anOpenProblemOfAKindThisCodeDoesNotKnow_isAnotherProblem_blockedSinceNow() {
        var inventory = HealthRulesTest.inventory(Map.of(InstanceClass.UPDATE_FAILED, 1, InstanceClass.CANDIDATE, 3));

        handler.handleRequest(request(inventory, new AssessHealthRequest.OpenProblem("SOMETHING_NEW", "0123456789abcdef",
                "2026-01-04T07:30:00Z")), context);

        assertThat(context.emf("BlockedForHours")).singleElement()
                .satisfies(line -> assertThat(line).containsEntry("BlockedForHours", 0.0));
    }

    private static AssessHealthRequest request(dev.ecstatic.functions.model.Inventory inventory,
                                               AssessHealthRequest.OpenProblem open) {
        return new AssessHealthRequest(inventory, Fixtures.SETTINGS, false, Fixtures.RECOMMENDED, "2026-01-05T09:00:00Z",
                Map.of(), null, List.of(), Map.of(), Map.of(), open);
    }

    @Test
    void blockedCluster_countsInTheBlockedClustersMetric() {
        var inventory = HealthRulesTest.inventory(Map.of(InstanceClass.UPDATE_FAILED, 1, InstanceClass.CANDIDATE, 3));

        Decision decision = handler.handleRequest(new AssessHealthRequest(inventory, Fixtures.SETTINGS, false, Fixtures.RECOMMENDED), context);

        assertThat(decision.alert()).isEqualTo(NotificationKind.UPDATE_FAILED);
        assertThat(context.metric("BlockedClusters")).containsExactly(1L);
        Map<String, Object> emf = context.json().stream().filter(m -> m.containsKey("_aws")).findFirst().orElseThrow();
        // Billed custom metrics per function and per target, not per cluster: the cluster is a plain
        // member of the line (Logs Insights finds it), never a dimension.
        assertThat(Json.write(emf.get("_aws"))).contains("\"Namespace\":\"ecstatic\"", "\"Name\":\"BlockedClusters\"",
                "\"Dimensions\":[[\"FunctionName\"],[\"FunctionName\",\"Account\",\"Region\"]]");
        assertThat(emf).containsEntry("FunctionName", context.getFunctionName()).containsEntry("cluster", "prod-web")
                .containsEntry("Account", "123456789012").containsEntry("Region", "us-east-1")
                .doesNotContainKey("Cluster");
    }

    @Test
    void stuckUpdateMinutes_isReadFromTheEnvironmentAndDecidesWhenAnUpdateIsStuck() {
        var inventory = HealthRulesTest.inventory(Map.of(InstanceClass.UPDATING, 1));
        AssessHealthRequest request = new AssessHealthRequest(inventory, Fixtures.SETTINGS, false, Map.of(),
                "2026-01-05T09:30:00Z", Map.of("i-u", "2026-01-05T09:00:00Z"));

        Decision patient = new AssessHealthHandler(Map.of()).handleRequest(request, context);
        Decision strict = new AssessHealthHandler(Map.of("ECSTATIC_STUCK_UPDATE_MINUTES", "30"))
                .handleRequest(request, context);

        assertThat(patient.decision()).isEqualTo(DecisionKind.IN_PROGRESS);
        assertThat(strict.decision()).isEqualTo(DecisionKind.BLOCKED);
        assertThat(strict.alert()).isEqualTo(NotificationKind.UPDATE_STUCK);
    }

    @Test
    void stuckUpdateMinutes_defaultsTo60() {
        assertThat(AssessHealthConfig.from(Map.of()).stuckAfter()).isEqualTo(Duration.ofMinutes(60));
        assertThat(AssessHealthConfig.from(Map.of("ECSTATIC_STUCK_UPDATE_MINUTES", " ")).stuckAfter())
                .isEqualTo(Duration.ofMinutes(60));
        assertThat(AssessHealthConfig.from(Map.of("ECSTATIC_STUCK_UPDATE_MINUTES", "10080")).stuckAfter())
                .isEqualTo(Duration.ofDays(7));
        assertThat(AssessHealthConfig.from(Map.of("ECSTATIC_STUCK_UPDATE_MINUTES", "1")).stuckAfter())
                .isEqualTo(Duration.ofMinutes(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "10081", "1.5", "an hour", "60m"})
    void invalidStuckUpdateMinutes_failsAtConstructionNamingTheVariableAndTheValue(String value) {
        assertThatThrownBy(() -> new AssessHealthHandler(Map.of("ECSTATIC_STUCK_UPDATE_MINUTES", value)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("ECSTATIC_STUCK_UPDATE_MINUTES is '" + value + "': set it to a whole number from 1 to 10080"
                        + " (default 60)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2026-01-05", "2026-01-05 09:00:00", "1767603600", ""})
    void nowThatIsNoInstant_isRejectedNamingTheField(String now) {
        var inventory = HealthRulesTest.inventory(Map.of());

        assertThatThrownBy(() -> new AssessHealthRequest(inventory, Fixtures.SETTINGS, false, Map.of(), now, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("now is '" + now + "': an ISO-8601 instant (e.g. 2026-01-05T09:00:00Z) was expected");
    }

    @Test
    void nowThatIsNoInstant_isRejectedWhenTheRuntimeReadsTheRequest() {
        String json = """
                {"inventory":{"cluster":{"name":"c","arn":"arn:aws:ecs:us-east-1:1:cluster/c"}},
                 "settings":{"dryRun":false,"maxUpdatesPerCluster":1,"maxRunMinutes":45,"pollSeconds":30,
                             "disconnectRecheckSeconds":60},
                 "now":"soon"}""";

        assertThatThrownBy(() -> Fixtures.fromJson(json, AssessHealthRequest.class))
                .rootCause().isInstanceOf(IllegalArgumentException.class)
                .hasMessage("now is 'soon': an ISO-8601 instant (e.g. 2026-01-05T09:00:00Z) was expected");
    }

    @Test
    void underWayTimeThatIsNoInstant_isRejectedNamingTheInstance() {
        var inventory = HealthRulesTest.inventory(Map.of());

        assertThatThrownBy(() -> new AssessHealthRequest(inventory, Fixtures.SETTINGS, false, Map.of(),
                "2026-01-05T09:00:00Z", Map.of("i-0a", "09:00")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("underWay.i-0a is '09:00': an ISO-8601 instant (e.g. 2026-01-05T09:00:00Z) was expected");
    }

    @Test
    void stepFunctionsEnteredTime_withMillisecondsIsAnInstant() {
        var inventory = HealthRulesTest.inventory(Map.of(InstanceClass.UPDATING, 1));

        Decision decision = handler.handleRequest(new AssessHealthRequest(inventory, Fixtures.SETTINGS, false, Map.of(),
                "2026-01-05T09:00:00.123Z", null), context);

        assertThat(decision.underWay()).containsExactly(Map.entry("i-u", "2026-01-05T09:00:00.123Z"));
    }

    @Test
    void requestWithoutNow_decidesAsBeforeAndRemembersNothingUnderWay() {
        var inventory = HealthRulesTest.inventory(Map.of(InstanceClass.UPDATING, 1));

        Decision decision = handler.handleRequest(new AssessHealthRequest(inventory, Fixtures.SETTINGS, false, Map.of(),
                null, Map.of("i-u", "2020-01-01T00:00:00Z")), context);

        assertThat(decision.decision()).isEqualTo(DecisionKind.IN_PROGRESS);
        assertThat(decision.underWay()).isEmpty();
        assertThat(context.events("decision")).singleElement()
                .satisfies(line -> assertThat(line).containsEntry("stuckRule", "not applied: the request has no now"));
    }
}
