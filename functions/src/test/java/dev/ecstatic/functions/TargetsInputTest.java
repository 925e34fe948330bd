package dev.ecstatic.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The execution input's targets, and the Accounts and Regions parameters as List clusters reads them. */
class TargetsInputTest {

    @Test
    void targets_areParsed_withTheirClusters_orWithoutForEveryCluster() {
        ExecutionInput input = ExecutionInput.parse(Map.of("targets", List.of(
                Map.of("account", "222233334444", "region", "eu-west-1", "clusters", List.of("prod-web")),
                Map.of("account", "222233334444", "region", "us-gov-west-1"))));

        assertThat(input.targets()).containsExactly(
                new ExecutionInput.TargetInput("222233334444", "eu-west-1", List.of("prod-web")),
                new ExecutionInput.TargetInput("222233334444", "us-gov-west-1", null));
        assertThat(input.clusters()).isNull();
    }

    static Stream<Arguments> invalidTargets() {
        Map<String, Object> ok = Map.of("account", "222233334444", "region", "eu-west-1");
        return Stream.of(
                Arguments.of(Map.of("targets", List.of()), "targets must be a non-empty array"),
                Arguments.of(Map.of("targets", "222233334444"), "targets must be a non-empty array of {\"account\""),
                Arguments.of(Map.of("targets", List.of("222233334444")), "targets[0] must be an object"),
                Arguments.of(Map.of("targets", List.of(Map.of("region", "eu-west-1"))),
                        "targets[0].account must be a 12-digit account id as a string, got null"),
                Arguments.of(Map.of("targets", List.of(Map.of("account", 222233334444L, "region", "eu-west-1"))),
                        "targets[0].account must be a 12-digit account id as a string, got a number"),
                Arguments.of(Map.of("targets", List.of(Map.of("account", "2222", "region", "eu-west-1"))),
                        "targets[0].account must be a 12-digit account id as a string, got '2222'"),
                Arguments.of(Map.of("targets", List.of(Map.of("account", "222233334444", "region", "Europe"))),
                        "targets[0].region must be a region name such as eu-west-1, got 'Europe'"),
                Arguments.of(Map.of("targets", List.of(ok, ok)), "targets[1] names 222233334444/eu-west-1 again"),
                Arguments.of(Map.of("targets", List.of(Map.of("account", "222233334444", "region", "eu-west-1",
                        "cluster", "web"))), "unknown field 'cluster' in targets[0]"),
                Arguments.of(Map.of("targets", List.of(Map.of("account", "222233334444", "region", "eu-west-1",
                        "clusters", List.of()))), "targets[0].clusters must be a non-empty array"),
                Arguments.of(Map.of("targets", List.of(Map.of("account", "222233334444", "region", "eu-west-1",
                        "clusters", List.of("a", "a")))), "targets[0].clusters[1] 'a' is listed twice"),
                Arguments.of(Map.of("targets", List.of(ok), "clusters", List.of("web")),
                        "give either clusters or targets, not both"),
                Arguments.of(Map.of("targets", IntStream.range(0, 101).mapToObj(i -> Map.of("account",
                        String.format("%012d", i), "region", "eu-west-1")).toList()), "targets holds at most 100 targets"),
                Arguments.of(Map.of("targets", IntStream.range(0, 2).mapToObj(i -> Map.of("account",
                        String.format("%012d", i), "region", "eu-west-1", "clusters", IntStream.range(0, 501)
                                .mapToObj(c -> "c" + c).toList())).toList()),
                        "targets name at most 1,000 clusters in all, got 1,002"));
    }

    @ParameterizedTest
    @MethodSource("invalidTargets")
    void invalidTargets_areRejectedNamingTheField(Object input, String message) {
        assertThatThrownBy(() -> ExecutionInput.parse(input))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(message);
    }

    @Test
    void accountsAndRegions_areReadFromTheEnvironment_trimmedAndOnce() {
        ListClustersConfig config = ListClustersConfig.from(Map.of(
                "ECSTATIC_ACCOUNTS", " 222233334444, ou-ab12-11111111 ,r-ab12,222233334444,",
                "ECSTATIC_REGIONS", "us-east-1, eu-west-1"));

        assertThat(config.accounts()).containsExactly("222233334444", "ou-ab12-11111111", "r-ab12");
        assertThat(config.regions()).containsExactly("us-east-1", "eu-west-1");
        assertThat(ListClustersConfig.from(Map.of()).accounts()).isEmpty();
        assertThat(ListClustersConfig.from(Map.of("ECSTATIC_REGIONS", " ")).regions()).isEmpty();
    }

    @Test
    void anAccountOrRegionThatIsNone_failsAtOnce_namingTheVariable() {
        assertThatThrownBy(() -> ListClustersConfig.from(Map.of("ECSTATIC_ACCOUNTS", "222233334444,prod")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("ECSTATIC_ACCOUNTS holds 'prod': set it to 12-digit account ids");
        assertThatThrownBy(() -> ListClustersConfig.from(Map.of("ECSTATIC_REGIONS", "us-east-1,mars")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("ECSTATIC_REGIONS holds 'mars': set it to region names");
    }

    @Test
    void partitions_followTheRegion() {
        assertThat(ListClustersHandler.partition("cn-north-1")).isEqualTo("aws-cn");
        assertThat(ListClustersHandler.partition("us-gov-west-1")).isEqualTo("aws-us-gov");
        assertThat(ListClustersHandler.partition("eu-west-1")).isEqualTo("aws");
        assertThat(ListClustersHandler.partition(null)).isEqualTo("aws");
    }
}
