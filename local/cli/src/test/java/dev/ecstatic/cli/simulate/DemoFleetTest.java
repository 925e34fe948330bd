package dev.ecstatic.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecstatic.cli.Main;
import dev.ecstatic.simulator.Fleet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * The demo fleet's {@code search} cluster: a disconnected agent that comes back after about four hours;
 * and its Auto Scaling groups (issue 13), one per platform, each launching a newer AMI than some of its
 * instances run.
 */
class DemoFleetTest {

    private static Fleet.ClusterSpec cluster(Fleet fleet, String name) {
        return fleet.clusters().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private static Fleet.AmiSpec ami(Fleet fleet, String id) {
        return fleet.amis().stream().filter(a -> a.id().equals(id)).findFirst().orElseThrow();
    }

    /** The AMI a group launches now: its template's $Latest version, a resolve:ssm: id read from the fleet's parameters. */
    private static String launches(Fleet fleet, Fleet.GroupSpec group) {
        assertThat(group.launchTemplate().version()).isEqualTo("$Latest");
        Fleet.LaunchTemplateSpec template = fleet.launchTemplates().stream()
                .filter(t -> t.name().equals(group.launchTemplate().templateName())).findFirst().orElseThrow();
        String image = template.versions().getLast().imageId();
        String ssm = "resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id";
        return image.equals(ssm) ? fleet.recommended().get("amazon-linux-2023").imageId() : image;
    }

    @ParameterizedTest
    @CsvSource({
        "web-fleet,     web-asg,          ami-0al2023new,      al2023-ami-ecs-hvm-, linux,   x86_64",
        "arm-fleet,     arm-asg,          ami-0al2023arm64new, al2023-ami-ecs-hvm-, linux,   arm64",
        "al2-migration, al2-asg,          ami-0al2023new,      amzn2-ami-ecs-hvm-,  linux,   x86_64",
        "bottlerocket,  bottlerocket-asg, ami-0br0new,         bottlerocket-aws-ecs-2-, linux, x86_64",
        "windows-web,   windows-asg,      ami-0win2022new,     Windows_Server-2022-English-Full-ECS_Optimized-, windows, x86_64"})
    void eachPlatformHasAGroupThatLaunchesANewerAmiThanSomeOfItsInstancesRun(String clusterName, String groupName,
            String current, String oldLine, String platform, String arch) throws Exception {
        Fleet fleet = SimulateCommand.demoFleet();
        Fleet.GroupSpec group = cluster(fleet, clusterName).autoScalingGroups().stream()
                .filter(g -> g.name().equals(groupName)).findFirst().orElseThrow();

        assertThat(launches(fleet, group)).isEqualTo(current);
        List<Fleet.AmiSpec> older = group.instances().stream().map(i -> ami(fleet, i.amiId()))
                .filter(a -> a.creationDate().isBefore(ami(fleet, current).creationDate())).toList();
        assertThat(older).as("instances on an older AMI than the group launches").isNotEmpty()
                .allSatisfy(a -> assertThat(a.name()).startsWith(oldLine))
                .allSatisfy(a -> assertThat(a.platform() + "/" + a.architecture()).isEqualTo(platform + "/" + arch));
        assertThat(group.instances().stream().mapToInt(Fleet.InstanceSpec::count).sum())
                .as("replacing one keeps max(1, MinSize)").isGreaterThan(Math.max(1, group.minSize()));
        assertThat(group.instances()).allSatisfy(i -> assertThat(i.tasks()).anyMatch(t -> t.service() != null));
    }

    @Test
    void theDemoFleetHasAnInstanceOutsideAnyGroup_aStandaloneTask_andAPrivateWindowsAmi() throws Exception {
        Fleet fleet = SimulateCommand.demoFleet();
        Fleet.ClusterSpec web = cluster(fleet, "web-fleet");

        assertThat(web.instances()).singleElement().satisfies(i -> assertThat(i.membership()).isNull());
        assertThat(web.autoScalingGroups()).flatExtracting(Fleet.GroupSpec::instances)
                .flatExtracting(Fleet.InstanceSpec::tasks).anyMatch(t -> t.service() == null && t.startedBy() != null);
        assertThat(fleet.amis()).anyMatch(a -> a.windows() && a.privateImage());
        assertThat(cluster(fleet, "windows-build").instances()).allSatisfy(i -> assertThat(ami(fleet, i.amiId()).privateImage()).isTrue());
    }

    @Test
    void search_hasOneDisconnectedAgentThatReconnectsJustBeforeTheFifthHourlyRun() throws Exception {
        Fleet.ClusterSpec search = SimulateCommand.demoFleet().clusters().stream()
                .filter(c -> c.name().equals("search")).findFirst().orElseThrow();

        assertThat(search.instances()).extracting(Fleet.InstanceSpec::count).containsExactly(2, 1);
        assertThat(search.instances().get(1).connected()).isFalse();
        assertThat(search.instances().get(1).reconnectAfterSeconds()).isBetween(3 * 3600L + 60, 4 * 3600L - 60);
        assertThat(search.instances()).extracting(Fleet.InstanceSpec::os, Fleet.InstanceSpec::arch)
                .containsOnly(org.assertj.core.groups.Tuple.tuple("linux", "x86_64"));
    }

    @Test
    void search_isBlockedForFourHourlyRuns_thenUpdatedAgain() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));

        int code = cli.execute("simulate", "--cluster", "search", "--runs", "6", "--json");

        assertThat(code).as(err.toString()).isZero();
        List<String> outcomes = new ArrayList<>();
        for (JsonNode run : new ObjectMapper().readTree(out.toString()).path("runs")) {
            outcomes.add(run.path("clusters").path(0).path("outcome").asText());
        }
        assertThat(outcomes.subList(0, 4)).containsOnly("BLOCKED");
        assertThat(outcomes.subList(4, 6)).doesNotContain("BLOCKED", "ERROR");
    }
}
