package dev.ecstatic.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * AWS Organizations' read actions on the fleet's {@link Fleet.Organization}: ListAccountsForParent,
 * ListOrganizationalUnitsForParent and DescribeOrganization, answered as the service does, in AWS JSON 1.1
 * ({@code X-Amz-Target: AWSOrganizationsV20161128.<Action>}). Shapes and errors follow the service model
 * (botocore's {@code organizations/2016-11-28/service-2.json}) and the API reference,
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccountsForParent.html:
 * <ul>
 * <li>a root lists the accounts in no OU, an OU only the accounts directly in it (not its child OUs');</li>
 * <li>the two List actions answer the management account and the delegated administrators; another member
 *     account meets AccessDeniedException; an account of no organization (every account of a fleet without
 *     one) AWSOrganizationsNotInUseException. DescribeOrganization answers any member account;</li>
 * <li>MaxResults is 1–20 and a page holds at most that many (20 when not given); NextToken continues a listing
 *     of the same action and parent only.</li>
 * </ul>
 * Organizations is a global service: one organization whatever region a request is signed for.
 */
final class OrganizationsApi {

    static final String PREFIX = "AWSOrganizationsV20161128.";
    static final Set<String> ACTIONS = Set.of("ListAccountsForParent", "ListOrganizationalUnitsForParent",
            "DescribeOrganization");
    static final int MAX_RESULTS = 20;

    // The model's ParentId: "^(r-[0-9a-z]{4,32})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$", at most 100 characters.
    private static final Pattern PARENT_ID = Pattern.compile("r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}");
    private static final int MAX_PARENT_ID = 100;
    // The simulator's own choice: members joined a day apart from this date, in the fleet file's order.
    private static final long JOINED_EPOCH_SECONDS = 1_704_067_200L;   // 2024-01-01T00:00:00Z

    /** An error as Organizations answers it: {@code {"__type": type, "Message": …, "Reason": …}}. */
    static final class Error extends RuntimeException {

        private final String type;
        private final int status;
        private final String reason;

        Error(String type, int status, String message, String reason) {
            super(message, null, false, false);
            this.type = type;
            this.status = status;
            this.reason = reason;
        }

        String type() {
            return type;
        }

        int status() {
            return status;
        }

        ObjectNode toJson() {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("__type", type);
            o.put("Message", getMessage());
            if (reason != null) {
                o.put("Reason", reason);
            }
            return o;
        }

        static Error notInUse() {
            return new Error("AWSOrganizationsNotInUseException", 400,
                    "Your account is not a member of an organization.", null);
        }

        static Error accessDenied() {
            return new Error("AccessDeniedException", 400, "You don't have permissions to access this resource.",
                    null);
        }

        static Error invalidInput(String reason, String message) {
            return new Error("InvalidInputException", 400, message, reason);
        }

        static Error parentNotFound() {
            return new Error("ParentNotFoundException", 400, "You specified parent that doesn't exist.", null);
        }

        static Error tooManyRequests() {
            return new Error("TooManyRequestsException", 400, "You have sent too many requests in too short a period "
                    + "of time. The quota helps protect against denial-of-service attacks. Try again later.", null);
        }

        static Error service() {
            return new Error("ServiceException", 500, "AWS Organizations can't complete your request because of an "
                    + "internal service error. Try again later.", null);
        }
    }

    private final Fleet.Organization org;
    private final String partition;
    /** Every member account: where it is (its parent), in the order the fleet file places them. */
    private final Map<String, String> parentOf = new LinkedHashMap<>();
    private final Map<String, List<String>> accountsIn = new HashMap<>();
    private final Map<String, List<Fleet.UnitSpec>> unitsIn = new HashMap<>();
    private final Map<String, Integer> joinedOrder = new HashMap<>();

    /** @param org null: the fleet's accounts belong to no organization */
    OrganizationsApi(Fleet.Organization org, String partition) {
        this.org = org;
        this.partition = partition;
        if (org == null) {
            return;
        }
        accountsIn.put(org.rootId(), org.rootAccounts());
        unitsIn.put(org.rootId(), new ArrayList<>());
        org.rootAccounts().forEach(a -> parentOf.put(a, org.rootId()));
        for (Fleet.UnitSpec u : org.units()) {
            accountsIn.put(u.id(), u.accounts());
            unitsIn.put(u.id(), new ArrayList<>());
            unitsIn.get(u.parent()).add(u);
            u.accounts().forEach(a -> parentOf.put(a, u.id()));
        }
        joinedOrder.put(org.managementAccount(), 0);
        parentOf.keySet().forEach(a -> joinedOrder.putIfAbsent(a, joinedOrder.size()));
    }

    /**
     * Answers one action (one of {@link #ACTIONS}) for a caller of the given account.
     *
     * @throws Error as Organizations words it
     */
    JsonNode handle(String action, JsonRequest request, String callerAccount) {
        if (org == null || !parentOf.containsKey(callerAccount)) {
            throw Error.notInUse();
        }
        if (action.equals("DescribeOrganization")) {
            return describeOrganization();
        }
        if (!callerAccount.equals(org.managementAccount()) && !org.delegatedAdministrators().contains(callerAccount)) {
            throw Error.accessDenied();
        }
        String parent = parentId(request);
        Integer maxResults = request.integer("MaxResults");
        if (maxResults != null && (maxResults < 1 || maxResults > MAX_RESULTS)) {
            throw Error.invalidInput(maxResults < 1 ? "MIN_VALUE_EXCEEDED" : "MAX_VALUE_EXCEEDED",
                    "1 validation error detected: Value '" + maxResults + "' at 'maxResults' failed to satisfy "
                            + "constraint: Member must have value " + (maxResults < 1 ? "greater than or equal to 1"
                            : "less than or equal to " + MAX_RESULTS));
        }
        String token = request.string("NextToken");
        if (!accountsIn.containsKey(parent)) {
            throw Error.parentNotFound();
        }
        boolean accounts = action.equals("ListAccountsForParent");
        List<?> all = accounts ? accountsIn.get(parent) : unitsIn.get(parent);
        String listing = action + "|" + parent;
        int from;
        int to;
        if (token == null && org.emptyFirstPages()) {
            from = 0;
            to = 0;
        } else {
            from = token == null ? 0 : PageToken.decode(token, listing, OrganizationsApi::invalidToken);
            if (from > all.size()) {
                throw invalidToken();
            }
            to = (int) Math.min(all.size(), (long) from + (maxResults == null ? MAX_RESULTS : maxResults));
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode items = out.putArray(accounts ? "Accounts" : "OrganizationalUnits");
        for (Object item : all.subList(from, to)) {
            items.add(accounts ? account((String) item) : unit((Fleet.UnitSpec) item));
        }
        if (to < all.size() || (token == null && org.emptyFirstPages())) {
            out.put("NextToken", PageToken.encode(listing, to));
        }
        return out;
    }

    private static String parentId(JsonRequest request) {
        String parent = request.string("ParentId");
        if (parent == null) {
            throw Error.invalidInput("INPUT_REQUIRED", "You must specify a value for ParentId.");
        }
        if (parent.length() > MAX_PARENT_ID) {
            throw Error.invalidInput("MAX_LENGTH_EXCEEDED", "ParentId has at most " + MAX_PARENT_ID + " characters.");
        }
        if (!PARENT_ID.matcher(parent).matches()) {
            throw Error.invalidInput("INVALID_PATTERN", "You provided a value that does not match the required "
                    + "pattern: ParentId is a root id (r-…) or an OU id (ou-…-…).");
        }
        return parent;
    }

    private static Error invalidToken() {
        return Error.invalidInput("INVALID_NEXT_TOKEN", "The specified NextToken is not valid.");
    }

    private JsonNode describeOrganization() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ObjectNode o = out.putObject("Organization");
        o.put("Id", org.id());
        o.put("Arn", "arn:" + partition + ":organizations::" + org.managementAccount() + ":organization/" + org.id());
        o.put("FeatureSet", "ALL");
        o.put("MasterAccountArn", accountArn(org.managementAccount()));
        o.put("MasterAccountId", org.managementAccount());
        o.put("MasterAccountEmail", email(org.managementAccount()));
        // Deprecated in the API and empty on AWS for organizations made since; ListRoots tells the policy types.
        o.putArray("AvailablePolicyTypes");
        return out;
    }

    /**
     * An account as ListAccountsForParent describes it. {@code Status} (which AWS retires on 2026-09-09 in favour
     * of {@code State}) is still sent for older clients: ACTIVE, SUSPENDED or PENDING_CLOSURE, the simulator's
     * reading of a State ({@code PENDING_ACTIVATION} as ACTIVE, {@code CLOSED} as SUSPENDED).
     */
    private ObjectNode account(String id) {
        String state = org.states().getOrDefault(id, "ACTIVE");
        ObjectNode a = JsonNodeFactory.instance.objectNode();
        a.put("Id", id);
        a.put("Arn", accountArn(id));
        a.put("Email", email(id));
        a.put("Name", (id.equals(org.managementAccount()) ? "management-" : "member-") + id);
        a.put("Status", switch (state) {
            case "PENDING_ACTIVATION" -> "ACTIVE";
            case "CLOSED" -> "SUSPENDED";
            default -> state;
        });
        a.put("State", state);
        // The management account "joins" the organization it creates as AWS reports it: INVITED.
        a.put("JoinedMethod", id.equals(org.managementAccount()) ? "INVITED" : "CREATED");
        a.put("JoinedTimestamp", BigDecimal.valueOf(JOINED_EPOCH_SECONDS + 86_400L * joinedOrder.get(id)));
        return a;
    }

    private ObjectNode unit(Fleet.UnitSpec u) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("Id", u.id());
        o.put("Arn", "arn:" + partition + ":organizations::" + org.managementAccount() + ":ou/" + org.id() + "/"
                + u.id());
        o.put("Name", u.name());
        return o;
    }

    private String accountArn(String id) {
        return "arn:" + partition + ":organizations::" + org.managementAccount() + ":account/" + org.id() + "/" + id;
    }

    private static String email(String id) {
        return "aws+" + id + "@example.com";
    }
}
