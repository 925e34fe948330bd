package dev.ecstatic.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ecstatic.functions.model.Cluster;
import dev.ecstatic.functions.model.InstanceRef;
import dev.ecstatic.functions.model.NotificationKind;
import dev.ecstatic.functions.model.NotificationTarget;
import dev.ecstatic.functions.model.NotifyRequest;
import dev.ecstatic.functions.model.NotifyResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Notify's SNS and EventBridge targets through the real SDK clients (Query protocol for SNS, JSON 1.1 for
 * EventBridge, the retry strategy and timeouts of {@link Clients}) against a local server that answers as
 * AWS does, and a webhook on the same server: what each target was sent, each failure on its own.
 */
class NotifyTargetsTest {
    private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:ecstatic-alerts";
    private static final String SECRET_PATH = "/services/T000/B000/s3cr3t-webhook-path";
    private static final Instant T = Instant.parse("2026-01-05T09:00:00Z");
    private static final Cluster PROD_WEB = new Cluster("prod-web", "arn:aws:ecs:us-east-1:123456789012:cluster/prod-web");

    /** One request the server received: its path, its X-Amz-Target (null for SNS and the webhook), its body. */
    record Received(String path, String target, String body) {
        /** An SNS Query body's parameters, decoded. */
        Map<String, String> form() {
            Map<String, String> form = new LinkedHashMap<>();
            for (String pair : body.split("&")) {
                String[] kv = pair.split("=", 2);
                form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length < 2 ? "" : URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
            return form;
        }
    }

    record Reply(int status, String contentType, String body) {
        static Reply sns(int status, String code) {
            return new Reply(status, "text/xml", "<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">"
                    + "<Error><Type>Sender</Type><Code>" + code + "</Code><Message>" + code + "</Message></Error>"
                    + "<RequestId>r-1</RequestId></ErrorResponse>");
        }

        static Reply putEvents(String body) {
            return new Reply(200, "application/x-amz-json-1.1", body);
        }
    }

    private HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Reply> snsReplies = new ArrayDeque<>();
    private final Deque<Reply> eventReplies = new ArrayDeque<>();
    private final Deque<Reply> webhookReplies = new ArrayDeque<>();
    private SnsClient sns;
    private EventBridgeClient events;
    private final CapturingContext context = new CapturingContext();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String path = exchange.getRequestURI().getPath();
            received.add(new Received(path, target, body));
            Reply reply;
            synchronized (this) {
                if (path.equals(SECRET_PATH)) {
                    reply = webhookReplies.isEmpty() ? new Reply(200, "text/plain", "ok") : webhookReplies.poll();
                } else if (target != null) {
                    reply = eventReplies.isEmpty() ? Reply.putEvents("{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"e-1\"}]}")
                            : eventReplies.poll();
                } else {
                    reply = snsReplies.isEmpty() ? new Reply(200, "text/xml",
                            "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
                                    + "<MessageId>m-1</MessageId></PublishResult><ResponseMetadata><RequestId>r-1"
                                    + "</RequestId></ResponseMetadata></PublishResponse>") : snsReplies.poll();
                }
            }
            byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", reply.contentType());
            exchange.sendResponseHeaders(reply.status(), out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
        URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test-secret"));
        sns = SnsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(credentials)
                .overrideConfiguration(o -> o.retryStrategy(Clients.notifyRetries())
                        .apiCallAttemptTimeout(Clients.NOTIFY_ATTEMPT_TIMEOUT).apiCallTimeout(Clients.NOTIFY_CALL_TIMEOUT))
                .build();
        events = EventBridgeClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .overrideConfiguration(o -> o.retryStrategy(Clients.notifyRetries())
                        .apiCallAttemptTimeout(Clients.NOTIFY_ATTEMPT_TIMEOUT).apiCallTimeout(Clients.NOTIFY_CALL_TIMEOUT))
                .build();
    }

    @AfterEach
    void stop() {
        sns.close();
        events.close();
        server.stop(0);
    }

    private NotifyHandler handler() {
        URI webhook = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + SECRET_PATH);
        return new NotifyHandler(new NotifyConfig(webhook, null, "us-east-1", Log.Level.DEBUG, TOPIC, "ecstatic-ops"),
                null, HttpClient.newHttpClient(), NotifyHandler.TIMEOUT,
                new TopicAndBus(TOPIC, sns, "ecstatic-ops", events, Clock.fixed(T, ZoneOffset.UTC)));
    }

