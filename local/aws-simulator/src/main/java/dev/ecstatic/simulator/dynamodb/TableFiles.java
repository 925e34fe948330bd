package dev.ecstatic.simulator.dynamodb;

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

    TreeMap<String, Table> load() {
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
                Table t = new Table(definition(JSON.readTree(Files.readAllBytes(def)), def));
                Path items = dir.resolve("items");
                StateFiles.removeLeftovers(items);
                if (Files.isDirectory(items)) {
                    try (DirectoryStream<Path> files = Files.newDirectoryStream(items, "*.json")) {
                        for (Path f : files) {
                            Map<String, AttributeValue> item = AttributeValue.item(JSON.readTree(Files.readAllBytes(f)), f.toString());
                            t.put(t.keyOfItem(item), item);
                        }
                    }
                }
                tables.put(t.name(), t);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the DynamoDB state in " + root + ": " + e.getMessage(), e);
        } catch (DynamoDbException e) {
            throw new IllegalStateException("the DynamoDB state in " + root + " is damaged: " + e.getMessage(), e);
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

    private static Table.Definition definition(JsonNode o, Path file) {
        if (o.path("format").asInt() != FORMAT) {
            throw new IllegalStateException(file + ": unknown format " + o.path("format"));
        }
        Table.KeyAttribute range = o.hasNonNull("RangeKey")
                ? new Table.KeyAttribute(o.get("RangeKey").asText(), o.get("RangeKeyType").asText()) : null;
        return new Table.Definition(o.get("TableName").asText(),
                new Table.KeyAttribute(o.get("HashKey").asText(), o.get("HashKeyType").asText()), range,
                o.get("BillingMode").asText(), o.path("ReadCapacityUnits").asLong(), o.path("WriteCapacityUnits").asLong(),
                Instant.parse(o.get("CreationDateTime").asText()), o.get("TableId").asText(),
                o.hasNonNull("TimeToLiveAttribute") ? o.get("TimeToLiveAttribute").asText() : null);
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
