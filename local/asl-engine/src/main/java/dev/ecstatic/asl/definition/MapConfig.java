package dev.ecstatic.asl.definition;

/**
 * What a Map state iterates over and how.
 *
 * @param distributed ProcessorConfig Mode DISTRIBUTED (child executions) rather than INLINE
 * @param items Items (JSONata) or ItemsPath (JSONPath), or null (the input, which must be an array)
 * @param itemSelector ItemSelector (or the legacy Parameters), or null
 * @param maxConcurrency MaxConcurrency or MaxConcurrencyPath, or null (no limit but AWS's)
 * @param toleratedFailureCount ToleratedFailureCount(Path), or null
 * @param toleratedFailurePercentage ToleratedFailurePercentage(Path), or null
 * @param label Label, or null
 * @param itemReader ItemReader, or null
 * @param itemBatcher ItemBatcher, or null
 * @param resultWriter ResultWriter, or null
 */
public record MapConfig(boolean distributed, Field items, ValueTemplate itemSelector, Field maxConcurrency,
        Field toleratedFailureCount, Field toleratedFailurePercentage, String label, ItemReader itemReader,
        ItemBatcher itemBatcher, ResultWriter resultWriter) {}
