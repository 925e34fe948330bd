package dev.ecstatic.functions.model;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The candidates in the order to try them (oldest agent first), as ListInstances ordered them.
 * {@code retryCount} is the state's retry count from the context object (0 on the first attempt,
 * absent = 0): on a retry an earlier attempt may have started an update whose response was lost.
 * {@code notAfter} (optional ISO-8601 instant, absent = no limit) is the run's hard stop: from then on no
 * UpdateContainerAgent is called, so that every update is announced before the run times out, even when
 * the state's retriers start an attempt late.
 */
public record UpdateOneAgentRequest(Cluster cluster, List<InstanceRef> candidates,
                                    Map<String, RecommendedImage> recommended, int retryCount, String notAfter) {
    public UpdateOneAgentRequest {
        Objects.requireNonNull(cluster, "cluster");
        candidates = Lists.bounded(candidates, Inventory.MAX_LISTED, "candidates");
        recommended = Lists.copy(recommended);
        if (retryCount < 0) {
            throw new IllegalArgumentException("retryCount must not be negative, was " + retryCount);
        }
        if (notAfter != null) {
            try {
                Instant.parse(notAfter);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("notAfter is not an ISO-8601 instant such as 2026-01-05T09:35:00Z: '"
                        + (notAfter.length() > 40 ? notAfter.substring(0, 40) + "…" : notAfter) + "'");
            }
        }
    }

    /** A request without a hard stop. */
    public UpdateOneAgentRequest(Cluster cluster, List<InstanceRef> candidates, Map<String, RecommendedImage> recommended,
                                 int retryCount) {
        this(cluster, candidates, recommended, retryCount, null);
    }
}
