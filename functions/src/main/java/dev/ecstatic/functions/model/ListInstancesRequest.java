package dev.ecstatic.functions.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code instanceIds} (container instance ids or ARNs) restricts the listing while one update is
 * polled; absent or empty means every instance of the cluster. {@code recommendedAmis}, keyed by SSM
 * parameter name, is List clusters' catalogue of recommended AMIs (absent = empty): the AMI drift of
 * a full listing compares with it. {@code replacing} (EC2 instance ids, absent = none) are the instances
 * being replaced, or replaced in this run: they count as NOT_ACTIVE ("being replaced") whatever their
 * state, since a drained or terminated instance's disconnect or failed update is the replacement's doing
 * (docs/replacement.md).
 */
public record ListInstancesRequest(Cluster cluster, Map<String, RecommendedImage> recommended,
                                   List<String> instanceIds, Map<String, RecommendedImage> recommendedAmis,
                                   List<String> replacing) {
    public ListInstancesRequest {
        Objects.requireNonNull(cluster, "cluster");
        recommended = Lists.copy(recommended);
        instanceIds = Lists.copy(instanceIds);
        recommendedAmis = Lists.copy(recommendedAmis);
        replacing = Lists.bounded(replacing, 101, "replacing");
    }

    /** A request without the catalogue of recommended AMIs. */
    public ListInstancesRequest(Cluster cluster, Map<String, RecommendedImage> recommended, List<String> instanceIds) {
        this(cluster, recommended, instanceIds, null, null);
    }

    /** A request that replaces nothing. */
    public ListInstancesRequest(Cluster cluster, Map<String, RecommendedImage> recommended, List<String> instanceIds,
                                Map<String, RecommendedImage> recommendedAmis) {
        this(cluster, recommended, instanceIds, recommendedAmis, null);
    }
}
