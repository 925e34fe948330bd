package dev.ecstatic.functions.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What this run did in one cluster: the per-cluster record of the execution output
 * (docs/payloads.md). {@code account} and {@code region} name the cluster's target, from its ARN
 * ({@link Cluster#account()}, {@link Cluster#region()}); null only where no ARN is known (a result line
 * that could not be read, a failed child without its Input). {@code detail} is at most {@value #MAX_DETAIL} characters; {@code
 * notificationsFailed} is absent (null) unless some notification of this branch failed. {@code amis}
 * is the cluster's AMI drift as counts per class (docs/replacement.md), only the classes other than
 * AMI_CURRENT with at least one instance, and only when some instance is BEHIND_ASG or ASG_BEHIND;
 * absent (null) otherwise.
 */
public record RunRecord(String cluster, String account, String region, Outcome outcome, List<String> instances,
                        String detail, Integer notificationsFailed, Map<AmiClass, Integer> amis) {
    public static final int MAX_DETAIL = 60;
    /**
     * An account id has 12 digits and a region name about 15 characters: anything longer is not one, and
     * would make every record of the run larger (the Map's result is one 256 KiB payload).
     */
    public static final int MAX_TARGET_PART = 32;

    public RunRecord {
        Objects.requireNonNull(cluster, "cluster");
        account = targetPart(account, "account");
        region = targetPart(region, "region");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
        instances = Lists.copy(instances);
        if (detail.codePointCount(0, detail.length()) > MAX_DETAIL) {
            throw new IllegalArgumentException("detail holds at most " + MAX_DETAIL + " characters, got "
                    + detail.codePointCount(0, detail.length()));
        }
        if (notificationsFailed != null && notificationsFailed < 0) {
            throw new IllegalArgumentException("notificationsFailed must not be negative, was " + notificationsFailed);
        }
        if (notificationsFailed != null && notificationsFailed == 0) {
            notificationsFailed = null;
        }
        if (amis != null) {
            Map<AmiClass, Integer> drifting = new java.util.EnumMap<>(AmiClass.class);
            amis.forEach((c, n) -> {
                if (c != AmiClass.AMI_CURRENT && n != null && n > 0) {
                    drifting.put(c, n);
                }
            });
            // Only where a group is involved: a cluster outside Auto Scaling groups (most clusters of a fleet
            // without them) keeps its record as small as before, for the Map's 256 KiB result.
            boolean actionable = drifting.containsKey(AmiClass.BEHIND_ASG) || drifting.containsKey(AmiClass.ASG_BEHIND);
            amis = actionable ? java.util.Collections.unmodifiableMap(drifting) : null;
        }
    }

    /** The record of {@code cluster}, in the account and region its ARN names, without AMI drift. */
    public static RunRecord of(Cluster cluster, Outcome outcome, List<String> instances, String detail,
                               Integer notificationsFailed) {
        return new RunRecord(cluster.name(), cluster.account(), cluster.region(), outcome, instances, detail,
                notificationsFailed, null);
    }

    /** The same record with the cluster's AMI drift. */
    public RunRecord withAmis(Map<AmiClass, Integer> counts) {
        return new RunRecord(cluster, account, region, outcome, instances, detail, notificationsFailed, counts);
    }

    /** The same record with one more failed notification counted. */
    public RunRecord withOneMoreFailedNotification() {
        return new RunRecord(cluster, account, region, outcome, instances, detail,
                notificationsFailed == null ? 1 : notificationsFailed + 1, amis);
    }

    /** Blank is unknown (null); longer than {@link #MAX_TARGET_PART} is refused, naming the field. */
    private static String targetPart(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_TARGET_PART) {
            throw new IllegalArgumentException(field + " holds at most " + MAX_TARGET_PART + " characters, got "
                    + value.length());
        }
        return value;
    }
}
