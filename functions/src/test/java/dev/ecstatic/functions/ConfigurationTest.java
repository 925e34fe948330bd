package dev.ecstatic.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecstatic.functions.model.Inventory;
import dev.ecstatic.functions.model.ListClustersRequest;
import dev.ecstatic.functions.model.ListClustersResponse;
import dev.ecstatic.functions.model.ListInstancesRequest;
import dev.ecstatic.functions.model.Settings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each handler's environment, read once at construction, and the errors that say what to set. */
class ConfigurationTest {
    private final Map<String, String> saved = new HashMap<>();

    @AfterEach
    void restoreSystemProperties() {
        saved.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
    }

    private void setSystemProperties(Map<String, String> properties) {
        properties.forEach((k, v) -> {
            saved.put(k, System.getProperty(k));
            System.setProperty(k, v);
        });
    }

    @Test
    void templateParameters_becomeTheDefaultSettings() {
        ListClustersConfig config = ListClustersConfig.from(Map.of("ECSTATIC_DRY_RUN", "TRUE",
                "ECSTATIC_MAX_UPDATES_PER_CLUSTER", "3", "ECSTATIC_MAX_RUN_MINUTES", "30", "ECSTATIC_POLL_SECONDS", "15",
                "ECSTATIC_DISCONNECT_RECHECK_SECONDS", "120", "ECSTATIC_EXCLUDE_CLUSTERS", " legacy, ,batch ",
                "ECSTATIC_LOG_LEVEL", "debug", "ECSTATIC_REPLACE_INSTANCES", "drifted",
                "ECSTATIC_DRAIN_TIMEOUT_MINUTES", "45", "ECSTATIC_REPLACE_TIMEOUT_MINUTES", "15"));

        assertThat(config.defaults()).isEqualTo(new Settings(true, 3, 30, 15, 120, "drifted", 45, 15));
        assertThat(config.excludeClusters()).containsExactly("legacy", "batch");
        assertThat(config.logLevel()).isEqualTo(Log.Level.DEBUG);
    }

    @Test
    void emptyEnvironment_usesTheDocumentedDefaults() {
        ListClustersConfig config = ListClustersConfig.from(Map.of());

        assertThat(config.defaults()).isEqualTo(new Settings(false, 1, 45, 30, 60));
        assertThat(config.defaults()).isEqualTo(new Settings(false, 1, 45, 30, 60, "never", 30, 20));
        assertThat(config.excludeClusters()).isEmpty();
        assertThat(config.logLevel()).isEqualTo(Log.Level.INFO);
    }

