package dev.ecstatic.simulator.dynamodb;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * One table: its definition and its items in DynamoDB's order. Items are ordered by a hash of the
 * partition key (as DynamoDB spreads partitions, so a Scan's order is stable but meaningless), then
 * by partition key, then by sort key (S by UTF-8 bytes, N numerically, B by unsigned bytes), which
 * is the order a Query returns. Callers hold the store's lock.
 */
final class Table {

    /** A key attribute: name and scalar type (S, N or B). */
    record KeyAttribute(String name, String type) {
        KeyAttribute {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * The table's definition, as CreateTable gave it and DescribeTable returns it.
     *
     * @param readCapacity  provisioned read capacity units, 0 for PAY_PER_REQUEST
     * @param ttlAttribute  the TTL attribute when time to live is enabled, else null
     * @param sseEnabled    SSESpecification.Enabled: encrypted with the AWS managed key (else the AWS owned key)
     * @param pointInTimeRecovery  point-in-time recovery enabled (UpdateContinuousBackups)
     */
    record Definition(String name, KeyAttribute hash, KeyAttribute range, String billingMode, long readCapacity,
            long writeCapacity, Instant created, String tableId, String ttlAttribute, boolean sseEnabled,
            boolean pointInTimeRecovery) {

        Definition {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(hash, "hash");
            Objects.requireNonNull(billingMode, "billingMode");
            Objects.requireNonNull(created, "created");
            Objects.requireNonNull(tableId, "tableId");
        }

        Definition withTtl(String attribute) {
            return new Definition(name, hash, range, billingMode, readCapacity, writeCapacity, created, tableId, attribute,
                    sseEnabled, pointInTimeRecovery);
        }

        Definition withPointInTimeRecovery(boolean enabled) {
            return new Definition(name, hash, range, billingMode, readCapacity, writeCapacity, created, tableId,
                    ttlAttribute, sseEnabled, enabled);
        }

        boolean provisioned() {
            return billingMode.equals("PROVISIONED");
        }
    }

    /** An item's primary key, ordered as the table stores it. */
    record Key(long partitionHash, AttributeValue partition, AttributeValue sort) implements Comparable<Key> {

        private static final Comparator<Key> ORDER = Comparator.comparingLong(Key::partitionHash)
                .thenComparing(Key::partition, Table::compareScalars)
                .thenComparing(Key::sort, Comparator.nullsFirst(Table::compareScalars));

        @Override
        public int compareTo(Key o) {
            return ORDER.compare(this, o);
        }
    }

    /**
     * "To be considered for expiry and deletion, the TTL can't be more than five years in the past"
     * ("Computing time to live (TTL) in DynamoDB",
     * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-before-you-start.html).
     * AWS does not say how a year is counted: calendar years in UTC here.
     */
    static final int TTL_MAX_YEARS_PAST = 5;

    private Definition definition;
    private final TreeMap<Key, Map<String, AttributeValue>> items = new TreeMap<>();
    private final PriorityQueue<Expiry> expiries = new PriorityQueue<>(Comparator.comparing(Expiry::at));
    private long sizeBytes;

    /** An item's TTL as an instant (to the nanosecond, rounded down), queued for the sweep. */
    private record Expiry(Instant at, Key key) {
    }

    Table(Definition definition) {
        this.definition = definition;
    }

    Definition definition() {
        return definition;
    }

    String name() {
        return definition.name();
    }

    NavigableMap<Key, Map<String, AttributeValue>> items() {
        return items;
    }

    long sizeBytes() {
        return sizeBytes;
    }

    /** Turns TTL on (an attribute) or off (null) at {@code now}; the TTL process starts from the items as they are. */
    /** Point-in-time recovery on or off: a setting only, nothing is backed up. */
    void pointInTimeRecovery(boolean enabled) {
        definition = definition.withPointInTimeRecovery(enabled);
    }

        void enableTtl(String attribute, Instant now) {
        definition = definition.withTtl(attribute);
        expiries.clear();
        if (attribute != null) {
            items.forEach((k, item) -> track(k, item, now));
        }
    }

    // ---- keys ----

    /** The key of an item being written (PutItem, BatchWriteItem's PutRequest). */
    Key keyOfItem(Map<String, AttributeValue> item) {
        AttributeValue p = keyPart(item, definition.hash(), true);
        AttributeValue s = definition.range() == null ? null : keyPart(item, definition.range(), false);
        return key(p, s);
    }

    private AttributeValue keyPart(Map<String, AttributeValue> item, KeyAttribute k, boolean partition) {
        AttributeValue v = item.get(k.name());
        if (v == null) {
            throw DynamoDbException.validation("One or more parameter values were invalid: Missing the key " + k.name()
                    + " in the item");
        }
        if (!v.type().equals(k.type())) {
            throw DynamoDbException.validation("One or more parameter values were invalid: Type mismatch for key "
                    + k.name() + " expected: " + k.type() + " actual: " + v.type());
        }
        checkKeyValue(k, v, partition, "One or more parameter values are not valid. ");
        return v;
    }

    /** The key of a Key member (GetItem, UpdateItem, DeleteItem, BatchGetItem, ExclusiveStartKey). */
    Key keyOf(Map<String, AttributeValue> key) {
        int expected = definition.range() == null ? 1 : 2;
        AttributeValue p = key.get(definition.hash().name());
        AttributeValue s = definition.range() == null ? null : key.get(definition.range().name());
        if (key.size() != expected || p == null || !p.type().equals(definition.hash().type())
                || (definition.range() != null && (s == null || !s.type().equals(definition.range().type())))) {
            throw DynamoDbException.validation("The provided key element does not match the schema");
        }
        checkKeyValue(definition.hash(), p, true, "One or more parameter values were invalid: ");
        if (s != null) {
            checkKeyValue(definition.range(), s, false, "One or more parameter values were invalid: ");
        }
        return key(p, s);
    }

    private static void checkKeyValue(KeyAttribute k, AttributeValue v, boolean partition, String prefix) {
        int bytes = switch (v) {
            case AttributeValue.S s -> s.value().getBytes(StandardCharsets.UTF_8).length;
            case AttributeValue.B b -> b.value().data().length;
            default -> -1;
        };
        if (bytes == 0) {
            throw DynamoDbException.validation(prefix + "The AttributeValue for a key attribute cannot contain an empty "
                    + (v instanceof AttributeValue.S ? "string" : "binary") + " value. Key: " + k.name());
        }
        if (partition && bytes > 2048) {
            throw DynamoDbException.validation("One or more parameter values were invalid: "
                    + "Size of hashkey has exceeded the maximum size limit of2048 bytes");
        }
        if (!partition && bytes > 1024) {
            throw DynamoDbException.validation("One or more parameter values were invalid: "
                    + "Aggregated size of all range keys has exceeded the size limit of 1024 bytes");
        }
    }

    Key key(AttributeValue partition, AttributeValue sort) {
        return new Key(partitionHash(partition), partition, sort);
    }

    /** The key attributes of a stored item, as LastEvaluatedKey and UnprocessedKeys show them. */
    Map<String, AttributeValue> keyAttributes(Key key) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        out.put(definition.hash().name(), key.partition());
        if (definition.range() != null) {
            out.put(definition.range().name(), key.sort());
        }
        return out;
    }

    boolean isKeyAttribute(String name) {
        return name.equals(definition.hash().name()) || (definition.range() != null && name.equals(definition.range().name()));
    }

    // ---- items ----

    Map<String, AttributeValue> get(Key key) {
        return items.get(key);
    }

    /** Stores the item, written at {@code now}; returns the previous one or null. */
    Map<String, AttributeValue> put(Key key, Map<String, AttributeValue> item, Instant now) {
        Map<String, AttributeValue> copy = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(item));
        Map<String, AttributeValue> old = items.put(key, copy);
        sizeBytes += ItemSize.of(copy) - (old == null ? 0 : ItemSize.of(old));
        track(key, copy, now);
        return old;
    }

    Map<String, AttributeValue> delete(Key key) {
        Map<String, AttributeValue> old = items.remove(key);
        if (old != null) {
            sizeBytes -= ItemSize.of(old);
        }
        return old;
    }

    /**
     * Queues the item for the TTL sweep, unless its TTL is more than {@link #TTL_MAX_YEARS_PAST} years
     * before {@code now}, the moment it is written (or TTL is enabled, or the state is loaded). The
     * sweep reaches an item at the later of that moment and its TTL plus the deletion delay (at most a
     * day), so deciding here is deciding when DynamoDB's TTL process would look at it; a clock that
     * jumps years ahead (a test's, or a state directory reopened later) does not spare an item that
     * AWS would have deleted on time.
     */
    private void track(Key key, Map<String, AttributeValue> item, Instant now) {
        Instant at = expiry(item);
        if (at != null && !at.isBefore(now.atOffset(ZoneOffset.UTC).minusYears(TTL_MAX_YEARS_PAST).toInstant())) {
            expiries.add(new Expiry(at, key));
        }
    }

    /** The item's TTL, or null when TTL is off or the item has no Number TTL that an Instant can hold. */
    private Instant expiry(Map<String, AttributeValue> item) {
        if (definition.ttlAttribute() == null
                || !(item.get(definition.ttlAttribute()) instanceof AttributeValue.N n)) {
            return null;
        }
        try {
            BigDecimal seconds = n.value().setScale(0, RoundingMode.FLOOR);
            long nanos = n.value().subtract(seconds).movePointRight(9).setScale(0, RoundingMode.FLOOR).longValueExact();
            return Instant.ofEpochSecond(seconds.longValueExact(), nanos);
        } catch (ArithmeticException | DateTimeException e) {
            // Beyond Instant's range (±10^9 years): never due, or more than five years in the past.
            return null;
        }
    }

    /**
     * The next item the TTL process deletes now, or null: one whose TTL is less than {@code now}
     * minus {@code delay} ("If the epoch time value stored in the attribute is less than the current
     * time, the item is marked as expired and subsequently deleted … DynamoDB typically deletes
     * expired items within two days of expiration … Items that have expired and not been deleted will
     * still show up in reads, queries, and scans": UpdateTimeToLive,
     * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTimeToLive.html).
     * The item stays until the caller deletes it (on disk, then with {@link #delete}), so a failed
     * disk write leaves it due; queued TTLs the item no longer has are dropped on the way.
     */
    Key nextExpired(Instant now, Duration delay) {
        Instant due = now.minus(delay);
        while (!expiries.isEmpty() && expiries.peek().at().isBefore(due)) {
            Expiry e = expiries.peek();
            Map<String, AttributeValue> item = items.get(e.key());
            if (item != null && e.at().equals(expiry(item))) {
                return e.key();
            }
            expiries.poll();
        }
        return null;
    }

    // ---- ordering ----

    /** S by UTF-8 bytes, N numerically, B by unsigned bytes; keys of one table always share a type. */
    static int compareScalars(AttributeValue a, AttributeValue b) {
        Integer c = AttributeValue.compare(a, b);
        if (c == null) {
            throw new IllegalStateException("key values of different types: " + a.type() + ", " + b.type());
        }
        return c;
    }

    private static long partitionHash(AttributeValue v) {
        byte[] bytes = switch (v) {
            case AttributeValue.S s -> s.value().getBytes(StandardCharsets.UTF_8);
            case AttributeValue.N n -> Numbers.format(n.value()).getBytes(StandardCharsets.UTF_8);
            case AttributeValue.B b -> b.value().data();
            default -> throw new IllegalStateException("not a key type: " + v.type());
        };
        try {
            byte[] d = MessageDigest.getInstance("MD5").digest(bytes);
            long h = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (d[i] & 0xFF);
            }
            return h;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is always available", e);
        }
    }
}
