package dev.ecstatic.simulator.dynamodb;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An item's size as DynamoDB counts it for the 400 KB limit and for capacity units, from "DynamoDB
 * item sizes and formats" (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html):
 * each attribute is its name's UTF-8 bytes plus its value; strings their UTF-8 bytes, binaries their
 * raw bytes, numbers about one byte per two significant digits plus one, BOOL and NULL one byte;
 * a list or map 3 bytes plus its elements, each element one byte more; a set the sum of its elements.
 */
final class ItemSize {

    /** 400 KB, "including attribute name binary length (UTF-8 length) and attribute value lengths". */
    static final int MAX_ITEM_BYTES = 400 * 1024;

    private ItemSize() {
    }

    static int of(Map<String, AttributeValue> item) {
        int size = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            size += utf8(e.getKey()) + of(e.getValue());
        }
        return size;
    }

    static int of(AttributeValue value) {
        return switch (value) {
            case AttributeValue.S s -> utf8(s.value());
            case AttributeValue.N n -> Numbers.size(n.value());
            case AttributeValue.B b -> b.value().data().length;
            case AttributeValue.Bool ignored -> 1;
            case AttributeValue.Null ignored -> 1;
            case AttributeValue.M m -> {
                int size = 3;
                for (Map.Entry<String, AttributeValue> e : m.value().entrySet()) {
                    size += 1 + utf8(e.getKey()) + of(e.getValue());
                }
                yield size;
            }
            case AttributeValue.L l -> {
                int size = 3;
                for (AttributeValue v : l.value()) {
                    size += 1 + of(v);
                }
                yield size;
            }
            case AttributeValue.SS ss -> ss.value().stream().mapToInt(ItemSize::utf8).sum();
            case AttributeValue.NS ns -> ns.value().stream().mapToInt(Numbers::size).sum();
            case AttributeValue.BS bs -> bs.value().stream().mapToInt(b -> b.data().length).sum();
        };
    }

    /** Write capacity units of one write: one per 1 KB, at least one. */
    static double writeUnits(int itemBytes) {
        return Math.max(1, (itemBytes + 1023) / 1024);
    }

    /** Read capacity units: one per 4 KB for a strongly consistent read, half for an eventually consistent one. */
    static double readUnits(int itemBytes, boolean consistent) {
        double units = Math.max(1, (itemBytes + 4095) / 4096);
        return consistent ? units : units / 2;
    }

    private static int utf8(String s) {
        // Fast path for ASCII, which most names are.
        int n = s.length();
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                return s.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return n;
    }
}
