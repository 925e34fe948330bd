package dev.ecstatic.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecstatic.cli.Main;
import dev.ecstatic.simulator.Fleet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The fleet {@code bench --targets} measures, and the options it refuses. */
class TargetsBenchTest {

    static List<Integer> clustersPerTarget(Fleet fleet) {
        List<Integer> sizes = new ArrayList<>(List.of(fleet.clusters().size()));
        fleet.targets().forEach(t -> sizes.add(t.clusters().size()));
        return sizes;
    }

    @Test
    void tenTargetsAreFiveAccountsInTwoRegions_aThousandClustersEach_theMemberRoleInEveryOtherAccount() {
        Fleet fleet = Fleet.parse(BenchCommand.targetsFleet(10, 10_000), "bench");

        assertThat(clustersPerTarget(fleet)).hasSize(10).containsOnly(1_000);
        assertThat(fleet.targets()).extracting(Fleet.TargetSpec::accountId).containsOnly("100000000000", "100000000001",
                "100000000002", "100000000003", "100000000004");
        assertThat(fleet.targets()).extracting(Fleet.TargetSpec::region).containsOnly("us-east-1", "eu-west-1");
        assertThat(fleet.roles()).hasSize(4).allSatisfy(r -> {
            assertThat(r.name()).isEqualTo("ecstatic-member");
            assertThat(r.trusts()).containsExactly("100000000000");
        });
        assertThat(fleet.faults().throttle()).as("AWS's default throttling").isTrue();
    }

    @Test
    void anOddCountIsThatManyAccountsInOneRegion_andTheRemainderGoesToTheFirstTargets() {
        Fleet fleet = Fleet.parse(BenchCommand.targetsFleet(3, 10), "bench");

        assertThat(clustersPerTarget(fleet)).containsExactly(4, 3, 3);
        assertThat(fleet.targets()).extracting(Fleet.TargetSpec::region).containsOnly("us-east-1");
    }

    @Test
    void outOfRangeCountsAreUsageErrorsNamingTheOption() {
        for (String[] args : List.of(new String[] {"--target-count", "0"}, new String[] {"--target-count", "101"},
                new String[] {"--target-count", "10", "--target-clusters", "9"},
                new String[] {"--target-count", "1", "--target-clusters", "10001"})) {
            StringWriter err = new StringWriter();
            CommandLine cli = Main.commandLine();
            cli.setOut(new PrintWriter(new StringWriter()));
            cli.setErr(new PrintWriter(err));
            List<String> all = new ArrayList<>(List.of("bench", "--targets"));
            all.addAll(List.of(args));

            int code = cli.execute(all.toArray(String[]::new));

            assertThat(code).as(String.join(" ", args)).isEqualTo(1);
            assertThat(err.toString()).contains("ecstatic bench: " + args[args.length - 2] + " must be between")
                    .doesNotContain("Exception");
        }
    }
}
