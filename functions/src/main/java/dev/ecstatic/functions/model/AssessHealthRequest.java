package dev.ecstatic.functions.model;

import java.util.Map;
import java.util.Objects;

/**
 * {@code rechecked} is true on the pass after the disconnect recheck wait. {@code recommended} is the
 * run's Recommended map (absent = none known): a dry run compares the first candidate with it.
 */
public record AssessHealthRequest(Inventory inventory, Settings settings, boolean rechecked,
                                  Map<String, RecommendedImage> recommended) {
    public AssessHealthRequest {
        Objects.requireNonNull(inventory, "inventory");
        Objects.requireNonNull(settings, "settings");
        recommended = Lists.copy(recommended);
    }
}
