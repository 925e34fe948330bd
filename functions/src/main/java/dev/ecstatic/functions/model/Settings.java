package dev.ecstatic.functions.model;

import java.util.List;

/**
 * The run's settings, resolved by ListClusters: execution input over template defaults.
 *
 * @param replaceInstances      what may be drained and replaced through its Auto Scaling group:
 *                              {@code never}, {@code unupdatable} or {@code drifted} ({@link #REPLACE_MODES})
 * @param drainTimeoutMinutes   how long a drain may take before the instance is set ACTIVE again
 * @param replaceTimeoutMinutes after the drain, how long the group may take to register a replacement
 */
public record Settings(boolean dryRun, int maxUpdatesPerCluster, int maxRunMinutes, int pollSeconds,
                       int disconnectRecheckSeconds, String replaceInstances, int drainTimeoutMinutes,
                       int replaceTimeoutMinutes) {
    /** The ReplaceInstances modes from the least to the most replaced: an input may only move down this list. */
    public static final List<String> REPLACE_MODES = List.of("never", "unupdatable", "drifted");
    public static final String DEFAULT_REPLACE_INSTANCES = "never";
    public static final int DEFAULT_DRAIN_TIMEOUT_MINUTES = 30;
    public static final int DEFAULT_REPLACE_TIMEOUT_MINUTES = 20;
    /** A day: the longest run (MaxRunMinutes 1440). */
    public static final int MAX_TIMEOUT_MINUTES = 1440;

    public Settings {
        // Settings written before the replacement path (an execution in flight across a deploy) carry none
        // of its three fields: they read as "never", which replaces nothing, as those runs expected.
        if (replaceInstances == null && drainTimeoutMinutes == 0 && replaceTimeoutMinutes == 0) {
            replaceInstances = DEFAULT_REPLACE_INSTANCES;
            drainTimeoutMinutes = DEFAULT_DRAIN_TIMEOUT_MINUTES;
            replaceTimeoutMinutes = DEFAULT_REPLACE_TIMEOUT_MINUTES;
        }
        if (maxUpdatesPerCluster < 1 || maxUpdatesPerCluster > 100) {
            throw new IllegalArgumentException("maxUpdatesPerCluster must be 1-100, was " + maxUpdatesPerCluster);
        }
        if (maxRunMinutes < 1) {
            throw new IllegalArgumentException("maxRunMinutes must be at least 1, was " + maxRunMinutes);
        }
        if (pollSeconds < 1) {
            throw new IllegalArgumentException("pollSeconds must be at least 1, was " + pollSeconds);
        }
        if (disconnectRecheckSeconds < 0) {
            throw new IllegalArgumentException("disconnectRecheckSeconds must not be negative");
        }
        if (replaceInstances == null) {
            throw new IllegalArgumentException("replaceInstances is null: never, unupdatable or drifted was expected");
        }
        if (!REPLACE_MODES.contains(replaceInstances)) {
            throw new IllegalArgumentException("replaceInstances must be never, unupdatable or drifted, was '"
                    + (replaceInstances.length() > 40 ? replaceInstances.substring(0, 40) + "…" : replaceInstances) + "'");
        }
        if (drainTimeoutMinutes < 1 || drainTimeoutMinutes > MAX_TIMEOUT_MINUTES) {
            throw new IllegalArgumentException("drainTimeoutMinutes must be 1-1440, was " + drainTimeoutMinutes);
        }
        if (replaceTimeoutMinutes < 1 || replaceTimeoutMinutes > MAX_TIMEOUT_MINUTES) {
            throw new IllegalArgumentException("replaceTimeoutMinutes must be 1-1440, was " + replaceTimeoutMinutes);
        }
    }

    /** Without the replacement settings: nothing is replaced ({@code never}, 30, 20). */
    public Settings(boolean dryRun, int maxUpdatesPerCluster, int maxRunMinutes, int pollSeconds,
                    int disconnectRecheckSeconds) {
        this(dryRun, maxUpdatesPerCluster, maxRunMinutes, pollSeconds, disconnectRecheckSeconds,
                DEFAULT_REPLACE_INSTANCES, DEFAULT_DRAIN_TIMEOUT_MINUTES, DEFAULT_REPLACE_TIMEOUT_MINUTES);
    }

    /** The position of a mode in {@link #REPLACE_MODES} (never 0, unupdatable 1, drifted 2); -1 if it is none. */
    public static int replaceRank(String mode) {
        return REPLACE_MODES.indexOf(mode);
    }

    /** These settings with the execution input's values, each null = keep the template's. */
    public Settings withOverrides(Boolean dryRun, Integer maxUpdatesPerCluster, String replaceInstances) {
        return new Settings(dryRun != null ? dryRun : this.dryRun,
                maxUpdatesPerCluster != null ? maxUpdatesPerCluster : this.maxUpdatesPerCluster,
                maxRunMinutes, pollSeconds, disconnectRecheckSeconds,
                replaceInstances != null ? replaceInstances : this.replaceInstances,
                drainTimeoutMinutes, replaceTimeoutMinutes);
    }

    public Settings withOverrides(Boolean dryRun, Integer maxUpdatesPerCluster) {
        return withOverrides(dryRun, maxUpdatesPerCluster, null);
    }
}
