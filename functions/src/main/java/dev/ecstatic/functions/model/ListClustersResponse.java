package dev.ecstatic.functions.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What "List clusters" hands the Map state: the clusters to visit and the run's settings. */
public record ListClustersResponse(List<Cluster> clusters, Settings settings, Map<String, RecommendedImage> recommended,
                                   List<ExcludedCluster> excluded, int excludedCount, List<String> warnings) {
    public static final int MAX_EXCLUDED = 20;
    public static final int MAX_WARNINGS = 10;

    public ListClustersResponse {
        clusters = Lists.copy(clusters);
        Objects.requireNonNull(settings, "settings");
        recommended = Lists.copy(recommended);
        excluded = Lists.bounded(excluded, MAX_EXCLUDED, "excluded");
        warnings = Lists.bounded(warnings, MAX_WARNINGS, "warnings");
        if (excludedCount < excluded.size()) {
            throw new IllegalArgumentException("excludedCount " + excludedCount + " < listed " + excluded.size());
        }
    }
}