    @Test
    void invalidNumber_failsFastNamingTheVariableAndTheRange() {
        assertThatThrownBy(() -> ListClustersConfig.from(Map.of("ECSTATIC_MAX_UPDATES_PER_CLUSTER", "0")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("ECSTATIC_MAX_UPDATES_PER_CLUSTER is '0': set it to a whole number from 1 to 100 (default 1)");
        assertThatThrownBy(() -> ListClustersConfig.from(Map.of("ECSTATIC_POLL_SECONDS", "soon")))
                .hasMessageStartingWith("ECSTATIC_POLL_SECONDS is 'soon'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ECSTATIC_REPLACE_INSTANCES       | always | ECSTATIC_REPLACE_INSTANCES is 'always': set it to never, unupdatable or drifted (default never)
            ECSTATIC_REPLACE_INSTANCES       | Never  | ECSTATIC_REPLACE_INSTANCES is 'Never': set it to never, unupdatable or drifted (default never)
            ECSTATIC_DRAIN_TIMEOUT_MINUTES   | 0      | ECSTATIC_DRAIN_TIMEOUT_MINUTES is '0': set it to a whole number from 1 to 1440 (default 30)
            ECSTATIC_DRAIN_TIMEOUT_MINUTES   | 1441   | ECSTATIC_DRAIN_TIMEOUT_MINUTES is '1441': set it to a whole number from 1 to 1440 (default 30)
            ECSTATIC_REPLACE_TIMEOUT_MINUTES | 2.5    | ECSTATIC_REPLACE_TIMEOUT_MINUTES is '2.5': set it to a whole number from 1 to 1440 (default 20)
            ECSTATIC_REPLACE_TIMEOUT_MINUTES | soon   | ECSTATIC_REPLACE_TIMEOUT_MINUTES is 'soon': set it to a whole number from 1 to 1440 (default 20)
            """)
    void invalidReplacementSetting_failsFastNamingTheVariableAndWhatToSet(String variable, String value, String message) {
        assertThatThrownBy(() -> ListClustersConfig.from(Map.of(variable, value)))
                .isInstanceOf(IllegalStateException.class).hasMessage(message);
    }

    @Test
    void aHugeReplaceInstancesValue_isCutInTheMessage() {
        assertThatThrownBy(() -> ListClustersConfig.from(Map.of("ECSTATIC_REPLACE_INSTANCES", "x".repeat(10_000))))
                .hasMessageStartingWith("ECSTATIC_REPLACE_INSTANCES is 'xxx").message().hasSizeLessThan(200);
    }

    @Test
    void invalidBoolean_failsFastNamingTheVariable() {
        assertThatThrownBy(() -> ListClustersConfig.from(Map.of("ECSTATIC_DRY_RUN", "yes")))
                .hasMessage("ECSTATIC_DRY_RUN is 'yes': set it to true or false");
    }

    @Test
    void invalidLogLevel_failsFastInEveryHandler() {
        Map<String, String> env = Map.of("ECSTATIC_LOG_LEVEL", "LOUD", "AWS_REGION", "us-east-1");

        assertThatThrownBy(() -> new AssessHealthHandler(env)).hasMessageContaining("ECSTATIC_LOG_LEVEL is 'LOUD'");
        assertThatThrownBy(() -> new ListInstancesHandler(env)).hasMessageContaining("ECSTATIC_LOG_LEVEL");
        assertThatThrownBy(() -> new UpdateOneAgentHandler(env)).hasMessageContaining("ECSTATIC_LOG_LEVEL");
        assertThatThrownBy(() -> new ListClustersHandler(env)).hasMessageContaining("ECSTATIC_LOG_LEVEL");
        assertThatThrownBy(() -> new NotifyHandler(env)).hasMessageContaining("ECSTATIC_LOG_LEVEL");
    }

    @Test
    void pythonLogLevelNames_ofTheOriginalToolAreAccepted() {
        assertThat(Log.level(Map.of("ECSTATIC_LOG_LEVEL", "WARNING"))).isEqualTo(Log.Level.WARN);
        assertThat(Log.level(Map.of("ECSTATIC_LOG_LEVEL", "critical"))).isEqualTo(Log.Level.ERROR);
    }

    @Test
    void logLevel_filtersLinesBelowIt() {
        CapturingContext context = new CapturingContext();
        Log log = Log.of(context, Log.Level.WARN, "test");

        log.info("hidden", Map.of());
        log.warn("shown", Map.of("k", "v"));

        assertThat(context.json()).singleElement().satisfies(line -> assertThat(line)
                .containsEntry("level", "WARN").containsEntry("event", "shown").containsEntry("k", "v"));
    }

    @Test
    void handlersBuiltFromTheirEnvironment_reachTheEndpointsTheSdkIsConfiguredWith() throws Exception {
        try (StubAwsServer stub = new StubAwsServer()) {
            setSystemProperties(stub.systemProperties());
            Map<String, String> env = Map.of("AWS_REGION", "us-east-1", "ECSTATIC_MAX_UPDATES_PER_CLUSTER", "2");

            ListClustersResponse clusters = new ListClustersHandler(env)
                    .handleRequest(new ListClustersRequest(Map.of()), new CapturingContext());
            Inventory inventory = new ListInstancesHandler(env).handleRequest(
                    new ListInstancesRequest(clusters.clusters().getFirst(), clusters.recommended(), null),
                    new CapturingContext());

            assertThat(clusters.clusters()).extracting(c -> c.name()).containsExactly("prod-web");
            assertThat(clusters.settings().maxUpdatesPerCluster()).isEqualTo(2);
            assertThat(clusters.recommended()).containsOnlyKeys("amazon-linux-2023");
            assertThat(inventory.candidates()).singleElement().extracting(r -> r.ec2InstanceId())
                    .isEqualTo("i-0a1b2c3d4e5f60718");
            // EC2 at the configured endpoint too (the stub refuses it: the drift is then AMI_UNKNOWN).
            assertThat(stub.actions).containsExactly("ListClusters", "DescribeClusters", "GetParameters",
                    "ListContainerInstances", "DescribeContainerInstances", "DescribeInstances");
            assertThat(inventory.amis().counts()).containsEntry(dev.ecstatic.functions.model.AmiClass.AMI_UNKNOWN, 1);
        }
    }

    @Test
    void everyHandlerBuiltFromItsEnvironment_runsThroughTheRealSdk() throws Exception {
        try (StubAwsServer stub = new StubAwsServer()) {
            setSystemProperties(stub.systemProperties());
            Map<String, String> env = Map.of("AWS_REGION", "us-east-1", "ECSTATIC_LOG_LEVEL", "DEBUG");
            var cluster = new dev.ecstatic.functions.model.Cluster("prod-web",
                    "arn:aws:ecs:us-east-1:123456789012:cluster/prod-web");

            var updated = new UpdateOneAgentHandler(env).handleRequest(new dev.ecstatic.functions.model.UpdateOneAgentRequest(
                    cluster, List.of(Fixtures.ref("a", "1.86.3")), Map.of(), 0), new CapturingContext());
            var decision = new AssessHealthHandler(env).handleRequest(new dev.ecstatic.functions.model.AssessHealthRequest(
                    HealthRulesTest.inventory(Map.of()), Fixtures.SETTINGS, false, Map.of()), new CapturingContext());
            var notified = new NotifyHandler(env).handleRequest(new dev.ecstatic.functions.model.NotifyRequest(
                    dev.ecstatic.functions.model.NotificationKind.ERROR, cluster, List.of(), "boom", null, 0),
                    new CapturingContext());

            assertThat(updated.outcome()).isEqualTo(dev.ecstatic.functions.model.UpdateOutcome.STARTED);
            assertThat(stub.actions).containsExactly("UpdateContainerAgent");
            assertThat(decision.decision()).isEqualTo(dev.ecstatic.functions.model.DecisionKind.NOTHING_TO_DO);
            assertThat(notified.problem()).isEqualTo("no webhook configured");
        }
    }

    @Test
    void everyHandler_hasTheConstructorsTheRuntimeAndTheLocalRunnerUse() throws Exception {
        for (Class<?> handler : List.of(ListClustersHandler.class, ListInstancesHandler.class, AssessHealthHandler.class,
                UpdateOneAgentHandler.class, NotifyHandler.class)) {
            assertThat(java.lang.reflect.Modifier.isPublic(handler.getConstructor().getModifiers())).as(handler.getName())
                    .isTrue();
            assertThat(handler.getConstructor(Map.class)).as(handler.getName()).isNotNull();
            assertThat(com.amazonaws.services.lambda.runtime.RequestHandler.class).isAssignableFrom(handler);
        }
    }

    @Test
    void exceptionClassNames_areTheStepFunctionsErrorNamesOfTheContract() {
        assertThat(List.of(InvalidInputException.class, TransientAwsException.class, TransientWebhookException.class))
                .extracting(Class::getName).containsExactly("dev.ecstatic.functions.InvalidInputException",
                        "dev.ecstatic.functions.TransientAwsException", "dev.ecstatic.functions.TransientWebhookException");
        assertThat(RuntimeException.class).isAssignableFrom(InvalidInputException.class)
                .isAssignableFrom(TransientAwsException.class).isAssignableFrom(TransientWebhookException.class);
    }
}
