package dev.ecstatic.functions.model;

import java.util.Objects;

/**
 * An Auto Scaling group whose AMI (for at least one of its instances' types) is older than the
 * recommended AMI of its platform: only the launch template's owner can bring it forward.
 */
public record GroupBehind(String group, String ami, String recommendedAmi) {
    public GroupBehind {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(ami, "ami");
        Objects.requireNonNull(recommendedAmi, "recommendedAmi");
    }
}
