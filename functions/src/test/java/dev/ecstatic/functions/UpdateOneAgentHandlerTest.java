package dev.ecstatic.functions;

import static dev.ecstatic.functions.Fixtures.PROD_WEB;
import static dev.ecstatic.functions.Fixtures.RECOMMENDED;
import static dev.ecstatic.functions.Fixtures.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
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
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AgentUpdateStatus;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.DescribeContainerInstancesRequest;
import software.amazon.awssdk.services.ecs.model.DescribeContainerInstancesResponse;
import software.amazon.awssdk.services.ecs.model.MissingVersionException;
import software.amazon.awssdk.services.ecs.model.NoUpdateAvailableException;
import software.amazon.awssdk.services.ecs.model.ServerException;
import software.amazon.awssdk.services.ecs.model.UpdateContainerAgentRequest;
import software.amazon.awssdk.services.ecs.model.UpdateContainerAgentResponse;
import software.amazon.awssdk.services.ecs.model.UpdateInProgressException;
import software.amazon.awssdk.services.ecs.model.VersionInfo;

/** The loop of "Update one agent" (DESIGN §4): one test per ECS answer. */
class UpdateOneAgentHandlerTest {
    private final EcsClient ecs = mock(EcsClient.class);
    private final CapturingContext context = new CapturingContext();
    private final UpdateOneAgentHandler handler = new UpdateOneAgentHandler(new HandlerConfig(Log.Level.DEBUG), ecs, ecs);
    /** What ECS answers per container instance id; absent means the update is accepted. */
    private final Map<String, Supplier<RuntimeException>> answers = new HashMap<>();
    /** Answers given once each, in order, before {@link #answers}; a null supplier result means accepted. */
    private final Map<String, Deque<Supplier<RuntimeException>>> firstAnswers = new HashMap<>();
    /** What DescribeContainerInstances shows per id: an update status (absent: none). */
    private final Map<String, AgentUpdateStatus> shown = new HashMap<>();
    /** The agent version DescribeContainerInstances shows per id (absent: no version info). */
    private final Map<String, String> agentNow = new HashMap<>();

    @BeforeEach
    void ecsAnswersPerInstance() {
        when(ecs.updateContainerAgent(any(UpdateContainerAgentRequest.class))).thenAnswer(call -> {
            UpdateContainerAgentRequest r = call.getArgument(0);
            Deque<Supplier<RuntimeException>> once = firstAnswers.get(r.containerInstance());
            Supplier<RuntimeException> failure = once != null && !once.isEmpty() ? once.poll() : answers.get(r.containerInstance());
            RuntimeException error = failure == null ? null : failure.get();
            if (error != null) {
                throw error;
            }
            return UpdateContainerAgentResponse.builder().containerInstance(ContainerInstance.builder()
                    .agentUpdateStatus(AgentUpdateStatus.PENDING).build()).build();
        });
        when(ecs.describeContainerInstances(any(DescribeContainerInstancesRequest.class))).thenAnswer(call -> {
            DescribeContainerInstancesRequest r = call.getArgument(0);
            return DescribeContainerInstancesResponse.builder().containerInstances(r.containerInstances().stream()
                    .map(id -> ContainerInstance.builder()
                            .containerInstanceArn("arn:aws:ecs:us-east-1:123456789012:container-instance/prod-web/" + id)
                            .agentUpdateStatus(shown.get(id))
                            .versionInfo(agentNow.containsKey(id)
                                    ? VersionInfo.builder().agentVersion(agentNow.get(id)).build() : null)
                            .build()).toList()).build();
        });
    }

    private UpdateOneAgentResponse update(InstanceRef... candidates) {
        return handler.handleRequest(new UpdateOneAgentRequest(PROD_WEB, List.of(candidates), RECOMMENDED, 0), context);
    }

    private UpdateOneAgentResponse retry(int retryCount, InstanceRef... candidates) {
        return handler.handleRequest(new UpdateOneAgentRequest(PROD_WEB, List.of(candidates), RECOMMENDED, retryCount),
                context);
    }

    @SafeVarargs
    private void answerInTurn(String id, Supplier<RuntimeException>... inTurn) {
        firstAnswers.computeIfAbsent(id, k -> new ArrayDeque<>()).addAll(Arrays.asList(inTurn));
    }

    private List<String> lookedAt() {
        ArgumentCaptor<DescribeContainerInstancesRequest> sent = ArgumentCaptor.forClass(DescribeContainerInstancesRequest.class);
        verify(ecs, org.mockito.Mockito.atLeast(0)).describeContainerInstances(sent.capture());
        return sent.getAllValues().stream().map(r -> String.join("+", r.containerInstances())).toList();
    }

