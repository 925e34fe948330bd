package dev.ecstatic.functions;

import java.util.Map;

/**
 * Conclude's own setting: {@code remindAfterHours} (ECSTATIC_REMIND_AFTER_HOURS, template parameter
 * RemindAfterHours, default {@value #DEFAULT_REMIND_AFTER_HOURS}, 0 = never), read once. Where the alert
 * goes is Notify's configuration ({@link NotifyConfig}), read by the NotifyHandler that posts it.
 */
record ConcludeConfig(int remindAfterHours, Log.Level logLevel) {
    static final int DEFAULT_REMIND_AFTER_HOURS = 24;
    /** The template parameter's maximum: 30 days. */
    static final int MAX_REMIND_AFTER_HOURS = 720;

    ConcludeConfig {
        if (remindAfterHours < 0 || remindAfterHours > MAX_REMIND_AFTER_HOURS) {
            throw new IllegalStateException("remindAfterHours must be 0 to " + MAX_REMIND_AFTER_HOURS + ", was "
                    + remindAfterHours);
        }
    }

    static ConcludeConfig from(Map<String, String> env) {
        return new ConcludeConfig(Env.integer(env, "ECSTATIC_REMIND_AFTER_HOURS", DEFAULT_REMIND_AFTER_HOURS, 0,
                MAX_REMIND_AFTER_HOURS), Log.level(env));
    }
}
