package dev.ecstatic.simulator.dynamodb;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecstatic.simulator.dynamodb.Expr.Condition;
import dev.ecstatic.simulator.dynamodb.Expr.Path;
import dev.ecstatic.simulator.dynamodb.Expr.UpdateAction;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PutItem, GetItem, UpdateItem and DeleteItem, with condition expressions, ReturnValues and
 * ReturnValuesOnConditionCheckFailure as the API reference describes them
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html and siblings).
 * Requests are validated in DynamoDB's order: members and expressions first, then the table, then
 * the key against the table's schema, then the condition against the stored item.
 */
final class ItemActions {

    static final Set<String> RETURN_VALUES = Set.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW");
    static final Set<String> ON_FAILURE = Set.of("NONE", "ALL_OLD");
    static final Set<String> CONSUMED_CAPACITY = Set.of("INDEXES", "TOTAL", "NONE");

    private ItemActions() {
    }

    /**
     * What PutItem, UpdateItem and DeleteItem share: the table, the key or item they must have, and
     * their options, checked before the table is looked at, each refused with the message DynamoDB gives.
     * PutItem and DeleteItem can only return the old item (ALL_OLD).
     * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html#DDB-PutItem-request-ReturnValues
     */
    private record Write(String table, String returnValues, String onFailure, String consumed) {
        static Write of(Request r, String required, boolean onlyAllOld, String... legacy) {
            String table = r.tableName("TableName");
            r.required(required);
            String returnValues = r.oneOf("ReturnValues", RETURN_VALUES, "NONE");
            String onFailure = r.oneOf("ReturnValuesOnConditionCheckFailure", ON_FAILURE, "NONE");
            String consumed = r.oneOf("ReturnConsumedCapacity", CONSUMED_CAPACITY, "NONE");
            r.oneOf("ReturnItemCollectionMetrics", Set.of("SIZE", "NONE"), "NONE");
            r.validate();
            r.refuseLegacy(legacy);
            if (onlyAllOld && !returnValues.equals("NONE") && !returnValues.equals("ALL_OLD")) {
                throw DynamoDbException.validation("ReturnValues can only be ALL_OLD or NONE");
            }
            return new Write(table, returnValues, onFailure, consumed);
        }
    }

    static ObjectNode put(DynamoDb db, Request r, InjectedThrottle throttled) {
        Write w = Write.of(r, "Item", true, "Expected", "ConditionalOperator");
        Map<String, AttributeValue> item = r.item("Item");
        Condition condition = condition(r);
        Table t = db.table(w.table());
        Table.Key key = t.keyOfItem(item);
        int size = ItemSize.of(item);
        if (size > ItemSize.MAX_ITEM_BYTES) {
            throw DynamoDbException.validation("Item size has exceeded the maximum allowed size");
        }
        db.admit(t, true, throttled);
        Map<String, AttributeValue> old = t.get(key);
        check(condition, old, w.onFailure());
        db.stored(t, key, item);
        t.put(key, item, db.now());
        double units = ItemSize.writeUnits(Math.max(size, old == null ? 0 : ItemSize.of(old)));
        db.charge(t, true, units);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        if (w.returnValues().equals("ALL_OLD") && old != null) {
            out.set("Attributes", AttributeValue.toJson(old));
        }
        consumedCapacity(out, w.consumed(), t, units);
        return out;
    }

    static ObjectNode get(DynamoDb db, Request r, InjectedThrottle throttled) {
        String tableName = r.tableName("TableName");
        r.required("Key");
        String consumed = r.oneOf("ReturnConsumedCapacity", CONSUMED_CAPACITY, "NONE");
        r.validate();
        r.refuseLegacy("AttributesToGet");
        Map<String, AttributeValue> keyMap = r.item("Key");
        String projectionText = r.string("ProjectionExpression");
        Placeholders ph = Placeholders.read(r.body(), projectionText != null, false, List.of());
        List<Path> projection = projectionText == null ? null : ExpressionParser.projection(projectionText, ph);
        ph.requireAllUsed();
        Table t = db.table(tableName);
        Table.Key key = t.keyOf(keyMap);
        db.admit(t, false, throttled);
        Map<String, AttributeValue> item = t.get(key);
        boolean consistent = r.bool("ConsistentRead");
        double units = ItemSize.readUnits(item == null ? 0 : ItemSize.of(item), consistent);
        db.charge(t, false, units);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        if (item != null) {
            out.set("Item", AttributeValue.toJson(Evaluator.project(item, projection)));
        }
        consumedCapacity(out, consumed, t, units);
        return out;
    }

