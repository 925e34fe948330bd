package dev.ecstatic.simulator.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The simulator's DynamoDB: its tables and the actions on them, as the HTTP endpoint serves them
 * and as Java code (the engine's integrations, tests) uses them directly.
 *
 * <pre>{@code
 * DynamoDb db = simulator.dynamoDb();
 * db.execute("CreateTable", json("{\"TableName\": \"t\", \"KeySchema\": [...], ...}"));  // the API's own request
 * db.putItem("t", json("{\"id\": {\"S\": \"a\"}, \"n\": {\"N\": \"1\"}}"));             // DynamoDB JSON
 * Optional<JsonNode> item = db.getItem("t", json("{\"id\": {\"S\": \"a\"}}"));
 * }</pre>
 *
 * Every method validates as the API does and throws {@link DynamoDbException} with DynamoDB's error
 * code and message. Time (TTL) comes from the simulator's clock. Thread-safe: one lock for all tables.
 */
public final class DynamoDb {

    /** Every action served, as named in {@code X-Amz-Target: DynamoDB_20120810.<Action>}. */
    public static final Set<String> ACTIONS = Set.of("CreateTable", "DeleteTable", "DescribeTable", "ListTables",
            "UpdateTimeToLive", "DescribeTimeToLive", "UpdateContinuousBackups", "DescribeContinuousBackups", "PutItem",
            "GetItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchGetItem", "BatchWriteItem");

    private static final Set<String> CONTROL_PLANE =
            Set.of("CreateTable", "DeleteTable", "DescribeTable", "ListTables", "UpdateTimeToLive", "DescribeTimeToLive",
                    "UpdateContinuousBackups", "DescribeContinuousBackups");

    private final String region;
    private final String accountId;
    private final Clock clock;
    private final Duration ttlDelay;
    private final boolean throttle;
    private final TableFiles files;
    private final TreeMap<String, Table> tables;
    private final Capacity capacity = new Capacity();

    /**
     * @param stateDir     where tables persist ({@code <stateDir>/dynamodb}), null to keep them in memory
     * @param ttlDelay     how long after its TTL an expired item is deleted
     * @param throttle     apply the capacity model (ProvisionedThroughputExceededException, ThrottlingException)
     */
    public DynamoDb(String region, String accountId, Clock clock, Path stateDir, Duration ttlDelay, boolean throttle) {
        this.region = Objects.requireNonNull(region, "region");
        this.accountId = Objects.requireNonNull(accountId, "accountId");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttlDelay = Objects.requireNonNull(ttlDelay, "ttlDelay");
        this.throttle = throttle;
        this.files = stateDir == null ? null : new TableFiles(stateDir);
        this.tables = files == null ? new TreeMap<>() : files.load(clock.instant());
    }

    /**
     * Runs one action on its JSON request, as the endpoint does, and returns the JSON response.
     *
     * @throws DynamoDbException DynamoDB's error for the request
     */
    public ObjectNode execute(String action, JsonNode request) {
        return execute(action, request, InjectedThrottle.NONE);
    }

    /** As {@link #execute(String, JsonNode)}, with the fleet's injected throttling. */
    ObjectNode execute(String action, JsonNode request, InjectedThrottle throttled) {
        if (!ACTIONS.contains(action)) {
            throw DynamoDbException.unknownOperation(action);
        }
        JsonNode body = request == null ? JsonNodeFactory.instance.objectNode() : request;
        if (!body.isObject()) {
            throw DynamoDbException.serialization("The request body must be a JSON object");
        }
        Request r = new Request(body);
        synchronized (this) {
            Instant now = clock.instant();
            sweep(now);
            if (CONTROL_PLANE.contains(action)) {
                if (throttled.throttled(-1)) {
                    throw DynamoDbException.throttling();
                }
                if (throttle) {
                    capacity.controlPlane(now);
                }
                return switch (action) {
                    case "CreateTable" -> TableActions.create(this, r, now);
                    case "DeleteTable" -> TableActions.delete(this, r);
                    case "DescribeTable" -> TableActions.describe(this, r);
                    case "ListTables" -> TableActions.list(this, r);
                    case "UpdateTimeToLive" -> TableActions.updateTimeToLive(this, r);
                    case "UpdateContinuousBackups" -> TableActions.updateContinuousBackups(this, r, now);
                    case "DescribeContinuousBackups" -> TableActions.describeContinuousBackups(this, r, now);
                    default -> TableActions.describeTimeToLive(this, r);
                };
            }
            return switch (action) {
                case "PutItem" -> ItemActions.put(this, r, throttled);
                case "GetItem" -> ItemActions.get(this, r, throttled);
                case "UpdateItem" -> ItemActions.update(this, r, throttled);
                case "DeleteItem" -> ItemActions.delete(this, r, throttled);
                case "Query" -> ReadActions.query(this, r, throttled);
                case "Scan" -> ReadActions.scan(this, r, throttled);
                case "BatchGetItem" -> BatchActions.get(this, r, throttled);
                default -> BatchActions.write(this, r, throttled);
            };
        }
    }

    // ---- the Java API for seeding and inspecting ----

    /** Stores an item (DynamoDB JSON) as PutItem would, without condition. */
    public void putItem(String table, JsonNode item) {
        ObjectNode req = JsonNodeFactory.instance.objectNode();
        req.put("TableName", table);
        req.set("Item", item);
        execute("PutItem", req);
    }

    /** The item with this key (DynamoDB JSON), as a strongly consistent GetItem returns it. */
    public Optional<JsonNode> getItem(String table, JsonNode key) {
        ObjectNode req = JsonNodeFactory.instance.objectNode();
        req.put("TableName", table);
        req.set("Key", key);
        req.put("ConsistentRead", true);
        return Optional.ofNullable(execute("GetItem", req).get("Item"));
    }

    /** Every item of the table, in Scan order. */
    public synchronized List<JsonNode> items(String table) {
        sweep(clock.instant());
        Table t = tables.get(table);
        if (t == null) {
            throw DynamoDbException.tableNotFound(table);
        }
        List<JsonNode> out = new ArrayList<>();
        t.items().values().forEach(item -> out.add(AttributeValue.toJson(item)));
        return out;
    }

    public synchronized List<String> tableNames() {
        return List.copyOf(tables.keySet());
    }

    // ---- for the actions (callers hold the lock) ----

    String region() {
        return region;
    }

    String accountId() {
        return accountId;
    }

    TreeMap<String, Table> tables() {
        return tables;
    }

    Instant now() {
        return clock.instant();
    }

    /** The table a data-plane action names; ResourceNotFoundException without the name, as DynamoDB answers. */
    Table table(String name) {
        Table t = tables.get(name);
        if (t == null) {
            throw DynamoDbException.tableNotFound();
        }
        return t;
    }

    void admit(Table t, boolean write, InjectedThrottle throttled) {
        if (throttled.throttled(-1)) {
            throw DynamoDbException.throughputExceeded();
        }
        if (throttle) {
            capacity.admit(t.definition(), write, clock.instant());
        }
    }

    /** True when the capacity model would throttle this table now (batch items are then returned unprocessed). */
    boolean overdrawn(Table t, boolean write) {
        return throttle && !capacity.available(t.definition(), write, clock.instant());
    }

    void charge(Table t, boolean write, double units) {
        if (throttle) {
            capacity.charge(t.definition(), write, units, clock.instant());
        }
    }

    void stored(Table t, Table.Key key, Map<String, AttributeValue> item) {
        if (files != null) {
            files.saveItem(t, key, item);
        }
    }

    void removed(Table t, Table.Key key) {
        if (files != null) {
            files.deleteItem(t, key);
        }
    }

    /** Persistence is written before memory changes: a failed write leaves both as they were. */
    void defined(Table.Definition definition) {
        if (files != null) {
            files.saveDefinition(definition);
        }
    }

    void dropped(String table) {
        capacity.forget(table);
        if (files != null) {
            files.deleteTable(table);
        }
    }

    /**
     * Deletes what the TTL process has deleted by {@code now}, each item on disk before in memory, as
     * every write does: a failed disk write is a server error that leaves the item in place, due again
     * at the next request.
     */
    private void sweep(Instant now) {
        for (Table t : tables.values()) {
            if (t.definition().ttlAttribute() != null) {
                for (Table.Key k = t.nextExpired(now, ttlDelay); k != null; k = t.nextExpired(now, ttlDelay)) {
                    removed(t, k);
                    t.delete(k);
                }
            }
        }
    }
}
