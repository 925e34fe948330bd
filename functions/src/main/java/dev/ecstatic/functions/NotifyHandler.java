package dev.ecstatic.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.ecstatic.functions.model.Cluster;
import dev.ecstatic.functions.model.InstanceRef;
import dev.ecstatic.functions.model.NotificationKind;
import dev.ecstatic.functions.model.NotificationTarget;
import dev.ecstatic.functions.model.NotifyRequest;
import dev.ecstatic.functions.model.NotifyResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterRequest;

/**
 * States "Notify …": posts a Slack-compatible message (text plus blocks) about a started update,
 * disconnected agents, a failed update or an error. Without a configured URL the message is only
 * logged. The URL is a secret: no log line, message or exception ever contains it.
 *
 * <p>A 429, a 5xx, a timeout or an I/O error throws {@link TransientWebhookException} for the state
 * machine to retry, until the request's {@code retryCount} reaches {@link #MAX_RETRIES} (the ASL
 * retrier's MaxAttempts): then, as at once for any other non-2xx answer, the notification is given
 * up on: one WARN line (kind, cluster, status or error class), the NotificationsFailed metric at 1,
 * and {@code failed: true}. Every notification that ends emits NotificationsFailed once (0 when
 * delivered or only logged), as the other metrics are emitted on every decision.
 *
 * <p>The same notification goes to an SNS topic and an EventBridge bus when configured ({@link TopicAndBus}),
 * only once the webhook is settled: a retry of the state (a busy webhook) never sends them twice. They are
 * tried by the SDK's own retries within the invocation, never by the state machine's; one that still fails is
 * logged (WARN) and counted as the webhook is, and stops no other target. NotificationsFailed then counts the
 * targets that failed, {@code failures} in the answer too.
 */
public class NotifyHandler implements RequestHandler<NotifyRequest, NotifyResponse> {
    /** Connect timeout and request timeout of the webhook, each. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** The state machine's MaxAttempts for TransientWebhookException on every Notify state. */
    static final int MAX_RETRIES = 3;
    static final String METRIC = "NotificationsFailed";
    /**
     * Worst case of one invocation, which the function's Timeout in template.yaml covers (TimeoutsTest):
     * one SSM read of the webhook parameter ({@link Clients#READ_CALL_TIMEOUT}, only on a cold start),
     * the webhook's connect timeout and request timeout ({@link #TIMEOUT} each), SNS and EventBridge
     * ({@link Clients#NOTIFY_CALL_TIMEOUT} each), + {@link Clients#OWN_WORK}.
     * Arithmetic in {@link Clients}.
     */
    static final Duration WORST_CASE = Clients.READ_CALL_TIMEOUT.plus(TIMEOUT.multipliedBy(2))
            .plus(Clients.NOTIFY_CALL_TIMEOUT.multipliedBy(2))
            .plus(Clients.OWN_WORK);

    private final NotifyConfig config;
    private final SsmClient ssm;
    private final HttpClient http;
    private final Duration timeout;
    private final TopicAndBus others;
    private URI parameterUrl;

    public NotifyHandler() {
        this(System.getenv());
    }

    public NotifyHandler(Map<String, String> env) {
        this(env, Clock.systemUTC());
    }

    /** {@code clock} stamps the SNS message's and the event's {@code time} (a simulation's clock locally). */
    public NotifyHandler(Map<String, String> env, Clock clock) {
        this(NotifyConfig.from(env), env, clock);
    }

    private NotifyHandler(NotifyConfig config, Map<String, String> env, Clock clock) {
        // The SSM client is only needed (and only built) when the URL lives in a parameter.
        this(config, config.webhookUrl() == null && config.webhookUrlParameter() != null ? Clients.ssm(env) : null,
                HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build(),
                TIMEOUT, TopicAndBus.from(config, env, clock));
    }

    NotifyHandler(NotifyConfig config, SsmClient ssm, HttpClient http) {
        this(config, ssm, http, TIMEOUT);
    }

    /** Tests shorten the request timeout so that a webhook that never answers costs them little time. */
    NotifyHandler(NotifyConfig config, SsmClient ssm, HttpClient http, Duration timeout) {
        this(config, ssm, http, timeout, TopicAndBus.none(Clock.systemUTC()));
    }

    NotifyHandler(NotifyConfig config, SsmClient ssm, HttpClient http, Duration timeout, TopicAndBus others) {
        this.config = config;
        this.ssm = ssm;
        this.http = http;
        this.timeout = timeout;
        this.others = others;
    }

    /** Where notifications go: the webhook (or the log) always, SNS and EventBridge when configured. */
    Set<NotificationTarget> targets() {
        return others.targets();
    }

    HttpClient httpClient() {
        return http;
    }

    SsmClient ssmClient() {
        return ssm;
    }

