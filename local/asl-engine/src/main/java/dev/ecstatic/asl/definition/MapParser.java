package dev.ecstatic.asl.definition;

import dev.ecstatic.asl.Json;
import dev.ecstatic.asl.data.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a Map state: its ItemProcessor (or the legacy Iterator), what it iterates over (Items,
 * ItemsPath, an ItemReader), how each item becomes a child input (ItemSelector or the legacy
 * Parameters, ItemBatcher), its limits and, for a Distributed Map, its ResultWriter.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/state-map.html">Map state</a>
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/input-output-fields-dist-map.html">Map state input and output fields</a>
 */
final class MapParser {
    private static final Set<String> PROCESSOR_FIELDS = Set.of("ProcessorConfig", "StartAt", "States", "Comment");
    private static final List<String> INPUT_TYPES = List.of("JSON", "JSONL", "CSV", "MANIFEST", "PARQUET");

    private final StateFields fields;
    private final Definition.GraphParser graphs;

    MapParser(StateFields fields, Definition.GraphParser graphs) {
        this.fields = fields;
        this.graphs = graphs;
    }

    @SuppressWarnings("unchecked")
    State.Map map(DataFlow dataFlow, String next) {
        String processorField = fields.has("ItemProcessor") || fields.jsonata() ? "ItemProcessor" : "Iterator";
        if (fields.has("ItemProcessor") && fields.has("Iterator")) {
            fields.problem("Iterator", "cannot be given together with \"ItemProcessor\"");
        }
        boolean distributed = false;
        Graph processor = null;
        if (!(fields.raw(processorField) instanceof Map<?, ?> written)) {
            fields.problem("ItemProcessor", "required, an object with StartAt and States");
        } else {
            Map<String, Object> processorFields = (Map<String, Object>) written;
            Object config = processorFields.get("ProcessorConfig");
            if (config instanceof Map<?, ?> configFields) {
                Object mode = configFields.get("Mode");
                if (mode != null && !"INLINE".equals(mode) && !"DISTRIBUTED".equals(mode)) {
                    fields.problem(processorField + "/ProcessorConfig/Mode", "must be INLINE or DISTRIBUTED");
                }
                distributed = "DISTRIBUTED".equals(mode);
                Object executionType = configFields.get("ExecutionType");
                if (distributed && executionType != null && !"STANDARD".equals(executionType)
                        && !"EXPRESS".equals(executionType)) {
                    fields.problem(processorField + "/ProcessorConfig/ExecutionType", "must be STANDARD or EXPRESS");
                }
            } else if (config != null) {
                fields.problem(processorField + "/ProcessorConfig", "must be an object");
            }
            for (String field : processorFields.keySet()) {
                if (!PROCESSOR_FIELDS.contains(field)) {
                    fields.problem(processorField + "/" + field, "unknown field");
                }
            }
            processor = graphs.graph(processorFields, fields.state() + " (" + processorField + ")");
        }
        if (!distributed) {
            for (String field : List.of("ItemReader", "ItemBatcher", "ResultWriter")) {
                if (fields.has(field)) {
                    fields.problem(field, "only a Distributed Map (ProcessorConfig Mode DISTRIBUTED) has " + field);
                }
            }
        }
        MapConfig config = new MapConfig(distributed, items(), itemSelector(), count("MaxConcurrency"),
                count("ToleratedFailureCount"), percentage(), label(), itemReader(), itemBatcher(), resultWriter());
        return new State.Map(fields.state(), dataFlow, next, processor, config,
                new ErrorHandlingParser(fields).errorHandling());
    }

    private Field items() {
        if (fields.jsonata()) {
            Field items = fields.has("Items") ? new Field.Jsonata("Items", fields.jsonata("Items")) : null;
            fields.checkConstant(items, value -> value instanceof List, "must be an array or a JSONata expression");
            return items;
        }
        if (!fields.has("ItemsPath")) {
            return null;
        }
        JsonPath path = fields.parsePath("ItemsPath", fields.raw("ItemsPath"));
        return path == null ? null : new Field.Path("ItemsPath", path);
    }

