package dev.ecstatic.simulator.dynamodb;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecstatic.simulator.dynamodb.Expr.Condition;
import dev.ecstatic.simulator.dynamodb.Expr.Operand;
import dev.ecstatic.simulator.dynamodb.Expr.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Query and Scan. A page stops after {@code Limit} items have been <em>evaluated</em> (read),
 * before FilterExpression removes any, or once 1 MB of items has been read; either way the page
 * carries LastEvaluatedKey, the key of the last item read, even when no item follows ("Paginating
 * table query results", https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.Pagination.html).
 * Count is the items returned, ScannedCount the items read.
 */
final class ReadActions {

    /** "A single Query operation can retrieve a maximum of 1 MB of data", before any filter. */
    private static final int PAGE_BYTES = 1024 * 1024;
    private static final Set<String> SELECT =
            Set.of("ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "SPECIFIC_ATTRIBUTES", "COUNT");

    private ReadActions() {
    }

    /** What Query and Scan share: the parsed request. */
    private record Read(Table table, Condition filter, List<Path> projection, String select, Integer limit,
            Table.Key startAfter, boolean consistent, String consumed) {
    }

    static ObjectNode query(DynamoDb db, Request r, InjectedThrottle throttled) {
        String tableName = r.tableName("TableName");
        String select = r.oneOf("Select", SELECT, null);
        String consumed = r.oneOf("ReturnConsumedCapacity", ItemActions.CONSUMED_CAPACITY, "NONE");
        Long limit = r.atLeast("Limit", 1);
        r.validate();
        r.refuseLegacy("KeyConditions", "QueryFilter", "AttributesToGet", "ConditionalOperator");
        String keyText = r.string("KeyConditionExpression");
        if (keyText == null) {
            throw DynamoDbException.validation(
                    "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
        }
        String filterText = r.string("FilterExpression");
        String projectionText = r.string("ProjectionExpression");
        Placeholders ph = Placeholders.read(r.body(), true, true, List.of("KeyConditionExpression", "FilterExpression"));
        Condition key = ExpressionParser.condition("KeyConditionExpression", keyText, ph);
        Condition filter = filterText == null ? null : ExpressionParser.condition("FilterExpression", filterText, ph);
        List<Path> projection = projectionText == null ? null : ExpressionParser.projection(projectionText, ph);
        ph.requireAllUsed();
        select = select(select, projection);
        Table t = db.table(tableName);
        if (r.has("IndexName")) {
            throw DynamoDbException.validation("The table does not have the specified index: " + r.string("IndexName"));
        }
        KeyCondition kc = KeyCondition.of(key, t.definition());
        Table.Key start = startKey(r, t);
        if (start != null && !start.partition().equals(kc.partition())) {
            throw DynamoDbException.validation("The provided starting key is outside query boundaries based on provided conditions");
        }
        if (filter != null) {
            refuseKeyAttributes(filter, t.definition());
        }
        db.admit(t, false, throttled);
        List<Map.Entry<Table.Key, Map<String, AttributeValue>>> partition = new ArrayList<>();
        for (var e : t.items().tailMap(t.key(kc.partition(), null), true).entrySet()) {
            if (!e.getKey().partition().equals(kc.partition())) {
                break;
            }
            if (kc.matches(e.getKey().sort())) {
                partition.add(e);
            }
        }
        boolean forward = !r.has("ScanIndexForward") || r.bool("ScanIndexForward");
        if (!forward) {
            java.util.Collections.reverse(partition);
        }
        Read read = new Read(t, filter, projection, select, limit == null ? null : limit.intValue(), start,
                r.bool("ConsistentRead"), consumed);
        return page(db, read, partition, forward);
    }

    static ObjectNode scan(DynamoDb db, Request r, InjectedThrottle throttled) {
        String tableName = r.tableName("TableName");
        String select = r.oneOf("Select", SELECT, null);
        String consumed = r.oneOf("ReturnConsumedCapacity", ItemActions.CONSUMED_CAPACITY, "NONE");
        Long limit = r.atLeast("Limit", 1);
        Long segment = r.atLeast("Segment", 0);
        Long total = r.atLeast("TotalSegments", 1);
        if (total != null && total > 1_000_000) {
            r.violation(String.valueOf(total), "TotalSegments", "Member must have value less than or equal to 1000000");
        }
        r.validate();
        r.refuseLegacy("ScanFilter", "AttributesToGet", "ConditionalOperator");
        if ((segment == null) != (total == null)) {
            throw DynamoDbException.validation("The TotalSegments parameter is required but was not present in the request "
                    + "when Segment parameter is present");
        }
        if (segment != null && segment >= total) {
            throw DynamoDbException.validation("The Segment parameter is zero-based and must be less than parameter "
                    + "TotalSegments: Segment: " + segment + " is out of bounds for TotalSegments: " + total);
        }
        String filterText = r.string("FilterExpression");
        String projectionText = r.string("ProjectionExpression");
        Placeholders ph = Placeholders.read(r.body(), filterText != null || projectionText != null, filterText != null,
                List.of("FilterExpression"));
        Condition filter = filterText == null ? null : ExpressionParser.condition("FilterExpression", filterText, ph);
        List<Path> projection = projectionText == null ? null : ExpressionParser.projection(projectionText, ph);
        ph.requireAllUsed();
        select = select(select, projection);
        Table t = db.table(tableName);
        if (r.has("IndexName")) {
            throw DynamoDbException.validation("The table does not have the specified index: " + r.string("IndexName"));
        }
        Table.Key start = startKey(r, t);
        db.admit(t, false, throttled);
        List<Map.Entry<Table.Key, Map<String, AttributeValue>>> all = new ArrayList<>();
        for (var e : t.items().entrySet()) {
            if (segment == null || segmentOf(e.getKey(), total) == segment) {
                all.add(e);
            }
        }
        Read read = new Read(t, filter, projection, select, limit == null ? null : limit.intValue(), start,
                r.bool("ConsistentRead"), consumed);
        return page(db, read, all, true);
    }

    /**
     * A Query's filter may not name the partition or sort key, even inside a path or a function: "A
     * filter expression cannot contain partition key or sort key attributes. You need to specify those
     * attributes in the key condition expression, not the filter expression" ("Filter expressions for
     * Query", https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.FilterExpression.html).
     * The partition key is named first when both appear. A Scan's filter may name them: a Scan has no
     * key condition to put them in.
     */
    private static void refuseKeyAttributes(Condition filter, Table.Definition def) {
        Set<String> heads = new HashSet<>();
        Expr.paths(filter).forEach(p -> heads.add(p.head()));
        for (Table.KeyAttribute key : def.range() == null ? List.of(def.hash()) : List.of(def.hash(), def.range())) {
            if (heads.contains(key.name())) {
                throw DynamoDbException.validation("Filter Expression can only contain non-primary key attributes: "
                        + "Primary key attribute: " + key.name());
            }
        }
    }

    /** Items are stored in partition-hash order, so each segment is one contiguous run of the table. */
    private static long segmentOf(Table.Key key, long total) {
        double unit = ((key.partitionHash() ^ Long.MIN_VALUE) >>> 11) * 0x1.0p-53;
        return (long) (unit * total);
    }

    private static String select(String select, List<Path> projection) {
        if (select == null) {
            return projection == null ? "ALL_ATTRIBUTES" : "SPECIFIC_ATTRIBUTES";
        }
        if (select.equals("ALL_PROJECTED_ATTRIBUTES")) {
            throw DynamoDbException.validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
        }
        if (select.equals("SPECIFIC_ATTRIBUTES") && projection == null) {
            throw DynamoDbException.validation("Must specify the AttributesToGet or ProjectionExpression when choosing to "
                    + "get SPECIFIC_ATTRIBUTES");
        }
        if (!select.equals("SPECIFIC_ATTRIBUTES") && projection != null) {
            throw DynamoDbException.validation("Cannot specify the ProjectionExpression when choosing to get " + select);
        }
        return select;
    }

    private static Table.Key startKey(Request r, Table t) {
        if (!r.has("ExclusiveStartKey")) {
            return null;
        }
        try {
            return t.keyOf(r.item("ExclusiveStartKey"));
        } catch (DynamoDbException e) {
            throw DynamoDbException.validation("The provided starting key is invalid: " + e.getMessage());
        }
    }

    private static ObjectNode page(DynamoDb db, Read read, List<Map.Entry<Table.Key, Map<String, AttributeValue>>> candidates,
            boolean forward) {
        int from = 0;
        if (read.startAfter() != null) {
            from = candidates.size();
            for (int i = 0; i < candidates.size(); i++) {
                int c = candidates.get(i).getKey().compareTo(read.startAfter());
                if (forward ? c > 0 : c < 0) {
                    from = i;
                    break;
                }
            }
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode items = JsonNodeFactory.instance.arrayNode();
        int scanned = 0;
        int returned = 0;
        long bytes = 0;
        Table.Key last = null;
        boolean stopped = false;
        for (int i = from; i < candidates.size(); i++) {
            Map.Entry<Table.Key, Map<String, AttributeValue>> e = candidates.get(i);
            scanned++;
            bytes += ItemSize.of(e.getValue());
            last = e.getKey();
            if (read.filter() == null || Evaluator.test(read.filter(), e.getValue())) {
                returned++;
                if (!read.select().equals("COUNT")) {
                    items.add(AttributeValue.toJson(Evaluator.project(e.getValue(), read.projection())));
                }
            }
            if ((read.limit() != null && scanned >= read.limit()) || bytes >= PAGE_BYTES) {
                stopped = true;
                break;
            }
        }
        if (!read.select().equals("COUNT")) {
            out.set("Items", items);
        }
        out.put("Count", returned);
        out.put("ScannedCount", scanned);
        if (stopped) {
            out.set("LastEvaluatedKey", AttributeValue.toJson(read.table().keyAttributes(last)));
        }
        double units = Math.max(1, Math.ceil(bytes / 4096.0));
        units = read.consistent() ? units : units / 2;
        db.charge(read.table(), false, units);
        ItemActions.consumedCapacity(out, read.consumed(), read.table(), units);
        return out;
    }

    /**
     * A KeyConditionExpression reduced to what DynamoDB allows: equality on the partition key and at
     * most one condition on the sort key ({@code = < <= > >=}, BETWEEN, begins_with)
     * ("Key condition expressions for query", https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.KeyConditionExpressions.html).
     */
    private record KeyCondition(AttributeValue partition, String sortName, Condition sort) {

        static KeyCondition of(Condition c, Table.Definition def) {
            List<Condition> parts = new ArrayList<>();
            flatten(c, parts);
            AttributeValue partition = null;
            Condition sort = null;
            for (Condition part : parts) {
                Path path = path(part);
                if (!path.isTopLevel()) {
                    throw DynamoDbException.validation("KeyConditionExpressions cannot have conditions on nested attributes");
                }
                String name = path.head();
                boolean isHash = name.equals(def.hash().name());
                boolean isRange = def.range() != null && name.equals(def.range().name());
                if (!isHash && !isRange) {
                    throw DynamoDbException.validation("Query key condition not supported");
                }
                Table.KeyAttribute attr = isHash ? def.hash() : def.range();
                for (AttributeValue v : values(part)) {
                    if (!v.type().equals(attr.type())) {
                        throw DynamoDbException.validation(
                                "One or more parameter values were invalid: Condition parameter type does not match schema type");
                    }
                }
                if (isHash) {
                    if (partition != null) {
                        throw DynamoDbException.validation("KeyConditionExpressions must only contain one condition per key");
                    }
                    if (!(part instanceof Condition.Compare cmp) || !cmp.comparator().equals("=")) {
                        throw DynamoDbException.validation("Query key condition not supported");
                    }
                    partition = values(part).getFirst();
                } else {
                    if (sort != null) {
                        throw DynamoDbException.validation("KeyConditionExpressions must only contain one condition per key");
                    }
                    sort = part;
                }
            }
            if (partition == null) {
                throw DynamoDbException.validation("Query condition missed key schema element: " + def.hash().name());
            }
            return new KeyCondition(partition, def.range() == null ? null : def.range().name(), sort);
        }

        boolean matches(AttributeValue sortValue) {
            return sort == null || Evaluator.test(sort, Map.of(sortName, sortValue));
        }

        private static void flatten(Condition c, List<Condition> out) {
            switch (c) {
                case Condition.And a -> {
                    flatten(a.left(), out);
                    flatten(a.right(), out);
                }
                case Condition.Or ignored -> throw DynamoDbException.validation(
                        "Invalid operator used in KeyConditionExpression: OR");
                case Condition.Not ignored -> throw DynamoDbException.validation(
                        "Invalid operator used in KeyConditionExpression: NOT");
                case Condition.In ignored -> throw DynamoDbException.validation(
                        "Invalid operator used in KeyConditionExpression: IN");
                case Condition.AttributeExists ignored -> throw DynamoDbException.validation(
                        "Invalid operator used in KeyConditionExpression: attribute_exists");
                case Condition.AttributeNotExists ignored -> throw DynamoDbException.validation(
                        "Invalid operator used in KeyConditionExpression: attribute_not_exists");
                case Condition.AttributeType ignored -> throw DynamoDbException.validation(
                        "Invalid operator used in KeyConditionExpression: attribute_type");
                case Condition.Contains ignored -> throw DynamoDbException.validation(
                        "Invalid operator used in KeyConditionExpression: contains");
                case Condition.Compare cmp when cmp.comparator().equals("<>") -> throw DynamoDbException.validation(
                        "Invalid operator used in KeyConditionExpression: <>");
                default -> out.add(c);
            }
        }

        /** The key attribute a simple condition is on; the value operands must be values. */
        private static Path path(Condition c) {
            List<Operand> ops = switch (c) {
                case Condition.Compare cmp -> List.of(cmp.left(), cmp.right());
                case Condition.Between b -> List.of(b.value(), b.low(), b.high());
                case Condition.BeginsWith b -> List.of(b.value(), b.prefix());
                default -> throw new IllegalStateException("flattened above: " + c);
            };
            Path path = null;
            for (Operand o : ops) {
                if (o instanceof Operand.Size) {
                    throw DynamoDbException.validation("KeyConditionExpressions cannot contain nested operations");
                }
                if (o instanceof Operand.PathRef p) {
                    if (path != null) {
                        throw DynamoDbException.validation(
                                "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");
                    }
                    path = p.path();
                }
            }
            if (path == null) {
                throw DynamoDbException.validation(
                        "Invalid condition in KeyConditionExpression: No key attribute specified");
            }
            if (!(ops.getFirst() instanceof Operand.PathRef) && !(c instanceof Condition.Compare)) {
                String op = c instanceof Condition.Between ? "BETWEEN" : "begins_with";
                throw DynamoDbException.validation("Invalid condition in KeyConditionExpression: " + op
                        + " operator must have the key attribute as its first operand");
            }
            return path;
        }

        private static List<AttributeValue> values(Condition c) {
            List<Operand> ops = switch (c) {
                case Condition.Compare cmp -> List.of(cmp.left(), cmp.right());
                case Condition.Between b -> List.of(b.low(), b.high());
                case Condition.BeginsWith b -> List.of(b.prefix());
                default -> List.of();
            };
            return ops.stream().filter(o -> o instanceof Operand.Value).map(o -> ((Operand.Value) o).value()).toList();
        }
    }
}
