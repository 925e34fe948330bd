package dev.ecstatic.cli.integrations;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecstatic.simulator.AwsSimulator;
import dev.ecstatic.simulator.dynamodb.DynamoDbException;
import dev.ecstatic.simulator.s3.S3Exception;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The AWS resources an execution starts with, in the format of the integration recordings'
 * {@code setup} (local/asl-engine/src/test/resources/conformance/integration-cases/README): DynamoDB
 * tables with their items, S3 buckets with their objects, and resources that must not exist.
 *
 * <pre>{@code
 * {"dynamodb": [{"table": "memory", "keySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
 *                "attributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
 *                "billingMode": "PAY_PER_REQUEST", "items": [{"id": {"S": "a"}}]}],
 *  "s3": [{"bucket": "items"}, {"bucket": "items", "key": "list.json", "body": "[1, 2]"}],
 *  "absent": {"dynamodbTables": ["gone"], "s3Buckets": ["nowhere"]}}
 * }</pre>
 *
 * @param tables DynamoDB tables, created in order, then filled
 * @param objects S3 buckets (an entry without a key) and objects (with one; its bucket is made if needed)
 * @param absentTables tables that must not exist
 * @param absentBuckets buckets that must not exist
 */
public record Setup(List<Table> tables, List<S3Entry> objects, List<String> absentTables, List<String> absentBuckets) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** What S3 stores for an object uploaded without a Content-Type, as the recordings' objects were. */
    private static final String UPLOADED_CONTENT_TYPE = "binary/octet-stream";

    public Setup {
        tables = List.copyOf(tables);
        objects = List.copyOf(objects);
        absentTables = List.copyOf(absentTables);
        absentBuckets = List.copyOf(absentBuckets);
    }

    /**
     * This setup and an empty bucket for each name ({@code execute --bucket}); a bucket the setup says must
     * be absent is refused by name.
     */
    public Setup withBuckets(List<String> names) {
        List<S3Entry> all = new java.util.ArrayList<>(objects);
        for (String name : names) {
            if (absentBuckets.contains(name)) {
                throw new SetupException("--bucket " + name + ": the setup's $.absent.s3Buckets says it must not exist");
            }
            all.add(new S3Entry("--bucket " + name, name, null, null));
        }
        return new Setup(tables, all, absentTables, absentBuckets);
    }

    /**
     * A DynamoDB table and its items.
     *
     * @param path where the table is in the file, for messages ({@code $.dynamodb[0]})
     * @param createTable the CreateTable request
     * @param items the items (DynamoDB JSON)
     */
    public record Table(String path, String name, ObjectNode createTable, List<JsonNode> items) {
        public Table {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(createTable, "createTable");
            items = List.copyOf(items);
        }
    }

    /**
     * An S3 bucket, or an object of a bucket.
     *
     * @param path where the entry is in the file ({@code $.s3[1]})
     * @param key the object's key, or null for the bucket alone
     * @param body the object's exact text (UTF-8), or null for the bucket alone
     */
    public record S3Entry(String path, String bucket, String key, String body) {
        public S3Entry {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(bucket, "bucket");
            if ((key == null) != (body == null)) {
                throw new IllegalArgumentException(path + ": an object needs both key and body");
            }
        }
    }

    /** A setup file that cannot be read or seeded: the message names the file, the JSON path and the problem. */
    public static final class SetupException extends RuntimeException {
        SetupException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Parses a setup strictly: unknown members, wrong types and duplicate keys are errors.
     *
     * @param source the name messages start with (the file's)
     * @throws SetupException {@code <source>: <json path>: <problem>}
     */
    public static Setup parse(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SetupException(source + ": not JSON: " + e.getOriginalMessage() + " (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
        Reader reader = new Reader(source);
        ObjectNode top = reader.object(root, "$", Set.of("dynamodb", "s3", "absent"));
        List<Table> tables = new ArrayList<>();
        ArrayNode dynamodb = reader.array(top.get("dynamodb"), "$.dynamodb");
        for (int i = 0; i < dynamodb.size(); i++) {
            tables.add(reader.table(dynamodb.get(i), "$.dynamodb[" + i + "]"));
        }
        List<S3Entry> objects = new ArrayList<>();
        ArrayNode s3 = reader.array(top.get("s3"), "$.s3");
        for (int i = 0; i < s3.size(); i++) {
            objects.add(reader.s3Entry(s3.get(i), "$.s3[" + i + "]"));
        }
        ObjectNode absent = top.has("absent") ? reader.object(top.get("absent"), "$.absent",
                Set.of("dynamodbTables", "s3Buckets")) : JsonNodeFactory.instance.objectNode();
        List<String> absentTables = reader.strings(absent.get("dynamodbTables"), "$.absent.dynamodbTables");
        List<String> absentBuckets = reader.strings(absent.get("s3Buckets"), "$.absent.s3Buckets");
        Set<String> names = new HashSet<>();
        for (Table table : tables) {
            if (!names.add(table.name())) {
                throw reader.problem(table.path() + ".table", "the table " + table.name() + " is created twice");
            }
            if (absentTables.contains(table.name())) {
                throw reader.problem(table.path() + ".table", "the table " + table.name()
                        + " is also in $.absent.dynamodbTables");
            }
        }
        for (S3Entry entry : objects) {
            if (absentBuckets.contains(entry.bucket())) {
                throw reader.problem(entry.path() + ".bucket", "the bucket " + entry.bucket()
                        + " is also in $.absent.s3Buckets");
            }
        }
        return new Setup(tables, objects, absentTables, absentBuckets);
    }

    /**
     * Creates the tables, items, buckets and objects in the simulator, as the API would.
     *
     * @throws SetupException naming the entry the simulator refused and its error, e.g. an invalid
     *     bucket name or an item without its key
     */
    public void seed(AwsSimulator simulator, String source) {
        for (Table table : tables) {
            try {
                simulator.dynamoDb().execute("CreateTable", table.createTable());
            } catch (DynamoDbException e) {
                throw new SetupException(source + ": " + table.path() + ": CreateTable failed: " + e.code() + ": "
                        + e.getMessage());
            }
            for (int i = 0; i < table.items().size(); i++) {
                try {
                    simulator.dynamoDb().putItem(table.name(), table.items().get(i));
                } catch (DynamoDbException e) {
                    throw new SetupException(source + ": " + table.path() + ".items[" + i + "]: PutItem failed: "
                            + e.code() + ": " + e.getMessage());
                }
            }
        }
        for (S3Entry entry : objects) {
            if (!simulator.s3().bucketExists(entry.bucket())) {
                try {
                    simulator.s3().createBucket(entry.bucket());
                } catch (S3Exception e) {
                    throw new SetupException(source + ": " + entry.path() + ".bucket: CreateBucket failed: " + e.code()
                            + ": " + e.getMessage());
                }
            }
            if (entry.key() != null) {
                try {
                    simulator.s3().putObject(entry.bucket(), entry.key(), entry.body().getBytes(StandardCharsets.UTF_8),
                            UPLOADED_CONTENT_TYPE);
                } catch (S3Exception e) {
                    throw new SetupException(source + ": " + entry.path() + ".key: PutObject failed: " + e.code() + ": "
                            + e.getMessage());
                }
            }
        }
    }

    /** Reads the file's members, each problem naming its JSON path. */
    private record Reader(String source) {

        SetupException problem(String path, String message) {
            return new SetupException(source + ": " + path + ": " + message);
        }

        ObjectNode object(JsonNode node, String path, Set<String> members) {
            if (!(node instanceof ObjectNode object)) {
                throw problem(path, "must be an object, was " + describe(node));
            }
            for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!members.contains(name)) {
                    throw problem(path + "." + name, "unknown member (expected one of " + members.stream().sorted().toList()
                            + ")");
                }
            }
            return object;
        }

        ArrayNode array(JsonNode node, String path) {
            if (node == null) {
                return JsonNodeFactory.instance.arrayNode();
            }
            if (!(node instanceof ArrayNode array)) {
                throw problem(path, "must be an array, was " + describe(node));
            }
            return array;
        }

        String string(JsonNode node, String path, boolean required) {
            if (node == null && !required) {
                return null;
            }
            if (node == null || !node.isTextual()) {
                throw problem(path, node == null ? "is required" : "must be a string, was " + describe(node));
            }
            return node.textValue();
        }

        List<String> strings(JsonNode node, String path) {
            ArrayNode array = array(node, path);
            List<String> out = new ArrayList<>();
            for (int i = 0; i < array.size(); i++) {
                out.add(string(array.get(i), path + "[" + i + "]", true));
            }
            return out;
        }

        Table table(JsonNode node, String path) {
            ObjectNode entry = object(node, path, Set.of("table", "keySchema", "attributeDefinitions", "billingMode", "items"));
            String name = string(entry.get("table"), path + ".table", true);
            ObjectNode create = JsonNodeFactory.instance.objectNode();
            create.put("TableName", name);
            create.set("KeySchema", array(required(entry, "keySchema", path), path + ".keySchema"));
            create.set("AttributeDefinitions", array(required(entry, "attributeDefinitions", path),
                    path + ".attributeDefinitions"));
            String billing = string(entry.get("billingMode"), path + ".billingMode", false);
            create.put("BillingMode", billing == null ? "PAY_PER_REQUEST" : billing);
            if ("PROVISIONED".equals(billing)) {
                // The recordings' tables are on-demand; a provisioned one gets the console's default capacity.
                create.set("ProvisionedThroughput", JsonNodeFactory.instance.objectNode()
                        .put("ReadCapacityUnits", 5).put("WriteCapacityUnits", 5));
            }
            ArrayNode items = array(entry.get("items"), path + ".items");
            List<JsonNode> list = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                list.add(object(items.get(i), path + ".items[" + i + "]", fieldNames(items.get(i))));
            }
            return new Table(path, name, create, list);
        }

        S3Entry s3Entry(JsonNode node, String path) {
            ObjectNode entry = object(node, path, Set.of("bucket", "key", "body", "bodyPythonType"));
            String bucket = string(entry.get("bucket"), path + ".bucket", true);
            String key = string(entry.get("key"), path + ".key", false);
            String body = string(entry.get("body"), path + ".body", false);
            String pythonType = string(entry.get("bodyPythonType"), path + ".bodyPythonType", false);
            if (pythonType != null && !Set.of("bytes", "bytearray").contains(pythonType)) {
                throw problem(path + ".bodyPythonType", "must be bytes or bytearray, was " + pythonType);
            }
            if (key == null && body != null) {
                throw problem(path + ".key", "is required with a body");
            }
            if (key != null && body == null) {
                throw problem(path + ".body", "is required with a key (the object's exact text)");
            }
            return new S3Entry(path, bucket, key, body);
        }

        private JsonNode required(ObjectNode entry, String member, String path) {
            JsonNode node = entry.get(member);
            if (node == null) {
                throw problem(path + "." + member, "is required");
            }
            return node;
        }

        private static Set<String> fieldNames(JsonNode node) {
            Set<String> names = new HashSet<>();
            node.fieldNames().forEachRemaining(names::add);
            return names;
        }

        private static String describe(JsonNode node) {
            if (node == null) {
                return "missing";
            }
            String text = node.toString();
            return text.length() > 40 ? text.substring(0, 40) + "…" : text;
        }
    }
}
