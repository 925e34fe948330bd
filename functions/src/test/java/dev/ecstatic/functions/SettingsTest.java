package dev.ecstatic.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecstatic.functions.model.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The run's settings: the replacement path's three components, their bounds, and JSON from before them. */
class SettingsTest {

    @Test
    void theFiveComponentConstructor_replacesNothing() {
        Settings settings = new Settings(true, 2, 45, 30, 60);

        assertThat(settings.replaceInstances()).isEqualTo("never");
        assertThat(settings.drainTimeoutMinutes()).isEqualTo(30);
        assertThat(settings.replaceTimeoutMinutes()).isEqualTo(20);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", delimiter = '|', textBlock = """
            NULL        | 30   | 20   | replaceInstances is null: never, unupdatable or drifted was expected
            always      | 30   | 20   | replaceInstances must be never, unupdatable or drifted, was 'always'
            DRIFTED     | 30   | 20   | replaceInstances must be never, unupdatable or drifted, was 'DRIFTED'
            ''          | 30   | 20   | replaceInstances must be never, unupdatable or drifted, was ''
            never       | 0    | 20   | drainTimeoutMinutes must be 1-1440, was 0
            never       | 1441 | 20   | drainTimeoutMinutes must be 1-1440, was 1441
            never       | 30   | 0    | replaceTimeoutMinutes must be 1-1440, was 0
            never       | 30   | -5   | replaceTimeoutMinutes must be 1-1440, was -5
            NULL        | 0    | 20   | replaceInstances is null: never, unupdatable or drifted was expected
            """)
    void outOfRangeReplacementSettings_areRefusedNamingTheComponent(String mode, int drain, int replace, String message) {
        assertThatThrownBy(() -> new Settings(false, 1, 45, 30, 60, mode, drain, replace))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource({"never, 1, 1", "unupdatable, 1440, 1440", "drifted, 5, 120"})
    void inRangeReplacementSettings_areKept(String mode, int drain, int replace) {
        Settings settings = new Settings(false, 1, 45, 30, 60, mode, drain, replace);

        assertThat(settings.replaceInstances()).isEqualTo(mode);
        assertThat(settings.drainTimeoutMinutes()).isEqualTo(drain);
        assertThat(settings.replaceTimeoutMinutes()).isEqualTo(replace);
    }

    @Test
    void aHugeModeIsCutInTheMessage() {
        assertThatThrownBy(() -> new Settings(false, 1, 45, 30, 60, "x".repeat(10_000), 30, 20))
                .message().hasSizeLessThan(120).endsWith("…'");
    }

    @ParameterizedTest
    @CsvSource({"never, 0", "unupdatable, 1", "drifted, 2", "always, -1", "Never, -1"})
    void theModesAreOrderedFromLeastToMostReplaced(String mode, int rank) {
        assertThat(Settings.replaceRank(mode)).isEqualTo(rank);
    }

    @Test
    void overridesKeepWhatTheInputLeavesOut() {
        Settings deployed = new Settings(false, 1, 45, 30, 60, "drifted", 40, 25);

        assertThat(deployed.withOverrides(null, null, null)).isEqualTo(deployed);
        assertThat(deployed.withOverrides(true, 3, "never")).isEqualTo(new Settings(true, 3, 45, 30, 60, "never", 40, 25));
        assertThat(deployed.withOverrides(true, null)).isEqualTo(new Settings(true, 1, 45, 30, 60, "drifted", 40, 25));
    }

    @Test
    void settingsWrittenBeforeTheReplacementPath_readAsNever() {
        Settings old = Fixtures.fromJson("""
                {"dryRun":false,"maxUpdatesPerCluster":1,"maxRunMinutes":45,"pollSeconds":30,
                 "disconnectRecheckSeconds":60}""", Settings.class);

        assertThat(old).isEqualTo(new Settings(false, 1, 45, 30, 60, "never", 30, 20));
    }

    @Test
    void settingsWithTimeoutsButNoMode_areRefusedWhenTheRuntimeReadsThem() {
        assertThatThrownBy(() -> Fixtures.fromJson("""
                {"dryRun":false,"maxUpdatesPerCluster":1,"maxRunMinutes":45,"pollSeconds":30,
                 "disconnectRecheckSeconds":60,"drainTimeoutMinutes":30,"replaceTimeoutMinutes":20}""", Settings.class))
                .rootCause().isInstanceOf(IllegalArgumentException.class)
                .hasMessage("replaceInstances is null: never, unupdatable or drifted was expected");
    }

    @Test
    void theReplacementSettingsRoundTripWithTheContractsNames() {
        Settings settings = new Settings(true, 2, 45, 30, 60, "unupdatable", 40, 25);

        String json = Fixtures.toJson(settings, Settings.class);

        assertThat(json).isEqualTo("{\"dryRun\":true,\"maxUpdatesPerCluster\":2,\"maxRunMinutes\":45,\"pollSeconds\":30,"
                + "\"disconnectRecheckSeconds\":60,\"replaceInstances\":\"unupdatable\",\"drainTimeoutMinutes\":40,"
                + "\"replaceTimeoutMinutes\":25}");
        assertThat(Fixtures.fromJson(json, Settings.class)).isEqualTo(settings);
    }
}
