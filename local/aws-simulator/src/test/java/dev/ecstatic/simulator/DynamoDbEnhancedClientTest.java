package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.extensions.annotations.DynamoDbVersionAttribute;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSortKey;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchGetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchWriteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.ReadBatch;
import software.amazon.awssdk.enhanced.dynamodb.model.WriteBatch;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The DynamoDB Enhanced Client, as application code would use it for a per-cluster memory: a bean
 * with a version attribute (optimistic locking through condition expressions), queries, scans and
 * batches.
 */
class DynamoDbEnhancedClientTest {

    /** One cluster's remembered state, per run. */
    @DynamoDbBean
    public static class ClusterRecord {
        private String cluster;
        private Integer run;
        private String outcome;
        private List<String> instances;
        private Long version;

        @DynamoDbPartitionKey
        public String getCluster() {
            return cluster;
        }

        public void setCluster(String cluster) {
            this.cluster = cluster;
        }

        @DynamoDbSortKey
        public Integer getRun() {
            return run;
        }

        public void setRun(Integer run) {
            this.run = run;
        }

        public String getOutcome() {
            return outcome;
        }

        public void setOutcome(String outcome) {
            this.outcome = outcome;
        }

        public List<String> getInstances() {
            return instances;
        }

        public void setInstances(List<String> instances) {
            this.instances = instances;
        }

        @DynamoDbVersionAttribute
        public Long getVersion() {
            return version;
        }

        public void setVersion(Long version) {
            this.version = version;
        }
    }

    private AwsSimulator sim;
    private DynamoDbClient client;
    private DynamoDbTable<ClusterRecord> table;
    private DynamoDbEnhancedClient enhanced;

    @BeforeEach
    void start() {
        sim = ServiceClients.start(MutableClock.at("2026-01-01T00:00:00Z"), "{\"throttle\": false}");
        client = ServiceClients.dynamoDb(sim);
        enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(client).build();
        table = enhanced.table("cluster-memory", TableSchema.fromBean(ClusterRecord.class));
        table.createTable();
    }

    @AfterEach
    void stop() {
        client.close();
        sim.close();
    }

    private static ClusterRecord record(String cluster, int run, String outcome) {
        ClusterRecord r = new ClusterRecord();
        r.setCluster(cluster);
        r.setRun(run);
        r.setOutcome(outcome);
        r.setInstances(List.of("i-1", "i-2"));
        return r;
    }

    @Test
    void putGetUpdateAndDelete_withOptimisticLocking() {
        table.putItem(record("prod-web", 1, "STARTED"));
        ClusterRecord got = table.getItem(Key.builder().partitionValue("prod-web").sortValue(1).build());
        assertThat(got.getOutcome()).isEqualTo("STARTED");
        assertThat(got.getInstances()).containsExactly("i-1", "i-2");
        assertThat(got.getVersion()).isEqualTo(1L);

        got.setOutcome("UP_TO_DATE");
        ClusterRecord updated = table.updateItem(got);
        assertThat(updated.getVersion()).isEqualTo(2L);

        ClusterRecord stale = record("prod-web", 1, "BLOCKED");
        stale.setVersion(1L);
        assertThatThrownBy(() -> table.updateItem(stale)).isInstanceOf(ConditionalCheckFailedException.class);
        assertThatThrownBy(() -> table.putItem(record("prod-web", 1, "fresh")))
                .isInstanceOf(ConditionalCheckFailedException.class);

        ClusterRecord deleted = table.deleteItem(Key.builder().partitionValue("prod-web").sortValue(1).build());
        assertThat(deleted.getOutcome()).isEqualTo("UP_TO_DATE");
        assertThat(table.getItem(Key.builder().partitionValue("prod-web").sortValue(1).build())).isNull();
    }

    @Test
    void queryScanAndBatches_readBackWhatWasWritten() {
        for (int run = 1; run <= 5; run++) {
            table.putItem(record("prod-web", run, run % 2 == 0 ? "STARTED" : "UP_TO_DATE"));
        }
        table.putItem(record("batch", 1, "BLOCKED"));

        List<ClusterRecord> latestFirst = table.query(r -> r.queryConditional(QueryConditional.sortGreaterThan(
                Key.builder().partitionValue("prod-web").sortValue(2).build())).scanIndexForward(false)).items().stream().toList();
        assertThat(latestFirst).extracting(ClusterRecord::getRun).containsExactly(5, 4, 3);

        List<ClusterRecord> started = table.scan(r -> r.filterExpression(Expression.builder().expression("outcome = :o")
                .expressionValues(Map.of(":o", AttributeValue.fromS("STARTED"))).build())).items().stream().toList();
        assertThat(started).extracting(ClusterRecord::getRun).containsExactlyInAnyOrder(2, 4);

        // Without the version extension: DynamoDB refuses conditions inside BatchWriteItem.
        DynamoDbEnhancedClient plain = DynamoDbEnhancedClient.builder().dynamoDbClient(client).extensions().build();
        DynamoDbTable<ClusterRecord> unversioned = plain.table("cluster-memory", TableSchema.fromBean(ClusterRecord.class));
        var batchWrite = plain.batchWriteItem(BatchWriteItemEnhancedRequest.builder().writeBatches(
                WriteBatch.builder(ClusterRecord.class).mappedTableResource(unversioned)
                        .addPutItem(record("checkout", 1, "STARTED"))
                        .addDeleteItem(Key.builder().partitionValue("batch").sortValue(1).build()).build()).build());
        assertThat(batchWrite.unprocessedPutItemsForTable(unversioned)).isEmpty();

        var pages = enhanced.batchGetItem(BatchGetItemEnhancedRequest.builder().readBatches(
                ReadBatch.builder(ClusterRecord.class).mappedTableResource(table)
                        .addGetItem(Key.builder().partitionValue("checkout").sortValue(1).build())
                        .addGetItem(Key.builder().partitionValue("batch").sortValue(1).build()).build()).build());
        assertThat(pages.resultsForTable(table).stream().toList()).extracting(ClusterRecord::getCluster)
                .containsExactly("checkout");
    }
}
