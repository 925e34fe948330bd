package dev.ecstatic.functions;

import static dev.ecstatic.functions.ConcludeFixtures.NOW;
import static dev.ecstatic.functions.ConcludeFixtures.after;
import static dev.ecstatic.functions.ConcludeFixtures.blocked;
import static dev.ecstatic.functions.ConcludeFixtures.decision;
import static dev.ecstatic.functions.ConcludeFixtures.skipped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.sun.net.httpserver.HttpServer;
import dev.ecstatic.functions.ConcludeFixtures.Req;
import dev.ecstatic.functions.model.AlertSent;
import dev.ecstatic.functions.model.ConcludeRequest;
import dev.ecstatic.functions.model.ConcludeResponse;
import dev.ecstatic.functions.model.Decision;
import dev.ecstatic.functions.model.DecisionKind;
import dev.ecstatic.functions.model.Lease;
import dev.ecstatic.functions.model.Memory;
import dev.ecstatic.functions.model.NotificationKind;
import dev.ecstatic.functions.model.Outcome;
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

/** Conclude against a real HTTP server on 127.0.0.1: the alert is posted as Notify posts it. */
class ConcludeHandlerTest {
    private static final String SECRET = "T0SECRET/B0SECRET/xoxSECRETtoken";
    private static final String REASON = "2 agent(s) still disconnected after a recheck: not updating this cluster";
    private static final Decision DISCONNECTED = blocked(NotificationKind.AGENTS_DISCONNECTED, REASON, "i-1", "i-2");

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
            byte[] out = (status == 200 ? "ok" : "no").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopWebhookAndCheckTheLogs() {
        server.stop(0);
        assertThat(context.lines).allSatisfy(line -> assertThat(line).doesNotContain("SECRET"));
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/services/" + SECRET);
    }

    private ConcludeHandler handler() {
        return handler(url());
    }

    private ConcludeHandler handler(URI url) {
        return new ConcludeHandler(new ConcludeConfig(24, Log.Level.DEBUG),
                new NotifyHandler(new NotifyConfig(url, null, "us-east-1", Log.Level.DEBUG), null, http,
                        Duration.ofSeconds(10)));
    }

    private Map<String, Object> concluded() {
        assertThat(context.events("concluded")).hasSize(1);
        return context.events("concluded").getFirst();
    }

