package dev.ecstatic.functions.model;

import java.util.Objects;

/**
 * The one alert Conclude posted: {@code delivered} and {@code failed} as Notify answered them
 * ({@code delivered: false, failed: false}: no webhook is configured, the message was only logged).
 */
public record AlertSent(NotificationKind kind, boolean reminder, boolean delivered, boolean failed) {
    public AlertSent {
        Objects.requireNonNull(kind, "kind");
        if (delivered && failed) {
            throw new IllegalArgumentException("a delivered alert has not failed");
        }
    }
}
