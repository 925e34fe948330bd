package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AccessDeniedException;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;

/** The fleet file's {@code accessDenied} clusters and {@code reconnectAfterSeconds} agents. */
class DeniedAndReconnectingTest {

    static final String FLEET = """
            { "latestAgentVersion": "1.89.0", "faults": { "throttle": false },
              "clusters": [
                { "name": "payments", "accessDenied": true, "instances": [ { "agentVersion": "1.86.3" } ] },
                { "name": "checkout", "instances": [
                    { "agentVersion": "1.86.3", "connected": false, "reconnectAfterSeconds": 20 },
                    { "agentVersion": "1.86.3", "connected": false } ] } ] }
            """;

    private final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
    private AwsSimulator sim;
    private EcsClient ecs;

    @BeforeEach
    void start() {
        sim = Sim.start(Fleet.parse(FLEET, "fleet.json"), clock);
        ecs = Sim.ecs(sim);
    }

    @AfterEach
    void stop() {
        ecs.close();
        sim.close();
    }

    @Test
    void deniedCluster_refusesItsInstanceActionsWithAccessDenied() {
        String arn = sim.snapshot().clusters().get(0).instances().get(0).containerInstanceArn();

        assertThatThrownBy(() -> ecs.listContainerInstances(r -> r.cluster("payments")))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("not authorized to perform: ecs:ListContainerInstances")
                .hasMessageContaining("cluster/payments");
        assertThatThrownBy(() -> ecs.describeContainerInstances(r -> r.cluster("payments").containerInstances(arn)))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> ecs.updateContainerAgent(r -> r.cluster("payments").containerInstance(arn)))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void deniedCluster_isStillListedAndDescribed() {
        assertThat(ecs.listClusters().clusterArns()).anyMatch(a -> a.endsWith("cluster/payments"));
        assertThat(ecs.describeClusters(r -> r.clusters("payments")).clusters()).singleElement()
                .satisfies(c -> assertThat(c.status()).isEqualTo("ACTIVE"));
    }

    @Test
    void agentWithReconnectAfterSeconds_isDisconnectedUntilThenAndConnectedAfter() {
        assertThat(connected(0)).isFalse();
        assertThat(connected(1)).isFalse();
        assertThatThrownBy(() -> ecs.updateContainerAgent(r -> r.cluster("checkout").containerInstance(arn(0))))
                .isInstanceOf(ClientException.class);

        clock.advanceSeconds(19);
        assertThat(connected(0)).isFalse();
        clock.advanceSeconds(1);

        assertThat(connected(0)).isTrue();
        assertThat(connected(1)).as("without reconnectAfterSeconds the agent stays disconnected").isFalse();
        assertThat(ecs.updateContainerAgent(r -> r.cluster("checkout").containerInstance(arn(0)))
                .containerInstance().agentUpdateStatusAsString()).isEqualTo("PENDING");
    }

    @Test
    void reconnectAfterSeconds_onAConnectedAgent_isRefusedNamingThePath() {
        String bad = FLEET.replace("\"connected\": false, \"reconnectAfterSeconds\"", "\"reconnectAfterSeconds\"");

        assertThatThrownBy(() -> Fleet.parse(bad, "bad.json"))
                .isInstanceOf(FleetException.class)
                .hasMessageContaining("bad.json: $.clusters[1].instances[0].reconnectAfterSeconds")
                .hasMessageContaining("connected");
    }

    @Test
    void accessDenied_mustBeABoolean() {
        assertThatThrownBy(() -> Fleet.parse(FLEET.replace("\"accessDenied\": true", "\"accessDenied\": \"yes\""), "bad.json"))
                .isInstanceOf(FleetException.class)
                .hasMessageContaining("$.clusters[0].accessDenied");
    }

    private String arn(int index) {
        return sim.snapshot().clusters().get(1).instances().get(index).containerInstanceArn();
    }

    private boolean connected(int index) {
        ContainerInstance i = ecs.describeContainerInstances(r -> r.cluster("checkout").containerInstances(arn(index)))
                .containerInstances().get(0);
        return i.agentConnected();
    }
}
