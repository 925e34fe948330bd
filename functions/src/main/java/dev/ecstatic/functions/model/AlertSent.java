package dev.ecstatic.functions.model;

import java.util.Objects;

/**
 * The alert Conclude posted (the webhook's, when targets were owed different ones): {@code delivered} as the
 * webhook answered ({@code delivered: false, failed: false}: no webhook is configured, the message was only
 * logged); {@code failed}: a target did not take it (the webhook, the SNS topic or the EventBridge bus).
 */
public record AlertSent(NotificationKind kind, boolean reminder, boolean delivered, boolean failed) {
    public AlertSent {
        Objects.requireNonNull(kind, "kind");
    }
}
