package dev.ecstatic.asl.support;

import dev.ecstatic.asl.ObjectStore;
import dev.ecstatic.asl.ObjectStoreException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * S3 buckets in memory, for the engine's tests: GetObject, PutObject and ListObjectsV2 pages with
 * S3's error codes (NoSuchBucket, NoSuchKey).
 */
public final class InMemoryObjectStore implements ObjectStore {
    private final Map<String, TreeMap<String, byte[]>> buckets = new ConcurrentHashMap<>();
    private final int pageSize;
    private final Instant lastModified;

    /** Pages of {@code pageSize} keys; every object last modified at {@code lastModified}. */
    public InMemoryObjectStore(int pageSize, Instant lastModified) {
        this.pageSize = pageSize;
        this.lastModified = lastModified;
    }

    public InMemoryObjectStore() {
        this(1000, Instant.parse("2025-01-01T00:00:00Z"));
    }

    public InMemoryObjectStore bucket(String bucket) {
        buckets.computeIfAbsent(bucket, name -> new TreeMap<>());
        return this;
    }

    public InMemoryObjectStore object(String bucket, String key, String content) {
        bucket(bucket);
        synchronized (buckets.get(bucket)) {
            buckets.get(bucket).put(key, content.getBytes(StandardCharsets.UTF_8));
        }
        return this;
    }

    /** The object's content as text, or null when there is none. */
    public String text(String bucket, String key) {
        TreeMap<String, byte[]> objects = buckets.get(bucket);
        if (objects == null) {
            return null;
        }
        synchronized (objects) {
            byte[] content = objects.get(key);
            return content == null ? null : new String(content, StandardCharsets.UTF_8);
        }
    }

    /** Every key of the bucket, in order. */
    public List<String> keys(String bucket) {
        TreeMap<String, byte[]> objects = buckets.get(bucket);
        synchronized (objects) {
            return List.copyOf(objects.keySet());
        }
    }

    @Override
    public byte[] get(String bucket, String key) throws ObjectStoreException {
        TreeMap<String, byte[]> objects = existing(bucket);
        synchronized (objects) {
            byte[] content = objects.get(key);
            if (content == null) {
                throw new ObjectStoreException("NoSuchKey", "The specified key does not exist.");
            }
            return content.clone();
        }
    }

    @Override
    public void put(String bucket, String key, byte[] content) throws ObjectStoreException {
        TreeMap<String, byte[]> objects = existing(bucket);
        synchronized (objects) {
            objects.put(key, content.clone());
        }
    }

    @Override
    public ObjectListing list(String bucket, String prefix, String continuationToken) throws ObjectStoreException {
        TreeMap<String, byte[]> objects = existing(bucket);
        synchronized (objects) {
            List<ObjectSummary> page = new ArrayList<>();
            String next = null;
            for (Map.Entry<String, byte[]> object : (continuationToken == null ? objects
                    : objects.tailMap(continuationToken, true)).entrySet()) {
                if (!object.getKey().startsWith(prefix)) {
                    continue;
                }
                if (page.size() == pageSize) {
                    next = object.getKey();
                    break;
                }
                page.add(new ObjectSummary(object.getKey(), object.getValue().length, eTag(object.getValue()),
                        lastModified, "STANDARD"));
            }
            return new ObjectListing(page, next);
        }
    }

    private TreeMap<String, byte[]> existing(String bucket) throws ObjectStoreException {
        TreeMap<String, byte[]> objects = buckets.get(bucket);
        if (objects == null) {
            throw new ObjectStoreException("NoSuchBucket", "The specified bucket does not exist");
        }
        return objects;
    }

    private static String eTag(byte[] content) {
        try {
            return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content)) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}
