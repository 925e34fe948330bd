package dev.ecstatic.simulator.dynamodb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecstatic.simulator.StateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tables on disk under {@code <state>/dynamodb/}: one directory per table holding {@code table.json}
 * (the definition) and {@code items/<sha256 of the key>.json} (each item in DynamoDB JSON), every
 * file replaced atomically ({@link StateFiles}). One file per item keeps a write O(1) and a crash
 * harmless: a table directory without {@code table.json} was never finished and is removed.
 */
final class TableFiles {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FORMAT = 1;

    private final Path root;

    TableFiles(Path stateDir) {
        this.root = StateFiles.directory(stateDir, "dynamodb");
    }

    /**
     * The tables on disk, their items written (for TTL) at {@code now}.
     *
     * @throws UncheckedIOException naming the directory or file that cannot be read
     * @throws IllegalStateException naming the file that is damaged, and what is wrong with it
     */
    TreeMap<String, Table> load(Instant now) {
        TreeMap<String, Table> tables = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return tables;
        }
        StateFiles.removeLeftovers(root);
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                Path def = dir.resolve("table.json");
                if (!Files.isRegularFile(def)) {
                    StateFiles.deleteTree(dir);
                    continue;
                }
                Table t = new Table(definition(def));
                Path items = dir.resolve("items");
                StateFiles.removeLeftovers(items);
                if (Files.isDirectory(items)) {
                    try (DirectoryStream<Path> files = Files.newDirectoryStream(items, "*.json")) {
                        for (Path f : files) {
                            Map<String, AttributeValue> item = item(t, f);
                            t.put(t.keyOfItem(item), item, now);
                        }
                    }
                }
                tables.put(t.name(), t);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the DynamoDB state in " + root + ": " + e.getMessage(), e);
        }
        return tables;
    }

    void saveDefinition(Table.Definition d) {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", FORMAT);
        o.put("TableName", d.name());
        o.put("HashKey", d.hash().name());
        o.put("HashKeyType", d.hash().type());
        if (d.range() != null) {
            o.put("RangeKey", d.range().name());
            o.put("RangeKeyType", d.range().type());
        }
        o.put("BillingMode", d.billingMode());
        o.put("ReadCapacityUnits", d.readCapacity());
        o.put("WriteCapacityUnits", d.writeCapacity());
        o.put("CreationDateTime", d.created().toString());
        o.put("TableId", d.tableId());
        if (d.ttlAttribute() != null) {
            o.put("TimeToLiveAttribute", d.ttlAttribute());
        }
        o.put("SSEEnabled", d.sseEnabled());
        o.put("PointInTimeRecoveryEnabled", d.pointInTimeRecovery());
        StateFiles.write(tableDir(d.name()).resolve("table.json"), bytes(o));
    }

    void saveItem(Table t, Table.Key key, Map<String, AttributeValue> item) {
        StateFiles.write(itemFile(t.name(), key), bytes(AttributeValue.toJson(item)));
    }

    void deleteItem(Table t, Table.Key key) {
        StateFiles.delete(itemFile(t.name(), key));
    }

    void deleteTable(String name) {
        StateFiles.deleteTree(tableDir(name));
    }

    private Path tableDir(String name) {
        return root.resolve(name);
    }

    private Path itemFile(String table, Table.Key key) {
        String canonical = key.partition().type() + ":" + AttributeValue.toJson(key.partition())
                + (key.sort() == null ? "" : "|" + key.sort().type() + ":" + AttributeValue.toJson(key.sort()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return tableDir(table).resolve("items").resolve(HexFormat.of().formatHex(digest) + ".json");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static Table.Definition definition(Path file) throws IOException {
        JsonNode o = json(file);
        if (o.path("format").asInt() != FORMAT) {
            throw damaged(file, "unknown format " + o.path("format"));
        }
        try {
            Table.KeyAttribute range = o.hasNonNull("RangeKey")
                    ? new Table.KeyAttribute(text(o, "RangeKey", file), text(o, "RangeKeyType", file)) : null;
            return new Table.Definition(text(o, "TableName", file),
                    new Table.KeyAttribute(text(o, "HashKey", file), text(o, "HashKeyType", file)), range,
                    text(o, "BillingMode", file), o.path("ReadCapacityUnits").asLong(), o.path("WriteCapacityUnits").asLong(),
                    Instant.parse(text(o, "CreationDateTime", file)), text(o, "TableId", file),
                    o.hasNonNull("TimeToLiveAttribute") ? text(o, "TimeToLiveAttribute", file) : null,
                    // Absent from the files of simulators before SSE and PITR were kept: neither was enabled.
                    o.path("SSEEnabled").asBoolean(false), o.path("PointInTimeRecoveryEnabled").asBoolean(false));
        } catch (DateTimeParseException e) {
            throw damaged(file, "CreationDateTime: " + e.getMessage());
        }
    }

    /** An item file: DynamoDB JSON whose key fits the table's schema. */
    private static Map<String, AttributeValue> item(Table t, Path file) throws IOException {
        try {
            Map<String, AttributeValue> item = AttributeValue.item(json(file), "Item");
            if (item == null) {
                throw damaged(file, "not an item");
            }
            t.keyOfItem(item);
            return item;
        } catch (DynamoDbException e) {
            throw damaged(file, e.getMessage());
        }
    }

    private static JsonNode json(Path file) throws IOException {
        try {
            return JSON.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw damaged(file, "not JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode o, String field, Path file) {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual()) {
            throw damaged(file, field + " is missing or not a string");
        }
        return v.asText();
    }

    private static IllegalStateException damaged(Path file, String problem) {
        return new IllegalStateException("the DynamoDB state file " + file + " is damaged: " + problem);
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
