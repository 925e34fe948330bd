package dev.ecstatic.functions.model;

/**
 * {@code delivered} false with a {@code problem} when the message did not reach a webhook.
 * {@code failed} true: a configured webhook did not take it (a 4xx answer, or a 429, 5xx, timeout or
 * I/O error on the last retry), counted in the NotificationsFailed metric. {@code delivered: false,
 * failed: false}: no webhook is configured, the message was only logged. {@code failures}: how many
 * targets did not take it, the webhook and the configured SNS topic and EventBridge bus together (what the
 * run's {@code notificationsFailed} adds).
 */
public record NotifyResponse(boolean delivered, Integer statusCode, String problem, boolean failed, int failures) {
    /** The webhook's answer alone. */
    public NotifyResponse(boolean delivered, Integer statusCode, String problem, boolean failed) {
        this(delivered, statusCode, problem, failed, failed ? 1 : 0);
    }

    public NotifyResponse {
        if (failures < (failed ? 1 : 0) || failures > 3) {
            throw new IllegalArgumentException("failures counts the targets that failed, the webhook's among them: "
                    + failures + " with failed " + failed);
        }
        if (!delivered && problem == null) {
            throw new IllegalArgumentException("an undelivered notification says why");
        }
        if (delivered && failed) {
            throw new IllegalArgumentException("a delivered notification has not failed");
        }
    }
}
