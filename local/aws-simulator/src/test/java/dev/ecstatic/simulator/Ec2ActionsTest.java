package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ArchitectureValues;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;
import software.amazon.awssdk.services.ec2.model.Tag;

/** EC2's DescribeInstances, DescribeImages and DescribeLaunchTemplateVersions through the real SDK. */
class Ec2ActionsTest {

    private MutableClock clock;
    private AwsSimulator sim;
    private Ec2Client ec2;

    @BeforeEach
    void start() {
        clock = MutableClock.at("2026-01-01T00:00:00Z");
        sim = Sim.start(Sim.asgFleet(), clock);
        ec2 = Sim.ec2(sim);
    }

    @AfterEach
    void stop() {
        ec2.close();
        sim.close();
    }

    private List<Instance> allInstances() {
        return ec2.describeInstancesPaginator(r -> r.maxResults(5)).reservations().stream()
                .flatMap(r -> r.instances().stream()).toList();
    }

    private String groupInstance(String group, int index) {
        return sim.snapshot().groups().stream().filter(g -> g.name().equals(group)).findFirst().orElseThrow()
                .instances().get(index).instanceId();
    }

    private static Map<String, String> tags(Instance i) {
        return i.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }

    /** The error code EC2 answers the call with. */
    private static String code(ThrowingCallable call) {
        Throwable t = catchThrowable(call);
        assertThat(t).isInstanceOf(Ec2Exception.class);
        return ((Ec2Exception) t).awsErrorDetails().errorCode();
    }

