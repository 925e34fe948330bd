package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AgentUpdateStatus;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.MissingVersionException;
import software.amazon.awssdk.services.ecs.model.NoUpdateAvailableException;
import software.amazon.awssdk.services.ecs.model.UpdateContainerAgentResponse;
import software.amazon.awssdk.services.ecs.model.UpdateInProgressException;

/** The agent update lifecycle on a test clock, and every exception UpdateContainerAgent documents. */
class UpdateContainerAgentTest {

    // "special" cluster, in fleet order
    private static final int WINDOWS = 0;
    private static final int ARM64 = 1;
    private static final int EXTERNAL = 2;
    private static final int DISCONNECTED = 3;
    private static final int MISSING_VERSION = 4;
    private static final int NO_UPDATE_PATH = 5;
    private static final int FAIL_UPDATE = 6;
    private static final int STUCK = 7;
    private static final int ALREADY_STAGED = 8;

    private final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
    private AwsSimulator sim;
    private EcsClient ecs;

    @BeforeEach
    void start() {
        sim = Sim.start(Sim.testFleet(), clock);
        ecs = Sim.ecs(sim);
    }

    @AfterEach
    void stop() {
        ecs.close();
        sim.close();
    }

    @Test
    void update_walksPendingStagingStagedUpdatingUpdated_onTheClock() {
        String arn = instance("prod-web", 0);

        UpdateContainerAgentResponse started = ecs.updateContainerAgent(r -> r.cluster("prod-web").containerInstance(arn));
        assertThat(started.containerInstance().agentUpdateStatus()).isEqualTo(AgentUpdateStatus.PENDING);
        assertThat(started.containerInstance().containerInstanceArn()).isEqualTo(arn);

        assertState(arn, "PENDING", "1.86.3", true);
        clock.advanceSeconds(4);
        assertState(arn, "PENDING", "1.86.3", true);
        clock.advanceSeconds(1);               // 5 s: PENDING lasts 5 s
        assertState(arn, "STAGING", "1.86.3", true);
        clock.advanceSeconds(20);              // 25 s
        assertState(arn, "STAGED", "1.86.3", true);
        clock.advanceSeconds(5);               // 30 s
        assertState(arn, "UPDATING", "1.86.3", false);
        clock.advanceSeconds(14);              // 44 s
        assertState(arn, "UPDATING", "1.86.3", false);
        clock.advanceSeconds(1);               // 45 s: done
        assertState(arn, "UPDATED", "1.89.0", true);

        // this one, the fleet's 1.89.0 instance, and "special"'s instance that started out STAGED
        assertThat(sim.snapshot().agentVersionCounts()).containsEntry("1.89.0", 3L);
        assertThat(sim.snapshot().updateStatusCounts()).containsEntry("UPDATED", 2L);
    }

    @Test
    void update_thatIsLongOverIsSeenAsUpdatedInOneStep() {
        String arn = instance("prod-web", 1);
        ecs.updateContainerAgent(r -> r.cluster("prod-web").containerInstance(arn));
        clock.advanceSeconds(3600);
        assertState(arn, "UPDATED", "1.89.0", true);
        assertThatThrownBy(() -> ecs.updateContainerAgent(r -> r.cluster("prod-web").containerInstance(arn)))
                .isInstanceOf(NoUpdateAvailableException.class);
    }

    @Test
    void update_withZeroSecondPhases_isUpdatedAtTheNextLook() {
        Fleet instant = Fleet.parse("""
                { "latestAgentVersion": "1.89.0",
                  "updateSeconds": { "PENDING": 0, "STAGING": 0, "STAGED": 0, "UPDATING": 0 },
                  "clusters": [ { "name": "c", "instances": [ { "agentVersion": "1.86.3" } ] } ] }
                """, "instant.json");
        try (AwsSimulator other = Sim.start(instant, clock); EcsClient c = Sim.ecs(other)) {
            String arn = c.listContainerInstances(r -> r.cluster("c")).containerInstanceArns().get(0);
            c.updateContainerAgent(r -> r.cluster("c").containerInstance(arn));
            ContainerInstance ci = c.describeContainerInstances(r -> r.cluster("c").containerInstances(arn))
                    .containerInstances().get(0);
            assertThat(ci.agentUpdateStatus()).isEqualTo(AgentUpdateStatus.UPDATED);
            assertThat(ci.versionInfo().agentVersion()).isEqualTo("1.89.0");
        }
    }

