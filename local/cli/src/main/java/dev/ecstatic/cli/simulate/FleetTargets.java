package dev.ecstatic.cli.simulate;

import dev.ecstatic.simulator.Fleet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every account and region a fleet file names, main ones first, as the template's {@code Accounts} and
 * {@code Regions} parameters would list them for a run to visit them all (targets = Accounts × Regions).
 * The regions include the fleet's {@code disabledRegions}: a fleet names one to show what a run does
 * with a region some account has not enabled.
 *
 * @param accounts the main account, then the accounts of {@code targets}, in file order, each once
 * @param regions  the main region, then the regions of {@code targets}, then {@code disabledRegions}, each once
 */
public record FleetTargets(List<String> accounts, List<String> regions) {

    /** The template parameter listing the accounts to visit. */
    public static final String ACCOUNTS = "Accounts";
    /** The template parameter listing the regions to visit. */
    public static final String REGIONS = "Regions";

    public FleetTargets {
        accounts = List.copyOf(accounts);
        regions = List.copyOf(regions);
        if (accounts.isEmpty() || regions.isEmpty()) {
            throw new IllegalArgumentException("a fleet has at least its main account and region");
        }
    }

    public static FleetTargets of(Fleet fleet) {
        Set<String> accounts = new LinkedHashSet<>();
        Set<String> regions = new LinkedHashSet<>();
        accounts.add(fleet.accountId());
        regions.add(fleet.region());
        for (Fleet.TargetSpec target : fleet.targets()) {
            accounts.add(target.accountId());
            regions.add(target.region());
        }
        regions.addAll(fleet.disabledRegions());
        return new FleetTargets(List.copyOf(accounts), List.copyOf(regions));
    }

    /** Whether the fleet is more than its main account and region. */
    public boolean spansTargets() {
        return accounts.size() > 1 || regions.size() > 1;
    }

    /**
     * The parameters among {@code Accounts} and {@code Regions} that {@code given} lacks, with this fleet's
     * values; none for a fleet of one account and region, nor for a parameter {@code declared} does not hold.
     */
    public Map<String, String> missingFrom(Map<String, String> given, Set<String> declared) {
        Map<String, String> missing = new LinkedHashMap<>();
        if (!spansTargets()) {
            return missing;
        }
        if (!given.containsKey(ACCOUNTS) && declared.contains(ACCOUNTS)) {
            missing.put(ACCOUNTS, String.join(",", accounts));
        }
        if (!given.containsKey(REGIONS) && declared.contains(REGIONS)) {
            missing.put(REGIONS, String.join(",", regions));
        }
        return missing;
    }
}
