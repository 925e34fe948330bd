package dev.ecstatic.functions;

import java.net.URI;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where Notify posts: the webhook URL itself (ECSTATIC_WEBHOOK_URL, the original tool's variable),
 * or the name of an SSM SecureString parameter holding it (ECSTATIC_WEBHOOK_URL_PARAMETER); the
 * URL wins when both are set. Neither means log only. {@code region} (AWS_REGION) builds console links.
 * The URL is a secret: it never appears in a message, a log line or {@link #toString()}.
 *
 * <p>Besides, each optional and independent of the webhook: {@code topicArn}, an SNS standard topic
 * (ECSTATIC_NOTIFICATION_TOPIC_ARN, template parameter NotificationTopicArn), and {@code eventBus}, the name
 * or ARN of an EventBridge bus (ECSTATIC_EVENT_BUS_NAME, EventBusName; "default" is a bus). Null: not configured.
 */
record NotifyConfig(URI webhookUrl, String webhookUrlParameter, String region, Log.Level logLevel, String topicArn,
                    String eventBus) {
    /** A standard topic's ARN in any partition (a FIFO topic's ends in .fifo and would need a message group). */
    static final Pattern TOPIC_ARN = Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}");
    /** A bus name or a bus ARN, as PutEvents' EventBusName takes it (API_PutEventsRequestEntry). */
    static final Pattern EVENT_BUS = Pattern.compile("[/.\\-_A-Za-z0-9]{1,256}"
            + "|arn:aws[a-z-]*:events:[a-z0-9-]+:\\d{12}:event-bus/[/.\\-_A-Za-z0-9]{1,256}");

    NotifyConfig {
        if (topicArn != null && !TOPIC_ARN.matcher(topicArn).matches()) {
            throw new IllegalStateException("ECSTATIC_NOTIFICATION_TOPIC_ARN is not an SNS standard topic's ARN: '"
                    + InventoryBuilder.truncate(topicArn, 80) + "'; set it to arn:aws:sns:REGION:ACCOUNT:NAME, or leave it empty");
        }
        if (eventBus != null && !EVENT_BUS.matcher(eventBus).matches()) {
            throw new IllegalStateException("ECSTATIC_EVENT_BUS_NAME is neither an EventBridge bus name nor a bus ARN: '"
                    + InventoryBuilder.truncate(eventBus, 80) + "'; set it to a name such as default, or to "
                    + "arn:aws:events:REGION:ACCOUNT:event-bus/NAME, or leave it empty");
        }
    }

    /** Webhook (or log) only. */
    NotifyConfig(URI webhookUrl, String webhookUrlParameter, String region, Log.Level logLevel) {
        this(webhookUrl, webhookUrlParameter, region, logLevel, null, null);
    }

    static NotifyConfig from(Map<String, String> env) {
        String url = Env.string(env, "ECSTATIC_WEBHOOK_URL");
        return new NotifyConfig(url == null ? null : webhookUri(url, "ECSTATIC_WEBHOOK_URL"),
                Env.string(env, "ECSTATIC_WEBHOOK_URL_PARAMETER"), Env.string(env, "AWS_REGION"), Log.level(env),
                Env.string(env, "ECSTATIC_NOTIFICATION_TOPIC_ARN"), Env.string(env, "ECSTATIC_EVENT_BUS_NAME"));
    }

    /** Parses a webhook URL without ever echoing it. */
    static URI webhookUri(String url, String source) {
        try {
            URI uri = URI.create(url.trim());
            if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below without the value
        }
        throw new IllegalStateException(source + " is not an http(s) URL: set it to the incoming webhook's URL, "
                + "e.g. https://hooks.slack.com/services/…");
    }

    @Override
    public String toString() {
        return "NotifyConfig[webhookUrl=" + (webhookUrl == null ? "unset" : "(secret)") + ", webhookUrlParameter="
                + webhookUrlParameter + ", region=" + region + ", logLevel=" + logLevel + ", topicArn=" + topicArn
                + ", eventBus=" + eventBus + "]";
    }
}
