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
 * The AWS CLI v2, run as a process against the simulator with dummy credentials. Uses
 * {@code $ECSTATIC_AWS_CLI} if set, else the first {@code aws} on the PATH; without one, skipped
 * with the reason printed, or failed when {@code CI} is set ({@link RequiredTool}).
 */
class AwsCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path aws;
    private static AwsSimulator sim;

    @TempDir
    static Path home;

    @BeforeAll
    static void start() throws Exception {
        aws = RequiredTool.awsCliV2(System.getenv());
        sim = Sim.start(Sim.testFleet(), MutableClock.at("2026-01-01T00:00:00Z"));
        Processes.Result version = run("--version");
        System.out.println("AwsCliTest uses " + aws + ": " + (version.stdout() + version.stderr()).strip());
    }

    @AfterAll
    static void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void listClusters_returnsEveryClusterAcrossPages() throws Exception {
        JsonNode out = ok("ecs", "list-clusters", "--page-size", "2");
        assertThat(out.get("clusterArns")).hasSize(5);
        assertThat(out.get("clusterArns").get(0).asText()).isEqualTo("arn:aws:ecs:us-east-1:123456789012:cluster/prod-web");
    }

    @Test
    void listContainerInstances_maxItemsStopsWithANextTokenThatResumes() throws Exception {
        JsonNode first = ok("ecs", "list-container-instances", "--cluster", "batch", "--max-items", "120");
        assertThat(first.get("containerInstanceArns")).hasSize(120);
        assertThat(first.get("NextToken")).isNotNull();

        JsonNode rest = ok("ecs", "list-container-instances", "--cluster", "batch", "--max-items", "500",
                "--starting-token", first.get("NextToken").asText());
        assertThat(rest.get("containerInstanceArns")).hasSize(130);
        assertThat(rest.get("NextToken")).isNull();
    }

    @Test
    void listContainerInstances_unknownCluster_isClusterNotFoundException() throws Exception {
        assertFails("ClusterNotFoundException", "ecs", "list-container-instances", "--cluster", "nope");
    }

    @Test
    void describeContainerInstances_reportsInstancesTagsAndMissingOnes() throws Exception {
        String arn = instance("prod-web", 0);
        JsonNode out = ok("ecs", "describe-container-instances", "--cluster", "prod-web", "--include", "TAGS",
                "--container-instances", arn, "0123456789abcdef0123456789abcdef");
        JsonNode ci = out.get("containerInstances").get(0);
        assertThat(ci.get("containerInstanceArn").asText()).isEqualTo(arn);
        assertThat(ci.get("versionInfo").get("agentVersion").asText()).isEqualTo("1.86.3");
        assertThat(ci.get("agentConnected").asBoolean()).isTrue();
        assertThat(ci.get("tags").get(0).get("key").asText()).isEqualTo("role");
        assertThat(out.get("failures").get(0).get("reason").asText()).isEqualTo("MISSING");
    }

    @Test
    void updateContainerAgent_startsAnUpdateAndAnswersEachErrorCode() throws Exception {
        String old = instance("prod-web", 2);
        JsonNode started = ok("ecs", "update-container-agent", "--cluster", "prod-web", "--container-instance", old);
        assertThat(started.get("containerInstance").get("agentUpdateStatus").asText()).isEqualTo("PENDING");
        assertFails("UpdateInProgressException",
                "ecs", "update-container-agent", "--cluster", "prod-web", "--container-instance", old);
        assertFails("NoUpdateAvailableException",
                "ecs", "update-container-agent", "--cluster", "prod-web", "--container-instance", instance("prod-web", 3));
        assertFails("ClientException",
                "ecs", "update-container-agent", "--cluster", "special", "--container-instance", instance("special", 0));
        assertFails("MissingVersionException",
                "ecs", "update-container-agent", "--cluster", "special", "--container-instance", instance("special", 4));
        assertFails("ClusterNotFoundException",
                "ecs", "update-container-agent", "--cluster", "nope", "--container-instance", old);
    }

    @Test
    void ssmGetParameter_returnsTheRecommendedAmiJson() throws Exception {
        JsonNode out = ok("ssm", "get-parameter", "--name",
                "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended");
        JsonNode value = JSON.readTree(out.get("Parameter").get("Value").asText());
        assertThat(value.get("ecs_agent_version").asText()).isEqualTo("1.88.0");
        assertThat(value.get("image_id").asText()).isEqualTo("ami-0al2023new");
        assertFails("ParameterNotFound", "ssm", "get-parameter", "--name", "/aws/service/ecs/optimized-ami/nope/recommended");
    }

    private static final Map<String, JsonNode> LISTED = new java.util.concurrent.ConcurrentHashMap<>();

    /** The index-th container instance ARN of the cluster, listed once per cluster (each run costs a second). */
    private static String instance(String cluster, int index) throws Exception {
        JsonNode arns = LISTED.get(cluster);
        if (arns == null) {
            arns = ok("ecs", "list-container-instances", "--cluster", cluster).get("containerInstanceArns");
            LISTED.put(cluster, arns);
        }
        return arns.get(index).asText();
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
        List<String> cmd = new ArrayList<>(List.of(aws.toString()));
        if (!args[0].startsWith("--")) {
            cmd.addAll(List.of("--endpoint-url", sim.endpoint().toString(), "--region", "us-east-1",
                    "--output", "json"));
        }
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
