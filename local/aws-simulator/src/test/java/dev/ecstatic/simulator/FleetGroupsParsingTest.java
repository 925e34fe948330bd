package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecstatic.simulator.Fleet.GroupSpec;
import dev.ecstatic.simulator.Fleet.InstanceSpec;
import dev.ecstatic.simulator.Fleet.Recommended;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fleet file's AMI catalogue, launch templates, Auto Scaling groups, tasks and timings, read strictly. */
class FleetGroupsParsingTest {

    private static final String AMIS = """
            [ { "id": "ami-0old", "name": "al2023-ami-ecs-hvm-2023.0.20240905-kernel-6.1-x86_64",
                "creationDate": "2024-09-05T00:00:00Z", "agentVersion": "1.86.3" },
              { "id": "ami-0new", "name": "al2023-ami-ecs-hvm-2023.0.20251210-kernel-6.1-x86_64",
                "creationDate": "2025-12-10T00:00:00Z", "agentVersion": "1.89.0", "dockerVersion": "25.0.8" },
              { "id": "ami-0br", "name": "bottlerocket-aws-ecs-2-x86_64-v1.32.0-cacc4ce9",
                "creationDate": "2025-12-01T00:00:00Z", "agentVersion": "1.89.0" } ]""";
    private static final String RECOMMENDED = """
            { "amazon-linux-2023": { "image_id": "ami-0new" } }""";
    private static final String TEMPLATES = """
            [ { "name": "web", "versions": [ { "imageId": "ami-0old" },
                { "imageId": "resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id" },
                { "imageId": "ami-0new", "createdAfterSeconds": 600 } ] } ]""";
    private static final String GROUP = """
            { "name": "g", "minSize": 1, "maxSize": 3, "launchTemplate": { "name": "web", "version": "$Latest" },
              "instances": [ { "count": 2 } ] }""";

    private static String fleet(String amis, String recommended, String templates, String clusters) {
        return "{ \"latestAgentVersion\": \"1.89.0\", \"amis\": " + amis + ", \"recommended\": " + recommended
                + ", \"launchTemplates\": " + templates + ", \"clusters\": " + clusters + " }";
    }

    private static String withGroup(String group) {
        return fleet(AMIS, RECOMMENDED, TEMPLATES, "[ { \"name\": \"c\", \"autoScalingGroups\": [ " + group + " ] } ]");
    }

    @Test
    void asgFleet_takesItsDefaultsFromTheCatalogueAndTheTemplates() {
        Fleet f = Sim.asgFleet();
        assertThat(f.instanceCount()).isEqualTo(11);
        assertThat(f.amis()).hasSize(13);
        assertThat(f.timings()).isEqualTo(new Fleet.Timings(20, 60, 30, 45));

        Recommended al2023 = f.recommended().get("amazon-linux-2023");
        assertThat(al2023.kind()).isEqualTo(Recommended.Kind.ECS_OPTIMIZED);
        assertThat(al2023.ecsAgentVersion()).isEqualTo("1.89.0");
        assertThat(al2023.ecsRuntimeVersion()).isEqualTo("Docker version 25.0.8");
        assertThat(al2023.imageName()).isEqualTo("al2023-ami-ecs-hvm-2023.0.20251210-kernel-6.1-x86_64");
        Recommended bottlerocket = f.recommended().get("bottlerocket/aws-ecs-2/x86_64");
        assertThat(bottlerocket.kind()).isEqualTo(Recommended.Kind.BOTTLEROCKET);
        assertThat(bottlerocket.ecsAgentVersion()).isNull();
        assertThat(bottlerocket.imageVersion()).isEqualTo("1.32.0-cacc4ce9");
        Recommended windows = f.recommended().get("Windows_Server-2022-English-Full-ECS_Optimized");
        assertThat(windows.kind()).isEqualTo(Recommended.Kind.WINDOWS);
        assertThat(windows.os()).isEqualTo("Windows Server 2022 English Full");

        assertThat(f.launchTemplate("web").orElseThrow().id()).matches("lt-[0-9a-f]{17}");
        assertThat(f.launchTemplate("web").orElseThrow().defaultVersion()).isEqualTo(1);
        assertThat(f.ami("ami-0a1a2023old").orElseThrow().deprecationTime()).isEqualTo(Instant.parse("2025-09-05T10:00:00Z"));

        GroupSpec web = f.clusters().getFirst().autoScalingGroups().getFirst();
        assertThat(web.desiredCapacity()).isEqualTo(3);
        InstanceSpec first = web.instances().get(0);
        assertThat(first.amiId()).isEqualTo("ami-0a1a2023old");
        assertThat(first.agentVersion()).isEqualTo("1.86.3");
        assertThat(first.membership().launchTemplateVersion()).isEqualTo("1");
        assertThat(first.membership().versionNumber()).isEqualTo(1);
        assertThat(first.tasks()).hasSize(2);
        InstanceSpec latest = web.instances().get(1);
        assertThat(latest.amiId()).isEqualTo("ami-0a1a2023new");
        assertThat(latest.dockerVersion()).isEqualTo("25.0.8");
        assertThat(latest.membership().launchTemplateVersion()).isEqualTo("$Latest");
        assertThat(latest.membership().versionNumber()).isEqualTo(2);   // version 3 comes two hours later
        assertThat(latest.membership().protectedFromScaleIn()).isTrue();

        GroupSpec mixed = f.clusters().get(1).autoScalingGroups().get(4);
        assertThat(mixed.instances().get(0).amiId()).isEqualTo("ami-0a1a2023new");
        assertThat(mixed.instances().get(0).membership().templateName()).isEqualTo("compute");
        assertThat(mixed.instances().get(1).amiId()).isEqualTo("ami-0a12new");
        assertThat(mixed.instances().get(1).membership().imageFromOverride()).isTrue();
        InstanceSpec windowsInstance = f.clusters().get(1).autoScalingGroups().get(3).instances().getFirst();
        assertThat(windowsInstance.os()).isEqualTo("windows");
        assertThat(windowsInstance.instanceType()).isEqualTo("m6i.xlarge");
    }

