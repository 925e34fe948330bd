package dev.ecstatic.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.ecstatic.functions.model.Cluster;
import dev.ecstatic.functions.model.InstanceRef;
import dev.ecstatic.functions.model.NotificationKind;
import dev.ecstatic.functions.model.NotifyRequest;
import dev.ecstatic.functions.model.NotifyResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
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
     * the webhook's connect timeout and request timeout ({@link #TIMEOUT} each), + {@link Clients#OWN_WORK}.
     * Arithmetic in {@link Clients}.
     */
    static final Duration WORST_CASE = Clients.READ_CALL_TIMEOUT.plus(TIMEOUT.multipliedBy(2)).plus(Clients.OWN_WORK);

    private final NotifyConfig config;
    private final SsmClient ssm;
    private final HttpClient http;
    private final Duration timeout;
    private URI parameterUrl;

    public NotifyHandler() {
        this(System.getenv());
    }

    public NotifyHandler(Map<String, String> env) {
        this(NotifyConfig.from(env), env);
    }

    private NotifyHandler(NotifyConfig config, Map<String, String> env) {
        // The SSM client is only needed (and only built) when the URL lives in a parameter.
        this(config, config.webhookUrl() == null && config.webhookUrlParameter() != null ? Clients.ssm(env) : null,
                HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build());
    }

    NotifyHandler(NotifyConfig config, SsmClient ssm, HttpClient http) {
        this(config, ssm, http, TIMEOUT);
    }

    /** Tests shorten the request timeout so that a webhook that never answers costs them little time. */
    NotifyHandler(NotifyConfig config, SsmClient ssm, HttpClient http, Duration timeout) {
        this.config = config;
        this.ssm = ssm;
        this.http = http;
        this.timeout = timeout;
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
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("instances", request.instances().stream().map(InstanceRef::label).toList());
        details.put("details", request.details());
        return deliver(request.kind(), request.cluster(), request.executionId(), request.retryCount(),
                SlackMessage.build(request, config.region()), details, Log.of(context, config.logLevel(), "Notify"));
    }

    /**
     * Posts {@code message} (Slack text and blocks) with the semantics above: retried while {@code retryCount}
     * &lt; {@link #MAX_RETRIES}, then given up on, logged and counted. Notify and the daily digest share it.
     * Log lines name {@code kind}, {@code cluster} (null for a fleet-wide message), {@code details} and
     * {@code executionId}; the metric line names {@code cluster} and has its account and region as dimensions.
     */
    NotifyResponse deliver(NotificationKind kind, Cluster cluster, String executionId, int retryCount,
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
            log.metric(METRIC, 0, cluster);
            return new NotifyResponse(false, null, "no webhook configured", false);
        }
        return switch (post(url, body)) {
            case Delivered delivered -> {
                Map<String, Object> fields = fields(kind, cluster, executionId, details);
                fields.put("statusCode", delivered.status());
                log.info("notification delivered", fields);
                log.metric(METRIC, 0, cluster);
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
     * The notification is given up on: one WARN line (kind, cluster, status or error class, never the
     * URL: {@code problem} never contains it), NotificationsFailed at 1, {@code failed: true}.
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
        log.metric(METRIC, 1, cluster);
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
