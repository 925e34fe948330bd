package dev.ecstatic.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecstatic.simulator.Fleet;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An execution input naming one target and one of its clusters ({@code start --target A/R --cluster C}'s),
 * run by the engine against a fleet of several accounts and regions: that cluster, in that account and
 * region, is the only one visited, and the only one updated.
 */
class TargetReplayTest {

    static final String FLEET = """
            { "region": "us-east-1", "accountId": "111111111111", "seed": 3, "latestAgentVersion": "1.89.0",
              "recommended": { "amazon-linux-2023": { "ecs_agent_version": "1.88.0",
                  "ecs_runtime_version": "Docker version 25.0.8", "image_id": "ami-0al2023new" } },
              "clusters": [ { "name": "web", "instances": [ { "count": 2, "agentVersion": "1.86.3" } ] } ],
              "targets": [
                { "region": "eu-west-1",
                  "clusters": [ { "name": "web", "instances": [ { "count": 2, "agentVersion": "1.86.3" } ] } ] },
                { "accountId": "222222222222", "region": "us-east-1",
                  "clusters": [ { "name": "web", "instances": [ { "count": 2, "agentVersion": "1.86.3" } ] } ] },
                { "accountId": "222222222222", "region": "eu-west-1",
                  "clusters": [ { "name": "web", "instances": [ { "count": 2, "agentVersion": "1.86.3" } ] },
                                { "name": "api", "instances": [ { "count": 2, "agentVersion": "1.86.3" } ] } ] } ],
              "roles": [ { "account": "222222222222", "name": "ecstatic-member", "trusts": [ "111111111111" ] } ],
              "faults": { "throttle": false } }
            """;

    static Simulation start() throws Exception {
        return start(Map.of());
    }

    static Simulation start(Map<String, String> more) throws Exception {
        Fleet fleet = Fleet.parse(FLEET, "replay fleet");
        Map<String, String> parameters = new java.util.HashMap<>(
                FleetTargets.of(fleet).missingFrom(Map.of(), java.util.Set.of("Accounts", "Regions")));
        parameters.putAll(more);
        return Simulation.builder(dev.ecstatic.cli.Home.find(), fleet).parameters(parameters).start();
    }

    private static long digests(Simulation sim) {
        return sim.messages().stream().filter(m -> m.path("text").asText().startsWith("ecstatic daily digest")).count();
    }

    @Test
    void aTargetsReplaySendsNoDigest_whenTheScheduledRunWould() throws Exception {
        // DigestHourUtc 0: a digest is due at any hour of the day, to the first run that may send it.
        try (Simulation sim = start(Map.of("DigestHourUtc", "0"))) {
            SimulationReport.Run replay = sim.run("""
                    {"targets": [{"account": "222222222222", "region": "eu-west-1", "clusters": ["web"]}]}""").run();
            assertThat(replay.status()).as(replay.error() + ": " + replay.cause()).isEqualTo("SUCCEEDED");
            assertThat(digests(sim)).as("after the replay").isZero();

            SimulationReport.Run scheduled = sim.run("{}").run();
            assertThat(scheduled.status()).isEqualTo("SUCCEEDED");
            assertThat(digests(sim)).as("after the scheduled run").isEqualTo(1);
        }
    }

    @Test
    void aTargetsInputVisitsThatClusterInThatAccountAndRegionOnly() throws Exception {
        try (Simulation sim = start()) {
            SimulationReport.Run run = sim.run("""
                    {"targets": [{"account": "222222222222", "region": "eu-west-1", "clusters": ["web"]}]}""").run();

            assertThat(run.status()).as(run.error() + ": " + run.cause()).isEqualTo("SUCCEEDED");
            assertThat(run.clusters()).singleElement().satisfies(c -> {
                assertThat(c.cluster()).isEqualTo("web");
                assertThat(c.outcome()).isEqualTo("STARTED");
                assertThat(c.target()).isEqualTo("222222222222/eu-west-1");
            });
            Map<String, Map<String, Long>> calls = sim.callsByTarget();
            calls.forEach((target, byAction) -> assertThat(byAction.containsKey("UpdateContainerAgent"))
                    .as("UpdateContainerAgent in " + target).isEqualTo(target.equals("222222222222/eu-west-1")));
            assertThat(calls.get("222222222222/eu-west-1")).containsEntry("UpdateContainerAgent", 1L);
            assertThat(run.stats().stsOrganizationsCalls()).containsKey("AssumeRole");
            assertThat(run.stats().ecsCalls()).doesNotContainKey("AssumeRole");
        }
    }

    @Test
    void aTargetOutsideTheConfiguredOnesFailsTheRunNamingIt() throws Exception {
        try (Simulation sim = start()) {
            SimulationReport.Run run = sim.run("""
                    {"targets": [{"account": "999999999999", "region": "eu-west-1", "clusters": ["web"]}]}""").run();

            assertThat(run.status()).isEqualTo("FAILED");
            assertThat(run.error()).isEqualTo("ecstatic.InvalidInput");
            assertThat(run.cause()).contains("targets").contains("999999999999");
            assertThat(sim.callsByTarget().values()).noneMatch(byAction -> byAction.containsKey("UpdateContainerAgent"));
        }
    }
}
