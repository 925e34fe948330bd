package dev.ecstatic.functions;

import java.net.URI;
import java.util.Map;

/**
 * Where Notify posts: the webhook URL itself (ECSTATIC_WEBHOOK_URL, the original tool's variable),
 * or the name of an SSM SecureString parameter holding it (ECSTATIC_WEBHOOK_URL_PARAMETER); the
 * URL wins when both are set. Neither means log only. {@code region} (AWS_REGION) builds console links.
 * The URL is a secret: it never appears in a message, a log line or {@link #toString()}.
 */
record NotifyConfig(URI webhookUrl, String webhookUrlParameter, String region, Log.Level logLevel) {
    static NotifyConfig from(Map<String, String> env) {
        String url = Env.string(env, "ECSTATIC_WEBHOOK_URL");
        return new NotifyConfig(url == null ? null : webhookUri(url, "ECSTATIC_WEBHOOK_URL"),
                Env.string(env, "ECSTATIC_WEBHOOK_URL_PARAMETER"), Env.string(env, "AWS_REGION"), Log.level(env));
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
                + webhookUrlParameter + ", region=" + region + ", logLevel=" + logLevel + "]";
    }
}
