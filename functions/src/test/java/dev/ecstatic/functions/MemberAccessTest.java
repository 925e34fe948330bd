package dev.ecstatic.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.ecstatic.functions.model.Cluster;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

class MemberAccessTest {
    private static final String HOME = "111122223333";
    private static final String OTHER = "444455556666";

    private final StsClient sts = mock(StsClient.class);

    private MemberAccess access() {
        return new MemberAccess(HOME, "ecstatic-member", () -> sts);
    }

    private void grants(String keyId) {
        when(sts.assumeRole(any(AssumeRoleRequest.class))).thenReturn(AssumeRoleResponse.builder()
                .credentials(Credentials.builder().accessKeyId(keyId).secretAccessKey("s").sessionToken("t")
                        .expiration(Instant.now().plusSeconds(3600)).build()).build());
    }

    @Test
    void thisAccount_usesTheFunctionsOwnCredentials_withoutSts() {
        assertThat(access().credentials("aws", HOME, "run-1")).isNull();
        assertThat(new MemberAccess(null, "r", () -> sts).credentials("aws", OTHER, "run-1")).isNull();
        verify(sts, times(0)).assumeRole(any(AssumeRoleRequest.class));
    }

    @Test
    void anotherAccount_assumesTheMemberRoleOnce_perRun_underTheRunsSessionName() {
        grants("ASIAFIRST");
        MemberAccess access = access();

        AwsCredentialsProvider first = access.credentials("aws", OTHER, "run-1");
        AwsCredentialsProvider again = access.credentials("aws", OTHER, "run-1");

        assertThat(again).isSameAs(first);
        assertThat(((AwsSessionCredentials) first.resolveCredentials()).accessKeyId()).isEqualTo("ASIAFIRST");
        ArgumentCaptor<AssumeRoleRequest> sent = ArgumentCaptor.forClass(AssumeRoleRequest.class);
        verify(sts, times(1)).assumeRole(sent.capture());
        assertThat(sent.getValue().roleArn()).isEqualTo("arn:aws:iam::444455556666:role/ecstatic-member");
        assertThat(sent.getValue().roleSessionName()).isEqualTo("ecstatic-run-1");
        assertThat(sent.getValue().durationSeconds()).isEqualTo(3600);

        grants("ASIASECOND");
        AwsCredentialsProvider next = access.credentials("aws", OTHER, "run-2");
        assertThat(next).as("one provider per account, whatever the run").isSameAs(first);
        assertThat(((AwsSessionCredentials) next.resolveCredentials()).accessKeyId()).isEqualTo("ASIASECOND");
        verify(sts, times(2)).assumeRole(sent.capture());
        assertThat(sent.getValue().roleSessionName()).isEqualTo("ecstatic-run-2");
    }