    @Test
    void newProblem_isPosted_andTheMemoryMarksItsDelivery() {
        ConcludeResponse response = handler().handleRequest(after(DISCONNECTED).build(), context);

        assertThat(bodies).singleElement().satisfies(body -> assertThat(body).contains("prod-web", REASON, "i-1", "i-2",
                "ECS agents disconnected", "account 123456789012 · us-east-1"));
        assertThat(response.record().account()).isEqualTo("123456789012");
        assertThat(response.record().region()).isEqualTo("us-east-1");
        assertThat(response.alert()).isEqualTo(new AlertSent(NotificationKind.AGENTS_DISCONNECTED, false, true, false));
        assertThat(response.memory().problem().lastAlerted()).isEqualTo(new Memory.Alerted(NOW));
        assertThat(response.memory().lastOutcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(response.record().outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(response.record().notificationsFailed()).isNull();
        assertThat(response.remember()).isTrue();
        assertThat(concluded()).containsEntry("level", "INFO").containsEntry("cluster", "prod-web")
                .containsEntry("outcome", "BLOCKED").containsEntry("alert", "AGENTS_DISCONNECTED")
                .containsEntry("delivered", true);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void busyWebhook_isRetriedByTheStateMachine_whileRetriesRemain(int retryCount) {
        status = 500;

        assertThatThrownBy(() -> handler().handleRequest(after(DISCONNECTED).retryCount(retryCount).build(), context))
                .isInstanceOf(TransientWebhookException.class).hasMessageNotContaining("SECRET");
        assertThat(context.events("concluded")).isEmpty();
    }

    @Test
    void busyWebhookOnTheLastTry_isGivenUp_leftPending_andCounted() {
        status = 500;

        ConcludeResponse response = handler().handleRequest(after(DISCONNECTED).notificationsFailed(1)
                .retryCount(NotifyHandler.MAX_RETRIES).build(), context);

        assertThat(response.alert()).isEqualTo(new AlertSent(NotificationKind.AGENTS_DISCONNECTED, false, false, true));
        assertThat(response.memory().problem().lastAlerted()).as("not delivered: tried again next run").isNull();
        assertThat(response.memory().problem().runs()).isEqualTo(1);
        assertThat(response.record().notificationsFailed()).isEqualTo(2);
        assertThat(context.metric("NotificationsFailed")).containsExactly(1L);
        assertThat(concluded()).containsEntry("failed", true);
    }

    @Test
    void rejectedAlert_failsAtOnce_andIsNotMarked() {
        status = 404;

        ConcludeResponse response = handler().handleRequest(after(DISCONNECTED).build(), context);

        assertThat(response.alert().failed()).isTrue();
        assertThat(response.memory().problem().lastAlerted()).isNull();
        assertThat(response.record().notificationsFailed()).isEqualTo(1);
    }

    @Test
    void noWebhookConfigured_countsAsDelivered() {
        ConcludeResponse response = handler(null).handleRequest(after(DISCONNECTED).build(), context);

        assertThat(bodies).isEmpty();
        assertThat(response.alert()).isEqualTo(new AlertSent(NotificationKind.AGENTS_DISCONNECTED, false, false, false));
        assertThat(response.memory().problem().lastAlerted()).isEqualTo(new Memory.Alerted(NOW));
        assertThat(response.record().notificationsFailed()).isNull();
    }

    @Test
    void quietRun_postsNothing_andSaysWhy() {
        ConcludeResponse first = handler().handleRequest(after(DISCONNECTED).build(), context);
        bodies.clear();
        context.lines.clear();

        ConcludeResponse second = handler().handleRequest(after(DISCONNECTED).memory(first.memory())
                .at("2026-01-05T15:10:00Z").build(), context);

        assertThat(bodies).isEmpty();
        assertThat(second.alert()).isNull();
        assertThat(second.memory().problem().runs()).isEqualTo(2);
        assertThat(second.memory().runs()).isEqualTo(2);
        assertThat(concluded()).containsEntry("alert", "none")
                .hasEntrySatisfying("quiet", q -> assertThat((String) q).contains("AGENTS_DISCONNECTED unchanged"));
    }

    @Test
    void skipped_postsNothing_andIsNotRemembered() {
        Req request = skipped(new Lease("arn:aws:states:us-east-1:123456789012:execution:ecstatic/Cluster:run-6",
                1767623400L, false));

        ConcludeResponse response = handler().handleRequest(request.build(), context);

        assertThat(bodies).isEmpty();
        assertThat(response.record().outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(response.record().detail()).isEqualTo("held by run-6 until 14:30 UTC");
        assertThat(response.alert()).isNull();
        assertThat(response.remember()).isFalse();
        assertThat(response.memory()).isEqualTo(Memory.empty());
        assertThat(concluded()).containsEntry("outcome", "SKIPPED").containsEntry("remember", false);
    }

    @Test
    void healthyRunAfterADeliveredProblem_postsResolved() {
        ConcludeResponse first = handler().handleRequest(after(DISCONNECTED).build(), context);
        bodies.clear();

        ConcludeResponse second = handler().handleRequest(after(decision(DecisionKind.NOTHING_TO_DO,
                "all 3 agent(s) current", List.of())).memory(first.memory()).at("2026-01-05T16:10:00Z").build(), context);

        assertThat(bodies).singleElement().satisfies(body -> assertThat(body).contains("Resolved",
                "agents disconnected since 2026-01-05T14:10Z cleared after 2 h and 1 run(s): now NOTHING_TO_DO"));
        assertThat(second.alert().kind()).isEqualTo(NotificationKind.RESOLVED);
        assertThat(second.memory().problem()).isNull();
    }

    @Test
    void environmentConstructor_readsTheWebhookAndTheReminderSetting() {
        ConcludeHandler fromEnv = new ConcludeHandler(Map.of("ECSTATIC_WEBHOOK_URL", url().toString(),
                "AWS_REGION", "us-east-1", "ECSTATIC_REMIND_AFTER_HOURS", "1"));

        ConcludeResponse response = fromEnv.handleRequest(after(DISCONNECTED).build(), context);

        assertThat(response.alert().delivered()).isTrue();
        assertThat(bodies).hasSize(1);
        assertThatThrownBy(() -> new ConcludeHandler(Map.of("ECSTATIC_REMIND_AFTER_HOURS", "soon")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ECSTATIC_REMIND_AFTER_HOURS");
    }

    @Test
    void missingRequest_isRefusedWithWhatItNeeds() {
        assertThatThrownBy(() -> handler().handleRequest(null, context)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Conclude needs");
    }

    @Tag("events")
    @ParameterizedTest
    @Event(value = "../events/conclude.json", type = ConcludeRequest.class)
    void sampleEvent_resolvesTheDisconnect(ConcludeRequest request) {
        ConcludeResponse response = handler().handleRequest(request, context);

        assertThat(response.record().outcome()).isEqualTo(Outcome.STARTED);
        assertThat(response.record().detail()).isEqualTo("1 update(s) started, last from 1.86.3");
        assertThat(response.alert()).isEqualTo(new AlertSent(NotificationKind.RESOLVED, false, true, false));
        assertThat(bodies.getFirst()).contains("agents disconnected since 2026-01-05T09:00Z cleared after 5 h 10 min "
                + "and 5 run(s): now STARTED (1 update(s) started, last from 1.86.3)");
        assertThat(response.memory().problem()).isNull();
        assertThat(response.memory().updates()).containsEntry("i-0a1b2c3d4e5f60718", "2026-01-05T14:10:00Z");
        assertThat(response.memory().runs()).isEqualTo(13);
        assertThat(response.remember()).isTrue();
    }
}