    @Test
    void describeInstances_pagesThroughEveryInstanceWithItsGroupAndLaunchTemplateTags() {
        List<Instance> all = allInstances();
        assertThat(all).hasSize(11);
        assertThat(all).allSatisfy(i -> assertThat(i.state().name()).isEqualTo(InstanceStateName.RUNNING));
        assertThat(all).allSatisfy(i -> assertThat(i.state().code()).isEqualTo(16));

        Instance web = all.stream().filter(i -> i.instanceId().equals(groupInstance("web-asg", 0))).findFirst().orElseThrow();
        assertThat(tags(web)).containsEntry("aws:autoscaling:groupName", "web-asg")
                .containsEntry("aws:ec2launchtemplate:version", "1");
        assertThat(web.imageId()).isEqualTo("ami-0a1a2023old");
        assertThat(web.instanceType().toString()).isEqualTo("m6i.large");
        assertThat(web.placement().availabilityZone()).startsWith("us-east-1");
        assertThat(web.launchTime()).isBefore(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(web.privateDnsName()).endsWith(".ec2.internal");

        Instance latest = all.stream().filter(i -> i.instanceId().equals(groupInstance("web-asg", 2))).findFirst().orElseThrow();
        assertThat(tags(latest)).containsEntry("aws:ec2launchtemplate:version", "2");
        assertThat(latest.imageId()).isEqualTo("ami-0a1a2023new");

        Instance windows = all.stream().filter(i -> i.instanceId().equals(groupInstance("windows-asg", 0))).findFirst()
                .orElseThrow();
        // EC2 answers "windows" in lower case, which the SDK's PlatformValues (WINDOWS is "Windows") does not map.
        assertThat(windows.platformAsString()).isEqualTo("windows");
        assertThat(windows.platformDetails()).isEqualTo("Windows");
        Instance arm = all.stream().filter(i -> i.instanceId().equals(groupInstance("arm-asg", 0))).findFirst().orElseThrow();
        assertThat(arm.architecture()).isEqualTo(ArchitectureValues.ARM64);
        assertThat(all).filteredOn(i -> i.tags().isEmpty()).hasSize(1);   // prod-web's instance outside any group
    }

    @Test
    void describeInstances_byIdAndByFilter() {
        String id = groupInstance("mixed-asg", 1);
        Instance r6i = ec2.describeInstances(r -> r.instanceIds(id)).reservations().getFirst().instances().getFirst();
        assertThat(r6i.instanceType().toString()).isEqualTo("r6i.large");
        assertThat(r6i.imageId()).isEqualTo("ami-0a12new");

        List<Instance> web = ec2.describeInstances(r -> r.filters(
                        Filter.builder().name("tag:aws:autoscaling:groupName").values("web-*").build(),
                        Filter.builder().name("instance-state-name").values("running", "pending").build()))
                .reservations().stream().flatMap(r -> r.instances().stream()).toList();
        assertThat(web).hasSize(3);
    }

    @Test
    void describeInstances_refusesWhatEc2Refuses() {
        assertThat(code(() -> ec2.describeInstances(r -> r.instanceIds("i-0123456789abcdef0"))))
                .isEqualTo("InvalidInstanceID.NotFound");
        assertThat(code(() -> ec2.describeInstances(r -> r.instanceIds("instance-1"))))
                .isEqualTo("InvalidInstanceID.Malformed");
        assertThat(code(() -> ec2.describeInstances(r -> r.instanceIds(groupInstance("web-asg", 0)).maxResults(5))))
                .isEqualTo("InvalidParameterCombination");
        assertThat(code(() -> ec2.describeInstances(r -> r.maxResults(4)))).isEqualTo("InvalidParameterValue");
        assertThat(code(() -> ec2.describeInstances(r -> r.filters(Filter.builder().name("colour").values("red").build()))))
                .isEqualTo("InvalidParameterValue");
        assertThat(code(() -> ec2.describeInstances(r -> r.dryRun(true)))).isEqualTo("DryRunOperation");
    }

    @Test
    void describeImages_byId_returnsNamePlatformArchitectureCreationAndDeprecation() {
        Map<String, Image> images = ec2.describeImages(r -> r.imageIds("ami-0w022new", "ami-0a1a2023old", "ami-0b0132"))
                .images().stream().collect(Collectors.toMap(Image::imageId, i -> i));
        assertThat(images).containsOnlyKeys("ami-0a1a2023old", "ami-0b0132", "ami-0w022new");
        Image windows = images.get("ami-0w022new");
        assertThat(windows.platformAsString()).isEqualTo("windows");
        assertThat(windows.name()).isEqualTo("Windows_Server-2022-English-Full-ECS_Optimized-2025.12.10");
        assertThat(windows.imageOwnerAlias()).isEqualTo("amazon");
        Image deprecated = images.get("ami-0a1a2023old");
        assertThat(deprecated.creationDate()).isEqualTo("2024-09-05T10:00:00.000Z");
        assertThat(deprecated.deprecationTime()).isEqualTo("2025-09-05T10:00:00.000Z");
        assertThat(deprecated.architecture()).isEqualTo(ArchitectureValues.X86_64);
        assertThat(images.get("ami-0b0132").platform()).isNull();
        assertThat(images.get("ami-0b0132").name()).isEqualTo("bottlerocket-aws-ecs-2-x86_64-v1.32.0-cacc4ce9");
    }

    @Test
    void describeImages_anImageNoLongerAvailable_isNotReturnedEvenById_whileAnUnknownIdIsNotFound() {
        assertThat(ec2.describeImages(r -> r.imageIds("ami-0w022old")).images()).isEmpty();
        assertThat(ec2.describeImages(r -> r.imageIds("ami-0w022old", "ami-0w022new")).images())
                .extracting(Image::imageId).containsExactly("ami-0w022new");
        assertThat(code(() -> ec2.describeImages(r -> r.imageIds("ami-0abcdef")))).isEqualTo("InvalidAMIID.NotFound");
        assertThat(code(() -> ec2.describeImages(r -> r.imageIds("image-1")))).isEqualTo("InvalidAMIID.Malformed");
    }

    @Test
    void describeImages_listing_leavesDeprecatedImagesOutUnlessAskedOrOwned() {
        List<String> listed = ec2.describeImages(r -> r.owners("amazon")).images().stream().map(Image::imageId).toList();
        assertThat(listed).doesNotContain("ami-0a1a2023old", "ami-0a12old", "ami-0w022old").contains("ami-0a1a2023new");

        List<String> withDeprecated = ec2.describeImages(r -> r.owners("amazon").includeDeprecated(true)).images()
                .stream().map(Image::imageId).toList();
        assertThat(withDeprecated).contains("ami-0a1a2023old").doesNotContain("ami-0a12old");

        assertThat(ec2.describeImages(r -> r.owners("self")).images()).extracting(Image::imageId)
                .containsExactly("ami-0self");
    }

    @Test
    void describeImages_filtersByNameWithWildcards() {
        assertThat(ec2.describeImages(r -> r.filters(Filter.builder().name("name").values("bottlerocket-*").build()))
                .images()).extracting(Image::imageId).containsExactly("ami-0b0131", "ami-0b0132");
        assertThat(ec2.describeImages(r -> r.filters(Filter.builder().name("platform").values("windows").build()))
                .images()).extracting(Image::imageId).containsExactly("ami-0w022new", "ami-0w022core");
    }

    @Test
    void describeLaunchTemplateVersions_latestAndDefault_andResolveAlias() {
        List<LaunchTemplateVersion> v = ec2.describeLaunchTemplateVersions(r -> r.launchTemplateName("web")
                .versions("$Latest", "$Default")).launchTemplateVersions();
        assertThat(v).extracting(LaunchTemplateVersion::versionNumber).containsExactly(2L, 1L);
        assertThat(v.get(0).defaultVersion()).isFalse();
        assertThat(v.get(1).defaultVersion()).isTrue();
        assertThat(v.get(0).launchTemplateData().imageId())
                .isEqualTo("resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id");
        assertThat(v.get(0).launchTemplateId()).startsWith("lt-");

        LaunchTemplateVersion resolved = ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId(v.get(0).launchTemplateId())
                .versions("2").resolveAlias(true)).launchTemplateVersions().getFirst();
        assertThat(resolved.launchTemplateData().imageId()).isEqualTo("ami-0a1a2023new");
        assertThat(resolved.launchTemplateName()).isEqualTo("web");
    }

