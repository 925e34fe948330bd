package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.ServerException;
import software.amazon.awssdk.services.ecs.model.UpdateInProgressException;

class FaultsTest {

    private static Fleet fleet(String faults, int instances) {
        return fleet(faults, instances, 11);
    }

    private static Fleet fleet(String faults, int instances, long seed) {
        return Fleet.parse("""
                { "seed": %d, "latestAgentVersion": "1.89.0",
                  "clusters": [ { "name": "c", "instances": [ { "count": %d, "agentVersion": "1.86.3" } ] } ],
                  "faults": %s }
                """.formatted(seed, instances, faults), "faults.json");
    }

    private static EcsClient noRetries(AwsSimulator sim) {
        return Sim.ecs(sim, ClientOverrideConfiguration.builder().retryStrategy(AwsRetryStrategy.doNotRetry()).build());
    }

    @Test
    void throttling_clusterReadsBurst50ThenThrottlingExceptionAfterTheSdkRetries() {
        MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
        try (AwsSimulator sim = Sim.startWithRealTimeFrozen(fleet("{\"throttle\": true}", 1), clock); EcsClient ecs = Sim.ecs(sim)) {
            for (int k = 0; k < 50; k++) {
                ecs.listClusters();
            }
            assertThatThrownBy(ecs::listClusters)
                    .isInstanceOf(EcsException.class)
                    .satisfies(e -> {
                        EcsException x = (EcsException) e;
                        assertThat(x.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                        assertThat(x.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
                        assertThat(x.statusCode()).isEqualTo(400);
                        assertThat(x.isThrottlingException()).isTrue();
                        assertThat(x.numAttempts()).isGreaterThan(1);
                    });
            // the SDK retried: every attempt reached the simulator and is counted, the refused ones apart
            long attempts = sim.callsByAction().get("ListClusters");
            assertThat(attempts).isGreaterThan(51L);
            assertThat(sim.throttledByAction()).containsOnlyKeys("ListClusters");
            assertThat(sim.throttledByAction().get("ListClusters")).isEqualTo(attempts - 50);
            sim.resetCounters();
            assertThat(sim.throttledByAction()).isEmpty();

            // the cluster-resource bucket is separate and still full
            ecs.listContainerInstances(r -> r.cluster("c"));

            clock.advance(Duration.ofSeconds(1));   // refills 20 tokens on the simulator's clock
            for (int k = 0; k < 20; k++) {
                ecs.listClusters();
            }
            assertThatThrownBy(ecs::listClusters).isInstanceOf(EcsException.class);
        }
    }

    @Test
    void throttling_clusterResourceReadsBurst100() {
        MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
        try (AwsSimulator sim = Sim.startWithRealTimeFrozen(fleet("{\"throttle\": true}", 1), clock); EcsClient ecs = noRetries(sim)) {
            for (int k = 0; k < 100; k++) {
                ecs.listContainerInstances(r -> r.cluster("c"));
            }
            assertThatThrownBy(() -> ecs.describeContainerInstances(r -> r.cluster("c").containerInstances("x")))
                    .isInstanceOf(EcsException.class)
                    .hasMessageContaining("Rate exceeded");
        }
    }

    @Test
    void throttling_clusterResourceReadsRefill20PerSecond() {
        MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
        try (AwsSimulator sim = Sim.startWithRealTimeFrozen(fleet("{\"throttle\": true}", 1), clock); EcsClient ecs = noRetries(sim)) {
            for (int k = 0; k < 100; k++) {
                ecs.listContainerInstances(r -> r.cluster("c"));
            }
            assertThrottled(() -> ecs.listContainerInstances(r -> r.cluster("c")));

            clock.advance(Duration.ofSeconds(1));   // refills 20 tokens
            for (int k = 0; k < 20; k++) {
                ecs.listContainerInstances(r -> r.cluster("c"));
            }
            assertThrottled(() -> ecs.listContainerInstances(r -> r.cluster("c")));
        }
    }

    /**
     * UpdateContainerAgent is a "Cluster resource modify action": bucket 100, refill 40/s. Every call
     * takes a token, accepted or not: the first starts an update, the others answer
     * UpdateInProgressException until the bucket is empty.
     */
    @Test
    void throttling_updateContainerAgentBurst100ThenRefills40PerSecond() {
        MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
        try (AwsSimulator sim = Sim.startWithRealTimeFrozen(fleet("{\"throttle\": true}", 1), clock); EcsClient ecs = noRetries(sim)) {
            String arn = ecs.listContainerInstances(r -> r.cluster("c")).containerInstanceArns().get(0);
            Runnable update = () -> ecs.updateContainerAgent(r -> r.cluster("c").containerInstance(arn));

            update.run();
            for (int k = 1; k < 100; k++) {
                assertThatThrownBy(update::run).isInstanceOf(UpdateInProgressException.class);
            }
            assertThrottled(update::run);
            assertThat(sim.callsByAction().get("UpdateContainerAgent")).isEqualTo(101L);

            // the read buckets are separate and still full
            ecs.listClusters();
            ecs.listContainerInstances(r -> r.cluster("c"));

            clock.advance(Duration.ofSeconds(1));   // refills 40 tokens; the update is still PENDING
            for (int k = 0; k < 40; k++) {
                assertThatThrownBy(update::run).isInstanceOf(UpdateInProgressException.class);
            }
            assertThrottled(update::run);
        }
    }

    /**
     * ECS refills while a client backs off, even when the simulator's clock stands still (as the ASL
     * engine's simulated clock does during a Lambda invocation). The sleep makes at least 500 ms pass,
     * so at least 10 tokens of the 20/s bucket come back (the exact count is TokenBucketsTest's).
     */
    @Test
    void throttling_aRealBackoffRefillsTokens_whileTheSimulatedClockStandsStill() throws Exception {
        MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
        try (AwsSimulator sim = Sim.start(fleet("{\"throttle\": true}", 1), clock); EcsClient ecs = noRetries(sim)) {
            int burst = succeededUntilThrottled(ecs::listClusters);
            assertThat(burst).isGreaterThanOrEqualTo(50);

            Thread.sleep(500);

            assertThat(succeededUntilThrottled(ecs::listClusters)).isGreaterThanOrEqualTo(10);
        }
    }

    @Test
    void throttling_smallerBucketsFromTheFleetFile_applyToTheirCategoryOnly() {
        String faults = "{\"throttle\": true, \"throttleBuckets\": {\"clusterRead\": {\"burst\": 3, "
                + "\"refillPerSecond\": 0.001}}}";
        try (AwsSimulator sim = Sim.start(fleet(faults, 1), MutableClock.at("2026-01-01T00:00:00Z"));
                EcsClient ecs = noRetries(sim)) {
            assertThat(succeededUntilThrottled(ecs::listClusters)).isEqualTo(3);
            assertThat(succeededUntilThrottled(() -> ecs.listContainerInstances(r -> r.cluster("c"))))
                    .isGreaterThanOrEqualTo(100);
        }
    }

    /** Calls until ThrottlingException; how many calls succeeded before it. */
    private static int succeededUntilThrottled(Runnable call) {
        for (int n = 0; ; n++) {
            try {
                call.run();
            } catch (EcsException e) {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                return n;
            }
        }
    }

    private static void assertThrottled(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOf(EcsException.class)
                .satisfies(e -> {
                    EcsException x = (EcsException) e;
                    assertThat(x.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                    assertThat(x.statusCode()).isEqualTo(400);
                });
    }

    @Test
    void serverErrorRateOne_isServerExceptionAfterTheSdkRetries() {
        try (AwsSimulator sim = Sim.start(fleet("{\"throttle\": false, \"serverErrorRate\": 1.0}", 1),
                MutableClock.at("2026-01-01T00:00:00Z")); EcsClient ecs = Sim.ecs(sim)) {
            assertThatThrownBy(ecs::listClusters)
                    .isInstanceOf(ServerException.class)
                    .satisfies(e -> assertThat(((ServerException) e).statusCode()).isEqualTo(500));
            assertThat(sim.callsByAction().get("ListClusters")).isEqualTo(3L);   // SDK standard mode: 3 attempts
        }
    }

    @Test
    void serverErrors_followTheSeed() {
        assertThat(outcomes(11)).isEqualTo(outcomes(11)).contains("ok", "ServerException");
        assertThat(outcomes(11)).isNotEqualTo(outcomes(12));
    }

    private static List<String> outcomes(long seed) {
        Fleet f = Fleet.parse("""
                { "seed": %d, "latestAgentVersion": "1.89.0", "clusters": [ { "name": "c" } ],
                  "faults": { "throttle": false, "serverErrorRate": 0.5 } }
                """.formatted(seed), "f.json");
        List<String> out = new ArrayList<>();
        try (AwsSimulator sim = Sim.start(f, MutableClock.at("2026-01-01T00:00:00Z")); EcsClient ecs = noRetries(sim)) {
            for (int k = 0; k < 30; k++) {
                try {
                    ecs.listClusters();
                    out.add("ok");
                } catch (ServerException e) {
                    out.add("ServerException");
                }
            }
        }
        return out;
    }

    @Test
    void latency_delaysEveryEcsResponse() {
        try (AwsSimulator sim = Sim.start(fleet("{\"throttle\": false, \"latencyMs\": 150}", 1),
                MutableClock.at("2026-01-01T00:00:00Z")); EcsClient ecs = Sim.ecs(sim)) {
            long t0 = System.nanoTime();
            ecs.listClusters();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        }
    }

    @Test
    void disconnectChurn_dropsAgentsBrieflyAndTheyComeBack_sameForTheSameSeed() {
        String faults = "{\"throttle\": false, \"disconnectChurn\": 0.3, \"churnPeriodSeconds\": 600,"
                + " \"churnDownSeconds\": 30}";
        List<Integer> first = disconnectedOverAnHour(fleet(faults, 50));
        List<Integer> again = disconnectedOverAnHour(fleet(faults, 50));
        assertThat(first).isEqualTo(again);
        assertThat(first.stream().mapToInt(Integer::intValue).max().orElse(0)).isBetween(1, 49);
        assertThat(first).contains(0);   // there are moments when every agent is connected
        assertThat(disconnectedOverAnHour(fleet(faults, 50, 12))).isNotEqualTo(first);   // another seed, other blips
        assertThat(disconnectedOverAnHour(fleet("{\"throttle\": false}", 50))).containsOnly(0);
    }

    private static List<Integer> disconnectedOverAnHour(Fleet fleet) {
        MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
        List<Integer> counts = new ArrayList<>();
        try (AwsSimulator sim = Sim.start(fleet, clock)) {
            for (int s = 0; s < 3600; s += 10) {
                counts.add((int) sim.snapshot().clusters().get(0).instances().stream().filter(i -> !i.connected())
                        .count());
                clock.advanceSeconds(10);
            }
        }
        return counts;
    }
}
