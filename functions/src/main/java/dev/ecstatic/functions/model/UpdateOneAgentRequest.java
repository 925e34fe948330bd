package dev.ecstatic.functions.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The candidates in the order to try them (oldest agent first), as ListInstances ordered them. */
public record UpdateOneAgentRequest(Cluster cluster, List<InstanceRef> candidates,
                                    Map<String, RecommendedImage> recommended) {
    public UpdateOneAgentRequest {
        Objects.requireNonNull(cluster, "cluster");
        candidates = Lists.bounded(candidates, Inventory.MAX_LISTED, "candidates");
        recommended = Lists.copy(recommended);
    }
}
