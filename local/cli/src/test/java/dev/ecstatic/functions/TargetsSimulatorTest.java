package dev.ecstatic.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecstatic.cli.integrations.SdkSettings;
import dev.ecstatic.functions.model.Cluster;
import dev.ecstatic.functions.model.InstanceClass;
import dev.ecstatic.functions.model.Inventory;
import dev.ecstatic.functions.model.ListClustersRequest;
import dev.ecstatic.functions.model.ListClustersResponse;
import dev.ecstatic.functions.model.ListInstancesRequest;
import dev.ecstatic.functions.model.UpdateOneAgentRequest;
import dev.ecstatic.functions.model.UpdateOneAgentResponse;
import dev.ecstatic.functions.model.UpdateOutcome;
import dev.ecstatic.simulator.AwsSimulator;
import dev.ecstatic.simulator.Fleet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The functions across accounts and regions, built as Lambda builds them (from their environment), against a
 * simulated fleet of three accounts: this one (111111111111) in us-east-1 and eu-west-1, 222222222222 whose
 * ecstatic-member role trusts this account, 444444444444 without such a role; ap-east-1 is enabled nowhere.
 */
class TargetsSimulatorTest {
    private static final String HOME = "111111111111";
    private static final String MEMBER = "222222222222";
    private static final String LOCKED = "444444444444";

    private AwsSimulator sim;
    private SdkSettings sdk;
    private final Map<String, String> saved = new HashMap<>();

    @BeforeEach
    void start() throws IOException {
        start("accounts-fleet.json");
    }

