package dev.ecstatic.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RequiredToolTest {

    @Test
    void aMissingBrowserIsASkipOnALaptop_aFailureNamingItUnderCi() {
        assertThat(RequiredTool.decide("Chromium", "/usr/bin/chromium is not an executable file", "Install it", Map.of()))
                .isInstanceOfSatisfying(RequiredTool.Skip.class, s -> assertThat(s.reason())
                        .contains("Chromium").contains("not an executable").contains("with CI set, this is a failure"));
        assertThat(RequiredTool.decide("Chromium", "/usr/bin/chromium is not an executable file", "Install it",
                Map.of("CI", "true")))
                .isInstanceOfSatisfying(RequiredTool.Fail.class, f -> assertThat(f.message())
                        .startsWith("Chromium is required when CI is set").contains("Install it"));
        assertThat(RequiredTool.decide("Chromium", "gone", "Install it", Map.of("CI", "")))
                .isInstanceOf(RequiredTool.Skip.class);
        assertThat(RequiredTool.decide("Chromium", null, "Install it", Map.of("CI", "true")))
                .isInstanceOf(RequiredTool.Run.class);
    }
}
