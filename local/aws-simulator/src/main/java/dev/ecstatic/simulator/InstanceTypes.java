package dev.ecstatic.simulator;

import java.util.Map;

/**
 * The CPU units and memory an EC2 instance type registers with ECS, from its size (the part after the
 * dot) and family letter. ECS registers 1,024 CPU units per vCPU and the instance's memory less what the
 * operating system and the agent keep
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/memory-management.html); the simulator
 * uses round figures of the general-purpose families (a {@code large} registers 7,680 MiB of its 8 GiB),
 * halves them for compute-optimised ({@code c}) types and doubles them for memory-optimised ({@code r},
 * {@code x}) ones. Unknown sizes count as {@code large}.
 */
final class InstanceTypes {

    private InstanceTypes() {
    }

    /** vCPUs by size. */
    private static final Map<String, Integer> VCPUS = Map.ofEntries(
            Map.entry("nano", 2), Map.entry("micro", 2), Map.entry("small", 2), Map.entry("medium", 2),
            Map.entry("large", 2), Map.entry("xlarge", 4));

    /** Registered memory in MiB of a general-purpose type by size. */
    private static final Map<String, Integer> MEMORY = Map.ofEntries(
            Map.entry("nano", 458), Map.entry("micro", 944), Map.entry("small", 1_944), Map.entry("medium", 3_828),
            Map.entry("large", 7_680), Map.entry("xlarge", 15_576));

    /** The CPU units the type registers (1,024 per vCPU). */
    static int cpu(String instanceType) {
        return vcpus(size(instanceType)) * 1024;
    }

    /** The memory in MiB the type registers. */
    static int memory(String instanceType) {
        String size = size(instanceType);
        int general = multiple(size) > 0 ? multiple(size) * MEMORY.get("xlarge") : MEMORY.getOrDefault(size, 7_680);
        char family = instanceType.isEmpty() ? 'm' : instanceType.charAt(0);
        return switch (family) {
            case 'c' -> general / 2;
            case 'r', 'x' -> general * 2;
            default -> general;
        };
    }

    private static int vcpus(String size) {
        int n = multiple(size);
        return n > 0 ? 4 * n : VCPUS.getOrDefault(size, 2);
    }

    /** N of an {@code Nxlarge} size, else 0. */
    private static int multiple(String size) {
        if (size.length() > "xlarge".length() && size.endsWith("xlarge")) {
            String n = size.substring(0, size.length() - "xlarge".length());
            if (n.chars().allMatch(Character::isDigit) && n.length() <= 3) {
                return Integer.parseInt(n);
            }
        }
        return 0;
    }

    private static String size(String instanceType) {
        int dot = instanceType.indexOf('.');
        return dot < 0 ? "large" : instanceType.substring(dot + 1);
    }
}