    private static RuntimeException timeout() {
        return ApiCallAttemptTimeoutException.create(10_000);
    }

    private static RuntimeException serverError() {
        return ServerException.builder().message("Service unavailable").statusCode(500).build();
    }

    private static RuntimeException inProgress() {
        return UpdateInProgressException.builder().message("There is already a current agent update in progress.")
                .build();
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
                new UpdateOneAgentRequest(PROD_WEB, List.of(ref("a", "1.20.0"), ref("b", "1.20.0")), Map.of(), 0), context);

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
    void throttling_isKnownNotToHaveStartedAnything_soNothingIsLookedAt() {
        answers.put("ci-a", () -> Fixtures.awsError("ThrottlingException", 400));

        assertThatThrownBy(() -> update(ref("a", "1.86.3"), ref("b", "1.86.3"))).isInstanceOf(TransientAwsException.class);
        assertThat(attemptedIds()).containsExactly("ci-a");
        assertThat(lookedAt()).isEmpty();
    }

    @Test
    void connectionNeverMade_isTransient_andNothingIsLookedAt() {
        answers.put("ci-a", () -> SdkClientException.create("Unable to execute HTTP request",
                new java.net.ConnectException("Connection refused")));

        assertThatThrownBy(() -> update(ref("a", "1.86.3"))).isInstanceOf(TransientAwsException.class)
                .hasCauseInstanceOf(SdkClientException.class);
        assertThat(lookedAt()).isEmpty();
    }

    // Lost responses in the same invocation: a timeout or a 5xx after the request was sent.

    @Test
    void timeout_looks_andAnUpdateFoundUnderWayIsStarted_withoutCallingAgain() {
        answerInTurn("ci-a", UpdateOneAgentHandlerTest::timeout);
        shown.put("ci-a", AgentUpdateStatus.PENDING);

        UpdateOneAgentResponse result = update(ref("a", "1.86.3"), ref("b", "1.86.3"));

        assertThat(result.outcome()).isEqualTo(UpdateOutcome.STARTED);
        assertThat(result.instance()).isEqualTo(ref("a", "1.86.3"));
        assertThat(result.fromVersion()).isEqualTo("1.86.3");
        assertThat(result.note()).isEqualTo("update found under way after a lost response (timed out after 10 s)");
        assertThat(attemptedIds()).containsExactly("ci-a");
        assertThat(lookedAt()).containsExactly("ci-a");
        assertThat(context.metric("UpdatesStarted")).containsExactly(1L);
    }

    @Test
    void serverError_looks_thenUpdateInProgressFromTheSameInstanceIsStarted() {
        answerInTurn("ci-a", UpdateOneAgentHandlerTest::serverError, UpdateOneAgentHandlerTest::inProgress);

        UpdateOneAgentResponse result = update(ref("a", "1.86.3"), ref("b", "1.86.3"));

        assertThat(result.outcome()).isEqualTo(UpdateOutcome.STARTED);
        assertThat(result.instance().containerInstanceId()).isEqualTo("ci-a");
        assertThat(result.note()).isEqualTo("ECS says an update is in progress after a lost response (ECS answered 500)");
        assertThat(attemptedIds()).as("never a second instance").containsExactly("ci-a", "ci-a");
        assertThat(lookedAt()).containsExactly("ci-a");
    }

    @Test
    void serverError_thenNothingVisible_andTheSameInstanceAccepted_isStarted() {
        answerInTurn("ci-a", UpdateOneAgentHandlerTest::serverError, () -> null);

        UpdateOneAgentResponse result = update(ref("a", "1.86.3"), ref("b", "1.86.3"));

        assertThat(result.outcome()).isEqualTo(UpdateOutcome.STARTED);
        assertThat(result.note()).startsWith("accepted when called again after a lost response");
        assertThat(attemptedIds()).containsExactly("ci-a", "ci-a");
    }

