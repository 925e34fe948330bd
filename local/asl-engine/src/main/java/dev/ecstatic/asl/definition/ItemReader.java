package dev.ecstatic.asl.definition;

import java.util.List;

/**
 * A Distributed Map's ItemReader: where its items come from.
 *
 * @param resource {@code arn:aws:states:::s3:getObject} or {@code arn:aws:states:::s3:listObjectsV2}
 * @param arguments the Bucket and Key (getObject) or Bucket and Prefix (listObjectsV2): Arguments
 *     (JSONata) or Parameters (JSONPath)
 * @param inputType JSON, JSONL or CSV for getObject; null for listObjectsV2
 * @param csvHeaderLocation FIRST_ROW or GIVEN (CSV only)
 * @param csvHeaders the headers when GIVEN
 * @param csvDelimiter COMMA, PIPE, SEMICOLON, SPACE or TAB (CSV only; COMMA by default)
 * @param maxItems ReaderConfig MaxItems or MaxItemsPath, or null
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html">ItemReader (Map)</a>
 */
public record ItemReader(String resource, ValueTemplate arguments, String inputType, String csvHeaderLocation,
        List<String> csvHeaders, String csvDelimiter, Field maxItems) {
    public static final String GET_OBJECT = "arn:aws:states:::s3:getObject";
    public static final String LIST_OBJECTS = "arn:aws:states:::s3:listObjectsV2";

    public ItemReader {
        csvHeaders = csvHeaders == null ? null : List.copyOf(csvHeaders);
    }
}
