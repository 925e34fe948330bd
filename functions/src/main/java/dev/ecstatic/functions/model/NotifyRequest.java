package dev.ecstatic.functions.model;

import java.util.List;
import java.util.Objects;

/**
 * An event worth telling people about; {@code executionId} is the execution ARN. {@code retryCount}
 * is the state's retry count from the context object (absent = 0): at {@code NotifyHandler.MAX_RETRIES}
 * a failing webhook is given up on and counted rather than retried.
 */
public record NotifyRequest(NotificationKind kind, Cluster cluster, List<InstanceRef> instances, String details,
                            String executionId, int retryCount) {
    public NotifyRequest {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(cluster, "cluster");
        instances = Lists.bounded(instances, Inventory.MAX_LISTED, "instances");
        if (retryCount < 0) {
            throw new IllegalArgumentException("retryCount must not be negative, was " + retryCount);
        }
    }
}
