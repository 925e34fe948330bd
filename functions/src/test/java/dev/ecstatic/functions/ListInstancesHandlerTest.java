package dev.ecstatic.functions;

import static dev.ecstatic.functions.Fixtures.PROD_WEB;
import static dev.ecstatic.functions.Fixtures.RECOMMENDED;
import static dev.ecstatic.functions.Fixtures.instance;
import static dev.ecstatic.functions.Fixtures.withAttribute;
import static dev.ecstatic.functions.Fixtures.withTag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import dev.ecstatic.functions.model.InstanceClass;
import dev.ecstatic.functions.model.InstanceRef;
import dev.ecstatic.functions.model.Inventory;
import dev.ecstatic.functions.model.ListInstancesRequest;
import dev.ecstatic.functions.model.NotificationKind;
import dev.ecstatic.functions.model.ProblemSet;
import dev.ecstatic.functions.model.RecommendedImage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AgentUpdateStatus;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.ContainerInstanceField;
import software.amazon.awssdk.services.ecs.model.DescribeContainerInstancesRequest;
import software.amazon.awssdk.services.ecs.model.DescribeContainerInstancesResponse;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.ListContainerInstancesRequest;
import software.amazon.awssdk.services.ecs.model.ListContainerInstancesResponse;
import software.amazon.awssdk.services.ecs.model.ServerException;
import software.amazon.awssdk.services.ecs.model.VersionInfo;

class ListInstancesHandlerTest {
    private final EcsClient ecs = mock(EcsClient.class);
    private final CapturingContext context = new CapturingContext();
    private final ListInstancesHandler handler = new ListInstancesHandler(new HandlerConfig(Log.Level.INFO), ecs);
    /** The simulated cluster, by container instance ARN. */
    private final Map<String, ContainerInstance> fleet = new HashMap<>();
    private final List<String> order = new ArrayList<>();

    @BeforeEach
    void ecsAnswersFromTheFleet() {
        when(ecs.listContainerInstances(any(ListContainerInstancesRequest.class))).thenAnswer(call -> {
            ListContainerInstancesRequest r = call.getArgument(0);
            int from = r.nextToken() == null ? 0 : Integer.parseInt(r.nextToken());
            int to = Math.min(from + r.maxResults(), order.size());
            return ListContainerInstancesResponse.builder().containerInstanceArns(order.subList(from, to))
                    .nextToken(to < order.size() ? String.valueOf(to) : null).build();
        });
        when(ecs.describeContainerInstances(any(DescribeContainerInstancesRequest.class))).thenAnswer(call -> {
            DescribeContainerInstancesRequest r = call.getArgument(0);
            var found = r.containerInstances().stream().filter(fleet::containsKey).map(fleet::get).toList();
            var failures = r.containerInstances().stream().filter(id -> !fleet.containsKey(id))
                    .map(id -> Failure.builder().arn(id).reason("MISSING").build()).toList();
            return DescribeContainerInstancesResponse.builder().containerInstances(found).failures(failures).build();
        });
    }

    private void add(ContainerInstance ci) {
        fleet.put(ci.containerInstanceArn(), ci);
        order.add(ci.containerInstanceArn());
    }

    private Inventory list() {
        return handler.handleRequest(new ListInstancesRequest(PROD_WEB, RECOMMENDED, null), context);
    }

    @Test
    void listing_followsNextTokenUntilTheLastPage() {
        IntStream.range(0, 250).forEach(i -> add(instance(i, "1.88.0")));

        Inventory inventory = list();

        ArgumentCaptor<ListContainerInstancesRequest> lists = ArgumentCaptor.forClass(ListContainerInstancesRequest.class);
        verify(ecs, times(3)).listContainerInstances(lists.capture());
        assertThat(lists.getAllValues()).extracting(ListContainerInstancesRequest::nextToken)
                .containsExactly(null, "100", "200");
        assertThat(lists.getAllValues()).allSatisfy(r -> {
            assertThat(r.cluster()).isEqualTo(PROD_WEB.arn());
            assertThat(r.maxResults()).isEqualTo(100);
            assertThat(r.status()).isNull();
        });
        assertThat(inventory.total()).isEqualTo(250);
    }

