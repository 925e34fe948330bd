package dev.ecstatic.cli.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecstatic.cli.Home;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * member-role.yaml, the role ecstatic will assume in a member account: it grants exactly what
 * template.yaml's four function roles that work on ECS, EC2, Auto Scaling and SSM's public parameters
 * are granted, on the same resources (their region widened to "*", a StackSet spanning regions), and
 * trusts only the central stack's roles.
 */
class MemberRoleTest {

    static final Path HOME = Home.find();
    static final List<String> FUNCTION_ROLES =
            List.of("ListClustersRole", "ListInstancesRole", "UpdateOneAgentRole", "ReplaceInstanceRole");
    /** The services a function calls in the account whose clusters it works on. */
    static final Set<String> MEMBER_SERVICES = Set.of("ecs", "ec2", "autoscaling", "ssm");
    static final String TERMINATE = "autoscaling:TerminateInstanceInAutoScalingGroup";

    /**
     * One action on one resource, with the statement's IAM Condition (as text, Fn::Sub unwrapped) and
     * the template condition it is granted under (null = always).
     */
    record Grant(String action, String resource, String iamCondition, String onlyIf) {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    static Map<String, Object> parse(String file) throws Exception {
        return map(CloudFormationYaml.parse(Files.readString(HOME.resolve(file))));
    }

    static Map<String, Object> memberRole() throws Exception {
        return map(map(parse("member-role.yaml").get("Resources")).get("MemberRole"));
    }

    static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of(value);
    }

    /** A Resource or Condition value as text: a plain string, or the string of an Fn::Sub; maps and lists recursively. */
    static String text(Object value) {
        if (value instanceof Map<?, ?> m && m.size() == 1 && m.containsKey("Fn::Sub")) {
            return String.valueOf(m.get("Fn::Sub"));
        }
        if (value instanceof Map<?, ?> m) {
            return m.entrySet().stream().map(e -> e.getKey() + "=" + text(e.getValue()))
                    .sorted().collect(Collectors.joining(",", "{", "}"));
        }
        if (value instanceof List<?> l) {
            return l.stream().map(MemberRoleTest::text).collect(Collectors.joining(",", "[", "]"));
        }
        return String.valueOf(value);
    }

    /** Every grant of a role's inline policies, Fn::If entries resolved to their condition name. */
    static List<Grant> grants(Map<String, Object> role) {
        List<Grant> out = new ArrayList<>();
        for (Object policy : list(map(role.get("Properties")).get("Policies"))) {
            for (Object entry : list(map(map(policy).get("PolicyDocument")).get("Statement"))) {
                String onlyIf = null;
                Object statement = entry;
                if (map(entry).containsKey("Fn::If")) {
                    List<?> branches = (List<?>) map(entry).get("Fn::If");
                    assertThat(branches.get(2)).as("the else of %s", branches.get(0)).isEqualTo(Map.of("Ref", "AWS::NoValue"));
                    onlyIf = String.valueOf(branches.get(0));
                    statement = branches.get(1);
                }
                Map<String, Object> s = map(statement);
                assertThat(s.get("Effect")).as("statement %s", s.get("Sid")).isEqualTo("Allow");
                assertThat(s).as("statement %s", s.get("Sid")).doesNotContainKeys("NotAction", "NotResource", "Principal");
                String condition = s.containsKey("Condition") ? text(s.get("Condition")) : null;
                for (Object action : list(s.get("Action"))) {
                    for (Object resource : list(s.get("Resource"))) {
                        out.add(new Grant(String.valueOf(action), text(resource), condition, onlyIf));
                    }
                }
            }
        }
        return out;
    }

    /** The central function roles' grants in the member services, as a member account's role must state them. */
    static List<Grant> functionGrantsInMemberServices() throws Exception {
        Map<String, Object> resources = map(parse("template.yaml").get("Resources"));
        List<Grant> out = new ArrayList<>();
        for (String role : FUNCTION_ROLES) {
            assertThat(resources).as("template.yaml").containsKey(role);
            for (Grant g : grants(map(resources.get(role)))) {
                if (MEMBER_SERVICES.contains(service(g.action()))) {
                    out.add(new Grant(g.action(), anyRegion(g.resource()), anyRegion(g.iamCondition()), g.onlyIf()));
                }
            }
        }
        return out;
    }

    static String anyRegion(String text) {
        return text == null ? null : text.replace("${AWS::Region}", "*");
    }

    static String service(String action) {
        return action.substring(0, action.indexOf(':'));
    }

