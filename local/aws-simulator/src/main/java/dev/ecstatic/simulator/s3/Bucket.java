package dev.ecstatic.simulator.s3;

import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A bucket: its objects in S3's listing order (UTF-8 binary order of the keys, which is code point
 * order) and its multipart uploads in progress. Callers hold the store's lock.
 */
final class Bucket {

    /** UTF-8 byte order, as S3 lists keys; String.compareTo (UTF-16 order) differs above U+FFFF. */
    static final Comparator<String> KEY_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    final String name;
    final String region;
    final Instant created;
    final TreeMap<String, StoredObject> objects = new TreeMap<>(KEY_ORDER);
    final Map<String, Upload> uploads = new LinkedHashMap<>();

    Bucket(String name, String region, Instant created) {
        this.name = Objects.requireNonNull(name, "name");
        this.region = Objects.requireNonNull(region, "region");
        this.created = Objects.requireNonNull(created, "created");
    }

    /** A multipart upload in progress: what CreateMultipartUpload said, and the parts so far. */
    static final class Upload {
        final String id;
        final String key;
        final Instant initiated;
        final String contentType;
        final Map<String, String> metadata;
        final Map<String, String> headers;
        /** The checksum algorithm the upload was created with, or null (S3 then adds a CRC64NVME). */
        final Checksums algorithm;
        /** COMPOSITE or FULL_OBJECT, when an algorithm is set. */
        final String checksumType;
        final TreeMap<Integer, Part> parts = new TreeMap<>();

        Upload(String id, String key, Instant initiated, String contentType, Map<String, String> metadata,
                Map<String, String> headers, Checksums algorithm, String checksumType) {
            this.id = id;
            this.key = key;
            this.initiated = initiated;
            this.contentType = contentType;
            this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
            this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
            this.algorithm = algorithm;
            this.checksumType = checksumType;
        }
    }

    /**
     * One uploaded part.
     *
     * @param checksum base64 of the upload's algorithm over the part, or null when the upload has none
     */
    record Part(int number, byte[] body, String etag, Instant lastModified, String checksum) {
    }
}
