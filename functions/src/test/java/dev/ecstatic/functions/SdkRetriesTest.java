package dev.ecstatic.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecstatic.functions.StubAwsServer.Reply;
import dev.ecstatic.functions.model.Cluster;
import dev.ecstatic.functions.model.Inventory;
import dev.ecstatic.functions.model.ListClustersRequest;
import dev.ecstatic.functions.model.ListClustersResponse;
import dev.ecstatic.functions.model.ListInstancesRequest;
import dev.ecstatic.functions.model.UpdateOneAgentRequest;
import dev.ecstatic.functions.model.UpdateOneAgentResponse;
import dev.ecstatic.functions.model.UpdateOutcome;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Handlers built from their environment, through the real SDK (retry strategy, timeouts, HTTP
 * client) against {@link StubAwsServer}: what a throttle or a 5xx costs, counted in requests.
 */
class SdkRetriesTest {
    private static final Map<String, String> ENV = Map.of("AWS_REGION", "us-east-1");
    private static final Cluster PROD_WEB = Fixtures.PROD_WEB;

    private final Map<String, String> saved = new HashMap<>();
    private StubAwsServer stub;

    @BeforeEach
    void startStub() throws IOException {
        stub = new StubAwsServer();
        stub.systemProperties().forEach((k, v) -> {
            saved.put(k, System.getProperty(k));
            System.setProperty(k, v);
        });
    }

    @AfterEach
    void stopStub() {
        stub.close();
        saved.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
    }

    private Inventory listInstances() {
        return new ListInstancesHandler(ENV).handleRequest(new ListInstancesRequest(PROD_WEB, Map.of(), null),
                new CapturingContext());
    }

    private List<String> listTokens() {
        return stub.requests("ListContainerInstances").stream().map(StubAwsServer::nextToken).toList();
    }

    @Test
    void throttledPage_isRetriedAlone_theListingDoesNotStartAgain() {
        stub.containerInstances = 250;
        stub.script("ListContainerInstances", Reply.USUAL, Reply.throttling(), Reply.throttling());
        stub.script("DescribeContainerInstances", Reply.USUAL, Reply.USUAL, Reply.throttling());

        Inventory inventory = listInstances();

        assertThat(inventory.total()).isEqualTo(250);
        assertThat(listTokens()).as("page 2 asked three times, page 1 once").containsExactly(null, "100", "100", "100", "200");
        assertThat(stub.requests("DescribeContainerInstances")).hasSize(4);
    }

    @Test
    void serverErrorOnARead_isRetriedByTheSdk() {
        stub.script("ListContainerInstances", Reply.serverError());

        Inventory inventory = listInstances();

        assertThat(inventory.total()).isEqualTo(1);
        assertThat(stub.requests("ListContainerInstances")).hasSize(2);
    }

    @Test
    void readThrottledOnEveryAttempt_givesUp_asATransientError() {
        stub.errors.put("ListContainerInstances", Reply.throttling().body());

        assertThatThrownBy(this::listInstances).as("the attempts or the call timeout, whichever ends first")
                .isInstanceOf(TransientAwsException.class);
        assertThat(stub.requests("ListContainerInstances")).hasSizeBetween(2, Clients.READ_MAX_ATTEMPTS);
    }

    @Test
    void readRefused_isNotRetried_andKeepsItsOwnType() {
        stub.errors.put("ListContainerInstances", "{\"__type\":\"AccessDeniedException\",\"message\":\"denied\"}");

        assertThatThrownBy(this::listInstances).isNotInstanceOf(TransientAwsException.class).hasMessageContaining("denied");
        assertThat(stub.requests("ListContainerInstances")).hasSize(1);
    }

    @Test
    void throttledClusterListingAndParameters_areRetriedByTheSdk() {
        stub.script("ListClusters", Reply.throttling());
        stub.script("DescribeClusters", Reply.throttling(), Reply.throttling());
        stub.script("GetParameters", Reply.throttling());

        ListClustersResponse response = new ListClustersHandler(ENV).handleRequest(new ListClustersRequest(Map.of()),
                new CapturingContext());

        assertThat(response.clusters()).extracting(Cluster::name).containsExactly("prod-web");
        assertThat(response.recommended()).containsOnlyKeys("amazon-linux-2023");
        assertThat(stub.actions).containsExactly("ListClusters", "ListClusters", "DescribeClusters", "DescribeClusters",
                "DescribeClusters", "GetParameters", "GetParameters");
    }

