package dev.ecstatic.asl.run;

import dev.ecstatic.asl.Json;
import dev.ecstatic.asl.definition.ItemBatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Distributed Map's ItemBatcher: groups the (selected) items into batches of at most
 * MaxItemsPerBatch items and MaxInputBytesPerBatch bytes (256 KiB at most); each child execution
 * gets {@code {"BatchInput": ..., "Items": [...]}} (BatchInput only when given).
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itembatcher.html">ItemBatcher (Map)</a>
 */
final class MapItemBatcher {
    private MapItemBatcher() {}

    /**
     * The batches, each a child execution's input.
     *
     * @param items the items after ItemSelector
     */
    static List<Object> batches(StateRun run, ItemBatcher batcher, Map<String, Object> context, Object effectiveInput,
            List<Object> items) {
        long maxItems = batcher.maxItemsPerBatch() == null ? Long.MAX_VALUE
                : FieldValues.integer(run, batcher.maxItemsPerBatch(), context, effectiveInput, 1,
                        "MaxItemsPerBatch must be positive.");
        long maxBytes = batcher.maxInputBytesPerBatch() == null ? Limits.MAX_BATCH_INPUT_BYTES
                : Math.min(Limits.MAX_BATCH_INPUT_BYTES, FieldValues.integer(run, batcher.maxInputBytesPerBatch(), context,
                        effectiveInput, 1, "MaxInputBytesPerBatch must be positive."));
        Object batchInput = batcher.batchInput() == null ? null
                : InputOutput.template(run, batcher.batchInput(), context, effectiveInput);
        List<Object> batches = new ArrayList<>();
        List<Object> batch = new ArrayList<>();
        // The bytes of {"BatchInput":...,"Items":[]}, plus each item's and the commas between them.
        long overhead = Json.utf8Size(batch(batchInput, List.of()));
        long size = overhead;
        for (Object item : items) {
            long itemSize = Json.utf8Size(item) + (batch.isEmpty() ? 0 : 1);
            if (!batch.isEmpty() && (batch.size() >= maxItems || size + itemSize > maxBytes)) {
                batches.add(batch(batchInput, batch));
                batch = new ArrayList<>();
                size = overhead;
                itemSize = Json.utf8Size(item);
            }
            batch.add(item);
            size += itemSize;
        }
        if (!batch.isEmpty()) {
            batches.add(batch(batchInput, batch));
        }
        return batches;
    }

    /** How many items a batch (a child input) holds. */
    static int size(Object batch) {
        return batch instanceof Map<?, ?> object && object.get("Items") instanceof List<?> items ? items.size() : 1;
    }

    private static Map<String, Object> batch(Object batchInput, List<Object> items) {
        Map<String, Object> batch = new LinkedHashMap<>();
        if (batchInput != null) {
            batch.put("BatchInput", batchInput);
        }
        batch.put("Items", new ArrayList<>(items));
        return batch;
    }
}