    private static NotifyRequest request(Cluster cluster) {
        return new NotifyRequest(NotificationKind.AGENTS_DISCONNECTED, cluster,
                List.of(new InstanceRef("arn:aws:ecs:us-east-1:123456789012:container-instance/prod-web/abc",
                        "i-0abc", "1.86.3", "linux", "disconnected")),
                "1 agent(s) still disconnected after a recheck", "arn:aws:states:us-east-1:123456789012:execution:e:1", 0);
    }

    private List<Received> sns() {
        return received.stream().filter(r -> r.target() == null && !r.path().equals(SECRET_PATH)).toList();
    }

    private List<Received> putEvents() {
        return received.stream().filter(r -> r.target() != null).toList();
    }

    private List<Received> webhook() {
        return received.stream().filter(r -> r.path().equals(SECRET_PATH)).toList();
    }

    @Test
    void everyTarget_getsTheSameNotification_snsWithSubjectAndAttributes_eventBridgeAsOneEntry() {
        NotifyResponse response = handler().handleRequest(request(PROD_WEB), context);

        assertThat(response.delivered()).isTrue();
        assertThat(response.failures()).isZero();
        assertThat(webhook()).hasSize(1);
        Map<String, String> publish = sns().getFirst().form();
        assertThat(publish).containsEntry("Action", "Publish").containsEntry("TopicArn", TOPIC)
                .containsEntry("Subject", "ecstatic AGENTS_DISCONNECTED: prod-web")
                .containsEntry("MessageAttributes.entry.1.Name", "kind")
                .containsEntry("MessageAttributes.entry.1.Value.StringValue", "AGENTS_DISCONNECTED")
                .containsEntry("MessageAttributes.entry.2.Name", "cluster")
                .containsEntry("MessageAttributes.entry.2.Value.StringValue", "prod-web")
                .containsEntry("MessageAttributes.entry.3.Name", "account")
                .containsEntry("MessageAttributes.entry.3.Value.StringValue", "123456789012")
                .containsEntry("MessageAttributes.entry.4.Name", "region")
                .containsEntry("MessageAttributes.entry.4.Value.DataType", "String");
        @SuppressWarnings("unchecked")
        Map<String, Object> record = (Map<String, Object>) Json.parse(publish.get("Message"));
        assertThat(record).containsEntry("kind", "AGENTS_DISCONNECTED").containsEntry("cluster", "prod-web")
                .containsEntry("account", "123456789012").containsEntry("region", "us-east-1")
                .containsEntry("reminder", false).containsEntry("time", "2026-01-05T09:00:00Z")
                .containsEntry("details", "1 agent(s) still disconnected after a recheck")
                .containsKeys("text", "execution", "instances");
        assertThat(putEvents()).hasSize(1);
        Received put = putEvents().getFirst();
        assertThat(put.target()).isEqualTo("AWSEvents.PutEvents");
        @SuppressWarnings("unchecked")
        Map<String, Object> entry = ((List<Map<String, Object>>) ((Map<String, Object>) Json.parse(put.body()))
                .get("Entries")).getFirst();
        assertThat(entry).containsEntry("Source", "ecstatic").containsEntry("DetailType", "AGENTS_DISCONNECTED")
                .containsEntry("EventBusName", "ecstatic-ops");
        assertThat(Json.parse((String) entry.get("Detail"))).isEqualTo(record);
        assertThat(context.lines).filteredOn(l -> l.contains("NotificationsFailed")).singleElement()
                .satisfies(l -> assertThat(l).contains("\"NotificationsFailed\":0"));
    }

    @Test
    void snsThrottled_isTriedAgainByTheSdk_andDelivered() {
        snsReplies.add(Reply.sns(400, "Throttling"));
        snsReplies.add(Reply.sns(400, "Throttling"));

        NotifyResponse response = handler().handleRequest(request(PROD_WEB), context);

        assertThat(sns()).as("three attempts").hasSize(3);
        assertThat(response.failures()).isZero();
    }