    /** IAM's wildcard match: * is any run of characters (slashes and colons too), ? one character. */
    static boolean covers(String pattern, String resource) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return resource.matches(regex.toString());
    }

    @Test
    void everyGrantOfTheFunctionRolesInTheMemberServices_isGrantedByTheMemberRole() throws Exception {
        List<Grant> member = grants(memberRole());
        List<Grant> central = functionGrantsInMemberServices();

        assertThat(central).as("template.yaml's function roles in ECS, EC2, Auto Scaling, SSM").hasSizeGreaterThan(20);
        for (Grant g : central) {
            assertThat(member).as("member-role.yaml grants %s", g)
                    .anySatisfy(m -> {
                        assertThat(m.action()).isEqualTo(g.action());
                        assertThat(covers(m.resource(), g.resource())).as("%s covers %s", m.resource(), g.resource()).isTrue();
                        assertThat(m.iamCondition()).isEqualTo(g.iamCondition());
                        assertThat(m.onlyIf()).isEqualTo(g.onlyIf());
                    });
        }
    }

    @Test
    void everyGrantOfTheMemberRole_isOneOfTheFunctionRoles_sameResourceConditionAndTemplateCondition() throws Exception {
        Set<Grant> central = new LinkedHashSet<>(functionGrantsInMemberServices());

        assertThat(grants(memberRole())).isNotEmpty().allSatisfy(m ->
                assertThat(central).as("template.yaml's function roles grant %s", m).contains(m));
    }

    @Test
    void theActionsAreExactlyTheFunctionRolesActionsInTheMemberServices_andNoneOfTheCentralAccountsServices() throws Exception {
        Set<String> member = grants(memberRole()).stream().map(Grant::action).collect(Collectors.toCollection(TreeSet::new));
        Set<String> central = functionGrantsInMemberServices().stream().map(Grant::action)
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(member).isEqualTo(central).contains("ecs:UpdateContainerAgent", "ecs:UpdateContainerInstancesState", TERMINATE);
        assertThat(member).noneMatch(a -> a.contains("*"))
                .allMatch(a -> MEMBER_SERVICES.contains(service(a)), "an action of ECS, EC2, Auto Scaling or SSM");
        assertThat(map(memberRole().get("Properties"))).doesNotContainKeys("ManagedPolicyArns", "PermissionsBoundary");
    }

    @Test
    void noResourceNamesARegion_orAnotherAccount() throws Exception {
        for (Grant m : grants(memberRole())) {
            assertThat(m.resource()).as(m.action()).doesNotContain("${AWS::Region}", "EcstaticAccountId");
            if (!m.resource().equals("*") && !m.resource().contains(":ssm:")) {
                assertThat(m.resource()).as(m.action()).contains(":*:${AWS::AccountId}:");
            }
        }
    }

    @Test
    void terminate_isGrantedOnlyUnderReplaceEnabled_whichIsReplaceInstancesNotNever_asInTheCentralStack() throws Exception {
        Map<String, Object> member = parse("member-role.yaml");
        Map<String, Object> central = parse("template.yaml");

        assertThat(grants(memberRole())).filteredOn(g -> g.action().equals(TERMINATE)).isNotEmpty()
                .allSatisfy(g -> assertThat(g.onlyIf()).isEqualTo("ReplaceEnabled"));
        assertThat(grants(memberRole())).filteredOn(g -> !g.action().equals(TERMINATE))
                .allSatisfy(g -> assertThat(g.onlyIf()).as(g.action()).isNull());
        assertThat(map(member.get("Conditions")).get("ReplaceEnabled"))
                .isEqualTo(map(central.get("Conditions")).get("ReplaceEnabled"))
                .isEqualTo(Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "ReplaceInstances"), "never")))));
        Map<String, Object> mode = map(map(member.get("Parameters")).get("ReplaceInstances"));
        Map<String, Object> centralMode = map(map(central.get("Parameters")).get("ReplaceInstances"));
        assertThat(mode.get("AllowedValues")).isEqualTo(centralMode.get("AllowedValues")).isEqualTo(List.of("never", "unupdatable", "drifted"));
        assertThat(mode.get("Default")).isEqualTo(centralMode.get("Default")).isEqualTo("never");
    }

    @Test
    void trust_isAssumeRoleFromTheCentralAccount_onlyForTheCentralStacksRoles() throws Exception {
        Map<String, Object> properties = map(memberRole().get("Properties"));
        List<?> statements = list(map(properties.get("AssumeRolePolicyDocument")).get("Statement"));

        assertThat(statements).singleElement().satisfies(s -> {
            Map<String, Object> trust = map(s);
            assertThat(trust.get("Effect")).isEqualTo("Allow");
            assertThat(trust.get("Action")).isEqualTo("sts:AssumeRole");
            assertThat(trust.get("Principal")).isEqualTo(
                    Map.of("AWS", Map.of("Fn::Sub", "arn:${AWS::Partition}:iam::${EcstaticAccountId}:root")));
            assertThat(trust.get("Condition")).isEqualTo(Map.of("ArnLike", Map.of("aws:PrincipalArn",
                    Map.of("Fn::Sub", "arn:${AWS::Partition}:iam::${EcstaticAccountId}:role/${EcstaticStackName}-*"))));
        });
        assertThat(properties.get("RoleName")).isEqualTo(Map.of("Ref", "RoleName"));
        assertThat(properties.get("MaxSessionDuration")).isEqualTo(3600);
    }

    /** CloudFormation names a role without RoleName {@code <stack>-<LogicalId>-<suffix>}. */
    @ParameterizedTest(name = "{0} assumes it: {1}")
    @CsvSource({
            "arn:aws:iam::111122223333:role/ecstatic-ListClustersRole-AbCdEf123456, true",
            "arn:aws:iam::111122223333:role/ecstatic-ReplaceInstanceRole-1A2B3C4D5E6F, true",
            "arn:aws:iam::444455556666:role/ecstatic-ListClustersRole-AbCdEf123456, false", // another account
            "arn:aws:iam::111122223333:role/other-ListClustersRole-AbCdEf123456, false",    // another stack
            "arn:aws:iam::111122223333:role/ecstaticListClustersRole, false",
            "arn:aws:iam::111122223333:user/ecstatic-admin, false",
            "arn:aws:iam::111122223333:root, false",
    })
    void theTrustCondition_matchesTheCentralStacksGeneratedRoleNames(String principalArn, boolean trusted) throws Exception {
        Map<String, Object> trust = map(list(map(map(memberRole().get("Properties")).get("AssumeRolePolicyDocument"))
                .get("Statement")).getFirst());
        String pattern = text(map(map(trust.get("Condition")).get("ArnLike")).get("aws:PrincipalArn"))
                .replace("${AWS::Partition}", "aws").replace("${EcstaticAccountId}", "111122223333")
                .replace("${EcstaticStackName}", "ecstatic");

        assertThat(covers(pattern, principalArn)).isEqualTo(trusted);
    }

    @Test
    void aPlainCloudFormationTemplate_withOneRole_itsArnAsOutput() throws Exception {
        Map<String, Object> member = parse("member-role.yaml");

        assertThat(member).doesNotContainKey("Transform").containsEntry("AWSTemplateFormatVersion", "2010-09-09");
        assertThat(map(member.get("Resources"))).containsOnlyKeys("MemberRole");
        assertThat(memberRole().get("Type")).isEqualTo("AWS::IAM::Role");
        assertThat(map(member.get("Outputs"))).containsOnlyKeys("RoleArn");
        assertThat(map(map(member.get("Outputs")).get("RoleArn")).get("Value"))
                .isEqualTo(Map.of("Fn::GetAtt", List.of("MemberRole", "Arn")));
        assertThat(map(member.get("Parameters")))
                .containsOnlyKeys("EcstaticAccountId", "EcstaticStackName", "RoleName", "ReplaceInstances");
        assertThat(map(map(member.get("Parameters")).get("RoleName")).get("Default")).isEqualTo("ecstatic-member");
    }

    @ParameterizedTest(name = "{0}=''{1}'' accepted: {2}")
    @CsvSource({
            "EcstaticAccountId, 123456789012, true",
            "EcstaticAccountId, 12345678901, false",
            "EcstaticAccountId, 1234567890123, false",
            "EcstaticAccountId, 12345678901a, false",
            "EcstaticAccountId, '', false",
            "EcstaticStackName, ecstatic, true",
            "EcstaticStackName, E-2-prod, true",
            "EcstaticStackName, 2ecstatic, false",
            "EcstaticStackName, -ecstatic, false",
            "EcstaticStackName, ecs_tatic, false",
            "EcstaticStackName, ecstatic*, false",
            "EcstaticStackName, '', false",
            "RoleName, ecstatic-member, true",
            "RoleName, team+ecs=member@x_1.y, true",
            "RoleName, has space, false",
            "RoleName, a/b, false",
            "RoleName, '', false",
            "ReplaceInstances, never, true",
            "ReplaceInstances, unupdatable, true",
            "ReplaceInstances, drifted, true",
            "ReplaceInstances, always, false",
    })
    void parameters_refuseWhatCloudFormationWould(String name, String value, boolean accepted) throws Exception {
        TemplateParameter parameter = TemplateWiring.declaredParameters(HOME.resolve("member-role.yaml")).get(name);

        assertThat(parameter.problem(value)).as("%s=%s", name, value).matches(p -> (p == null) == accepted, "accepted: " + accepted);
    }

    @ParameterizedTest(name = "{0}: {1} characters accepted: {2}")
    @CsvSource({
            "EcstaticStackName, 30, true",
            "EcstaticStackName, 31, false",
            "RoleName, 64, true",
            "RoleName, 65, false",
    })
    void lengths_areCloudFormationsAndIamsLimits(String name, int length, boolean accepted) throws Exception {
        TemplateParameter parameter = TemplateWiring.declaredParameters(HOME.resolve("member-role.yaml")).get(name);

        assertThat(parameter.problem("e".repeat(length))).as("%s of %d", name, length).matches(p -> (p == null) == accepted,
                "accepted: " + accepted);
    }
}
