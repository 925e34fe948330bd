package dev.ecstatic.functions.model;

import java.util.Objects;

/**
 * The digest folded so far, for the next page; {@code posted} is set on the last page only: whether
 * the message reached the webhook ({@code delivered}), or a configured webhook did not take it
 * ({@code failed}, counted in NotificationsFailed). Neither: no webhook is configured, it was logged.
 */
public record DigestResponse(DigestSummary digest, Posted posted) {
    public DigestResponse {
        Objects.requireNonNull(digest, "digest");
    }

    /**
     * {@code delivered}: the webhook took it; {@code failed}: a target (webhook, SNS topic, bus) did not;
     * {@code failures}: how many did not (the run's {@code notificationsFailed} adds them).
     */
    public record Posted(boolean delivered, boolean failed, int failures) {
        public Posted {
            if (failed != failures > 0) {
                throw new IllegalArgumentException("failed says whether failures > 0: " + failed + ", " + failures);
            }
        }

        /** One target's answer. */
        public Posted(boolean delivered, boolean failed) {
            this(delivered, failed, failed ? 1 : 0);
        }
    }
}
