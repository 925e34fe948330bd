package dev.ecstatic.functions;

import static dev.ecstatic.functions.Fixtures.PROD_WEB;
import static dev.ecstatic.functions.Fixtures.RECOMMENDED;
import static dev.ecstatic.functions.Fixtures.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import dev.ecstatic.functions.model.Finding;
import dev.ecstatic.functions.model.InstanceRef;
import dev.ecstatic.functions.model.UpdateOneAgentRequest;
import dev.ecstatic.functions.model.UpdateOneAgentResponse;
import dev.ecstatic.functions.model.UpdateOutcome;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AgentUpdateStatus;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.MissingVersionException;
import software.amazon.awssdk.services.ecs.model.NoUpdateAvailableException;
import software.amazon.awssdk.services.ecs.model.ServerException;
import software.amazon.awssdk.services.ecs.model.UpdateContainerAgentRequest;
import software.amazon.awssdk.services.ecs.model.UpdateContainerAgentResponse;
import software.amazon.awssdk.services.ecs.model.UpdateInProgressException;

/** The loop of "Update one agent" (DESIGN §4): one test per ECS answer. */
class UpdateOneAgentHandlerTest {
    private final EcsClient ecs = mock(EcsClient.class);
    private final CapturingContext context = new CapturingContext();
    private final UpdateOneAgentHandler handler = new UpdateOneAgentHandler(new HandlerConfig(Log.Level.DEBUG), ecs);
    /** What ECS answers per container instance id; absent means the update is accepted. */
    private final Map<String, Supplier<RuntimeException>> answers = new HashMap<>();

    @BeforeEach
    void ecsAnswersPerInstance() {
        when(ecs.updateContainerAgent(any(UpdateContainerAgentRequest.class))).thenAnswer(call -> {
            UpdateContainerAgentRequest r = call.getArgument(0);
            Supplier<RuntimeException> failure = answers.get(r.containerInstance());
            if (failure != null) {
                throw failure.get();
            }
            return UpdateContainerAgentResponse.builder().containerInstance(ContainerInstance.builder()
                    .agentUpdateStatus(AgentUpdateStatus.PENDING).build()).build();
        });
    }

    private UpdateOneAgentResponse update(InstanceRef... candidates) {
        return handler.handleRequest(new UpdateOneAgentRequest(PROD_WEB, List.of(candidates), RECOMMENDED), context);
    }

    private List<String> attemptedIds() {
        ArgumentCaptor<UpdateContainerAgentRequest> sent = ArgumentCaptor.forClass(UpdateContainerAgentRequest.class);
        verify(ecs, org.mockito.Mockito.atLeast(0)).updateContainerAgent(sent.capture());
        return sent.getAllValues().stream().map(UpdateContainerAgentRequest::containerInstance).toList();
    }

    private static NoUpdateAvailableException noUpdate() {
        return NoUpdateAvailableException.builder().message("There is no update available for your container agent.").build();
    }

    @Test
    void acceptedUpdate_startsAndStopsAtTheFirstCandidate() {
        UpdateOneAgentResponse result = update(ref("a", "1.86.3"), ref("b", "1.86.3"));

        ArgumentCaptor<UpdateContainerAgentRequest> sent = ArgumentCaptor.forClass(UpdateContainerAgentRequest.class);
        verify(ecs, times(1)).updateContainerAgent(sent.capture());
        assertThat(sent.getValue().cluster()).isEqualTo(PROD_WEB.arn());
        assertThat(sent.getValue().containerInstance()).isEqualTo("ci-a");
        assertThat(result.outcome()).isEqualTo(UpdateOutcome.STARTED);
        assertThat(result.instance()).isEqualTo(ref("a", "1.86.3"));
        assertThat(result.fromVersion()).isEqualTo("1.86.3");
        assertThat(result.attempted()).isEqualTo(1);
        assertThat(context.metric("UpdatesStarted")).containsExactly(1L);
    }

