package dev.ecstatic.functions.model;

/**
 * {@code delivered} false with a {@code problem} when the message did not reach a webhook.
 * {@code failed} true: a configured webhook did not take it (a 4xx answer, or a 429, 5xx, timeout or
 * I/O error on the last retry), counted in the NotificationsFailed metric. {@code delivered: false,
 * failed: false}: no webhook is configured, the message was only logged.
 */
public record NotifyResponse(boolean delivered, Integer statusCode, String problem, boolean failed) {
    public NotifyResponse {
        if (!delivered && problem == null) {
            throw new IllegalArgumentException("an undelivered notification says why");
        }
        if (delivered && failed) {
            throw new IllegalArgumentException("a delivered notification has not failed");
        }
    }
}