    @Test
    void describe_sendsBatchesOfAtMost100WithTags() {
        IntStream.range(0, 250).forEach(i -> add(instance(i, "1.88.0")));

        list();

        ArgumentCaptor<DescribeContainerInstancesRequest> described = ArgumentCaptor.forClass(DescribeContainerInstancesRequest.class);
        verify(ecs, times(3)).describeContainerInstances(described.capture());
        assertThat(described.getAllValues()).extracting(r -> r.containerInstances().size()).containsExactly(100, 100, 50);
        assertThat(described.getAllValues()).allSatisfy(r -> {
            assertThat(r.include()).containsExactly(ContainerInstanceField.TAGS);
            assertThat(r.cluster()).isEqualTo(PROD_WEB.arn());
        });
        assertThat(described.getAllValues().stream().flatMap(r -> r.containerInstances().stream()).toList())
                .containsExactlyElementsOf(order);
    }

    @Test
    void emptyCluster_makesOneListCallAndNoDescribe() {
        Inventory inventory = list();

        verify(ecs, times(1)).listContainerInstances(any(ListContainerInstancesRequest.class));
        verify(ecs, never()).describeContainerInstances(any(DescribeContainerInstancesRequest.class));
        assertThat(inventory.total()).isZero();
        assertThat(inventory.counts()).containsOnlyKeys(InstanceClass.values()).allSatisfy((k, v) -> assertThat(v).isZero());
    }

    @Test
    void requestedInstanceIds_areDescribedWithoutListingAndMissingOnesReported() {
        add(instance(1, "1.86.3"));
        String present = order.getFirst();

        Inventory inventory = handler.handleRequest(new ListInstancesRequest(PROD_WEB, RECOMMENDED,
                List.of(present, "arn:aws:ecs:us-east-1:123456789012:container-instance/prod-web/gone")), context);

        verify(ecs, never()).listContainerInstances(any(ListContainerInstancesRequest.class));
        ArgumentCaptor<DescribeContainerInstancesRequest> described = ArgumentCaptor.forClass(DescribeContainerInstancesRequest.class);
        verify(ecs).describeContainerInstances(described.capture());
        assertThat(described.getValue().containerInstances()).hasSize(2);
        assertThat(described.getValue().include()).containsExactly(ContainerInstanceField.TAGS);
        assertThat(inventory.total()).isEqualTo(1);
        assertThat(inventory.missing()).containsExactly("gone");
        assertThat(context.metric("OutdatedAgents")).as("a partial listing is no cluster-wide figure").isEmpty();
    }

    @Test
    void everyClass_isCountedWithExamplesAndReasons() {
        add(withTag(instance(1, "1.88.0"), "ecstatic:ignore", "true"));
        add(instance(2, "1.88.0").toBuilder().agentUpdateStatus(AgentUpdateStatus.STAGING).build());
        add(instance(3, "1.88.0").toBuilder().agentUpdateStatus(AgentUpdateStatus.FAILED).build());
        add(instance(4, "1.88.0").toBuilder().agentConnected(false).build());
        add(withAttribute(instance(5, "1.88.0"), "ecs.cpu-architecture", "arm64"));
        add(instance(6, "1.88.0").toBuilder().status("DRAINING").build());
        add(instance(7, "1.86.3"));

        Inventory inventory = list();

        assertThat(inventory.counts().keySet()).containsExactly(InstanceClass.values());
        assertThat(inventory.counts().values()).containsOnly(1);
        assertThat(inventory.examples()).doesNotContainKey(InstanceClass.CANDIDATE);
        assertThat(inventory.examples(InstanceClass.DISCONNECTED)).singleElement().satisfies(ref -> {
            assertThat(ref.ec2InstanceId()).isEqualTo(String.format("i-%017x", 4));
            assertThat(ref.containerInstanceId()).isEqualTo(String.format("%032x", 4));
            assertThat(ref.reason()).isEqualTo("agent disconnected");
            assertThat(ref.platform()).isEqualTo("linux/x86_64");
        });
        assertThat(inventory.candidates()).singleElement().satisfies(ref -> assertThat(ref.reason()).isNull());
        assertThat(inventory.platforms()).containsEntry("linux/x86_64", 6).containsEntry("linux/arm64", 1);
    }

