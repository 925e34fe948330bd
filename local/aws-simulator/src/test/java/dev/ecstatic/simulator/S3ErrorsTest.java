package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** S3's errors as the SDK maps them, and their XML bodies on the wire. */
class S3ErrorsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private AwsSimulator sim;
    private S3Client s3;

    @BeforeEach
    void start() {
        sim = ServiceClients.start(MutableClock.at("2026-01-01T00:00:00Z"), "{\"throttle\": false}");
        s3 = ServiceClients.s3(sim, sim.endpoint(), true);
        s3.createBucket(b -> b.bucket("data"));
        s3.putObject(b -> b.bucket("data").key("digits"), RequestBody.fromString("0123456789"));
    }

    @AfterEach
    void stop() {
        s3.close();
        sim.close();
    }

    private static void assertS3Error(Runnable call, int status, String code) {
        assertThatThrownBy(call::run)
                .isInstanceOf(S3Exception.class)
                .satisfies(e -> {
                    S3Exception x = (S3Exception) e;
                    assertThat(x.statusCode()).isEqualTo(status);
                    assertThat(x.awsErrorDetails().errorCode()).isEqualTo(code);
                });
    }

    @Test
    void noSuchBucket_andNoSuchKey_areTheModelledExceptions() throws Exception {
        assertThatThrownBy(() -> s3.listObjectsV2(b -> b.bucket("nope")))
                .isInstanceOf(NoSuchBucketException.class)
                .hasMessageStartingWith("The specified bucket does not exist (Service: S3, Status Code: 404");
        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("data").key("missing")))
                .isInstanceOf(NoSuchKeyException.class)
                .hasMessageStartingWith("The specified key does not exist. (Service: S3, Status Code: 404");
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket("data").key("missing")))
                .isInstanceOf(NoSuchKeyException.class);
        assertThatThrownBy(() -> s3.putObject(b -> b.bucket("nope").key("k"), RequestBody.fromString("x")))
                .isInstanceOf(NoSuchBucketException.class);
        assertS3Error(() -> s3.headBucket(b -> b.bucket("nope")), 404, "NoSuchBucket");

        HttpResponse<String> raw = HTTP.send(HttpRequest.newBuilder(URI.create(sim.endpoint() + "/data/missing%20key")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(raw.statusCode()).isEqualTo(404);
        assertThat(raw.headers().firstValue("Content-Type")).contains("application/xml");
        assertThat(raw.headers().firstValue("x-amz-request-id")).isPresent();
        assertThat(raw.body()).contains("<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>"
                + "<Key>missing key</Key><RequestId>");
    }

    @Test
    void bucketNotEmpty_refusesToDeleteABucketWithObjects() {
        assertS3Error(() -> s3.deleteBucket(b -> b.bucket("data")), 409, "BucketNotEmpty");
        s3.deleteObject(b -> b.bucket("data").key("digits"));
        s3.deleteBucket(b -> b.bucket("data"));
    }

    @Test
    void bucketAlreadyOwnedByYou_outsideUsEast1_whileUsEast1AnswersOkAsS3Does() {
        s3.createBucket(b -> b.bucket("data"));   // us-east-1: 200, the legacy behaviour
        try (AwsSimulator eu = AwsSimulator.start(ServiceClients.fleet("eu-west-1", "{\"throttle\": false}"), 0,
                MutableClock.at("2026-01-01T00:00:00Z")); S3Client client = ServiceClients.s3(eu, eu.endpoint(), true)) {
            client.createBucket(b -> b.bucket("logs"));
            assertThat(client.getBucketLocation(b -> b.bucket("logs")).locationConstraintAsString()).isEqualTo("eu-west-1");
            assertThatThrownBy(() -> client.createBucket(b -> b.bucket("logs")))
                    .isInstanceOf(BucketAlreadyOwnedByYouException.class)
                    .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(409));
        }
    }

    @Test
    void invalidRange_isA416WithTheRangeAndTheSize() throws Exception {
        assertS3Error(() -> s3.getObjectAsBytes(b -> b.bucket("data").key("digits").range("bytes=10-20")), 416, "InvalidRange");
        HttpResponse<String> raw = HTTP.send(HttpRequest.newBuilder(URI.create(sim.endpoint() + "/data/digits"))
                .header("Range", "bytes=50-").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(raw.statusCode()).isEqualTo(416);
        assertThat(raw.body()).contains("<Code>InvalidRange</Code>", "<RangeRequested>bytes=50-</RangeRequested>",
                "<ActualObjectSize>10</ActualObjectSize>");
    }

    @Test
    void checksumMismatch_isBadDigestAndNothingIsStored() throws Exception {
        HttpResponse<String> raw = HTTP.send(HttpRequest.newBuilder(URI.create(sim.endpoint() + "/data/checked"))
                .header("x-amz-checksum-crc32", "AAAAAA==")
                .PUT(HttpRequest.BodyPublishers.ofString("payload")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(raw.statusCode()).isEqualTo(400);
        assertThat(raw.body()).contains("<Code>BadDigest</Code>");
        HttpResponse<String> md5 = HTTP.send(HttpRequest.newBuilder(URI.create(sim.endpoint() + "/data/checked"))
                .header("Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg==")
                .PUT(HttpRequest.BodyPublishers.ofString("payload")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(md5.body()).contains("<Code>BadDigest</Code>");
        assertThat(sim.s3().keys("data")).containsExactly("digits");
    }

    @Test
    void multipartMistakes_areNoSuchUploadInvalidPartInvalidPartOrderAndEntityTooSmall() {
        assertThatThrownBy(() -> s3.uploadPart(b -> b.bucket("data").key("k").uploadId("nope").partNumber(1),
                RequestBody.fromString("x"))).isInstanceOf(NoSuchUploadException.class);
        String id = s3.createMultipartUpload(b -> b.bucket("data").key("k")).uploadId();
        String e1 = s3.uploadPart(b -> b.bucket("data").key("k").uploadId(id).partNumber(1), RequestBody.fromString("small")).eTag();
        String e2 = s3.uploadPart(b -> b.bucket("data").key("k").uploadId(id).partNumber(2), RequestBody.fromString("tail")).eTag();
        assertS3Error(() -> s3.completeMultipartUpload(b -> b.bucket("data").key("k").uploadId(id).multipartUpload(m -> m.parts(
                CompletedPart.builder().partNumber(1).eTag(e1).build(), CompletedPart.builder().partNumber(2).eTag(e2).build()))),
                400, "EntityTooSmall");
        assertS3Error(() -> s3.completeMultipartUpload(b -> b.bucket("data").key("k").uploadId(id).multipartUpload(m -> m.parts(
                CompletedPart.builder().partNumber(2).eTag(e2).build(), CompletedPart.builder().partNumber(1).eTag(e1).build()))),
                400, "InvalidPartOrder");
        assertS3Error(() -> s3.completeMultipartUpload(b -> b.bucket("data").key("k").uploadId(id).multipartUpload(m -> m.parts(
                CompletedPart.builder().partNumber(1).eTag("\"0000\"").build()))), 400, "InvalidPart");
        assertS3Error(() -> s3.uploadPart(b -> b.bucket("data").key("k").uploadId(id).partNumber(10_001),
                RequestBody.fromString("x")), 400, "InvalidArgument");
        assertThat(s3.listParts(b -> b.bucket("data").key("k").uploadId(id)).parts()).hasSize(2);
        s3.abortMultipartUpload(b -> b.bucket("data").key("k").uploadId(id));
        assertThatThrownBy(() -> s3.abortMultipartUpload(b -> b.bucket("data").key("k").uploadId(id)))
                .isInstanceOf(NoSuchUploadException.class);
    }

    @Test
    void unimplementedOperations_areNotImplementedNeverAGuess() {
        assertS3Error(() -> s3.getBucketVersioning(b -> b.bucket("data")), 501, "NotImplemented");
        assertS3Error(() -> s3.putObjectTagging(b -> b.bucket("data").key("digits").tagging(t -> t.tagSet(List.of()))),
                501, "NotImplemented");
    }

    @Test
    void invalidBucketNames_andConditionalRequests() throws Exception {
        // The SDK refuses such names itself; other clients reach S3, which answers InvalidBucketName.
        HttpResponse<String> raw = HTTP.send(HttpRequest.newBuilder(URI.create(sim.endpoint() + "/Upper_Case"))
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(raw.statusCode()).isEqualTo(400);
        assertThat(raw.body()).contains("<Code>InvalidBucketName</Code>");
        String etag = s3.headObject(b -> b.bucket("data").key("digits")).eTag();
        assertS3Error(() -> s3.getObjectAsBytes(b -> b.bucket("data").key("digits").ifMatch("\"other\"")), 412,
                "PreconditionFailed");
        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("data").key("digits").ifNoneMatch(etag)))
                .isInstanceOf(S3Exception.class)
                .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(304));
        assertS3Error(() -> s3.putObject(b -> b.bucket("data").key("digits").ifNoneMatch("*"), RequestBody.fromString("y")),
                412, "PreconditionFailed");
    }
}
