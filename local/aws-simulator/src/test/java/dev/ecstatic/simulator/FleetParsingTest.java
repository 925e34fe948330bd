package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
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
            negative count              | {"latestAgentVersion":"1.89.0","clusters":[{"name":"a","instances":[{"count":-2,"agentVersion":"1.0.0"}]}]} | $.clusters[0].instances[0].count | must not be negative (was -2)
            duplicate cluster           | {"latestAgentVersion":"1.89.0","clusters":[{"name":"a"},{"name":"b"},{"name":"a"}]}           | $.clusters[2].name                  | duplicate cluster name "a" (also $.clusters[0])
            wrong type                  | {"latestAgentVersion":"1.89.0","clusters":[{"name":"a","instances":[{"agentVersion":"1.0.0","connected":"yes"}]}]} | $.clusters[0].instances[0].connected | must be true or false
            bad enum                    | {"latestAgentVersion":"1.89.0","clusters":[{"name":"a","instances":[{"agentVersion":"1.0.0","os":"macos"}]}]} | $.clusters[0].instances[0].os | must be one of [linux, windows]
            bad update status           | {"latestAgentVersion":"1.89.0","clusters":[{"name":"a","instances":[{"agentVersion":"1.0.0","updateStatus":"DONE"}]}]} | $.clusters[0].instances[0].updateStatus | must be one of [FAILED, PENDING, STAGED, STAGING, UPDATED, UPDATING]
            stuck in a settled status   | {"latestAgentVersion":"1.89.0","clusters":[{"name":"a","instances":[{"agentVersion":"1.0.0","stuckUpdate":"UPDATED"}]}]} | $.clusters[0].instances[0].stuckUpdate | must be one of [PENDING, STAGED, STAGING, UPDATING]
            bad cluster name            | {"latestAgentVersion":"1.89.0","clusters":[{"name":"a b"}]}                                    | $.clusters[0].name                  | a cluster name has
            clusters not an array       | {"latestAgentVersion":"1.89.0","clusters":{}}                                                  | $.clusters                          | must be an array
            rate above one              | {"latestAgentVersion":"1.89.0","clusters":[],"faults":{"serverErrorRate":1.5}}                 | $.faults.serverErrorRate            | between 0 and 1
            negative update seconds     | {"latestAgentVersion":"1.89.0","clusters":[],"updateSeconds":{"STAGING":-1}}                   | $.updateSeconds.STAGING             | must not be negative
            bad recommended             | {"latestAgentVersion":"1.89.0","clusters":[],"recommended":{"amazon-linux-2023":{"ecs_agent_version":"1.88.0","ecs_runtime_version":"Docker version 25.0.8"}}} | $.recommended["amazon-linux-2023"].image_id | required
            not an object               | []                                                                                             | $                                   | must be an object
            invalid JSON                | {"latestAgentVersion": }                                                                       | $                                   | invalid JSON at line 1
            duplicate key               | {"latestAgentVersion":"1.89.0","latestAgentVersion":"1.88.0","clusters":[]}                    | $                                   | invalid JSON
            """)
    void invalidFleet_isRejectedNamingFilePathAndProblem(String why, String json, String path, String problem) {
        assertThatThrownBy(() -> Fleet.parse(json, "bad.json"))
                .isInstanceOf(FleetException.class)
                .hasMessageStartingWith("bad.json: " + path + ": ")
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(((FleetException) e).path()).isEqualTo(path));
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
