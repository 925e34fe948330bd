package dev.ecstatic.cli.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecstatic.cli.wiring.TemplateWiring.AttributeDefinition;
import dev.ecstatic.cli.wiring.TemplateWiring.KeyElement;
import dev.ecstatic.cli.wiring.TemplateWiring.TableSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DynamoDB tables in template.yaml: their names and ARNs in the definition, and how to create them. */
class TemplateTablesTest {

    static final String MEMORY_TABLE = """
              MemoryTable:
                Type: AWS::DynamoDB::Table
                Properties:
                  BillingMode: PAY_PER_REQUEST
                  AttributeDefinitions:
                    - AttributeName: scope
                      AttributeType: S
                    - AttributeName: cluster
                      AttributeType: S
                  KeySchema:
                    - AttributeName: scope
                      KeyType: HASH
                    - AttributeName: cluster
                      KeyType: RANGE
                  SSESpecification:
                    SSEEnabled: true
                  PointInTimeRecoverySpecification:
                    PointInTimeRecoveryEnabled: true
                  TimeToLiveSpecification:
                    AttributeName: expiresAt
                    Enabled: true
            """;

    @TempDir Path dir;

    /** A template with {@code tables} (YAML under Resources) and a definition of {@code definition}'s text. */
    Path template(String tables, String substitutions, String definition) throws IOException {
        Files.createDirectories(dir.resolve("statemachine"));
        Files.writeString(dir.resolve("statemachine/machine.asl.json"), definition);
        Files.writeString(dir.resolve("template.yaml"), """
                Resources:
                %s
                  Machine:
                    Type: AWS::Serverless::StateMachine
                    Properties:
                      DefinitionUri: statemachine/machine.asl.json
                      DefinitionSubstitutions:
                %s
                """.formatted(tables, substitutions.indent(8).stripTrailing()));
        return dir.resolve("template.yaml");
    }

