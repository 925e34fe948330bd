package dev.ecstatic.cli.simulate;

import dev.ecstatic.simulator.AwsSimulator;
import dev.ecstatic.simulator.Fleet;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * A simulator's {@code --state} directory, opened to read its DynamoDB tables: a simulator with no
 * fleet on the directory, its clock standing at {@link Simulation#EPOCH}. Simulated memory is dated
 * in simulated time; on the real clock its TTL ({@code expiresAt}) would have passed, and the
 * simulator would delete the items from the directory at the first request.
 */
public final class StateDirectory implements AutoCloseable {

    private final AwsSimulator simulator;
    private final DynamoDbClient dynamo;

    private StateDirectory(AwsSimulator simulator, DynamoDbClient dynamo) {
        this.simulator = simulator;
        this.dynamo = dynamo;
    }

    /** Opens {@code dir} (created if missing) for reading; region is the ARNs' region. */
    public static StateDirectory open(Path dir, String region) {
        Fleet noFleet = Fleet.parse("{\"region\": \"" + region + "\", \"latestAgentVersion\": \"1.0.0\", \"clusters\": []}",
                "no fleet");
        AwsSimulator simulator = AwsSimulator.start(noFleet, 0, Clock.fixed(Simulation.EPOCH, ZoneOffset.UTC), dir);
        return new StateDirectory(simulator, StackTables.client(simulator.endpoint(), region));
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    /** Every item of {@code table}, in scan order. */
    public static List<Map<String, AttributeValue>> items(DynamoDbClient dynamo, String table) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true)).forEach(page -> out.addAll(page.items()));
        return out;
    }

    /**
     * When the next scheduled run of a simulation kept in {@code dir} starts: the first instant of
     * the schedule (every {@code interval} from {@link Simulation#EPOCH}) after the latest
     * {@code lastRunTime} in {@code tables}, so that memory dated by the last simulation is in the
     * past of the next one; {@code EPOCH} when no run is remembered.
     */
    static Instant nextRun(Path dir, String region, Collection<String> tables, Duration interval) {
        Instant latest = null;
        try (StateDirectory state = open(dir, region)) {
            for (String table : tables) {
                List<Map<String, AttributeValue>> items;
                try {
                    items = items(state.dynamo, table);
                } catch (ResourceNotFoundException e) {
                    continue;
                }
                for (Map<String, AttributeValue> item : items) {
                    Instant t = instant(item.get("lastRunTime"));
                    if (t != null && (latest == null || t.isAfter(latest))) {
                        latest = t;
                    }
                }
            }
        }
        if (latest == null || latest.isBefore(Simulation.EPOCH)) {
            return Simulation.EPOCH;
        }
        long intervals = Duration.between(Simulation.EPOCH, latest).toMillis() / interval.toMillis() + 1;
        return Simulation.EPOCH.plus(interval.multipliedBy(intervals));
    }

    private static Instant instant(AttributeValue value) {
        if (value == null || value.s() == null) {
            return null;
        }
        try {
            return Instant.parse(value.s());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Override
    public void close() {
        dynamo.close();
        simulator.close();
    }
}
