package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fleet file's organization section: what it accepts, its defaults, and every refusal with its path. */
class FleetOrganizationParsingTest {

    private static final String HEAD = """
            { "region": "us-east-1", "accountId": "111111111111", "latestAgentVersion": "1.89.0", "clusters": [],
            """;

    private static Fleet parse(String organization) {
        return Fleet.parse(HEAD + "\"organization\": " + organization + " }", "f.json");
    }

    @Test
    void aFleetWithoutOne_belongsToNoOrganization() {
        assertThat(Sim.testFleet().organization()).isNull();
    }

    @Test
    void orgFleet_isReadAsWritten() {
        Fleet.Organization o = Fleet.parse(Sim.resource("org-fleet.json"), "org-fleet.json").organization();
        assertThat(o.id()).isEqualTo("o-a1b2c3d4e5");
        assertThat(o.managementAccount()).isEqualTo("111111111111");
        assertThat(o.delegatedAdministrators()).containsExactly("222222222222");
        assertThat(o.rootId()).isEqualTo("r-ab12");
        assertThat(o.rootAccounts()).containsExactly("111111111111", "444444444444");
        assertThat(o.units()).extracting(Fleet.UnitSpec::name).containsExactly("prod", "prod-eu", "sandbox");
        assertThat(o.units().get(1).parent()).isEqualTo("ou-ab12-11111111");
        assertThat(o.states()).containsEntry("555555555555", "SUSPENDED").containsEntry("600000000003", "CLOSED");
        assertThat(o.emptyFirstPages()).isFalse();
        assertThat(o.tooManyRequestsRate()).isZero();
    }

    @Test
    void anEmptySection_isAnOrganizationOfTheMainAccountAlone_withIdsOfItsOwn() {
        Fleet.Organization o = parse("{}").organization();
        assertThat(o.managementAccount()).isEqualTo("111111111111");
        assertThat(o.id()).matches("o-[a-z0-9]{10}");
        assertThat(o.rootId()).matches("r-[a-z0-9]{4}");
        assertThat(o.rootAccounts()).containsExactly("111111111111");
        assertThat(o.units()).isEmpty();
        assertThat(parse("{}").organization()).isEqualTo(o);
    }

    @Test
    void aUnitWithoutParent_isUnderTheRoot_andTheManagementAccountMayBeInAUnit() {
        Fleet.Organization o = parse("""
                { "root": "r-ab12", "units": [ { "id": "ou-ab12-11111111", "name": "ops", "accounts": [ "111111111111" ] } ] }""")
                .organization();
        assertThat(o.units().get(0).parent()).isEqualTo("r-ab12");
        assertThat(o.rootAccounts()).isEmpty();
    }