    static ObjectNode update(DynamoDb db, Request r, InjectedThrottle throttled) {
        Write w = Write.of(r, "Key", false, "AttributeUpdates", "Expected", "ConditionalOperator");
        Map<String, AttributeValue> keyMap = r.item("Key");
        String updateText = r.string("UpdateExpression");
        String conditionText = r.string("ConditionExpression");
        boolean any = updateText != null || conditionText != null;
        Placeholders ph = Placeholders.read(r.body(), any, any, List.of("UpdateExpression", "ConditionExpression"));
        List<UpdateAction> actions = updateText == null ? List.of() : ExpressionParser.update(updateText, ph);
        Condition condition = conditionText == null ? null
                : ExpressionParser.condition("ConditionExpression", conditionText, ph);
        ph.requireAllUsed();
        Table t = db.table(w.table());
        Table.Key key = t.keyOf(keyMap);
        for (UpdateAction a : actions) {
            if (t.isKeyAttribute(a.path().head())) {
                throw DynamoDbException.validation("One or more parameter values were invalid: Cannot update attribute "
                        + a.path().head() + ". This attribute is part of the key");
            }
        }
        db.admit(t, true, throttled);
        Map<String, AttributeValue> old = t.get(key);
        check(condition, old, w.onFailure());
        Map<String, AttributeValue> updated = UpdateApplier.apply(old != null ? old : t.keyAttributes(key), actions);
        int size = ItemSize.of(updated);
        if (size > ItemSize.MAX_ITEM_BYTES) {
            throw DynamoDbException.validation("Item size to update has exceeded the maximum allowed size");
        }
        db.stored(t, key, updated);
        t.put(key, updated, db.now());
        double units = ItemSize.writeUnits(Math.max(size, old == null ? 0 : ItemSize.of(old)));
        db.charge(t, true, units);
        List<Path> paths = actions.stream().map(UpdateAction::path).toList();
        Map<String, AttributeValue> returned = switch (w.returnValues()) {
            case "ALL_OLD" -> old;
            case "ALL_NEW" -> updated;
            case "UPDATED_OLD" -> old == null ? null : Evaluator.project(old, paths);
            case "UPDATED_NEW" -> Evaluator.project(updated, paths);
            default -> null;
        };
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        if (returned != null && !returned.isEmpty()) {
            out.set("Attributes", AttributeValue.toJson(returned));
        }
        consumedCapacity(out, w.consumed(), t, units);
        return out;
    }

    static ObjectNode delete(DynamoDb db, Request r, InjectedThrottle throttled) {
        Write w = Write.of(r, "Key", true, "Expected", "ConditionalOperator");
        Map<String, AttributeValue> keyMap = r.item("Key");
        Condition condition = condition(r);
        Table t = db.table(w.table());
        Table.Key key = t.keyOf(keyMap);
        db.admit(t, true, throttled);
        Map<String, AttributeValue> old = t.get(key);
        check(condition, old, w.onFailure());
        if (old != null) {
            db.removed(t, key);
            t.delete(key);
        }
        double units = ItemSize.writeUnits(old == null ? 0 : ItemSize.of(old));
        db.charge(t, true, units);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        if (w.returnValues().equals("ALL_OLD") && old != null) {
            out.set("Attributes", AttributeValue.toJson(old));
        }
        consumedCapacity(out, w.consumed(), t, units);
        return out;
    }

    /** The ConditionExpression of a PutItem or DeleteItem, with its placeholders checked. */
    private static Condition condition(Request r) {
        String text = r.string("ConditionExpression");
        Placeholders ph = Placeholders.read(r.body(), text != null, text != null, List.of("ConditionExpression"));
        Condition c = text == null ? null : ExpressionParser.condition("ConditionExpression", text, ph);
        ph.requireAllUsed();
        return c;
    }

    /** ConditionalCheckFailedException, with the stored item when ReturnValuesOnConditionCheckFailure is ALL_OLD. */
    private static void check(Condition condition, Map<String, AttributeValue> old, String onFailure) {
        if (condition != null && !Evaluator.test(condition, old)) {
            throw DynamoDbException.conditionalCheckFailed(onFailure.equals("ALL_OLD") ? old : null);
        }
    }

    static void consumedCapacity(ObjectNode out, String mode, Table t, double units) {
        if (mode.equals("NONE")) {
            return;
        }
        ObjectNode c = out.putObject("ConsumedCapacity");
        c.put("TableName", t.name());
        c.put("CapacityUnits", units);
        if (mode.equals("INDEXES")) {
            c.putObject("Table").put("CapacityUnits", units);
        }
    }
}