    @Test
    void snsRefusingAccess_failsOnlySns_countedOnce_whileTheWebhookAndTheBusDeliver() {
        snsReplies.add(Reply.sns(403, "AuthorizationError"));

        NotifyResponse response = handler().handleRequest(request(PROD_WEB), context);

        assertThat(sns()).as("not retried").hasSize(1);
        assertThat(webhook()).hasSize(1);
        assertThat(putEvents()).hasSize(1);
        assertThat(response.delivered()).isTrue();
        assertThat(response.failed()).as("the webhook's own answer").isFalse();
        assertThat(response.failures()).isEqualTo(1);
        assertThat(context.lines).anySatisfy(l -> assertThat(l).contains("notification failed")
                .contains("\"target\":\"sns\"").contains("AuthorizationError (HTTP 403)"));
        assertThat(context.lines).filteredOn(l -> l.contains("NotificationsFailed")).singleElement()
                .satisfies(l -> assertThat(l).contains("\"NotificationsFailed\":1"));
        assertThat(String.join("\n", context.lines)).doesNotContain(SECRET_PATH).doesNotContain("s3cr3t");
    }

    @Test
    void snsDown_andAFailedEntryInA200_areTwoFailures_theWebhookStillDelivers() {
        for (int i = 0; i < Clients.NOTIFY_MAX_ATTEMPTS; i++) {
            snsReplies.add(Reply.sns(500, "InternalError"));
        }
        eventReplies.add(Reply.putEvents("{\"FailedEntryCount\":1,\"Entries\":[{\"ErrorCode\":\"AccessDeniedException\","
                + "\"ErrorMessage\":\"not authorized\"}]}"));

        NotifyResponse response = handler().handleRequest(request(PROD_WEB), context);

        assertThat(sns()).as("the SDK's attempts").hasSize(Clients.NOTIFY_MAX_ATTEMPTS);
        assertThat(putEvents()).as("AccessDeniedException is not tried again").hasSize(1);
        assertThat(webhook()).hasSize(1);
        assertThat(response.failures()).isEqualTo(2);
        assertThat(context.lines).anySatisfy(l -> assertThat(l).contains("\"target\":\"events\"")
                .contains("EventBridge PutEvents entry failed: AccessDeniedException (not authorized)"));
    }

    @Test
    void aFailedEntryWithARetryableCode_isPutOnceMore() {
        eventReplies.add(Reply.putEvents("{\"FailedEntryCount\":1,\"Entries\":[{\"ErrorCode\":\"InternalFailure\","
                + "\"ErrorMessage\":\"Internal Failure\"}]}"));

        NotifyResponse response = handler().handleRequest(request(PROD_WEB), context);

        assertThat(putEvents()).hasSize(2);
        assertThat(response.failures()).isZero();
    }

    @Test
    void eventBridgeThrottledThroughout_isGivenUpOnWithinItsBudget() {
        for (int i = 0; i < 10; i++) {
            eventReplies.add(new Reply(400, "application/x-amz-json-1.1",
                    "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}"));
        }

        long start = System.nanoTime();
        TopicAndBus.Sent sent = new TopicAndBus(null, null, "ecstatic-ops", events, Clock.systemUTC())
                .send(NotificationTarget.EVENTS, handler().notification(request(PROD_WEB), false));

        assertThat(sent.delivered()).isFalse();
        assertThat(sent.problem()).contains("ThrottlingException (HTTP 400)");
        assertThat(putEvents()).hasSize(Clients.NOTIFY_MAX_ATTEMPTS);
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(Clients.NOTIFY_CALL_TIMEOUT
                .plusSeconds(1));
    }

    @Test
    void aClusterNamed255Characters_hasASubjectCutToUnder100AsciiCharacters_andKeepsItsAttribute() {
        String name = "c".repeat(255);
        Cluster longName = new Cluster(name, "arn:aws:ecs:us-east-1:123456789012:cluster/" + name);

        handler().handleRequest(request(longName), context);

        Map<String, String> publish = sns().getFirst().form();
        assertThat(publish.get("Subject")).hasSize(99).startsWith("ecstatic AGENTS_DISCONNECTED: ccc").endsWith("...");
        assertThat(publish).containsEntry("MessageAttributes.entry.2.Value.StringValue", name);
    }

    @Test
    void aNonAsciiOrMultiLineClusterName_isReplacedInTheSubject() {
        Notification n = handler().notification(request(new Cluster("prød-wéb\nnext",
                "arn:aws:ecs:us-east-1:123456789012:cluster/x")), true);

        assertThat(n.subject()).isEqualTo("ecstatic AGENTS_DISCONNECTED reminder: pr?d-w?b next");
        assertThat(n.subject()).matches("[\\x20-\\x7e]+");
    }