    @Test
    void noUpdateAvailable_skipsTheSamePlatformsSameOrNewerVersions() {
        answers.put("ci-a", UpdateOneAgentHandlerTest::noUpdate);

        UpdateOneAgentResponse result = update(ref("a", "1.88.0"), ref("b", "1.88.0"), ref("c", "1.89.0"));

        assertThat(attemptedIds()).containsExactly("ci-a");
        assertThat(result.outcome()).isEqualTo(UpdateOutcome.UP_TO_DATE);
        assertThat(result.skipped()).isEqualTo(2);
        assertThat(result.findings()).isEmpty();
        assertThat(context.metric("UpdatesStarted")).containsExactly(0L);
    }

    @Test
    void noUpdateAvailable_doesNotSkipAnotherPlatform() {
        answers.put("ci-a", UpdateOneAgentHandlerTest::noUpdate);

        UpdateOneAgentResponse result = update(ref("a", "1.88.0"), ref("b", "1.88.0", "linux/arm64"));

        assertThat(attemptedIds()).containsExactly("ci-a", "ci-b");
        assertThat(result.outcome()).isEqualTo(UpdateOutcome.STARTED);
        assertThat(result.instance().containerInstanceId()).isEqualTo("ci-b");
    }

    @Test
    void noUpdateAvailableForAnAgentOlderThanRecommended_recordsNoUpdatePathAndGoesOn() {
        answers.put("ci-a", UpdateOneAgentHandlerTest::noUpdate);

        UpdateOneAgentResponse result = update(ref("a", "1.20.0"), ref("b", "1.21.0"));

        assertThat(attemptedIds()).containsExactly("ci-a", "ci-b");
        assertThat(result.outcome()).isEqualTo(UpdateOutcome.STARTED);
        assertThat(result.instance().containerInstanceId()).isEqualTo("ci-b");
        assertThat(result.findings()).containsExactly(
                new Finding("i-a", "ci-a", "no update path: replace the instance"));
    }

    @Test
    void noUpdatePath_holdsForEveryAgentOfThatVersionAndPlatform_withoutAnotherCall() {
        answers.put("ci-a", UpdateOneAgentHandlerTest::noUpdate);

        UpdateOneAgentResponse result = update(ref("a", "1.20.0"), ref("b", "1.20.0"), ref("c", "1.20.0", "linux/arm64"),
                ref("d", "1.21.0"));

        assertThat(attemptedIds()).as("b shares a's version and platform; c is another platform")
                .containsExactly("ci-a", "ci-c");
        assertThat(result.outcome()).isEqualTo(UpdateOutcome.STARTED);
        assertThat(result.instance().containerInstanceId()).isEqualTo("ci-c");
        assertThat(result.findings()).containsExactly(
                new Finding("i-a", "ci-a", UpdateOneAgentHandler.NO_UPDATE_PATH),
                new Finding("i-b", "ci-b", UpdateOneAgentHandler.NO_UPDATE_PATH));
        assertThat(result.skipped()).isEqualTo(1);
    }

    @Test
    void noUpdatePathOnEveryCandidate_isNoneUpdatable() {
        answers.put("ci-a", UpdateOneAgentHandlerTest::noUpdate);
        answers.put("ci-b", UpdateOneAgentHandlerTest::noUpdate);

        UpdateOneAgentResponse result = update(ref("a", "1.20.0"), ref("b", "1.21.0"));

        assertThat(result.outcome()).isEqualTo(UpdateOutcome.NONE_UPDATABLE);
        assertThat(result.findings()).extracting(Finding::finding).containsOnly(UpdateOneAgentHandler.NO_UPDATE_PATH);
        assertThat(result.attempted()).isEqualTo(2);
    }

    @Test
    void withoutRecommendations_noUpdateAvailableMeansCurrent() {
        answers.put("ci-a", UpdateOneAgentHandlerTest::noUpdate);

        UpdateOneAgentResponse result = handler.handleRequest(
                new UpdateOneAgentRequest(PROD_WEB, List.of(ref("a", "1.20.0"), ref("b", "1.20.0")), Map.of()), context);

        assertThat(result.outcome()).isEqualTo(UpdateOutcome.UP_TO_DATE);
        assertThat(result.skipped()).isEqualTo(1);
    }

    @Test
    void updateInProgress_stopsWithInProgress() {
        answers.put("ci-a", () -> UpdateInProgressException.builder().message("in progress").build());

        UpdateOneAgentResponse result = update(ref("a", "1.86.3"), ref("b", "1.86.3"));

        assertThat(attemptedIds()).containsExactly("ci-a");
        assertThat(result.outcome()).isEqualTo(UpdateOutcome.IN_PROGRESS);
        assertThat(result.instance()).isNull();
    }

