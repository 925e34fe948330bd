package dev.ecstatic.asl.definition;

import dev.ecstatic.asl.data.JsonPath;
import dev.ecstatic.asl.data.JsonataTemplate;
import dev.ecstatic.asl.data.PayloadTemplate;

/**
 * How a state (or a catcher, or a choice rule) turns its input into its output and which variables
 * it assigns: the fields of its dialect. Every field may be null (absent).
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html">Processing input and output (JSONPath)</a>
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html">Transforming data with JSONata</a>
 */
public sealed interface DataFlow {

    /** The data flow of a state with none of these fields. */
    DataFlow NONE_JSONATA = new JsonataFields(null, null, null);

    /** A JSONata state: Arguments, Output, Assign. */
    record JsonataFields(JsonataTemplate arguments, JsonataTemplate output, JsonataTemplate assign)
            implements DataFlow {}

    /**
     * A JSONPath state, in the order AWS applies them: InputPath, Parameters, (the work),
     * ResultSelector, ResultPath, OutputPath; Assign from the result.
     *
     * @param inputPath {@link JsonPath#WHOLE} when absent, null when given as JSON null (the input becomes {})
     * @param resultPath {@link JsonPath#WHOLE} when absent, null when JSON null (the result is discarded)
     * @param outputPath {@link JsonPath#WHOLE} when absent, null when JSON null (the output is {})
     */
    record JsonPathFields(JsonPath inputPath, PayloadTemplate parameters, PayloadTemplate resultSelector,
            JsonPath resultPath, JsonPath outputPath, PayloadTemplate assign) implements DataFlow {}

    /** Whether the flow assigns variables. */
    default boolean assigns() {
        return switch (this) {
            case JsonataFields jsonata -> jsonata.assign() != null;
            case JsonPathFields paths -> paths.assign() != null;
        };
    }
}
