package dev.ecstatic.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpdateWindowTest {

    // 2026-01-03 is a Saturday, 2026-01-05 a Monday.
    @ParameterizedTest(name = "{0} at {1}: open={2}")
    @CsvSource(delimiter = '|', textBlock = """
            Sat 02:00-06:00 UTC      | 2026-01-03T02:00:00Z | true
            Sat 02:00-06:00 UTC      | 2026-01-03T05:59:59Z | true
            Sat 02:00-06:00 UTC      | 2026-01-03T06:00:00Z | false
            Sat 02:00-06:00 UTC      | 2026-01-03T01:59:59Z | false
            Sat 02:00-06:00 UTC      | 2026-01-10T03:00:00Z | true
            Sat 02:00-06:00 UTC      | 2026-01-04T03:00:00Z | false
            sat 02:00 - 06:00 utc    | 2026-01-03T03:00:00Z | true
            Mon-Fri 22:00-02:00 UTC  | 2026-01-05T23:30:00Z | true
            Mon-Fri 22:00-02:00 UTC  | 2026-01-06T01:59:00Z | true
            Mon-Fri 22:00-02:00 UTC  | 2026-01-05T01:00:00Z | false
            Mon-Fri 22:00-02:00 UTC  | 2026-01-10T01:00:00Z | true
            Mon-Fri 22:00-02:00 UTC  | 2026-01-10T22:30:00Z | false
            Fri-Mon 00:00-04:00 UTC  | 2026-01-04T03:00:00Z | true
            Fri-Mon 00:00-04:00 UTC  | 2026-01-06T03:00:00Z | false
            daily 01:00-05:00 UTC    | 2026-01-07T04:59:00Z | true
            daily 01:00-05:00 UTC    | 2026-01-07T05:00:00Z | false
            Sun 00:00-00:00 UTC      | 2026-01-04T23:59:00Z | true
            Sun 00:00-00:00 UTC      | 2026-01-05T00:00:00Z | false
            """)
    void isOpenInsideTheWindowOnly(String text, String now, boolean open) {
        assertThat(UpdateWindow.parse(text).isOpen(Instant.parse(now))).isEqualTo(open);
    }

    @ParameterizedTest(name = "{0} from {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            Sat 02:00-06:00 UTC     | 2026-01-05T09:00:00Z | 2026-01-10T02:00:00Z
            Sat 02:00-06:00 UTC     | 2026-01-03T02:00:00Z | 2026-01-03T02:00:00Z
            Sat 02:00-06:00 UTC     | 2026-01-03T02:00:01Z | 2026-01-10T02:00:00Z
            daily 01:00-05:00 UTC   | 2026-01-05T09:00:00Z | 2026-01-06T01:00:00Z
            """)
    void nextOpeningIsTheNextStartOnAWindowDay(String text, String now, String next) {
        assertThat(UpdateWindow.parse(text).nextOpening(Instant.parse(now))).isEqualTo(Instant.parse(next));
    }

    @ParameterizedTest(name = "''{0}'' → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Sat 02:00-06:00           | expected '<days> HH:MM-HH:MM UTC'
            Sat 02:00-06:00 CET       | expected '<days> HH:MM-HH:MM UTC'
            Sat 2:00-06:00 UTC        | expected '<days> HH:MM-HH:MM UTC'
            Sat,Sun 02:00-06:00 UTC   | expected '<days> HH:MM-HH:MM UTC'
            Sam 02:00-06:00 UTC       | 'Sam' is not a day
            Mon-Fry 02:00-06:00 UTC   | 'Fry' is not a day
            Sat 24:00-06:00 UTC       | '24:00' is not a time of day
            Sat 02:00-06:61 UTC       | '06:61' is not a time of day
            '   '                     | is empty
            """)
    void aBadValueIsRefusedNamingWhatIsWrong(String text, String message) {
        assertThatThrownBy(() -> UpdateWindow.parse(text)).isInstanceOf(UpdateWindow.InvalidWindowException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest(name = "tag {0}, default {1} → {2}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            Sat 02:00-06:00 UTC | daily 01:00-05:00 UTC | Sat 02:00-06:00 UTC
            null                | daily 01:00-05:00 UTC | daily 01:00-05:00 UTC
            null                | ''                    | null
            null                | null                  | null
            """)
    void theTagWinsOverTheDefault(String tag, String defaultWindow, String effective) {
        assertThat(UpdateWindow.effective(tag, defaultWindow).orElse(null)).isEqualTo(effective);
    }
}