    @Test
    void unitsNestFiveDeep_andNoDeeper() {
        StringBuilder units = new StringBuilder();
        String parent = "r-ab12";
        for (int level = 1; level <= 5; level++) {
            String id = "ou-ab12-0000000" + level;
            units.append(level > 1 ? ", " : "").append("{ \"id\": \"").append(id).append("\", \"name\": \"l").append(level)
                    .append("\", \"parent\": \"").append(parent).append("\" }");
            parent = id;
        }
        assertThat(parse("{ \"root\": \"r-ab12\", \"units\": [ " + units + " ] }").organization().units()).hasSize(5);
        String sixth = ", { \"id\": \"ou-ab12-00000006\", \"name\": \"l6\", \"parent\": \"" + parent + "\" }";
        assertThatThrownBy(() -> parse("{ \"root\": \"r-ab12\", \"units\": [ " + units + sixth + " ] }"))
                .isInstanceOf(FleetException.class)
                .hasMessageContaining("at most 5 levels")
                .satisfies(e -> assertThat(((FleetException) e).path()).isEqualTo("$.organization.units[5].parent"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not an object             | []                                                                      | $.organization | must be an object
            unknown field             | { "master": "111111111111" }                                            | $.organization.master | unknown field
            management not 12 digits  | { "managementAccount": "1111" }                                         | $.organization.managementAccount | must be 12 digits
            organization id malformed | { "id": "o-short" }                                                     | $.organization.id | o- and 10-32
            root id malformed         | { "root": "root-1" }                                                    | $.organization.root | r- and 4-32
            root id upper case        | { "root": "r-AB12" }                                                    | $.organization.root | r- and 4-32
            accounts not an array     | { "accounts": "222222222222" }                                          | $.organization.accounts | must be an array
            account not 12 digits     | { "accounts": [ "2222" ] }                                              | $.organization.accounts[0] | 12 digits in a string
            account a number          | { "accounts": [ 222222222222 ] }                                        | $.organization.accounts[0] | 12 digits in a string
            account twice at the root | { "accounts": [ "222222222222", "222222222222" ] }                      | $.organization.accounts[1] | already in the organization at $.organization.accounts[0]
            account in root and unit  | { "root": "r-ab12", "accounts": [ "222222222222" ], "units": [ { "id": "ou-ab12-11111111", "name": "a", "accounts": [ "222222222222" ] } ] } | $.organization.units[0].accounts[0] | one parent
            account in two units      | { "root": "r-ab12", "units": [ { "id": "ou-ab12-11111111", "name": "a", "accounts": [ "222222222222" ] }, { "id": "ou-ab12-22222222", "name": "b", "accounts": [ "222222222222" ] } ] } | $.organization.units[1].accounts[0] | one parent
            unit without id           | { "units": [ { "name": "a" } ] }                                        | $.organization.units[0].id | required
            unit id malformed         | { "root": "r-ab12", "units": [ { "id": "ou-ab12-1", "name": "a" } ] }   | $.organization.units[0].id | an OU id is
            unit id of another root   | { "root": "r-ab12", "units": [ { "id": "ou-cd34-11111111", "name": "a" } ] } | $.organization.units[0].id | starts with its root's
            unit id twice             | { "root": "r-ab12", "units": [ { "id": "ou-ab12-11111111", "name": "a" }, { "id": "ou-ab12-11111111", "name": "b" } ] } | $.organization.units[1].id | duplicate OU id
            unit id is the root       | { "root": "r-ab12", "units": [ { "id": "r-ab12", "name": "a" } ] }      | $.organization.units[0].id | an OU id is
            unit without name         | { "root": "r-ab12", "units": [ { "id": "ou-ab12-11111111" } ] }         | $.organization.units[0].name | required
            unit name empty           | { "root": "r-ab12", "units": [ { "id": "ou-ab12-11111111", "name": "" } ] } | $.organization.units[0].name | 1-128 characters
            unit name too long        | { "root": "r-ab12", "units": [ { "id": "ou-ab12-11111111", "name": "%s" } ] } | $.organization.units[0].name | 1-128 characters
            sibling units named alike | { "root": "r-ab12", "units": [ { "id": "ou-ab12-11111111", "name": "a" }, { "id": "ou-ab12-22222222", "name": "a" } ] } | $.organization.units[1].name | another OU under r-ab12
            unit parent unknown       | { "root": "r-ab12", "units": [ { "id": "ou-ab12-11111111", "name": "a", "parent": "ou-ab12-99999999" } ] } | $.organization.units[0].parent | neither the root
            unit parent listed later  | { "root": "r-ab12", "units": [ { "id": "ou-ab12-11111111", "name": "a", "parent": "ou-ab12-22222222" }, { "id": "ou-ab12-22222222", "name": "b" } ] } | $.organization.units[0].parent | listed before this one
            unit its own parent       | { "root": "r-ab12", "units": [ { "id": "ou-ab12-11111111", "name": "a", "parent": "ou-ab12-11111111" } ] } | $.organization.units[0].parent | neither the root
            unknown unit field        | { "root": "r-ab12", "units": [ { "id": "ou-ab12-11111111", "name": "a", "tags": {} } ] } | $.organization.units[0].tags | unknown field
            delegated not an array    | { "delegatedAdministrators": "222222222222" }                           | $.organization.delegatedAdministrators | must be an array
            delegated is management   | { "delegatedAdministrators": [ "111111111111" ] }                       | $.organization.delegatedAdministrators[0] | is the management account
            delegated not a member    | { "delegatedAdministrators": [ "222222222222" ] }                       | $.organization.delegatedAdministrators[0] | not a member account
            state of a non-member     | { "states": { "222222222222": "SUSPENDED" } }                           | $.organization.states["222222222222"] | not a member account
            state unknown             | { "accounts": [ "222222222222" ], "states": { "222222222222": "GONE" } } | $.organization.states["222222222222"] | must be one of
            state not a string        | { "accounts": [ "222222222222" ], "states": { "222222222222": 1 } }     | $.organization.states["222222222222"] | must be one of
            management suspended      | { "states": { "111111111111": "SUSPENDED" } }                           | $.organization.states["111111111111"] | management account is ACTIVE
            states not an object      | { "states": [] }                                                        | $.organization.states | must be an object
            emptyFirstPages not bool  | { "emptyFirstPages": "yes" }                                            | $.organization.emptyFirstPages | true or false
            throttle rate over 1      | { "tooManyRequestsRate": 1.5 }                                          | $.organization.tooManyRequestsRate | out of range
            """)
    void refusals_nameThePathAndTheProblem(String why, String organization, String path, String problem) {
        assertThatThrownBy(() -> parse(organization.replace("%s", "n".repeat(129))))
                .isInstanceOf(FleetException.class)
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(((FleetException) e).path()).isEqualTo(path));
    }
}
