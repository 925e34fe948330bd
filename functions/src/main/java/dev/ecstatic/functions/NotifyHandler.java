package dev.ecstatic.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.ecstatic.functions.model.InstanceRef;
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
 * disconnected agents, a failed update or an error. 429, 5xx and timeouts throw
 * {@link TransientWebhookException} for the state machine to retry; any other non-2xx answer is
 * returned as {@code delivered: false} with the problem. Without a configured URL the message is only
 * logged. The URL is a secret: no log line, message or exception ever contains it.
 */
public class NotifyHandler implements RequestHandler<NotifyRequest, NotifyResponse> {
    static final Duration TIMEOUT = Duration.ofSeconds(5);

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
            throw new IllegalArgumentException("Notify needs {kind, cluster, instances, details, executionId}");
        }
        Log log = Log.of(context, config.logLevel(), "Notify");
        String body = Json.write(SlackMessage.build(request, config.region()));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("kind", request.kind());
        fields.put("cluster", request.cluster().name());
        fields.put("instances", request.instances().stream().map(InstanceRef::label).toList());
        fields.put("details", request.details());
        fields.put("executionId", request.executionId());

        URI url;
        try {
            url = webhookUrl();
        } catch (IllegalStateException e) {
            fields.put("problem", e.getMessage());
            log.warn("notification not sent", fields);
            return new NotifyResponse(false, null, e.getMessage());
        }
        if (url == null) {
            fields.put("message", body);
            log.info("notification (no webhook configured)", fields);
            return new NotifyResponse(false, null, "no webhook configured");
        }
        HttpResponse<String> response = post(url, body);
        fields.put("statusCode", response.statusCode());
        return switch (answer(response)) {
            case Delivered delivered -> {
                log.info("notification delivered", fields);
                yield new NotifyResponse(true, delivered.status(), null);
            }
            case Rejected rejected -> {
                fields.put("problem", rejected.problem());
                log.warn("notification rejected", fields);
                yield new NotifyResponse(false, rejected.status(), rejected.problem());
            }
            case RetryLater retry -> {
                log.warn("webhook busy or failing", fields);
                throw new TransientWebhookException("webhook answered " + retry.status() + ": retry later");
            }
        };
    }

    /** What the webhook's answer means for the state machine. */
    sealed interface Answer {
    }

    record Delivered(int status) implements Answer {
    }

    /** Not retried: a 4xx other than 429 (Slack's "no_service", "invalid_payload", …) will not heal. */
    record Rejected(int status, String problem) implements Answer {
    }

    record RetryLater(int status) implements Answer {
    }

    static Answer answer(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status == 429 || status >= 500) {
            return new RetryLater(status);
        }
        if (status >= 200 && status <= 299) {
            return new Delivered(status);
        }
        String text = response.body() == null ? "" : response.body().strip();
        return new Rejected(status, "webhook answered " + status
                + (text.isEmpty() ? "" : ": " + InventoryBuilder.truncate(text, 200)));
    }

    private HttpResponse<String> post(URI url, String body) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new TransientWebhookException("webhook did not answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            // Neither the message nor the cause goes along: both may name the webhook's host or path.
            throw new TransientWebhookException("webhook unreachable (" + e.getClass().getSimpleName() + ")");
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
