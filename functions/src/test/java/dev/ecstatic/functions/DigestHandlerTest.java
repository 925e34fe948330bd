package dev.ecstatic.functions;

import static dev.ecstatic.functions.DigestTest.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.sun.net.httpserver.HttpServer;
import dev.ecstatic.functions.model.DigestRequest;
import dev.ecstatic.functions.model.DigestResponse;
import dev.ecstatic.functions.model.DigestSummary;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** "Fold into the digest" against a real HTTP server on 127.0.0.1. */
class DigestHandlerTest {
    private static final String SECRET = "T0SECRET/B0SECRET/xoxSECRETtoken";
    private static final String EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:ecstatic:run-1";
    private static final String NOW = "2026-01-05T09:00:00Z";
    private static final List<Map<String, Map<String, String>>> PAGE = List.of(
            item("batch", "BLOCKED", NOW, "{\"problem\":{\"kind\":\"AGENTS_DISCONNECTED\",\"count\":3,"
                    + "\"firstSeen\":\"2026-01-02T05:00:00Z\",\"runs\":76},\"agents\":{\"1.89.0\":9,\"1.86.3\":3}}"),
            item("prod-web", "UP_TO_DATE", NOW, "{\"agents\":{\"1.89.0\":120}}"));

    private HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private final CapturingContext context = new CapturingContext();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeEach
    void startWebhook() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/services/", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] out = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopWebhook() {
        server.stop(0);
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/services/" + SECRET);
    }

    private DigestHandler handler(URI url) {
        return new DigestHandler(new NotifyHandler(new NotifyConfig(url, null, "us-east-1", Log.Level.DEBUG), null, http,
                Duration.ofSeconds(10)), Log.Level.DEBUG);
    }

    private static DigestRequest request(DigestSummary digest, boolean last, int retryCount) {
        return new DigestRequest(digest, PAGE, last, NOW, EXECUTION, retryCount);
    }

    private void assertSecretNeverLogged() {
        assertThat(context.lines).isNotEmpty().allSatisfy(line -> assertThat(line).doesNotContain("SECRET"));
    }

    @Test
    void aPageBeforeTheLast_isFoldedAndNothingIsPosted() {
        DigestResponse response = handler(url()).handleRequest(request(null, false, 0), context);

        assertThat(response.posted()).isNull();
        assertThat(response.digest().clusters()).isEqualTo(2);
        assertThat(response.digest().agentVersions()).isEqualTo(Map.of("1.89.0", 129L, "1.86.3", 3L));
        assertThat(bodies).isEmpty();
        assertThat(context.metric("NotificationsFailed")).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theLastPage_foldsOnTheSummarySoFar_andPostsOneDigest() {
        DigestSummary firstPage = handler(url()).handleRequest(request(null, false, 0), context).digest();

        DigestResponse response = handler(url()).handleRequest(request(firstPage, true, 0), context);

        assertThat(response.posted()).isEqualTo(new DigestResponse.Posted(true, false));
        assertThat(response.digest().clusters()).isEqualTo(4);
        assertThat(bodies).hasSize(1);
        Map<String, Object> message = (Map<String, Object>) Json.parse(bodies.getFirst());
        assertThat(message.get("text")).isEqualTo("ecstatic daily digest: 4 clusters, 2 open problems, 6 agents behind 1.89.0");
        assertThat(bodies.getFirst()).contains("batch: agents disconnected (3 instances) for 3 d 4 h");
        assertThat(context.events("notification delivered")).singleElement().satisfies(line -> assertThat(line)
                .containsEntry("kind", "DIGEST").containsEntry("clusters", 4L).containsEntry("executionId", EXECUTION));
        assertThat(context.metric("NotificationsFailed")).containsExactly(0L);
        assertSecretNeverLogged();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void busyWebhook_beforeTheLastTry_isRetried(int retryCount) {
        status = 503;

        assertThatThrownBy(() -> handler(url()).handleRequest(request(null, true, retryCount), context))
                .isInstanceOf(TransientWebhookException.class).hasMessageNotContaining("SECRET");
        assertThat(context.metric("NotificationsFailed")).isEmpty();
        assertSecretNeverLogged();
    }

    @Test
    void busyWebhook_onTheLastTry_isGivenUp_loggedAndCounted() {
        status = 503;

        DigestResponse response = handler(url()).handleRequest(request(null, true, NotifyHandler.MAX_RETRIES), context);

        assertThat(response.posted()).isEqualTo(new DigestResponse.Posted(false, true));
        assertThat(response.digest().clusters()).as("the digest is still returned").isEqualTo(2);
        assertThat(context.events("notification failed")).singleElement().satisfies(line -> assertThat(line)
                .containsEntry("level", "WARN").containsEntry("kind", "DIGEST")
                .containsEntry("problem", "webhook answered 503 on try 4 of 4"));
        assertThat(context.metric("NotificationsFailed")).containsExactly(1L);
        assertThat(Json.write(context.json().stream().filter(m -> m.containsKey("_aws")).findFirst().orElseThrow()
                .get("_aws"))).as("the digest concerns no cluster: the stack's series only")
                .contains("\"Dimensions\":[[\"FunctionName\"]]");
        assertSecretNeverLogged();
    }

    @Test
    void rejectedDigest_failsAtOnce() {
        status = 400;

        DigestResponse response = handler(url()).handleRequest(request(null, true, 0), context);

        assertThat(response.posted()).isEqualTo(new DigestResponse.Posted(false, true));
        assertThat(bodies).hasSize(1);
        assertThat(context.metric("NotificationsFailed")).containsExactly(1L);
    }

    @Test
    void noWebhookConfigured_onlyLogsTheDigest() {
        DigestResponse response = handler(null).handleRequest(request(null, true, 0), context);

        assertThat(response.posted()).isEqualTo(new DigestResponse.Posted(false, false));
        assertThat(context.events("notification (no webhook configured)")).singleElement().satisfies(line ->
                assertThat((String) line.get("message")).contains("ecstatic daily digest: 2 clusters"));
        assertThat(context.metric("NotificationsFailed")).containsExactly(0L);
    }

    @Test
    void noClustersAtAll_stillPostsOneMessage() {
        DigestResponse response = handler(url()).handleRequest(new DigestRequest(null, List.of(), true, NOW, EXECUTION, 0),
                context);

        assertThat(response.digest()).isEqualTo(DigestSummary.EMPTY);
        assertThat(bodies).singleElement().satisfies(body -> assertThat(body).contains("ecstatic daily digest: no clusters"));
    }

    @Test
    void missingRequest_isRefusedWithWhatItNeeds() {
        assertThatThrownBy(() -> handler(url()).handleRequest(null, context))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("digest, items, last, now");
    }

    @Test
    void configuration_isNotifys_andFailsFastWithoutEchoingTheUrl() {
        assertThatThrownBy(() -> new DigestHandler(Map.of("ECSTATIC_WEBHOOK_URL", "hooks.slack.com/SECRET")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ECSTATIC_WEBHOOK_URL")
                .hasMessageNotContaining("SECRET");
        assertThatThrownBy(() -> new DigestHandler(Map.of("ECSTATIC_LOG_LEVEL", "LOUD")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ECSTATIC_LOG_LEVEL");
        assertThat(DigestHandler.WORST_CASE).isEqualTo(NotifyHandler.WORST_CASE);
    }

    @Test
    void realConstructor_postsThroughTheConfiguredUrl() {
        DigestResponse response = new DigestHandler(Map.of("ECSTATIC_WEBHOOK_URL", url().toString()))
                .handleRequest(request(null, true, 0), context);

        assertThat(response.posted().delivered()).isTrue();
        assertThat(bodies).hasSize(1);
    }

    @Tag("events")
    @ParameterizedTest
    @Event(value = "../events/digest.json", type = DigestRequest.class)
    void sampleEvent_isFoldedAndDelivered(DigestRequest request) {
        DigestResponse response = handler(url()).handleRequest(request, context);

        assertThat(response.posted()).isEqualTo(new DigestResponse.Posted(true, false));
        assertThat(response.digest().clusters()).isEqualTo(3);
        assertThat(response.digest().stale()).isEqualTo(1);
        assertThat(bodies.getFirst()).contains("ecstatic daily digest: 3 clusters, 1 open problem, 9 agents behind 1.89.0",
                "batch until 2026-01-06 00:00 UTC", "legacy: 6 instances", "old-test");
    }
}
