package dev.ecstatic.simulator.s3;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An S3 error: HTTP status and the XML body {@code <Error><Code>…</Code><Message>…</Message>…</Error>}
 * with the extra elements S3 adds (BucketName, Key, RangeRequested, …); a HEAD request gets the
 * status alone. Codes and messages from "Error responses",
 * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html.
 */
public final class S3Exception extends RuntimeException {

    private final String code;
    private final int status;
    private final Map<String, String> details;

    S3Exception(int status, String code, String message, Map<String, String> details) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = details;
    }

    S3Exception(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    /** The error code the SDKs map to exceptions, e.g. {@code NoSuchKey}. */
    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    Map<String, String> details() {
        return details;
    }

    static S3Exception noSuchBucket(String bucket) {
        return new S3Exception(404, "NoSuchBucket", "The specified bucket does not exist", Map.of("BucketName", bucket));
    }

    static S3Exception noSuchKey(String key) {
        return new S3Exception(404, "NoSuchKey", "The specified key does not exist.", Map.of("Key", key));
    }

    static S3Exception noSuchUpload(String uploadId) {
        return new S3Exception(404, "NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, "
                + "or the upload may have been aborted or completed.", Map.of("UploadId", uploadId));
    }

    static S3Exception bucketAlreadyOwnedByYou(String bucket) {
        return new S3Exception(409, "BucketAlreadyOwnedByYou",
                "Your previous request to create the named bucket succeeded and you already own it.",
                Map.of("BucketName", bucket));
    }

    static S3Exception bucketNotEmpty(String bucket) {
        return new S3Exception(409, "BucketNotEmpty", "The bucket you tried to delete is not empty",
                Map.of("BucketName", bucket));
    }

    static S3Exception invalidRange(String range, long size) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("RangeRequested", range);
        d.put("ActualObjectSize", Long.toString(size));
        return new S3Exception(416, "InvalidRange", "The requested range is not satisfiable", d);
    }

    static S3Exception invalidArgument(String message, String name, String value) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("ArgumentName", name);
        d.put("ArgumentValue", value);
        return new S3Exception(400, "InvalidArgument", message, d);
    }

    static S3Exception invalidRequest(String message) {
        return new S3Exception(400, "InvalidRequest", message);
    }

    static S3Exception malformedXml() {
        return new S3Exception(400, "MalformedXML",
                "The XML you provided was not well-formed or did not validate against our published schema");
    }

    static S3Exception badDigest(String what) {
        return new S3Exception(400, "BadDigest", "The " + what + " you specified did not match the calculated checksum.");
    }

    static S3Exception preconditionFailed(String condition) {
        return new S3Exception(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold",
                Map.of("Condition", condition));
    }

    static S3Exception notImplemented(String what) {
        return new S3Exception(501, "NotImplemented", "The simulator does not implement " + what + ".");
    }

    static S3Exception methodNotAllowed(String method) {
        return new S3Exception(405, "MethodNotAllowed", "The specified method is not allowed against this resource.",
                Map.of("Method", method));
    }

    static S3Exception internalError() {
        return new S3Exception(500, "InternalError", "We encountered an internal error. Please try again.");
    }

    static S3Exception slowDown() {
        return new S3Exception(503, "SlowDown", "Please reduce your request rate.");
    }
}
