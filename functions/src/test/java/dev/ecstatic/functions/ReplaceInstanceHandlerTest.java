package dev.ecstatic.functions;

import static org.mockito.Mockito.never;

import static org.mockito.Mockito.times;

import static org.mockito.Mockito.verify;

import software.amazon.awssdk.services.ecs.model.UpdateContainerInstancesStateResponse;

import software.amazon.awssdk.services.ecs.model.UpdateContainerInstancesStateRequest;

import org.mockito.ArgumentCaptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.ecstatic.functions.model.Cluster;
import dev.ecstatic.functions.model.ReplaceInstanceRequest;
import dev.ecstatic.functions.model.ReplaceInstanceResponse;
import dev.ecstatic.functions.model.ReplaceOutcome;
import dev.ecstatic.functions.model.ReplaceStep;
import dev.ecstatic.functions.model.Replacement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mockito.invocation.InvocationOnMock;
import org.mockito.stubbing.Answer;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingException;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsRequest;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsResponse;
import software.amazon.awssdk.services.autoscaling.model.DescribeScalingActivitiesRequest;
import software.amazon.awssdk.services.autoscaling.model.DescribeScalingActivitiesResponse;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.autoscaling.model.TerminateInstanceInAutoScalingGroupRequest;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DescribeContainerInstancesRequest;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.ServerException;

/**
 * ReplaceInstance's AWS errors and its hard stop, with mocked clients (its steps against the simulator
 * are in local/cli's ReplaceInstanceSimulatorTest): throttling, 5xx and timeouts are TransientAwsException
 * for the state machine's retry; AccessDenied and other client errors propagate as they are.
 */
class ReplaceInstanceHandlerTest {
    static final Instant NOW = Instant.parse("2026-01-05T09:00:00Z");
    static final Cluster CLUSTER = new Cluster("c", "arn:aws:ecs:us-east-1:123456789012:cluster/c");

    /** The SDK's consumer-builder overloads are default methods that build the request: let them run. */
    private static final Answer<Object> BUILDERS_RUN = (InvocationOnMock call) ->
            call.getMethod().getParameterCount() == 1 && Consumer.class.equals(call.getMethod().getParameterTypes()[0])
                    ? call.callRealMethod() : null;

    private final EcsClient ecs = mock(EcsClient.class, withSettings().defaultAnswer(BUILDERS_RUN));
    private final Ec2Client ec2 = mock(Ec2Client.class, withSettings().defaultAnswer(BUILDERS_RUN));
    private final AutoScalingClient autoScaling = mock(AutoScalingClient.class, withSettings().defaultAnswer(BUILDERS_RUN));
    private final AutoScalingClient terminations = mock(AutoScalingClient.class, withSettings().defaultAnswer(BUILDERS_RUN));
    private final ReplaceInstanceHandler handler = new ReplaceInstanceHandler(new HandlerConfig(Log.Level.DEBUG), ecs, ec2,
            autoScaling, terminations, Clock.fixed(NOW, ZoneOffset.UTC));

    static Replacement replacement() {
        return new Replacement("i-0123456789abcdef0", "0123456789abcdef0123456789abcdef", "g", "ami-old", "ami-new",
                "1.70.0", "linux/x86_64", "m6i.large", "unsupported platform", Replacement.Phase.DRAINING,
                "2026-01-05T08:50:00Z", "2026-01-05T09:20:00Z", "2026-01-05T09:40:00Z", "mark",
                "2026-01-05T08:00:00Z", null, "arn:aws:states:us-east-1:123456789012:execution:ecstatic:x");
    }

    private ReplaceInstanceResponse run(ReplaceStep step, String notAfter) {
        return handler.handleRequest(new ReplaceInstanceRequest(step, CLUSTER, replacement(), NOW.toString(), notAfter),
                new CapturingContext());
    }