    @Test
    void instancesBeingReplaced_countAsNotActive_whateverTheirState() {
        add(instance(1, "1.88.0").toBuilder().agentConnected(false).status("DRAINING").build());
        add(instance(2, "1.88.0").toBuilder().agentUpdateStatus(AgentUpdateStatus.FAILED).build());
        add(instance(3, "1.86.3"));

        Inventory inventory = handler.handleRequest(new ListInstancesRequest(PROD_WEB, RECOMMENDED, null, null,
                List.of(String.format("i-%017x", 1), String.format("i-%017x", 2))), context);

        assertThat(inventory.count(InstanceClass.NOT_ACTIVE)).isEqualTo(2);
        assertThat(inventory.count(InstanceClass.DISCONNECTED)).isZero();
        assertThat(inventory.count(InstanceClass.UPDATE_FAILED)).isZero();
        assertThat(inventory.examples(InstanceClass.NOT_ACTIVE)).extracting(ref -> ref.reason())
                .containsExactly("being replaced", "being replaced");
        assertThat(inventory.candidates()).extracting(ref -> ref.ec2InstanceId())
                .containsExactly(String.format("i-%017x", 3));
    }

    @Test
    void candidates_areOrderedBySemanticVersionThenEc2InstanceId() {
        add(instance(5, "1.10.0"));
        add(instance(4, "1.9.0"));
        add(instance(3, "1.10.0"));
        add(instance(2, "1.9.1"));

        assertThat(list().candidates()).extracting(InstanceRef::ec2InstanceId).containsExactly(
                String.format("i-%017x", 4), String.format("i-%017x", 2), String.format("i-%017x", 3),
                String.format("i-%017x", 5));
    }

    @Test
    void candidates_areCappedAt20OldestFirst() {
        IntStream.range(0, 100).forEach(i -> add(instance(i, "1." + (100 - i) + ".0")));

        Inventory inventory = list();

        assertThat(inventory.candidates()).hasSize(20);
        assertThat(inventory.candidates().getFirst().agentVersion()).isEqualTo("1.1.0");
        assertThat(inventory.candidates().getLast().agentVersion()).isEqualTo("1.20.0");
        assertThat(inventory.count(InstanceClass.CANDIDATE)).isEqualTo(100);
    }

