package dev.ecstatic.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ecstatic.functions.model.Cluster;
import dev.ecstatic.functions.model.FailedBranch;
import dev.ecstatic.functions.model.ObjectLocation;
import dev.ecstatic.functions.model.RunReport;
import dev.ecstatic.functions.model.SummarizeRequest;
import dev.ecstatic.functions.model.SummarizeResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.s3.model.S3Exception;

class SummarizeHandlerTest {
    static final String BUCKET = "ecstatic-runsbucket-1a2b3c";
    static final String RUN = "run-42";
    static final String RESULTS = "runs/" + RUN + "/results/0b1c2d3e/";
    static final String MANIFEST = RESULTS + "manifest.json";
    static final String ARN = "arn:aws:ecs:us-east-1:123456789012:cluster/";

    private final FakeS3 s3 = new FakeS3();
    private final CapturingContext context = new CapturingContext();

    static String record(String cluster, String outcome) {
        return "{\"cluster\":\"" + cluster + "\",\"outcome\":\"" + outcome + "\",\"instances\":[],\"detail\":\"d\"}";
    }

    /** A failed child's line as the ResultWriter writes it (the execution described, Input as JSON text). */
    static String failedLine(String cluster, String error, String cause) {
        String input = "{\"cluster\":{\"name\":\"" + cluster + "\",\"arn\":\"" + ARN + cluster + "\"},\"settings\":{}}";
        return "{\"Cause\":" + (cause == null ? "null" : Json.write(cause)) + ",\"Error\":" + Json.write(error)
                + ",\"ExecutionArn\":\"arn:aws:states:us-east-1:123456789012:execution:ecstatic/0b1c2d3e:" + cluster
                + "\",\"Input\":" + Json.write(input) + ",\"InputDetails\":{\"Included\":true},\"Name\":\"" + cluster
                + "\",\"RedriveCount\":0,\"Status\":\"FAILED\"}";
    }

    static String pendingLine(String cluster) {
        String input = "{\"cluster\":{\"name\":\"" + cluster + "\",\"arn\":\"" + ARN + cluster + "\"}}";
        return "{\"Input\":" + Json.write(input) + ",\"InputDetails\":{\"Included\":true},\"Status\":\"PENDING\"}";
    }

    /** The manifest, and each result file (status → files → lines); the run's clusters a..f in order. */
    private SummarizeResponse summarize(Map<String, List<List<String>>> files, int excluded) {
        StringBuilder manifest = new StringBuilder("{\"DestinationBucket\":\"" + BUCKET
                + "\",\"MapRunArn\":\"arn:aws:states:us-east-1:123456789012:mapRun:ecstatic/x:0b1c2d3e\",\"ResultFiles\":{");
        List<String> statuses = new ArrayList<>();
        for (String status : List.of("FAILED", "PENDING", "SUCCEEDED")) {
            List<String> entries = new ArrayList<>();
            List<List<String>> contents = files.getOrDefault(status, List.of());
            for (int i = 0; i < contents.size(); i++) {
                String key = RESULTS + status + "_" + i + ".json";
                String text = contents.get(i).stream().map(l -> l + "\n").reduce("", String::concat);
                s3.put(BUCKET, key, text);
                entries.add("{\"Key\":\"" + key + "\",\"Size\":" + text.length() + "}");
            }
            statuses.add("\"" + status + "\":[" + String.join(",", entries) + "]");
        }
        s3.put(BUCKET, MANIFEST, manifest.append(String.join(",", statuses)).append("}}").toString());
        if (s3.text(BUCKET, "runs/" + RUN + "/clusters.jsonl") == null) {
            s3.put(BUCKET, "runs/" + RUN + "/clusters.jsonl", Stream.of("a", "b", "c", "d", "e", "f")
                    .map(n -> "{\"name\":\"" + n + "\",\"arn\":\"" + ARN + n + "\"}\n").reduce("", String::concat));
        }
        return handler().handleRequest(request(excluded), context);
    }

    private SummarizeHandler handler() {
        return new SummarizeHandler(new SummarizeHandler.SummarizeConfig(BUCKET, Log.Level.INFO), s3.client);
    }

    private static SummarizeRequest request(int excluded) {
        return new SummarizeRequest(new ObjectLocation(BUCKET, MANIFEST), RUN, excluded, "2026-01-05T09:30:00Z");
    }

