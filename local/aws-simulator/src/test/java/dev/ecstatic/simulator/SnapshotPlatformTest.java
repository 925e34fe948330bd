package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The snapshot names each instance's platform as ECS's attributes describe it and the functions read it. */
class SnapshotPlatformTest {

    private static final String FLEET = """
            { "region": "us-east-1", "accountId": "123456789012", "latestAgentVersion": "1.89.0",
              "amis": [
                { "id": "ami-0al2023old", "name": "al2023-ami-ecs-hvm-2023.0.20240905-kernel-6.1-x86_64",
                  "creationDate": "2024-09-05T10:00:00Z", "agentVersion": "1.86.3" },
                { "id": "ami-0arm", "name": "al2023-ami-ecs-hvm-2023.0.20251210-kernel-6.1-arm64",
                  "architecture": "arm64", "creationDate": "2025-12-10T10:00:00Z", "agentVersion": "1.88.0" },
                { "id": "ami-0br", "name": "bottlerocket-aws-ecs-2-x86_64-v1.32.0-cacc4ce9",
                  "creationDate": "2025-12-05T10:00:00Z", "agentVersion": "1.88.0" },
                { "id": "ami-0win", "name": "Windows_Server-2022-English-Full-ECS_Optimized-2025.12.10",
                  "platform": "windows", "creationDate": "2025-12-10T10:00:00Z", "agentVersion": "1.88.0" } ],
              "clusters": [
                { "name": "plain", "instances": [ { "count": 1, "agentVersion": "1.86.3" } ] },
                { "name": "arm", "instances": [ { "count": 1, "agentVersion": "1.88.0", "amiId": "ami-0arm" } ] },
                { "name": "rocket", "instances": [ { "count": 1, "agentVersion": "1.88.0", "amiId": "ami-0br" } ] },
                { "name": "win", "instances": [ { "count": 1, "agentVersion": "1.88.0", "amiId": "ami-0win" } ] },
                { "name": "anywhere", "instances": [ { "count": 1, "agentVersion": "1.86.3", "external": true } ] } ] }
            """;

    @Test
    void eachInstanceIsNamedByOsAndArchitecture_bottlerocketByItsAmi() {
        try (AwsSimulator sim = Sim.start(Fleet.parse(FLEET, "test fleet"), MutableClock.at("2026-01-01T00:00:00Z"))) {
            Map<String, String> platforms = sim.snapshot().clusters().stream().collect(Collectors.toMap(
                    FleetSnapshot.ClusterState::name, c -> c.instances().getFirst().platform()));

            assertThat(platforms).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "plain", "linux/x86_64",
                    "arm", "linux/arm64",
                    "rocket", "bottlerocket/x86_64",
                    "win", "windows/x86_64",
                    "anywhere", "linux/x86_64"));
        }
    }
}