    @Test
    void manyAgentVersions_areCappedAt30KeysWithTheRestUnderOther() {
        IntStream.range(0, 100).forEach(i -> add(instance(i, "1." + i + ".0")));

        Inventory inventory = list();

        assertThat(inventory.agentVersions()).hasSize(30).containsKey("other");
        assertThat(inventory.agentVersions().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(100);
    }

    @Test
    void drift_countsAgentsDockerAndAmisBehindTheRecommendation() {
        add(instance(1, "1.88.0"));
        add(instance(2, "1.86.3").toBuilder().versionInfo(VersionInfo.builder().agentVersion("1.86.3")
                .dockerVersion("DockerVersion: 20.10.25").build()).build());
        add(withAttribute(instance(3, "1.87.0"), "ecs.ami-id", "ami-0old"));
        add(withTag(instance(4, "1.0.0"), "ecstatic:ignore", "true"));

        Inventory inventory = list();

        assertThat(inventory.drift().agentBehindRecommended()).isEqualTo(2);
        assertThat(inventory.drift().dockerBehindRecommended()).isEqualTo(1);
        assertThat(inventory.drift().amiNotRecommended()).isEqualTo(1);
        assertThat(context.metric("OutdatedAgents")).containsExactly(2L);
    }

    @Test
    void agentsBehind_areCountedPerPlatform_aBoundedSetOfValues() {
        add(instance(1, "1.88.0"));
        add(instance(2, "1.86.3"));
        add(withAttribute(instance(3, "1.87.0"), "ecs.cpu-architecture", "arm64"));
        add(withAttribute(instance(4, "1.88.0"), "bottlerocket.variant", "aws-ecs-2"));
        add(withAttribute(instance(5, "1.80.0"), "ecs.os-type", "plan9"));
        add(withAttribute(instance(6, "1.0.0"), "ecs.os-type", "windows"));

        list();

        // Windows is not compared (as for agentBehindRecommended); an OS no AMI family has counts as "other".
        assertThat(context.metricBy("OutdatedAgents", "Platform")).containsExactly(
                Map.entry("bottlerocket/x86_64", 0L), Map.entry("linux/arm64", 1L), Map.entry("linux/x86_64", 1L),
                Map.entry("other", 1L));
        assertThat(context.metric("OutdatedAgents")).as("the cluster's own series, unchanged").containsExactly(3L);
        assertThat(context.emf("OutdatedAgents")).filteredOn(m -> m.containsKey("Platform"))
                .allSatisfy(m -> assertThat(m).doesNotContainKeys("Account", "Region").containsEntry("cluster", null));
    }

    @Test
    void restrictedListing_emitsNoPlatformFigures() {
        add(instance(1, "1.86.0"));

        handler.handleRequest(new ListInstancesRequest(PROD_WEB, RECOMMENDED, List.of(
                "arn:aws:ecs:us-east-1:123456789012:container-instance/prod-web/" + String.format("%032x", 1))), context);

        assertThat(context.emf("OutdatedAgents")).isEmpty();
    }

    @Test
    void fiveThousandInstancesInTheWorstCase_stayUnder32KiBSerialized() {
        String longTag = "x".repeat(256);
        for (int i = 0; i < 5000; i++) {
            ContainerInstance ci = instance(i, "1." + (i % 200) + ".0-very-long-build-suffix-" + i)
                    .toBuilder().containerInstanceArn("arn:aws:ecs:us-east-1:123456789012:container-instance/prod-web/"
                            + java.util.UUID.nameUUIDFromBytes(new byte[] {(byte) i, (byte) (i >> 8)}) + "-" + i)
                    .ec2InstanceId("mi-" + "0123456789abcdef0123".substring(0, 17) + i)
                    .build();
            ci = withAttribute(ci, "ecs.os-type", "linux-" + (i % 40) + "-some-long-os-type");
            ci = switch (i % 7) {
                case 0 -> withTag(ci, "ecstatic:ignore", longTag + "é");
                case 1 -> ci.toBuilder().agentUpdateStatus(AgentUpdateStatus.STAGING).build();
                case 2 -> ci.toBuilder().agentUpdateStatus(AgentUpdateStatus.FAILED).build();
                case 3 -> ci.toBuilder().agentConnected(false).build();
                case 4 -> ci;
                case 5 -> ci.toBuilder().ec2InstanceId("i-" + i).status("REGISTRATION_FAILED-" + longTag).build();
                default -> ci.toBuilder().ec2InstanceId("i-0" + "f".repeat(30) + i).build();
            };
            add(ci);
        }

        Inventory inventory = list();
        String json = Fixtures.toJson(inventory, Inventory.class);

        assertThat(inventory.total()).isEqualTo(5000);
        assertThat(json.getBytes(StandardCharsets.UTF_8).length).isLessThan(32 * 1024);
        assertThat(inventory.candidates()).hasSize(20);
        assertThat(inventory.agentVersions()).hasSizeLessThanOrEqualTo(30);
        assertThat(inventory.platforms()).hasSizeLessThanOrEqualTo(30);
        assertThat(inventory.examples().values()).allSatisfy(list -> assertThat(list).hasSizeLessThanOrEqualTo(20));
        assertThat(InventoryBuilder.serializedSize(inventory)).isEqualTo(json.getBytes(StandardCharsets.UTF_8).length);
        assertThat(inventory.hashes()).containsOnlyKeys(InstanceClass.UPDATING, InstanceClass.UPDATE_FAILED,
                InstanceClass.DISCONNECTED);
        assertThat(inventory.behindUnsupported()).isNotNull();
        assertThat(inventory.behindUnsupported().instances()).hasSize(20);
        // This worst case only fits because the budget trims examples, largest class first.
        assertThat(inventory.examples().values().stream().mapToInt(List::size).sum()).isLessThan(6 * 20);
    }

    @Test
    void realisticFullInventory_keepsTwentyExamplesOfEveryClass() {
        for (int i = 0; i < 5000; i++) {
            ContainerInstance ci = instance(i, "1." + (80 + i % 9) + "." + (i % 4));
            ci = switch (i % 7) {
                case 0 -> withTag(ci, "ecstatic:ignore", "true");
                case 1 -> ci.toBuilder().agentUpdateStatus(AgentUpdateStatus.STAGING).build();
                case 2 -> ci.toBuilder().agentUpdateStatus(AgentUpdateStatus.FAILED).build();
                case 3 -> ci.toBuilder().agentConnected(false).build();
                case 4 -> withAttribute(ci, "ecs.os-type", "windows");
                case 5 -> ci.toBuilder().status("DRAINING").build();
                default -> ci;
            };
            add(ci);
        }

        Inventory inventory = list();

        assertThat(inventory.examples()).hasSize(6);
        assertThat(inventory.examples().values()).allSatisfy(list -> assertThat(list).hasSize(20));
        assertThat(InventoryBuilder.serializedSize(inventory)).isLessThan(InventoryBuilder.BUDGET_BYTES);
    }

    @Test
    void throttling_isTransient() {
        when(ecs.listContainerInstances(any(ListContainerInstancesRequest.class)))
                .thenThrow(Fixtures.awsError("ThrottlingException", 400));

        assertThatThrownBy(this::list).isInstanceOf(TransientAwsException.class).hasMessageContaining("prod-web");
    }

    @Test
    void serverError_isTransient() {
        add(instance(1, "1.88.0"));
        when(ecs.describeContainerInstances(any(DescribeContainerInstancesRequest.class)))
                .thenThrow(ServerException.builder().message("boom").statusCode(500).build());

        assertThatThrownBy(this::list).isInstanceOf(TransientAwsException.class);
    }

    @Test
    void ioError_isTransient() {
        when(ecs.listContainerInstances(any(ListContainerInstancesRequest.class)))
                .thenThrow(SdkClientException.builder().message("Unable to execute HTTP request: Connection reset")
                        .cause(new java.net.SocketException("Connection reset")).build());

        assertThatThrownBy(this::list).isInstanceOf(TransientAwsException.class);
    }

    @Test
    void configurationError_isNotRetried() {
        SdkClientException noRegion = SdkClientException.create("Unable to load region from any of the providers");
        when(ecs.listContainerInstances(any(ListContainerInstancesRequest.class))).thenThrow(noRegion);

        assertThatThrownBy(this::list).isSameAs(noRegion);
    }

    @Test
    void accessDenied_propagatesWithItsOwnMessage() {
        when(ecs.listContainerInstances(any(ListContainerInstancesRequest.class)))
                .thenThrow(Fixtures.awsError("AccessDeniedException", 400));

        assertThatThrownBy(this::list).isNotInstanceOf(TransientAwsException.class)
                .hasMessageContaining("AccessDeniedException happened");
    }

    @Tag("events")
    @ParameterizedTest
    @Event(value = "../events/list-instances.json", type = ListInstancesRequest.class)
    void sampleEvent_listsTheNamedCluster(ListInstancesRequest request) {
        add(instance(1, "1.86.3"));

        Inventory inventory = handler.handleRequest(request, context);

        verify(ecs).listContainerInstances(ListContainerInstancesRequest.builder()
                .cluster("arn:aws:ecs:us-east-1:123456789012:cluster/prod-web").maxResults(100).build());
        assertThat(inventory.cluster().name()).isEqualTo("prod-web");
        assertThat(inventory.candidates()).hasSize(1);
        assertThat(inventory.drift().agentBehindRecommended()).isEqualTo(1);
        assertThat(context.events("inventory")).hasSize(1);
    }

    // The memory's fields (issue 12): set hashes and the unsupported instances behind.

    private static String ec2(int n) {
        return String.format("i-%017x", n);
    }

    private Inventory list(Map<String, RecommendedImage> recommended) {
        return handler.handleRequest(new ListInstancesRequest(PROD_WEB, recommended, null), context);
    }

    @Test
    void hashedClass_carriesTheHashOfItsFullSetComputedIndependently() {
        add(instance(2, "1.88.0").toBuilder().agentConnected(false).build());
        add(instance(1, "1.88.0").toBuilder().agentConnected(false).build());
        add(instance(3, "1.86.3"));

        Inventory inventory = list();

        // printf 'i-00000000000000001\ni-00000000000000002' | sha256sum
        assertThat(inventory.hashes()).containsExactly(Map.entry(InstanceClass.DISCONNECTED, "e6e8f2d0518934a3"));
    }

    @Test
    void hashes_coverEveryInstanceOfTheClassNotOnlyTheTwentyExamples() {
        IntStream.range(0, 25).forEach(i -> add(instance(i, "1.88.0").toBuilder().agentConnected(false).build()));
        IntStream.range(25, 28).forEach(i -> add(instance(i, "1.88.0").toBuilder()
                .agentUpdateStatus(AgentUpdateStatus.FAILED).build()));
        IntStream.range(28, 30).forEach(i -> add(instance(i, "1.88.0").toBuilder()
                .agentUpdateStatus(AgentUpdateStatus.UPDATING).build()));
        add(withAttribute(instance(30, "1.88.0"), "ecs.os-type", "windows"));
        add(withTag(instance(31, "1.88.0"), "ecstatic:ignore", "true"));
        add(instance(32, "1.88.0"));

        Inventory inventory = list();

        List<String> disconnected = IntStream.range(0, 25).mapToObj(ListInstancesHandlerTest::ec2).toList();
        assertThat(inventory.examples(InstanceClass.DISCONNECTED)).hasSize(20);
        assertThat(inventory.hash(InstanceClass.DISCONNECTED)).isEqualTo(ProblemSets.hash(disconnected))
                .isNotEqualTo(ProblemSets.hash(disconnected.subList(0, 20)));
        assertThat(inventory.hash(InstanceClass.UPDATE_FAILED))
                .isEqualTo(ProblemSets.hash(List.of(ec2(27), ec2(25), ec2(26))));
        assertThat(inventory.hash(InstanceClass.UPDATING)).isEqualTo(ProblemSets.hash(List.of(ec2(28), ec2(29))));
        assertThat(inventory.hashes()).as("only the problem classes are hashed").hasSize(3);
    }

    @Test
    void hashes_doNotDependOnTheListingOrder() {
        IntStream.of(4, 1, 3, 2).forEach(i -> add(instance(i, "1.88.0").toBuilder().agentConnected(false).build()));
        String shuffled = list().hash(InstanceClass.DISCONNECTED);

        assertThat(shuffled).isEqualTo(ProblemSets.hash(List.of(ec2(1), ec2(2), ec2(3), ec2(4))));
    }

    @Test
    void healthyCluster_hasNoHashesAndNothingBehindUnsupported() {
        add(instance(1, "1.86.3"));

        Inventory inventory = list();

        assertThat(inventory.hashes()).isEmpty();
        assertThat(inventory.behindUnsupported()).isNull();
    }

    @Test
    void unsupportedInstancesBehindTheNewestRecommendedAgent_formTheCannotUpdateSet() {
        add(withAttribute(instance(1, "1.86.3"), "ecs.os-type", "windows"));
        add(withAttribute(instance(2, "1.87.9"), "ecs.cpu-architecture", "arm64"));
        add(withAttribute(instance(3, "1.88.0"), "ecs.os-type", "windows"));
        add(withAttribute(instance(4, "1.89.0"), "ecs.cpu-architecture", "arm64"));
        add(instance(5, "1.80.0").toBuilder().ec2InstanceId("mi-0123456789abcdef0").build());
        add(instance(6, "1.86.3").toBuilder().versionInfo(VersionInfo.builder().build()).build());
        add(withTag(withAttribute(instance(7, "1.70.0"), "ecs.os-type", "windows"), "ecstatic:ignore", "true"));
        add(instance(8, "1.70.0"));
        add(withAttribute(instance(9, "1.70.0"), "ecs.os-type", "windows").toBuilder()
                .agentUpdateStatus(AgentUpdateStatus.FAILED).build());

        Inventory inventory = list();

        List<String> behind = List.of(ec2(1), ec2(2), "mi-0123456789abcdef0");
        assertThat(inventory.count(InstanceClass.UNSUPPORTED)).isEqualTo(6);
        assertThat(inventory.behindUnsupported()).isEqualTo(new ProblemSet(NotificationKind.CANNOT_UPDATE, 3,
                ProblemSets.hash(behind), List.of(ec2(1), ec2(2), "mi-0123456789abcdef0")));
    }

    @Test
    void unsupportedBehind_comparesWithTheNewestAgentAnyFamilyRecommends() {
        add(withAttribute(instance(1, "1.87.0"), "ecs.os-type", "windows"));

        Inventory inventory = list(Map.of(
                "amazon-linux-2", new RecommendedImage("1.86.0", null, "ami-0al2new", null),
                "amazon-linux-2023", new RecommendedImage("1.88.0", null, "ami-0al2023new", null)));

        assertThat(inventory.behindUnsupported().instances()).containsExactly(ec2(1));
    }

    @Test
    void unknownRecommendedAgent_buildsNoCannotUpdateSet() {
        add(withAttribute(instance(1, "1.10.0"), "ecs.os-type", "windows"));

        assertThat(list(Map.of()).behindUnsupported()).isNull();
        assertThat(list(Map.of("amazon-linux-2023", new RecommendedImage(null, "25.0.8", "ami-0al2023new", null)))
                .behindUnsupported()).isNull();
    }

    @Test
    void manyUnsupportedBehind_countAndHashAllButListTwentySorted() {
        IntStream.range(0, 25).forEach(i -> add(withAttribute(instance(24 - i, "1.80.0"), "ecs.os-type", "windows")));

        ProblemSet behind = list().behindUnsupported();

        List<String> all = IntStream.range(0, 25).mapToObj(ListInstancesHandlerTest::ec2).toList();
        assertThat(behind.count()).isEqualTo(25);
        assertThat(behind.hash()).isEqualTo(ProblemSets.hash(all));
        assertThat(behind.instances()).containsExactlyElementsOf(all.subList(0, 20));
    }
}
