package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Attribute;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.ContainerInstanceField;
import software.amazon.awssdk.services.ecs.model.ContainerInstanceStatus;
import software.amazon.awssdk.services.ecs.model.DescribeClustersResponse;
import software.amazon.awssdk.services.ecs.model.DescribeContainerInstancesResponse;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.ListClustersResponse;
import software.amazon.awssdk.services.ecs.model.ListContainerInstancesResponse;
import software.amazon.awssdk.services.ecs.model.Tag;

class EcsReadActionsTest {

    private static final String PREFIX = "arn:aws:ecs:us-east-1:123456789012:";
    private static AwsSimulator sim;
    private static EcsClient ecs;

    @BeforeAll
    static void start() {
        sim = Sim.start(Sim.testFleet(), MutableClock.at("2026-01-01T00:00:00Z"));
        ecs = Sim.ecs(sim);
    }

    @AfterAll
    static void stop() {
        ecs.close();
        sim.close();
    }

    @Test
    void listClusters_pagesWithNextTokenUntilTheLastPage() {
        ListClustersResponse first = ecs.listClusters(r -> r.maxResults(2));
        assertThat(first.clusterArns()).containsExactly(PREFIX + "cluster/prod-web", PREFIX + "cluster/batch");
        assertThat(first.nextToken()).isNotBlank();

        ListClustersResponse second = ecs.listClusters(r -> r.maxResults(2).nextToken(first.nextToken()));
        assertThat(second.clusterArns()).containsExactly(PREFIX + "cluster/special", PREFIX + "cluster/empty-1");
        assertThat(second.nextToken()).isNotBlank().isNotEqualTo(first.nextToken());

        ListClustersResponse third = ecs.listClusters(r -> r.maxResults(2).nextToken(second.nextToken()));
        assertThat(third.clusterArns()).containsExactly(PREFIX + "cluster/empty-2");
        assertThat(third.nextToken()).isNull();
    }

    @Test
    void listClusters_paginatorVisitsEveryCluster() {
        List<String> all = ecs.listClustersPaginator(r -> r.maxResults(1)).clusterArns().stream().toList();
        assertThat(all).hasSize(5).doesNotHaveDuplicates();
    }