    @Test
    void responseLostTwice_isUnconfirmed_andNoOtherInstanceIsEverCalled() {
        answers.put("ci-a", UpdateOneAgentHandlerTest::timeout);

        UpdateOneAgentResponse result = update(ref("a", "1.86.3"), ref("b", "1.86.3"), ref("c", "1.87.0"));

        assertThat(result.outcome()).isEqualTo(UpdateOutcome.UNCONFIRMED);
        assertThat(result.instance()).isEqualTo(ref("a", "1.86.3"));
        assertThat(result.fromVersion()).isEqualTo("1.86.3");
        assertThat(result.note()).isEqualTo("response lost twice (timed out after 10 s, timed out after 10 s); no update"
                + " visible yet").hasSizeLessThanOrEqualTo(UpdateOneAgentResponse.MAX_NOTE);
        assertThat(attemptedIds()).containsExactly("ci-a", "ci-a");
        assertThat(context.metric("UpdatesStarted")).containsExactly(0L);
        assertThat(context.events("update unconfirmed")).singleElement()
                .satisfies(line -> assertThat(line).containsEntry("level", "WARN").containsEntry("instance", "i-a"));
    }

    @Test
    void responseLostThenThrottled_isUnconfirmed_notAnError() {
        answerInTurn("ci-a", UpdateOneAgentHandlerTest::serverError, () -> Fixtures.awsError("ThrottlingException", 400));

        UpdateOneAgentResponse result = update(ref("a", "1.86.3"), ref("b", "1.86.3"));

        assertThat(result.outcome()).isEqualTo(UpdateOutcome.UNCONFIRMED);
        assertThat(result.note()).contains("ECS answered 500", "AwsServiceException");
        assertThat(attemptedIds()).containsExactly("ci-a", "ci-a");
    }

    @Test
    void lostResponseOnALaterCandidate_looksAtThatOne_only() {
        answers.put("ci-a", UpdateOneAgentHandlerTest::noUpdate);
        answerInTurn("ci-b", UpdateOneAgentHandlerTest::timeout);
        shown.put("ci-b", AgentUpdateStatus.STAGING);

        UpdateOneAgentResponse result = update(ref("a", "1.88.0"), ref("b", "1.88.0", "linux/arm64"),
                ref("c", "1.88.0", "linux/arm64"));

        assertThat(result.outcome()).isEqualTo(UpdateOutcome.STARTED);
        assertThat(result.instance().containerInstanceId()).isEqualTo("ci-b");
        assertThat(attemptedIds()).containsExactly("ci-a", "ci-b");
        assertThat(lookedAt()).containsExactly("ci-b");
    }

    @Test
    void lookThatFails_isUnconfirmed() {
        answerInTurn("ci-a", UpdateOneAgentHandlerTest::timeout);
        when(ecs.describeContainerInstances(any(DescribeContainerInstancesRequest.class)))
                .thenThrow(Fixtures.awsError("ThrottlingException", 400));

        UpdateOneAgentResponse result = update(ref("a", "1.86.3"), ref("b", "1.86.3"));

        assertThat(result.outcome()).isEqualTo(UpdateOutcome.UNCONFIRMED);
        assertThat(result.instance().containerInstanceId()).isEqualTo("ci-a");
        assertThat(attemptedIds()).containsExactly("ci-a");
    }

    @Test
    void readTimeoutAfterTheRequestWasSent_isALostResponse() {
        answers.put("ci-a", () -> SdkClientException.create("Unable to execute HTTP request",
                new java.net.SocketTimeoutException("Read timed out")));

        UpdateOneAgentResponse result = update(ref("a", "1.86.3"), ref("b", "1.86.3"));

        assertThat(result.outcome()).isEqualTo(UpdateOutcome.UNCONFIRMED);
        assertThat(result.note()).contains("SocketTimeoutException");
        assertThat(attemptedIds()).containsExactly("ci-a", "ci-a");
    }

    @Test
    void lostResponse_thenEcsShowsTheUpdateFailed_isUnconfirmed_neverCallingThatAgentAgain() {
        // Calling again would start an update behind a failed agent: the look's FAILED is the outcome.
        answerInTurn("ci-a", UpdateOneAgentHandlerTest::serverError, () -> null);
        shown.put("ci-a", AgentUpdateStatus.FAILED);

        UpdateOneAgentResponse result = update(ref("a", "1.86.3"), ref("b", "1.86.3"));

        assertThat(result.outcome()).isEqualTo(UpdateOutcome.UNCONFIRMED);
        assertThat(result.instance()).isEqualTo(ref("a", "1.86.3"));
        assertThat(result.note()).isEqualTo("response lost (ECS answered 500), then ECS reports the update FAILED: the"
                + " next run blocks the cluster").hasSizeLessThanOrEqualTo(UpdateOneAgentResponse.MAX_NOTE);
        assertThat(attemptedIds()).as("never called again, never another instance").containsExactly("ci-a");
        assertThat(lookedAt()).containsExactly("ci-a");
        assertThat(context.metric("UpdatesStarted")).containsExactly(0L);
    }

