package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ListClustersResponse;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * A fleet of several accounts and regions through the real SDK v2: STS issues credentials for the fleet's roles,
 * and ECS, EC2, Auto Scaling and SSM requests go to the account of the credentials in the region of the request.
 */
class AccountsAndRegionsTest {

    private static final String MEMBER = "arn:aws:iam::222222222222:role/ecstatic-member";
    private static final AwsCredentialsProvider PLACEHOLDERS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret"));

    private MutableClock clock;
    private AwsSimulator sim;

    @BeforeEach
    void start() {
        clock = MutableClock.at("2026-01-01T00:00:00Z");
        sim = Sim.start(Fleet.parse(Sim.resource("accounts-fleet.json"), "accounts-fleet.json"), clock);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void placeholderKeys_areTheMainAccount_inTheRegionOfTheRequest() {
        assertThat(clusters(PLACEHOLDERS, "us-east-1")).containsExactly("arn:aws:ecs:us-east-1:111111111111:cluster/main-web");
        assertThat(clusters(PLACEHOLDERS, "eu-west-1")).containsExactly("arn:aws:ecs:eu-west-1:111111111111:cluster/main-eu");

        GetCallerIdentityResponse me = sts(PLACEHOLDERS, "us-east-1").getCallerIdentity();
        assertThat(me.account()).isEqualTo("111111111111");
        assertThat(me.arn()).isEqualTo("arn:aws:iam::111111111111:root");
        assertThat(me.userId()).isEqualTo("111111111111");
    }

    @Test
    void assumedCredentials_seeTheRolesAccount_inEachRegion() {
        java.time.Instant before = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        AssumeRoleResponse r = sts(PLACEHOLDERS, "us-east-1").assumeRole(b -> b.roleArn(MEMBER)
                .roleSessionName("ecstatic-run-1").durationSeconds(7200));
        java.time.Instant after = java.time.Instant.now();
        Credentials c = r.credentials();
        assertThat(c.accessKeyId()).startsWith("ASIA").hasSize(20);
        assertThat(c.sessionToken()).isNotBlank();
        // Told in the caller's time, the session's whole life ahead, though the simulator's clock is in January.
        assertThat(c.expiration()).isBetween(before.plusSeconds(7200), after.plusSeconds(7200));
        assertThat(r.assumedRoleUser().arn()).isEqualTo("arn:aws:sts::222222222222:assumed-role/ecstatic-member/ecstatic-run-1");
        assertThat(r.assumedRoleUser().assumedRoleId()).matches("AROA[0-9A-F]{17}:ecstatic-run-1");

        AwsCredentialsProvider member = session(c);
        assertThat(clusters(member, "us-east-1")).containsExactly("arn:aws:ecs:us-east-1:222222222222:cluster/web");
        assertThat(clusters(member, "eu-west-1")).containsExactly("arn:aws:ecs:eu-west-1:222222222222:cluster/web",
                "arn:aws:ecs:eu-west-1:222222222222:cluster/batch");
        try (EcsClient ecs = ecs(member, "us-east-1")) {
            assertThat(ecs.listContainerInstances(b -> b.cluster("web")).containerInstanceArns()).hasSize(3)
                    .allMatch(a -> a.startsWith("arn:aws:ecs:us-east-1:222222222222:container-instance/web/"));
        }
        GetCallerIdentityResponse me = sts(member, "eu-west-1").getCallerIdentity();
        assertThat(me.account()).isEqualTo("222222222222");
        assertThat(me.arn()).isEqualTo("arn:aws:sts::222222222222:assumed-role/ecstatic-member/ecstatic-run-1");
        assertThat(me.userId()).isEqualTo(r.assumedRoleUser().assumedRoleId());

        assertThat(sim.snapshot("222222222222", "us-east-1").clusters()).extracting(FleetSnapshot.ClusterState::name)
                .containsExactly("web");
    }

    @Test
    void aClusterNamedAlikeInTwoTargets_isTwoClusters() {
        AwsCredentialsProvider member = assume(MEMBER, "s1");
        String us;
        String eu;
        try (EcsClient a = ecs(member, "us-east-1"); EcsClient b = ecs(member, "eu-west-1")) {
            us = a.listContainerInstances(r -> r.cluster("web")).containerInstanceArns().get(0);
            eu = b.listContainerInstances(r -> r.cluster("web")).containerInstanceArns().get(0);
        }
        assertThat(us.substring(us.lastIndexOf('/'))).isNotEqualTo(eu.substring(eu.lastIndexOf('/')));
    }

    @Test
    void anAccountOrRegionTheFleetDoesNotDescribe_isEmpty() {
        AwsCredentialsProvider other = assume("arn:aws:iam::333333333333:role/ecstatic-member", "s1");
        assertThat(clusters(other, "us-east-1")).isEmpty();
        assertThat(clusters(PLACEHOLDERS, "eu-central-1")).isEmpty();
        try (Ec2Client ec2 = client(Ec2Client.builder(), other, "us-east-1");
                AutoScalingClient asg = client(AutoScalingClient.builder(), other, "us-east-1")) {
            assertThat(ec2.describeInstances().reservations()).isEmpty();
            assertThat(asg.describeAutoScalingGroups().autoScalingGroups()).isEmpty();
        }
        assertThat(sim.snapshot("333333333333", "us-east-1").clusters()).isEmpty();
        assertThat(sim.snapshot("555555555555", "us-east-1").clusters()).isEmpty();
    }

    @Test
    void aDisabledRegion_isRefusedAsAwsRefusesARegionNotEnabled() {
        AwsCredentialsProvider member = assume(MEMBER, "s1");
        for (AwsCredentialsProvider who : List.of(PLACEHOLDERS, member)) {
            assertRefused(() -> ecs(who, "ap-east-1").listClusters(), 400, "UnrecognizedClientException",
                    "The security token included in the request is invalid.");
            assertRefused(() -> client(SsmClient.builder(), who, "ap-east-1").getParameter(b -> b.name("/x")), 400,
                    "UnrecognizedClientException", "The security token included in the request is invalid.");
            assertAuthFailure(who, "ap-east-1");
            assertRefused(() -> client(AutoScalingClient.builder(), who, "ap-east-1").describeAutoScalingGroups(), 403,
                    "InvalidClientTokenId", "The security token included in the request is invalid.");
        }
        assertRefused(() -> sts(PLACEHOLDERS, "ap-east-1").getCallerIdentity(), 403, "RegionDisabledException",
                "STS is not activated in this region for account:111111111111.");
    }

    static Stream<Arguments> refusedAssumeRoles() {
        String denied = "User: arn:aws:iam::111111111111:root is not authorized to perform: sts:AssumeRole on resource: ";
        return Stream.of(
                Arguments.of("unknown role", req("arn:aws:iam::222222222222:role/nope", "s1", null), 403, "AccessDenied",
                        denied + "arn:aws:iam::222222222222:role/nope"),
                Arguments.of("role in an account without it", req("arn:aws:iam::444444444444:role/ecstatic-member", "s1",
                        null), 403, "AccessDenied", denied + "arn:aws:iam::444444444444:role/ecstatic-member"),
                Arguments.of("untrusted caller", req("arn:aws:iam::444444444444:role/locked", "s1", null), 403,
                        "AccessDenied", denied + "arn:aws:iam::444444444444:role/locked"),
                Arguments.of("role trusting another role only", req("arn:aws:iam::333333333333:role/chained", "s1", null),
                        403, "AccessDenied", denied + "arn:aws:iam::333333333333:role/chained"),
                Arguments.of("not a role ARN", req("arn:aws:s3:::some-bucket-name", "s1", null), 403, "AccessDenied",
                        denied + "arn:aws:s3:::some-bucket-name"),
                Arguments.of("ARN too short", req("arn:aws:iam::1", "s1", null), 400, "ValidationError",
                        "at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20"),
                Arguments.of("session name too short", req(MEMBER, "s", null), 400, "ValidationError",
                        "at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2"),
                Arguments.of("session name too long", req(MEMBER, "s".repeat(65), null), 400, "ValidationError",
                        "Member must have length less than or equal to 64"),
                Arguments.of("session name with a space", req(MEMBER, "run 1", null), 400, "ValidationError",
                        "Member must satisfy regular expression pattern: [\\w+=,.@-]*"),
                Arguments.of("duration under 900", req(MEMBER, "s1", 899), 400, "ValidationError",
                        "Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"),
                Arguments.of("duration over 43200", req(MEMBER, "s1", 43_201), 400, "ValidationError",
                        "Member must have value less than or equal to 43200"),
                Arguments.of("duration over the role's maximum", req("arn:aws:iam::333333333333:role/ecstatic-member",
                        "s1", 3_601), 400, "ValidationError",
                        "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."));
    }

    private static AssumeRoleRequest req(String arn, String session, Integer duration) {
        return AssumeRoleRequest.builder().roleArn(arn).roleSessionName(session).durationSeconds(duration).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedAssumeRoles")
    void assumeRole_refusesAsSts(String why, AssumeRoleRequest request, int status, String code, String message) {
        assertRefused(() -> sts(PLACEHOLDERS, "us-east-1").assumeRole(request), status, code, message);
    }

    @Test
    void roleChaining_needsTheRolesTrust_andLastsAnHourAtMost() {
        AwsCredentialsProvider member = assume(MEMBER, "first");
        StsClient sts = sts(member, "us-east-1");
        assertRefused(() -> sts.assumeRole(req("arn:aws:iam::333333333333:role/chained", "second", 3_601)), 400,
                "ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
        assertRefused(() -> sts.assumeRole(req("arn:aws:iam::333333333333:role/ecstatic-member", "second", null)), 403,
                "AccessDenied", "User: arn:aws:sts::222222222222:assumed-role/ecstatic-member/first is not authorized "
                        + "to perform: sts:AssumeRole on resource: arn:aws:iam::333333333333:role/ecstatic-member");

        Credentials chained = sts.assumeRole(req("arn:aws:iam::333333333333:role/chained", "second", 3_600)).credentials();
        assertThat(sts(session(chained), "us-east-1").getCallerIdentity().arn())
                .isEqualTo("arn:aws:sts::333333333333:assumed-role/chained/second");
    }

    @Test
    void expiredCredentials_areRefusedByEveryService() {
        AssumeRoleResponse r = sts(PLACEHOLDERS, "us-east-1").assumeRole(req(MEMBER, "s1", 900));
        AwsCredentialsProvider member = session(r.credentials());
        clock.advance(Duration.ofSeconds(899));
        assertThat(clusters(member, "us-east-1")).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        assertRefused(() -> ecs(member, "us-east-1").listClusters(), 400, "ExpiredTokenException",
                "The security token included in the request is expired");
        assertRefused(() -> client(Ec2Client.builder(), member, "us-east-1").describeInstances(), 400, "RequestExpired",
                "Request has expired.");
        assertRefused(() -> client(AutoScalingClient.builder(), member, "us-east-1").describeAutoScalingGroups(), 403,
                "ExpiredToken", "The security token included in the request is expired");
        assertRefused(() -> sts(member, "us-east-1").getCallerIdentity(), 403, "ExpiredToken",
                "The security token included in the request is expired");
    }

    @Test
    void anIssuedKeyWithAnotherSessionToken_orOneNeverIssued_isInvalid() {
        Credentials c = sts(PLACEHOLDERS, "us-east-1").assumeRole(req(MEMBER, "s1", null)).credentials();
        AwsCredentialsProvider wrongToken = StaticCredentialsProvider.create(
                AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), "not-the-token"));
        AwsCredentialsProvider unknown = StaticCredentialsProvider.create(
                AwsSessionCredentials.create("ASIASIM0000000000000", "secret", "token"));
        for (AwsCredentialsProvider who : List.of(wrongToken, unknown)) {
            assertRefused(() -> ecs(who, "us-east-1").listClusters(), 400, "UnrecognizedClientException",
                    "The security token included in the request is invalid.");
            assertRefused(() -> sts(who, "us-east-1").getCallerIdentity(), 403, "InvalidClientTokenId",
                    "The security token included in the request is invalid.");
            assertAuthFailure(who, "us-east-1");
        }
    }

    @Test
    void theSdkKeepsAssumedCredentials_whileTheSimulatorsClockIsElsewhere_andTheyExpireOnThatClock() {
        StsClient sts = sts(PLACEHOLDERS, "us-east-1");
        try (StsAssumeRoleCredentialsProvider provider = StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                .refreshRequest(b -> b.roleArn(MEMBER).roleSessionName("ecstatic-run-1").durationSeconds(3600))
                .asyncCredentialUpdateEnabled(false).build()) {
            AwsCredentialsProvider member = provider;
            for (int i = 0; i < 5; i++) {
                assertThat(clusters(member, "eu-west-1")).isNotEmpty();
            }
            assertThat(sim.callsByAction()).containsEntry("AssumeRole", 1L);

            clock.advance(Duration.ofSeconds(3600));
            AwsSessionCredentials kept = (AwsSessionCredentials) provider.resolveCredentials();
            AwsServiceException expired = catchThrowableOfType(AwsServiceException.class,
                    () -> clusters(StaticCredentialsProvider.create(kept), "eu-west-1"));
            assertThat(expired.awsErrorDetails().errorCode()).isEqualTo("ExpiredTokenException");
        }
    }

    @Test
    void callsAreCountedByActionAndByTarget() {
        AwsCredentialsProvider member = assume(MEMBER, "s1");
        sim.resetCounters();
        clusters(PLACEHOLDERS, "us-east-1");
        clusters(member, "eu-west-1");
        clusters(member, "eu-west-1");
        assertRefused(() -> ecs(member, "ap-east-1").listClusters(), 400, "UnrecognizedClientException", "invalid");

        assertThat(sim.callsByAction()).containsEntry("ListClusters", 4L);
        assertThat(sim.callsByTarget()).containsOnlyKeys("111111111111/us-east-1", "222222222222/eu-west-1");
        assertThat(sim.callsByTarget().get("222222222222/eu-west-1")).containsExactlyEntriesOf(
                java.util.Map.of("ListClusters", 2L));
    }

    private AwsCredentialsProvider assume(String roleArn, String sessionName) {
        return session(sts(PLACEHOLDERS, "us-east-1").assumeRole(req(roleArn, sessionName, null)).credentials());
    }

    private static AwsCredentialsProvider session(Credentials c) {
        return StaticCredentialsProvider.create(
                AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken()));
    }

