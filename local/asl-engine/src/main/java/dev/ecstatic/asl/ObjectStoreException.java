package dev.ecstatic.asl;

/**
 * An {@link ObjectStore} call that failed, with S3's error code (NoSuchKey, NoSuchBucket,
 * AccessDenied...) and message.
 */
public final class ObjectStoreException extends Exception {
    private final String code;

    public ObjectStoreException(String code, String message) {
        super(message);
        this.code = code;
    }

    public ObjectStoreException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** S3's error code, e.g. NoSuchKey. */
    public String code() {
        return code;
    }
}