    @Override
    public NotifyResponse handleRequest(NotifyRequest request, Context context) {
        if (request == null) {
            throw new IllegalArgumentException("Notify needs {kind, cluster, instances, details, executionId, retryCount}");
        }
        return send(notification(request, false), targets(), request.retryCount(),
                Log.of(context, config.logLevel(), "Notify")).response();
    }

    /** The notification a request describes, as every target gets it. */
    Notification notification(NotifyRequest request, boolean reminder) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("instances", request.instances().stream().map(InstanceRef::label).toList());
        details.put("details", request.details());
        return new Notification(request.kind(), request.cluster(), request.instances(), request.details(), reminder,
                request.executionId(), SlackMessage.build(request, config.region()), details);
    }

    /**
     * What one notification came to: the webhook's answer ({@code webhook}, null when it was not among the
     * targets) and each other target's.
     */
    record Outcome(NotifyResponse webhook, List<TopicAndBus.Sent> others) {
        Outcome {
            others = List.copyOf(others);
        }

        /** Whether {@code target} was sent the notification and did not take it. */
        boolean failed(NotificationTarget target) {
            if (target == NotificationTarget.WEBHOOK) {
                return webhook != null && webhook.failed();
            }
            return others.stream().anyMatch(s -> s.target() == target && !s.delivered());
        }

        int failures() {
            return (webhook != null && webhook.failed() ? 1 : 0)
                    + (int) others.stream().filter(s -> !s.delivered()).count();
        }

        /** The answer of a "Notify …" state: the webhook's, with every target's failures counted. */
        NotifyResponse response() {
            NotifyResponse w = webhook;
            return new NotifyResponse(w.delivered(), w.statusCode(), w.problem(), w.failed(), failures());
        }
    }

    /**
     * Sends {@code n} to {@code to}: the webhook first, with {@link #deliver}'s semantics (a
     * {@link TransientWebhookException} propagates, before any other target is tried, while retries are
     * left), then SNS, then EventBridge, each once. NotificationsFailed is emitted once, the number of targets
     * that failed.
     */
    Outcome send(Notification n, Set<NotificationTarget> to, int retryCount, Log log) {
        NotifyResponse webhook = to.contains(NotificationTarget.WEBHOOK)
                ? deliverToWebhook(n.kind(), n.cluster(), n.executionId(), retryCount, n.message(), n.logFields(), log)
                : null;
        List<TopicAndBus.Sent> sent = new ArrayList<>();
        for (NotificationTarget target : List.of(NotificationTarget.SNS, NotificationTarget.EVENTS)) {
            if (to.contains(target)) {
                TopicAndBus.Sent s = others.send(target, n);
                Map<String, Object> fields = fields(n.kind(), n.cluster(), n.executionId(), Map.of());
                fields.put("target", target.name().toLowerCase(java.util.Locale.ROOT));
                if (s.delivered()) {
                    log.info("notification delivered", fields);
                } else {
                    fields.put("problem", s.problem());
                    log.warn("notification failed", fields);
                }
                sent.add(s);
            }
        }
        Outcome outcome = new Outcome(webhook, sent);
        log.metric(METRIC, outcome.failures(), n.cluster());
        return outcome;
    }

    /** A fleet-wide message (the daily digest) to every target; the webhook's answer with every failure counted. */
    NotifyResponse deliver(NotificationKind kind, Cluster cluster, String executionId, int retryCount,
                           Map<String, Object> message, Map<String, Object> details, Log log) {
        String text = message.get("text") instanceof String t ? t : null;
        Notification n = new Notification(kind, cluster, List.of(), text, false, executionId, message, details);
        return send(n, targets(), retryCount, log).response();
    }

    /**
     * Posts {@code message} (Slack text and blocks) with the semantics above: retried while {@code retryCount}
     * &lt; {@link #MAX_RETRIES}, then given up on and logged ({@link #send} counts it). Log lines name
     * {@code kind}, {@code cluster} (null for a fleet-wide message), {@code details} and {@code executionId}.
     */
    private NotifyResponse deliverToWebhook(NotificationKind kind, Cluster cluster, String executionId, int retryCount,
                                            Map<String, Object> message, Map<String, Object> details, Log log) {
        String body = Json.write(message);
        boolean lastTry = retryCount >= MAX_RETRIES;

        URI url;
        try {
            url = webhookUrl();
        } catch (IllegalStateException e) {
            return failed(kind, cluster, executionId, log, null, e.getMessage());
        } catch (TransientAwsException e) {
            if (!lastTry) {
                throw e;
            }
            return failed(kind, cluster, executionId, log, null, "reading webhook parameter "
                    + config.webhookUrlParameter() + " failed " + (retryCount + 1) + " times: "
                    + e.getCause().getClass().getSimpleName());
        }
        if (url == null) {
            Map<String, Object> fields = fields(kind, cluster, executionId, details);
            fields.put("message", body);
            log.info("notification (no webhook configured)", fields);
            return new NotifyResponse(false, null, "no webhook configured", false);
        }
        return switch (post(url, body)) {
            case Delivered delivered -> {
                Map<String, Object> fields = fields(kind, cluster, executionId, details);
                fields.put("statusCode", delivered.status());
                log.info("notification delivered", fields);
                yield new NotifyResponse(true, delivered.status(), null, false);
            }
            case Rejected rejected -> failed(kind, cluster, executionId, log, rejected.status(), rejected.problem());
            case RetryLater retry when lastTry -> failed(kind, cluster, executionId, log, retry.status(),
                    retry.problem() + " on try " + (retryCount + 1) + " of " + (MAX_RETRIES + 1));
            case RetryLater retry -> {
                Map<String, Object> fields = fields(kind, cluster, executionId, details);
                fields.put("statusCode", retry.status());
                fields.put("problem", retry.problem());
                fields.put("retryCount", retryCount);
                log.warn("webhook busy or failing, to be retried", fields);
                throw new TransientWebhookException(retry.problem() + ": retry later");
            }
        };
    }

    /**
     * The webhook's notification is given up on: one WARN line (kind, cluster, status or error class, never
     * the URL: {@code problem} never contains it), {@code failed: true}.
     */
    private NotifyResponse failed(NotificationKind kind, Cluster cluster, String executionId, Log log, Integer status,
                                  String problem) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("kind", kind);
        fields.put("cluster", cluster == null ? null : cluster.name());
        fields.put("statusCode", status);
        fields.put("problem", problem);
        fields.put("executionId", executionId);
        log.warn("notification failed", fields);
        return new NotifyResponse(false, status, problem, true);
    }

    private static Map<String, Object> fields(NotificationKind kind, Cluster cluster, String executionId,
                                              Map<String, Object> details) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("kind", kind);
        fields.put("cluster", cluster == null ? null : cluster.name());
        fields.putAll(details);
        fields.put("executionId", executionId);
        return fields;
    }

    /** What the webhook's answer, or its silence, means for the state machine. */
    sealed interface Answer {
    }

    record Delivered(int status) implements Answer {
    }

    /** Not retried: a 4xx other than 429 (Slack's "no_service", "invalid_payload", …) will not heal. */
    record Rejected(int status, String problem) implements Answer {
    }

    /** A 429 or 5xx ({@code status} set), or no answer: a timeout or an I/O error ({@code status} null). */
    record RetryLater(Integer status, String problem) implements Answer {
    }

    /** @param url the webhook: an answer that echoes it (or its secret path) has it cut out */
    static Answer answer(HttpResponse<String> response, URI url) {
        int status = response.statusCode();
        if (status == 429 || status >= 500) {
            return new RetryLater(status, "webhook answered " + status);
        }
        if (status >= 200 && status <= 299) {
            return new Delivered(status);
        }
        String text = response.body() == null ? "" : redact(response.body().strip(), url);
        return new Rejected(status, "webhook answered " + status
                + (text.isEmpty() ? "" : ": " + InventoryBuilder.truncate(text, 200)));
    }

    private static String redact(String text, URI url) {
        String redacted = text.replace(url.toString(), "(webhook URL)");
        String path = url.getRawPath();
        return path == null || path.length() < 2 ? redacted : redacted.replace(path, "(webhook path)");
    }

    private Answer post(URI url, String body) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return answer(http.send(request, HttpResponse.BodyHandlers.ofString()), url);
        } catch (HttpTimeoutException e) {
            return new RetryLater(null, "webhook did not answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            // Neither the message nor the cause goes along: both may name the webhook's host or path.
            return new RetryLater(null, "webhook unreachable (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientWebhookException("interrupted while posting to the webhook");
        }
    }

    /** The configured URL, or the parameter's value read once and cached; null when none is configured. */
    private synchronized URI webhookUrl() {
        if (config.webhookUrl() != null) {
            return config.webhookUrl();
        }
        if (config.webhookUrlParameter() == null) {
            return null;
        }
        if (parameterUrl == null) {
            String name = config.webhookUrlParameter();
            String value;
            try {
                value = ssm.getParameter(GetParameterRequest.builder().name(name).withDecryption(true).build())
                        .parameter().value();
            } catch (SdkException e) {
                if (AwsErrors.isTransient(e)) {
                    throw new TransientAwsException("reading webhook parameter " + name + " failed, worth retrying", e);
                }
                throw new IllegalStateException("could not read webhook parameter " + name + ": "
                        + e.getClass().getSimpleName());
            }
            parameterUrl = NotifyConfig.webhookUri(value, "the value of parameter " + name);
        }
        return parameterUrl;
    }
}
