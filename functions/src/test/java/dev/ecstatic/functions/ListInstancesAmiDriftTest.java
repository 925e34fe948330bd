package dev.ecstatic.functions;

import static dev.ecstatic.functions.Fixtures.PROD_WEB;
import static dev.ecstatic.functions.Fixtures.RECOMMENDED;
import static dev.ecstatic.functions.Fixtures.instance;
import static dev.ecstatic.functions.Fixtures.withAttribute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.ecstatic.functions.model.AmiClass;
import dev.ecstatic.functions.model.AmiReport;
import dev.ecstatic.functions.model.Inventory;
import dev.ecstatic.functions.model.ListInstancesRequest;
import dev.ecstatic.functions.model.RecommendedImage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsRequest;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsResponse;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeLaunchTemplateVersionsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeLaunchTemplateVersionsResponse;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.ResponseLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DescribeContainerInstancesRequest;
import software.amazon.awssdk.services.ecs.model.DescribeContainerInstancesResponse;
import software.amazon.awssdk.services.ecs.model.ListContainerInstancesRequest;
import software.amazon.awssdk.services.ecs.model.ListContainerInstancesResponse;

/**
 * List instances' AMI drift with Mockito clients: what is sent to EC2 and Auto Scaling, and every
 * failure path. The simulator-backed test is AmiDriftSimulatorTest (local/cli).
 */
class ListInstancesAmiDriftTest {
    static final String AL2023 = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended";
    static final Map<String, RecommendedImage> RECOMMENDED_AMIS = Map.of(AL2023,
            new RecommendedImage("1.89.0", "25.0.8", "ami-0new", null));

