package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fleet file's accounts, regions and roles: what it accepts and every refusal, with its path. */
class FleetTargetsParsingTest {

    private static final String HEAD = """
            { "region": "us-east-1", "accountId": "111111111111", "latestAgentVersion": "1.89.0",
            """;

    @Test
    void aSingleAccountFleet_hasNoTargetsRolesOrDisabledRegions() {
        Fleet f = Sim.testFleet();
        assertThat(f.targets()).isEmpty();
        assertThat(f.roles()).isEmpty();
        assertThat(f.disabledRegions()).isEmpty();
    }

    @Test
    void targetsRolesAndDisabledRegions_areRead_withTheirDefaults() {
        Fleet f = Fleet.parse(Sim.resource("accounts-fleet.json"), "accounts-fleet.json");
        assertThat(f.targets()).extracting(t -> t.accountId() + "/" + t.region()).containsExactly(
                "111111111111/eu-west-1", "222222222222/us-east-1", "222222222222/eu-west-1");
        assertThat(f.targets().get(2).clusters()).extracting(Fleet.ClusterSpec::name).containsExactly("web", "batch");
        assertThat(f.roles()).extracting(Fleet.RoleSpec::maxSessionSeconds).containsExactly(43_200L, 3_600L, 7_200L, 3_600L);
        assertThat(f.roles().get(1).trusts()).containsExactly("arn:aws:iam::111111111111:root");
        assertThat(f.disabledRegions()).containsExactly("ap-east-1");
    }

    @Test
    void withTargets_theTopLevelClustersMayBeLeftOut() {
        Fleet f = Fleet.parse(HEAD + """
                "targets": [ { "accountId": "222222222222", "clusters": [ { "name": "c" } ] } ] }""", "f.json");
        assertThat(f.clusters()).isEmpty();
        assertThat(f.targets().get(0).region()).isEqualTo("us-east-1");
    }

