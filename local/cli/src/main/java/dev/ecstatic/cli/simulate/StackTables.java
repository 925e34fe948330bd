package dev.ecstatic.cli.simulate;

import dev.ecstatic.cli.wiring.TemplateWiring.TableSpec;
import dev.ecstatic.cli.wiring.WiringException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The template's DynamoDB tables in a simulator, created from their properties as CloudFormation
 * creates them (CreateTable with its SSESpecification, then UpdateTimeToLive and
 * UpdateContinuousBackups), before a run reads or writes them. A table
 * that is already there (kept by a {@code --state} directory) is used as it is, if its keys are
 * the template's.
 */
public final class StackTables {

    /** A table of the template and whether this call created it or found it. */
    public record Table(String name, boolean created) {}

    private StackTables() {}

    /** A DynamoDB client for the simulator at {@code endpoint}: placeholder credentials, never the real ones. */
    public static DynamoDbClient client(URI endpoint, String region) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIDSIMULATED", "simulated-secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /**
     * Creates each table that does not exist yet.
     *
     * @throws WiringException when a table of that name exists with other keys than the template's
     */
    public static List<Table> create(DynamoDbClient dynamo, Collection<TableSpec> tables) {
        List<Table> out = new ArrayList<>();
        for (TableSpec spec : tables) {
            TableDescription existing = describe(dynamo, spec.name());
            if (existing != null) {
                checkKeys(spec, existing);
                out.add(new Table(spec.name(), false));
                continue;
            }
            dynamo.createTable(b -> b.tableName(spec.name())
                    .billingMode(spec.billingMode())
                    .keySchema(keySchema(spec))
                    .attributeDefinitions(spec.attributeDefinitions().stream()
                            .map(d -> AttributeDefinition.builder().attributeName(d.attributeName())
                                    .attributeType(d.attributeType()).build())
                            .toList())
                    .sseSpecification(sse -> sse.enabled(spec.sseEnabled())));
            if (spec.ttlAttribute() != null) {
                dynamo.updateTimeToLive(b -> b.tableName(spec.name())
                        .timeToLiveSpecification(ttl -> ttl.attributeName(spec.ttlAttribute()).enabled(true)));
            }
            if (spec.pointInTimeRecovery()) {
                dynamo.updateContinuousBackups(b -> b.tableName(spec.name())
                        .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
            }
            out.add(new Table(spec.name(), true));
        }
        return out;
    }

    private static TableDescription describe(DynamoDbClient dynamo, String name) {
        try {
            return dynamo.describeTable(b -> b.tableName(name)).table();
        } catch (ResourceNotFoundException e) {
            return null;
        }
    }

    private static List<KeySchemaElement> keySchema(TableSpec spec) {
        return spec.keySchema().stream()
                .map(k -> KeySchemaElement.builder().attributeName(k.attributeName()).keyType(k.keyType()).build())
                .toList();
    }

    private static void checkKeys(TableSpec spec, TableDescription existing) {
        if (!existing.keySchema().equals(keySchema(spec))) {
            throw new WiringException("table " + spec.name() + " already exists with the key schema "
                    + existing.keySchema().stream().map(k -> k.attributeName() + " " + k.keyTypeAsString()).toList()
                    + ", but template.yaml's " + spec.logicalId() + " has "
                    + spec.keySchema().stream().map(k -> k.attributeName() + " " + k.keyType()).toList()
                    + ": use another --state directory, or delete that table from it");
        }
    }
}
