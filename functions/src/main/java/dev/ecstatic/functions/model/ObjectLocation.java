package dev.ecstatic.functions.model;

/** An S3 object by bucket and key: the Map's ResultWriter manifest ({@code ResultWriterDetails}). */
public record ObjectLocation(String bucket, String key) {
    public ObjectLocation {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("manifest.bucket is required");
        }
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("manifest.key is required");
        }
    }
}
