package dev.ecstatic.functions.model;

import java.util.Objects;

/** Something UpdateOneAgent learned about one instance that a person should act on. */
public record Finding(String ec2InstanceId, String containerInstanceId, String finding) {
    public Finding {
        Objects.requireNonNull(containerInstanceId, "containerInstanceId");
        Objects.requireNonNull(finding, "finding");
    }
}
