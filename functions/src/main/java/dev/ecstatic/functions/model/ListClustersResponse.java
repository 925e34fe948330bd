package dev.ecstatic.functions.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What "List clusters" hands the Map state: the clusters to visit and the run's settings. With
 * {@code items} (a request naming its run) the clusters are in the runs bucket only, one per line, and
 * {@code clusters} is empty: the Map's ItemReader reads them, so no payload grows with their number.
 * {@code recommended} holds the Amazon Linux x86_64 families (agent versions); {@code recommendedAmis}
 * the recommended AMI of every catalogued platform, keyed by its SSM parameter name (AMI drift): both
 * of the first target's region. {@code recommendedByRegion} holds both for every region the run visits
 * (null when the region is not known): the Map's ItemSelector gives each cluster its own region's.
 */
public record ListClustersResponse(List<Cluster> clusters, Settings settings, Map<String, RecommendedImage> recommended,
                                   List<ExcludedCluster> excluded, int excludedCount, List<String> warnings,
                                   Map<String, RecommendedImage> recommendedAmis, RunItems items,
                                   Map<String, RegionRecommendation> recommendedByRegion) {
    public static final int MAX_EXCLUDED = 20;
    public static final int MAX_WARNINGS = 10;

    public ListClustersResponse {
        clusters = Lists.copy(clusters);
        Objects.requireNonNull(settings, "settings");
        recommended = Lists.copy(recommended);
        excluded = Lists.bounded(excluded, MAX_EXCLUDED, "excluded");
        warnings = Lists.bounded(warnings, MAX_WARNINGS, "warnings");
        recommendedAmis = Lists.copy(recommendedAmis);
        recommendedByRegion = recommendedByRegion == null ? null : Lists.copy(recommendedByRegion);
        if (items != null && !clusters.isEmpty()) {
            throw new IllegalArgumentException("clusters must be empty when items are in the runs bucket, got "
                    + clusters.size());
        }
        if (excludedCount < excluded.size()) {
            throw new IllegalArgumentException("excludedCount " + excludedCount + " < listed " + excluded.size());
        }
    }

    /** A response without the catalogue of recommended AMIs. */
    public ListClustersResponse(List<Cluster> clusters, Settings settings, Map<String, RecommendedImage> recommended,
                                List<ExcludedCluster> excluded, int excludedCount, List<String> warnings) {
        this(clusters, settings, recommended, excluded, excludedCount, warnings, null, null, null);
    }

    /** A response with the clusters inline (a request without {@code run}). */
    public ListClustersResponse(List<Cluster> clusters, Settings settings, Map<String, RecommendedImage> recommended,
                                List<ExcludedCluster> excluded, int excludedCount, List<String> warnings,
                                Map<String, RecommendedImage> recommendedAmis) {
        this(clusters, settings, recommended, excluded, excludedCount, warnings, recommendedAmis, null, null);
    }
}