    @Test
    void eachTarget_hasItsOwnLaunchTemplatesAndGroupNames() {
        String template = """
                { "name": "ecs-lt", "versions": [ { "imageId": "ami-0abc123", "instanceType": "m6i.large" } ] }""";
        String cluster = """
                { "name": "c", "autoScalingGroups": [ { "name": "g", "minSize": 0, "maxSize": 2, "desiredCapacity": 1,
                  "launchTemplate": { "name": "ecs-lt" }, "instances": [ { "count": 1 } ] } ] }""";
        String amis = """
                "amis": [ { "id": "ami-0abc123", "name": "al2023-ami-ecs-hvm-2023.0.20260101-kernel-6.1-x86_64",
                  "architecture": "x86_64", "creationDate": "2025-12-01T00:00:00Z", "agentVersion": "1.89.0",
                  "dockerVersion": "25.0.8" } ],""";
        Fleet f = Fleet.parse(HEAD + amis + """
                "launchTemplates": [ %s ], "clusters": [ %s ],
                "targets": [ { "region": "eu-west-1", "launchTemplates": [ %s ], "clusters": [ %s ] } ] }"""
                .formatted(template, cluster, template, cluster), "f.json");
        assertThat(f.targets().get(0).launchTemplates()).hasSize(1);

        assertThatThrownBy(() -> Fleet.parse(HEAD + amis + """
                "launchTemplates": [ %s ], "clusters": [ %s ],
                "targets": [ { "region": "eu-west-1", "clusters": [ %s ] } ] }""".formatted(template, cluster, cluster),
                "f.json"))
                .isInstanceOf(FleetException.class)
                .satisfies(e -> assertThat(((FleetException) e).path())
                        .isEqualTo("$.targets[0].clusters[0].autoScalingGroups[0].launchTemplate.name"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown target field      | "clusters": [], "targets": [ { "region": "eu-west-1", "clusters": [], "amis": [] } ] | $.targets[0].amis | unknown field
            target without clusters   | "clusters": [], "targets": [ { "region": "eu-west-1" } ] | $.targets[0].clusters | required
            target account not 12     | "clusters": [], "targets": [ { "accountId": "12", "clusters": [] } ] | $.targets[0].accountId | must be 12 digits
            target region malformed   | "clusters": [], "targets": [ { "region": "Europe", "clusters": [] } ] | $.targets[0].region | not a region name
            target is the main one    | "clusters": [], "targets": [ { "region": "us-east-1", "clusters": [] } ] | $.targets[0] | is the main target
            target twice              | "clusters": [], "targets": [ { "region": "eu-west-1", "clusters": [] }, { "region": "eu-west-1", "accountId": "111111111111", "clusters": [] } ] | $.targets[1] | described twice
            target in a disabled one  | "clusters": [], "disabledRegions": [ "ap-east-1" ], "targets": [ { "region": "ap-east-1", "clusters": [] } ] | $.targets[0].region | is in $.disabledRegions
            target in another partition | "clusters": [], "targets": [ { "region": "cn-north-1", "clusters": [] } ] | $.targets[0].region | another partition
            duplicate cluster in target | "clusters": [], "targets": [ { "region": "eu-west-1", "clusters": [ { "name": "a" }, { "name": "a" } ] } ] | $.targets[0].clusters[1].name | duplicate cluster name
            no clusters and no targets | "seed": 1 | $.clusters | required
            targets not an array      | "clusters": [], "targets": {} | $.targets | must be an array
            main region disabled      | "clusters": [], "disabledRegions": [ "us-east-1" ] | $.disabledRegions[0] | always enabled
            disabled region malformed | "clusters": [], "disabledRegions": [ 3 ] | $.disabledRegions[0] | not a region name
            disabledRegions not array | "clusters": [], "disabledRegions": "ap-east-1" | $.disabledRegions | must be an array
            role without a name       | "clusters": [], "roles": [ { "trusts": [ "111111111111" ] } ] | $.roles[0].name | required
            role name with a space    | "clusters": [], "roles": [ { "name": "a b", "trusts": [ "111111111111" ] } ] | $.roles[0].name | a role name has
            role name too long        | "clusters": [], "roles": [ { "name": "%s", "trusts": [ "111111111111" ] } ] | $.roles[0].name | a role name has
            role account malformed    | "clusters": [], "roles": [ { "account": "x", "name": "r", "trusts": [ "111111111111" ] } ] | $.roles[0].account | must be 12 digits
            role twice                | "clusters": [], "roles": [ { "name": "r", "trusts": [ "111111111111" ] }, { "account": "111111111111", "name": "r", "trusts": [ "111111111111" ] } ] | $.roles[1].name | duplicate role
            role without trusts       | "clusters": [], "roles": [ { "name": "r" } ] | $.roles[0].trusts | required
            role with empty trusts    | "clusters": [], "roles": [ { "name": "r", "trusts": [] } ] | $.roles[0].trusts | required
            trust not an ARN          | "clusters": [], "roles": [ { "name": "r", "trusts": [ "arn:aws:iam::111111111111:user/bob" ] } ] | $.roles[0].trusts[0] | not an account id
            trust in another partition | "clusters": [], "roles": [ { "name": "r", "trusts": [ "arn:aws-cn:iam::111111111111:root" ] } ] | $.roles[0].trusts[0] | not an account id
            trust not a string        | "clusters": [], "roles": [ { "name": "r", "trusts": [ 111111111111 ] } ] | $.roles[0].trusts[0] | not an account id
            session under an hour     | "clusters": [], "roles": [ { "name": "r", "trusts": [ "111111111111" ], "maxSessionSeconds": 3599 } ] | $.roles[0].maxSessionSeconds | out of range
            session over 12 hours     | "clusters": [], "roles": [ { "name": "r", "trusts": [ "111111111111" ], "maxSessionSeconds": 43201 } ] | $.roles[0].maxSessionSeconds | out of range
            unknown role field        | "clusters": [], "roles": [ { "name": "r", "trusts": [ "111111111111" ], "path": "/" } ] | $.roles[0].path | unknown field
            """)
    void refusals_nameThePathAndTheProblem(String why, String body, String path, String problem) {
        String json = HEAD + body.replace("%s", "r".repeat(65)) + " }";
        assertThatThrownBy(() -> Fleet.parse(json, "bad.json"))
                .isInstanceOf(FleetException.class)
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(((FleetException) e).path()).isEqualTo(path));
    }
}
