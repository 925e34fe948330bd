package dev.ecstatic.functions;

import static dev.ecstatic.functions.Fixtures.PROD_WEB;
import static dev.ecstatic.functions.Fixtures.RECOMMENDED;
import static dev.ecstatic.functions.Fixtures.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ecstatic.functions.model.AlertSent;
import dev.ecstatic.functions.model.AssessHealthRequest;
import dev.ecstatic.functions.model.ConcludeRequest;
import dev.ecstatic.functions.model.ConcludeResponse;
import dev.ecstatic.functions.model.Decision;
import dev.ecstatic.functions.model.DigestRequest;
import dev.ecstatic.functions.model.DigestResponse;
import dev.ecstatic.functions.model.DigestSummary;
import dev.ecstatic.functions.model.DecisionKind;
import dev.ecstatic.functions.model.Drift;
import dev.ecstatic.functions.model.ExcludedCluster;
import dev.ecstatic.functions.model.Failure;
import dev.ecstatic.functions.model.Finding;
import dev.ecstatic.functions.model.InstanceClass;
import dev.ecstatic.functions.model.InstanceRef;
import dev.ecstatic.functions.model.Inventory;
import dev.ecstatic.functions.model.Lease;
import dev.ecstatic.functions.model.ListClustersRequest;
import dev.ecstatic.functions.model.ListClustersResponse;
import dev.ecstatic.functions.model.FailedBranch;
import dev.ecstatic.functions.model.ObjectLocation;
import dev.ecstatic.functions.model.Run;
import dev.ecstatic.functions.model.RegionRecommendation;
import dev.ecstatic.functions.model.RunItems;
import dev.ecstatic.functions.model.RunReport;
import dev.ecstatic.functions.model.SummarizeRequest;
import dev.ecstatic.functions.model.SummarizeResponse;
import dev.ecstatic.functions.model.ListInstancesRequest;
import dev.ecstatic.functions.model.Memory;
import dev.ecstatic.functions.model.NotificationKind;
import dev.ecstatic.functions.model.NotificationTarget;
import dev.ecstatic.functions.model.NotifyRequest;
import dev.ecstatic.functions.model.NotifyResponse;
import dev.ecstatic.functions.model.Outcome;
import dev.ecstatic.functions.model.ProblemSet;
import dev.ecstatic.functions.model.RunRecord;
import dev.ecstatic.functions.model.UpdateOneAgentRequest;
import dev.ecstatic.functions.model.UpdateOneAgentResponse;
import dev.ecstatic.functions.model.UpdateOutcome;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every payload record through the Lambda Java runtime's own serializer (aws-lambda-java-serialization,
 * whose shaded Jackson reads records through their canonical constructors), with the field names of
 * docs/payloads.md. The serializer leaves null fields out of what it writes.
 */
class SerializationTest {
    private static final InstanceRef CANDIDATE = new InstanceRef("5f1c0de0", "i-0a1b2c3d4e5f60718", "1.86.3",
            "linux/x86_64", null);
    private static final InstanceRef DISCONNECTED = new InstanceRef("6a2d1ef1", "i-0b2c3d4e5f6071829", "1.86.3",
            "linux/x86_64", "agent disconnected");
    private static final Inventory INVENTORY = new Inventory(PROD_WEB, 2,
            Map.of(InstanceClass.CANDIDATE, 1, InstanceClass.DISCONNECTED, 1), Map.of("1.86.3", 2),
            Map.of("linux/x86_64", 2), Map.of(InstanceClass.DISCONNECTED, List.of(DISCONNECTED)), List.of(CANDIDATE),
            new Drift(2, 0, 1), List.of("gone"));
    private static final ProblemSet BEHIND = new ProblemSet(NotificationKind.CANNOT_UPDATE, 25, "0123456789abcdef",
            List.of("i-0a", "i-0b"));
    private static final Inventory INVENTORY_WITH_MEMORY_FIELDS = new Inventory(PROD_WEB, 2,
            Map.of(InstanceClass.CANDIDATE, 1, InstanceClass.DISCONNECTED, 1), Map.of("1.86.3", 2),
            Map.of("linux/x86_64", 2), Map.of(InstanceClass.DISCONNECTED, List.of(DISCONNECTED)), List.of(CANDIDATE),
            new Drift(2, 0, 1), List.of(), Map.of(InstanceClass.DISCONNECTED, "9f2c4e0d1a6b7c35"), BEHIND);

