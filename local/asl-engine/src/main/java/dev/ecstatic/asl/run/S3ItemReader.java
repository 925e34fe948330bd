package dev.ecstatic.asl.run;

import dev.ecstatic.asl.Json;
import dev.ecstatic.asl.ObjectStore;
import dev.ecstatic.asl.ObjectStoreException;
import dev.ecstatic.asl.definition.ItemReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Distributed Map's ItemReader: reads the items from S3 through the engine's {@link ObjectStore}.
 * {@code s3:getObject} reads one object as a JSON array, JSON Lines or CSV; {@code s3:listObjectsV2}
 * makes one item per object ({@code Etag, Key, LastModified, Size, StorageClass}). ReaderConfig
 * MaxItems keeps the first items only (0: all). Whatever fails fails the Map Run with
 * States.ItemReaderFailed.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html">ItemReader (Map)</a>
 */
final class S3ItemReader {
    private S3ItemReader() {}

    /** Why the items cannot be read: States.ItemReaderFailed with this cause. */
    static Failure failed(String cause) {
        return new Failure("States.ItemReaderFailed", cause);
    }

    /** MaxItems (or MaxItemsPath) as written: an integer, possibly negative (refused once the Map Run started). */
    static long maxItems(StateRun run, ItemReader reader, Map<String, Object> context, Object effectiveInput) {
        return reader.maxItems() == null ? 0
                : FieldValues.integer(run, reader.maxItems(), context, effectiveInput, Long.MIN_VALUE, "");
    }

    /** The items; throws {@link #failed} when they cannot be read. */
    static List<Object> read(StateRun run, ItemReader reader, Map<String, Object> context, Object effectiveInput,
            long maxItems) {
        if (maxItems < 0) {
            throw failed("field MaxItems must be positive");
        }
        ObjectStore store = run.interpreter.settings().objectStore();
        if (store == null) {
            throw failed("No object store is configured to read " + reader.resource() + " (Engine.Builder.objectStore).");
        }
        Object arguments = InputOutput.template(run, reader.arguments(), context, effectiveInput);
        String bucket = member(arguments, "Bucket", true);
        try {
            if (ItemReader.LIST_OBJECTS.equals(reader.resource())) {
                return listObjects(store, bucket, member(arguments, "Prefix", false), maxItems);
            }
            String key = member(arguments, "Key", true);
            String text = new String(store.get(bucket, key), StandardCharsets.UTF_8);
            return limit(switch (reader.inputType()) {
                case "JSON" -> jsonArray(text);
                case "JSONL" -> jsonLines(text);
                case "CSV" -> CsvItems.items(text, "GIVEN".equals(reader.csvHeaderLocation()) ? reader.csvHeaders() : null,
                        CsvItems.delimiter(reader.csvDelimiter()), maxItems);
                default -> throw failed("InputType " + reader.inputType() + " is not supported locally.");
            }, maxItems);
        } catch (ObjectStoreException e) {
            throw failed(describe(e));
        } catch (CsvItems.UnreadableCsv e) {
            throw failed(e.getMessage());
        }
    }

    /** An S3 error as the cause of a failure: S3's message, code and bucket. */
    static String describe(ObjectStoreException e) {
        return e.getMessage() + " (Service: S3, Error Code: " + e.code() + ")";
    }

    private static String member(Object arguments, String name, boolean required) {
        Object value = arguments instanceof Map<?, ?> object ? object.get(name) : null;
        if (value instanceof String text) {
            return text;
        }
        if (value == null && !required) {
            return null;
        }
        throw failed("The ItemReader's " + name + " must be a string, but was: " + Json.write(value));
    }

    private static List<Object> jsonArray(String text) {
        Object value;
        try {
            value = Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw failed("The object is not valid JSON: " + e.getMessage());
        }
        if (!(value instanceof List<?> array)) {
            throw failed("Attempting to map over non-iterable node.");
        }
        return new ArrayList<>(array);
    }

    private static List<Object> jsonLines(String text) {
        List<Object> items = new ArrayList<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                items.add(Json.parse(lines[i]));
            } catch (IllegalArgumentException e) {
                throw failed("Line " + (i + 1) + " of the JSONL object is not valid JSON: " + e.getMessage());
            }
        }
        return items;
    }

    private static List<Object> limit(List<Object> items, long maxItems) {
        return maxItems == 0 || items.size() <= maxItems ? items : new ArrayList<>(items.subList(0, (int) maxItems));
    }

    /** Every object under the prefix, page by page, as the items AWS makes of them. */
    private static List<Object> listObjects(ObjectStore store, String bucket, String prefix, long maxItems)
            throws ObjectStoreException {
        List<Object> items = new ArrayList<>();
        String token = null;
        do {
            ObjectStore.ObjectListing page = store.list(bucket, prefix == null ? "" : prefix, token);
            for (ObjectStore.ObjectSummary object : page.objects()) {
                if (maxItems != 0 && items.size() >= maxItems) {
                    return items;
                }
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("Etag", object.eTag());
                item.put("Key", object.key());
                item.put("LastModified", object.lastModified() == null ? Json.NULL : object.lastModified().getEpochSecond());
                item.put("Size", object.size());
                item.put("StorageClass", object.storageClass() == null ? "STANDARD" : object.storageClass());
                items.add(item);
            }
            token = page.nextContinuationToken();
        } while (token != null);
        return items;
    }
}
