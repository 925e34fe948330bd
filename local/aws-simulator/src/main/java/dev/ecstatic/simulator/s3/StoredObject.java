package dev.ecstatic.simulator.s3;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An object as S3 keeps it. The body is never handed out (callers get copies).
 *
 * @param etag          without quotes: the MD5 of the body, or for a multipart upload the MD5 of
 *                      the parts' MD5s, a dash and the number of parts
 * @param metadata      user metadata, {@code x-amz-meta-} names without the prefix, lower case
 * @param headers       stored representation headers (Content-Encoding, Cache-Control, …), lower case
 * @param checksum      base64, with {@code -N} for a composite multipart checksum
 * @param checksumType  FULL_OBJECT or COMPOSITE
 * @param partsCount    parts of a multipart upload, 0 for a single PUT
 */
record StoredObject(String key, byte[] body, String etag, Instant lastModified, String contentType,
        Map<String, String> metadata, Map<String, String> headers, Checksums checksumAlgorithm, String checksum,
        String checksumType, int partsCount) {

    StoredObject {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(lastModified, "lastModified");
        Objects.requireNonNull(contentType, "contentType");
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        Objects.requireNonNull(checksumAlgorithm, "checksumAlgorithm");
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(checksumType, "checksumType");
    }

    String quotedEtag() {
        return "\"" + etag + "\"";
    }

    /** ETags compare with or without their quotes, as S3 accepts both in If-Match and CompleteMultipartUpload. */
    boolean etagMatches(String candidate) {
        String c = candidate.strip();
        return c.equals("*") || c.equals(etag) || c.equals(quotedEtag());
    }
}
