package dev.ecstatic.asl.definition;

/**
 * A Distributed Map's ItemBatcher: each child execution gets {@code {"Items": [...]}} (and
 * {@code BatchInput} when given) instead of one item.
 *
 * @param maxItemsPerBatch MaxItemsPerBatch or MaxItemsPerBatchPath, or null
 * @param maxInputBytesPerBatch MaxInputBytesPerBatch or MaxInputBytesPerBatchPath, or null
 * @param batchInput BatchInput, or null
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itembatcher.html">ItemBatcher (Map)</a>
 */
public record ItemBatcher(Field maxItemsPerBatch, Field maxInputBytesPerBatch, ValueTemplate batchInput) {

    /**
     * The most MaxInputBytesPerBatch may ask for, and a batch's size when it asks nothing: 256 KiB.
     * Here, where the definition is checked, and read by the run's Limits (the run depends on the
     * definition, never the reverse).
     */
    public static final int MAX_INPUT_BYTES_PER_BATCH = 262_144;
}
