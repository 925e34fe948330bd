package dev.ecstatic.functions;

import dev.ecstatic.functions.model.Settings;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * ListClusters' configuration: the template's defaults for every run's settings, the clusters
 * the ExcludeClusters parameter leaves out, and the runs bucket the run's clusters are written to
 * (ECSTATIC_RUNS_BUCKET; null where none is configured: only a request naming its run needs it).
 */
record ListClustersConfig(Settings defaults, List<String> excludeClusters, Log.Level logLevel, String runsBucket) {
    static final String RUNS_BUCKET = "ECSTATIC_RUNS_BUCKET";

    ListClustersConfig {
        Objects.requireNonNull(defaults, "defaults");
        excludeClusters = List.copyOf(excludeClusters);
        Objects.requireNonNull(logLevel, "logLevel");
    }

    ListClustersConfig(Settings defaults, List<String> excludeClusters, Log.Level logLevel) {
        this(defaults, excludeClusters, logLevel, null);
    }

    static ListClustersConfig from(Map<String, String> env) {
        Settings defaults = new Settings(
                Env.bool(env, "ECSTATIC_DRY_RUN", false),
                Env.integer(env, "ECSTATIC_MAX_UPDATES_PER_CLUSTER", 1, 1, 100),
                Env.integer(env, "ECSTATIC_MAX_RUN_MINUTES", 45, 1, 525_600),
                Env.integer(env, "ECSTATIC_POLL_SECONDS", 30, 1, 86_400),
                Env.integer(env, "ECSTATIC_DISCONNECT_RECHECK_SECONDS", 60, 0, 86_400),
                replaceInstances(env),
                Env.integer(env, "ECSTATIC_DRAIN_TIMEOUT_MINUTES", Settings.DEFAULT_DRAIN_TIMEOUT_MINUTES, 1,
                        Settings.MAX_TIMEOUT_MINUTES),
                Env.integer(env, "ECSTATIC_REPLACE_TIMEOUT_MINUTES", Settings.DEFAULT_REPLACE_TIMEOUT_MINUTES, 1,
                        Settings.MAX_TIMEOUT_MINUTES));
        String exclude = Env.string(env, "ECSTATIC_EXCLUDE_CLUSTERS");
        List<String> names = exclude == null ? List.of()
                : Arrays.stream(exclude.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        return new ListClustersConfig(defaults, names, Log.level(env), Env.string(env, RUNS_BUCKET));
    }

    /** The ReplaceInstances parameter, exactly as its AllowedValues spell it. */
    private static String replaceInstances(Map<String, String> env) {
        String value = Env.string(env, "ECSTATIC_REPLACE_INSTANCES");
        if (value == null) {
            return Settings.DEFAULT_REPLACE_INSTANCES;
        }
        if (!Settings.REPLACE_MODES.contains(value)) {
            throw new IllegalStateException("ECSTATIC_REPLACE_INSTANCES is '" + InventoryBuilder.truncate(value, 40)
                    + "': set it to never, unupdatable or drifted (default never)");
        }
        return value;
    }
}
