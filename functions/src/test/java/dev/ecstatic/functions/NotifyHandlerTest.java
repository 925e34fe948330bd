package dev.ecstatic.functions;

import static dev.ecstatic.functions.Fixtures.PROD_WEB;
import static dev.ecstatic.functions.Fixtures.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.sun.net.httpserver.HttpServer;
import dev.ecstatic.functions.model.Cluster;
import dev.ecstatic.functions.model.NotificationKind;
import dev.ecstatic.functions.model.NotifyRequest;
import dev.ecstatic.functions.model.NotifyResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterRequest;
import software.amazon.awssdk.services.ssm.model.GetParameterResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/** Notify against a real HTTP server on 127.0.0.1. */
class NotifyHandlerTest {
    /** The secret part of the webhook URL: it must never show up in a log line or an error. */
    private static final String SECRET = "T0SECRET/B0SECRET/xoxSECRETtoken";
    private static final String EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:ecstatic-cluster:run-1";

    private HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile int status = 200;
    private volatile String answer = "ok";
    private volatile boolean hang;
    private final CapturingContext context = new CapturingContext();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeEach
    void startWebhook() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/services/", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type") + " " + exchange.getRequestMethod());
            if (hang) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] out = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopWebhook() {
        release.countDown();
        server.stop(0);
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/services/" + SECRET);
    }

    /** A webhook that answers: time enough for a loaded machine's first request. */
    private NotifyHandler handler(URI url) {
        return handler(url, Duration.ofSeconds(10));
    }

    /** A webhook that never answers: given up on after 700 ms, so the test costs little time. */
    private NotifyHandler hangingHandler(URI url) {
        return handler(url, Duration.ofMillis(700));
    }

    private NotifyHandler handler(URI url, Duration timeout) {
        return new NotifyHandler(new NotifyConfig(url, null, "us-east-1", Log.Level.DEBUG), null, http, timeout);
    }

    private static NotifyRequest started() {
        return started(0);
    }

    private static NotifyRequest started(int retryCount) {
        return new NotifyRequest(NotificationKind.UPDATE_STARTED, PROD_WEB, List.of(ref("0a1b2c", "1.86.3")),
                "agent 1.86.3 → latest on i-0a1b2c", EXECUTION, retryCount);
    }

    /** The request on the try after which the state machine retries no more. */
    private static NotifyRequest lastTry() {
        return started(NotifyHandler.MAX_RETRIES);
    }

    /** The one WARN line of a notification given up on, and the EMF line that counts it. */
    private void assertCountedAsFailed(String problem) {
        assertThat(context.events("notification failed")).singleElement().satisfies(line -> assertThat(line)
                .containsEntry("level", "WARN").containsEntry("kind", "UPDATE_STARTED").containsEntry("cluster", "prod-web")
                .containsEntry("problem", problem));
        assertThat(context.metric("NotificationsFailed")).containsExactly(1L);
        assertValidEmf("NotificationsFailed");
        assertSecretNeverLogged();
    }

    /**
     * The metric's line follows CloudWatch's Embedded Metric Format: an {@code _aws} member with an
     * integer Timestamp and CloudWatchMetrics directives (Namespace, Dimensions naming root members,
     * Metrics naming root members whose values are numbers).
     * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
     */
    @SuppressWarnings("unchecked")
    private void assertValidEmf(String metric) {
        Map<String, Object> line = context.json().stream().filter(m -> m.containsKey(metric)).findFirst().orElseThrow();
        Map<String, Object> aws = (Map<String, Object>) line.get("_aws");
        assertThat(aws.get("Timestamp")).isInstanceOf(Long.class);
        List<Map<String, Object>> directives = (List<Map<String, Object>>) aws.get("CloudWatchMetrics");
        assertThat(directives).singleElement().satisfies(d -> {
            assertThat(d.get("Namespace")).isEqualTo(Log.NAMESPACE);
            assertThat((List<List<String>>) d.get("Dimensions")).as("no per-cluster dimension: each dimension set is a"
                    + " billed custom metric").containsExactly(List.of("FunctionName"),
                    List.of("FunctionName", "Account", "Region"));
            assertThat(line.get("FunctionName")).isEqualTo(context.getFunctionName());
            assertThat(line).containsEntry("Account", "123456789012").containsEntry("Region", "us-east-1");
            assertThat((List<Map<String, Object>>) d.get("Metrics")).singleElement().satisfies(m -> {
                assertThat(m).containsEntry("Name", metric).containsEntry("Unit", "Count");
                assertThat(line.get(metric)).isInstanceOf(Number.class);
            });
        });
        assertThat(line).containsEntry("cluster", "prod-web").doesNotContainKey("Cluster");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> posted() {
        assertThat(bodies).hasSize(1);
        return (Map<String, Object>) Json.parse(bodies.getFirst());
    }

    private void assertSecretNeverLogged() {
        assertThat(context.lines).isNotEmpty().allSatisfy(line -> assertThat(line).doesNotContain("SECRET"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void delivery_postsSlackTextAndBlocks() {
        NotifyResponse response = handler(url()).handleRequest(started(), context);

        assertThat(response).isEqualTo(new NotifyResponse(true, 200, null, false));
        assertThat(contentTypes).containsExactly("application/json; charset=utf-8 POST");
        Map<String, Object> message = posted();
        assertThat((String) message.get("text")).contains("ECS agent update started", "prod-web", "i-0a1b2c");
        List<Map<String, Object>> blocks = (List<Map<String, Object>>) message.get("blocks");
        assertThat(blocks).extracting(b -> b.get("type")).containsExactly("header", "section", "context");
        String section = Json.write(blocks.get(1));
        assertThat(section).contains("prod-web", "i-0a1b2c", "1.86.3", "agent 1.86.3 → latest");
        String context = Json.write(blocks.get(2));
        assertThat(context).contains("<https://us-east-1.console.aws.amazon.com/states/home?region=us-east-1"
                + "#/v2/executions/details/" + EXECUTION + "|Execution>");
        assertThat(context).contains("<https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/prod-web?region=us-east-1|");
        assertSecretNeverLogged();
    }

    @Test
    void textLine_namesTheClusterFirst_andLeavesOutInstancesWhenThereAreNone() {
        handler(url()).handleRequest(new NotifyRequest(NotificationKind.ERROR, PROD_WEB, List.of(),
                "List instances failed: AccessDeniedException", EXECUTION, 0), context);

        assertThat((String) posted().get("text")).isEqualTo("prod-web: ecstatic could not check this cluster"
                + " [123456789012 · us-east-1]. List instances failed: AccessDeniedException");
    }

    @ParameterizedTest
    @EnumSource(NotificationKind.class)
    @SuppressWarnings("unchecked")
    void everyKind_hasItsOwnHeadline(NotificationKind kind) {
        handler(url()).handleRequest(new NotifyRequest(kind, PROD_WEB, List.of(), null, null, 0), context);

        List<Map<String, Object>> blocks = (List<Map<String, Object>>) posted().get("blocks");
        Map<String, Object> header = (Map<String, Object>) blocks.getFirst().get("text");
        assertThat(header.get("text")).isEqualTo(SlackMessage.title(new NotifyRequest(kind, PROD_WEB, null, null, null, 0)));
        assertThat(blocks).extracting(b -> b.get("type")).containsExactly("header", "section", "context");
    }

    @Test
    void regionForLinks_comesFromTheClusterArnWhenAwsRegionIsUnset() {
        new NotifyHandler(new NotifyConfig(url(), null, null, Log.Level.INFO), null, http)
                .handleRequest(started(), context);

        assertThat(bodies.getFirst()).contains("https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/prod-web");
    }

    @ParameterizedTest
    @EnumSource(NotificationKind.class)
    @SuppressWarnings("unchecked")
    void everyMessage_namesTheClustersAccountAndRegion(NotificationKind kind) {
        Cluster elsewhere = new Cluster("prod-web", "arn:aws:ecs:eu-west-1:222233334444:cluster/prod-web");

        handler(url()).handleRequest(new NotifyRequest(kind, elsewhere, List.of(), "details", EXECUTION, 0), context);

        List<Map<String, Object>> blocks = (List<Map<String, Object>>) posted().get("blocks");
        assertThat(Json.write(blocks.getLast())).contains("account 222233334444 · eu-west-1");
        assertThat((String) posted().get("text")).startsWith("prod-web: ").contains(" [222233334444 · eu-west-1]");
    }

    @Test
    void consoleLinks_showTheClusterInItsOwnRegion_andTheExecutionInTheStateMachines() {
        Cluster elsewhere = new Cluster("prod-web", "arn:aws:ecs:eu-west-1:222233334444:cluster/prod-web");

        handler(url()).handleRequest(new NotifyRequest(NotificationKind.UPDATE_STARTED, elsewhere, List.of(), null,
                EXECUTION, 0), context);

        assertThat(bodies.getFirst())
                .contains("<https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod-web?region=eu-west-1|")
                .contains("<https://us-east-1.console.aws.amazon.com/states/home?region=us-east-1#/v2/executions/details/"
                        + EXECUTION + "|Execution>")
                .doesNotContain("clusters/prod-web?region=us-east-1");
    }

    @Test
    @SuppressWarnings("unchecked")
    void anUnreachableTarget_readsAsATarget_withWhyAndTheCause_andLinksNoCluster() {
        Cluster standIn = Cluster.unreachableTarget("aws", "222233334444", "eu-west-1",
                "role arn:aws:iam::222233334444:role/ecstatic-member could not be assumed: AccessDenied");

        handler(url()).handleRequest(new NotifyRequest(NotificationKind.ERROR, standIn, List.of(),
                "List instances failed: dev.ecstatic.functions.TargetUnreachableException: region not enabled",
                EXECUTION, 0), context);

        Map<String, Object> message = posted();
        List<Map<String, Object>> blocks = (List<Map<String, Object>>) message.get("blocks");
        assertThat(Json.write(blocks.getFirst())).contains("ecstatic cannot reach account 222233334444 in eu-west-1");
        assertThat((String) message.get("text")).startsWith("ecstatic cannot reach account 222233334444 in eu-west-1. role ");
        String section = Json.write(blocks.get(1));
        assertThat(section).contains("could not be assumed: AccessDenied", "TargetUnreachableException: region not enabled",
                "*Account*\\n222233334444", "*Region*\\neu-west-1").doesNotContain("*Cluster*", "*Instances*");
        assertThat(bodies.getFirst()).doesNotContain("clusters/(target)", "clusters/%28target%29", "Cluster (target)")
                .contains("<https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters?region=eu-west-1|ECS console in eu-west-1>");
    }

    @Test
    void anUnreachableTargetWhoseErrorSaysWhyAlready_saysItOnce() {
        Cluster standIn = Cluster.unreachableTarget("aws", "222233334444", "eu-west-1", "region not enabled");

        handler(url()).handleRequest(new NotifyRequest(NotificationKind.ERROR, standIn, List.of(),
                "List instances failed: TargetUnreachableException: region not enabled", EXECUTION, 0), context);

        assertThat(bodies.getFirst().split("region not enabled", -1)).as("once in the text, once in the section")
                .hasSize(3);
    }

    @Test
    void aStandInByItsNameAlone_readsAsATargetToo() {
        Cluster standIn = new Cluster("(target)", "arn:aws:ecs:eu-west-1:222233334444:cluster/(target)");

        assertThat(SlackMessage.title(new NotifyRequest(NotificationKind.ERROR, standIn, List.of(), null, null, 0)))
                .isEqualTo("ecstatic cannot reach account 222233334444 in eu-west-1");
    }

    @Test
    void theRunsOwnAlert_namesTheAccountAndRegionOfTheExecution() {
        Cluster run = new Cluster("(this run)", EXECUTION);

        handler(url()).handleRequest(new NotifyRequest(NotificationKind.ERROR, run, List.of(),
                "The run could not be summarized", EXECUTION, 0), context);

        assertThat(bodies.getFirst()).contains("ecstatic could not finish this run", "account 123456789012 · us-east-1")
                .doesNotContain("ecs/v2/clusters");
    }

    @Test
    void mrkdwnControlCharacters_areEscaped() {
        handler(url()).handleRequest(new NotifyRequest(NotificationKind.ERROR, PROD_WEB, List.of(),
                "States.TaskFailed: <script> & more", EXECUTION, 0), context);

        assertThat(bodies.getFirst()).contains("&lt;script&gt; &amp; more").doesNotContain("<script>");
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 500, 502, 503})
    void busyOrFailingWebhook_isTransient(int code) {
        status = code;

        assertThatThrownBy(() -> handler(url()).handleRequest(started(), context))
                .isInstanceOf(TransientWebhookException.class).hasMessageContaining(String.valueOf(code))
                .hasMessageNotContaining("SECRET");
        assertSecretNeverLogged();
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 403, 404, 410})
    void otherClientError_isRecordedNotRetried(int code) {
        status = code;
        answer = "no_service";

        NotifyResponse response = handler(url()).handleRequest(started(), context);

        assertThat(response.delivered()).isFalse();
        assertThat(response.failed()).isTrue();
        assertThat(response.statusCode()).isEqualTo(code);
        assertThat(response.problem()).isEqualTo("webhook answered " + code + ": no_service");
        assertThat(bodies).hasSize(1);
        assertCountedAsFailed("webhook answered " + code + ": no_service");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void busyWebhook_beforeTheLastTry_isRetried_andCountsNothingYet(int retryCount) {
        status = 503;

        assertThatThrownBy(() -> handler(url()).handleRequest(started(retryCount), context))
                .isInstanceOf(TransientWebhookException.class);
        assertThat(context.metric("NotificationsFailed")).isEmpty();
        assertThat(context.events("notification failed")).isEmpty();
        assertSecretNeverLogged();
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 500, 503})
    void busyWebhook_onTheLastTry_isGivenUp_loggedOnceWithoutTheUrl_andCounted(int code) {
        status = code;

        NotifyResponse response = handler(url()).handleRequest(lastTry(), context);

        assertThat(response).isEqualTo(new NotifyResponse(false, code, "webhook answered " + code + " on try 4 of 4",
                true));
        assertCountedAsFailed("webhook answered " + code + " on try 4 of 4");
    }

    @Test
    void webhookThatNeverAnswers_onTheLastTry_isGivenUp_andCounted() {
        hang = true;

        NotifyResponse response = hangingHandler(url()).handleRequest(lastTry(), context);

        assertThat(response.failed()).isTrue();
        assertThat(response.statusCode()).isNull();
        assertCountedAsFailed("webhook did not answer within 700 ms on try 4 of 4");
    }

    @Test
    void unreachableWebhook_onTheLastTry_isGivenUp_namingTheErrorClassOnly() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        URI closed = URI.create("http://127.0.0.1:" + closedPort + "/services/" + SECRET);

        NotifyResponse response = handler(closed).handleRequest(lastTry(), context);

        assertThat(response.failed()).isTrue();
        assertCountedAsFailed("webhook unreachable (ConnectException) on try 4 of 4");
        assertThat(context.lines).allSatisfy(line -> assertThat(line).doesNotContain(String.valueOf(closedPort)));
    }

    @Test
    void webhookAnswerThatEchoesTheUrl_neverBringsItIntoALogLine() {
        status = 400;
        answer = "invalid_token for " + url() + " (path /services/" + SECRET + ")";

        NotifyResponse response = handler(url()).handleRequest(started(), context);

        assertThat(response.problem()).doesNotContain("SECRET").contains("(webhook URL)", "(webhook path)");
        assertCountedAsFailed(response.problem());
    }

    @Test
    void deliveredNotification_countsZeroFailures() {
        NotifyResponse response = handler(url()).handleRequest(lastTry(), context);

        assertThat(response.failed()).isFalse();
        assertThat(context.metric("NotificationsFailed")).containsExactly(0L);
        assertValidEmf("NotificationsFailed");
        assertThat(context.events("notification failed")).isEmpty();
    }

    @Test
    void redirect_isRecordedNotFollowed() {
        status = 302;
        answer = "";

        NotifyResponse response = handler(url()).handleRequest(started(), context);

        assertThat(response).isEqualTo(new NotifyResponse(false, 302, "webhook answered 302", true));
        assertThat(bodies).hasSize(1);
    }

    @Test
    void webhookThatNeverAnswers_timesOutAsTransient() {
        hang = true;
        long start = System.nanoTime();

        assertThatThrownBy(() -> hangingHandler(url()).handleRequest(started(), context))
                .isInstanceOf(TransientWebhookException.class).hasMessageContaining("did not answer")
                .hasMessageNotContaining("SECRET");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void unreachableWebhook_isTransientWithoutTheUrlOrCause() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        URI closed = URI.create("http://127.0.0.1:" + closedPort + "/services/" + SECRET);

        assertThatThrownBy(() -> handler(closed).handleRequest(started(), context))
                .isInstanceOf(TransientWebhookException.class).hasMessageNotContaining("SECRET")
                .hasMessageNotContaining(String.valueOf(closedPort)).hasNoCause();
    }

    @Test
    void productionTimeouts_areAtMostFiveSeconds() {
        NotifyHandler real = new NotifyHandler(Map.of("ECSTATIC_WEBHOOK_URL", url().toString()));

        assertThat(NotifyHandler.TIMEOUT).isLessThanOrEqualTo(Duration.ofSeconds(5));
        assertThat(real.httpClient().connectTimeout()).hasValueSatisfying(
                t -> assertThat(t).isLessThanOrEqualTo(Duration.ofSeconds(5)));
        assertThat(real.ssmClient()).isNull();
    }

    @Test
    void noWebhookConfigured_onlyLogsTheMessage() {
        NotifyResponse response = new NotifyHandler(new NotifyConfig(null, null, "us-east-1", Log.Level.INFO), null, http)
                .handleRequest(started(), context);

        assertThat(response).isEqualTo(new NotifyResponse(false, null, "no webhook configured", false));
        assertThat(bodies).isEmpty();
        assertThat(context.metric("NotificationsFailed")).as("not a failure").containsExactly(0L);
        assertThat(context.events("notification (no webhook configured)")).singleElement()
                .satisfies(line -> assertThat((String) line.get("message")).contains("ECS agent update started"));
    }

    @Test
    void webhookUrlInAParameter_isReadDecryptedOnceAndCached() {
        SsmClient ssm = mock(SsmClient.class);
        when(ssm.getParameter(any(GetParameterRequest.class))).thenReturn(GetParameterResponse.builder()
                .parameter(Parameter.builder().name("/ecstatic/webhook").value(url().toString()).build()).build());
        NotifyHandler handler = new NotifyHandler(new NotifyConfig(null, "/ecstatic/webhook", "us-east-1", Log.Level.DEBUG),
                ssm, http);

        handler.handleRequest(started(), context);
        handler.handleRequest(started(), context);

        ArgumentCaptor<GetParameterRequest> sent = ArgumentCaptor.forClass(GetParameterRequest.class);
        verify(ssm, times(1)).getParameter(sent.capture());
        assertThat(sent.getValue().name()).isEqualTo("/ecstatic/webhook");
        assertThat(sent.getValue().withDecryption()).isTrue();
        assertThat(bodies).hasSize(2);
        assertSecretNeverLogged();
    }

    @Test
    void missingWebhookParameter_isRecordedNotFatal() {
        SsmClient ssm = mock(SsmClient.class);
        when(ssm.getParameter(any(GetParameterRequest.class)))
                .thenThrow(ParameterNotFoundException.builder().message("not found").build());

        NotifyResponse response = new NotifyHandler(new NotifyConfig(null, "/ecstatic/webhook", null, Log.Level.INFO),
                ssm, http).handleRequest(started(), context);

        assertThat(response.delivered()).isFalse();
        assertThat(response.failed()).as("a webhook is configured, and unusable").isTrue();
        assertThat(response.problem()).contains("/ecstatic/webhook", "ParameterNotFoundException");
        assertThat(context.metric("NotificationsFailed")).containsExactly(1L);
    }

    @Test
    void throttledWebhookParameter_onTheLastTry_isGivenUp_andCounted() {
        SsmClient ssm = mock(SsmClient.class);
        when(ssm.getParameter(any(GetParameterRequest.class))).thenThrow(Fixtures.awsError("ThrottlingException", 400));

        NotifyResponse response = new NotifyHandler(new NotifyConfig(null, "/ecstatic/webhook", null, Log.Level.INFO),
                ssm, http).handleRequest(lastTry(), context);

        assertThat(response.failed()).isTrue();
        assertThat(response.problem()).isEqualTo("reading webhook parameter /ecstatic/webhook failed 4 times:"
                + " AwsServiceException");
        assertThat(context.metric("NotificationsFailed")).containsExactly(1L);
    }

    @Test
    void throttledWebhookParameter_isTransient() {
        SsmClient ssm = mock(SsmClient.class);
        when(ssm.getParameter(any(GetParameterRequest.class))).thenThrow(Fixtures.awsError("ThrottlingException", 400));

        assertThatThrownBy(() -> new NotifyHandler(new NotifyConfig(null, "/ecstatic/webhook", null, Log.Level.INFO),
                ssm, http).handleRequest(started(), context)).isInstanceOf(TransientAwsException.class);
    }

    @Test
    void invalidWebhookUrl_failsFastWithoutEchoingIt() {
        assertThatThrownBy(() -> NotifyConfig.from(Map.of("ECSTATIC_WEBHOOK_URL", "hooks.slack.com/SECRET")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ECSTATIC_WEBHOOK_URL")
                .hasMessageNotContaining("SECRET");
        assertThat(NotifyConfig.from(Map.of("ECSTATIC_WEBHOOK_URL", url().toString())).toString()).doesNotContain("SECRET");
    }

    @Tag("events")
    @ParameterizedTest
    @Event(value = "../events/notify.json", type = NotifyRequest.class)
    void sampleEvent_isDelivered(NotifyRequest request) {
        NotifyResponse response = handler(url()).handleRequest(request, context);

        assertThat(response.delivered()).isTrue();
        assertThat(bodies.getFirst()).contains("i-0a1b2c3d4e5f60718", "1.86.3", "prod-web");
    }
}