    @Test
    void listClusters_rejectsMaxResultsOutside1To100() {
        assertThatThrownBy(() -> ecs.listClusters(r -> r.maxResults(0))).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> ecs.listClusters(r -> r.maxResults(101)))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void listClusters_rejectsATokenItDidNotIssue() {
        assertThatThrownBy(() -> ecs.listClusters(r -> r.nextToken("not-a-token")))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void describeClusters_includesTagsOnlyWhenAskedAndReportsMissingClusters() {
        DescribeClustersResponse plain = ecs.describeClusters(r -> r.clusters("prod-web"));
        assertThat(plain.clusters().get(0).hasTags()).isFalse();

        DescribeClustersResponse r = ecs.describeClusters(b -> b
                .clusters("prod-web", PREFIX + "cluster/batch", "nope")
                .include(ClusterField.TAGS));
        assertThat(r.clusters()).extracting(c -> c.clusterName()).containsExactly("prod-web", "batch");
        assertThat(r.clusters().get(0).clusterArn()).isEqualTo(PREFIX + "cluster/prod-web");
        assertThat(r.clusters().get(0).status()).isEqualTo("ACTIVE");
        assertThat(r.clusters().get(0).registeredContainerInstancesCount()).isEqualTo(5);
        assertThat(r.clusters().get(0).tags()).containsExactly(Tag.builder().key("team").value("web").build());
        assertThat(r.clusters().get(1).tags()).extracting(Tag::key).containsExactly("ecstatic:ignore");
        assertThat(r.failures()).singleElement().satisfies(f -> {
            assertThat(f.arn()).isEqualTo(PREFIX + "cluster/nope");
            assertThat(f.reason()).isEqualTo("MISSING");
        });
    }

    @Test
    void describeClusters_withoutNames_describesTheDefaultCluster() {
        DescribeClustersResponse r = ecs.describeClusters(b -> { });
        assertThat(r.clusters()).isEmpty();
        assertThat(r.failures()).singleElement()
                .satisfies(f -> assertThat(f.arn()).isEqualTo(PREFIX + "cluster/default"));
    }

    @Test
    void describeClusters_rejectsMoreThan100Clusters() {
        List<String> many = IntStream.range(0, 101).mapToObj(i -> "c" + i).toList();
        assertThatThrownBy(() -> ecs.describeClusters(r -> r.clusters(many)))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void listContainerInstances_pagesThroughALargeClusterInHundreds() {
        List<ListContainerInstancesResponse> pages = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            ListContainerInstancesResponse page = ecs.listContainerInstances(r -> r.cluster("batch").nextToken(t));
            pages.add(page);
            token = page.nextToken();
        } while (token != null);
        assertThat(pages).extracting(p -> p.containerInstanceArns().size()).containsExactly(100, 100, 50);
        assertThat(pages.get(0).nextToken()).isNotNull();
        assertThat(pages.stream().flatMap(p -> p.containerInstanceArns().stream()).distinct().count()).isEqualTo(250);
    }

    @Test
    void listContainerInstances_honoursMaxResultsAndItsBounds() {
        ListContainerInstancesResponse r = ecs.listContainerInstances(b -> b.cluster("batch").maxResults(7));
        assertThat(r.containerInstanceArns()).hasSize(7);
        assertThat(r.nextToken()).isNotNull();
        assertThatThrownBy(() -> ecs.listContainerInstances(b -> b.cluster("batch").maxResults(101)))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> ecs.listContainerInstances(b -> b.cluster("batch").maxResults(0)))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void listContainerInstances_filtersByStatusAndHidesInactiveByDefault() {
        assertThat(ecs.listContainerInstances(r -> r.cluster("prod-web")).containerInstanceArns()).hasSize(5);
        assertThat(ecs.listContainerInstances(r -> r.cluster("prod-web").status(ContainerInstanceStatus.DRAINING))
                .containerInstanceArns()).hasSize(1);
        assertThat(ecs.listContainerInstances(r -> r.cluster("prod-web").status(ContainerInstanceStatus.ACTIVE))
                .containerInstanceArns()).hasSize(4);
    }

    @Test
    void listContainerInstances_withAQueryLanguageFilter_isRefusedNotIgnored() {
        assertThatThrownBy(() -> ecs.listContainerInstances(r -> r.cluster("prod-web")
                .filter("attribute:ecs.os-type == linux")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("filter");
    }

    @Test
    void listContainerInstances_filtersByEc2InstanceId_withEqualsAndIn() {
        var instances = sim.snapshot().clusters().stream().filter(c -> c.name().equals("prod-web")).findFirst()
                .orElseThrow().instances().stream().filter(i -> !"INACTIVE".equals(i.status())).toList();
        var first = instances.get(0);
        var second = instances.get(1);

        assertThat(ecs.listContainerInstances(r -> r.cluster("prod-web")
                .filter("ec2InstanceId == " + first.ec2InstanceId())).containerInstanceArns())
                .containsExactly(first.containerInstanceArn());
        assertThat(ecs.listContainerInstances(r -> r.cluster("prod-web")
                .filter("ec2InstanceId in [" + second.ec2InstanceId() + ", " + first.ec2InstanceId() + ", i-0000000000000000f]"))
                .containerInstanceArns())
                .containsExactlyInAnyOrder(first.containerInstanceArn(), second.containerInstanceArn());
        assertThat(ecs.listContainerInstances(r -> r.cluster("prod-web").filter("ec2InstanceId == i-0000000000000000f"))
                .containerInstanceArns()).isEmpty();
    }

    @Test
    void listContainerInstances_otherQueryLanguageExpressions_areRefused() {
        for (String filter : List.of("ec2InstanceId != i-0000000000000000f", "ec2InstanceId in []",
                "ec2InstanceId == i-1 and attribute:ecs.os-type == linux", "runningTasksCount > 1")) {
            assertThatThrownBy(() -> ecs.listContainerInstances(r -> r.cluster("prod-web").filter(filter)))
                    .as(filter)
                    .isInstanceOf(InvalidParameterException.class)
                    .hasMessageContaining("ec2InstanceId in [");
        }
    }

    @Test
    void listContainerInstances_unknownCluster_isClusterNotFoundException() {
        assertThatThrownBy(() -> ecs.listContainerInstances(r -> r.cluster("nope")))
                .isInstanceOf(ClusterNotFoundException.class)
                .hasMessageContaining("Cluster not found.");
    }

    @Test
    void listContainerInstances_tokenFromAnotherListingIsRejected() {
        String token = ecs.listContainerInstances(r -> r.cluster("batch").maxResults(1)).nextToken();
        assertThatThrownBy(() -> ecs.listContainerInstances(r -> r.cluster("prod-web").nextToken(token)))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void describeContainerInstances_returnsArnsIdsVersionsAttributesAndTags() {
        List<String> arns = ecs.listContainerInstances(r -> r.cluster("prod-web")).containerInstanceArns();
        DescribeContainerInstancesResponse r = ecs.describeContainerInstances(b -> b
                .cluster(PREFIX + "cluster/prod-web").containerInstances(arns).include(ContainerInstanceField.TAGS));
        assertThat(r.failures()).isEmpty();
        assertThat(r.containerInstances()).hasSize(5);
        ContainerInstance ci = r.containerInstances().get(0);
        assertThat(ci.containerInstanceArn()).matches(PREFIX + "container-instance/prod-web/[0-9a-f]{32}");
        assertThat(ci.ec2InstanceId()).matches("i-[0-9a-f]{17}");
        assertThat(ci.versionInfo().agentVersion()).isEqualTo("1.86.3");
        assertThat(ci.versionInfo().dockerVersion()).isEqualTo("DockerVersion: 25.0.6");
        assertThat(ci.versionInfo().agentHash()).matches("[0-9a-f]{8}");
        assertThat(ci.agentConnected()).isTrue();
        assertThat(ci.status()).isEqualTo("ACTIVE");
        assertThat(ci.agentUpdateStatus()).isNull();
        assertThat(ci.registeredAt()).isBefore(java.time.Instant.parse("2026-01-01T00:00:00Z"));
        Map<String, String> attrs = ci.attributes().stream()
                .filter(a -> a.value() != null)
                .collect(Collectors.toMap(Attribute::name, Attribute::value));
        assertThat(attrs).containsEntry("ecs.os-type", "linux")
                .containsEntry("ecs.os-family", "LINUX")
                .containsEntry("ecs.cpu-architecture", "x86_64")
                .containsEntry("ecs.ami-id", "ami-0al2023old")
                .containsEntry("ecs.instance-type", "m6i.large")
                .containsKey("ecs.availability-zone");
        assertThat(ci.tags()).containsExactly(Tag.builder().key("role").value("web").build());
    }

    @Test
    void describeContainerInstances_acceptsBareIdsAndReportsUnknownOnesAsMissing() {
        String arn = ecs.listContainerInstances(r -> r.cluster("prod-web").maxResults(1)).containerInstanceArns().get(0);
        String id = arn.substring(arn.lastIndexOf('/') + 1);
        String unknown = "0123456789abcdef0123456789abcdef";
        DescribeContainerInstancesResponse r = ecs.describeContainerInstances(b -> b
                .cluster("prod-web").containerInstances(id, unknown));
        assertThat(r.containerInstances()).singleElement()
                .satisfies(ci -> assertThat(ci.containerInstanceArn()).isEqualTo(arn))
                .satisfies(ci -> assertThat(ci.hasTags()).isFalse());
        assertThat(r.failures()).singleElement().satisfies(f -> {
            assertThat(f.reason()).isEqualTo("MISSING");
            assertThat(f.arn()).isEqualTo(PREFIX + "container-instance/prod-web/" + unknown);
        });
    }

    @Test
    void describeContainerInstances_includesHealthWhenAsked() {
        String arn = ecs.listContainerInstances(r -> r.cluster("prod-web").maxResults(1)).containerInstanceArns().get(0);
        ContainerInstance ci = ecs.describeContainerInstances(b -> b.cluster("prod-web").containerInstances(arn)
                .include(ContainerInstanceField.CONTAINER_INSTANCE_HEALTH)).containerInstances().get(0);
        assertThat(ci.healthStatus().overallStatusAsString()).isEqualTo("OK");
        assertThat(ci.healthStatus().details()).isNotEmpty();
    }

    @Test
    void describeContainerInstances_ofAHundredIsFineAndOfMoreIsInvalidParameterException() {
        List<String> arns = ecs.listContainerInstancesPaginator(r -> r.cluster("batch")).containerInstanceArns()
                .stream().toList();
        assertThat(ecs.describeContainerInstances(r -> r.cluster("batch").containerInstances(arns.subList(0, 100)))
                .containerInstances()).hasSize(100);
        assertThatThrownBy(() -> ecs.describeContainerInstances(r -> r.cluster("batch")
                .containerInstances(arns.subList(0, 101))))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void describeContainerInstances_unknownCluster_isClusterNotFoundException() {
        assertThatThrownBy(() -> ecs.describeContainerInstances(r -> r.cluster("nope").containerInstances("x")))
                .isInstanceOf(ClusterNotFoundException.class);
    }

    @Test
    void describeContainerInstances_showsEachPlatform() {
        List<String> arns = ecs.listContainerInstances(r -> r.cluster("special")).containerInstanceArns();
        List<ContainerInstance> cis = ecs.describeContainerInstances(r -> r.cluster("special").containerInstances(arns))
                .containerInstances();
        assertThat(attr(cis.get(0), "ecs.os-type")).isEqualTo("windows");
        assertThat(attr(cis.get(1), "ecs.cpu-architecture")).isEqualTo("arm64");
        assertThat(cis.get(2).ec2InstanceId()).startsWith("mi-");
        assertThat(cis.get(2).attributes()).extracting(Attribute::name).contains("ecs.capability.external")
                .doesNotContain("ecs.ami-id");
        assertThat(cis.get(3).agentConnected()).isFalse();
        assertThat(cis.get(4).versionInfo().agentVersion()).isNull();
        assertThat(cis.get(8).agentUpdateStatusAsString()).isEqualTo("STAGED");
    }

    @Test
    void identitiesAreStableAcrossRestartsWithTheSameSeed() {
        try (AwsSimulator other = Sim.start(Sim.testFleet(), MutableClock.at("2026-01-01T00:00:00Z"));
                EcsClient c = Sim.ecs(other)) {
            assertThat(c.listContainerInstances(r -> r.cluster("prod-web")).containerInstanceArns())
                    .isEqualTo(ecs.listContainerInstances(r -> r.cluster("prod-web")).containerInstanceArns());
        }
    }

    private static String attr(ContainerInstance ci, String name) {
        return ci.attributes().stream().filter(a -> a.name().equals(name)).map(Attribute::value).findFirst()
                .orElse(null);
    }
}