    private ValueTemplate itemSelector() {
        if (fields.has("ItemSelector") && fields.has("Parameters")) {
            fields.problem("Parameters", "cannot be given together with \"ItemSelector\" (Parameters is its old name)");
        }
        return fields.has("ItemSelector") ? fields.template("ItemSelector") : fields.template("Parameters");
    }

    private Field count(String name) {
        Field field = fields.field(name);
        fields.checkConstant(field, value -> value instanceof Number number && number.doubleValue() >= 0
                && number.doubleValue() == Math.rint(number.doubleValue()), "must be a non-negative integer");
        return field;
    }

    private Field percentage() {
        Field field = fields.field("ToleratedFailurePercentage");
        fields.checkConstant(field, value -> value instanceof Number number && number.doubleValue() >= 0
                && number.doubleValue() <= 100, "must be a number from 0 to 100");
        return field;
    }

    private String label() {
        return fields.string("Label");
    }

    private ItemReader itemReader() {
        if (!fields.has("ItemReader")) {
            return null;
        }
        if (!(fields.raw("ItemReader") instanceof Map<?, ?>)) {
            fields.problem("ItemReader", "must be an object");
            return null;
        }
        StateFields reader = fields.nested("ItemReader");
        String argumentsField = fields.jsonata() ? "Arguments" : "Parameters";
        for (String field : reader.all().keySet()) {
            if (!Set.of("Resource", argumentsField, "ReaderConfig").contains(field)) {
                reader.problem(field, "unknown field for an ItemReader");
            }
        }
        String resource = reader.string("Resource");
        if (!ItemReader.GET_OBJECT.equals(resource) && !ItemReader.LIST_OBJECTS.equals(resource)) {
            reader.problem("Resource", "must be " + ItemReader.GET_OBJECT + " or " + ItemReader.LIST_OBJECTS
                    + " (was " + Json.write(resource) + ")");
        }
        ValueTemplate arguments = reader.template(argumentsField);
        if (arguments == null) {
            reader.problem(argumentsField, "required: the Bucket (and Key or Prefix) to read");
        }
        String inputType = null;
        String headerLocation = null;
        List<String> headers = null;
        String delimiter = null;
        Field maxItems = null;
        if (reader.raw("ReaderConfig") instanceof Map<?, ?>) {
            StateFields config = reader.nested("ReaderConfig");
            for (String field : config.all().keySet()) {
                if (!Set.of("InputType", "CSVHeaderLocation", "CSVHeaders", "CSVDelimiter", "MaxItems", "MaxItemsPath")
                        .contains(field)) {
                    config.problem(field, "unknown field for a ReaderConfig");
                }
            }
            inputType = config.oneOf("InputType", INPUT_TYPES);
            if ("MANIFEST".equals(inputType) || "PARQUET".equals(inputType)) {
                config.problem("InputType", inputType + " is not supported locally (JSON, JSONL and CSV are)");
            }
            headerLocation = config.oneOf("CSVHeaderLocation", List.of("FIRST_ROW", "GIVEN"));
            delimiter = config.oneOf("CSVDelimiter", List.of("COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB"));
            headers = csvHeaders(config);
            if ("CSV".equals(inputType) && headerLocation == null) {
                config.problem("CSVHeaderLocation", "required for InputType CSV: FIRST_ROW or GIVEN");
            }
            if ("GIVEN".equals(headerLocation) && headers == null) {
                config.problem("CSVHeaders", "required with CSVHeaderLocation GIVEN");
            }
            maxItems = config.field("MaxItems");
            config.checkConstant(maxItems, value -> value instanceof Number number && number.doubleValue() >= 0
                    && number.doubleValue() == Math.rint(number.doubleValue()), "must be a non-negative integer");
        } else if (reader.has("ReaderConfig")) {
            reader.problem("ReaderConfig", "must be an object");
        }
        if (ItemReader.GET_OBJECT.equals(resource) && inputType == null) {
            reader.problem("ReaderConfig/InputType", "required with " + ItemReader.GET_OBJECT + ": JSON, JSONL or CSV");
        }
        return new ItemReader(resource, arguments, inputType, headerLocation, headers, delimiter, maxItems);
    }

