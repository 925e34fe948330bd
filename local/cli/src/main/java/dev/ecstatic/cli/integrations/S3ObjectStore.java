package dev.ecstatic.cli.integrations;

import dev.ecstatic.asl.ObjectStore;
import dev.ecstatic.asl.ObjectStoreException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The objects a Distributed Map's ItemReader reads and its ResultWriter writes, through the same S3
 * client as the {@code aws-sdk:s3} Tasks: the simulator's S3 or AWS's, by the SDK's endpoint
 * configuration ({@link AwsClients}).
 */
public final class S3ObjectStore implements ObjectStore {
    private final AwsClients clients;

    public S3ObjectStore(AwsClients clients) {
        this.clients = clients;
    }

    @Override
    public byte[] get(String bucket, String key) throws ObjectStoreException {
        try {
            return s3().getObjectAsBytes(request -> request.bucket(bucket).key(key)).asByteArray();
        } catch (AwsServiceException | SdkClientException e) {
            throw failure(e);
        }
    }

    @Override
    public void put(String bucket, String key, byte[] content) throws ObjectStoreException {
        try {
            s3().putObject(request -> request.bucket(bucket).key(key), RequestBody.fromBytes(content));
        } catch (AwsServiceException | SdkClientException e) {
            throw failure(e);
        }
    }

    @Override
    public ObjectListing list(String bucket, String prefix, String continuationToken) throws ObjectStoreException {
        ListObjectsV2Response page;
        try {
            page = s3().listObjectsV2(request -> request.bucket(bucket).prefix(prefix).continuationToken(continuationToken));
        } catch (AwsServiceException | SdkClientException e) {
            throw failure(e);
        }
        return new ObjectListing(page.contents().stream().map(S3ObjectStore::summary).toList(),
                Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null);
    }

    private static ObjectSummary summary(S3Object object) {
        return new ObjectSummary(object.key(), object.size() == null ? 0 : object.size(), object.eTag(),
                object.lastModified(), object.storageClassAsString());
    }

    private S3Client s3() {
        return (S3Client) clients.client(SdkService.S3);
    }

    /** S3's error code and message; a request that got no answer is {@code ClientError}. */
    private static ObjectStoreException failure(RuntimeException e) {
        if (e instanceof AwsServiceException service) {
            return new ObjectStoreException(service.awsErrorDetails().errorCode(), service.awsErrorDetails().errorMessage(), e);
        }
        return new ObjectStoreException("ClientError", "The S3 request got no answer: " + e.getMessage(), e);
    }
}