    private static <T extends software.amazon.awssdk.awscore.exception.AwsServiceException.Builder> T error(T b,
                                                                                                          int status,
                                                                                                          String code) {
        b.statusCode(status).awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code + " message")
                .serviceName("x").build()).message(code + " message");
        return b;
    }

    private void groupWithTheInstance() {
        when(autoScaling.describeAutoScalingGroups(any(DescribeAutoScalingGroupsRequest.class))).thenReturn(
                DescribeAutoScalingGroupsResponse.builder().autoScalingGroups(AutoScalingGroup.builder()
                        .autoScalingGroupName("g").minSize(1).maxSize(4).desiredCapacity(3)
                        .launchTemplate(LaunchTemplateSpecification.builder().launchTemplateId("lt-1").version("1").build())
                        .instances(Instance.builder().instanceId("i-0123456789abcdef0").lifecycleState("InService")
                                        .healthStatus("Healthy").protectedFromScaleIn(false).build(),
                                Instance.builder().instanceId("i-1").lifecycleState("InService").healthStatus("Healthy").build(),
                                Instance.builder().instanceId("i-2").lifecycleState("InService").healthStatus("Healthy").build())
                        .build()).build());
    }

    @Test
    void ecsThrottling_isTransient() {
        when(ecs.describeContainerInstances(any(DescribeContainerInstancesRequest.class)))
                .thenThrow(error(EcsException.builder(), 400, "ThrottlingException").build());

        assertThatThrownBy(() -> run(ReplaceStep.CHECK_DRAIN, null)).isInstanceOf(TransientAwsException.class)
                .hasMessageContaining("CHECK_DRAIN").hasMessageContaining("i-0123456789abcdef0");
    }

    @Test
    void ecsServerException_isTransient() {
        when(ecs.describeContainerInstances(any(DescribeContainerInstancesRequest.class)))
                .thenThrow(error(ServerException.builder(), 500, "ServerException").build());

        assertThatThrownBy(() -> run(ReplaceStep.UNDRAIN, null)).isInstanceOf(TransientAwsException.class);
    }

    @Test
    void autoScalingThrottling_isTransient() {
        when(autoScaling.describeAutoScalingGroups(any(DescribeAutoScalingGroupsRequest.class)))
                .thenThrow(error(AutoScalingException.builder(), 400, "Throttling").build());

        assertThatThrownBy(() -> run(ReplaceStep.TERMINATE, null)).isInstanceOf(TransientAwsException.class);
    }

    @Test
    void autoScaling5xx_isTransient() {
        when(autoScaling.describeAutoScalingGroups(any(DescribeAutoScalingGroupsRequest.class)))
                .thenThrow(error(AutoScalingException.builder(), 500, "InternalFailure").build());

        assertThatThrownBy(() -> run(ReplaceStep.TERMINATE, null)).isInstanceOf(TransientAwsException.class);
    }

    @Test
    void ec2RequestLimitExceeded_isTransient() {
        when(ec2.describeInstances(any(DescribeInstancesRequest.class)))
                .thenThrow(error(Ec2Exception.builder(), 503, "RequestLimitExceeded").build());
        Replacement terminated = new Replacement("i-0123456789abcdef0", "ci", "g", null, "ami-new", null, null, null,
                null, Replacement.Phase.TERMINATING, null, null, null, null, null, "2026-01-05T08:55:00Z", null);

        assertThatThrownBy(() -> handler.handleRequest(new ReplaceInstanceRequest(ReplaceStep.CHECK_REPLACEMENT, CLUSTER,
                terminated, NOW.toString(), null), new CapturingContext())).isInstanceOf(TransientAwsException.class);
    }

    @Test
    void accessDenied_propagatesAsItIs() {
        AutoScalingException denied = (AutoScalingException) error(AutoScalingException.builder(), 403, "AccessDenied").build();
        when(autoScaling.describeAutoScalingGroups(any(DescribeAutoScalingGroupsRequest.class))).thenThrow(denied);

        assertThatThrownBy(() -> run(ReplaceStep.TERMINATE, null)).isSameAs(denied);
    }

    @Test
    void ecsAccessDenied_propagatesAsItIs() {
        EcsException denied = (EcsException) error(EcsException.builder(), 400, "AccessDeniedException").build();
        when(ecs.describeContainerInstances(any(DescribeContainerInstancesRequest.class))).thenThrow(denied);

        assertThatThrownBy(() -> run(ReplaceStep.DRAIN, null)).isSameAs(denied);
    }

    @Test
    void aTerminationTimedOut_isTransient_soTheRetryLooksAndFindsItTerminating() {
        groupWithTheInstance();
        when(autoScaling.describeScalingActivities(any(DescribeScalingActivitiesRequest.class)))
                .thenReturn(DescribeScalingActivitiesResponse.builder().build());
        Replacement unmarked = replacement();
        // the fingerprint DRAIN would have recorded for this group
        String mark = ReplacementRules.fingerprint(java.util.List.of("min=1 max=4 desired=3", "launchTemplate=lt-1@1"));
        Replacement marked = unmarked.drained(mark, null);
        when(terminations.terminateInstanceInAutoScalingGroup(any(TerminateInstanceInAutoScalingGroupRequest.class)))
                .thenThrow(ApiCallTimeoutException.create(10_000));

        assertThatThrownBy(() -> handler.handleRequest(new ReplaceInstanceRequest(ReplaceStep.TERMINATE, CLUSTER, marked,
                NOW.toString(), null), new CapturingContext())).isInstanceOf(TransientAwsException.class);
    }

    @Test
    void atOrPastTheHardStop_drainOnlyLooks_andDrainsNothing() {
        when(ecs.describeContainerInstances(any(DescribeContainerInstancesRequest.class))).thenReturn(
                software.amazon.awssdk.services.ecs.model.DescribeContainerInstancesResponse.builder().containerInstances(
                        software.amazon.awssdk.services.ecs.model.ContainerInstance.builder()
                                .containerInstanceArn("arn:aws:ecs:us-east-1:123456789012:container-instance/c/ci-1")
                                .ec2InstanceId(replacement().ec2InstanceId()).status("ACTIVE").agentConnected(true)
                                .build()).build());
        for (String notAfter : new String[] {NOW.toString(), NOW.minusSeconds(1).toString()}) {
            ReplaceInstanceResponse response = run(ReplaceStep.DRAIN, notAfter);

            assertThat(response.outcome()).isEqualTo(ReplaceOutcome.REFUSED);
            assertThat(response.reason()).startsWith("PAST_HARD_STOP: ");
            assertThat(response.replacement()).isEqualTo(replacement());
        }
        verify(ecs, never()).updateContainerInstancesState(any(UpdateContainerInstancesStateRequest.class));
        verifyNoInteractions(ec2, autoScaling, terminations);
    }

    @Test
    void atOrPastTheHardStop_terminateTerminatesNothing_andSetsTheDrainedInstanceActiveAgain() {
        when(ecs.updateContainerInstancesState(any(UpdateContainerInstancesStateRequest.class)))
                .thenReturn(UpdateContainerInstancesStateResponse.builder().build());
        // It looks for an earlier attempt's termination first: none (the group lists it InService, no activity).
        groupWithTheInstance();
        when(autoScaling.describeScalingActivities(any(DescribeScalingActivitiesRequest.class)))
                .thenReturn(DescribeScalingActivitiesResponse.builder().build());
        for (String notAfter : new String[] {NOW.toString(), NOW.minusSeconds(1).toString()}) {
            ReplaceInstanceResponse response = run(ReplaceStep.TERMINATE, notAfter);

            assertThat(response.outcome()).isEqualTo(ReplaceOutcome.REFUSED);
            assertThat(response.reason()).startsWith("PAST_HARD_STOP: ").endsWith("the container instance is ACTIVE again");
            assertThat(response.announce().kind()).isEqualTo(dev.ecstatic.functions.model.NotificationKind.DRAIN_UNDONE);
        }
        ArgumentCaptor<UpdateContainerInstancesStateRequest> sent =
                ArgumentCaptor.forClass(UpdateContainerInstancesStateRequest.class);
        verify(ecs, times(2)).updateContainerInstancesState(sent.capture());
        assertThat(sent.getAllValues()).allSatisfy(r -> assertThat(r.statusAsString()).isEqualTo("ACTIVE"));
        verifyNoInteractions(terminations);
    }

    @Test
    void noRequest_isAClearError() {
        assertThatThrownBy(() -> handler.handleRequest(null, new CapturingContext()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("step, cluster, replacement");
    }

    @Test
    void aRequestWithoutStepOrWithABadInstant_isRefusedNamingTheField() {
        assertThatThrownBy(() -> new ReplaceInstanceRequest(null, CLUSTER, replacement(), null, null))
                .hasMessageContaining("step");
        assertThatThrownBy(() -> new ReplaceInstanceRequest(ReplaceStep.DRAIN, CLUSTER, replacement(), null, "soon"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("notAfter").hasMessageContaining("soon");
    }

    @Tag("events")
    @Test
    void sampleEvent_readsAsTheLambdaRuntimeReadsIt_andTheResponseWritesTheContractsFields() {
        ReplaceInstanceRequest request = Fixtures.event("replace-instance-drain.json", ReplaceInstanceRequest.class);

        assertThat(request.step()).isEqualTo(ReplaceStep.DRAIN);
        assertThat(request.replacement().phase()).isEqualTo(Replacement.Phase.DRAINING);
        assertThat(request.replacement().group()).isEqualTo("al2-workers");
        assertThat(request.replacement().groupMark()).isNull();
        assertThat(request.notAfter()).isEqualTo("2026-01-05T09:35:00Z");

        ReplaceInstanceResponse response = new ReplaceInstanceResponse(ReplaceStep.TERMINATE, ReplaceOutcome.TERMINATING,
                null, request.replacement().terminating("2026-01-05T09:31:00Z"), null, 0);
        String json = Fixtures.toJson(response, ReplaceInstanceResponse.class);

        assertThat(json).contains("\"step\":\"TERMINATE\"", "\"outcome\":\"TERMINATING\"", "\"phase\":\"TERMINATING\"",
                "\"terminatedAt\":\"2026-01-05T09:31:00Z\"", "\"tasksLeft\":0");
        assertThat(json).as("the runtime's serializer leaves null fields out").doesNotContain("newInstance", "groupMark");
        assertThat(Fixtures.fromJson(json, ReplaceInstanceResponse.class)).isEqualTo(response);
    }
}