    @Test
    void describeLaunchTemplateVersions_aVersionCreatedMidRunAppearsWhenTheClockReachesIt() {
        assertThat(ec2.describeLaunchTemplateVersions(r -> r.launchTemplateName("web")).launchTemplateVersions())
                .extracting(LaunchTemplateVersion::versionNumber).containsExactly(2L, 1L);
        assertThat(code(() -> ec2.describeLaunchTemplateVersions(r -> r.launchTemplateName("web").versions("3"))))
                .isEqualTo("InvalidLaunchTemplateId.VersionNotFound");

        clock.advanceSeconds(7200);
        LaunchTemplateVersion latest = ec2.describeLaunchTemplateVersions(r -> r.launchTemplateName("web")
                .versions("$Latest")).launchTemplateVersions().getFirst();
        assertThat(latest.versionNumber()).isEqualTo(3L);
        assertThat(latest.launchTemplateData().imageId()).isEqualTo("ami-0a1a2023next");
        assertThat(latest.createTime()).isEqualTo(Instant.parse("2026-01-01T02:00:00Z"));
    }

    @Test
    void describeLaunchTemplateVersions_ofEveryTemplate_takesOnlyLatestOrDefault() {
        assertThat(ec2.describeLaunchTemplateVersions(r -> r.versions("$Latest")).launchTemplateVersions())
                .extracting(LaunchTemplateVersion::launchTemplateName)
                .containsExactly("web", "arm", "legacy", "bottlerocket", "windows", "compute");
        assertThat(code(() -> ec2.describeLaunchTemplateVersions(r -> r.versions("1")))).isEqualTo("InvalidParameterValue");
    }

    @Test
    void describeLaunchTemplateVersions_refusesWhatEc2Refuses() {
        assertThat(code(() -> ec2.describeLaunchTemplateVersions(r -> r.launchTemplateName("nope"))))
                .isEqualTo("InvalidLaunchTemplateName.NotFoundException");
        assertThat(code(() -> ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId("lt-0123456789abcdef0"))))
                .isEqualTo("InvalidLaunchTemplateId.NotFound");
        assertThat(code(() -> ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId("lt-1"))))
                .isEqualTo("InvalidLaunchTemplateId.Malformed");
        assertThat(code(() -> ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId("lt-0a0b0c0d0e0f01234")
                .launchTemplateName("arm")))).isEqualTo("InvalidParameterCombination");
    }

    @Test
    void describeLaunchTemplateVersions_pagesAndTakesARange() {
        List<Long> all = ec2.describeLaunchTemplateVersionsPaginator(r -> r.launchTemplateName("legacy").maxResults(1))
                .launchTemplateVersions().stream().map(LaunchTemplateVersion::versionNumber).toList();
        assertThat(all).containsExactly(2L, 1L);
        assertThat(ec2.describeLaunchTemplateVersions(r -> r.launchTemplateName("web").minVersion("2"))
                .launchTemplateVersions()).extracting(LaunchTemplateVersion::versionNumber).containsExactly(2L);
    }
}
