package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Every DynamoDB action, driven through the AWS SDK for Java v2's DynamoDbClient. */
class DynamoDbActionsTest {

    private AwsSimulator sim;
    private DynamoDbClient db;

    @BeforeEach
    void start() {
        sim = ServiceClients.start(MutableClock.at("2026-01-01T00:00:00Z"), "{\"throttle\": false}");
        db = ServiceClients.dynamoDb(sim);
    }

    @AfterEach
    void stop() {
        db.close();
        sim.close();
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(String v) {
        return AttributeValue.fromN(v);
    }

    void createTable(String name, boolean withSortKey) {
        db.createTable(b -> {
            b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST);
            if (withSortKey) {
                b.keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE))
                        .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                                a -> a.attributeName("sk").attributeType(ScalarAttributeType.N));
            } else {
                b.keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                        .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S));
            }
        });
    }

    @Test
    void createDescribeListAndDeleteTables_asTheSdkAndItsWaiterSeeThem() {
        var created = db.createTable(b -> b.tableName("orders").billingMode(BillingMode.PROVISIONED)
                .provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(3L))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S)));
        assertThat(created.tableDescription().tableStatus()).isEqualTo(TableStatus.CREATING);
        db.waiter().waitUntilTableExists(b -> b.tableName("orders"));
        createTable("alpha", false);
        createTable("zeta", true);

        var table = db.describeTable(b -> b.tableName("orders")).table();
        assertThat(table.tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(table.tableArn()).isEqualTo("arn:aws:dynamodb:us-east-1:123456789012:table/orders");
        assertThat(table.provisionedThroughput().readCapacityUnits()).isEqualTo(5L);
        assertThat(table.keySchema().getFirst().attributeName()).isEqualTo("id");
        assertThat(db.describeTable(b -> b.tableName("alpha")).table().billingModeSummary().billingMode())
                .isEqualTo(BillingMode.PAY_PER_REQUEST);

        var first = db.listTables(b -> b.limit(2));
        assertThat(first.tableNames()).containsExactly("alpha", "orders");
        assertThat(first.lastEvaluatedTableName()).isEqualTo("orders");
        assertThat(db.listTables(b -> b.exclusiveStartTableName("orders")).tableNames()).containsExactly("zeta");
        assertThat(db.listTablesPaginator(b -> b.limit(1)).tableNames()).containsExactly("alpha", "orders", "zeta");

        assertThat(db.deleteTable(b -> b.tableName("orders")).tableDescription().tableStatus()).isEqualTo(TableStatus.DELETING);
        db.waiter().waitUntilTableNotExists(b -> b.tableName("orders"));
        assertThat(db.listTables().tableNames()).containsExactly("alpha", "zeta");
    }

    @Test
    void putAndGet_keepEveryAttributeTypeAndNormaliseNumbers() {
        createTable("ttt", false);
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("id", s("a"));
        item.put("s", s(""));
        item.put("n", n("001.50"));
        item.put("big", n("1E+5"));
        item.put("b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, (byte) 255})));
        item.put("bool", AttributeValue.fromBool(true));
        item.put("nul", AttributeValue.fromNul(true));
        item.put("m", AttributeValue.fromM(Map.of("x", n("1"), "deep", AttributeValue.fromM(Map.of("y", s("z"))))));
        item.put("l", AttributeValue.fromL(List.of(s("one"), n("2"), AttributeValue.fromL(List.of()))));
        item.put("ss", AttributeValue.fromSs(List.of("p", "q")));
        item.put("ns", AttributeValue.fromNs(List.of("1", "2.50")));
        item.put("bs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("r"))));
        db.putItem(b -> b.tableName("ttt").item(item));

        Map<String, AttributeValue> got = db.getItem(b -> b.tableName("ttt").key(Map.of("id", s("a")))).item();
        assertThat(got.get("n").n()).isEqualTo("1.5");
        assertThat(got.get("big").n()).isEqualTo("100000");
        assertThat(got.get("ns").ns()).containsExactlyInAnyOrder("1", "2.5");
        assertThat(got.get("b").b().asByteArray()).containsExactly(0, 1, 255);
        assertThat(got.get("s").s()).isEmpty();
        assertThat(got.get("nul").nul()).isTrue();
        assertThat(got.get("m").m().get("deep").m().get("y").s()).isEqualTo("z");
        assertThat(got.get("l").l()).hasSize(3);
        assertThat(got.get("ss").ss()).containsExactly("p", "q");
        assertThat(got.get("bs").bs().getFirst().asUtf8String()).isEqualTo("r");
        assertThat(got).hasSize(item.size());

        var projected = db.getItem(b -> b.tableName("ttt").key(Map.of("id", s("a")))
                .projectionExpression("m.deep.y, l[1], #s").expressionAttributeNames(Map.of("#s", "ss"))).item();
        assertThat(projected.keySet()).containsExactlyInAnyOrder("m", "l", "ss");
        assertThat(projected.get("m").m()).containsOnlyKeys("deep");
        assertThat(projected.get("l").l()).containsExactly(n("2"));

        assertThat(db.getItem(b -> b.tableName("ttt").key(Map.of("id", s("none")))).hasItem()).isFalse();
    }

    @Test
    void updateItem_appliesEveryActionAndReturnsWhatEachReturnValuesAsks() {
        createTable("ttt", false);
        db.putItem(b -> b.tableName("ttt").item(Map.of("id", s("k"), "count", n("5"), "tags", AttributeValue.fromSs(List.of("a", "b")),
                "labels", AttributeValue.fromSs(List.of("a", "x")),
                "seq", AttributeValue.fromL(List.of(n("1"), n("2"), n("3"))), "doc", AttributeValue.fromM(Map.of("x", n("1"))),
                "gone", s("bye"))));

        var updatedNew = db.updateItem(b -> b.tableName("ttt").key(Map.of("id", s("k")))
                .updateExpression("SET #c = #c + :one, doc.y = :two, seq[1] = :ten, fresh = if_not_exists(fresh, :zero), "
                        + "appended = list_append(:head, seq) REMOVE gone, seq[0] ADD tally :one, tags :more DELETE labels :a")
                .expressionAttributeNames(Map.of("#c", "count"))
                .expressionAttributeValues(Map.of(":one", n("1"), ":two", n("2"), ":ten", n("10"), ":zero", n("0"),
                        ":head", AttributeValue.fromL(List.of(s("h"))), ":more", AttributeValue.fromSs(List.of("c")),
                        ":a", AttributeValue.fromSs(List.of("a"))))
                .returnValues(ReturnValue.UPDATED_NEW)).attributes();
        assertThat(updatedNew.get("count").n()).isEqualTo("6");
        assertThat(updatedNew.get("doc").m()).containsOnlyKeys("y");
        assertThat(updatedNew.get("fresh").n()).isEqualTo("0");
        assertThat(updatedNew.get("tally").n()).isEqualTo("1");
        assertThat(updatedNew).doesNotContainKey("gone");

        Map<String, AttributeValue> item = db.getItem(b -> b.tableName("ttt").key(Map.of("id", s("k")))).item();
        assertThat(item.get("seq").l()).containsExactly(n("10"), n("3"));
        assertThat(item.get("appended").l()).containsExactly(s("h"), n("1"), n("2"), n("3"));
        assertThat(item.get("tags").ss()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(item.get("labels").ss()).containsExactly("x");
        assertThat(item.get("doc").m()).containsOnlyKeys("x", "y");
        assertThat(item).doesNotContainKey("gone");

        var allOld = db.updateItem(b -> b.tableName("ttt").key(Map.of("id", s("k"))).updateExpression("SET #c = #c - :one")
                .expressionAttributeNames(Map.of("#c", "count")).expressionAttributeValues(Map.of(":one", n("1")))
                .returnValues(ReturnValue.ALL_OLD)).attributes();
        assertThat(allOld.get("count").n()).isEqualTo("6");
        assertThat(allOld).containsKey("tags");
        var updatedOld = db.updateItem(b -> b.tableName("ttt").key(Map.of("id", s("k"))).updateExpression("SET fresh = :one")
                .expressionAttributeValues(Map.of(":one", n("1"))).returnValues(ReturnValue.UPDATED_OLD)).attributes();
        assertThat(updatedOld).containsOnlyKeys("fresh");
        assertThat(updatedOld.get("fresh").n()).isEqualTo("0");
        var allNew = db.updateItem(b -> b.tableName("ttt").key(Map.of("id", s("k"))).updateExpression("DELETE tags :bc")
                .expressionAttributeValues(Map.of(":bc", AttributeValue.fromSs(List.of("a", "b", "c")))).returnValues(ReturnValue.ALL_NEW))
                .attributes();
        assertThat(allNew).doesNotContainKey("tags").containsKey("count");
        var none = db.updateItem(b -> b.tableName("ttt").key(Map.of("id", s("k"))).updateExpression("SET fresh = :one")
                .expressionAttributeValues(Map.of(":one", n("2"))));
        assertThat(none.hasAttributes()).isFalse();

        // UpdateItem on a missing item creates it with its key
        db.updateItem(b -> b.tableName("ttt").key(Map.of("id", s("new"))).updateExpression("ADD hits :one")
                .expressionAttributeValues(Map.of(":one", n("1"))));
        assertThat(db.getItem(b -> b.tableName("ttt").key(Map.of("id", s("new")))).item())
                .containsExactlyInAnyOrderEntriesOf(Map.of("id", s("new"), "hits", n("1")));
    }

    @Test
    void putAndDelete_returnTheOldItemWhenAsked() {
        createTable("ttt", false);
        assertThat(db.putItem(b -> b.tableName("ttt").item(Map.of("id", s("a"), "v", n("1"))).returnValues(ReturnValue.ALL_OLD))
                .hasAttributes()).isFalse();
        var old = db.putItem(b -> b.tableName("ttt").item(Map.of("id", s("a"), "v", n("2"))).returnValues(ReturnValue.ALL_OLD));
        assertThat(old.attributes().get("v").n()).isEqualTo("1");
        var deleted = db.deleteItem(b -> b.tableName("ttt").key(Map.of("id", s("a"))).returnValues(ReturnValue.ALL_OLD));
        assertThat(deleted.attributes().get("v").n()).isEqualTo("2");
        assertThat(db.deleteItem(b -> b.tableName("ttt").key(Map.of("id", s("a"))).returnValues(ReturnValue.ALL_OLD))
                .hasAttributes()).isFalse();
        var consumed = db.putItem(b -> b.tableName("ttt").item(Map.of("id", s("a"))).returnConsumedCapacity("TOTAL"));
        assertThat(consumed.consumedCapacity().capacityUnits()).isEqualTo(1.0);
    }

    @Test
    void query_readsOnePartitionInSortOrderWithKeyConditionsLimitAndPaging() {
        createTable("qqq", true);
        for (int i = 1; i <= 12; i++) {
            int k = i;
            db.putItem(b -> b.tableName("qqq").item(Map.of("pk", s("p"), "sk", n(Integer.toString(k)), "even", AttributeValue.fromBool(k % 2 == 0))));
            db.putItem(b -> b.tableName("qqq").item(Map.of("pk", s("other"), "sk", n(Integer.toString(k)))));
        }
        QueryResponse between = db.query(b -> b.tableName("qqq").keyConditionExpression("pk = :p AND sk BETWEEN :lo AND :hi")
                .expressionAttributeValues(Map.of(":p", s("p"), ":lo", n("3"), ":hi", n("10"))));
        assertThat(between.items()).extracting(i -> i.get("sk").n()).containsExactly("3", "4", "5", "6", "7", "8", "9", "10");

        QueryResponse backwards = db.query(b -> b.tableName("qqq").keyConditionExpression("pk = :p AND sk > :x")
                .expressionAttributeValues(Map.of(":p", s("p"), ":x", n("9"))).scanIndexForward(false));
        assertThat(backwards.items()).extracting(i -> i.get("sk").n()).containsExactly("12", "11", "10");

        // Limit counts items read before the filter: 5 read, 2 of them even
        QueryResponse limited = db.query(b -> b.tableName("qqq").keyConditionExpression("pk = :p")
                .filterExpression("even = :t").expressionAttributeValues(Map.of(":p", s("p"), ":t", AttributeValue.fromBool(true)))
                .limit(5));
        assertThat(limited.count()).isEqualTo(2);
        assertThat(limited.scannedCount()).isEqualTo(5);
        assertThat(limited.lastEvaluatedKey()).containsExactlyInAnyOrderEntriesOf(Map.of("pk", s("p"), "sk", n("5")));

        List<String> paged = new ArrayList<>();
        db.queryPaginator(b -> b.tableName("qqq").keyConditionExpression("pk = :p").expressionAttributeValues(Map.of(":p", s("p")))
                .limit(5)).items().forEach(i -> paged.add(i.get("sk").n()));
        assertThat(paged).hasSize(12).startsWith("1", "2").endsWith("12");

        QueryResponse count = db.query(b -> b.tableName("qqq").keyConditionExpression("pk = :p AND sk <= :x")
                .expressionAttributeValues(Map.of(":p", s("p"), ":x", n("4"))).select("COUNT"));
        assertThat(count.count()).isEqualTo(4);
        assertThat(count.hasItems()).isFalse();
    }

    @Test
    void query_beginsWithOnAStringSortKey() {
        db.createTable(b -> b.tableName("sss").billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.S)));
        for (String sk : List.of("run#2", "run#10", "cfg", "run#1", "runner")) {
            db.putItem(b -> b.tableName("sss").item(Map.of("pk", s("c1"), "sk", s(sk))));
        }
        QueryResponse r = db.query(b -> b.tableName("sss").keyConditionExpression("pk = :p AND begins_with(sk, :run)")
                .expressionAttributeValues(Map.of(":p", s("c1"), ":run", s("run#"))));
        assertThat(r.items()).extracting(i -> i.get("sk").s()).containsExactly("run#1", "run#10", "run#2");
    }

    @Test
    void scan_pagesTheWholeTableAndFilters() {
        createTable("ttt", false);
        for (int i = 0; i < 30; i++) {
            int k = i;
            db.putItem(b -> b.tableName("ttt").item(Map.of("id", s("item-" + k), "n", n(Integer.toString(k)))));
        }
        List<String> all = new ArrayList<>();
        db.scanPaginator(b -> b.tableName("ttt").limit(7)).items().forEach(i -> all.add(i.get("id").s()));
        assertThat(all).hasSize(30).doesNotHaveDuplicates();

        var filtered = db.scan(b -> b.tableName("ttt").filterExpression("n >= :x AND attribute_exists(id)")
                .expressionAttributeValues(Map.of(":x", n("25"))));
        assertThat(filtered.count()).isEqualTo(5);
        assertThat(filtered.scannedCount()).isEqualTo(30);

        List<String> segments = new ArrayList<>();
        for (int seg = 0; seg < 3; seg++) {
            int s = seg;
            db.scanPaginator(b -> b.tableName("ttt").segment(s).totalSegments(3)).items().forEach(i -> segments.add(i.get("id").s()));
        }
        assertThat(segments).containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void batchGetAndBatchWrite_readAndWriteAcrossTables() {
        createTable("aaa", false);
        createTable("bbb", false);
        List<WriteRequest> writes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of("id", s("x" + i))).build()).build());
        }
        var written = db.batchWriteItem(b -> b.requestItems(Map.of("aaa", writes,
                "bbb", List.of(WriteRequest.builder().putRequest(p -> p.item(Map.of("id", s("y"), "v", n("1")))).build()))));
        assertThat(written.unprocessedItems()).isEmpty();
        db.batchWriteItem(b -> b.requestItems(Map.of("aaa",
                List.of(WriteRequest.builder().deleteRequest(d -> d.key(Map.of("id", s("x0")))).build()))));

        var got = db.batchGetItem(b -> b.requestItems(Map.of(
                "aaa", software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes.builder()
                        .keys(Map.of("id", s("x0")), Map.of("id", s("x1")), Map.of("id", s("x19"))).build(),
                "bbb", software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes.builder()
                        .keys(Map.of("id", s("y"))).projectionExpression("v").build())));
        assertThat(got.responses().get("aaa")).extracting(i -> i.get("id").s()).containsExactlyInAnyOrder("x1", "x19");
        assertThat(got.responses().get("bbb")).containsExactly(Map.of("v", n("1")));
        assertThat(got.unprocessedKeys()).isEmpty();
    }

    @Test
    void batchGetItem_stopsBefore16MbOfItems_andReturnsTheRestAsUnprocessedKeys_inOrder() {
        createTable("big", false);
        // Each item is 2 + 3 + 4 + 400,000 = 400,009 bytes as DynamoDB counts it: 41 fit in 16 MiB.
        String blob = "x".repeat(400_000);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String id = "k%02d".formatted(i);
            var item = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            item.putObject("id").put("S", id);
            item.putObject("blob").put("S", blob);
            sim.dynamoDb().putItem("big", item);
            ids.add(id);
        }
        Map<String, KeysAndAttributes> request = Map.of("big", KeysAndAttributes.builder()
                .keys(ids.stream().map(id -> Map.of("id", s(id))).toList()).build());

        List<List<String>> pages = new ArrayList<>();
        while (!request.isEmpty()) {
            Map<String, KeysAndAttributes> next = request;
            var out = db.batchGetItem(b -> b.requestItems(next));
            pages.add(out.responses().get("big").stream().map(i -> i.get("id").s()).toList());
            request = out.unprocessedKeys();
        }
        assertThat(pages).extracting(List::size).containsExactly(41, 41, 18);
        assertThat(pages.getFirst()).isEqualTo(ids.subList(0, 41));
        assertThat(pages.stream().flatMap(List::stream)).containsExactlyElementsOf(ids);
    }

    @Test
    void timeToLive_isEnabledDescribedAndDisabled() {
        createTable("ttt", false);
        assertThat(db.describeTimeToLive(b -> b.tableName("ttt")).timeToLiveDescription().timeToLiveStatusAsString())
                .isEqualTo("DISABLED");
        var enabled = db.updateTimeToLive(b -> b.tableName("ttt").timeToLiveSpecification(s -> s.enabled(true).attributeName("expires")));
        assertThat(enabled.timeToLiveSpecification().attributeName()).isEqualTo("expires");
        var described = db.describeTimeToLive(b -> b.tableName("ttt")).timeToLiveDescription();
        assertThat(described.timeToLiveStatusAsString()).isEqualTo("ENABLED");
        assertThat(described.attributeName()).isEqualTo("expires");
        db.updateTimeToLive(b -> b.tableName("ttt").timeToLiveSpecification(s -> s.enabled(false).attributeName("expires")));
        assertThat(db.describeTimeToLive(b -> b.tableName("ttt")).timeToLiveDescription().timeToLiveStatusAsString())
                .isEqualTo("DISABLED");
    }

    @Test
    void callsByAction_countsDynamoDbActions() {
        createTable("ttt", false);
        db.getItem(b -> b.tableName("ttt").key(Map.of("id", s("a"))));
        db.getItem(b -> b.tableName("ttt").key(Map.of("id", s("a"))));
        assertThat(sim.callsByAction()).containsEntry("CreateTable", 1L).containsEntry("GetItem", 2L);
    }
}