    private List<String> clusters(AwsCredentialsProvider who, String region) {
        try (EcsClient ecs = ecs(who, region)) {
            ListClustersResponse r = ecs.listClusters();
            return r.clusterArns();
        }
    }

    private EcsClient ecs(AwsCredentialsProvider who, String region) {
        return client(EcsClient.builder(), who, region);
    }

    private StsClient sts(AwsCredentialsProvider who, String region) {
        return client(StsClient.builder(), who, region);
    }

    private <C, B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>> C client(B builder,
            AwsCredentialsProvider who, String region) {
        builder.endpointOverride(sim.endpoint()).region(Region.of(region)).credentialsProvider(who)
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(AwsRetryStrategy.doNotRetry())
                        .build());
        if (builder instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
            sync.httpClientBuilder(UrlConnectionHttpClient.builder());
        }
        return builder.build();
    }

    /**
     * EC2's AuthFailure (401): the SDK's status, and the error document itself, sent signed as the SDK signs (the
     * URLConnection client does not hand a 401's body to the SDK, so the exception carries no code).
     */
    private void assertAuthFailure(AwsCredentialsProvider who, String region) {
        AwsServiceException e = catchThrowableOfType(AwsServiceException.class,
                () -> client(Ec2Client.builder(), who, region).describeInstances());
        assertThat(e).isNotNull();
        assertThat(e.statusCode()).isEqualTo(401);
        var c = who.resolveCredentials();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.endpoint() + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + c.accessKeyId() + "/20260101/" + region
                        + "/ec2/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123456789abcdef")
                .POST(HttpRequest.BodyPublishers.ofString("Action=DescribeInstances&Version=2016-11-15"));
        if (c instanceof AwsSessionCredentials session) {
            b.header("X-Amz-Security-Token", session.sessionToken());
        }
        HttpResponse<String> r;
        try (HttpClient http = HttpClient.newHttpClient()) {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception ex) {
            throw new AssertionError(ex);
        }
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("<Code>AuthFailure</Code>",
                "<Message>AWS was not able to validate the provided access credentials</Message>");
    }

    private static void assertRefused(Runnable call, int status, String code, String message) {
        AwsServiceException e = catchThrowableOfType(AwsServiceException.class, call::run);
        assertThat(e).as("expected %s", code).isNotNull();
        assertThat(e.statusCode()).as("%s", e).isEqualTo(status);
        assertThat(e.awsErrorDetails().errorCode()).as("%s", e).isEqualTo(code);
        assertThat(e.awsErrorDetails().errorMessage()).contains(message);
    }
}