    @Test
    void missingVersion_recordsAFindingAndGoesOn() {
        answers.put("ci-a", () -> MissingVersionException.builder().message("missing").build());

        UpdateOneAgentResponse result = update(ref("a", "1.86.3"), ref("b", "1.86.3"));

        assertThat(attemptedIds()).containsExactly("ci-a", "ci-b");
        assertThat(result.outcome()).isEqualTo(UpdateOutcome.STARTED);
        assertThat(result.findings()).singleElement().satisfies(f -> {
            assertThat(f.containerInstanceId()).isEqualTo("ci-a");
            assertThat(f.finding()).contains("agent version unknown");
        });
    }

    @Test
    void clientException_recordsAFindingWithEcsReasonAndGoesOn() {
        answers.put("ci-a", () -> ClientException.builder().message("Agent update is not supported on this platform")
                .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                        .errorCode("ClientException").errorMessage("Agent update is not supported on this platform").build())
                .build());

        UpdateOneAgentResponse result = update(ref("a", "1.86.3"));

        assertThat(result.outcome()).isEqualTo(UpdateOutcome.NONE_UPDATABLE);
        assertThat(result.findings()).singleElement().extracting(Finding::finding)
                .isEqualTo("update refused: Agent update is not supported on this platform");
    }

    @Test
    void noCandidates_isUpToDateWithoutCallingEcs() {
        UpdateOneAgentResponse result = update();

        assertThat(attemptedIds()).isEmpty();
        assertThat(result.outcome()).isEqualTo(UpdateOutcome.UP_TO_DATE);
    }

    @Test
    void neverTwoAcceptedUpdates_evenAfterFindings() {
        answers.put("ci-a", () -> MissingVersionException.builder().message("missing").build());

        update(ref("a", "1.86.3"), ref("b", "1.86.3"), ref("c", "1.86.3"), ref("d", "1.87.0"));

        assertThat(attemptedIds()).containsExactly("ci-a", "ci-b");
    }

    @Test
    void throttling_isTransient() {
        answers.put("ci-a", () -> Fixtures.awsError("ThrottlingException", 400));

        assertThatThrownBy(() -> update(ref("a", "1.86.3"))).isInstanceOf(TransientAwsException.class);
    }

    @Test
    void serverException_isTransient() {
        answers.put("ci-a", () -> ServerException.builder().message("boom").statusCode(500).build());

        assertThatThrownBy(() -> update(ref("a", "1.86.3"))).isInstanceOf(TransientAwsException.class);
    }

    @Test
    void sdkIoError_isTransient() {
        answers.put("ci-a", () -> SdkClientException.create("Unable to execute HTTP request",
                new java.net.SocketTimeoutException("Read timed out")));

        assertThatThrownBy(() -> update(ref("a", "1.86.3"))).isInstanceOf(TransientAwsException.class)
                .hasCauseInstanceOf(SdkClientException.class);
    }

    @Test
    void unexpectedAwsError_propagatesWithItsOwnMessage() {
        answers.put("ci-a", () -> ClusterNotFoundException.builder().message("Cluster not found.").build());

        assertThatThrownBy(() -> update(ref("a", "1.86.3"), ref("b", "1.86.3")))
                .isInstanceOf(ClusterNotFoundException.class).hasMessageContaining("Cluster not found.");
        assertThat(attemptedIds()).containsExactly("ci-a");
    }

    @Tag("events")
    @ParameterizedTest
    @Event(value = "../events/update-one-agent.json", type = UpdateOneAgentRequest.class)
    void sampleEvent_startsTheOldestCandidate(UpdateOneAgentRequest request) {
        UpdateOneAgentResponse result = handler.handleRequest(request, context);

        assertThat(attemptedIds()).containsExactly("5f1c0de0a1b24c3d9e8f7a6b5c4d3e2f");
        assertThat(result.outcome()).isEqualTo(UpdateOutcome.STARTED);
        assertThat(result.instance().ec2InstanceId()).isEqualTo("i-0a1b2c3d4e5f60718");
    }
}