    @Test
    void updateContainerAgent_isNeverRetriedByTheSdk_soAThrottledUpdateIsCalledOnce() {
        stub.errors.put("UpdateContainerAgent", Reply.throttling().body());

        assertThatThrownBy(() -> new UpdateOneAgentHandler(ENV).handleRequest(new UpdateOneAgentRequest(PROD_WEB,
                List.of(Fixtures.ref("a", "1.86.3")), Map.of(), 0), new CapturingContext()))
                .isInstanceOf(TransientAwsException.class).hasMessageContaining("Rate exceeded");
        assertThat(stub.actions).containsExactly("UpdateContainerAgent");
    }

    @Test
    void updateAnswered500AfterAcceptance_isLookedAt_andFoundStarted_withoutASecondInstance() {
        stub.script("UpdateContainerAgent", Reply.serverError());
        stub.script("DescribeContainerInstances", Reply.throttling());
        stub.agentUpdateStatus = "PENDING";

        UpdateOneAgentResponse response = new UpdateOneAgentHandler(ENV).handleRequest(new UpdateOneAgentRequest(
                PROD_WEB, List.of(Fixtures.ref("a", "1.86.3"), Fixtures.ref("b", "1.86.3")), Map.of(), 0),
                new CapturingContext());

        assertThat(response.outcome()).isEqualTo(UpdateOutcome.STARTED);
        assertThat(response.instance().containerInstanceId()).isEqualTo("ci-a");
        assertThat(stub.actions).as("one update call; the look is a read, retried after its throttle")
                .containsExactly("UpdateContainerAgent", "DescribeContainerInstances", "DescribeContainerInstances");
        assertThat(stub.requests("UpdateContainerAgent")).allSatisfy(r -> assertThat(r.body()).contains("\"ci-a\""));
    }

    @Test
    void updateAnswered500_nothingVisible_theSameInstanceIsCalledOnceMore_andNoOther() {
        stub.script("UpdateContainerAgent", Reply.serverError(), Reply.serverError());

        UpdateOneAgentResponse response = new UpdateOneAgentHandler(ENV).handleRequest(new UpdateOneAgentRequest(
                PROD_WEB, List.of(Fixtures.ref("a", "1.86.3"), Fixtures.ref("b", "1.86.3")), Map.of(), 0),
                new CapturingContext());

        assertThat(response.outcome()).isEqualTo(UpdateOutcome.UNCONFIRMED);
        assertThat(stub.actions).containsExactly("UpdateContainerAgent", "DescribeContainerInstances",
                "UpdateContainerAgent");
        assertThat(stub.requests("UpdateContainerAgent")).allSatisfy(r -> assertThat(r.body()).contains("\"ci-a\""));
    }

    @Test
    void everyClient_hasExplicitAttemptAndCallTimeouts_andOnlyReadsRetry() {
        try (EcsClient reads = Clients.ecsReads(ENV); EcsClient clusterReads = Clients.ecsClusterReads(ENV);
             EcsClient updates = Clients.ecsUpdates(ENV); SsmClient ssm = Clients.ssm(ENV)) {
            Map<ClientOverrideConfiguration, Duration> readClients = Map.of(
                    reads.serviceClientConfiguration().overrideConfiguration(), Clients.READ_CALL_TIMEOUT,
                    clusterReads.serviceClientConfiguration().overrideConfiguration(), Clients.CLUSTER_READ_CALL_TIMEOUT,
                    ssm.serviceClientConfiguration().overrideConfiguration(), Clients.READ_CALL_TIMEOUT);
            readClients.forEach((c, callTimeout) -> {
                assertThat(c.apiCallAttemptTimeout()).contains(Clients.READ_ATTEMPT_TIMEOUT);
                assertThat(c.apiCallTimeout()).contains(callTimeout);
                assertThat(c.retryStrategy()).hasValueSatisfying(r -> assertThat(r.maxAttempts())
                        .isEqualTo(Clients.READ_MAX_ATTEMPTS));
            });
            ClientOverrideConfiguration update = updates.serviceClientConfiguration().overrideConfiguration();
            assertThat(update.apiCallAttemptTimeout()).contains(Clients.UPDATE_TIMEOUT);
            assertThat(update.apiCallTimeout()).contains(Clients.UPDATE_TIMEOUT);
            assertThat(update.retryStrategy()).hasValueSatisfying(r -> assertThat(r.maxAttempts()).isEqualTo(1));
        }
        assertThat(Clients.READ_ATTEMPT_TIMEOUT).as("an attempt fits in a call")
                .isLessThan(Clients.CLUSTER_READ_CALL_TIMEOUT).isLessThan(Clients.READ_CALL_TIMEOUT);
    }
}
