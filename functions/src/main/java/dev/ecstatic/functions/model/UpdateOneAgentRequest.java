package dev.ecstatic.functions.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The candidates in the order to try them (oldest agent first), as ListInstances ordered them.
 * {@code retryCount} is the state's retry count from the context object (0 on the first attempt,
 * absent = 0): on a retry an earlier attempt may have started an update whose response was lost.
 */
public record UpdateOneAgentRequest(Cluster cluster, List<InstanceRef> candidates,
                                    Map<String, RecommendedImage> recommended, int retryCount) {
    public UpdateOneAgentRequest {
        Objects.requireNonNull(cluster, "cluster");
        candidates = Lists.bounded(candidates, Inventory.MAX_LISTED, "candidates");
        recommended = Lists.copy(recommended);
        if (retryCount < 0) {
            throw new IllegalArgumentException("retryCount must not be negative, was " + retryCount);
        }
    }
}
