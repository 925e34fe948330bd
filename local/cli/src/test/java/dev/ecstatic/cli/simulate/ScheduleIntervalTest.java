package dev.ecstatic.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScheduleIntervalTest {

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "rate(1 hour); PT1H",
            "rate(30 minutes); PT30M",
            "rate(1 minute); PT1M",
            "rate(2 days); PT48H",
            "cron(0 * * * ? *); PT1H",
            "at(2026-01-01T00:00:00); PT1H"})
    void simulatedRunsAreOneScheduleIntervalApart(String expression, Duration expected) {
        assertThat(Simulation.scheduleInterval(expression)).isEqualTo(expected);
    }
}
