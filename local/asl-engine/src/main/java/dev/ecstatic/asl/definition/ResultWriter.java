package dev.ecstatic.asl.definition;

/**
 * A Distributed Map's ResultWriter: where and how the child executions' results are written.
 *
 * @param resource {@code arn:aws:states:::s3:putObject}, or null with only a WriterConfig
 * @param arguments Bucket and Prefix (Arguments in JSONata, Parameters in JSONPath), or null
 * @param transformation WriterConfig Transformation: NONE, COMPACT or FLATTEN (null when absent)
 * @param outputType WriterConfig OutputType: JSON or JSONL (null when absent)
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html">ResultWriter (Map)</a>
 */
public record ResultWriter(String resource, ValueTemplate arguments, String transformation, String outputType) {
    public static final String PUT_OBJECT = "arn:aws:states:::s3:putObject";

    /** Whether the results go to S3 (rather than only being reshaped in the state output). */
    public boolean exports() {
        return resource != null;
    }
}
