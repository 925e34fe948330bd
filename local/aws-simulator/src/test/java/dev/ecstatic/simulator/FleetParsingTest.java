package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FleetParsingTest {

    private static final String MINIMAL = """
            { "latestAgentVersion": "1.89.0",
              "clusters": [ { "name": "prod-web", "instances": [ { "agentVersion": "1.86.3" } ] } ] }
            """;

    @Test
    void designExample_parsesWithEveryField() {
        Fleet f = Sim.testFleet();
        assertThat(f.region()).isEqualTo("us-east-1");
        assertThat(f.seed()).isEqualTo(7);
        assertThat(f.clusters()).extracting(Fleet.ClusterSpec::name)
                .containsExactly("prod-web", "batch", "special", "empty-1", "empty-2");
        assertThat(f.instanceCount()).isEqualTo(6 + 250 + 9);
        assertThat(f.recommended().get("amazon-linux-2023").imageId()).isEqualTo("ami-0al2023new");
        assertThat(f.updateSeconds()).isEqualTo(new Fleet.UpdateSeconds(5, 20, 5, 15));
        assertThat(f.faults().throttle()).isFalse();
    }

    @Test
    void omittedFields_takeTheDocumentedDefaults() {
        Fleet f = Fleet.parse(MINIMAL, "min.json");
        assertThat(f.region()).isEqualTo("us-east-1");
        assertThat(f.accountId()).isEqualTo("123456789012");
        assertThat(f.seed()).isZero();
        assertThat(f.updateSeconds()).isEqualTo(Fleet.UpdateSeconds.DEFAULT);
        assertThat(f.faults()).isEqualTo(Fleet.Faults.DEFAULT);
        Fleet.InstanceSpec i = f.clusters().get(0).instances().get(0);
        assertThat(i.count()).isEqualTo(1);
        assertThat(i.dockerVersion()).isEqualTo("25.0.6");
        assertThat(i.os()).isEqualTo("linux");
        assertThat(i.arch()).isEqualTo("x86_64");
        assertThat(i.amiId()).isEqualTo("ami-0al2023old");
        assertThat(i.status()).isEqualTo("ACTIVE");
        assertThat(i.connected()).isTrue();
        assertThat(i.updateStatus()).isNull();
        assertThat(i.failUpdate() || i.noUpdatePath() || i.missingVersion() || i.external()).isFalse();
        assertThat(i.stuckUpdate()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown top-level field     | {"latestAgentVersion":"1.89.0","clusters":[],"colour":"red"}                                   | $.colour                            | unknown field
            unknown instance field      | {"latestAgentVersion":"1.89.0","clusters":[{"name":"a","instances":[{"agentVersion":"1.0.0","flavour":1}]}]} | $.clusters[0].instances[0].flavour | unknown field
            bad agent version           | {"latestAgentVersion":"1.89.0","clusters":[{"name":"a","instances":[{"agentVersion":"v1.2"}]}]} | $.clusters[0].instances[0].agentVersion | not a version like 1.89.0: "v1.2"
            bad latest version          | {"latestAgentVersion":"latest","clusters":[]}                                                 | $.latestAgentVersion                | not a version
            missing latest version      | {"clusters":[]}                                                                               | $.latestAgentVersion                | required
            negative count              | {"latestAgentVersion":"1.89.0","clusters":[{"name":"a","instances":[{"count":-2,"agentVersion":"1.0.0"}]}]} | $.clusters[0].instances[0].count | -2 is out of range (0–5000)
            duplicate cluster           | {"latestAgentVersion":"1.89.0","clusters":[{"name":"a"},{"name":"b"},{"name":"a"}]}           | $.clusters[2].name                  | duplicate cluster name "a" (also $.clusters[0])
            wrong type                  | {"latestAgentVersion":"1.89.0","clusters":[{"name":"a","instances":[{"agentVersion":"1.0.0","connected":"yes"}]}]} | $.clusters[0].instances[0].connected | must be true or false
            bad enum                    | {"latestAgentVersion":"1.89.0","clusters":[{"name":"a","instances":[{"agentVersion":"1.0.0","os":"macos"}]}]} | $.clusters[0].instances[0].os | must be one of [linux, windows]
            bad update status           | {"latestAgentVersion":"1.89.0","clusters":[{"name":"a","instances":[{"agentVersion":"1.0.0","updateStatus":"DONE"}]}]} | $.clusters[0].instances[0].updateStatus | must be one of [FAILED, PENDING, STAGED, STAGING, UPDATED, UPDATING]
            stuck in a settled status   | {"latestAgentVersion":"1.89.0","clusters":[{"name":"a","instances":[{"agentVersion":"1.0.0","stuckUpdate":"UPDATED"}]}]} | $.clusters[0].instances[0].stuckUpdate | must be one of [PENDING, STAGED, STAGING, UPDATING]
            bad cluster name            | {"latestAgentVersion":"1.89.0","clusters":[{"name":"a b"}]}                                    | $.clusters[0].name                  | a cluster name has
            clusters not an array       | {"latestAgentVersion":"1.89.0","clusters":{}}                                                  | $.clusters                          | must be an array
            rate above one              | {"latestAgentVersion":"1.89.0","clusters":[],"faults":{"serverErrorRate":1.5}}                 | $.faults.serverErrorRate            | 1.5 is out of range (0–1)
            negative update seconds     | {"latestAgentVersion":"1.89.0","clusters":[],"updateSeconds":{"STAGING":-1}}                   | $.updateSeconds.STAGING             | -1 is out of range (0–86400)
            bad recommended             | {"latestAgentVersion":"1.89.0","clusters":[],"recommended":{"amazon-linux-2023":{"ecs_agent_version":"1.88.0","ecs_runtime_version":"Docker version 25.0.8"}}} | $.recommended["amazon-linux-2023"].image_id | required
            not an object               | []                                                                                             | $                                   | must be an object
            invalid JSON                | {"latestAgentVersion": }                                                                       | $                                   | invalid JSON at line 1
            duplicate key               | {"latestAgentVersion":"1.89.0","latestAgentVersion":"1.88.0","clusters":[]}                    | $                                   | invalid JSON
            unreadable exponent         | {"latestAgentVersion":"1.89.0","clusters":[],"seed":1e9999999999}                              | $                                   | the number 1e9999999999 cannot be read
            trailing content            | {"latestAgentVersion":"1.89.0","clusters":[]} {}                                               | $                                   | invalid JSON at line 1, column 48: unexpected { after the fleet object
            unknown bucket category     | {"latestAgentVersion":"1.89.0","clusters":[],"faults":{"throttleBuckets":{"listClusters":{"burst":1}}}} | $.faults.throttleBuckets.listClusters | unknown field (known: clusterRead, clusterResourceRead, clusterResourceModify)
            lost response without mode  | {"latestAgentVersion":"1.89.0","clusters":[{"name":"a","instances":[{"agentVersion":"1.0.0","lostUpdateResponse":{"delayMs":5}}]}]} | $.clusters[0].instances[0].lostUpdateResponse.mode | required: "timeout" or "serverError"
            lost response bad mode      | {"latestAgentVersion":"1.89.0","clusters":[{"name":"a","instances":[{"agentVersion":"1.0.0","lostUpdateResponse":{"mode":"drop"}}]}]} | $.clusters[0].instances[0].lostUpdateResponse.mode | must be one of [serverError, timeout], was "drop"
            """)
    void invalidFleet_isRejectedNamingFilePathAndProblem(String why, String json, String path, String problem) {
        assertThatThrownBy(() -> Fleet.parse(json, "bad.json"))
                .isInstanceOf(FleetException.class)
                .hasMessageStartingWith("bad.json: " + path + ": ")
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(((FleetException) e).path()).isEqualTo(path));
    }

    /**
     * Every number is checked against its range before it is narrowed, and reported as written in
     * the file: 4294967298 once became 2 instances (an int cast), 99999999999 was reported as
     * 1215752191, and 1e999 as Infinity.
     */
    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            count past 2^32 (wrapped to 2)  | "clusters":[{"name":"a","instances":[{"count":4294967298,"agentVersion":"1.0.0"}]}] | $.clusters[0].instances[0].count | 4294967298 is out of range (0–5000)
            count past int (wrapped)        | "clusters":[{"name":"a","instances":[{"count":99999999999,"agentVersion":"1.0.0"}]}] | $.clusters[0].instances[0].count | 99999999999 is out of range (0–5000)
            count past long                 | "clusters":[{"name":"a","instances":[{"count":99999999999999999999999,"agentVersion":"1.0.0"}]}] | $.clusters[0].instances[0].count | 99999999999999999999999 is out of range (0–5000)
            count above the ECS maximum     | "clusters":[{"name":"a","instances":[{"count":5001,"agentVersion":"1.0.0"}]}] | $.clusters[0].instances[0].count | 5001 is out of range (0–5000)
            count as a fraction             | "clusters":[{"name":"a","instances":[{"count":2.5,"agentVersion":"1.0.0"}]}] | $.clusters[0].instances[0].count | must be an integer, was 2.5
            count in exponent form          | "clusters":[{"name":"a","instances":[{"count":1E3,"agentVersion":"1.0.0"}]}] | $.clusters[0].instances[0].count | must be an integer, was 1E3
            seed past long                  | "seed":9223372036854775808,"clusters":[] | $.seed | 9223372036854775808 is out of range (-9223372036854775808–9223372036854775807)
            seed below long                 | "seed":-9223372036854775809,"clusters":[] | $.seed | -9223372036854775809 is out of range (-9223372036854775808–9223372036854775807)
            update seconds past int         | "updateSeconds":{"PENDING":99999999999},"clusters":[] | $.updateSeconds.PENDING | 99999999999 is out of range (0–86400)
            update seconds past a day       | "updateSeconds":{"UPDATING":86401},"clusters":[] | $.updateSeconds.UPDATING | 86401 is out of range (0–86400)
            reconnect seconds past long     | "clusters":[{"name":"a","instances":[{"agentVersion":"1.0.0","connected":false,"reconnectAfterSeconds":9223372036854775807}]}] | $.clusters[0].instances[0].reconnectAfterSeconds | 9223372036854775807 is out of range (0–86400)
            latency past a minute           | "faults":{"latencyMs":60001},"clusters":[] | $.faults.latencyMs | 60001 is out of range (0–60000)
            latency negative                | "faults":{"latencyMs":-5},"clusters":[] | $.faults.latencyMs | -5 is out of range (0–60000)
            churn period zero               | "faults":{"churnPeriodSeconds":0},"clusters":[] | $.faults.churnPeriodSeconds | 0 is out of range (1–86400)
            churn period past int           | "faults":{"churnPeriodSeconds":4294967296},"clusters":[] | $.faults.churnPeriodSeconds | 4294967296 is out of range (1–86400)
            churn down negative             | "faults":{"churnDownSeconds":-1},"clusters":[] | $.faults.churnDownSeconds | -1 is out of range (1–86400)
            rate written huge               | "faults":{"serverErrorRate":1e999},"clusters":[] | $.faults.serverErrorRate | 1e999 is out of range (0–1)
            rate negative, as written       | "faults":{"disconnectChurn":-0.50},"clusters":[] | $.faults.disconnectChurn | -0.50 is out of range (0–1)
            rate below the smallest double  | "faults":{"serverErrorRate":-1e-999},"clusters":[] | $.faults.serverErrorRate | -1e-999 is out of range (0–1)
            burst zero                      | "faults":{"throttleBuckets":{"clusterRead":{"burst":0}}},"clusters":[] | $.faults.throttleBuckets.clusterRead.burst | 0 is out of range (1–1000000)
            refill zero                     | "faults":{"throttleBuckets":{"clusterResourceModify":{"refillPerSecond":0}}},"clusters":[] | $.faults.throttleBuckets.clusterResourceModify.refillPerSecond | 0 is out of range (0.001–1000000)
            lost response delay past 10 min | "clusters":[{"name":"a","instances":[{"agentVersion":"1.0.0","lostUpdateResponse":{"mode":"timeout","delayMs":600001}}]}] | $.clusters[0].instances[0].lostUpdateResponse.delayMs | 600001 is out of range (1–600000)
            timeout without a delay         | "clusters":[{"name":"a","instances":[{"agentVersion":"1.0.0","lostUpdateResponse":{"mode":"timeout","delayMs":0}}]}] | $.clusters[0].instances[0].lostUpdateResponse.delayMs | 0 is out of range (1–600000)
            lost response times zero        | "clusters":[{"name":"a","instances":[{"agentVersion":"1.0.0","lostUpdateResponse":{"mode":"serverError","times":0}}]}] | $.clusters[0].instances[0].lostUpdateResponse.times | 0 is out of range (1–1000)
            lost response times past int    | "clusters":[{"name":"a","instances":[{"agentVersion":"1.0.0","lostUpdateResponse":{"mode":"serverError","times":4294967297}}]}] | $.clusters[0].instances[0].lostUpdateResponse.times | 4294967297 is out of range (1–1000)
            """)
    void outOfRangeNumber_isAnErrorNamingThePathAndTheValueAsWritten(String why, String fields, String path,
            String problem) {
        String json = "{\"latestAgentVersion\":\"1.89.0\"," + fields + "}";
        assertThatThrownBy(() -> Fleet.parse(json, "fleet.json"))
                .isInstanceOf(FleetException.class)
                .hasMessage("fleet.json: " + path + ": " + problem);
    }

    @Test
    void aClusterOfMoreThan5000Instances_isAnError_theEcsMaximumPerCluster() {
        String json = """
                {"latestAgentVersion":"1.89.0","clusters":[{"name":"ok","instances":[{"count":5000,"agentVersion":"1.0.0"}]},
                  {"name":"big","instances":[{"count":3000,"agentVersion":"1.0.0"},{"count":2001,"agentVersion":"1.0.0"}]}]}
                """;
        assertThatThrownBy(() -> Fleet.parse(json, "fleet.json"))
                .isInstanceOf(FleetException.class)
                .hasMessage("fleet.json: $.clusters[1].instances: 5001 container instances in one cluster; "
                        + "ECS registers at most 5000 per cluster");
    }

    @Test
    void moreThan10000Clusters_isAnError_theEcsDefaultQuota() {
        String clusters = java.util.stream.IntStream.range(0, 10_001).mapToObj(i -> "{\"name\":\"c" + i + "\"}")
                .collect(java.util.stream.Collectors.joining(","));
        assertThat(Fleet.parse("{\"latestAgentVersion\":\"1.89.0\",\"clusters\":[" + clusters.substring(
                clusters.indexOf(',') + 1) + "]}", "fleet.json").clusters()).hasSize(10_000);
        assertThatThrownBy(() -> Fleet.parse("{\"latestAgentVersion\":\"1.89.0\",\"clusters\":[" + clusters + "]}",
                "fleet.json"))
                .isInstanceOf(FleetException.class)
                .hasMessage("fleet.json: $.clusters: 10001 clusters; ECS allows 10000 per account and Region "
                        + "by default");
    }

    @Test
    void moreInstancesThanTheSimulatorHolds_isAnError_beforeAnyIsCreated() {
        String cluster = "{\"name\":\"c%d\",\"instances\":[{\"count\":5000,\"agentVersion\":\"1.0.0\"}]}";
        String clusters = java.util.stream.IntStream.range(0, 101).mapToObj(cluster::formatted)
                .collect(java.util.stream.Collectors.joining(","));
        assertThatThrownBy(() -> Fleet.parse("{\"latestAgentVersion\":\"1.89.0\",\"clusters\":[" + clusters + "]}",
                "fleet.json"))
                .isInstanceOf(FleetException.class)
                .hasMessage("fleet.json: $.clusters[100].instances[0].count: 505000 container instances in the fleet; "
                        + "the simulator holds at most 500000");
    }

    @Test
    void moreThan50TagsOnAResource_isAnError_theEcsLimit() {
        String tags = java.util.stream.IntStream.range(0, 51).mapToObj(i -> "\"k" + i + "\":\"v\"")
                .collect(java.util.stream.Collectors.joining(","));
        assertThatThrownBy(() -> Fleet.parse("{\"latestAgentVersion\":\"1.89.0\",\"clusters\":[{\"name\":\"a\","
                + "\"tags\":{" + tags + "}}]}", "fleet.json"))
                .isInstanceOf(FleetException.class)
                .hasMessage("fleet.json: $.clusters[0].tags: 51 tags; ECS allows at most 50 per resource");
        assertThatThrownBy(() -> Fleet.parse("{\"latestAgentVersion\":\"1.89.0\",\"clusters\":[{\"name\":\"a\","
                + "\"tags\":{\"k\":\"" + "v".repeat(257) + "\"}}]}", "fleet.json"))
                .isInstanceOf(FleetException.class)
                .hasMessageStartingWith("fleet.json: $.clusters[0].tags[\"k\"]: a tag value has at most 256 characters");
    }

    @Test
    void aFleetFileLargerThan16MiB_isRefusedBeforeItIsRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("huge.json");
        try (var out = Files.newOutputStream(file)) {
            out.write("{\"latestAgentVersion\":\"1.89.0\",\"clusters\":[],\"seed\":0}".getBytes());
            out.write(" ".repeat(16 * 1024 * 1024).getBytes());
        }
        assertThatThrownBy(() -> Fleet.load(file))
                .isInstanceOf(FleetException.class)
                .hasMessage(file + ": $: the file has " + Files.size(file) + " bytes; a fleet file has at most 16777216 "
                        + "(16 MiB)");
    }

    @Test
    void theLargestValueOfEachRange_isAccepted() {
        Fleet f = Fleet.parse("""
                {"latestAgentVersion":"1.89.0","seed":-9223372036854775808,
                 "updateSeconds":{"PENDING":86400,"STAGING":0},
                 "faults":{"latencyMs":60000,"serverErrorRate":1,"disconnectChurn":0.0,"churnPeriodSeconds":86400,
                           "churnDownSeconds":86399},
                 "clusters":[{"name":"a","instances":[{"count":5000,"agentVersion":"1.0.0","connected":false,
                              "reconnectAfterSeconds":86400}]}]}
                """, "fleet.json");
        assertThat(f.seed()).isEqualTo(Long.MIN_VALUE);
        assertThat(f.instanceCount()).isEqualTo(5000);
        assertThat(f.updateSeconds().pending()).isEqualTo(86_400);
        assertThat(f.faults().serverErrorRate()).isEqualTo(1.0);
        assertThat(f.clusters().get(0).instances().get(0).reconnectAfterSeconds()).isEqualTo(86_400);
    }

    @Test
    void lostUpdateResponse_defaults_aMinuteForATimeout_noDelayForAServerError_andOneAnswer() {
        Fleet f = Fleet.parse("""
                {"latestAgentVersion":"1.89.0","clusters":[{"name":"a","instances":[
                  {"agentVersion":"1.0.0","lostUpdateResponse":{"mode":"timeout"}},
                  {"agentVersion":"1.0.0","lostUpdateResponse":{"mode":"serverError","delayMs":250,"times":3}},
                  {"agentVersion":"1.0.0"}]}]}
                """, "lost.json");
        List<Fleet.InstanceSpec> groups = f.clusters().get(0).instances();
        assertThat(groups.get(0).lostUpdateResponse())
                .isEqualTo(new Fleet.LostResponse(Fleet.LostResponse.Mode.TIMEOUT, 60_000, 1));
        assertThat(groups.get(1).lostUpdateResponse())
                .isEqualTo(new Fleet.LostResponse(Fleet.LostResponse.Mode.SERVER_ERROR, 250, 3));
        assertThat(groups.get(2).lostUpdateResponse()).isNull();
    }

    @Test
    void throttleBuckets_overrideOnlyWhatTheyName_andDefaultToAwsNumbers() {
        Fleet f = Fleet.parse("""
                {"latestAgentVersion":"1.89.0","clusters":[],
                 "faults":{"throttleBuckets":{"clusterRead":{"burst":5},"clusterResourceModify":{"refillPerSecond":0.5}}}}
                """, "buckets.json");
        assertThat(f.faults().throttleBuckets()).containsExactly(
                Map.entry("clusterRead", new Fleet.TokenBucket(5, 20)),
                Map.entry("clusterResourceModify", new Fleet.TokenBucket(100, 0.5)));
        assertThat(Fleet.parse(MINIMAL, "min.json").faults().throttleBuckets()).isEmpty();
    }

    @Test
    void deeplyNestedJson_isAnErrorNotAStackOverflow() {
        String deep = "{\"latestAgentVersion\":\"1.89.0\",\"clusters\":[],\"recommended\":" + "[".repeat(100_000);
        assertThatThrownBy(() -> Fleet.parse(deep, "deep.json"))
                .isInstanceOf(FleetException.class)
                .hasMessageStartingWith("deep.json: $: invalid JSON")
                .hasMessageContaining("nesting depth");
    }

    @Test
    void load_namesTheFileInErrors(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("fleet.json");
        Files.writeString(file, "{\"latestAgentVersion\":\"1.89.0\",\"clusters\":[],\"seed\":\"x\"}");
        assertThatThrownBy(() -> Fleet.load(file))
                .isInstanceOf(FleetException.class)
                .hasMessage(file + ": $.seed: must be an integer, was a string \"x\"");
        assertThatThrownBy(() -> Fleet.load(dir.resolve("absent.json")))
                .isInstanceOf(FleetException.class)
                .hasMessageStartingWith(dir.resolve("absent.json") + ": $: cannot read the file");
    }

    @Test
    void zeroCount_isAllowedAndMakesNoInstances() {
        Fleet f = Fleet.parse("""
                {"latestAgentVersion":"1.89.0","clusters":[{"name":"a","instances":[{"count":0,"agentVersion":"1.0.0"}]}]}
                """, "zero.json");
        assertThat(f.instanceCount()).isZero();
    }
}