    private static final DigestSummary DIGEST = new DigestSummary(3, Map.of("BLOCKED", 1, "UP_TO_DATE", 2),
            Map.of("1.89.0", 129L, DigestSummary.OTHER, 3L), 1,
            List.of(new DigestSummary.OpenProblem("batch", "AGENTS_DISCONNECTED", "2026-01-02T05:00:00Z", 3, 76,
                    "123456789012#us-east-1")), 1,
            List.of(new DigestSummary.Silence("batch", "2026-01-06T00:00:00Z", "123456789012#us-east-1")), 6,
            List.of(new DigestSummary.ClusterCount("legacy", 6)), 1,
            List.of(new DigestSummary.Named("old-test", "123456789012#us-east-1")), 0, List.of(),
            List.of("123456789012#us-east-1"));
    private static final Memory MEMORY = new Memory(1, new Memory.Problem(NotificationKind.AGENTS_DISCONNECTED, 3,
            "9f2c4e0d1a6b7c35", List.of("i-0a", "i-0b", "i-0c"), "3 agent(s) still disconnected after a recheck",
            "2026-01-05T09:00:00Z", 4, new Memory.Alerted("2026-01-05T09:00:00Z")), Map.of("i-0d", "2026-01-05T09:00:00Z"),
            new Memory.CannotUpdate(NotificationKind.CANNOT_UPDATE, 2, "0123456789abcdef", List.of("i-0e", "i-0f"),
                    "2026-01-05T09:00:00Z", 2), Outcome.BLOCKED, "2026-01-05T12:00:00Z", 4);
    private static final Memory MEMORY_WITH_ERROR = new Memory(1, MEMORY.problem(), Map.of(), null, Outcome.ERROR,
            "2026-01-05T13:00:00Z", 5, Map.of("1.86.3", 3), null, new Memory.Problem(NotificationKind.ERROR, 0,
            "8946e91b87cefd35", List.of(), "List instances failed: States.Timeout", "2026-01-05T13:00:00Z", 1,
            new Memory.Alerted("2026-01-05T13:00:00Z")));
    private static final RunRecord RECORD = RunRecord.of(PROD_WEB, Outcome.BLOCKED, List.of("i-0a"),
            "3 agent(s) still disconnected", 1);