    private final EcsClient ecs = mock(EcsClient.class);
    private final Ec2Client ec2 = mock(Ec2Client.class);
    private final AutoScalingClient autoScaling = mock(AutoScalingClient.class);
    private final AtomicLong seconds = new AtomicLong();
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.parse("2026-01-05T09:00:00Z").plusSeconds(seconds.get());
        }
    };
    private final ListInstancesHandler handler = new ListInstancesHandler(new HandlerConfig(Log.Level.INFO), ecs,
            new AmiReader(ec2, autoScaling, clock));
    private final CapturingContext context = new CapturingContext();

    @BeforeEach
    void aClusterOfTwoInstancesInOneGroupAndOneOutside() {
        var a = withAttribute(instance(1, "1.88.0"), "ecs.ami-id", "ami-0old");
        var b = withAttribute(instance(2, "1.88.0"), "ecs.ami-id", "ami-0new");
        var c = withAttribute(instance(3, "1.88.0"), "ecs.ami-id", "ami-0new");
        when(ecs.listContainerInstances(any(ListContainerInstancesRequest.class))).thenReturn(
                ListContainerInstancesResponse.builder().containerInstanceArns(a.containerInstanceArn(),
                        b.containerInstanceArn(), c.containerInstanceArn()).build());
        when(ecs.describeContainerInstances(any(DescribeContainerInstancesRequest.class))).thenReturn(
                DescribeContainerInstancesResponse.builder().containerInstances(a, b, c).build());
        when(ec2.describeInstances(any(DescribeInstancesRequest.class))).thenReturn(DescribeInstancesResponse.builder()
                .reservations(Reservation.builder().instances(ec2Instance(1, "web", "ami-0old"),
                        ec2Instance(2, "web", "ami-0new"), ec2Instance(3, null, "ami-0new")).build()).build());
        when(autoScaling.describeAutoScalingGroups(any(DescribeAutoScalingGroupsRequest.class))).thenReturn(
                DescribeAutoScalingGroupsResponse.builder().autoScalingGroups(AutoScalingGroup.builder()
                        .autoScalingGroupName("web").launchTemplate(LaunchTemplateSpecification.builder()
                                .launchTemplateId("lt-0123456789abcdef0").version("$Latest").build()).build()).build());
        when(ec2.describeLaunchTemplateVersions(any(DescribeLaunchTemplateVersionsRequest.class))).thenReturn(
                DescribeLaunchTemplateVersionsResponse.builder().launchTemplateVersions(LaunchTemplateVersion.builder()
                        .launchTemplateData(ResponseLaunchTemplateData.builder().imageId("ami-0new").build()).build())
                        .build());
        when(ec2.describeImages(any(DescribeImagesRequest.class))).thenReturn(DescribeImagesResponse.builder()
                .images(image("ami-0old", "2024-09-05"), image("ami-0new", "2025-12-10")).build());
    }

    static Instance ec2Instance(int n, String group, String ami) {
        var b = Instance.builder().instanceId(String.format("i-%017x", n)).instanceType("m6i.large").imageId(ami);
        if (group != null) {
            b.tags(Tag.builder().key("aws:autoscaling:groupName").value(group).build());
        }
        return b.build();
    }

    static Image image(String id, String day) {
        return Image.builder().imageId(id).name("al2023-ami-ecs-hvm-2023.0." + day.replace("-", "") + "-kernel-6.1-x86_64")
                .architecture("x86_64").platformDetails("Linux/UNIX").creationDate(day + "T10:00:00.000Z").build();
    }

    private Inventory list() {
        return handler.handleRequest(new ListInstancesRequest(PROD_WEB, RECOMMENDED, null, RECOMMENDED_AMIS), context);
    }

    @Test
    void fullListing_readsEachAmiOnce_andSendsWhatTheApisExpect() {
        AmiReport amis = list().amis();

        assertThat(amis.counts()).containsEntry(AmiClass.BEHIND_ASG, 1).containsEntry(AmiClass.AMI_CURRENT, 1)
                .containsEntry(AmiClass.NOT_IN_ASG, 1);
        assertThat(amis.replaceable()).singleElement().satisfies(r -> {
            assertThat(r.ec2InstanceId()).isEqualTo("i-00000000000000001");
            assertThat(r.group()).isEqualTo("web");
            assertThat(r.ami()).isEqualTo("ami-0old");
            assertThat(r.groupAmi()).isEqualTo("ami-0new");
        });
        assertThat(amis.warnings()).isEmpty();
        var instances = ArgumentCaptor.forClass(DescribeInstancesRequest.class);
        verify(ec2).describeInstances(instances.capture());
        assertThat(instances.getValue().instanceIds()).containsExactly("i-00000000000000001", "i-00000000000000002",
                "i-00000000000000003");
        assertThat(instances.getValue().maxResults()).as("EC2 refuses MaxResults with InstanceIds").isNull();
        var groups = ArgumentCaptor.forClass(DescribeAutoScalingGroupsRequest.class);
        verify(autoScaling).describeAutoScalingGroups(groups.capture());
        assertThat(groups.getValue().autoScalingGroupNames()).containsExactly("web");
        var template = ArgumentCaptor.forClass(DescribeLaunchTemplateVersionsRequest.class);
        verify(ec2, times(1)).describeLaunchTemplateVersions(template.capture());
        assertThat(template.getValue().launchTemplateId()).isEqualTo("lt-0123456789abcdef0");
        assertThat(template.getValue().versions()).containsExactly("$Latest");
        assertThat(template.getValue().resolveAlias()).isTrue();
        var images = ArgumentCaptor.forClass(DescribeImagesRequest.class);
        verify(ec2, times(1)).describeImages(images.capture());
        assertThat(images.getValue().imageIds()).containsExactlyInAnyOrder("ami-0old", "ami-0new");
        assertThat(images.getValue().includeDeprecated()).isTrue();
    }

    @Test
    void restrictedListing_readsNoAmi_andReportsNone() {
        Inventory inventory = handler.handleRequest(new ListInstancesRequest(PROD_WEB, RECOMMENDED,
                List.of("00000000000000000000000000000001"), RECOMMENDED_AMIS), context);

        assertThat(inventory.amis()).isNull();
        verifyNoInteractions(ec2, autoScaling);
    }

    @ParameterizedTest(name = "{0} {1} on {2}")
    @CsvSource(textBlock = """
            UnauthorizedOperation, 403, ec2:DescribeInstances
            AccessDenied,          403, autoscaling:DescribeAutoScalingGroups
            UnauthorizedOperation, 403, ec2:DescribeLaunchTemplateVersions
            AuthFailure,           401, ec2:DescribeImages
            InvalidParameterValue, 400, ec2:DescribeImages
            """)
    void aClientError_leavesEveryInstanceUnknown_withAWarningNamingTheCallAndCode(String code, int status, String call) {
        fail(call, Fixtures.awsError(code, status));

        AmiReport amis = list().amis();

        assertThat(amis.counts()).containsEntry(AmiClass.AMI_UNKNOWN, 3).containsEntry(AmiClass.BEHIND_ASG, 0);
        assertThat(amis.replaceable()).isEmpty();
        assertThat(amis.warnings()).containsExactly("could not read AMI drift: " + call + " failed: " + code);
        assertThat(String.join("\n", context.lines)).doesNotContain("\tat ").doesNotContain("Exception:");
    }

    @ParameterizedTest(name = "{0} {1} on {2}")
    @CsvSource(textBlock = """
            RequestLimitExceeded, 503, ec2:DescribeInstances
            RequestLimitExceeded, 400, ec2:DescribeImages
            Throttling,           400, autoscaling:DescribeAutoScalingGroups
            InternalError,        500, ec2:DescribeLaunchTemplateVersions
            InternalFailure,      500, autoscaling:DescribeAutoScalingGroups
            """)
    void throttlingOrServerError_isTransient(String code, int status, String call) {
        fail(call, Fixtures.awsError(code, status));

        assertThatThrownBy(this::list).isInstanceOf(TransientAwsException.class).hasMessageContaining(call);
    }

    @Test
    void aClientSideIoFailure_isTransient() {
        fail("ec2:DescribeInstances", SdkClientException.builder().cause(new java.io.IOException("reset")).build());

        assertThatThrownBy(this::list).isInstanceOf(TransientAwsException.class);
    }

    @Test
    void anInstanceEc2NoLongerKnows_isLeftOutAndTheCallMadeAgain() {
        when(ec2.describeInstances(any(DescribeInstancesRequest.class)))
                .thenThrow(Fixtures.awsError("InvalidInstanceID.NotFound", 400).toBuilder()
                        .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                                .errorCode("InvalidInstanceID.NotFound")
                                .errorMessage("The instance ID 'i-00000000000000003' does not exist").build()).build())
                .thenReturn(DescribeInstancesResponse.builder().reservations(Reservation.builder().instances(
                        ec2Instance(1, "web", "ami-0old"), ec2Instance(2, "web", "ami-0new")).build()).build());

        AmiReport amis = list().amis();

        var sent = ArgumentCaptor.forClass(DescribeInstancesRequest.class);
        verify(ec2, times(2)).describeInstances(sent.capture());
        assertThat(sent.getAllValues().getLast().instanceIds()).containsExactly("i-00000000000000001",
                "i-00000000000000002");
        assertThat(amis.counts()).containsEntry(AmiClass.BEHIND_ASG, 1).containsEntry(AmiClass.AMI_UNKNOWN, 1);
        assertThat(amis.examples(AmiClass.AMI_UNKNOWN)).singleElement().satisfies(e ->
                assertThat(e.reason()).isEqualTo("EC2 did not describe the instance"));
    }

    @Test
    void aLaunchTemplateThatIsGone_leavesItsGroupUnknown_withAWarning() {
        when(ec2.describeLaunchTemplateVersions(any(DescribeLaunchTemplateVersionsRequest.class)))
                .thenThrow(Fixtures.awsError("InvalidLaunchTemplateId.NotFound", 400));

        AmiReport amis = list().amis();

        assertThat(amis.counts()).containsEntry(AmiClass.AMI_UNKNOWN, 2).containsEntry(AmiClass.NOT_IN_ASG, 1);
        assertThat(amis.warnings()).containsExactly(
                "could not describe launch template lt-0123456789abcdef0 version $Latest: InvalidLaunchTemplateId.NotFound");
    }

    @Test
    void readsPastTheirBudget_stop_leavingEveryInstanceUnknown() {
        when(autoScaling.describeAutoScalingGroups(any(DescribeAutoScalingGroupsRequest.class))).thenAnswer(call -> {
            seconds.addAndGet(AmiReader.BUDGET.toSeconds());
            return DescribeAutoScalingGroupsResponse.builder().build();
        });

        AmiReport amis = list().amis();

        assertThat(amis.counts()).containsEntry(AmiClass.AMI_UNKNOWN, 3);
        assertThat(amis.warnings()).contains("AMI reads stopped before ec2:DescribeImages: they took over 80 s");
        assertThat(ListInstancesHandler.WORST_CASE).isEqualTo(Duration.ofSeconds(100 * 8 + 88 + 4 + 5));
    }

    @Test
    void theReportKeepsTheInventoryUnderItsBudget() {
        Inventory inventory = list();

        assertThat(InventoryBuilder.serializedSize(inventory)).isLessThan(InventoryBuilder.BUDGET_BYTES);
        assertThat(inventory.amis()).isNotNull();
    }

    private void fail(String call, RuntimeException e) {
        switch (call) {
            case "ec2:DescribeInstances" -> when(ec2.describeInstances(any(DescribeInstancesRequest.class))).thenThrow(e);
            case "ec2:DescribeImages" -> when(ec2.describeImages(any(DescribeImagesRequest.class))).thenThrow(e);
            case "ec2:DescribeLaunchTemplateVersions" -> when(ec2.describeLaunchTemplateVersions(
                    any(DescribeLaunchTemplateVersionsRequest.class))).thenThrow(e);
            case "autoscaling:DescribeAutoScalingGroups" -> when(autoScaling.describeAutoScalingGroups(
                    any(DescribeAutoScalingGroupsRequest.class))).thenThrow(e);
            default -> throw new IllegalArgumentException(call);
        }
    }
}
