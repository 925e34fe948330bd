package dev.ecstatic.asl;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The S3 objects a Distributed Map reads its items from (ItemReader) and writes its results to
 * (ResultWriter). The engine knows no service: its users plug in an implementation backed by S3 or
 * by a simulator ({@link Engine.Builder#objectStore}).
 */
public interface ObjectStore {

    /**
     * The object's content (GetObject).
     *
     * @throws ObjectStoreException NoSuchBucket, NoSuchKey, AccessDenied...
     */
    byte[] get(String bucket, String key) throws ObjectStoreException;

    /** Writes the object (PutObject), replacing any object with that key. */
    void put(String bucket, String key, byte[] content) throws ObjectStoreException;

    /**
     * One page of the bucket's objects whose keys start with {@code prefix} (ListObjectsV2), in key
     * order.
     *
     * @param continuationToken null for the first page, else the previous page's
     *     {@link ObjectListing#nextContinuationToken()}
     */
    ObjectListing list(String bucket, String prefix, String continuationToken) throws ObjectStoreException;

    /**
     * An object as ListObjectsV2 describes it.
     *
     * @param key its key
     * @param size its size in bytes
     * @param eTag its entity tag, quotes included as S3 gives it
     * @param lastModified when it was last written
     * @param storageClass e.g. STANDARD
     */
    record ObjectSummary(String key, long size, String eTag, Instant lastModified, String storageClass) {
        public ObjectSummary {
            Objects.requireNonNull(key, "key");
        }
    }

    /** One page of a listing; {@code nextContinuationToken} is null on the last page. */
    record ObjectListing(List<ObjectSummary> objects, String nextContinuationToken) {
        public ObjectListing {
            objects = List.copyOf(objects);
        }
    }
}
