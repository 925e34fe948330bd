package dev.ecstatic.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecstatic.simulator.Fleet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Accounts and Regions parameters a fleet of several accounts and regions is simulated with. */
class FleetTargetsTest {

    static final Set<String> DECLARED = Set.of("Accounts", "Regions", "Schedule");

    static final Fleet MANY = Fleet.parse("""
            { "region": "us-east-1", "accountId": "111111111111", "latestAgentVersion": "1.89.0",
              "clusters": [ { "name": "web" } ],
              "targets": [
                { "accountId": "222222222222", "region": "eu-west-1", "clusters": [ { "name": "web" } ] },
                { "region": "eu-west-1", "clusters": [] },
                { "accountId": "333333333333", "region": "us-east-1", "clusters": [] },
                { "accountId": "222222222222", "region": "us-east-1", "clusters": [] } ],
              "disabledRegions": [ "ap-east-1" ] }
            """, "many");

    @Test
    void everyAccountAndRegionOnce_mainFirst_thenInFileOrder_disabledRegionsLast() {
        FleetTargets targets = FleetTargets.of(MANY);

        assertThat(targets.accounts()).containsExactly("111111111111", "222222222222", "333333333333");
        assertThat(targets.regions()).containsExactly("us-east-1", "eu-west-1", "ap-east-1");
        assertThat(targets.missingFrom(Map.of(), DECLARED)).containsExactly(
                Map.entry("Accounts", "111111111111,222222222222,333333333333"),
                Map.entry("Regions", "us-east-1,eu-west-1,ap-east-1"));
    }

    @Test
    void aParameterTheUserGaveIsKept_andOneTheTemplateLacksIsNotInvented() {
        FleetTargets targets = FleetTargets.of(MANY);

        assertThat(targets.missingFrom(Map.of("Regions", "us-east-1"), DECLARED)).containsOnlyKeys("Accounts");
        assertThat(targets.missingFrom(Map.of("Accounts", ""), DECLARED)).containsOnlyKeys("Regions");
        assertThat(targets.missingFrom(Map.of(), Set.of("Schedule"))).isEmpty();
    }

    @Test
    void aFleetOfOneAccountAndRegionSetsNothing() {
        Fleet one = Fleet.parse("{\"latestAgentVersion\": \"1.89.0\", \"clusters\": []}", "one");

        FleetTargets targets = FleetTargets.of(one);

        assertThat(targets.spansTargets()).isFalse();
        assertThat(targets.missingFrom(Map.of(), DECLARED)).isEmpty();
    }

    @Test
    void atLeastTheMainAccountAndRegion() {
        assertThatThrownBy(() -> new FleetTargets(List.of(), List.of("us-east-1")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
