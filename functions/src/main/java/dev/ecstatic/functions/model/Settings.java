package dev.ecstatic.functions.model;

/** The run's settings, resolved by ListClusters: execution input over template defaults. */
public record Settings(boolean dryRun, int maxUpdatesPerCluster, int maxRunMinutes, int pollSeconds,
                       int disconnectRecheckSeconds, String replaceInstances, int drainTimeoutMinutes,
                       int replaceTimeoutMinutes) {
    public Settings(boolean dryRun, int maxUpdatesPerCluster, int maxRunMinutes, int pollSeconds,
                    int disconnectRecheckSeconds) {
        this(dryRun, maxUpdatesPerCluster, maxRunMinutes, pollSeconds, disconnectRecheckSeconds, "never", 30, 20);
    }

    public Settings {
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
    }

    public Settings withOverrides(Boolean dryRun, Integer maxUpdatesPerCluster) {
        return new Settings(dryRun != null ? dryRun : this.dryRun,
                maxUpdatesPerCluster != null ? maxUpdatesPerCluster : this.maxUpdatesPerCluster,
                maxRunMinutes, pollSeconds, disconnectRecheckSeconds, replaceInstances, drainTimeoutMinutes,
                replaceTimeoutMinutes);
    }
}
