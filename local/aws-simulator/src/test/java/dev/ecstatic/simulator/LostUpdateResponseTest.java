package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AgentUpdateStatus;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.ServerException;
import software.amazon.awssdk.services.ecs.model.UpdateInProgressException;

/**
 * {@code lostUpdateResponse}: ECS accepts an UpdateContainerAgent call but the caller never learns it,
 * through a timeout or a 500. The update is under way all the same, and a second call meets
 * UpdateInProgressException: the unknown outcome UpdateOneAgent must resolve by looking.
 */
class LostUpdateResponseTest {

    private static final String FLEET = """
            { "latestAgentVersion": "1.89.0", "faults": { "throttle": false },
              "clusters": [ { "name": "c", "instances": [
                { "agentVersion": "1.86.3", "lostUpdateResponse": { "mode": "serverError" } },
                { "agentVersion": "1.86.3", "lostUpdateResponse": { "mode": "timeout", "delayMs": 30000 } },
                { "agentVersion": "1.86.3", "failUpdate": true, "lostUpdateResponse": { "mode": "serverError" } },
                { "agentVersion": "1.86.3", "connected": false, "reconnectAfterSeconds": 10,
                  "lostUpdateResponse": { "mode": "serverError" } },
                { "agentVersion": "1.86.3", "failUpdate": true,
                  "lostUpdateResponse": { "mode": "serverError", "times": 2 } } ] } ] }
            """;
    private static final int SERVER_ERROR = 0;
    private static final int TIMEOUT = 1;
    private static final int FAILS = 2;
    private static final int RECONNECTS = 3;
    private static final int TWICE = 4;

    private final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
    private AwsSimulator sim;
    private EcsClient ecs;
    private EcsClient oneAttempt;
    private List<String> arns;

    @BeforeEach
    void start() {
        sim = Sim.start(Fleet.parse(FLEET, "lost.json"), clock);
        // Reads must not wait for a held-back answer: a 10 s deadline fails the test if they do.
        ecs = Sim.ecs(sim, ClientOverrideConfiguration.builder().apiCallTimeout(Duration.ofSeconds(10)).build());
        oneAttempt = Sim.ecs(sim, ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.doNotRetry())
                .apiCallAttemptTimeout(Duration.ofMillis(500))
                .build());
        arns = ecs.listContainerInstances(r -> r.cluster("c")).containerInstanceArns();
    }

    @AfterEach
    void stop() {
        oneAttempt.close();
        ecs.close();
        sim.close();
    }

    @Test
    void serverError_theCallerSeesA500_yetTheUpdateIsPending_andASecondCallMeetsUpdateInProgress() {
        assertThatThrownBy(() -> update(oneAttempt, SERVER_ERROR))
                .isInstanceOf(ServerException.class)
                .satisfies(e -> assertThat(((ServerException) e).statusCode()).isEqualTo(500));

        assertThat(describe(SERVER_ERROR).agentUpdateStatus()).isEqualTo(AgentUpdateStatus.PENDING);
        assertThatThrownBy(() -> update(oneAttempt, SERVER_ERROR)).isInstanceOf(UpdateInProgressException.class);
    }

    @Test
    void timeout_theCallerTimesOut_yetTheUpdateIsPending_andASecondCallMeetsUpdateInProgress() {
        assertThatThrownBy(() -> update(oneAttempt, TIMEOUT)).isInstanceOf(ApiCallAttemptTimeoutException.class);

        assertThat(describe(TIMEOUT).agentUpdateStatus()).isEqualTo(AgentUpdateStatus.PENDING);
        assertThatThrownBy(() -> update(oneAttempt, TIMEOUT)).isInstanceOf(UpdateInProgressException.class);
        assertThat(sim.callsByAction()).containsEntry("UpdateContainerAgent", 2L);
    }

    /** What a handler with the SDK's standard retries sees: its own accepted update, as someone else's. */
    @Test
    void serverError_theSdkRetryOfThe500_answersUpdateInProgressForTheUpdateItsFirstAttemptStarted() {
        assertThatThrownBy(() -> update(ecs, SERVER_ERROR)).isInstanceOf(UpdateInProgressException.class);

        assertThat(sim.callsByAction()).containsEntry("UpdateContainerAgent", 2L);
        assertThat(describe(SERVER_ERROR).agentUpdateStatus()).isEqualTo(AgentUpdateStatus.PENDING);
    }

    @Test
    void times_countsAcceptedUpdates_andTheNextAcceptedUpdateIsAnsweredNormally() {
        assertThatThrownBy(() -> update(oneAttempt, FAILS)).isInstanceOf(ServerException.class);
        clock.advanceSeconds(60);   // PENDING 5 + STAGING 20 + STAGED 5 + UPDATING 15: FAILED, may be retried
        assertThat(describe(FAILS).agentUpdateStatus()).isEqualTo(AgentUpdateStatus.FAILED);

        ContainerInstance again = oneAttempt.updateContainerAgent(r -> r.cluster("c").containerInstance(arns.get(FAILS)))
                .containerInstance();
        assertThat(again.agentUpdateStatus()).isEqualTo(AgentUpdateStatus.PENDING);
    }

    @Test
    void timesTwo_losesTheAnswersOfTheFirstTwoAcceptedUpdates() {
        for (int attempt = 1; attempt <= 2; attempt++) {
            assertThatThrownBy(() -> update(oneAttempt, TWICE)).as("accepted update %d", attempt)
                    .isInstanceOf(ServerException.class);
            clock.advanceSeconds(60);
            assertThat(describe(TWICE).agentUpdateStatus()).isEqualTo(AgentUpdateStatus.FAILED);
        }

        ContainerInstance third = oneAttempt.updateContainerAgent(r -> r.cluster("c").containerInstance(arns.get(TWICE)))
                .containerInstance();
        assertThat(third.agentUpdateStatus()).isEqualTo(AgentUpdateStatus.PENDING);
    }

    @Test
    void aRefusedUpdate_isAnsweredNormally_andDoesNotUseUpTheLostAnswer() {
        assertThatThrownBy(() -> update(oneAttempt, RECONNECTS)).isInstanceOf(ClientException.class)
                .hasMessageContaining("agent is not connected");
        clock.advanceSeconds(10);

        assertThatThrownBy(() -> update(oneAttempt, RECONNECTS)).isInstanceOf(ServerException.class);
        assertThat(describe(RECONNECTS).agentUpdateStatus()).isEqualTo(AgentUpdateStatus.PENDING);
    }

    @Test
    void instancesWithoutTheFault_areAnsweredAsBefore() {
        Fleet plain = Fleet.parse("""
                { "latestAgentVersion": "1.89.0", "faults": { "throttle": false },
                  "clusters": [ { "name": "c", "instances": [ { "agentVersion": "1.86.3" } ] } ] }
                """, "plain.json");
        try (AwsSimulator other = Sim.start(plain, clock); EcsClient client = Sim.ecs(other)) {
            String arn = client.listContainerInstances(r -> r.cluster("c")).containerInstanceArns().get(0);
            assertThat(client.updateContainerAgent(r -> r.cluster("c").containerInstance(arn)).containerInstance()
                    .agentUpdateStatus()).isEqualTo(AgentUpdateStatus.PENDING);
        }
    }

    private void update(EcsClient client, int index) {
        client.updateContainerAgent(r -> r.cluster("c").containerInstance(arns.get(index)));
    }

    private ContainerInstance describe(int index) {
        return ecs.describeContainerInstances(r -> r.cluster("c").containerInstances(arns.get(index)))
                .containerInstances().get(0);
    }
}
