package dev.ecstatic.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SessionNameTest {

    static Stream<Arguments> names() {
        return Stream.of(
                // a scheduled run's name: a UUID, kept whole
                Arguments.of("7f1c2b0e-3d4a-4c5b-9e8f-0a1b2c3d4e5f", "ecstatic-7f1c2b0e-3d4a-4c5b-9e8f-0a1b2c3d4e5f"),
                Arguments.of("replay_prod-web.2026@12", "ecstatic-replay_prod-web.2026@12"),
                Arguments.of(null, "ecstatic"),
                Arguments.of("", "ecstatic"),
                // 55 characters fit beside the prefix exactly
                Arguments.of("a".repeat(55), "ecstatic-" + "a".repeat(55)));
    }

    @ParameterizedTest
    @MethodSource("names")
    void aNameThatFits_isKeptAfterThePrefix(String run, String session) {
        assertThat(SessionName.of(run)).isEqualTo(session);
    }

    @ParameterizedTest
    @MethodSource("unfit")
    void aNameTooLongOrWithOtherCharacters_isCutReplacedAndHashed(String run) {
        String session = SessionName.of(run);
        assertThat(session).hasSizeLessThanOrEqualTo(64).matches("ecstatic-[\\w+=,.@-]*-[0-9a-f]{12}");
        assertThat(SessionName.of(run)).isEqualTo(session);
    }

    static Stream<String> unfit() {
        return Stream.of("a".repeat(56), "b".repeat(80), "nightly run #3", "réplica", "x:y/z", "日本語の実行");
    }

    @Test
    void twoNamesCutAlike_getTwoSessionNames() {
        String a = "manual-replay-of-cluster-prod-web-in-account-222233334444-" + "a".repeat(10);
        String b = "manual-replay-of-cluster-prod-web-in-account-222233334444-" + "b".repeat(10);
        assertThat(SessionName.of(a)).isNotEqualTo(SessionName.of(b));
        assertThat(SessionName.of("run 1")).isNotEqualTo(SessionName.of("run-1")).isEqualTo(SessionName.of("run 1"));
    }
}
