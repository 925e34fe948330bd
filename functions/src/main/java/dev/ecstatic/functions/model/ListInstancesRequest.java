package dev.ecstatic.functions.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code instanceIds} (container instance ids or ARNs) restricts the listing while one update is
 * polled; absent or empty means every instance of the cluster.
 */
public record ListInstancesRequest(Cluster cluster, Map<String, RecommendedImage> recommended,
                                   List<String> instanceIds) {
    public ListInstancesRequest {
        Objects.requireNonNull(cluster, "cluster");
        recommended = Lists.copy(recommended);
        instanceIds = Lists.copy(instanceIds);
    }
}
