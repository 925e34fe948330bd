package dev.ecstatic.functions.model;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One page of the memory table for "Fold into the digest". {@code digest} is the previous page's
 * result (null on the first page); {@code items} the page as Step Functions' {@code dynamodb:scan}
 * returns it, each item an attribute name → DynamoDB attribute value ({@code {"S": "prod-web"}});
 * {@code last} true on the page without a LastEvaluatedKey, whose fold posts the message;
 * {@code now} the run's time (ISO-8601); {@code retryCount} the state's retry count, as Notify's.
 */
public record DigestRequest(DigestSummary digest, List<Map<String, Map<String, String>>> items, boolean last,
                            String now, String executionId, int retryCount) {
    /** Far above the Scan's Limit: a page this long is a mistake in the state machine, not a fleet. */
    public static final int MAX_ITEMS = 1000;

    public DigestRequest {
        items = Lists.bounded(items, MAX_ITEMS, "items");
        items.forEach(item -> Objects.requireNonNull(item, "items must not hold null"));
        Objects.requireNonNull(now, "now (the run's time, ISO-8601) is required");
        try {
            Instant.parse(now);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("now must be an ISO-8601 instant such as 2026-01-05T09:00:00Z, got '"
                    + (now.length() > 40 ? now.substring(0, 40) + "…" : now) + "'");
        }
        if (retryCount < 0) {
            throw new IllegalArgumentException("retryCount must not be negative, was " + retryCount);
        }
    }

    public Instant instant() {
        return Instant.parse(now);
    }
}
