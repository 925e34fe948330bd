package dev.ecstatic.simulator.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecstatic.simulator.dynamodb.Expr.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * BatchGetItem (at most 100 keys, 16 MB of items per response; the rest come back in
 * UnprocessedKeys) and BatchWriteItem (at most 25 puts and deletes; throttled ones come back in
 * UnprocessedItems), from the API reference
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html,
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html).
 * The whole request is validated before any write, so a bad request changes nothing.
 */
final class BatchActions {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int MAX_GET_KEYS = 100;
    private static final int MAX_WRITES = 25;
    private static final long MAX_RESPONSE_BYTES = 16L * 1024 * 1024;

    private BatchActions() {
    }

    private record TableKeys(Table table, JsonNode request, List<Table.Key> keys, List<Path> projection,
            boolean consistent) {
    }

    static ObjectNode get(DynamoDb db, Request r, InjectedThrottle throttled) {
        JsonNode requestItems = r.required("RequestItems");
        String consumed = r.oneOf("ReturnConsumedCapacity", ItemActions.CONSUMED_CAPACITY, "NONE");
        r.validate();
        if (!requestItems.isObject()) {
            throw DynamoDbException.serialization("RequestItems must be a map");
        }
        int total = 0;
        for (JsonNode v : requestItems) {
            total += v.path("Keys").size();
        }
        if (total > MAX_GET_KEYS) {
            throw DynamoDbException.validation("Too many items requested for the BatchGetItem call");
        }
        List<TableKeys> work = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Request tr = new Request(e.getValue());
            JsonNode keys = tr.required("Keys");
            tr.validate();
            tr.refuseLegacy("AttributesToGet");
            if (!keys.isArray() || keys.isEmpty()) {
                throw DynamoDbException.validation("1 validation error detected: Value '[]' at "
                        + "'requestItems." + e.getKey() + ".member.keys' failed to satisfy constraint: "
                        + "Member must have length greater than or equal to 1");
            }
            String projectionText = tr.string("ProjectionExpression");
            Placeholders ph = Placeholders.read(e.getValue(), projectionText != null, false, List.of());
            List<Path> projection = projectionText == null ? null : ExpressionParser.projection(projectionText, ph);
            ph.requireAllUsed();
            Table t = db.table(e.getKey());
            List<Table.Key> parsed = new ArrayList<>();
            Set<Table.Key> seen = new HashSet<>();
            for (JsonNode k : keys) {
                Table.Key key = t.keyOf(AttributeValue.item(k, "Keys"));
                if (!seen.add(key)) {
                    throw DynamoDbException.validation("Provided list of item keys contains duplicates");
                }
                parsed.add(key);
            }
            work.add(new TableKeys(t, e.getValue(), parsed, projection, tr.bool("ConsistentRead")));
        }
        ObjectNode out = JSON.objectNode();
        ObjectNode responses = out.putObject("Responses");
        ObjectNode unprocessed = out.putObject("UnprocessedKeys");
        ArrayNode consumedList = JSON.arrayNode();
        long bytes = 0;
        int index = 0;
        int throttledCount = 0;
        for (TableKeys tk : work) {
            ArrayNode items = responses.putArray(tk.table().name());
            ArrayNode left = JSON.arrayNode();
            double units = 0;
            for (Table.Key key : tk.keys()) {
                if (throttled.throttled(index++) || db.overdrawn(tk.table(), false)) {
                    throttledCount++;
                    left.add(AttributeValue.toJson(tk.table().keyAttributes(key)));
                    continue;
                }
                Map<String, AttributeValue> item = tk.table().get(key);
                int size = item == null ? 0 : ItemSize.of(item);
                if (bytes + size > MAX_RESPONSE_BYTES) {
                    left.add(AttributeValue.toJson(tk.table().keyAttributes(key)));
                    continue;
                }
                bytes += size;
                units += ItemSize.readUnits(size, tk.consistent());
                if (item != null) {
                    items.add(AttributeValue.toJson(Evaluator.project(item, tk.projection())));
                }
            }
            db.charge(tk.table(), false, units);
            if (!left.isEmpty()) {
                ObjectNode again = tk.request().deepCopy();
                again.set("Keys", left);
                unprocessed.set(tk.table().name(), again);
            }
            if (!consumed.equals("NONE")) {
                consumedList.addObject().put("TableName", tk.table().name()).put("CapacityUnits", units);
            }
        }
        if (throttledCount > 0 && throttledCount == total) {
            throw DynamoDbException.throughputExceeded();
        }
        if (!consumed.equals("NONE")) {
            out.set("ConsumedCapacity", consumedList);
        }
        return out;
    }

    private record Write(Table table, Table.Key key, Map<String, AttributeValue> item, JsonNode request) {
    }

    static ObjectNode write(DynamoDb db, Request r, InjectedThrottle throttled) {
        JsonNode requestItems = r.required("RequestItems");
        String consumed = r.oneOf("ReturnConsumedCapacity", ItemActions.CONSUMED_CAPACITY, "NONE");
        r.oneOf("ReturnItemCollectionMetrics", Set.of("SIZE", "NONE"), "NONE");
        r.validate();
        if (!requestItems.isObject()) {
            throw DynamoDbException.serialization("RequestItems must be a map");
        }
        int total = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isArray()) {
                throw DynamoDbException.serialization("RequestItems." + e.getKey() + " must be a list of WriteRequests");
            }
            int n = e.getValue().size();
            if (n < 1 || n > MAX_WRITES) {
                throw DynamoDbException.validation("1 validation error detected: Value at 'requestItems' failed to satisfy "
                        + "constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, "
                        + "Member must have length greater than or equal to 1]");
            }
            total += n;
        }
        if (total > MAX_WRITES) {
            throw DynamoDbException.validation("Too many items requested for the BatchWriteItem call");
        }
        List<Write> writes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Table t = db.table(e.getKey());
            Set<Table.Key> seen = new HashSet<>();
            for (JsonNode w : e.getValue()) {
                JsonNode put = w.get("PutRequest");
                JsonNode del = w.get("DeleteRequest");
                if ((put == null) == (del == null)) {
                    throw DynamoDbException.validation("Supplied AttributeValue has more than one datatypes set, "
                            + "must contain exactly one of the supported datatypes");
                }
                Write write;
                if (put != null) {
                    Map<String, AttributeValue> item = AttributeValue.item(put.get("Item"), "Item");
                    if (item == null) {
                        throw DynamoDbException.validation("1 validation error detected: Value null at "
                                + "'requestItems." + e.getKey() + ".member.putRequest.item' failed to satisfy constraint: "
                                + "Member must not be null");
                    }
                    Table.Key key;
                    try {
                        key = t.keyOfItem(item);
                    } catch (DynamoDbException bad) {
                        throw DynamoDbException.validation("The provided key element does not match the schema");
                    }
                    if (ItemSize.of(item) > ItemSize.MAX_ITEM_BYTES) {
                        throw DynamoDbException.validation("Item size has exceeded the maximum allowed size");
                    }
                    write = new Write(t, key, item, w);
                } else {
                    Map<String, AttributeValue> keyMap = AttributeValue.item(del.get("Key"), "Key");
                    if (keyMap == null) {
                        throw DynamoDbException.validation("The provided key element does not match the schema");
                    }
                    write = new Write(t, t.keyOf(keyMap), null, w);
                }
                if (!seen.add(write.key())) {
                    throw DynamoDbException.validation("Provided list of item keys contains duplicates");
                }
                writes.add(write);
            }
        }
        ObjectNode out = JSON.objectNode();
        ObjectNode unprocessed = out.putObject("UnprocessedItems");
        Map<String, Double> units = new LinkedHashMap<>();
        int throttledCount = 0;
        for (int i = 0; i < writes.size(); i++) {
            Write w = writes.get(i);
            if (throttled.throttled(i) || db.overdrawn(w.table(), true)) {
                throttledCount++;
                ArrayNode list = unprocessed.has(w.table().name()) ? (ArrayNode) unprocessed.get(w.table().name())
                        : unprocessed.putArray(w.table().name());
                list.add(w.request().deepCopy());
                continue;
            }
            if (w.item() != null) {
                db.stored(w.table(), w.key(), w.item());
            } else {
                db.removed(w.table(), w.key());
            }
            Map<String, AttributeValue> old = w.item() != null ? w.table().put(w.key(), w.item(), db.now()) : w.table().delete(w.key());
            int size = Math.max(w.item() == null ? 0 : ItemSize.of(w.item()), old == null ? 0 : ItemSize.of(old));
            double u = ItemSize.writeUnits(size);
            units.merge(w.table().name(), u, Double::sum);
            db.charge(w.table(), true, u);
        }
        if (throttledCount > 0 && throttledCount == writes.size()) {
            throw DynamoDbException.throughputExceeded();
        }
        if (!consumed.equals("NONE")) {
            ArrayNode list = out.putArray("ConsumedCapacity");
            units.forEach((table, u) -> list.addObject().put("TableName", table).put("CapacityUnits", u));
        }
        return out;
    }
}