    @Test
    void refToATableIsItsNameAndGetAttArnItsArn() throws Exception {
        Path file = template(MEMORY_TABLE, """
                MemoryTableName: !Ref MemoryTable
                MemoryTableArn: !GetAtt MemoryTable.Arn""", "{\"T\": \"${MemoryTableName}\", \"A\": \"${MemoryTableArn}\"}");

        TemplateWiring wiring = TemplateWiring.load(file, "eu-west-1", "111122223333", Map.of());

        assertThat(wiring.substitutions()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "MemoryTableName", "ecstatic-MemoryTable",
                "MemoryTableArn", "arn:aws:dynamodb:eu-west-1:111122223333:table/ecstatic-MemoryTable"));
        assertThat(wiring.definition()).isEqualTo(
                "{\"T\": \"ecstatic-MemoryTable\", \"A\": \"arn:aws:dynamodb:eu-west-1:111122223333:table/ecstatic-MemoryTable\"}");
    }

    @Test
    void theTableIsDescribedAsTheTemplateDefinesIt() throws Exception {
        Path file = template(MEMORY_TABLE, "X: !Ref MemoryTable", "${X}");

        TableSpec table = TemplateWiring.load(file, "us-east-1", "123456789012", Map.of()).tables().get("MemoryTable");

        assertThat(table).isEqualTo(new TableSpec("MemoryTable", "ecstatic-MemoryTable",
                "arn:aws:dynamodb:us-east-1:123456789012:table/ecstatic-MemoryTable",
                List.of(new KeyElement("scope", "HASH"), new KeyElement("cluster", "RANGE")),
                List.of(new AttributeDefinition("scope", "S"), new AttributeDefinition("cluster", "S")),
                "PAY_PER_REQUEST", "expiresAt", true, true));
    }

    @Test
    void aDeployedStacksTableName_replacesTheLocalOne() throws Exception {
        Path file = template(MEMORY_TABLE, "MemoryTableName: !Ref MemoryTable", "${MemoryTableName}");

        TemplateWiring wiring = TemplateWiring.load(file, "us-east-1", "123456789012", Map.of(),
                Map.of("MemoryTable", "ecstatic-MemoryTable-1XYZ2ABC3"));

        assertThat(wiring.definition()).isEqualTo("ecstatic-MemoryTable-1XYZ2ABC3");
        assertThat(wiring.tables().get("MemoryTable").arn())
                .isEqualTo("arn:aws:dynamodb:us-east-1:123456789012:table/ecstatic-MemoryTable-1XYZ2ABC3");
    }

    @Test
    void aNameForATableTheTemplateDoesNotHave_isRefused() throws Exception {
        Path file = template(MEMORY_TABLE, "MemoryTableName: !Ref MemoryTable", "${MemoryTableName}");

        assertThatThrownBy(() -> TemplateWiring.load(file, "us-east-1", "123456789012", Map.of(),
                Map.of("Memory", "x"))).isInstanceOf(WiringException.class)
                .hasMessageContaining("no DynamoDB table Memory (tables: [MemoryTable])");
    }

        @Test
    void aTableWithoutTtlSseOrPitrHasNone_andItsTableNameIsKept() throws Exception {
        Path file = template("""
                  Plain:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      TableName: my-runs
                      BillingMode: PAY_PER_REQUEST
                      AttributeDefinitions: [{AttributeName: id, AttributeType: N}]
                      KeySchema: [{AttributeName: id, KeyType: HASH}]
                      TimeToLiveSpecification: {AttributeName: gone, Enabled: false}
                """, "X: !Ref Plain", "${X}");

        TableSpec table = TemplateWiring.load(file, "us-east-1", "123456789012", Map.of()).tables().get("Plain");

        assertThat(table.name()).isEqualTo("my-runs");
        assertThat(table.arn()).isEqualTo("arn:aws:dynamodb:us-east-1:123456789012:table/my-runs");
        assertThat(table.ttlAttribute()).isNull();
        assertThat(table.sseEnabled()).isFalse();
        assertThat(table.pointInTimeRecovery()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a stream                  | StreamSpecification: {StreamViewType: NEW_IMAGE}          | Resources.MemoryTable.Properties.StreamSpecification: the local runner creates tables from
            an index                  | GlobalSecondaryIndexes: []                                 | Resources.MemoryTable.Properties.GlobalSecondaryIndexes: the local runner creates tables from
            a customer managed key    | 'SSESpecification: {SSEEnabled: true, KMSMasterKeyId: k}'  | SSESpecification.KMSMasterKeyId: the local runner supports SSEEnabled only
            """)
    void anUnsupportedTablePropertyIsNamed(String what, String property, String message) throws Exception {
        String table = MEMORY_TABLE.replace("      SSESpecification:\n        SSEEnabled: true\n", "")
                + "      " + property + "\n";
        Path file = template(table, "X: !Ref MemoryTable", "${X}");

        assertThatThrownBy(() -> TemplateWiring.load(file, "us-east-1", "123456789012", Map.of()))
                .isInstanceOf(WiringException.class).hasMessageContaining(message);
    }

    @Test
    void aProvisionedTableIsRefused() throws Exception {
        Path file = template(MEMORY_TABLE.replace("PAY_PER_REQUEST", "PROVISIONED"), "X: !Ref MemoryTable", "${X}");

        assertThatThrownBy(() -> TemplateWiring.load(file, "us-east-1", "123456789012", Map.of()))
                .isInstanceOf(WiringException.class)
                .hasMessageContaining("Resources.MemoryTable.Properties.BillingMode: the local runner creates "
                        + "PAY_PER_REQUEST tables only, not PROVISIONED");
    }

    @Test
    void getAttOfAnotherTableAttributeIsRefused() throws Exception {
        Path file = template(MEMORY_TABLE, "X: !GetAtt MemoryTable.StreamArn", "${X}");

        assertThatThrownBy(() -> TemplateWiring.load(file, "us-east-1", "123456789012", Map.of()))
                .isInstanceOf(WiringException.class)
                .hasMessageContaining("DefinitionSubstitutions.X: !GetAtt MemoryTable.StreamArn: the local runner knows "
                        + "a table's Arn only");
    }

    @Test
    void aRefToAnUnknownResourceNamesTheKindsItKnows() throws Exception {
        Path file = template(MEMORY_TABLE, "X: !Ref OtherTable", "${X}");

        assertThatThrownBy(() -> TemplateWiring.load(file, "us-east-1", "123456789012", Map.of()))
                .isInstanceOf(WiringException.class)
                .hasMessageContaining("Ref OtherTable is neither a parameter, a function, a DynamoDB table nor an S3 bucket of this template");
    }

    @Test
    void aKeyTypeOtherThanHashOrRangeIsRefused() throws Exception {
        Path file = template(MEMORY_TABLE.replace("KeyType: RANGE", "KeyType: SORT"), "X: !Ref MemoryTable", "${X}");

        assertThatThrownBy(() -> TemplateWiring.load(file, "us-east-1", "123456789012", Map.of()))
                .isInstanceOf(WiringException.class)
                .hasMessageContaining("Resources.MemoryTable.Properties.KeySchema.KeyType must be one of [HASH, RANGE], was SORT");
    }
}