    @Test
    void update_whileOneRuns_isUpdateInProgressException() {
        String arn = instance("prod-web", 0);
        ecs.updateContainerAgent(r -> r.cluster("prod-web").containerInstance(arn));
        for (long s : new long[] {0, 10, 20, 10}) {   // PENDING, STAGING, STAGED, UPDATING
            clock.advanceSeconds(s);
            assertThatThrownBy(() -> ecs.updateContainerAgent(r -> r.cluster("prod-web").containerInstance(arn)))
                    .isInstanceOf(UpdateInProgressException.class);
        }
    }

    @Test
    void concurrentUpdatesOfOneInstance_exactlyOneIsAccepted() throws Exception {
        String arn = instance("prod-web", 0);
        long inProgressBefore = inProgress(sim.snapshot().clusters().stream());
        int threads = 16;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<String>> outcomes = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                outcomes.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    try {
                        return ecs.updateContainerAgent(r -> r.cluster("prod-web").containerInstance(arn))
                                .containerInstance().agentUpdateStatusAsString();
                    } catch (UpdateInProgressException e) {
                        return e.awsErrorDetails().errorCode();
                    }
                }));
            }
            List<String> results = new ArrayList<>();
            for (Future<String> f : outcomes) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(results).hasSize(threads)
                    .containsOnly("PENDING", "UpdateInProgressException")
                    .filteredOn("PENDING"::equals).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(sim.callsByAction()).containsEntry("UpdateContainerAgent", (long) threads);

        FleetSnapshot after = sim.snapshot();
        assertThat(inProgress(after.clusters().stream())).isEqualTo(inProgressBefore + 1);
        assertThat(after.clusters().stream().filter(c -> c.name().equals("prod-web")).flatMap(c -> c.instances().stream())
                .filter(i -> i.agentUpdateStatus() != null))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.containerInstanceArn()).isEqualTo(arn);
                    assertThat(i.agentUpdateStatus()).isEqualTo("PENDING");
                });
    }

    private static long inProgress(Stream<FleetSnapshot.ClusterState> clusters) {
        return clusters.flatMap(c -> c.instances().stream())
                .filter(i -> SimInstance.isInProgress(i.agentUpdateStatus()))
                .count();
    }

    @Test
    void update_ofAnInstanceAlreadyMidUpdateInTheFleetFile_carriesOnFromThatPhase() {
        String arn = instance("special", ALREADY_STAGED);
        assertState("special", arn, "STAGED", "1.85.0", true);
        assertThatThrownBy(() -> ecs.updateContainerAgent(r -> r.cluster("special").containerInstance(arn)))
                .isInstanceOf(UpdateInProgressException.class);
        clock.advanceSeconds(5 + 15);
        assertState("special", arn, "UPDATED", "1.89.0", true);
    }

    @Test
    void failUpdate_endsInFailedWithTheOldVersion_andCanBeRetried() {
        String arn = instance("special", FAIL_UPDATE);
        ecs.updateContainerAgent(r -> r.cluster("special").containerInstance(arn));
        clock.advanceSeconds(45);
        assertState("special", arn, "FAILED", "1.85.0", true);
        UpdateContainerAgentResponse again = ecs.updateContainerAgent(r -> r.cluster("special").containerInstance(arn));
        assertThat(again.containerInstance().agentUpdateStatus()).isEqualTo(AgentUpdateStatus.PENDING);
    }

    @Test
    void stuckUpdate_neverLeavesItsPhase() {
        String arn = instance("special", STUCK);
        ecs.updateContainerAgent(r -> r.cluster("special").containerInstance(arn));
        clock.advanceSeconds(24 * 3600);
        assertState("special", arn, "STAGING", "1.85.0", true);
    }

    @Test
    void agentAlreadyAtLatest_isNoUpdateAvailableException() {
        String arn = instance("prod-web", 3);   // the 1.89.0 instance
        assertThatThrownBy(() -> ecs.updateContainerAgent(r -> r.cluster("prod-web").containerInstance(arn)))
                .isInstanceOf(NoUpdateAvailableException.class)
                .hasMessageContaining("no update available");
    }

    @Test
    void noUpdatePath_isNoUpdateAvailableException() {
        assertThatThrownBy(() -> update("special", NO_UPDATE_PATH)).isInstanceOf(NoUpdateAvailableException.class);
    }

    @Test
    void missingVersion_isMissingVersionException() {
        assertThatThrownBy(() -> update("special", MISSING_VERSION)).isInstanceOf(MissingVersionException.class);
    }

    @Test
    void windowsArm64ExternalAndDisconnected_areClientExceptions() {
        assertThatThrownBy(() -> update("special", WINDOWS)).isInstanceOf(ClientException.class)
                .hasMessageContaining("Windows");
        assertThatThrownBy(() -> update("special", ARM64)).isInstanceOf(ClientException.class)
                .hasMessageContaining("arm64");
        assertThatThrownBy(() -> update("special", EXTERNAL)).isInstanceOf(ClientException.class)
                .hasMessageContaining("external");
        assertThatThrownBy(() -> update("special", DISCONNECTED)).isInstanceOf(ClientException.class)
                .hasMessageContaining("not connected");
    }

    @Test
    void unknownInstance_isInvalidParameterException_andUnknownCluster_isClusterNotFoundException() {
        assertThatThrownBy(() -> ecs.updateContainerAgent(r -> r.cluster("prod-web")
                .containerInstance("0123456789abcdef0123456789abcdef")))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> ecs.updateContainerAgent(r -> r.cluster("prod-web").containerInstance("")))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> ecs.updateContainerAgent(r -> r.cluster("nope").containerInstance("x")))
                .isInstanceOf(ClusterNotFoundException.class);
    }

    @Test
    void rejectedUpdates_changeNothing() {
        List<String> before = sim.snapshot().clusters().stream()
                .flatMap(c -> c.instances().stream()).map(Object::toString).toList();
        Map<Integer, Class<? extends EcsException>> expected = new LinkedHashMap<>();
        expected.put(WINDOWS, ClientException.class);
        expected.put(ARM64, ClientException.class);
        expected.put(EXTERNAL, ClientException.class);
        expected.put(DISCONNECTED, ClientException.class);
        expected.put(MISSING_VERSION, MissingVersionException.class);
        expected.put(NO_UPDATE_PATH, NoUpdateAvailableException.class);
        expected.forEach((k, type) -> assertThatThrownBy(() -> update("special", k))
                .as("instance %d of special", k)
                .isExactlyInstanceOf(type)
                .satisfies(e -> {
                    EcsException x = (EcsException) e;
                    assertThat(x.awsErrorDetails().errorCode()).isEqualTo(type.getSimpleName());
                    assertThat(x.statusCode()).isEqualTo(400);
                }));
        assertThat(sim.snapshot().clusters().stream()
                .flatMap(c -> c.instances().stream()).map(Object::toString).toList()).isEqualTo(before);
    }

    private void update(String cluster, int index) {
        String arn = instance(cluster, index);
        ecs.updateContainerAgent(r -> r.cluster(cluster).containerInstance(arn));
    }

    private String instance(String cluster, int index) {
        return ecs.listContainerInstances(r -> r.cluster(cluster)).containerInstanceArns().get(index);
    }

    private void assertState(String arn, String status, String version, boolean connected) {
        assertState("prod-web", arn, status, version, connected);
    }

    private void assertState(String cluster, String arn, String status, String version, boolean connected) {
        ContainerInstance ci = ecs.describeContainerInstances(r -> r.cluster(cluster).containerInstances(arn))
                .containerInstances().get(0);
        assertThat(ci.agentUpdateStatusAsString()).as("agentUpdateStatus").isEqualTo(status);
        assertThat(ci.versionInfo().agentVersion()).as("agentVersion").isEqualTo(version);
        assertThat(ci.agentConnected()).as("agentConnected").isEqualTo(connected);
        var snap = sim.snapshot().clusters().stream().filter(c -> c.name().equals(cluster)).findFirst().orElseThrow()
                .instances().stream().filter(i -> i.containerInstanceArn().equals(arn)).findFirst().orElseThrow();
        assertThat(snap.agentUpdateStatus()).isEqualTo(status);
        assertThat(snap.agentVersion()).isEqualTo(version);
        assertThat(snap.connected()).isEqualTo(connected);
    }
}