    static Stream<Arguments> payloads() {
        return Stream.of(
                Arguments.of(ListClustersRequest.class, new ListClustersRequest(Map.of("clusters", List.of("prod-web"),
                        "dryRun", true, "maxUpdatesPerCluster", 2))),
                Arguments.of(ListClustersResponse.class, new ListClustersResponse(List.of(PROD_WEB), SETTINGS, RECOMMENDED,
                        List.of(new ExcludedCluster("legacy", "tag ecstatic:ignore=true")), 1, List.of("warning"))),
                Arguments.of(ListClustersRequest.class, new ListClustersRequest(Map.of(), new Run("run-42"))),
                Arguments.of(ListClustersResponse.class, new ListClustersResponse(List.of(), SETTINGS, RECOMMENDED,
                        List.of(), 0, List.of(), Map.of(), new RunItems("bucket", "runs/run-42/clusters.jsonl", 3),
                        Map.of("eu-west-1", new RegionRecommendation(RECOMMENDED, Map.of())))),
                Arguments.of(SummarizeRequest.class, new SummarizeRequest(new ObjectLocation("bucket",
                        "runs/run-42/results/0b1c/manifest.json"), "run-42", 2, "2026-01-05T09:30:00Z")),
                Arguments.of(SummarizeResponse.class, new SummarizeResponse(Map.of("clusters", 3, "excluded", 2,
                        "notificationsFailed", 0, "STARTED", 2, "ERROR", 1), new RunReport("bucket", "runs/run-42/report.jsonl", 3),
                        List.of(new FailedBranch(PROD_WEB, "States.Runtime", "boom")), 1)),
                Arguments.of(ListInstancesRequest.class, new ListInstancesRequest(PROD_WEB, RECOMMENDED, List.of("5f1c0de0"))),
                Arguments.of(Inventory.class, INVENTORY),
                Arguments.of(AssessHealthRequest.class, new AssessHealthRequest(INVENTORY, SETTINGS, true, RECOMMENDED)),
                Arguments.of(Inventory.class, INVENTORY_WITH_MEMORY_FIELDS),
                Arguments.of(AssessHealthRequest.class, new AssessHealthRequest(INVENTORY_WITH_MEMORY_FIELDS, SETTINGS,
                        false, RECOMMENDED, "2026-01-05T09:00:00.123Z", Map.of("i-0b2c3d4e5f6071829",
                        "2026-01-05T08:00:00Z"))),
                Arguments.of(AssessHealthRequest.class, new AssessHealthRequest(INVENTORY, SETTINGS, true, RECOMMENDED,
                        "2026-01-05T09:00:00Z", Map.of(), null, List.of(), Map.of(), Map.of(),
                        new AssessHealthRequest.OpenProblem(NotificationKind.UPDATE_STUCK, "7e61c775e08d19bd",
                                "2026-01-04T07:30:00Z"))),
                Arguments.of(Decision.class, new Decision(DecisionKind.BLOCKED, "1 agent update(s) stuck",
                        NotificationKind.UPDATE_STUCK, List.of(DISCONNECTED), List.of(),
                        new ProblemSet(NotificationKind.UPDATE_STUCK, 1, "7e61c775e08d19bd", List.of("i-0b2c3d4e5f6071829")),
                        Map.of("i-0b2c3d4e5f6071829", "2026-01-05T08:00:00Z"), BEHIND)),
                Arguments.of(Decision.class, new Decision(DecisionKind.BLOCKED, "1 agent disconnected",
                        NotificationKind.AGENTS_DISCONNECTED, List.of(DISCONNECTED), List.of())),
                Arguments.of(Decision.class, new Decision(DecisionKind.UPDATE, "1 candidate", null, List.of(),
                        List.of(CANDIDATE))),
                Arguments.of(UpdateOneAgentRequest.class, new UpdateOneAgentRequest(PROD_WEB, List.of(CANDIDATE), RECOMMENDED, 1)),
                Arguments.of(UpdateOneAgentRequest.class, new UpdateOneAgentRequest(PROD_WEB, List.of(CANDIDATE), RECOMMENDED, 0,
                        "2026-01-05T09:35:00Z")),
                Arguments.of(UpdateOneAgentResponse.class, new UpdateOneAgentResponse(UpdateOutcome.DEFERRED, null, null,
                        List.of(), 0, 0, "no time left in this run to start an update")),
                Arguments.of(UpdateOneAgentResponse.class, new UpdateOneAgentResponse(UpdateOutcome.STARTED, CANDIDATE,
                        "1.86.3", List.of(new Finding("i-1", "ci-1", "no update path: replace the instance")), 2, 1, null)),
                Arguments.of(UpdateOneAgentResponse.class, new UpdateOneAgentResponse(UpdateOutcome.UNCONFIRMED, CANDIDATE,
                        "1.86.3", List.of(), 1, 0, "response lost (timed out after 10 s); no update visible yet")),
                Arguments.of(UpdateOneAgentResponse.class, new UpdateOneAgentResponse(UpdateOutcome.UP_TO_DATE, null, null,
                        List.of(), 1, 3, null)),
                Arguments.of(NotifyRequest.class, new NotifyRequest(NotificationKind.UPDATE_STARTED, PROD_WEB,
                        List.of(CANDIDATE), "agent 1.86.3 → latest", "arn:aws:states:us-east-1:1:execution:x:y", 2)),
                Arguments.of(NotifyResponse.class, new NotifyResponse(false, 404, "webhook answered 404", true)),
                Arguments.of(NotifyResponse.class, new NotifyResponse(false, null, "no webhook configured", false)),
                Arguments.of(DigestSummary.class, DIGEST),
                Arguments.of(DigestSummary.class, DigestSummary.EMPTY),
                Arguments.of(DigestRequest.class, new DigestRequest(DIGEST, List.of(Map.of("cluster", Map.of("S", "prod-web"),
                        "memory", Map.of("S", "{\"problem\":null}"), "lastOutcome", Map.of("S", "UP_TO_DATE"),
                        "lastRunTime", Map.of("S", "2026-01-05T09:00:00Z"))), true, "2026-01-05T09:00:00Z",
                        "arn:aws:states:us-east-1:1:execution:x:y", 1)),
                Arguments.of(DigestRequest.class, new DigestRequest(null, List.of(), false, "2026-01-05T09:00:00Z", null, 0)),
                Arguments.of(DigestResponse.class, new DigestResponse(DIGEST, new DigestResponse.Posted(true, false))),
                Arguments.of(DigestResponse.class, new DigestResponse(DigestSummary.EMPTY, null)),
                Arguments.of(Memory.class, MEMORY),
                Arguments.of(Memory.class, Memory.empty()),
                Arguments.of(Memory.class, MEMORY_WITH_ERROR),
                Arguments.of(Failure.class, new Failure("States.Timeout", "{\"errorMessage\":\"x\"}")),
                Arguments.of(Lease.class, new Lease("arn:aws:states:us-east-1:1:execution:x:other", 1767607200L, false)),
                Arguments.of(RunRecord.class, RECORD),
                Arguments.of(RunRecord.class, RunRecord.of(PROD_WEB, Outcome.SKIPPED, List.of(), "held by other", null)),
                Arguments.of(RunRecord.class, new RunRecord("(unreadable)", null, null, Outcome.ERROR, List.of(),
                        "result line unreadable", null, null)),
                Arguments.of(AlertSent.class, new AlertSent(NotificationKind.RESOLVED, false, true, false)),
                Arguments.of(ConcludeRequest.class, new ConcludeRequest(PROD_WEB, "2026-01-05T12:00:00Z",
                        "arn:aws:states:us-east-1:1:execution:x:y", false, 1, MEMORY, null,
                        new Decision(DecisionKind.BLOCKED, "3 agent(s) disconnected", NotificationKind.AGENTS_DISCONNECTED,
                                List.of(DISCONNECTED), List.of(), new ProblemSet(NotificationKind.AGENTS_DISCONNECTED, 1,
                                "9f2c4e0d1a6b7c35", List.of("i-0b2c3d4e5f6071829")), Map.of(), null),
                        null, List.of("i-0a"), new Failure("Lambda.Unknown", "cause"), "Update one agent", true, false, 1, 2)),
                Arguments.of(ConcludeResponse.class, new ConcludeResponse(RECORD,
                        new AlertSent(NotificationKind.AGENTS_DISCONNECTED, true, false, true), MEMORY, true)));
    }

