package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsDescription;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.SSEStatus;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableNotFoundException;

/** CreateTable's SSESpecification in DescribeTable, and point-in-time recovery (UpdateContinuousBackups), kept in --state. */
class DynamoDbEncryptionAndBackupsTest {

    private static final Instant START = Instant.parse("2026-01-05T09:00:00Z");
    private static final Clock CLOCK = Clock.fixed(START, ZoneOffset.UTC);

    private static void create(DynamoDbClient db, String name, Boolean sse) {
        db.createTable(b -> {
            b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                    .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S));
            if (sse != null) {
                b.sseSpecification(s -> s.enabled(sse));
            }
        });
    }

    private static TableDescription describe(DynamoDbClient db, String name) {
        return db.describeTable(b -> b.tableName(name)).table();
    }

    @Test
    void sseEnabled_isTheAwsManagedKeyInDescribeTable() {
        try (AwsSimulator sim = Sim.start(Sim.testFleet(), CLOCK); DynamoDbClient db = ServiceClients.dynamoDb(sim)) {
            create(db, "memory", true);

            var sse = describe(db, "memory").sseDescription();

            assertThat(sse.status()).isEqualTo(SSEStatus.ENABLED);
            assertThat(sse.sseType()).isEqualTo(SSEType.KMS);
            assertThat(sse.kmsMasterKeyArn()).matches("arn:aws:kms:us-east-1:123456789012:key/[0-9a-f-]{36}");
        }
    }

    @ParameterizedTest(name = "SSESpecification.Enabled {0}")
    @CsvSource({"false", ","})
    void theAwsOwnedKey_hasNoSseDescription(Boolean enabled) {
        try (AwsSimulator sim = Sim.start(Sim.testFleet(), CLOCK); DynamoDbClient db = ServiceClients.dynamoDb(sim)) {
            create(db, "memory", enabled);

            assertThat(describe(db, "memory").sseDescription()).isNull();
        }
    }

    @Test
    void aCustomerManagedKey_isRefusedAsNotImplemented() {
        try (AwsSimulator sim = Sim.start(Sim.testFleet(), CLOCK); DynamoDbClient db = ServiceClients.dynamoDb(sim)) {
            assertThatThrownBy(() -> db.createTable(b -> b.tableName("memory").billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                    .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                    .sseSpecification(s -> s.enabled(true).kmsMasterKeyId("alias/mine"))))
                    .isInstanceOf(DynamoDbException.class)
                    .hasMessageContaining("The simulator does not implement customer managed keys");
        }
    }

    @Test
    void pointInTimeRecovery_isDisabledUntilEnabled() {
        try (AwsSimulator sim = Sim.start(Sim.testFleet(), CLOCK); DynamoDbClient db = ServiceClients.dynamoDb(sim)) {
            create(db, "memory", true);
            assertThat(db.describeContinuousBackups(b -> b.tableName("memory")).continuousBackupsDescription()
                    .pointInTimeRecoveryDescription().pointInTimeRecoveryStatus()).isEqualTo(PointInTimeRecoveryStatus.DISABLED);

            ContinuousBackupsDescription updated = db.updateContinuousBackups(b -> b.tableName("memory")
                    .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true))).continuousBackupsDescription();

            assertThat(updated.continuousBackupsStatusAsString()).isEqualTo("ENABLED");
            assertThat(updated.pointInTimeRecoveryDescription().pointInTimeRecoveryStatus())
                    .isEqualTo(PointInTimeRecoveryStatus.ENABLED);
            assertThat(updated.pointInTimeRecoveryDescription().earliestRestorableDateTime()).isEqualTo(START);
            assertThat(db.describeContinuousBackups(b -> b.tableName("memory")).continuousBackupsDescription()
                    .pointInTimeRecoveryDescription().pointInTimeRecoveryStatus()).isEqualTo(PointInTimeRecoveryStatus.ENABLED);
        }
    }

    @Test
    void continuousBackupsOfAMissingTable_isTableNotFound() {
        try (AwsSimulator sim = Sim.start(Sim.testFleet(), CLOCK); DynamoDbClient db = ServiceClients.dynamoDb(sim)) {
            assertThatThrownBy(() -> db.describeContinuousBackups(b -> b.tableName("nope")))
                    .isInstanceOf(TableNotFoundException.class).hasMessageStartingWith("Table not found: nope");
            assertThatThrownBy(() -> db.updateContinuousBackups(b -> b.tableName("nope")
                    .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true))))
                    .isInstanceOf(TableNotFoundException.class);
        }
    }

    @Test
    void encryptionAndRecovery_areKeptInTheStateDirectory(@TempDir Path state) {
        try (AwsSimulator sim = AwsSimulator.start(Sim.testFleet(), 0, CLOCK, state);
             DynamoDbClient db = ServiceClients.dynamoDb(sim)) {
            create(db, "memory", true);
            db.updateContinuousBackups(b -> b.tableName("memory")
                    .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
        }
        try (AwsSimulator sim = AwsSimulator.start(Sim.testFleet(), 0, CLOCK, state);
             DynamoDbClient db = ServiceClients.dynamoDb(sim)) {
            assertThat(describe(db, "memory").sseDescription().status()).isEqualTo(SSEStatus.ENABLED);
            assertThat(db.describeContinuousBackups(b -> b.tableName("memory")).continuousBackupsDescription()
                    .pointInTimeRecoveryDescription().pointInTimeRecoveryStatus()).isEqualTo(PointInTimeRecoveryStatus.ENABLED);
        }
    }
}
