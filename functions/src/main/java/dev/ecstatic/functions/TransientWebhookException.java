package dev.ecstatic.functions;

/**
 * The webhook answered 429 or 5xx, or did not answer in time. The state machine retries Notify with
 * backoff and full jitter. The message never contains the webhook URL (it is a secret).
 */
public class TransientWebhookException extends RuntimeException {
    public TransientWebhookException(String message) {
        super(message);
    }

    public TransientWebhookException(String message, Throwable cause) {
        super(message, cause);
    }
}
