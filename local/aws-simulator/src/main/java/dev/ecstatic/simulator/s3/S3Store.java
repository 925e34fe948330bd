package dev.ecstatic.simulator.s3;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The simulator's S3: buckets and objects, as the endpoint serves them and as Java code (the
 * engine's integrations, tests) seeds and reads them.
 *
 * <pre>{@code
 * S3Store s3 = simulator.s3();
 * s3.createBucket("b");
 * s3.putObject("b", "file.json", bytes, "application/json");
 * Optional<byte[]> body = s3.getObject("b", "file.json");
 * }</pre>
 *
 * Methods throw {@link S3Exception} with S3's error code (NoSuchBucket, BucketAlreadyOwnedByYou, …).
 * Thread-safe: one lock for all buckets. Objects live in memory (and on disk with {@code --state}).
 */
public final class S3Store {

    /** "Bucket naming rules", https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html */
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");

    private final String region;
    private final String accountId;
    private final Clock clock;
    private final BucketFiles files;
    private final TreeMap<String, Bucket> buckets;
    private long uploadSerial;

    /** @param stateDir where buckets persist ({@code <stateDir>/s3}), null to keep them in memory */
    public S3Store(String region, String accountId, Clock clock, Path stateDir) {
        this.region = Objects.requireNonNull(region, "region");
        this.accountId = Objects.requireNonNull(accountId, "accountId");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.files = stateDir == null ? null : new BucketFiles(stateDir);
        this.buckets = files == null ? new TreeMap<>() : files.load();
    }

    /** What HeadObject tells about an object. */
    public record ObjectInfo(String key, long size, String eTag, Instant lastModified, String contentType,
            Map<String, String> metadata) {
        public ObjectInfo {
            metadata = Map.copyOf(metadata);
        }
    }

    // ---- Java API ----

    /** Creates a bucket in the simulator's region; BucketAlreadyOwnedByYou when it exists. */
    public synchronized void createBucket(String name) {
        checkBucketName(name);
        if (buckets.containsKey(name)) {
            throw S3Exception.bucketAlreadyOwnedByYou(name);
        }
        addBucket(new Bucket(name, region, clock.instant()));
    }

    public synchronized boolean bucketExists(String name) {
        return buckets.containsKey(name);
    }

    public synchronized List<String> bucketNames() {
        return List.copyOf(buckets.keySet());
    }

    /** Stores an object as a single PutObject would (ETag the body's MD5, a CRC64NVME checksum). */
    public synchronized void putObject(String bucket, String key, byte[] body, String contentType) {
        Bucket b = bucket(bucket);
        byte[] copy = body.clone();
        store(b, new StoredObject(key, copy, HexFormat.of().formatHex(Checksums.md5(copy)), clock.instant(),
                contentType == null ? ObjectActions.DEFAULT_CONTENT_TYPE : contentType, Map.of(), Map.of(),
                Checksums.CRC64NVME, Checksums.CRC64NVME.base64(copy), "FULL_OBJECT", 0));
    }

    /** A copy of the object's body, or empty when there is no such key; NoSuchBucket for a missing bucket. */
    public synchronized Optional<byte[]> getObject(String bucket, String key) {
        StoredObject o = bucket(bucket).objects.get(key);
        return o == null ? Optional.empty() : Optional.of(o.body().clone());
    }

    public synchronized Optional<ObjectInfo> headObject(String bucket, String key) {
        StoredObject o = bucket(bucket).objects.get(key);
        return o == null ? Optional.empty() : Optional.of(new ObjectInfo(o.key(), o.body().length, o.quotedEtag(),
                o.lastModified(), o.contentType(), o.metadata()));
    }

    /** The bucket's keys in listing order. */
    public synchronized List<String> keys(String bucket) {
        return new ArrayList<>(bucket(bucket).objects.keySet());
    }

    // ---- for the actions (callers hold the lock) ----

    String region() {
        return region;
    }

    String accountId() {
        return accountId;
    }

    Instant now() {
        return clock.instant();
    }

    TreeMap<String, Bucket> buckets() {
        return buckets;
    }

    Bucket bucket(String name) {
        Bucket b = buckets.get(name);
        if (b == null) {
            throw S3Exception.noSuchBucket(name);
        }
        return b;
    }

    // Disk first, then memory: a failed write (answered as a 500) leaves both as they were.

    void addBucket(Bucket b) {
        if (files != null) {
            files.saveBucket(b);
        }
        buckets.put(b.name, b);
    }

    void removeBucket(String name) {
        if (files != null) {
            files.deleteBucket(name);
        }
        buckets.remove(name);
    }

    void store(Bucket b, StoredObject o) {
        if (files != null) {
            files.saveObject(b.name, o);
        }
        b.objects.put(o.key(), o);
    }

    void remove(Bucket b, String key) {
        if (b.objects.containsKey(key) && files != null) {
            files.deleteObject(b.name, key);
        }
        b.objects.remove(key);
    }

    /** Upload ids are opaque to clients; these are unique for the store's lifetime. */
    String newUploadId() {
        uploadSerial++;
        return HexFormat.of().formatHex(Checksums.SHA256.digest((accountId + "/" + clock.instant() + "/" + uploadSerial)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8))).substring(0, 48);
    }

    static void checkBucketName(String name) {
        if (!BUCKET_NAME.matcher(name).matches() || name.contains("..") || IP_ADDRESS.matcher(name).matches()) {
            throw new S3Exception(400, "InvalidBucketName", "The specified bucket is not valid.", Map.of("BucketName", name));
        }
    }
}