    private List<String> reportLines() {
        return s3.text(BUCKET, "runs/" + RUN + "/report.jsonl").lines().toList();
    }

    private List<String> reported() {
        return reportLines().stream().map(l -> (Map<?, ?>) Json.parse(l)).map(m -> m.get("cluster") + ":" + m.get("outcome"))
                .toList();
    }

    static Stream<Arguments> manifests() {
        return Stream.of(
                Arguments.of("no results", Map.of(), List.of(), Map.of("clusters", 0, "excluded", 2, "notificationsFailed", 0), 0),
                Arguments.of("only succeeded", Map.of("SUCCEEDED", List.of(List.of(record("b", "STARTED"),
                                record("a", "UP_TO_DATE"), record("c", "STARTED")))),
                        List.of("a:UP_TO_DATE", "b:STARTED", "c:STARTED"),
                        Map.of("clusters", 3, "excluded", 2, "notificationsFailed", 0, "STARTED", 2, "UP_TO_DATE", 1), 0),
                Arguments.of("succeeded and failed", Map.of("SUCCEEDED", List.of(List.of(record("a", "STARTED"),
                                record("c", "BLOCKED"))), "FAILED", List.of(List.of(failedLine("b", "States.Runtime", "boom")))),
                        List.of("a:STARTED", "b:ERROR", "c:BLOCKED"),
                        Map.of("clusters", 3, "excluded", 2, "notificationsFailed", 0, "STARTED", 1, "ERROR", 1, "BLOCKED", 1), 1),
                Arguments.of("several result files", Map.of("SUCCEEDED", List.of(List.of(record("d", "STARTED")),
                                List.of(record("a", "SKIPPED"), record("f", "STARTED")))),
                        List.of("a:SKIPPED", "d:STARTED", "f:STARTED"),
                        Map.of("clusters", 3, "excluded", 2, "notificationsFailed", 0, "STARTED", 2, "SKIPPED", 1), 0),
                Arguments.of("pending listed", Map.of("SUCCEEDED", List.of(List.of(record("a", "STARTED"))),
                                "PENDING", List.of(List.of(pendingLine("b"), pendingLine("c")))),
                        List.of("a:STARTED", "b:ERROR", "c:ERROR"),
                        Map.of("clusters", 3, "excluded", 2, "notificationsFailed", 0, "STARTED", 1, "ERROR", 2), 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void theReportHoldsARecordPerChild_inTheClustersOrder_andTheTotalsCountThem(String name,
            Map<String, List<List<String>>> files, List<String> expected, Map<String, Integer> totals, int failedCount) {
        SummarizeResponse r = summarize(files, 2);

        assertThat(reported()).containsExactlyElementsOf(expected);
        assertThat(r.totals()).containsExactlyInAnyOrderEntriesOf(totals);
        assertThat(r.report()).isEqualTo(new RunReport(BUCKET, "runs/run-42/report.jsonl", expected.size()));
        assertThat(r.failedCount()).isEqualTo(failedCount);
        assertThat(r.failed()).hasSize(failedCount);
        var put = s3.puts.getFirst();
        assertThat(put.request().contentType()).isEqualTo("application/x-ndjson");
        assertThat(put.body()).isEqualTo(expected.isEmpty() ? "" : String.join("\n", reportLines()) + "\n");
    }

    @Test
    void theTotals_areInTheOldSummarizePassOrder_countsFirst_thenOutcomesAsTheyFirstAppear() {
        SummarizeResponse r = summarize(Map.of("SUCCEEDED", List.of(List.of(record("a", "STARTED"), record("b", "BLOCKED"),
                record("c", "STARTED")))), 0);

        assertThat(r.totals().keySet()).containsExactly("clusters", "excluded", "notificationsFailed", "STARTED", "BLOCKED");
    }

    @Test
    void eachOutcomeOfTheRun_isOneClustersLine_byOutcome_noneForAnOutcomeNoClusterHad() {
        summarize(Map.of("SUCCEEDED", List.of(List.of(record("a", "STARTED"), record("b", "BLOCKED"),
                record("c", "STARTED"))), "FAILED", List.of(List.of(failedLine("d", "States.Runtime", "boom")))), 0);

        assertThat(context.metricBy("Clusters", "Outcome")).containsExactly(Map.entry("BLOCKED", 1L),
                Map.entry("ERROR", 1L), Map.entry("STARTED", 2L));
        // Stack-wide figures: no target, no cluster as a dimension (each value is a billed custom metric).
        assertThat(context.emf("Clusters")).hasSize(3).allSatisfy(line -> assertThat(line)
                .doesNotContainKeys("Account", "Region").containsEntry("cluster", null));
    }

    @Test
    void aRunWithoutClusters_emitsNoClustersLine() {
        summarize(Map.of(), 4);

        assertThat(context.emf("Clusters")).isEmpty();
    }

    @Test
    void aFailedChild_isAnErrorRecordNamedFromItsInput_andAFailedBranchWithErrorAndCause() {
        SummarizeResponse r = summarize(Map.of("FAILED", List.of(List.of(failedLine("b", "States.Runtime",
                "An error occurred while executing the state 'Assess health'")))), 0);

        assertThat(reportLines()).containsExactly("{\"cluster\":\"b\",\"account\":\"123456789012\",\"region\":\"us-east-1\","
                + "\"outcome\":\"ERROR\",\"instances\":[],\"detail\":\"child execution failed: States.Runtime\"}");
        assertThat(r.failed()).containsExactly(new FailedBranch(new Cluster("b", ARN + "b"), "States.Runtime",
                "An error occurred while executing the state 'Assess health'"));
    }

    @Test
    void aFailedTargetStandIn_isAnErrorRecordOfItsAccountAndRegion_andItsBranchKeepsWhyItWasUnreachable() {
        String arn = "arn:aws:ecs:eu-west-1:222233334444:cluster/(target)";
        String input = "{\"cluster\":{\"name\":\"(target)\",\"arn\":\"" + arn
                + "\",\"run\":\"run-42\",\"unreachable\":\"AssumeRole refused: AccessDenied\"},\"settings\":{}}";
        String line = "{\"Cause\":\"boom\",\"Error\":\"States.Runtime\",\"Input\":" + Json.write(input)
                + ",\"Name\":\"t\",\"Status\":\"FAILED\"}";

        SummarizeResponse r = summarize(Map.of("FAILED", List.of(List.of(line))), 0);

        @SuppressWarnings("unchecked")
        Map<String, Object> record = (Map<String, Object>) Json.parse(reportLines().getFirst());
        assertThat(record).containsEntry("cluster", "(target)").containsEntry("account", "222233334444")
                .containsEntry("region", "eu-west-1").containsEntry("outcome", "ERROR");
        assertThat(r.failed().getFirst().cluster()).isEqualTo(new Cluster("(target)", arn, null, null, "run-42",
                "AssumeRole refused: AccessDenied"));
    }

    @Test
    void anUnreachableOnAnInputThatIsNoStandIn_isLeftOut_notAnUnreadableLine() {
        String input = "{\"cluster\":{\"name\":\"b\",\"arn\":\"" + ARN + "b\",\"unreachable\":\"?\"}}";
        String line = "{\"Error\":\"States.Runtime\",\"Input\":" + Json.write(input) + ",\"Status\":\"FAILED\"}";

        SummarizeResponse r = summarize(Map.of("FAILED", List.of(List.of(line))), 0);

        assertThat(reported()).containsExactly("b:ERROR");
        assertThat(r.failed().getFirst().cluster()).isEqualTo(new Cluster("b", ARN + "b"));
    }

    @Test
    void aLongError_isClippedInTheDetailAt60_asTheOldSummarizePassDid_andALongCauseAt500() {
        String error = "ecstatic.SomethingVeryLongThatGoesOn.AndOnBeyondTheLimitOfTheRecordsDetail";
        SummarizeResponse r = summarize(Map.of("FAILED", List.of(List.of(failedLine("b", error, "x".repeat(40_000))))), 0);

        Map<?, ?> line = (Map<?, ?>) Json.parse(reportLines().getFirst());
        // One word past the limit: cut at the word boundary, as the old Pass's $clip did.
        assertThat(line.get("detail")).isEqualTo("child execution failed:…");
        assertThat(r.failed().getFirst().cause()).endsWith("…");
        assertThat(r.failed().getFirst().cause().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .hasSizeLessThanOrEqualTo(FailedBranch.MAX_CAUSE_BYTES);
        assertThat(r.failed().getFirst().error()).isEqualTo(error);
    }

    @Test
    void aFailedChildWithoutErrorOrInput_isStillReported() {
        SummarizeResponse r = summarize(Map.of("FAILED", List.of(List.of(
                "{\"Cause\":null,\"Error\":null,\"Name\":\"exec-7\",\"InputDetails\":{\"Included\":false},\"Status\":\"FAILED\"}"))), 0);

        assertThat(reportLines()).as("no ARN: no account or region").containsExactly(
                "{\"cluster\":\"unknown\",\"outcome\":\"ERROR\",\"instances\":[],\"detail\":\"child execution failed: no error given\"}");
        assertThat(r.failed()).containsExactly(new FailedBranch(new Cluster("unknown", "exec-7"), "no error given", null));
    }

    @Test
    void aSucceededLine_describedWithItsOutput_readsAsItsRecord() {
        String described = "{\"ExecutionArn\":\"arn:x\",\"Output\":" + Json.write(record("a", "STARTED"))
                + ",\"Status\":\"SUCCEEDED\"}";

        summarize(Map.of("SUCCEEDED", List.of(List.of(described))), 0);

        assertThat(reported()).containsExactly("a:STARTED");
    }

    @Test
    void everyFieldOfARecord_isKept_andNotificationsFailedAreSummed() {
        String full = "{\"cluster\":\"a\",\"account\":\"222233334444\",\"region\":\"eu-west-1\",\"outcome\":\"STARTED\",\"instances\":[\"i-0a\",\"i-0b\"],\"detail\":\"agent 1.86.3 → latest\","
                + "\"notificationsFailed\":2,\"amis\":{\"BEHIND_ASG\":3,\"NOT_IN_ASG\":1}}";

        SummarizeResponse r = summarize(Map.of("SUCCEEDED", List.of(List.of(full, record("b", "BLOCKED")
                .replace("}", ",\"notificationsFailed\":1}")))), 0);

        assertThat(reportLines().getFirst()).isEqualTo(full);
        assertThat(r.totals()).containsEntry("notificationsFailed", 3);
    }

    @Test
    void aHundredAndFiftyFailedChildren_listTheFirstHundred_andCountThemAll() {
        List<String> lines = IntStream.range(0, 150).mapToObj(i -> failedLine("c" + i, "States.Runtime", "boom")).toList();

        SummarizeResponse r = summarize(Map.of("FAILED", List.of(lines)), 0);

        assertThat(r.failed()).hasSize(SummarizeResponse.MAX_FAILED);
        assertThat(r.failedCount()).isEqualTo(150);
        assertThat(r.totals()).containsEntry("ERROR", 150).containsEntry("clusters", 150);
    }

    @Test
    void withoutTheRunsClusters_theRecordsKeepTheResultFilesOrder() {
        summarize(Map.of("SUCCEEDED", List.of(List.of(record("c", "STARTED"), record("a", "STARTED"))),
                "FAILED", List.of(List.of(failedLine("b", "States.Runtime", null)))), 0);
        s3.objects.remove(BUCKET + "/runs/" + RUN + "/clusters.jsonl");

        handler().handleRequest(request(0), context);

        assertThat(reported()).containsExactly("c:STARTED", "a:STARTED", "b:ERROR");
        assertThat(context.lines).anyMatch(l -> l.contains("records in the result files' order"));
    }

    @Test
    void whatWasRead_theManifestTheClustersAndEachResultFile_inTheRunsBucket() {
        summarize(Map.of("SUCCEEDED", List.of(List.of(record("a", "STARTED"))), "FAILED",
                List.of(List.of(failedLine("b", "E", null)))), 0);

        assertThat(s3.gets).extracting(g -> g.bucket() + "/" + g.key()).containsExactly(BUCKET + "/" + MANIFEST,
                BUCKET + "/" + RESULTS + "SUCCEEDED_0.json", BUCKET + "/" + RESULTS + "FAILED_0.json",
                BUCKET + "/runs/run-42/clusters.jsonl");
        assertThat(s3.puts).extracting(p -> p.request().bucket() + "/" + p.request().key())
                .containsExactly(BUCKET + "/runs/run-42/report.jsonl");
    }

    @ParameterizedTest
    @CsvSource({
        "manifest,    503, SlowDown,      Please reduce your request rate.",
        "manifest,    500, InternalError, We encountered an internal error. Please try again.",
        "result,      503, SlowDown,      Please reduce your request rate.",
        "report,      500, InternalError, We encountered an internal error. Please try again."
    })
    void throttlingOrAServerError_isTransient(String object, int status, String code, String message) {
        String key = switch (object) {
            case "manifest" -> MANIFEST;
            case "result" -> RESULTS + "SUCCEEDED_0.json";
            default -> "runs/run-42/report.jsonl";
        };
        s3.errors.put(BUCKET + "/" + key, FakeS3.error(status, code, message));

        assertThatThrownBy(() -> summarize(Map.of("SUCCEEDED", List.of(List.of(record("a", "STARTED")))), 0))
                .isInstanceOf(TransientAwsException.class).hasMessageContaining("s3://" + BUCKET + "/" + key);
    }

    @Test
    void accessDenied_isS3sOwnError_notRetried() {
        s3.errors.put(BUCKET + "/" + MANIFEST, FakeS3.error(403, "AccessDenied", "Access Denied"));

        Throwable thrown = catchThrowable(() -> summarize(Map.of(), 0));

        assertThat(thrown).isInstanceOf(S3Exception.class).isNotInstanceOf(TransientAwsException.class);
        assertThat(((S3Exception) thrown).awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
    }

    @Test
    void aResultFileTheManifestListsButS3DoesNotHave_isAClearError() {
        summarize(Map.of(), 0);
        s3.put(BUCKET, MANIFEST, "{\"ResultFiles\":{\"SUCCEEDED\":[{\"Key\":\"" + RESULTS + "SUCCEEDED_0.json\",\"Size\":9}]}}");

        assertThatThrownBy(() -> handler().handleRequest(request(0), context))
                .isInstanceOf(RunsBucket.MissingObjectException.class)
                .hasMessage("the Map's SUCCEEDED result file s3://" + BUCKET + "/" + RESULTS
                        + "SUCCEEDED_0.json is missing (NoSuchKey)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not json                                        | is not JSON",
        "{}                                              | has no ResultFiles object",
        "{\"ResultFiles\":{\"FAILED\":{}}}               | ResultFiles.FAILED is not a list",
        "{\"ResultFiles\":{\"SUCCEEDED\":[{\"Size\":1}]}} | a ResultFiles.SUCCEEDED entry has no Key"
    })
    void aManifestItCannotRead_isAnErrorSayingWhatIsWrong(String manifest, String problem) {
        s3.put(BUCKET, MANIFEST, manifest);

        assertThatThrownBy(() -> handler().handleRequest(request(0), context)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the Map's manifest s3://" + BUCKET + "/" + MANIFEST).hasMessageContaining(problem);
    }

    @Test
    void moreResultFilesThanItsTimeoutCovers_isRefused() {
        List<List<String>> files = IntStream.range(0, SummarizeHandler.MAX_RESULT_FILES + 1)
                .mapToObj(i -> List.of(record("a", "STARTED"))).toList();

        assertThatThrownBy(() -> summarize(Map.of("SUCCEEDED", files), 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("lists 13 result files; Summarize reads at most 12");
    }

    @Test
    void aLineThatIsNotARecord_isOneErrorRecord_theRestOfTheReportStands() {
        SummarizeResponse r = summarize(Map.of("SUCCEEDED", List.of(List.of(record("a", "STARTED"),
                record("b", "EXPLODED")))), 0);

        assertThat(r.report().records()).isEqualTo(2);
        assertThat(r.totals()).containsEntry("STARTED", 1).containsEntry("ERROR", 1);
        assertThat(reportLines().get(1)).contains("\"cluster\":\"(unreadable)\"").contains("result line unreadable");
    }

    @Test
    void withoutTheRunsBucketConfigured_theFunctionFailsAtStart_namingTheVariable() {
        assertThatThrownBy(() -> new SummarizeHandler(Map.of("AWS_REGION", "us-east-1")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ECSTATIC_RUNS_BUCKET is not set");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''              | executionName is required",
        "a/../b          | is not an execution name",
        "..              | is not an execution name"
    })
    void anExecutionNameThatCouldLeaveItsPrefix_isRefused(String name, String problem) {
        assertThatThrownBy(() -> new SummarizeRequest(new ObjectLocation(BUCKET, MANIFEST), name, 0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(problem);
    }
}
