package dev.ecstatic.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecstatic.functions.model.RecommendedImage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionsTest {
    @ParameterizedTest
    @CsvSource({"1.9.0, 1.10.0", "1.86.3, 1.88.0", "1.9, 1.9.1", "1.88.0-rc1, 1.88.0", "0.9.99, 1.0.0", "v1.2.0, 1.10.0"})
    void olderVersion_sortsFirst(String older, String newer) {
        assertThat(Versions.compare(older, newer)).isNegative();
        assertThat(Versions.compare(newer, older)).isPositive();
    }

    @Test
    void equalVersions_compareEqual() {
        assertThat(Versions.compare("1.10.0", "1.10")).isZero();
    }

    @Test
    void semanticOrder_isNotStringOrder() {
        assertThat(List.of("1.10.0", "1.9.0", "1.100.0", "1.2.3").stream().sorted(Versions.ORDER).toList())
                .containsExactly("1.2.3", "1.9.0", "1.10.0", "1.100.0");
    }

    @Test
    void dockerNumber_readsBothFormats() {
        assertThat(Versions.dockerNumber("Docker version 25.0.8")).isEqualTo("25.0.8");
        assertThat(Versions.dockerNumber("DockerVersion: 20.10.25-ce")).isEqualTo("20.10.25-ce");
        assertThat(Versions.dockerNumber("no digits")).isNull();
    }

    @Test
    void recommendedAgent_usesTheFamilyOrTheNewestWhenUnknown() {
        Map<String, RecommendedImage> recommended = Map.of(
                "amazon-linux-2023", new RecommendedImage("1.88.0", null, "ami-a", null),
                "amazon-linux-2", new RecommendedImage("1.87.1", null, "ami-b", null));
        assertThat(Versions.recommendedAgent(recommended, "amazon-linux-2")).contains("1.87.1");
        assertThat(Versions.recommendedAgent(recommended, null)).contains("1.88.0");
        assertThat(Versions.recommendedAgent(Map.of(), null)).isEmpty();
    }
}