    /** A fleet of test resources' fleets/ (the simulator's accounts-fleet.json, with an organization or not). */
    private void start(String fleet) throws IOException {
        if (sim != null) {
            stop();
        }
        try (InputStream in = getClass().getResourceAsStream("/fleets/" + fleet)) {
            sim = AwsSimulator.start(Fleet.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), fleet), 0,
                    Clock.systemUTC());
        }
        sdk = SdkSettings.simulator(sim.endpoint(), "us-east-1");
        for (String property : List.of("aws.endpointUrlSts", "aws.endpointUrlEcs", "aws.endpointUrlSsm",
                "aws.endpointUrlOrganizations")) {
            saved.put(property, System.getProperty(property));
            System.setProperty(property, sim.endpoint().toString());
        }
    }

    @AfterEach
    void stop() {
        saved.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
        saved.clear();
        sdk.close();
        sim.close();
        sim = null;
    }

    private static Map<String, String> env(String accounts, String regions) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", "us-east-1");
        env.put("ECSTATIC_ACCOUNT_ID", HOME);
        env.put("ECSTATIC_ACCOUNTS", accounts);
        env.put("ECSTATIC_REGIONS", regions);
        return env;
    }

    private static ListClustersResponse listClusters(Map<String, String> env, Object input) {
        return new ListClustersHandler(env).handleRequest(new ListClustersRequest(input), new ReplaceInstanceSimulatorTest.QuietContext());
    }

    @Test
    void everyAccountAndRegion_isListed_andAnAccountWhoseRoleCannotBeAssumed_isOneStandInPerTarget() {
        ListClustersResponse r = listClusters(env(HOME + "," + MEMBER + "," + LOCKED, "us-east-1,eu-west-1"), Map.of());

        assertThat(r.clusters()).extracting(Cluster::arn).containsExactly(
                "arn:aws:ecs:us-east-1:111111111111:cluster/main-web",
                "arn:aws:ecs:eu-west-1:111111111111:cluster/main-eu",
                "arn:aws:ecs:us-east-1:222222222222:cluster/web",
                "arn:aws:ecs:eu-west-1:222222222222:cluster/web",
                "arn:aws:ecs:eu-west-1:222222222222:cluster/batch",
                "arn:aws:ecs:us-east-1:444444444444:cluster/(target)",
                "arn:aws:ecs:eu-west-1:444444444444:cluster/(target)");
        Cluster locked = r.clusters().get(5);
        assertThat(locked.name()).isEqualTo(Cluster.TARGET);
        assertThat(locked.unreachable()).contains("cannot assume arn:aws:iam::444444444444:role/ecstatic-member")
                .contains("AccessDenied");
        assertThat(r.recommendedByRegion()).containsOnlyKeys("us-east-1", "eu-west-1");
    }

    @Test
    void aRegionNotEnabled_isAStandInSayingWhy_whileTheOtherRegionsAreListed() {
        ListClustersResponse r = listClusters(env("", "us-east-1,ap-east-1"), Map.of());

        assertThat(r.clusters()).extracting(Cluster::arn).containsExactly(
                "arn:aws:ecs:us-east-1:111111111111:cluster/main-web",
                "arn:aws:ecs:ap-east-1:111111111111:cluster/(target)");
        assertThat(r.clusters().get(1).unreachable()).startsWith("listing its clusters failed: ");
    }

    @Test
    void theTargetsInput_visitsOnlyTheNamedClusterInThatAccount_andRefusesATargetTheStackDoesNotCover() {
        Map<String, String> env = env(HOME + "," + MEMBER, "us-east-1,eu-west-1");
        ListClustersResponse r = listClusters(env, Map.of("targets", List.of(Map.of("account", MEMBER,
                "region", "eu-west-1", "clusters", List.of("batch")))));
        assertThat(r.clusters()).extracting(Cluster::arn)
                .containsExactly("arn:aws:ecs:eu-west-1:222222222222:cluster/batch");

        assertThatThrownBy(() -> listClusters(env, Map.of("targets", List.of(Map.of("account", LOCKED,
                "region", "eu-west-1")))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("targets[0]: 444444444444/eu-west-1 is not among this stack's targets");
    }

    @Test
    void aClusterArnOfAnotherAccount_isDescribedThere() {
        ListClustersResponse r = listClusters(env(HOME + "," + MEMBER, "us-east-1,eu-west-1"),
                Map.of("clusters", List.of("arn:aws:ecs:eu-west-1:222222222222:cluster/web", "main-web")));
        assertThat(r.clusters()).extracting(Cluster::arn).containsExactlyInAnyOrder(
                "arn:aws:ecs:eu-west-1:222222222222:cluster/web", "arn:aws:ecs:us-east-1:111111111111:cluster/main-web");
    }

    @Test
    void aClusterNamedInThisAccount_isRefused_whenTheStacksAccountsLeaveThisAccountOut() {
        assertThatThrownBy(() -> listClusters(env(MEMBER, "us-east-1,eu-west-1"),
                Map.of("clusters", List.of("main-web"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("clusters: main-web is in 111111111111/us-east-1, which is not among this stack's targets"
                        + " (its Accounts and Regions: 222222222222/us-east-1, 222222222222/eu-west-1)");
        assertThat(sim.callsByAction()).doesNotContainKeys("ListClusters", "DescribeClusters");
    }

    @Test
    void listInstancesAndUpdateOneAgent_actInTheClustersOwnAccountAndRegion() {
        Map<String, String> env = env(HOME + "," + MEMBER, "us-east-1,eu-west-1");
        Cluster web = new Cluster("web", "arn:aws:ecs:eu-west-1:222222222222:cluster/web", null, null, "run-1", null);

        Inventory inventory = new ListInstancesHandler(env).handleRequest(
                new ListInstancesRequest(web, Map.of(), List.of()), new ReplaceInstanceSimulatorTest.QuietContext());
        assertThat(inventory.total()).isEqualTo(1);
        assertThat(inventory.count(InstanceClass.CANDIDATE)).isEqualTo(1);

        sim.resetCounters();
        UpdateOneAgentResponse update = new UpdateOneAgentHandler(env).handleRequest(
                new UpdateOneAgentRequest(web, inventory.candidates(), Map.of(), 0), new ReplaceInstanceSimulatorTest.QuietContext());
        assertThat(update.outcome()).isEqualTo(UpdateOutcome.STARTED);
        assertThat(sim.callsByTarget()).containsKey("222222222222/eu-west-1");
        assertThat(sim.callsByTarget().get("222222222222/eu-west-1")).containsEntry("UpdateContainerAgent", 1L);
        sim.callsByTarget().forEach((target, calls) -> {
            if (!target.equals("222222222222/eu-west-1")) {
                assertThat(calls).as(target).doesNotContainKey("UpdateContainerAgent");
            }
        });
        assertThat(sim.snapshot(MEMBER, "eu-west-1").clusters().getFirst().instances()).singleElement()
                .satisfies(i -> assertThat(i.agentUpdateStatus()).isEqualTo("PENDING"));
        assertThat(sim.snapshot(MEMBER, "us-east-1").clusters().getFirst().instances())
                .allSatisfy(i -> assertThat(i.agentUpdateStatus()).isNull());
    }

    @Test
    void aStandIn_failsListInstancesAtOnce_withWhyItIsUnreachable() {
        Cluster standIn = Cluster.unreachableTarget("aws", LOCKED, "eu-west-1", "cannot assume the role");
        assertThatThrownBy(() -> new ListInstancesHandler(env(HOME, "")).handleRequest(
                new ListInstancesRequest(standIn, Map.of(), List.of()), new ReplaceInstanceSimulatorTest.QuietContext()))
                .isInstanceOf(TargetUnreachableException.class)
                .hasMessage("account 444444444444 in eu-west-1: cannot assume the role");
        assertThat(sim.callsByAction()).doesNotContainKey("ListContainerInstances");
    }

    @Test
    void aRoleThatCannotBeAssumed_failsTheClustersFunctions_asUnreachable_notAsARetry() {
        Cluster locked = new Cluster("web", "arn:aws:ecs:eu-west-1:444444444444:cluster/web", null, null, "run-1", null);
        assertThatThrownBy(() -> new ListInstancesHandler(env(HOME + "," + LOCKED, "eu-west-1")).handleRequest(
                new ListInstancesRequest(locked, Map.of(), List.of()), new ReplaceInstanceSimulatorTest.QuietContext()))
                .isInstanceOf(TargetUnreachableException.class)
                .hasMessageContaining("cannot assume arn:aws:iam::444444444444:role/ecstatic-member: AccessDenied");
    }

    @Test
    void anOrganizationalUnit_isItsActiveAccounts_childUnitsIncluded() throws IOException {
        start("org-accounts-fleet.json");

        ListClustersResponse r = listClusters(env("ou-ab12-11111111", "eu-west-1"), Map.of());

        // 222222222222 in the unit, 444444444444 in its child unit (whose role is locked), 555555555555 SUSPENDED.
        assertThat(r.clusters()).extracting(Cluster::arn).containsExactly(
                "arn:aws:ecs:eu-west-1:222222222222:cluster/web",
                "arn:aws:ecs:eu-west-1:222222222222:cluster/batch",
                "arn:aws:ecs:eu-west-1:444444444444:cluster/(target)");
        assertThat(sim.callsByAction()).containsEntry("ListAccountsForParent", 2L)
                .containsEntry("ListOrganizationalUnitsForParent", 2L);
    }

    @Test
    void aUnitWithNoActiveAccount_visitsNothing_notEvenThisAccount() throws IOException {
        start("org-accounts-fleet.json");

        ListClustersResponse r = listClusters(env("ou-ab12-33333333", "us-east-1"), Map.of());

        assertThat(r.clusters()).isEmpty();
        assertThat(sim.callsByAction()).doesNotContainKey("ListClusters");
    }

    @Test
    void anOrganizationalUnit_outsideAnOrganizationThisAccountManages_failsTheRun_namingTheUnit() {
        assertThatThrownBy(() -> listClusters(env("ou-ab12-11111111", "eu-west-1"), Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Organizations ListAccountsForParent of ou-ab12-11111111:"
                        + " AWSOrganizationsNotInUseException: ")
                .hasMessageContaining("management account or a delegated administrator");
    }
}
