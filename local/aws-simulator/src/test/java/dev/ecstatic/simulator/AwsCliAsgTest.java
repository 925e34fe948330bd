package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS CLI v2, unchanged, against EC2, Auto Scaling, ECS's draining and tasks, and SSM's platform
 * parameters. Uses {@code $ECSTATIC_AWS_CLI} if set, else the first {@code aws} on the PATH; without one,
 * skipped with the reason printed, or failed when {@code CI} is set ({@link RequiredTool}).
 */
class AwsCliAsgTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path aws;
    private static AwsSimulator sim;
    private static MutableClock clock;

    @TempDir
    static Path home;

    @BeforeAll
    static void start() throws Exception {
        aws = RequiredTool.awsCliV2(System.getenv());
        clock = MutableClock.at("2026-01-01T00:00:00Z");
        sim = Sim.start(Sim.asgFleet(), clock);
    }

    @AfterAll
    static void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private static String groupInstance(String group, int index) {
        return sim.snapshot().groups().stream().filter(g -> g.name().equals(group)).findFirst().orElseThrow()
                .instances().get(index).instanceId();
    }

    @Test
    void ec2_describesImagesInstancesAndLaunchTemplateVersions() throws Exception {
        JsonNode images = ok("ec2", "describe-images", "--image-ids", "ami-0w022new", "ami-0w022old");
        assertThat(images.get("Images")).hasSize(1);
        assertThat(images.get("Images").get(0).get("Name").asText())
                .isEqualTo("Windows_Server-2022-English-Full-ECS_Optimized-2025.12.10");
        assertThat(images.get("Images").get(0).get("Platform").asText()).isEqualTo("windows");
        JsonNode deprecated = ok("ec2", "describe-images", "--owners", "amazon", "--include-deprecated",
                "--filters", "Name=name,Values=al2023-ami-ecs-hvm-2023.0.20240905-*");
        assertThat(deprecated.get("Images")).hasSize(2);
        assertThat(deprecated.get("Images").get(0).get("DeprecationTime").asText()).isEqualTo("2025-09-05T10:00:00.000Z");

        JsonNode web = ok("ec2", "describe-instances", "--filters", "Name=tag:aws:autoscaling:groupName,Values=web-asg");
        assertThat(web.get("Reservations")).hasSize(3);

        JsonNode versions = ok("ec2", "describe-launch-template-versions", "--launch-template-name", "web",
                "--versions", "$Latest", "--resolve-alias");
        assertThat(versions.get("LaunchTemplateVersions").get(0).get("LaunchTemplateData").get("ImageId").asText())
                .isEqualTo("ami-0a1a2023new");

        assertFails("InvalidAMIID.NotFound", "ec2", "describe-images", "--image-ids", "ami-0nope");
    }

    @Test
    void autoScaling_describesGroupsInstancesActivitiesAndRefreshes() throws Exception {
        JsonNode groups = ok("autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names", "mixed-asg");
        JsonNode mixed = groups.get("AutoScalingGroups").get(0);
        assertThat(mixed.get("MixedInstancesPolicy").get("LaunchTemplate").get("Overrides")).hasSize(3);
        // (Instance.ImageId and the overrides' ImageId are newer than the Debian AWS CLI, which leaves them out.)
        assertThat(mixed.get("Instances").get(1).get("InstanceType").asText()).isEqualTo("r6i.large");
        assertThat(mixed.get("Instances").get(0).get("LaunchTemplate").get("LaunchTemplateName").asText())
                .isEqualTo("compute");

        JsonNode instances = ok("autoscaling", "describe-auto-scaling-instances", "--instance-ids",
                groupInstance("web-asg", 2));
        assertThat(instances.get("AutoScalingInstances").get(0).get("ProtectedFromScaleIn").asBoolean()).isTrue();
        assertThat(instances.get("AutoScalingInstances").get(0).get("HealthStatus").asText()).isEqualTo("HEALTHY");

        JsonNode activities = ok("autoscaling", "describe-scaling-activities", "--auto-scaling-group-name", "windows-asg");
        assertThat(activities.get("Activities").get(0).get("StatusCode").asText()).isEqualTo("InProgress");
        JsonNode refreshes = ok("autoscaling", "describe-instance-refreshes", "--auto-scaling-group-name", "windows-asg");
        assertThat(refreshes.get("InstanceRefreshes").get(0).get("Status").asText()).isEqualTo("InProgress");
    }

    @Test
    void terminateInstanceInAutoScalingGroup_startsTheReplacement() throws Exception {
        String arm = groupInstance("arm-asg", 0);
        JsonNode terminated = ok("autoscaling", "terminate-instance-in-auto-scaling-group", "--instance-id", arm,
                "--no-should-decrement-desired-capacity");
        assertThat(terminated.get("Activity").get("Description").asText()).isEqualTo("Terminating EC2 instance: " + arm);
        assertThat(terminated.get("Activity").get("StatusCode").asText()).isEqualTo("InProgress");
        JsonNode after = ok("autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names", "arm-asg");
        assertThat(after.get("AutoScalingGroups").get(0).get("Instances")).hasSize(3);
        assertFails("ValidationError", "autoscaling", "terminate-instance-in-auto-scaling-group", "--instance-id",
                "i-0123456789abcdef0", "--no-should-decrement-desired-capacity");
    }

    @Test
    void ecs_drainsAnInstanceAndListsAndDescribesItsTasks() throws Exception {
        String arn = sim.snapshot().clusters().getFirst().instances().get(1).containerInstanceArn();
        JsonNode drained = ok("ecs", "update-container-instances-state", "--cluster", "prod-web",
                "--container-instances", arn, "--status", "DRAINING");
        assertThat(drained.get("containerInstances").get(0).get("status").asText()).isEqualTo("DRAINING");
        JsonNode tasks = ok("ecs", "list-tasks", "--cluster", "prod-web", "--container-instance", arn);
        assertThat(tasks.get("taskArns")).hasSize(3);
        List<String> args = new ArrayList<>(List.of("ecs", "describe-tasks", "--cluster", "prod-web", "--tasks"));
        tasks.get("taskArns").forEach(t -> args.add(t.asText()));
        JsonNode described = ok(args.toArray(String[]::new));
        assertThat(described.get("tasks")).extracting(t -> t.get("group").asText())
                .containsExactlyInAnyOrder("service:web", "service:web", "family:migrate");
        ok("ecs", "update-container-instances-state", "--cluster", "prod-web", "--container-instances", arn,
                "--status", "ACTIVE");
    }

    @Test
    void ssm_getsParametersByPath() throws Exception {
        JsonNode out = ok("ssm", "get-parameters-by-path", "--path", "/aws/service/bottlerocket", "--recursive");
        assertThat(out.get("Parameters")).extracting(p -> p.get("Name").asText()).containsExactly(
                "/aws/service/bottlerocket/aws-ecs-2/x86_64/latest/image_id",
                "/aws/service/bottlerocket/aws-ecs-2/x86_64/latest/image_version");
    }

    private static JsonNode ok(String... args) throws Exception {
        Processes.Result r = run(args);
        assertThat(r.exit()).as("aws %s failed: %s", String.join(" ", args), r.stderr()).isZero();
        return JSON.readTree(r.stdout());
    }

    private static void assertFails(String errorCode, String... args) throws Exception {
        Processes.Result r = run(args);
        assertThat(r.exit()).as("exit code of aws %s", String.join(" ", args)).isNotZero();
        assertThat(r.stderr()).contains("An error occurred (" + errorCode + ")");
    }

    private static Processes.Result run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(aws.toString(), "--endpoint-url", sim.endpoint().toString(),
                "--region", "us-east-1", "--output", "json"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("AWS_ACCESS_KEY_ID", "AKIDTEST");
        env.put("AWS_SECRET_ACCESS_KEY", "secret");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        env.put("AWS_PAGER", "");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("HOME", home.toString());
        return Processes.run(pb, Duration.ofSeconds(120));
    }
}
