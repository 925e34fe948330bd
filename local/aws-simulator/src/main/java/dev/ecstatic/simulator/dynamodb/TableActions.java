package dev.ecstatic.simulator.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * CreateTable, DeleteTable, DescribeTable, ListTables, UpdateTimeToLive and DescribeTimeToLive
 * (API reference, https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Operations_Amazon_DynamoDB.html).
 * Tables are ACTIVE at once: CreateTable answers CREATING as DynamoDB does, and DescribeTable
 * already says ACTIVE, so clients that wait (the SDK waiters, {@code aws dynamodb wait}) wait one call.
 */
final class TableActions {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private TableActions() {
    }

    static ObjectNode create(DynamoDb db, Request r, Instant now) {
        String name = r.tableName("TableName");
        JsonNode keySchema = r.required("KeySchema");
        JsonNode definitions = r.required("AttributeDefinitions");
        String billing = r.oneOf("BillingMode", Set.of("PROVISIONED", "PAY_PER_REQUEST"), "PROVISIONED");
        r.validate();
        for (String unsupported : List.of("GlobalSecondaryIndexes", "LocalSecondaryIndexes")) {
            if (r.get(unsupported) != null && !r.get(unsupported).isEmpty()) {
                throw DynamoDbException.validation("The simulator does not implement secondary indexes (" + unsupported + ")");
            }
        }
        if (r.get("StreamSpecification") != null && r.get("StreamSpecification").path("StreamEnabled").asBoolean()) {
            throw DynamoDbException.validation("The simulator does not implement DynamoDB Streams (StreamSpecification)");
        }
        boolean sse = sseEnabled(r.get("SSESpecification"));
                if (r.bool("DeletionProtectionEnabled")) {
            throw DynamoDbException.validation("The simulator does not implement deletion protection (DeletionProtectionEnabled)");
        }
        Map<String, String> types = attributeDefinitions(definitions);
        List<Table.KeyAttribute> keys = keySchema(keySchema, types);
        if (types.size() != keys.size()) {
            throw DynamoDbException.validation("One or more parameter values were invalid: Number of attributes in "
                    + "KeySchema does not exactly match number of attributes defined in AttributeDefinitions");
        }
        long read = 0;
        long write = 0;
        JsonNode throughput = r.get("ProvisionedThroughput");
        if (billing.equals("PROVISIONED")) {
            if (throughput == null) {
                throw DynamoDbException.validation("One or more parameter values were invalid: ReadCapacityUnits and "
                        + "WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
            }
            read = capacityUnits(throughput, "ReadCapacityUnits");
            write = capacityUnits(throughput, "WriteCapacityUnits");
        } else if (throughput != null) {
            throw DynamoDbException.validation("One or more parameter values were invalid: Neither ReadCapacityUnits "
                    + "nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
        }
        if (db.tables().containsKey(name)) {
            throw DynamoDbException.tableExists(name);
        }
        Table t = new Table(new Table.Definition(name, keys.get(0), keys.size() > 1 ? keys.get(1) : null, billing, read,
                write, now, UUID.nameUUIDFromBytes((db.accountId() + "/" + name + "/" + now).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString(), null,
                sse, false));
        db.defined(t.definition());
        db.tables().put(name, t);
        ObjectNode out = JSON.objectNode();
        out.set("TableDescription", describe(db, t, "CREATING"));
        return out;
    }

    /**
     * SSESpecification: {@code Enabled} true is the AWS managed key ({@code alias/aws/dynamodb}, SSEType
     * KMS), false or absent the AWS owned key. A customer managed key is not implemented.
     */
    private static boolean sseEnabled(JsonNode spec) {
        if (spec == null) {
            return false;
        }
        if (!spec.isObject()) {
            throw DynamoDbException.serialization("SSESpecification must be an object");
        }
        if (spec.hasNonNull("KMSMasterKeyId")) {
            throw DynamoDbException.validation("The simulator does not implement customer managed keys "
                    + "(SSESpecification.KMSMasterKeyId)");
        }
        JsonNode type = spec.get("SSEType");
        if (type != null && !type.isNull() && !type.asText().equals("KMS")) {
            throw DynamoDbException.validation("The simulator does not implement SSEType " + type.asText()
                    + " (SSESpecification.SSEType: KMS only)");
        }
        JsonNode enabled = spec.get("Enabled");
        if (enabled != null && !enabled.isNull() && !enabled.isBoolean()) {
            throw DynamoDbException.serialization("SSESpecification.Enabled must be a boolean");
        }
        return enabled != null && enabled.asBoolean();
    }

        private static Map<String, String> attributeDefinitions(JsonNode definitions) {
        if (!definitions.isArray()) {
            throw DynamoDbException.serialization("AttributeDefinitions must be a list");
        }
        Map<String, String> types = new LinkedHashMap<>();
        for (JsonNode d : definitions) {
            String attr = d.path("AttributeName").asText("");
            String type = d.path("AttributeType").asText("");
            if (attr.isEmpty() || !Set.of("S", "N", "B").contains(type)) {
                throw DynamoDbException.validation("1 validation error detected: Value '" + type + "' at "
                        + "'attributeDefinitions.member.attributeType' failed to satisfy constraint: "
                        + "Member must satisfy enum value set: [B, N, S]");
            }
            if (types.put(attr, type) != null) {
                throw DynamoDbException.validation("Cannot have two attributes with the same name");
            }
        }
        return types;
    }

    private static List<Table.KeyAttribute> keySchema(JsonNode schema, Map<String, String> types) {
        if (!schema.isArray() || schema.isEmpty() || schema.size() > 2) {
            throw DynamoDbException.validation("1 validation error detected: Value '" + schema + "' at 'keySchema' "
                    + "failed to satisfy constraint: Member must have length less than or equal to 2");
        }
        List<Table.KeyAttribute> keys = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < schema.size(); i++) {
            String attr = schema.get(i).path("AttributeName").asText("");
            String kind = schema.get(i).path("KeyType").asText("");
            if (!kind.equals("HASH") && !kind.equals("RANGE")) {
                throw DynamoDbException.validation("1 validation error detected: Value '" + kind + "' at "
                        + "'keySchema." + (i + 1) + ".member.keyType' failed to satisfy constraint: "
                        + "Member must satisfy enum value set: [HASH, RANGE]");
            }
            if (i == 0 && !kind.equals("HASH")) {
                throw DynamoDbException.validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
            }
            if (i == 1 && !kind.equals("RANGE")) {
                throw DynamoDbException.validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
            }
            if (i == 1 && attr.equals(keys.getFirst().name())) {
                throw DynamoDbException.validation(
                        "Both the Hash Key and the Range Key element in the KeySchema have the same name");
            }
            if (!types.containsKey(attr)) {
                missing.add(attr);
            }
            keys.add(new Table.KeyAttribute(attr, types.getOrDefault(attr, "S")));
        }
        if (!missing.isEmpty()) {
            throw DynamoDbException.validation("One or more parameter values were invalid: Some index key attributes are "
                    + "not defined in AttributeDefinitions. Keys: " + missing + ", AttributeDefinitions: " + types.keySet());
        }
        return keys;
    }

    private static long capacityUnits(JsonNode throughput, String member) {
        JsonNode v = throughput.get(member);
        if (v == null || !v.canConvertToLong() || v.asLong() < 1) {
            throw DynamoDbException.validation("1 validation error detected: Value '" + v + "' at 'provisionedThroughput."
                    + Character.toLowerCase(member.charAt(0)) + member.substring(1)
                    + "' failed to satisfy constraint: Member must have value greater than or equal to 1");
        }
        return v.asLong();
    }

    static ObjectNode delete(DynamoDb db, Request r) {
        String name = r.tableName("TableName");
        r.validate();
        Table t = db.tables().get(name);
        if (t == null) {
            throw DynamoDbException.tableNotFound(name);
        }
        ObjectNode out = JSON.objectNode();
        out.set("TableDescription", describe(db, t, "DELETING"));
        db.dropped(name);
        db.tables().remove(name);
        return out;
    }

    static ObjectNode describe(DynamoDb db, Request r) {
        String name = r.tableName("TableName");
        r.validate();
        Table t = db.tables().get(name);
        if (t == null) {
            throw DynamoDbException.tableNotFound(name);
        }
        ObjectNode out = JSON.objectNode();
        out.set("Table", describe(db, t, "ACTIVE"));
        return out;
    }

    static ObjectNode list(DynamoDb db, Request r) {
        String start = r.string("ExclusiveStartTableName");
        Long limit = r.atLeast("Limit", 1);
        if (limit != null && limit > 100) {
            r.violation(String.valueOf(limit), "Limit", "Member must have value less than or equal to 100");
        }
        r.validate();
        int max = limit == null ? 100 : limit.intValue();
        List<String> names = new ArrayList<>(start == null ? db.tables().keySet()
                : db.tables().tailMap(start, false).keySet());
        ObjectNode out = JSON.objectNode();
        ArrayNode list = out.putArray("TableNames");
        names.stream().limit(max).forEach(list::add);
        if (names.size() > max) {
            out.put("LastEvaluatedTableName", names.get(max - 1));
        }
        return out;
    }

    static ObjectNode updateTimeToLive(DynamoDb db, Request r) {
        String name = r.tableName("TableName");
        JsonNode spec = r.required("TimeToLiveSpecification");
        r.validate();
        JsonNode enabled = spec.get("Enabled");
        JsonNode attribute = spec.get("AttributeName");
        if (enabled == null || !enabled.isBoolean() || attribute == null || !attribute.isTextual()
                || attribute.asText().isEmpty() || attribute.asText().length() > 255) {
            throw DynamoDbException.validation("1 validation error detected: Value null at "
                    + "'timeToLiveSpecification.enabled' failed to satisfy constraint: Member must not be null");
        }
        Table t = db.tables().get(name);
        if (t == null) {
            throw DynamoDbException.tableNotFound(name);
        }
        String current = t.definition().ttlAttribute();
        if (enabled.asBoolean() && current != null) {
            throw DynamoDbException.validation("TimeToLive is already enabled");
        }
        if (!enabled.asBoolean() && current == null) {
            throw DynamoDbException.validation("TimeToLive is already disabled");
        }
        if (!enabled.asBoolean() && !current.equals(attribute.asText())) {
            throw DynamoDbException.validation("TimeToLive is active on a different AttributeName: current AttributeName is "
                    + current);
        }
        String ttl = enabled.asBoolean() ? attribute.asText() : null;
        db.defined(t.definition().withTtl(ttl));
        t.enableTtl(ttl, db.now());
        ObjectNode out = JSON.objectNode();
        ObjectNode s = out.putObject("TimeToLiveSpecification");
        s.put("Enabled", enabled.asBoolean());
        s.put("AttributeName", attribute.asText());
        return out;
    }

    static ObjectNode describeTimeToLive(DynamoDb db, Request r) {
        String name = r.tableName("TableName");
        r.validate();
        Table t = db.tables().get(name);
        if (t == null) {
            throw DynamoDbException.tableNotFound(name);
        }
        ObjectNode out = JSON.objectNode();
        ObjectNode d = out.putObject("TimeToLiveDescription");
        if (t.definition().ttlAttribute() == null) {
            d.put("TimeToLiveStatus", "DISABLED");
        } else {
            d.put("TimeToLiveStatus", "ENABLED");
            d.put("AttributeName", t.definition().ttlAttribute());
        }
        return out;
    }

    /**
     * UpdateContinuousBackups: point-in-time recovery on or off. Nothing is backed up: the simulator
     * only remembers the setting, for DescribeContinuousBackups and the state directory.
     */
    static ObjectNode updateContinuousBackups(DynamoDb db, Request r, Instant now) {
        String name = r.tableName("TableName");
        JsonNode spec = r.required("PointInTimeRecoverySpecification");
        r.validate();
        JsonNode enabled = spec.get("PointInTimeRecoveryEnabled");
        if (enabled == null || !enabled.isBoolean()) {
            throw DynamoDbException.validation("1 validation error detected: Value null at "
                    + "'pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled' failed to satisfy constraint: "
                    + "Member must not be null");
        }
        Table t = db.tables().get(name);
        if (t == null) {
            throw DynamoDbException.continuousBackupsTableNotFound(name);
        }
        db.defined(t.definition().withPointInTimeRecovery(enabled.asBoolean()));
        t.pointInTimeRecovery(enabled.asBoolean());
        return continuousBackups(t, now);
    }

    static ObjectNode describeContinuousBackups(DynamoDb db, Request r, Instant now) {
        String name = r.tableName("TableName");
        r.validate();
        Table t = db.tables().get(name);
        if (t == null) {
            throw DynamoDbException.continuousBackupsTableNotFound(name);
        }
        return continuousBackups(t, now);
    }

    private static ObjectNode continuousBackups(Table t, Instant now) {
        ObjectNode out = JSON.objectNode();
        ObjectNode d = out.putObject("ContinuousBackupsDescription");
        d.put("ContinuousBackupsStatus", "ENABLED");
        ObjectNode pitr = d.putObject("PointInTimeRecoveryDescription");
        if (t.definition().pointInTimeRecovery()) {
            pitr.put("PointInTimeRecoveryStatus", "ENABLED");
            pitr.put("RecoveryPeriodInDays", 35);
            pitr.put("EarliestRestorableDateTime", epochSeconds(t.definition().created()));
            pitr.put("LatestRestorableDateTime", epochSeconds(now.minusSeconds(300).isBefore(t.definition().created())
                    ? t.definition().created() : now.minusSeconds(300)));
        } else {
            pitr.put("PointInTimeRecoveryStatus", "DISABLED");
        }
        return out;
    }

        /** The TableDescription shape; ItemCount and TableSizeBytes are live (DynamoDB refreshes them every ~6 hours). */
    static ObjectNode describe(DynamoDb db, Table t, String status) {
        Table.Definition d = t.definition();
        ObjectNode o = JSON.objectNode();
        ArrayNode defs = o.putArray("AttributeDefinitions");
        ArrayNode schema = JSON.arrayNode();
        for (Table.KeyAttribute k : d.range() == null ? List.of(d.hash()) : List.of(d.hash(), d.range())) {
            defs.addObject().put("AttributeName", k.name()).put("AttributeType", k.type());
            schema.addObject().put("AttributeName", k.name()).put("KeyType", k == d.hash() ? "HASH" : "RANGE");
        }
        o.put("TableName", d.name());
        o.set("KeySchema", schema);
        o.put("TableStatus", status);
        o.put("CreationDateTime", epochSeconds(d.created()));
        ObjectNode pt = o.putObject("ProvisionedThroughput");
        pt.put("NumberOfDecreasesToday", 0);
        pt.put("ReadCapacityUnits", d.readCapacity());
        pt.put("WriteCapacityUnits", d.writeCapacity());
        o.put("TableSizeBytes", t.sizeBytes());
        o.put("ItemCount", t.items().size());
        o.put("TableArn", "arn:aws:dynamodb:" + db.region() + ":" + db.accountId() + ":table/" + d.name());
        o.put("TableId", d.tableId());
        if (!d.provisioned()) {
            ObjectNode bm = o.putObject("BillingModeSummary");
            bm.put("BillingMode", "PAY_PER_REQUEST");
            bm.put("LastUpdateToPayPerRequestDateTime", epochSeconds(d.created()));
        }
        if (d.sseEnabled()) {
            ObjectNode sse = o.putObject("SSEDescription");
            sse.put("Status", "ENABLED");
            sse.put("SSEType", "KMS");
            sse.put("KMSMasterKeyArn", "arn:aws:kms:" + db.region() + ":" + db.accountId() + ":key/"
                    + UUID.nameUUIDFromBytes(("aws/dynamodb/" + db.accountId() + "/" + db.region())
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
                o.put("DeletionProtectionEnabled", false);
        return o;
    }

    /** Timestamps in AWS JSON protocols are epoch seconds with a fraction. */
    private static BigDecimal epochSeconds(Instant t) {
        return BigDecimal.valueOf(t.toEpochMilli()).movePointLeft(3);
    }
}