    @Test
    void aFleetFileWithoutTheNewSections_isReadAsBefore() {
        Fleet f = Sim.testFleet();
        assertThat(f.amis()).isEmpty();
        assertThat(f.launchTemplates()).isEmpty();
        assertThat(f.timings()).isEqualTo(Fleet.Timings.DEFAULT);
        assertThat(f.clusters()).allSatisfy(c -> assertThat(c.autoScalingGroups()).isEmpty());
        assertThat(f.clusters().getFirst().instances().getFirst().membership()).isNull();
        assertThat(f.recommended().get("amazon-linux-2023").kind()).isEqualTo(Recommended.Kind.ECS_OPTIMIZED);
    }

    @Test
    void aGroupFleet_parses() {
        GroupSpec g = Fleet.parse(withGroup(GROUP), "g.json").clusters().getFirst().autoScalingGroups().getFirst();
        assertThat(g.instances().getFirst().amiId()).isEqualTo("ami-0new");
        assertThat(g.instances().getFirst().agentVersion()).isEqualTo("1.89.0");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            template AMI outside the catalogue | imageId": "ami-0old" }, | imageId": "ami-0nope" }, | $.launchTemplates[0].versions[0].imageId | ami-0nope is not in $.amis
            unknown resolve:ssm parameter      | recommended/image_id"    | recommended/nope"        | $.launchTemplates[0].versions[1].imageId | no public parameter /aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/nope
            resolve:ssm of a JSON parameter    | recommended/image_id"    | recommended"             | $.launchTemplates[0].versions[1].imageId | holds JSON, not an AMI id
            versions out of time order         | "createdAfterSeconds": 600 } ] } ] | "createdAfterSeconds": 600 }, { "imageId": "ami-0new", "createdAfterSeconds": 60 } ] } ] | $.launchTemplates[0].versions[3].createdAfterSeconds | would be created before version 3
            recommended AMI of another agent   | { "image_id": "ami-0new" } | { "image_id": "ami-0new", "ecs_agent_version": "1.88.0" } | $.recommended["amazon-linux-2023"].ecs_agent_version | 1.88.0 differs from the agent of ami-0new
            recommended AMI of another kind    | { "amazon-linux-2023": { "image_id": "ami-0new" } } | { "bottlerocket/aws-ecs-2/x86_64": { "image_id": "ami-0new" } } | $.recommended["bottlerocket/aws-ecs-2/x86_64"].image_id | is not a Bottlerocket x86_64 AMI
            malformed Bottlerocket variant     | { "amazon-linux-2023": { "image_id": "ami-0new" } } | { "bottlerocket/aws-ecs-2/x86": { "image_id": "ami-0br" } } | $.recommended["bottlerocket/aws-ecs-2/x86"] | not a Bottlerocket variant
            """)
    void catalogueMistakes_areNamedByPath(String name, String find, String replace, String path, String problem) {
        String text = withGroup(GROUP);
        assertThat(text).contains(find);
        assertThatThrownBy(() -> Fleet.parse(text.replace(find, replace), "f.json"))
                .isInstanceOf(FleetException.class)
                .satisfies(e -> {
                    assertThat(((FleetException) e).path()).isEqualTo(path);
                    assertThat(((FleetException) e).problem()).contains(problem);
                });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            template and policy both          | "launchTemplate": { "name": "web", "version": "$Latest" }, | "launchTemplate": { "name": "web" }, "mixedInstancesPolicy": { "launchTemplate": { "name": "web" }, "overrides": [ { "instanceType": "m6i.large" } ] }, | $.clusters[0].autoScalingGroups[0] | exactly one
            unknown template                  | "name": "web", "version"  | "name": "nope", "version" | $.clusters[0].autoScalingGroups[0].launchTemplate.name | no launch template named "nope"
            version created later             | "version": "$Latest"      | "version": "3"            | $.clusters[0].autoScalingGroups[0].launchTemplate.version | has no version 3 at the start
            desired not what runs             | "maxSize": 3,             | "maxSize": 3, "desiredCapacity": 3, | $.clusters[0].autoScalingGroups[0].desiredCapacity | 3 but the group has 2 instances InService
            max below min                     | "maxSize": 3              | "maxSize": 0              | $.clusters[0].autoScalingGroups[0].maxSize | smaller than minSize
            unknown process                   | "maxSize": 3,             | "maxSize": 3, "suspendedProcesses": [ "Lunch" ], | $.clusters[0].autoScalingGroups[0].suspendedProcesses[0] | must be one of
            unknown group field               | "maxSize": 3,             | "maxSize": 3, "colour": 1, | $.clusters[0].autoScalingGroups[0].colour | unknown field
            external instance in a group      | { "count": 2 }            | { "count": 2, "external": true } | $.clusters[0].autoScalingGroups[0].instances[0].external | not in an Auto Scaling group
            os other than its AMI's           | { "count": 2 }            | { "count": 2, "os": "windows" } | $.clusters[0].autoScalingGroups[0].instances[0].os | ami-0new is a linux x86_64 AMI
            AMI outside the catalogue         | { "count": 2 }            | { "count": 2, "amiId": "ami-0nope" } | $.clusters[0].autoScalingGroups[0].instances[0].amiId | not in $.amis
            tasks larger than the instance    | { "count": 2 }            | { "count": 2, "tasks": [ { "service": "web", "count": 5, "cpu": 512 } ] } | $.clusters[0].autoScalingGroups[0].instances[0].tasks | the tasks reserve 2560 CPU units and 2560 MiB; a m6i.large registers 2048 and 7680
            startedBy of a service task       | { "count": 2 }            | { "count": 2, "tasks": [ { "service": "web", "startedBy": "me" } ] } | $.clusters[0].autoScalingGroups[0].instances[0].tasks[0].startedBy | started by the service
            standalone task without family    | { "count": 2 }            | { "count": 2, "tasks": [ { "cpu": 128 } ] } | $.clusters[0].autoScalingGroups[0].instances[0].tasks[0].family | required for a standalone task
            Successful activity that ends     | "maxSize": 3,             | "maxSize": 3, "scalingActivities": [ { "description": "x", "endsAfterSeconds": 5 } ], | $.clusters[0].autoScalingGroups[0].scalingActivities[0].endsAfterSeconds | only an InProgress activity ends later
            two refreshes in progress         | "maxSize": 3,             | "maxSize": 3, "instanceRefreshes": [ { }, { "status": "Pending" } ], | $.clusters[0].autoScalingGroups[0].instanceRefreshes | at most one instance refresh in progress
            override AMI outside catalogue    | "launchTemplate": { "name": "web", "version": "$Latest" }, | "mixedInstancesPolicy": { "launchTemplate": { "name": "web" }, "overrides": [ { "instanceType": "m6i.large", "imageId": "ami-0nope" } ] }, | $.clusters[0].autoScalingGroups[0].mixedInstancesPolicy.overrides[0].imageId | ami-0nope is not in $.amis
            group field on a plain instance   | "autoScalingGroups": [ { "name": "g" | "instances": [ { "launchTemplateVersion": "1", "agentVersion": "1.89.0", "amiId": "ami-0new" } ], "autoScalingGroups": [ { "name": "g" | $.clusters[0].instances[0].launchTemplateVersion | unknown field
            """)
    void groupMistakes_areNamedByPath(String name, String find, String replace, String path, String problem) {
        String text = withGroup(GROUP);
        assertThat(text).contains(find);
        assertThatThrownBy(() -> Fleet.parse(text.replace(find, replace), "f.json"))
                .isInstanceOf(FleetException.class)
                .satisfies(e -> {
                    assertThat(((FleetException) e).path()).isEqualTo(path);
                    assertThat(((FleetException) e).problem()).contains(problem);
                });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            timing out of range     | "timings": { "drainSeconds": 86401 }                | $.timings.drainSeconds  | 86401 is out of range (0–86400)
            unknown timing          | "timings": { "bootSeconds": 1 }                     | $.timings.bootSeconds   | unknown field
            duplicate AMI           | "amis": [ { "id": "ami-0a", "name": "one-ami", "creationDate": "2025-01-01T00:00:00Z", "agentVersion": "1.0.0" }, { "id": "ami-0a", "name": "two-ami", "creationDate": "2025-01-01T00:00:00Z", "agentVersion": "1.0.0" } ] | $.amis[1].id | duplicate AMI id
            creation date not a time| "amis": [ { "id": "ami-0a", "name": "one-ami", "creationDate": "yesterday", "agentVersion": "1.0.0" } ] | $.amis[0].creationDate | not a UTC time like 2025-01-10T00:00:00Z
            AMI without agent       | "amis": [ { "id": "ami-0a", "name": "one-ami", "creationDate": "2025-01-01T00:00:00Z" } ] | $.amis[0].agentVersion | required
            tasks on INACTIVE        | "clusters": [ { "name": "c", "instances": [ { "agentVersion": "1.0.0", "status": "INACTIVE", "tasks": [ { "family": "x" } ] } ] } ] | $.clusters[0].instances[0].tasks | runs no tasks
            """)
    void topLevelMistakes_areNamedByPath(String name, String member, String path, String problem) {
        String text = "{ \"latestAgentVersion\": \"1.89.0\", " + (member.startsWith("\"clusters\"") ? member
                : member + ", \"clusters\": []") + " }";
        assertThatThrownBy(() -> Fleet.parse(text, "f.json"))
                .isInstanceOf(FleetException.class)
                .satisfies(e -> {
                    assertThat(((FleetException) e).path()).isEqualTo(path);
                    assertThat(((FleetException) e).problem()).contains(problem);
                });
    }

    @Test
    void groupNames_areUniqueAcrossClusters() {
        String text = fleet(AMIS, RECOMMENDED, TEMPLATES, "[ { \"name\": \"a\", \"autoScalingGroups\": [ " + GROUP
                + " ] }, { \"name\": \"b\", \"autoScalingGroups\": [ " + GROUP + " ] } ]");
        assertThatThrownBy(() -> Fleet.parse(text, "f.json"))
                .isInstanceOf(FleetException.class)
                .hasMessage("f.json: $.clusters[1].autoScalingGroups[0].name: duplicate Auto Scaling group name \"g\"");
    }

    @Test
    void withACatalogue_everyInstanceRunsACataloguedAmi() {
        String text = fleet(AMIS, RECOMMENDED, TEMPLATES,
                "[ { \"name\": \"c\", \"instances\": [ { \"agentVersion\": \"1.86.3\" } ] } ]");
        assertThatThrownBy(() -> Fleet.parse(text, "f.json"))
                .isInstanceOf(FleetException.class)
                .hasMessageContaining("$.clusters[0].instances[0].amiId: ami-0al2023old is not in $.amis");
    }
}