    // The hard stop (notAfter): no UpdateContainerAgent at or after it, whatever the retriers do.

    private static final String NOT_AFTER = "2026-01-05T09:35:00Z";

    /** A clock that reads {@code now}, which a test may move while the handler runs. */
    private static final class MovingClock extends Clock {
        private Instant now;

        MovingClock(String now) {
            this.now = Instant.parse(now);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private UpdateOneAgentResponse updateAt(String now, int retryCount, String notAfter, InstanceRef... candidates) {
        return updateAt(new MovingClock(now), retryCount, notAfter, candidates);
    }

    private UpdateOneAgentResponse updateAt(Clock clock, int retryCount, String notAfter, InstanceRef... candidates) {
        return new UpdateOneAgentHandler(new HandlerConfig(Log.Level.DEBUG), ecs, ecs, clock).handleRequest(
                new UpdateOneAgentRequest(PROD_WEB, List.of(candidates), RECOMMENDED, retryCount, notAfter), context);
    }

    @ParameterizedTest(name = "at {0}: {1}")
    @CsvSource({
        "2026-01-05T09:34:59.999Z, STARTED, 1",
        "2026-01-05T09:35:00Z,     DEFERRED, 0",
        "2026-01-05T09:50:00Z,     DEFERRED, 0"})
    void hardStop_firstAttempt_callsOnlyBeforeNotAfter(String now, UpdateOutcome outcome, int calls) {
        UpdateOneAgentResponse result = updateAt(now, 0, NOT_AFTER, ref("a", "1.86.3"), ref("b", "1.86.3"));

        assertThat(result.outcome()).isEqualTo(outcome);
        assertThat(attemptedIds()).hasSize(calls);
        if (outcome == UpdateOutcome.DEFERRED) {
            assertThat(result.instance()).isNull();
            assertThat(result.note()).isEqualTo("no time left in this run to start an update");
            assertThat(result.attempted()).isZero();
            assertThat(lookedAt()).isEmpty();
            assertThat(context.metric("UpdatesStarted")).containsExactly(0L);
        }
    }

    @Test
    void hardStop_absent_isNoLimit() {
        UpdateOneAgentResponse result = updateAt("2030-01-01T00:00:00Z", 0, null, ref("a", "1.86.3"));

        assertThat(result.outcome()).isEqualTo(UpdateOutcome.STARTED);
    }

    @Test
    void hardStop_reachedDuringTheWalk_stopsCalling_andKeepsItsFindings() {
        MovingClock clock = new MovingClock("2026-01-05T09:34:50Z");
        answers.put("ci-a", () -> {
            clock.now = Instant.parse(NOT_AFTER);
            return noUpdate();
        });

        UpdateOneAgentResponse result = updateAt(clock, 0, NOT_AFTER, ref("a", "1.20.0"), ref("b", "1.86.3", "linux/arm64"));

        assertThat(result.outcome()).isEqualTo(UpdateOutcome.DEFERRED);
        assertThat(attemptedIds()).containsExactly("ci-a");
        assertThat(result.attempted()).isEqualTo(1);
        assertThat(result.findings()).containsExactly(new Finding("i-a", "ci-a", UpdateOneAgentHandler.NO_UPDATE_PATH));
    }

    @Test
    void hardStop_afterALostResponse_looksButNeverCallsAgain() {
        MovingClock clock = new MovingClock("2026-01-05T09:34:50Z");
        answerInTurn("ci-a", () -> {
            clock.now = Instant.parse("2026-01-05T09:35:01Z");
            return timeout();
        });

        UpdateOneAgentResponse result = updateAt(clock, 0, NOT_AFTER, ref("a", "1.86.3"), ref("b", "1.86.3"));

        assertThat(result.outcome()).isEqualTo(UpdateOutcome.UNCONFIRMED);
        assertThat(result.instance().containerInstanceId()).isEqualTo("ci-a");
        assertThat(attemptedIds()).containsExactly("ci-a");
        assertThat(lookedAt()).containsExactly("ci-a");
    }

    static Stream<Arguments> retriesPastTheHardStop() {
        return Stream.of(
                Arguments.of("an update under way is STARTED", AgentUpdateStatus.PENDING, UpdateOutcome.STARTED, "ci-a"),
                Arguments.of("a FAILED update is UNCONFIRMED", AgentUpdateStatus.FAILED, UpdateOutcome.UNCONFIRMED,
                        "ci-a"),
                Arguments.of("nothing visible is UNCONFIRMED on the first", null, UpdateOutcome.UNCONFIRMED, "ci-a"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void retriesPastTheHardStop(String name, AgentUpdateStatus status, UpdateOutcome outcome, String instance) {
        if (status != null) {
            shown.put("ci-a", status);
        }

        UpdateOneAgentResponse result = updateAt("2026-01-05T09:40:00Z", 1, NOT_AFTER, ref("a", "1.86.3"),
                ref("b", "1.86.3"));

        assertThat(result.outcome()).isEqualTo(outcome);
        assertThat(result.instance().containerInstanceId()).isEqualTo(instance);
        assertThat(lookedAt()).as("it still looks").containsExactly("ci-a+ci-b");
        assertThat(attemptedIds()).as("but never calls").isEmpty();
    }

    @Test
    void aNotAfterThatIsNotAnInstant_isRefusedWithTheFieldNamed() {
        assertThatThrownBy(() -> new UpdateOneAgentRequest(PROD_WEB, List.of(), RECOMMENDED, 0, "09:35"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("notAfter is not an ISO-8601 instant").hasMessageContaining("'09:35'");
    }

    // Retries of the step (retryCount > 0): an earlier attempt may have started an update.

    @Test
    void retry_findingTheUpdateUnderWay_isStarted_withoutAnyCall() {
        shown.put("ci-a", AgentUpdateStatus.PENDING);

        UpdateOneAgentResponse result = retry(1, ref("a", "1.86.3"), ref("b", "1.86.3"));

        assertThat(result.outcome()).isEqualTo(UpdateOutcome.STARTED);
        assertThat(result.instance()).isEqualTo(ref("a", "1.86.3"));
        assertThat(result.note()).isEqualTo("retry 1: update found under way, an earlier attempt's response was lost");
        assertThat(attemptedIds()).isEmpty();
        assertThat(lookedAt()).as("every candidate in one call").containsExactly("ci-a+ci-b");
        assertThat(context.metric("UpdatesStarted")).containsExactly(1L);
    }

    @Test
    void retry_findingALaterCandidateUnderWay_isStartedOnThatOne() {
        shown.put("ci-b", AgentUpdateStatus.UPDATING);

        UpdateOneAgentResponse result = retry(2, ref("a", "1.88.0"), ref("b", "1.88.0", "linux/arm64"));

        assertThat(result.outcome()).isEqualTo(UpdateOutcome.STARTED);
        assertThat(result.instance().containerInstanceId()).isEqualTo("ci-b");
        assertThat(attemptedIds()).isEmpty();
    }

    @Test
    void retry_findingAFailedUpdate_isUnconfirmed_withoutAnyCall() {
        // The earlier attempt's update may have started and failed already; any call now would be an
        // update behind a failed agent.
        shown.put("ci-b", AgentUpdateStatus.FAILED);

        UpdateOneAgentResponse result = retry(1, ref("a", "1.86.3"), ref("b", "1.86.3"));

        assertThat(result.outcome()).isEqualTo(UpdateOutcome.UNCONFIRMED);
        assertThat(result.instance()).isEqualTo(ref("b", "1.86.3"));
        assertThat(result.note()).isEqualTo("retry 1: ECS reports the update FAILED: the next run blocks the cluster");
        assertThat(attemptedIds()).isEmpty();
        assertThat(lookedAt()).containsExactly("ci-a+ci-b");
    }

    @Test
    void retry_findingAnAgentAlreadyNewerThanListed_isStarted() {
        agentNow.put("ci-a", "1.89.0");

        UpdateOneAgentResponse result = retry(1, ref("a", "1.86.3"), ref("b", "1.86.3"));

        assertThat(result.outcome()).isEqualTo(UpdateOutcome.STARTED);
        assertThat(result.instance().containerInstanceId()).isEqualTo("ci-a");
        assertThat(attemptedIds()).isEmpty();
    }

    @Test
    void retry_updateInProgressOnTheFirstCalledInstance_isStarted() {
        answers.put("ci-a", UpdateOneAgentHandlerTest::inProgress);

        UpdateOneAgentResponse result = retry(1, ref("a", "1.86.3"), ref("b", "1.86.3"));

        assertThat(result.outcome()).as("not IN_PROGRESS: the earlier attempt started it").isEqualTo(UpdateOutcome.STARTED);
        assertThat(result.instance().containerInstanceId()).isEqualTo("ci-a");
        assertThat(result.note()).isEqualTo("retry 1: ECS says an update is in progress, an earlier attempt's response"
                + " was lost");
        assertThat(attemptedIds()).containsExactly("ci-a");
    }

    @Test
    void retry_afterAnAttemptThatStartedNothing_startsTheFirstCandidate() {
        UpdateOneAgentResponse result = retry(1, ref("a", "1.86.3"), ref("b", "1.86.3"));

        assertThat(result.outcome()).isEqualTo(UpdateOutcome.STARTED);
        assertThat(result.instance().containerInstanceId()).isEqualTo("ci-a");
        assertThat(result.note()).isEqualTo("retry 1: started");
        assertThat(attemptedIds()).containsExactly("ci-a");
    }

    @Test
    void retry_nothingVisible_andTheFirstCandidateRefused_withMoreToCall_isUnconfirmed_neverCallingAnother() {
        answers.put("ci-a", UpdateOneAgentHandlerTest::noUpdate);

        UpdateOneAgentResponse result = retry(1, ref("a", "1.88.0"), ref("b", "1.88.0", "linux/arm64"),
                ref("c", "1.89.0", "linux/arm64"));

        assertThat(result.outcome()).isEqualTo(UpdateOutcome.UNCONFIRMED);
        assertThat(result.instance()).as("the one the earlier attempt would have called next")
                .isEqualTo(ref("b", "1.88.0", "linux/arm64"));
        assertThat(result.note()).isEqualTo("retry 1: an earlier attempt may have started this or a later candidate;"
                + " no update visible yet");
        assertThat(attemptedIds()).containsExactly("ci-a");
        assertThat(context.metric("UpdatesStarted")).containsExactly(0L);
    }

    @Test
    void retry_nothingVisible_andTheResponseLostAgain_isUnconfirmed() {
        answers.put("ci-a", UpdateOneAgentHandlerTest::timeout);

        UpdateOneAgentResponse result = retry(1, ref("a", "1.86.3"), ref("b", "1.86.3"));

        assertThat(result.outcome()).isEqualTo(UpdateOutcome.UNCONFIRMED);
        assertThat(result.instance().containerInstanceId()).isEqualTo("ci-a");
        assertThat(attemptedIds()).containsExactly("ci-a", "ci-a");
        assertThat(lookedAt()).containsExactly("ci-a+ci-b", "ci-a");
    }

    @Test
    void retry_theFirstCandidateRefused_andNoOtherWouldBeCalled_settlesTheOutcome() {
        answers.put("ci-a", UpdateOneAgentHandlerTest::noUpdate);

        UpdateOneAgentResponse result = retry(1, ref("a", "1.88.0"), ref("b", "1.88.0"), ref("c", "1.89.0"));

        assertThat(result.outcome()).as("the earlier attempt can have called nothing else").isEqualTo(UpdateOutcome.UP_TO_DATE);
        assertThat(result.skipped()).isEqualTo(2);
        assertThat(attemptedIds()).containsExactly("ci-a");
    }

    @Test
    void retry_thatCannotLook_isUnconfirmed_withoutCalling() {
        when(ecs.describeContainerInstances(any(DescribeContainerInstancesRequest.class)))
                .thenThrow(Fixtures.awsError("AccessDeniedException", 400));

        UpdateOneAgentResponse result = retry(1, ref("a", "1.86.3"));

        assertThat(result.outcome()).isEqualTo(UpdateOutcome.UNCONFIRMED);
        assertThat(attemptedIds()).isEmpty();
        assertThat(context.events("look failed")).singleElement()
                .satisfies(line -> assertThat(line).containsEntry("error", "AwsServiceException"));
    }

    @Test
    void retry_throttled_isTransient_andCallsNothingElse() {
        answers.put("ci-a", () -> Fixtures.awsError("ThrottlingException", 400));

        assertThatThrownBy(() -> retry(3, ref("a", "1.86.3"), ref("b", "1.86.3")))
                .isInstanceOf(TransientAwsException.class);
        assertThat(attemptedIds()).containsExactly("ci-a");
    }

    @Test
    void retry_withoutCandidates_isUpToDateWithoutAnyCall() {
        UpdateOneAgentResponse result = retry(1);

        assertThat(result.outcome()).isEqualTo(UpdateOutcome.UP_TO_DATE);
        assertThat(attemptedIds()).isEmpty();
        assertThat(lookedAt()).isEmpty();
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
