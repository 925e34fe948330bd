package dev.ecstatic.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecstatic.cli.wiring.TemplateWiring.AttributeDefinition;
import dev.ecstatic.cli.wiring.TemplateWiring.KeyElement;
import dev.ecstatic.cli.wiring.TemplateWiring.TableSpec;
import dev.ecstatic.cli.wiring.WiringException;
import dev.ecstatic.simulator.AwsSimulator;
import dev.ecstatic.simulator.Fleet;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.SSEStatus;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** The template's tables in the simulator: created as the template defines them, or found again in a state directory. */
class StackTablesTest {

    static final TableSpec MEMORY = new TableSpec("MemoryTable", "ecstatic-MemoryTable",
            "arn:aws:dynamodb:us-east-1:123456789012:table/ecstatic-MemoryTable",
            List.of(new KeyElement("scope", "HASH"), new KeyElement("cluster", "RANGE")),
            List.of(new AttributeDefinition("scope", "S"), new AttributeDefinition("cluster", "S")),
            "PAY_PER_REQUEST", "expiresAt", true, true);

    static final Fleet NO_FLEET = Fleet.parse("{\"latestAgentVersion\": \"1.0.0\", \"clusters\": []}", "no fleet");

    @Test
    void theCreatedTableIsDescribedAsTheTemplateDefinesIt() {
        try (AwsSimulator simulator = AwsSimulator.start(NO_FLEET, 0, Clock.systemUTC());
             DynamoDbClient dynamo = StackTables.client(simulator.endpoint(), "us-east-1")) {

            List<StackTables.Table> tables = StackTables.create(dynamo, List.of(MEMORY));

            assertThat(tables).containsExactly(new StackTables.Table("ecstatic-MemoryTable", true));
            TableDescription table = dynamo.describeTable(b -> b.tableName("ecstatic-MemoryTable")).table();
            assertThat(table.tableArn()).isEqualTo(MEMORY.arn());
            assertThat(table.keySchema()).containsExactly(
                    KeySchemaElement.builder().attributeName("scope").keyType(KeyType.HASH).build(),
                    KeySchemaElement.builder().attributeName("cluster").keyType(KeyType.RANGE).build());
            assertThat(table.attributeDefinitions()).extracting(d -> d.attributeName() + ":" + d.attributeTypeAsString())
                    .containsExactlyInAnyOrder("scope:S", "cluster:S");
            assertThat(table.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
            var ttl = dynamo.describeTimeToLive(b -> b.tableName("ecstatic-MemoryTable")).timeToLiveDescription();
            assertThat(ttl.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
            assertThat(ttl.attributeName()).isEqualTo("expiresAt");
            assertThat(table.sseDescription().status()).isEqualTo(SSEStatus.ENABLED);
            assertThat(table.sseDescription().sseType()).isEqualTo(SSEType.KMS);
            assertThat(dynamo.describeContinuousBackups(b -> b.tableName("ecstatic-MemoryTable"))
                    .continuousBackupsDescription().pointInTimeRecoveryDescription().pointInTimeRecoveryStatus())
                    .isEqualTo(PointInTimeRecoveryStatus.ENABLED);
        }
    }

    @Test
    void aTableWithoutTtlSseOrPitr_isCreatedWithoutThem() {
        TableSpec plain = new TableSpec("Runs", "ecstatic-Runs", "arn", List.of(new KeyElement("id", "HASH")),
                List.of(new AttributeDefinition("id", "N")), "PAY_PER_REQUEST", null, false, false);
        try (AwsSimulator simulator = AwsSimulator.start(NO_FLEET, 0, Clock.systemUTC());
             DynamoDbClient dynamo = StackTables.client(simulator.endpoint(), "us-east-1")) {

            StackTables.create(dynamo, List.of(plain));

            assertThat(dynamo.describeTimeToLive(b -> b.tableName("ecstatic-Runs")).timeToLiveDescription()
                    .timeToLiveStatus()).isEqualTo(TimeToLiveStatus.DISABLED);
            assertThat(dynamo.describeTable(b -> b.tableName("ecstatic-Runs")).table().sseDescription()).isNull();
            assertThat(dynamo.describeContinuousBackups(b -> b.tableName("ecstatic-Runs"))
                    .continuousBackupsDescription().pointInTimeRecoveryDescription().pointInTimeRecoveryStatus())
                    .isEqualTo(PointInTimeRecoveryStatus.DISABLED);
        }
    }

    @Test
    void aTableKeptInAStateDirectory_isUsedAsItIsWithItsItems(@TempDir Path state) {
        Map<String, AttributeValue> item = Map.of("scope", AttributeValue.fromS("123456789012#us-east-1"),
                "cluster", AttributeValue.fromS("prod-web"), "lastOutcome", AttributeValue.fromS("BLOCKED"));
        try (AwsSimulator simulator = AwsSimulator.start(NO_FLEET, 0, Clock.systemUTC(), state);
             DynamoDbClient dynamo = StackTables.client(simulator.endpoint(), "us-east-1")) {
            StackTables.create(dynamo, List.of(MEMORY));
            dynamo.putItem(b -> b.tableName(MEMORY.name()).item(item));
        }
        try (AwsSimulator simulator = AwsSimulator.start(NO_FLEET, 0, Clock.systemUTC(), state);
             DynamoDbClient dynamo = StackTables.client(simulator.endpoint(), "us-east-1")) {

            List<StackTables.Table> tables = StackTables.create(dynamo, List.of(MEMORY));

            assertThat(tables).containsExactly(new StackTables.Table("ecstatic-MemoryTable", false));
            assertThat(StateDirectory.items(dynamo, MEMORY.name())).containsExactly(item);
        }
    }

    @Test
    void aTableOfThatNameWithOtherKeys_isRefusedNamingBoth() {
        try (AwsSimulator simulator = AwsSimulator.start(NO_FLEET, 0, Clock.systemUTC());
             DynamoDbClient dynamo = StackTables.client(simulator.endpoint(), "us-east-1")) {
            dynamo.createTable(b -> b.tableName(MEMORY.name()).billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                    .attributeDefinitions(d -> d.attributeName("id").attributeType("S")));

            assertThatThrownBy(() -> StackTables.create(dynamo, List.of(MEMORY)))
                    .isInstanceOf(WiringException.class)
                    .hasMessage("table ecstatic-MemoryTable already exists with the key schema [id HASH], but "
                            + "template.yaml's MemoryTable has [scope HASH, cluster RANGE]: use another --state directory, "
                            + "or delete that table from it");
        }
    }

    @ParameterizedTest(name = "last run {0} -> next run {1}")
    @CsvSource({
            "2026-01-05T09:00:00Z, 2026-01-05T10:00:00Z",
            "2026-01-05T09:00:30Z, 2026-01-05T10:00:00Z",
            "2026-01-06T08:59:59Z, 2026-01-06T09:00:00Z",
            "2026-01-06T09:00:00Z, 2026-01-06T10:00:00Z",
            "2025-12-31T00:00:00Z, 2026-01-05T09:00:00Z",
            "not a time,           2026-01-05T09:00:00Z"})
    void aSimulationKeptInAStateDirectory_resumesAtTheScheduleAfterItsLastRun(String lastRun, String next,
                                                                              @TempDir Path state) {
        try (AwsSimulator simulator = AwsSimulator.start(NO_FLEET, 0, Clock.fixed(Simulation.EPOCH, ZoneOffset.UTC), state);
             DynamoDbClient dynamo = StackTables.client(simulator.endpoint(), "us-east-1")) {
            StackTables.create(dynamo, List.of(MEMORY));
            dynamo.putItem(b -> b.tableName(MEMORY.name()).item(Map.of(
                    "scope", AttributeValue.fromS("a"), "cluster", AttributeValue.fromS("leased, never concluded"),
                    "leaseOwner", AttributeValue.fromS("arn:aws:states:us-east-1:123456789012:execution:x:y"))));
            dynamo.putItem(b -> b.tableName(MEMORY.name()).item(Map.of(
                    "scope", AttributeValue.fromS("a"), "cluster", AttributeValue.fromS("latest"),
                    "lastRunTime", AttributeValue.fromS(lastRun))));
        }

        Instant resume = StateDirectory.nextRun(state, "us-east-1", List.of(MEMORY.name(), "absent"), Duration.ofHours(1));

        assertThat(resume).isEqualTo(Instant.parse(next));
    }

    @Test
    void anEmptyStateDirectory_startsAtTheEpoch(@TempDir Path state) {
        assertThat(StateDirectory.nextRun(state, "us-east-1", List.of(MEMORY.name()), Duration.ofHours(1)))
                .isEqualTo(Simulation.EPOCH);
    }
}
