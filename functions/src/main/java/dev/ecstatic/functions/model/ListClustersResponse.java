package dev.ecstatic.functions.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What "List clusters" hands the Map state: the clusters to visit and the run's settings.
 * {@code recommended} holds the Amazon Linux x86_64 families (agent versions); {@code recommendedAmis}
 * the recommended AMI of every catalogued platform, keyed by its SSM parameter name (AMI drift).
 * With {@code items} the clusters are in the runs bucket and {@code clusters} is empty.
 */
public record ListClustersResponse(List<Cluster> clusters, Settings settings, Map<String, RecommendedImage> recommended,
                                   List<ExcludedCluster> excluded, int excludedCount, List<String> warnings,
                                   Map<String, RecommendedImage> recommendedAmis, RunItems items) {
    public static final int MAX_EXCLUDED = 20;
    public static final int MAX_WARNINGS = 10;

    public ListClustersResponse {
        clusters = Lists.copy(clusters);
        Objects.requireNonNull(settings, "settings");
        recommended = Lists.copy(recommended);
        excluded = Lists.bounded(excluded, MAX_EXCLUDED, "excluded");
        warnings = Lists.bounded(warnings, MAX_WARNINGS, "warnings");
        recommendedAmis = Lists.copy(recommendedAmis);
        if (items != null && !clusters.isEmpty()) {
            throw new IllegalArgumentException("clusters must be empty when items is set: the list lives in S3 only");
        }
        if (excludedCount < excluded.size()) {
            throw new IllegalArgumentException("excludedCount " + excludedCount + " < listed " + excluded.size());
        }
    }

    /** A response without the catalogue of recommended AMIs. */
    public ListClustersResponse(List<Cluster> clusters, Settings settings, Map<String, RecommendedImage> recommended,
                                List<ExcludedCluster> excluded, int excludedCount, List<String> warnings) {
        this(clusters, settings, recommended, excluded, excludedCount, warnings, null, null);
    }

    /** A response with the clusters inline (no {@code items}). */
    public ListClustersResponse(List<Cluster> clusters, Settings settings, Map<String, RecommendedImage> recommended,
                                List<ExcludedCluster> excluded, int excludedCount, List<String> warnings,
                                Map<String, RecommendedImage> recommendedAmis) {
        this(clusters, settings, recommended, excluded, excludedCount, warnings, recommendedAmis, null);
    }
}
