package dev.ecstatic.functions.model;

import java.util.Map;

/**
 * What AWS recommends in one region (its public SSM parameters): the Amazon Linux families' agent and Docker
 * versions, and every catalogued platform's AMI, whose ids differ from region to region.
 */
public record RegionRecommendation(Map<String, RecommendedImage> recommended,
                                   Map<String, RecommendedImage> recommendedAmis) {
    public RegionRecommendation {
        recommended = Lists.copy(recommended);
        recommendedAmis = Lists.copy(recommendedAmis);
    }
}
