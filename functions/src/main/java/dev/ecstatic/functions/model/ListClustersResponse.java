package dev.ecstatic.functions.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What "List clusters" hands the Map state: the clusters to visit and the run's settings.
 * {@code recommended} holds the Amazon Linux x86_64 families (agent versions); {@code recommendedAmis}
 * the recommended AMI of every catalogued platform, keyed by its SSM parameter name (AMI drift).
 */
public record ListClustersResponse(List<Cluster> clusters, Settings settings, Map<String, RecommendedImage> recommended,
                                   List<ExcludedCluster> excluded, int excludedCount, List<String> warnings,
                                   Map<String, RecommendedImage> recommendedAmis) {
    public static final int MAX_EXCLUDED = 20;
    public static final int MAX_WARNINGS = 10;

    public ListClustersResponse {
        clusters = Lists.copy(clusters);
        Objects.requireNonNull(settings, "settings");
        recommended = Lists.copy(recommended);
        excluded = Lists.bounded(excluded, MAX_EXCLUDED, "excluded");
        warnings = Lists.bounded(warnings, MAX_WARNINGS, "warnings");
        recommendedAmis = Lists.copy(recommendedAmis);
        if (excludedCount < excluded.size()) {
            throw new IllegalArgumentException("excludedCount " + excludedCount + " < listed " + excluded.size());
        }
    }

    /** A response without the catalogue of recommended AMIs. */
    public ListClustersResponse(List<Cluster> clusters, Settings settings, Map<String, RecommendedImage> recommended,
                                List<ExcludedCluster> excluded, int excludedCount, List<String> warnings) {
        this(clusters, settings, recommended, excluded, excludedCount, warnings, null);
    }
}
