package dev.ecstatic.functions;

import java.util.List;
import java.util.Map;

/**
 * The accounts of an organizational unit (or of the organization's root), through AWS Organizations: every
 * ACTIVE account under it, its child units' included, as a StackSet deployed to the unit reaches them. Only
 * the management account or a delegated administrator may ask.
 */
interface OrganizationUnits {
    /**
     * @throws IllegalStateException Organizations refused (not a management or delegated administrator account,
     *                               no such unit): the stack's Accounts cannot be resolved, so the run fails
     * @throws TransientAwsException Organizations throttled or failed with a 5xx
     */
    List<String> accounts(String unit);

    /** Null when {@code accounts} names no unit (no client is built). */
    static OrganizationUnits from(Map<String, String> env, List<String> accounts) {
        if (accounts.stream().noneMatch(a -> ListClustersConfig.UNIT.matcher(a).matches())) {
            return null;
        }
        return new OrganizationsClient(env);
    }
}
