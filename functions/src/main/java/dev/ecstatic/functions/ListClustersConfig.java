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
record ListClustersConfig(Settings defaults, List<String> excludeClusters, Log.Level logLevel, String runsBucket,
                          List<String> accounts, List<String> regions) {
    static final String RUNS_BUCKET = "ECSTATIC_RUNS_BUCKET";
    static final String ACCOUNTS = "ECSTATIC_ACCOUNTS";
    static final String REGIONS = "ECSTATIC_REGIONS";
    /** An organizational unit (ou-xxxx-xxxxxxxx) or an organization's root (r-xxxx). */
    static final java.util.regex.Pattern UNIT = java.util.regex.Pattern.compile("ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32}");

    /**
     * @param accounts the Accounts parameter: account ids and organizational units (empty: this account only)
     * @param regions  the Regions parameter (empty: this function's region only)
     */
    ListClustersConfig {
        Objects.requireNonNull(defaults, "defaults");
        excludeClusters = List.copyOf(excludeClusters);
        Objects.requireNonNull(logLevel, "logLevel");
        accounts = List.copyOf(accounts);
        regions = List.copyOf(regions);
    }

    ListClustersConfig(Settings defaults, List<String> excludeClusters, Log.Level logLevel) {
        this(defaults, excludeClusters, logLevel, null);
    }

    ListClustersConfig(Settings defaults, List<String> excludeClusters, Log.Level logLevel, String runsBucket) {
        this(defaults, excludeClusters, logLevel, runsBucket, List.of(), List.of());
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
        return new ListClustersConfig(defaults, names, Log.level(env), Env.string(env, RUNS_BUCKET),
                accounts(env), regions(env));
    }

    /** Account ids and organizational units, each checked: a typo must not silently leave accounts out. */
    private static List<String> accounts(Map<String, String> env) {
        List<String> accounts = list(env, ACCOUNTS);
        for (String account : accounts) {
            if (!ExecutionInput.ACCOUNT.matcher(account).matches() && !UNIT.matcher(account).matches()) {
                throw new IllegalStateException(ACCOUNTS + " holds '" + InventoryBuilder.truncate(account, 40)
                        + "': set it to 12-digit account ids and organizational units (ou-…, or the root r-…),"
                        + " separated by commas, or leave it empty for this account only");
            }
        }
        return accounts;
    }

    private static List<String> regions(Map<String, String> env) {
        List<String> regions = list(env, REGIONS);
        for (String region : regions) {
            if (!ExecutionInput.REGION.matcher(region).matches()) {
                throw new IllegalStateException(REGIONS + " holds '" + InventoryBuilder.truncate(region, 40)
                        + "': set it to region names such as us-east-1,eu-west-1, or leave it empty for this"
                        + " stack's region only");
            }
        }
        return regions;
    }

    private static List<String> list(Map<String, String> env, String name) {
        String value = Env.string(env, name);
        return value == null ? List.of()
                : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
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