    @ParameterizedTest
    @MethodSource("payloads")
    <T> void everyPayload_survivesTheRuntimeSerializer(Class<T> type, T value) {
        String json = Fixtures.toJson(value, type);

        assertThat(Fixtures.fromJson(json, type)).isEqualTo(value);
    }

    @Test
    void updateOneAgentRequest_takesNotAfter_andReadsWithoutIt() {
        String json = Fixtures.toJson(new UpdateOneAgentRequest(PROD_WEB, List.of(), RECOMMENDED, 0,
                "2026-01-05T09:35:00Z"), UpdateOneAgentRequest.class);
        UpdateOneAgentRequest without = Fixtures.fromJson("{\"cluster\":{\"name\":\"prod-web\",\"arn\":"
                + "\"arn:aws:ecs:us-east-1:1:cluster/prod-web\"},\"candidates\":[]}", UpdateOneAgentRequest.class);

        assertThat(json).contains("\"notAfter\":\"2026-01-05T09:35:00Z\"");
        assertThat(without.notAfter()).isNull();
        assertThat(without.retryCount()).isZero();
    }

    @Test
    void inventory_hasTheContractsFieldNames() {
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) Json.parse(Fixtures.toJson(INVENTORY, Inventory.class));

        assertThat(json.keySet()).containsExactlyInAnyOrder("cluster", "total", "counts", "agentVersions", "platforms",
                "examples", "candidates", "drift", "missing", "hashes");
        assertThat(strings(json.get("counts"))).containsOnlyKeys(
                "IGNORED", "UPDATING", "UPDATE_FAILED", "DISCONNECTED", "UNSUPPORTED", "NOT_ACTIVE", "CANDIDATE");
        assertThat(strings(json.get("drift"))).containsOnlyKeys(
                "agentBehindRecommended", "dockerBehindRecommended", "amiNotRecommended");
        Map<String, Object> example = strings(((List<?>) strings(json.get("examples")).get("DISCONNECTED")).getFirst());
        assertThat(example.keySet()).containsExactly("containerInstanceId", "ec2InstanceId", "agentVersion", "platform",
                "reason");
    }

    @Test
    void digest_hasTheContractsFieldNames() {
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) Json.parse(Fixtures.toJson(
                new DigestResponse(DIGEST, new DigestResponse.Posted(false, true)), DigestResponse.class));

        assertThat(json.get("posted")).isEqualTo(Map.of("delivered", false, "failed", true, "failures", 1L));
        assertThat(strings(json.get("digest")).keySet()).containsExactly("clusters", "outcomes", "agentVersions",
                "openProblems", "oldestProblems", "silenced", "silencedClusters", "cannotUpdate", "cannotUpdateClusters",
                "stale", "staleClusters", "unreadable", "unreadableClusters", "targets");
        assertThat(Fixtures.toJson(DIGEST, DigestSummary.class)).contains(
                "{\"cluster\":\"batch\",\"kind\":\"AGENTS_DISCONNECTED\",\"since\":\"2026-01-02T05:00:00Z\",\"count\":3,\"runs\":76,"
                        + "\"scope\":\"123456789012#us-east-1\"}",
                "{\"cluster\":\"batch\",\"until\":\"2026-01-06T00:00:00Z\",\"scope\":\"123456789012#us-east-1\"}",
                "{\"cluster\":\"legacy\",\"count\":6}", "\"targets\":[\"123456789012#us-east-1\"]");
    }

    @Test
    void digestRequest_readsItemsAsTheQueryReturnsThem_andTakesAnAbsentDigestAsTheFirstPage() {
        DigestRequest request = Fixtures.fromJson("{\"items\":[{\"cluster\":{\"S\":\"a\"},\"expiresAt\":{\"N\":\"1767607200\"}}],"
                + "\"last\":false,\"now\":\"2026-01-05T09:00:00Z\"}", DigestRequest.class);

        assertThat(request.digest()).isNull();
        assertThat(request.items()).containsExactly(Map.of("cluster", Map.of("S", "a"), "expiresAt", Map.of("N", "1767607200")));
        assertThat(request.retryCount()).isZero();
    }

    @Test
    void memoryFields_haveTheContractsFieldNames() {
        String inventory = Fixtures.toJson(INVENTORY_WITH_MEMORY_FIELDS, Inventory.class);
        String request = Fixtures.toJson(new AssessHealthRequest(INVENTORY, SETTINGS, false, Map.of(),
                "2026-01-05T09:00:00Z", Map.of("i-0a", "2026-01-05T08:00:00Z")), AssessHealthRequest.class);
        String decision = Fixtures.toJson(new Decision(DecisionKind.IN_PROGRESS, "1 agent update(s) in progress", null,
                List.of(), List.of(), null, Map.of("i-0a", "2026-01-05T08:00:00Z"), BEHIND), Decision.class);

        assertThat(inventory).contains("\"hashes\":{\"DISCONNECTED\":\"9f2c4e0d1a6b7c35\"}",
                "\"behindUnsupported\":{\"kind\":\"CANNOT_UPDATE\",\"count\":25,\"hash\":\"0123456789abcdef\","
                        + "\"instances\":[\"i-0a\",\"i-0b\"]}");
        assertThat(request).contains("\"now\":\"2026-01-05T09:00:00Z\"",
                "\"underWay\":{\"i-0a\":\"2026-01-05T08:00:00Z\"}").doesNotContain("nowInstant", "underWaySince");
        assertThat(decision).contains("\"underWay\":{\"i-0a\":\"2026-01-05T08:00:00Z\"}",
                "\"cannotUpdate\":{\"kind\":\"CANNOT_UPDATE\"").doesNotContain("\"problem\"");
    }

    /** docs/memory.md, version compatibility: a memory the version before SNS and EventBridge wrote still reads. */
    @Test
    void memoryFromBeforeSnsAndEventBridge_readsWithNothingToldThem() {
        Memory old = Fixtures.fromJson("""
                {"version":1,"problem":{"kind":"AGENTS_DISCONNECTED","count":2,"hash":"0123456789abcdef",
                 "instances":["i-1","i-2"],"firstSeen":"2026-01-05T09:00:00Z","runs":3,
                 "lastAlerted":{"webhook":"2026-01-05T09:00:00Z"}},
                 "cannotUpdate":{"kind":"CANNOT_UPDATE","count":2,"hash":"fedcba9876543210","instances":["i-w1","i-w2"],
                 "firstSeen":"2026-01-05T09:00:00Z","alertedCount":2},"updates":{},"runs":3}""", Memory.class);

        assertThat(old.problem().lastAlerted()).isEqualTo(new Memory.Alerted("2026-01-05T09:00:00Z", null, null));
        assertThat(old.problem().delivered(NotificationTarget.WEBHOOK)).isTrue();
        assertThat(old.problem().delivered(NotificationTarget.SNS)).isFalse();
        assertThat(old.cannotUpdate().alertedCount()).isEqualTo(2);
        assertThat(old.cannotUpdate().snsAlertedCount()).isZero();
        assertThat(old.cannotUpdate().eventsAlertedCount()).isZero();
    }

    @Test
    void memoryTold_eachTarget_writesEachTargetsDelivery() {
        Memory told = new Memory(1, new Memory.Problem(NotificationKind.AGENTS_DISCONNECTED, 1, "0123456789abcdef",
                List.of("i-1"), null, "2026-01-05T09:00:00Z", 1, new Memory.Alerted("2026-01-05T09:00:00Z", null,
                "2026-01-05T10:00:00Z")), Map.of(), null, null, null, 1);

        String json = Fixtures.toJson(told, Memory.class);

        assertThat(json).contains("\"lastAlerted\":{\"webhook\":\"2026-01-05T09:00:00Z\",\"events\":\"2026-01-05T10:00:00Z\"}");
        assertThat(Fixtures.fromJson(json, Memory.class)).isEqualTo(told);
        assertThat(Fixtures.fromJson(json.replace("\"events\":", "\"pager\":\"2026-01-05T10:00:00Z\",\"events\":"),
                Memory.class)).as("a field this version does not know, as the version before reads sns and events")
                .isEqualTo(told);
    }

    @Test
    void requestFromBeforeTheMemory_readsWithoutNowAndWithNothingUnderWay() {
        AssessHealthRequest request = Fixtures.fromJson("""
                {"inventory":{"cluster":{"name":"c","arn":"arn:aws:ecs:us-east-1:1:cluster/c"}},
                 "settings":{"dryRun":false,"maxUpdatesPerCluster":1,"maxRunMinutes":45,"pollSeconds":30,
                             "disconnectRecheckSeconds":60},"rechecked":true}""", AssessHealthRequest.class);

        assertThat(request.now()).isNull();
        assertThat(request.underWay()).isEmpty();
        assertThat(request.inventory().hashes()).isEmpty();
        assertThat(request.inventory().behindUnsupported()).isNull();
    }

    @Test
    void conclude_hasTheContractsFieldNames() {
        String failure = Fixtures.toJson(new Failure("States.Timeout", "late"), Failure.class);
        String response = Fixtures.toJson(new ConcludeResponse(RECORD, null, MEMORY, false), ConcludeResponse.class);
        String quiet = Fixtures.toJson(RunRecord.of(PROD_WEB, Outcome.NOTHING_TO_DO, List.of(), "ok", 0),
                RunRecord.class);

        assertThat(failure).isEqualTo("{\"Error\":\"States.Timeout\",\"Cause\":\"late\"}");
        assertThat(strings(Json.parse(response)).keySet()).containsExactly("record", "memory", "remember");
        assertThat(strings(strings(Json.parse(response)).get("memory")).keySet()).containsExactlyInAnyOrder("version",
                "problem", "updates", "cannotUpdate", "lastOutcome", "lastRunTime", "runs", "agents", "drainBackoff",
                "groupsStopped");
        assertThat(strings(strings(strings(Json.parse(response)).get("memory")).get("problem")).keySet())
                .containsExactlyInAnyOrder("kind", "count", "hash", "instances", "detail", "firstSeen", "runs",
                        "lastAlerted");
        String withError = Fixtures.toJson(MEMORY_WITH_ERROR, Memory.class);
        assertThat(strings(Json.parse(withError)).keySet()).containsExactlyInAnyOrder("version", "problem", "updates",
                "lastOutcome", "lastRunTime", "runs", "agents", "error", "drainBackoff", "groupsStopped");
        assertThat(strings(strings(Json.parse(withError)).get("error")).keySet()).containsExactlyInAnyOrder("kind",
                "count", "hash", "instances", "detail", "firstSeen", "runs", "lastAlerted");
        String withNoPath = Fixtures.toJson(new Memory(1, null, Map.of(), new Memory.CannotUpdate(
                NotificationKind.CANNOT_UPDATE, 1, "h", List.of("i-x"), "2026-01-05T09:00:00Z", 1, List.of("i-x")),
                null, null, 1), Memory.class);
        assertThat(strings(strings(Json.parse(withNoPath)).get("cannotUpdate")).keySet()).containsExactlyInAnyOrder(
                "kind", "count", "hash", "instances", "firstSeen", "alertedCount", "noPath", "snsAlertedCount",
                "eventsAlertedCount");
        assertThat(quiet).as("notificationsFailed only when > 0")
                .isEqualTo("{\"cluster\":\"prod-web\",\"account\":\"123456789012\",\"region\":\"us-east-1\","
                        + "\"outcome\":\"NOTHING_TO_DO\",\"instances\":[],\"detail\":\"ok\"}");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> strings(Object map) {
        return (Map<String, Object>) map;
    }

    @Test
    void nullFields_areLeftOutAndReadBackAsNull() {
        String json = Fixtures.toJson(new NotifyResponse(true, 200, null, false), NotifyResponse.class);

        assertThat(json).isEqualTo("{\"delivered\":true,\"statusCode\":200,\"failed\":false,\"failures\":0}");
        assertThat(Fixtures.fromJson("{\"delivered\":true,\"statusCode\":200,\"problem\":null}", NotifyResponse.class).problem())
                .isNull();
    }

    @Test
    void runsBucketPayloads_haveTheContractsFieldNames() {
        String items = Fixtures.toJson(new ListClustersResponse(List.of(), SETTINGS, Map.of(), List.of(), 0, List.of(),
                Map.of(), new RunItems("b", "runs/r/clusters.jsonl", 3), null), ListClustersResponse.class);
        String summary = Fixtures.toJson(new SummarizeResponse(Map.of("clusters", 1), new RunReport("b",
                "runs/r/report.jsonl", 1), List.of(new FailedBranch(PROD_WEB, "E", null)), 1), SummarizeResponse.class);

        assertThat(items).contains("\"items\":{\"bucket\":\"b\",\"key\":\"runs/r/clusters.jsonl\",\"count\":3}")
                .contains("\"clusters\":[]");
        assertThat(summary).contains("\"totals\":{\"clusters\":1}")
                .contains("\"report\":{\"bucket\":\"b\",\"key\":\"runs/r/report.jsonl\",\"records\":1}")
                .contains("\"failed\":[{\"cluster\":{\"name\":\"prod-web\"").contains("\"error\":\"E\"")
                .contains("\"failedCount\":1");
        assertThat(Fixtures.fromJson("{\"input\":{}}", ListClustersRequest.class).run()).as("a caller from before").isNull();
        assertThat(Fixtures.fromJson("{\"input\":{},\"run\":{\"executionName\":\"r\"}}", ListClustersRequest.class)
                .run()).isEqualTo(new Run("r"));
    }

    @Test
    void settingsAndRecommended_haveTheContractsFieldNames() {
        String json = Fixtures.toJson(new ListClustersResponse(List.of(PROD_WEB), SETTINGS, RECOMMENDED, List.of(), 0,
                List.of()), ListClustersResponse.class);

        assertThat(json).contains("\"settings\":{\"dryRun\":false,\"maxUpdatesPerCluster\":1,\"maxRunMinutes\":45,"
                + "\"pollSeconds\":30,\"disconnectRecheckSeconds\":60,\"replaceInstances\":\"never\","
                + "\"drainTimeoutMinutes\":30,\"replaceTimeoutMinutes\":20}");
        assertThat(json).contains("\"amazon-linux-2023\":{\"agentVersion\":\"1.88.0\",\"dockerVersion\":\"25.0.8\","
                + "\"amiId\":\"ami-0al2023new\",\"amiName\":\"al2023-ami-ecs-hvm\"}");
        assertThat(json).contains("\"excludedCount\":0");
    }

    @Test
    void absentOptionalLists_readAsEmpty() {
        ListInstancesRequest request = Fixtures.fromJson(
                "{\"cluster\":{\"name\":\"prod-web\",\"arn\":\"arn:aws:ecs:us-east-1:1:cluster/prod-web\"}}",
                ListInstancesRequest.class);

        assertThat(request.instanceIds()).isEmpty();
        assertThat(request.recommended()).isEmpty();
    }

    @Tag("events")
    @Test
    void everySampleEvent_readsAndWritesBackUnchanged() {
        List<Map.Entry<String, Class<?>>> events = List.of(
                Map.entry("list-clusters.json", ListClustersRequest.class),
                Map.entry("list-instances.json", ListInstancesRequest.class),
                Map.entry("assess-health.json", AssessHealthRequest.class),
                Map.entry("assess-health-stuck.json", AssessHealthRequest.class),
                Map.entry("update-one-agent.json", UpdateOneAgentRequest.class),
                Map.entry("notify.json", NotifyRequest.class),
                Map.entry("digest.json", DigestRequest.class),
                Map.entry("conclude.json", ConcludeRequest.class),
                Map.entry("summarize.json", SummarizeRequest.class));
        for (Map.Entry<String, Class<?>> e : events) {
            roundTrip(e.getKey(), e.getValue());
        }
    }

    private static <T> void roundTrip(String file, Class<T> type) {
        T value = Fixtures.event(file, type);
        assertThat(Fixtures.fromJson(Fixtures.toJson(value, type), type)).as(file).isEqualTo(value);
    }
}