    @Test
    void aTargetsStandIn_withoutAccount_leavesTheEmptyAttributesOut() {
        Cluster noArn = new Cluster("local", "local");

        handler().handleRequest(request(noArn), context);

        assertThat(sns().getFirst().form()).containsEntry("MessageAttributes.entry.2.Name", "cluster")
                .doesNotContainKey("MessageAttributes.entry.3.Name");
    }

    @Test
    void theLargestRecord_staysFarBelowTheLimits() {
        List<InstanceRef> twenty = java.util.stream.IntStream.range(0, 20).mapToObj(i -> new InstanceRef(
                "arn:aws:ecs:us-east-1:123456789012:container-instance/" + "c".repeat(255) + "/" + "f".repeat(32),
                "i-0123456789abcdef" + i, "1.86.3", "linux", "r".repeat(200))).toList();
        String name = "c".repeat(255);
        NotifyRequest big = new NotifyRequest(NotificationKind.AGENTS_DISCONNECTED,
                new Cluster(name, "arn:aws:ecs:us-east-1:123456789012:cluster/" + name), twenty, "d".repeat(50_000),
                "arn:aws:states:us-east-1:123456789012:execution:e:1", 0);

        String body = Json.write(handler().notification(big, false).record(T));

        assertThat(body.getBytes(StandardCharsets.UTF_8).length).isLessThan(TopicAndBus.MAX_BYTES / 8);
    }

    private ConcludeHandler conclude() {
        return new ConcludeHandler(new ConcludeConfig(24, Log.Level.DEBUG), handler());
    }

    private static final dev.ecstatic.functions.model.Decision DISCONNECTED = ConcludeFixtures.blocked(
            NotificationKind.AGENTS_DISCONNECTED, "1 agent(s) still disconnected after a recheck", "i-1");

    @Test
    void conclude_aBusyWebhook_sendsNothingElseUntilTheAttemptThatSettlesIt() {
        webhookReplies.add(new Reply(503, "text/plain", "busy"));
        ConcludeHandler conclude = conclude();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> conclude.handleRequest(
                ConcludeFixtures.after(DISCONNECTED).build(), context)).isInstanceOf(TransientWebhookException.class);
        assertThat(sns()).as("first attempt").isEmpty();
        assertThat(putEvents()).as("first attempt").isEmpty();

        var response = conclude.handleRequest(ConcludeFixtures.after(DISCONNECTED).retryCount(1).build(), context);

        assertThat(webhook()).hasSize(2);
        assertThat(sns()).hasSize(1);
        assertThat(putEvents()).hasSize(1);
        assertThat(response.memory().problem().lastAlerted())
                .isEqualTo(new dev.ecstatic.functions.model.Memory.Alerted(ConcludeFixtures.NOW, ConcludeFixtures.NOW,
                        ConcludeFixtures.NOW));
        assertThat(response.record().notificationsFailed()).as("none failed: left out of the record").isNull();
    }

    @Test
    void conclude_snsFailing_isRememberedForSnsAlone_andSentToItAloneInTheNextRun() {
        snsReplies.add(Reply.sns(403, "AuthorizationError"));

        var first = conclude().handleRequest(ConcludeFixtures.after(DISCONNECTED).build(), context);

        assertThat(first.record().notificationsFailed()).isEqualTo(1);
        assertThat(first.alert().failed()).isTrue();
        assertThat(first.alert().delivered()).isTrue();
        assertThat(first.memory().problem().lastAlerted())
                .isEqualTo(new dev.ecstatic.functions.model.Memory.Alerted(ConcludeFixtures.NOW, null, ConcludeFixtures.NOW));

        received.clear();
        var next = conclude().handleRequest(ConcludeFixtures.after(DISCONNECTED).memory(first.memory())
                .at("2026-01-05T15:10:00Z").build(), context);

        assertThat(webhook()).as("the webhook was told").isEmpty();
        assertThat(putEvents()).as("the bus was told").isEmpty();
        assertThat(sns()).hasSize(1);
        assertThat(sns().getFirst().form()).containsEntry("Subject", "ecstatic AGENTS_DISCONNECTED: prod-web");
        assertThat(next.record().notificationsFailed()).as("none failed: left out of the record").isNull();
        assertThat(next.memory().problem().lastAlerted()).isEqualTo(new dev.ecstatic.functions.model.Memory.Alerted(
                ConcludeFixtures.NOW, "2026-01-05T15:10:00Z", ConcludeFixtures.NOW));
    }
}
