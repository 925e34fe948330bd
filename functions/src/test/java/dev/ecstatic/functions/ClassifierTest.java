package dev.ecstatic.functions;

import static dev.ecstatic.functions.Fixtures.instance;
import static dev.ecstatic.functions.Fixtures.updating;
import static dev.ecstatic.functions.Fixtures.withAttribute;
import static dev.ecstatic.functions.Fixtures.withTag;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ecstatic.functions.Classifier.Classification;
import dev.ecstatic.functions.model.InstanceClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.ecs.model.AgentUpdateStatus;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.VersionInfo;

/** One test per row of the classification table (DESIGN §4), plus the order between rows. */
class ClassifierTest {
    private static final ContainerInstance HEALTHY = instance(1, "1.86.3");

    private static Classification classify(ContainerInstance ci) {
        return Classifier.classify(ci);
    }

    @Test
    void ignoreTag_ignoresTheInstance() {
        assertThat(classify(withTag(HEALTHY, "ecstatic:ignore", "true")))
                .isEqualTo(new Classification(InstanceClass.IGNORED, "tag ecstatic:ignore=true"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "", "1", "TRUE"})
    void ignoreTagWithAnyValueButFalse_ignoresTheInstance(String value) {
        assertThat(classify(withTag(HEALTHY, "ecstatic:ignore", value)).instanceClass()).isEqualTo(InstanceClass.IGNORED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "False", " false "})
    void ignoreTagFalse_doesNotIgnore(String value) {
        assertThat(classify(withTag(HEALTHY, "ecstatic:ignore", value)).instanceClass()).isEqualTo(InstanceClass.CANDIDATE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"INACTIVE", "DEREGISTERING"})
    void inactiveOrDeregisteringInstance_isIgnored(String status) {
        assertThat(classify(HEALTHY.toBuilder().status(status).build()))
                .isEqualTo(new Classification(InstanceClass.IGNORED, "status " + status));
    }

    @ParameterizedTest
    @EnumSource(value = AgentUpdateStatus.class, names = {"PENDING", "STAGING", "STAGED", "UPDATING"})
    void agentUpdateUnderWay_isUpdating(AgentUpdateStatus status) {
        assertThat(classify(updating(HEALTHY, status)))
                .isEqualTo(new Classification(InstanceClass.UPDATING, "agent update " + status));
    }

    @Test
    void agentRestartingDuringItsUpdate_isUpdatingNotDisconnected() {
        assertThat(classify(updating(HEALTHY, AgentUpdateStatus.UPDATING).toBuilder().agentConnected(false).build())
                .instanceClass()).isEqualTo(InstanceClass.UPDATING);
    }

    @Test
    void failedAgentUpdate_isUpdateFailed() {
        assertThat(classify(updating(HEALTHY, AgentUpdateStatus.FAILED)))
                .isEqualTo(new Classification(InstanceClass.UPDATE_FAILED, "last agent update FAILED"));
    }

    @Test
    void failedUpdateOnADisconnectedAgent_isUpdateFailed() {
        assertThat(classify(updating(HEALTHY, AgentUpdateStatus.FAILED).toBuilder().agentConnected(false).build())
                .instanceClass()).isEqualTo(InstanceClass.UPDATE_FAILED);
    }

    @Test
    void finishedUpdate_doesNotCount() {
        assertThat(classify(updating(HEALTHY, AgentUpdateStatus.UPDATED)).instanceClass())
                .isEqualTo(InstanceClass.CANDIDATE);
    }

    @Test
    void disconnectedAgent_isDisconnected() {
        assertThat(classify(HEALTHY.toBuilder().agentConnected(false).build()))
                .isEqualTo(new Classification(InstanceClass.DISCONNECTED, "agent disconnected"));
    }

    @Test
    void disconnectedWindowsAgent_isDisconnectedBeforeUnsupported() {
        assertThat(classify(withAttribute(HEALTHY, "ecs.os-type", "windows").toBuilder().agentConnected(false).build())
                .instanceClass()).isEqualTo(InstanceClass.DISCONNECTED);
    }

    @Test
    void windowsInstance_isUnsupported() {
        Classification c = classify(withAttribute(HEALTHY, "ecs.os-type", "windows"));
        assertThat(c.instanceClass()).isEqualTo(InstanceClass.UNSUPPORTED);
        assertThat(c.reason()).startsWith("Windows").contains("replace");
    }

    @Test
    void arm64Instance_isUnsupportedWithTheEcsInitAdvice() {
        Classification c = classify(withAttribute(HEALTHY, "ecs.cpu-architecture", "arm64"));
        assertThat(c.instanceClass()).isEqualTo(InstanceClass.UNSUPPORTED);
        assertThat(c.reason()).contains("ecs-init");
    }

    @Test
    void bottlerocketInstance_isUnsupported_itsAgentComesWithTheOs() {
        Classification c = classify(withAttribute(HEALTHY, "bottlerocket.variant", "aws-ecs-2"));
        assertThat(c.instanceClass()).isEqualTo(InstanceClass.UNSUPPORTED);
        assertThat(c.reason()).isEqualTo("Bottlerocket: its agent is updated with the OS");
        assertThat(Classifier.platform(withAttribute(withAttribute(HEALTHY, "bottlerocket.variant", "aws-ecs-2"),
                "ecs.os-type", "linux"))).startsWith("bottlerocket/");
    }

    @Test
    void ecsAnywhereInstance_isUnsupported() {
        Classification c = classify(HEALTHY.toBuilder().ec2InstanceId("mi-0123456789abcdef0").build());
        assertThat(c.instanceClass()).isEqualTo(InstanceClass.UNSUPPORTED);
        assertThat(c.reason()).contains("ECS Anywhere");
    }

    @Test
    void instanceWithoutVersionInfo_isUnsupported() {
        assertThat(classify(HEALTHY.toBuilder().versionInfo((VersionInfo) null).build()))
                .isEqualTo(new Classification(InstanceClass.UNSUPPORTED, "no agent version reported: replace the instance"));
        assertThat(classify(HEALTHY.toBuilder().versionInfo(VersionInfo.builder().build()).build()).instanceClass())
                .isEqualTo(InstanceClass.UNSUPPORTED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"DRAINING", "REGISTERING", "REGISTRATION_FAILED"})
    void anyOtherStatusThanActive_isNotActive(String status) {
        assertThat(classify(HEALTHY.toBuilder().status(status).build()))
                .isEqualTo(new Classification(InstanceClass.NOT_ACTIVE, "status " + status));
    }

    @Test
    void unsupportedDrainingInstance_isUnsupportedBeforeNotActive() {
        assertThat(classify(withAttribute(HEALTHY, "ecs.os-type", "windows").toBuilder().status("DRAINING").build())
                .instanceClass()).isEqualTo(InstanceClass.UNSUPPORTED);
    }

    @Test
    void healthyActiveLinuxInstance_isACandidate() {
        assertThat(classify(HEALTHY)).isEqualTo(new Classification(InstanceClass.CANDIDATE, null));
    }

    @Test
    void ignoreTag_winsOverEveryOtherRule() {
        ContainerInstance everythingWrong = withTag(updating(HEALTHY, AgentUpdateStatus.FAILED), "ecstatic:ignore", "true")
                .toBuilder().agentConnected(false).status("DRAINING").build();
        assertThat(classify(everythingWrong).instanceClass()).isEqualTo(InstanceClass.IGNORED);
    }

    @Test
    void platform_readsOsTypeAndArchitecture() {
        assertThat(Classifier.platform(HEALTHY)).isEqualTo("linux/x86_64");
        assertThat(Classifier.platform(HEALTHY.toBuilder().attributes(java.util.List.of()).build()))
                .isEqualTo("unknown/unknown");
    }
}
