package dev.ecstatic.functions;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A Mockito S3Client over a map of objects: GetObject serves them through the caller's transformer
 * (NoSuchKey for a missing key), PutObject keeps what was sent, and an error can be set per key.
 */
final class FakeS3 {
    final S3Client client = mock(S3Client.class);
    /** Objects by "bucket/key". */
    final Map<String, byte[]> objects = new LinkedHashMap<>();
    /** PutObject requests in the order they were sent, with their bodies. */
    final List<Put> puts = new ArrayList<>();
    /** GetObject requests in the order they were sent. */
    final List<GetObjectRequest> gets = new ArrayList<>();
    /** An error to answer for "bucket/key", on GetObject and PutObject. */
    final Map<String, RuntimeException> errors = new LinkedHashMap<>();

    record Put(PutObjectRequest request, String body) {
    }

    FakeS3() {
        when(client.getObject(any(GetObjectRequest.class), any(ResponseTransformer.class))).thenAnswer(call -> {
            GetObjectRequest r = call.getArgument(0);
            ResponseTransformer<GetObjectResponse, ?> transformer = call.getArgument(1);
            gets.add(r);
            String id = r.bucket() + "/" + r.key();
            if (errors.containsKey(id)) {
                throw errors.get(id);
            }
            byte[] body = objects.get(id);
            if (body == null) {
                throw NoSuchKeyException.builder().statusCode(404).awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("NoSuchKey").errorMessage("The specified key does not exist.").build()).build();
            }
            return transformer.transform(GetObjectResponse.builder().contentLength((long) body.length).build(),
                    AbortableInputStream.create(new ByteArrayInputStream(body)));
        });
        when(client.putObject(any(PutObjectRequest.class), any(RequestBody.class))).thenAnswer(call -> {
            PutObjectRequest r = call.getArgument(0);
            RequestBody body = call.getArgument(1);
            String id = r.bucket() + "/" + r.key();
            if (errors.containsKey(id)) {
                throw errors.get(id);
            }
            try (var in = body.contentStreamProvider().newStream()) {
                byte[] bytes = in.readAllBytes();
                puts.add(new Put(r, new String(bytes, StandardCharsets.UTF_8)));
                objects.put(id, bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return PutObjectResponse.builder().eTag("\"etag\"").build();
        });
    }

    void put(String bucket, String key, String text) {
        objects.put(bucket + "/" + key, text.getBytes(StandardCharsets.UTF_8));
    }

    String text(String bucket, String key) {
        byte[] body = objects.get(bucket + "/" + key);
        return body == null ? null : new String(body, StandardCharsets.UTF_8);
    }

    /** An S3 error as the SDK raises it: S3's code, message and status. */
    static S3Exception error(int status, String code, String message) {
        return (S3Exception) S3Exception.builder().statusCode(status).message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }
}
