package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * AWS Organizations' ListAccountsForParent, ListOrganizationalUnitsForParent and DescribeOrganization on the
 * org-fleet.json organization: what each caller sees, pagination, and every refusal in the service's words.
 */
class OrganizationsTest {

    private static final String ROOT = "r-ab12";
    private static final String PROD = "ou-ab12-11111111";
    private static final String PROD_EU = "ou-ab12-22222222";
    private static final String SANDBOX = "ou-ab12-33333333";

    private MutableClock clock;
    private AwsSimulator sim;
    private OrganizationsClient management;

    @BeforeEach
    void start() {
        clock = MutableClock.at("2026-01-01T00:00:00Z");
        sim = Sim.start(orgFleet(""), clock);
        management = OrganizationsClient.placeholders(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    /** org-fleet.json, with more fields in its organization section. */
    static Fleet orgFleet(String organizationFields) {
        String text = Sim.resource("org-fleet.json");
        if (!organizationFields.isEmpty()) {
            text = text.replace("\"id\": \"o-a1b2c3d4e5\",", "\"id\": \"o-a1b2c3d4e5\", " + organizationFields + ",");
        }
        return Fleet.parse(text, "org-fleet.json");
    }

    @Test
    void theRoot_listsTheManagementAccountFirst_thenTheAccountsInNoOu() {
        OrganizationsClient.Answer a = management.call("ListAccountsForParent", "{\"ParentId\":\"r-ab12\"}");
        assertThat(a.status()).isEqualTo(200);
        assertThat(ids(a.body().get("Accounts"))).containsExactly("111111111111", "444444444444");
        assertThat(a.body().has("NextToken")).isFalse();
        JsonNode m = a.body().get("Accounts").get(0);
        assertThat(m.get("Arn").asText()).isEqualTo("arn:aws:organizations::111111111111:account/o-a1b2c3d4e5/111111111111");
        assertThat(m.get("Email").asText()).isEqualTo("aws+111111111111@example.com");
        assertThat(m.get("Name").asText()).isEqualTo("management-111111111111");
        assertThat(m.get("Status").asText()).isEqualTo("ACTIVE");
        assertThat(m.get("State").asText()).isEqualTo("ACTIVE");
        assertThat(m.get("JoinedMethod").asText()).isEqualTo("INVITED");
        assertThat(m.get("JoinedTimestamp").isNumber()).isTrue();
        assertThat(m.get("JoinedTimestamp").asLong()).isEqualTo(1_704_067_200L);
        assertThat(a.body().get("Accounts").get(1).get("JoinedMethod").asText()).isEqualTo("CREATED");
    }

    @Test
    void anOu_listsOnlyTheAccountsDirectlyInIt_withTheirStates() {
        JsonNode prod = management.call("ListAccountsForParent", "{\"ParentId\":\"" + PROD + "\"}").body();
        assertThat(ids(prod.get("Accounts"))).containsExactly("222222222222", "555555555555");
        assertThat(prod.get("Accounts").get(1).get("Status").asText()).isEqualTo("SUSPENDED");
        assertThat(prod.get("Accounts").get(1).get("State").asText()).isEqualTo("SUSPENDED");
        assertThat(ids(management.call("ListAccountsForParent", "{\"ParentId\":\"" + PROD_EU + "\"}").body()
                .get("Accounts"))).containsExactly("333333333333");
    }

    @Test
    void organizationalUnits_areListedUnderTheirOwnParentOnly() {
        JsonNode root = management.call("ListOrganizationalUnitsForParent", "{\"ParentId\":\"r-ab12\"}").body();
        assertThat(ids(root.get("OrganizationalUnits"))).containsExactly(PROD, SANDBOX);
        assertThat(root.get("OrganizationalUnits").get(0).get("Name").asText()).isEqualTo("prod");
        assertThat(root.get("OrganizationalUnits").get(0).get("Arn").asText())
                .isEqualTo("arn:aws:organizations::111111111111:ou/o-a1b2c3d4e5/" + PROD);
        assertThat(ids(management.call("ListOrganizationalUnitsForParent", "{\"ParentId\":\"" + PROD + "\"}").body()
                .get("OrganizationalUnits"))).containsExactly(PROD_EU);
        JsonNode leaf = management.call("ListOrganizationalUnitsForParent", "{\"ParentId\":\"" + PROD_EU + "\"}").body();
        assertThat(leaf.get("OrganizationalUnits")).isEmpty();
        assertThat(leaf.has("NextToken")).isFalse();
    }

    @Test
    void pages_holdMaxResults_andNextTokenWalksTheWholeOu() {
        List<Integer> sizes = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            JsonNode page = management.call("ListAccountsForParent", "{\"ParentId\":\"" + SANDBOX + "\",\"MaxResults\":10"
                    + (token == null ? "" : ",\"NextToken\":\"" + token + "\"") + "}").body();
            sizes.add(page.get("Accounts").size());
            seen.addAll(ids(page.get("Accounts")));
            token = page.path("NextToken").asText(null);
        } while (token != null);
        assertThat(sizes).containsExactly(10, 10, 3);
        assertThat(seen).hasSize(23).doesNotHaveDuplicates().startsWith("600000000000").endsWith("600000000022");
    }

    @Test
    void withoutMaxResults_aPageHoldsTwenty() {
        JsonNode first = management.call("ListAccountsForParent", "{\"ParentId\":\"" + SANDBOX + "\"}").body();
        assertThat(first.get("Accounts")).hasSize(20);
        assertThat(first.get("Accounts").get(3).get("State").asText()).isEqualTo("CLOSED");
        assertThat(first.get("Accounts").get(3).get("Status").asText()).isEqualTo("SUSPENDED");
        JsonNode rest = management.call("ListAccountsForParent", "{\"ParentId\":\"" + SANDBOX + "\",\"NextToken\":\""
                + first.get("NextToken").asText() + "\"}").body();
        assertThat(ids(rest.get("Accounts"))).containsExactly("600000000020", "600000000021", "600000000022");
    }

    @Test
    void aNextToken_continuesOnlyTheListingThatGaveIt() {
        String token = management.call("ListAccountsForParent", "{\"ParentId\":\"" + SANDBOX + "\",\"MaxResults\":1}")
                .body().get("NextToken").asText();
        assertInvalidInput(management.call("ListAccountsForParent", "{\"ParentId\":\"" + PROD + "\",\"NextToken\":\""
                + token + "\"}"), "INVALID_NEXT_TOKEN");
        assertInvalidInput(management.call("ListOrganizationalUnitsForParent", "{\"ParentId\":\"" + SANDBOX
                + "\",\"NextToken\":\"" + token + "\"}"), "INVALID_NEXT_TOKEN");
        assertInvalidInput(management.call("ListAccountsForParent", "{\"ParentId\":\"" + SANDBOX
                + "\",\"NextToken\":\"not-a-token\"}"), "INVALID_NEXT_TOKEN");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no ParentId              | ListAccountsForParent            | {}                                              | 400 | InvalidInputException       | INPUT_REQUIRED
            ParentId an account      | ListAccountsForParent            | {"ParentId":"222222222222"}                     | 400 | InvalidInputException       | INVALID_PATTERN
            ParentId upper case      | ListOrganizationalUnitsForParent | {"ParentId":"R-AB12"}                           | 400 | InvalidInputException       | INVALID_PATTERN
            ParentId too long        | ListAccountsForParent            | {"ParentId":"r-%s"}                             | 400 | InvalidInputException       | MAX_LENGTH_EXCEEDED
            MaxResults 0             | ListAccountsForParent            | {"ParentId":"r-ab12","MaxResults":0}            | 400 | InvalidInputException       | MIN_VALUE_EXCEEDED
            MaxResults 21            | ListOrganizationalUnitsForParent | {"ParentId":"r-ab12","MaxResults":21}           | 400 | InvalidInputException       | MAX_VALUE_EXCEEDED
            MaxResults a string      | ListAccountsForParent            | {"ParentId":"r-ab12","MaxResults":"5"}          | 400 | SerializationException      |
            unknown OU               | ListAccountsForParent            | {"ParentId":"ou-ab12-99999999"}                 | 400 | ParentNotFoundException     |
            unknown root             | ListOrganizationalUnitsForParent | {"ParentId":"r-zz99"}                           | 400 | ParentNotFoundException     |
            unknown action           | ListAccounts                     | {}                                              | 400 | UnknownOperationException   |
            body not JSON            | ListAccountsForParent            | {"ParentId":                                    | 400 | SerializationException      |
            """)
    void badRequests_areRefusedInOrganizationsWords(String why, String action, String body, int status, String type,
            String reason) {
        OrganizationsClient.Answer a = management.call(action, body.replace("%s", "a".repeat(99)));
        assertThat(a.status()).isEqualTo(status);
        assertThat(a.errorType()).isEqualTo(type);
        assertThat(a.body().get("Message").asText()).isNotBlank();
        assertThat(a.body().path("Reason").asText(null)).isEqualTo(reason);
    }

    @Test
    void aDelegatedAdministrator_listsAsTheManagementAccountDoes() {
        OrganizationsClient delegated = member("222222222222");
        assertThat(ids(delegated.call("ListAccountsForParent", "{\"ParentId\":\"" + PROD + "\"}").body().get("Accounts")))
                .containsExactly("222222222222", "555555555555");
        assertThat(ids(delegated.call("ListOrganizationalUnitsForParent", "{\"ParentId\":\"r-ab12\"}").body()
                .get("OrganizationalUnits"))).containsExactly(PROD, SANDBOX);
    }

    @Test
    void anotherMemberAccount_isDenied_butMayDescribeItsOrganization() {
        OrganizationsClient member = member("444444444444");
        OrganizationsClient.Answer denied = member.call("ListAccountsForParent", "{\"ParentId\":\"r-ab12\"}");
        assertThat(denied.status()).isEqualTo(400);
        assertThat(denied.errorType()).isEqualTo("AccessDeniedException");
        assertThat(member.call("ListOrganizationalUnitsForParent", "{\"ParentId\":\"r-ab12\"}").errorType())
                .isEqualTo("AccessDeniedException");
        JsonNode org = member.call("DescribeOrganization", "").body().get("Organization");
        assertThat(org.get("Id").asText()).isEqualTo("o-a1b2c3d4e5");
        assertThat(org.get("MasterAccountId").asText()).isEqualTo("111111111111");
        assertThat(org.get("Arn").asText()).isEqualTo("arn:aws:organizations::111111111111:organization/o-a1b2c3d4e5");
        assertThat(org.get("FeatureSet").asText()).isEqualTo("ALL");
    }

    @Test
    void anAccountOutsideTheOrganization_isNotInUse_forEveryAction() {
        OrganizationsClient outsider = member("999999999999");
        for (String action : List.of("ListAccountsForParent", "ListOrganizationalUnitsForParent", "DescribeOrganization")) {
            OrganizationsClient.Answer a = outsider.call(action, "{\"ParentId\":\"r-ab12\"}");
            assertThat(a.errorType()).as(action).isEqualTo("AWSOrganizationsNotInUseException");
            assertThat(a.body().get("Message").asText()).isEqualTo("Your account is not a member of an organization.");
        }
    }

    @Test
    void aFleetWithoutAnOrganization_isNotInUse_evenForItsMainAccount() {
        try (AwsSimulator plain = Sim.start(Sim.testFleet(), clock)) {
            OrganizationsClient.Answer a = OrganizationsClient.placeholders(plain)
                    .call("ListAccountsForParent", "{\"ParentId\":\"r-ab12\"}");
            assertThat(a.status()).isEqualTo(400);
            assertThat(a.errorType()).isEqualTo("AWSOrganizationsNotInUseException");
        }
    }

    @Test
    void theRegionSignedFor_changesNothing_evenADisabledOne() {
        JsonNode a = management.inRegion("ap-east-1").call("ListAccountsForParent", "{\"ParentId\":\"r-ab12\"}").body();
        assertThat(ids(a.get("Accounts"))).containsExactly("111111111111", "444444444444");
    }

    @Test
    void expiredOrUnknownSessionCredentials_areRefused() {
        Credentials c = assume("222222222222");
        clock.advance(Duration.ofHours(2));
        assertThat(OrganizationsClient.session(sim, c.accessKeyId(), c.secretAccessKey(), c.sessionToken())
                .call("ListAccountsForParent", "{\"ParentId\":\"r-ab12\"}").errorType()).isEqualTo("ExpiredTokenException");
        assertThat(OrganizationsClient.session(sim, "ASIASIMUNKNOWN", "s", "t")
                .call("ListAccountsForParent", "{\"ParentId\":\"r-ab12\"}").errorType())
                .isEqualTo("UnrecognizedClientException");
    }

    @Test
    void emptyFirstPages_answerAnEmptyPageAndATokenFirst() {
        try (AwsSimulator s = Sim.start(orgFleet("\"emptyFirstPages\": true"), clock)) {
            OrganizationsClient c = OrganizationsClient.placeholders(s);
            JsonNode first = c.call("ListAccountsForParent", "{\"ParentId\":\"" + PROD + "\"}").body();
            assertThat(first.get("Accounts")).isEmpty();
            JsonNode second = c.call("ListAccountsForParent", "{\"ParentId\":\"" + PROD + "\",\"NextToken\":\""
                    + first.get("NextToken").asText() + "\"}").body();
            assertThat(ids(second.get("Accounts"))).containsExactly("222222222222", "555555555555");
            assertThat(second.has("NextToken")).isFalse();
            JsonNode leaf = c.call("ListOrganizationalUnitsForParent", "{\"ParentId\":\"" + PROD_EU + "\"}").body();
            assertThat(leaf.get("OrganizationalUnits")).isEmpty();
            assertThat(leaf.has("NextToken")).isTrue();
        }
    }

    @Test
    void tooManyRequestsRate_throttles_andServerErrorRate_failsWithServiceException() {
        try (AwsSimulator s = Sim.start(orgFleet("\"tooManyRequestsRate\": 1"), clock)) {
            OrganizationsClient.Answer a = OrganizationsClient.placeholders(s)
                    .call("ListAccountsForParent", "{\"ParentId\":\"r-ab12\"}");
            assertThat(a.status()).isEqualTo(400);
            assertThat(a.errorType()).isEqualTo("TooManyRequestsException");
        }
        String withErrors = Sim.resource("org-fleet.json").replace("\"seed\": 7,", "\"seed\": 7, \"faults\": { "
                + "\"serverErrorRate\": 1 },");
        try (AwsSimulator s = Sim.start(Fleet.parse(withErrors, "org-fleet.json"), clock)) {
            OrganizationsClient.Answer a = OrganizationsClient.placeholders(s)
                    .call("ListAccountsForParent", "{\"ParentId\":\"r-ab12\"}");
            assertThat(a.status()).isEqualTo(500);
            assertThat(a.errorType()).isEqualTo("ServiceException");
        }
    }

    @Test
    void calls_countByAction_andReachNoTarget() {
        management.call("ListAccountsForParent", "{\"ParentId\":\"r-ab12\"}");
        management.call("ListAccountsForParent", "{\"ParentId\":\"ou-ab12-99999999\"}");
        management.call("ListOrganizationalUnitsForParent", "{\"ParentId\":\"r-ab12\"}");
        assertThat(sim.callsByAction()).containsEntry("ListAccountsForParent", 2L)
                .containsEntry("ListOrganizationalUnitsForParent", 1L);
        assertThat(sim.callsByTarget()).isEmpty();
    }

    private OrganizationsClient member(String account) {
        Credentials c = assume(account);
        return OrganizationsClient.session(sim, c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
    }

    private Credentials assume(String account) {
        try (StsClient sts = StsClient.builder().endpointOverride(sim.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.doNotRetry()).build())
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            return sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + account + ":role/ecstatic-member")
                    .roleSessionName("org-check")).credentials();
        }
    }

    private static void assertInvalidInput(OrganizationsClient.Answer a, String reason) {
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.errorType()).isEqualTo("InvalidInputException");
        assertThat(a.body().get("Reason").asText()).isEqualTo(reason);
    }

    private static List<String> ids(JsonNode items) {
        List<String> out = new ArrayList<>();
        items.forEach(i -> out.add(i.get("Id").asText()));
        return out;
    }
}
