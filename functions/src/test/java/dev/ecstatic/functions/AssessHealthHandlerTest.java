package dev.ecstatic.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import dev.ecstatic.functions.model.AssessHealthRequest;
import dev.ecstatic.functions.model.Decision;
import dev.ecstatic.functions.model.DecisionKind;
import dev.ecstatic.functions.model.InstanceClass;
import dev.ecstatic.functions.model.InstanceRef;
import dev.ecstatic.functions.model.NotificationKind;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

class AssessHealthHandlerTest {
    private final CapturingContext context = new CapturingContext();
    private final AssessHealthHandler handler = new AssessHealthHandler(new HandlerConfig(Log.Level.INFO));

    @Tag("events")
    @ParameterizedTest
    @Event(value = "../events/assess-health.json", type = AssessHealthRequest.class)
    void sampleEvent_decidesToUpdateTheCandidatesInOrder(AssessHealthRequest request) {
        Decision decision = handler.handleRequest(request, context);

        assertThat(decision.decision()).isEqualTo(DecisionKind.UPDATE);
        assertThat(decision.candidates()).extracting(InstanceRef::ec2InstanceId)
                .containsExactly("i-0a1b2c3d4e5f60718", "i-0b2c3d4e5f6071829", "i-0c3d4e5f607182930");
        assertThat(context.metric("BlockedClusters")).containsExactly(0L);
        assertThat(context.events("decision")).singleElement()
                .satisfies(line -> assertThat(line).containsEntry("decision", "UPDATE").containsEntry("cluster", "prod-web"));
    }

    @Test
    void blockedCluster_countsInTheBlockedClustersMetric() {
        var inventory = HealthRulesTest.inventory(Map.of(InstanceClass.UPDATE_FAILED, 1, InstanceClass.CANDIDATE, 3));

        Decision decision = handler.handleRequest(new AssessHealthRequest(inventory, Fixtures.SETTINGS, false, Fixtures.RECOMMENDED), context);

        assertThat(decision.alert()).isEqualTo(NotificationKind.UPDATE_FAILED);
        assertThat(context.metric("BlockedClusters")).containsExactly(1L);
        Map<String, Object> emf = context.json().stream().filter(m -> m.containsKey("_aws")).findFirst().orElseThrow();
        // One billed custom metric per function, not one per cluster: the cluster is a plain member
        // of the line (Logs Insights finds it), never a dimension.
        assertThat(Json.write(emf.get("_aws"))).contains("\"Namespace\":\"ecstatic\"", "\"Name\":\"BlockedClusters\"",
                "\"Dimensions\":[[\"FunctionName\"]]");
        assertThat(emf).containsEntry("FunctionName", context.getFunctionName()).containsEntry("cluster", "prod-web")
                .doesNotContainKey("Cluster");
    }
}