    @Test
    void aRefusedAssumeRole_isTargetUnreachable_namingTheRole_notAskedAgainInTheRun_butInTheNext() {
        when(sts.assumeRole(any(AssumeRoleRequest.class))).thenThrow(StsException.builder().statusCode(403)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").errorMessage("User: arn:aws:sts::"
                        + HOME + ":assumed-role/x/y is not authorized to perform: sts:AssumeRole").build()).build());
        MemberAccess access = access();

        assertThatThrownBy(() -> access.credentials("aws", OTHER, "run-1"))
                .isInstanceOf(TargetUnreachableException.class)
                .hasMessageStartingWith("cannot assume arn:aws:iam::444455556666:role/ecstatic-member: AccessDenied: User:")
                .hasMessageContaining("member-role.yaml");
        assertThatThrownBy(() -> access.credentials("aws", OTHER, "run-1"))
                .as("the account's next region in the same run").isInstanceOf(TargetUnreachableException.class)
                .hasMessageStartingWith("cannot assume arn:aws:iam::444455556666:role/ecstatic-member: AccessDenied");
        verify(sts, times(1)).assumeRole(any(AssumeRoleRequest.class));

        assertThatThrownBy(() -> access.credentials("aws", OTHER, "run-2")).isInstanceOf(TargetUnreachableException.class);
        verify(sts, times(2)).assumeRole(any(AssumeRoleRequest.class));
        grants("ASIADEPLOYED");
        assertThat(((AwsSessionCredentials) access.credentials("aws", OTHER, "run-3").resolveCredentials())
                .accessKeyId()).as("the role deployed meanwhile").isEqualTo("ASIADEPLOYED");
    }

    @Test
    void aThrottledAssumeRole_isAskedAgain_evenInTheSameRun() {
        when(sts.assumeRole(any(AssumeRoleRequest.class))).thenThrow(StsException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("Throttling").errorMessage("Rate exceeded").build())
                .build());
        MemberAccess access = access();
        assertThatThrownBy(() -> access.credentials("aws", OTHER, "run-1")).isInstanceOf(TransientAwsException.class);
        grants("ASIALATER");
        assertThat(((AwsSessionCredentials) access.credentials("aws", OTHER, "run-1").resolveCredentials())
                .accessKeyId()).isEqualTo("ASIALATER");
    }

    @Test
    void aThrottledAssumeRole_isTransient() {
        when(sts.assumeRole(any(AssumeRoleRequest.class))).thenThrow(StsException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("Throttling").errorMessage("Rate exceeded").build())
                .build());

        assertThatThrownBy(() -> access().credentials("aws", OTHER, "run-1"))
                .isInstanceOf(TransientAwsException.class)
                .hasMessageContaining("assuming arn:aws:iam::444455556666:role/ecstatic-member (session ecstatic-run-1)");
    }

    @Test
    void theEnvironment_isChecked() {
        assertThatThrownBy(() -> MemberAccess.from(Map.of("ECSTATIC_ACCOUNT_ID", "12345")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("12-digit");
        assertThatThrownBy(() -> MemberAccess.from(Map.of("ECSTATIC_ACCOUNT_ID", HOME,
                "ECSTATIC_MEMBER_ROLE_NAME", "no spaces")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ECSTATIC_MEMBER_ROLE_NAME");
        assertThat(MemberAccess.from(Map.of("ECSTATIC_ACCOUNT_ID", HOME)).roleArn("aws", OTHER))
                .isEqualTo("arn:aws:iam::444455556666:role/ecstatic-member");
    }

    @Test
    void targetClients_giveTheHomeClientAtHome_andBuildOnePerOtherAccountAndRegion() {
        grants("ASIA1");
        List<String> built = new ArrayList<>();
        TargetClients<String> clients = new TargetClients<>("home", "us-east-1", access(), (Region region,
                AwsCredentialsProvider credentials) -> {
            String client = region.id() + (credentials == null ? "/own" : "/assumed");
            built.add(client);
            return client;
        });

        assertThat(clients.in(new Cluster("a", "arn:aws:ecs:us-east-1:" + HOME + ":cluster/a"))).isEqualTo("home");
        assertThat(clients.in(new Cluster("b", "arn:aws:ecs:eu-west-1:" + HOME + ":cluster/b"))).isEqualTo("eu-west-1/own");
        Cluster other = new Cluster("c", "arn:aws:ecs:eu-west-1:" + OTHER + ":cluster/c", null, null, "run-1", null);
        assertThat(clients.in(other)).isEqualTo("eu-west-1/assumed");
        assertThat(clients.in(other)).isEqualTo("eu-west-1/assumed");
        assertThat(built).containsExactly("eu-west-1/own", "eu-west-1/assumed");
        assertThat(TargetClients.only("one").in(other)).isEqualTo("one");
    }

    /** A client that knows whether it was closed. */
    private static final class Closable implements software.amazon.awssdk.utils.SdkAutoCloseable {
        final String name;
        boolean closed;

        Closable(String name) {
            this.name = name;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void targetClients_neverCloseAClientAskedForWithinAnInvocation_andCloseTheSurplusOnceOutOfUse() {
        grants("ASIA1");
        long[] now = {0};
        List<Closable> built = new ArrayList<>();
        TargetClients<Closable> clients = new TargetClients<>(new Closable("home"), "us-east-1", access(),
                (region, credentials) -> {
                    Closable client = new Closable(region.id());
                    built.add(client);
                    return client;
                }, () -> now[0]);
        String[] regions = {"eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1"};
        // One invocation lists 70 targets side by side: the first is still paging when the 70th is asked for.
        for (int i = 0; i < 70; i++) {
            String account = String.format("%012d", 100000000000L + i / regions.length);
            clients.in("aws", account, regions[i % regions.length], "run-1");
            now[0] += java.time.Duration.ofSeconds(5).toNanos();
        }
        assertThat(clients.size()).isEqualTo(70);
        assertThat(built).noneMatch(c -> c.closed);

        now[0] += TargetClients.IN_USE.toNanos();
        clients.in("aws", "999999999999", "eu-west-1", "run-2");
        assertThat(clients.size()).isEqualTo(TargetClients.MAX_CLIENTS);
        assertThat(built.subList(0, 7)).allMatch(c -> c.closed);
        assertThat(built.subList(7, built.size())).noneMatch(c -> c.closed);
    }
}