    private static List<String> csvHeaders(StateFields config) {
        Object written = config.raw("CSVHeaders");
        if (written == null) {
            return null;
        }
        if (!(written instanceof List<?> list) || !list.stream().allMatch(header -> header instanceof String)) {
            config.problem("CSVHeaders", "must be an array of strings");
            return null;
        }
        return list.stream().map(String.class::cast).toList();
    }

    private ItemBatcher itemBatcher() {
        if (!fields.has("ItemBatcher")) {
            return null;
        }
        if (!(fields.raw("ItemBatcher") instanceof Map<?, ?>)) {
            fields.problem("ItemBatcher", "must be an object");
            return null;
        }
        StateFields batcher = fields.nested("ItemBatcher");
        for (String field : batcher.all().keySet()) {
            if (!Set.of("MaxItemsPerBatch", "MaxItemsPerBatchPath", "MaxInputBytesPerBatch",
                    "MaxInputBytesPerBatchPath", "BatchInput").contains(field)) {
                batcher.problem(field, "unknown field for an ItemBatcher");
            }
        }
        Field maxItems = batcher.field("MaxItemsPerBatch");
        Field maxBytes = batcher.field("MaxInputBytesPerBatch");
        if (maxItems == null && maxBytes == null) {
            batcher.problem("MaxItemsPerBatch", "an ItemBatcher needs MaxItemsPerBatch or MaxInputBytesPerBatch");
        }
        batcher.checkConstant(maxItems, value -> value instanceof Number number && number.doubleValue() >= 1
                && number.doubleValue() == Math.rint(number.doubleValue()), "must be a positive integer");
        batcher.checkConstant(maxBytes, value -> value instanceof Number number && number.doubleValue() >= 1
                && number.doubleValue() <= ItemBatcher.MAX_INPUT_BYTES_PER_BATCH
                && number.doubleValue() == Math.rint(number.doubleValue()),
                "must be an integer from 1 to " + ItemBatcher.MAX_INPUT_BYTES_PER_BATCH + " (256 KiB)");
        return new ItemBatcher(maxItems, maxBytes, batcher.template("BatchInput"));
    }

    private ResultWriter resultWriter() {
        if (!fields.has("ResultWriter")) {
            return null;
        }
        if (!(fields.raw("ResultWriter") instanceof Map<?, ?>)) {
            fields.problem("ResultWriter", "must be an object");
            return null;
        }
        StateFields writer = fields.nested("ResultWriter");
        String argumentsField = fields.jsonata() ? "Arguments" : "Parameters";
        for (String field : writer.all().keySet()) {
            if (!Set.of("Resource", argumentsField, "WriterConfig").contains(field)) {
                writer.problem(field, "unknown field for a ResultWriter");
            }
        }
        String resource = writer.string("Resource");
        if (resource != null && !ResultWriter.PUT_OBJECT.equals(resource)) {
            writer.problem("Resource", "must be " + ResultWriter.PUT_OBJECT);
        }
        ValueTemplate arguments = writer.template(argumentsField);
        if ((resource == null) != (arguments == null)) {
            writer.problem(resource == null ? "Resource" : argumentsField,
                    "Resource and " + argumentsField + " go together (the Bucket and Prefix to write to)");
        }
        String transformation = null;
        String outputType = null;
        if (writer.raw("WriterConfig") instanceof Map<?, ?>) {
            StateFields config = writer.nested("WriterConfig");
            transformation = config.oneOf("Transformation", List.of("NONE", "COMPACT", "FLATTEN"));
            outputType = config.oneOf("OutputType", List.of("JSON", "JSONL"));
        } else if (writer.has("WriterConfig")) {
            writer.problem("WriterConfig", "must be an object");
        }
        if (resource == null && !writer.has("WriterConfig")) {
            writer.problem("Resource", "a ResultWriter needs Resource and " + argumentsField + ", a WriterConfig, or all three");
        }
        return new ResultWriter(resource, arguments, transformation, outputType);
    }
}
