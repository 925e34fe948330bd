package dev.ecstatic.functions.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code instanceIds} (container instance ids or ARNs) restricts the listing while one update is
 * polled; absent or empty means every instance of the cluster. {@code recommendedAmis}, keyed by SSM
 * parameter name, is List clusters' catalogue of recommended AMIs (absent = empty): the AMI drift of
 * a full listing compares with it.
 */
public record ListInstancesRequest(Cluster cluster, Map<String, RecommendedImage> recommended,
                                   List<String> instanceIds, Map<String, RecommendedImage> recommendedAmis) {
    public ListInstancesRequest {
        Objects.requireNonNull(cluster, "cluster");
        recommended = Lists.copy(recommended);
        instanceIds = Lists.copy(instanceIds);
        recommendedAmis = Lists.copy(recommendedAmis);
    }

    /** A request without the catalogue of recommended AMIs. */
    public ListInstancesRequest(Cluster cluster, Map<String, RecommendedImage> recommended, List<String> instanceIds) {
        this(cluster, recommended, instanceIds, null);
    }
}
