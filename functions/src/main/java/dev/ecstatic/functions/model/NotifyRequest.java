package dev.ecstatic.functions.model;

import java.util.List;
import java.util.Objects;

/** An event worth telling people about; {@code executionId} is the execution ARN. */
public record NotifyRequest(NotificationKind kind, Cluster cluster, List<InstanceRef> instances, String details,
                            String executionId) {
    public NotifyRequest {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(cluster, "cluster");
        instances = Lists.bounded(instances, Inventory.MAX_LISTED, "instances");
    }
}
