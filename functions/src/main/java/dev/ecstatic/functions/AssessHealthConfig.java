package dev.ecstatic.functions;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Assess health's configuration: the log level and StuckUpdateMinutes
 * (ECSTATIC_STUCK_UPDATE_MINUTES, default 60, 1–10080 = a week): how long an agent update may stay
 * under way before it blocks its cluster as UPDATE_STUCK; and DefaultUpdateWindow
 * (ECSTATIC_DEFAULT_UPDATE_WINDOW, empty = any time), the update window of a cluster without an
 * ecstatic:window tag.
 */
record AssessHealthConfig(Log.Level logLevel, Duration stuckAfter, String defaultWindow) {
    static final String STUCK_UPDATE_MINUTES = "ECSTATIC_STUCK_UPDATE_MINUTES";
    static final int MAX_STUCK_UPDATE_MINUTES = 7 * 24 * 60;

    AssessHealthConfig {
        Objects.requireNonNull(logLevel, "logLevel");
        Objects.requireNonNull(stuckAfter, "stuckAfter");
    }

    static final String DEFAULT_UPDATE_WINDOW = "ECSTATIC_DEFAULT_UPDATE_WINDOW";

    AssessHealthConfig(Log.Level logLevel, Duration stuckAfter) {
        this(logLevel, stuckAfter, null);
    }

    static AssessHealthConfig from(Map<String, String> env) {
        String window = Env.string(env, DEFAULT_UPDATE_WINDOW);
        if (window != null) {
            try {
                UpdateWindow.parse(window);
            } catch (UpdateWindow.InvalidWindowException e) {
                throw new IllegalStateException(DEFAULT_UPDATE_WINDOW + ": " + e.getMessage());
            }
        }
        return new AssessHealthConfig(Log.level(env), Duration.ofMinutes(Env.integer(env, STUCK_UPDATE_MINUTES,
                HealthRules.DEFAULT_STUCK_UPDATE_MINUTES, 1, MAX_STUCK_UPDATE_MINUTES)), window);
    }
}
