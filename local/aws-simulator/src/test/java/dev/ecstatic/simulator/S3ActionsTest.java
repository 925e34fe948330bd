package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Every S3 action, driven through the AWS SDK for Java v2's S3Client with its default checksums. */
class S3ActionsTest {

    private AwsSimulator sim;
    private S3Client s3;

    @BeforeEach
    void start() {
        sim = ServiceClients.start(MutableClock.at("2026-01-01T00:00:00Z"), "{\"throttle\": false}");
        s3 = ServiceClients.s3(sim);
    }

    @AfterEach
    void stop() {
        s3.close();
        sim.close();
    }

    static String md5Hex(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }

    @Test
    void buckets_areCreatedHeadedListedAndDeleted() {
        s3.createBucket(b -> b.bucket("alpha"));
        s3.createBucket(b -> b.bucket("beta"));
        assertThat(s3.headBucket(b -> b.bucket("alpha")).bucketRegion()).isEqualTo("us-east-1");
        assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).containsExactly("alpha", "beta");
        assertThat(s3.getBucketLocation(b -> b.bucket("alpha")).locationConstraintAsString()).isEmpty();
        s3.deleteBucket(b -> b.bucket("alpha"));
        assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).containsExactly("beta");
    }

    @Test
    void putAndGet_roundTripBodyMetadataAndTheSdkValidatesTheChecksums() throws Exception {
        s3.createBucket(b -> b.bucket("data"));
        byte[] body = "hello, world".getBytes(StandardCharsets.UTF_8);
        var put = s3.putObject(b -> b.bucket("data").key("dir/hello.txt").contentType("text/plain")
                .metadata(Map.of("Owner", "ecstatic")).cacheControl("no-cache"), RequestBody.fromBytes(body));
        assertThat(put.eTag()).isEqualTo("\"" + md5Hex(body) + "\"");
        assertThat(put.checksumCRC32()).isNotNull();

        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket("data").key("dir/hello.txt")
                .checksumMode(ChecksumMode.ENABLED));
        assertThat(got.asUtf8String()).isEqualTo("hello, world");
        assertThat(got.response().contentType()).isEqualTo("text/plain");
        assertThat(got.response().metadata()).containsEntry("owner", "ecstatic");
        assertThat(got.response().cacheControl()).isEqualTo("no-cache");
        assertThat(got.response().eTag()).isEqualTo(put.eTag());
        assertThat(got.response().checksumCRC32()).isEqualTo(put.checksumCRC32());

        var head = s3.headObject(b -> b.bucket("data").key("dir/hello.txt"));
        assertThat(head.contentLength()).isEqualTo(body.length);
        assertThat(head.eTag()).isEqualTo(put.eTag());
        // S3 sends x-amz-storage-class for every class but STANDARD, x-amz-mp-parts-count only with partNumber.
        assertThat(got.response().storageClass()).isNull();
        assertThat(head.storageClass()).isNull();
        assertThat(got.response().partsCount()).isNull();

        // Each algorithm the SDK computes without the CRT library, sent as a trailer of an aws-chunked
        // body and checked by the simulator (CRC64NVME needs aws-crt, which the project does not ship).
        for (ChecksumAlgorithm a : List.of(ChecksumAlgorithm.CRC32_C, ChecksumAlgorithm.SHA1,
                ChecksumAlgorithm.SHA256, ChecksumAlgorithm.SHA512)) {
            s3.putObject(b -> b.bucket("data").key("alg/" + a).checksumAlgorithm(a), RequestBody.fromBytes(body));
            var back = s3.getObjectAsBytes(b -> b.bucket("data").key("alg/" + a).checksumMode(ChecksumMode.ENABLED));
            assertThat(back.asByteArray()).isEqualTo(body);
        }
        // Seeded from Java: S3 adds a CRC64NVME, which the SDK validates on the way back.
        sim.s3().putObject("data", "seeded.json", "[1,2]".getBytes(StandardCharsets.UTF_8), "application/json");
        var seeded = s3.getObjectAsBytes(b -> b.bucket("data").key("seeded.json").checksumMode(ChecksumMode.ENABLED));
        assertThat(seeded.asUtf8String()).isEqualTo("[1,2]");
        assertThat(seeded.response().checksumCRC64NVME()).isNotNull();
    }

    @Test
    void virtualHostedAddressing_putsTheBucketInTheHostName() {
        // A host-name endpoint and no forcePathStyle: the SDK sends Host: vhost-bucket.localhost:<port>.
        URI endpoint = URI.create("http://localhost:" + sim.endpoint().getPort());
        List<String> hosts = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutionInterceptor recordHost = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                hosts.add(context.httpRequest().host());
            }
        };
        try (S3Client virtual = S3Client.builder().endpointOverride(endpoint).region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("AKIDTEST", "secret"))
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.addExecutionInterceptor(recordHost)).build()) {
            virtual.createBucket(b -> b.bucket("vhost-bucket"));
            virtual.putObject(b -> b.bucket("vhost-bucket").key("a/b c.txt"), RequestBody.fromString("virtual"));
            assertThat(virtual.getObjectAsBytes(b -> b.bucket("vhost-bucket").key("a/b c.txt")).asUtf8String()).isEqualTo("virtual");
            assertThat(virtual.listObjectsV2(b -> b.bucket("vhost-bucket")).contents()).extracting(S3Object::key)
                    .containsExactly("a/b c.txt");
        }
        assertThat(hosts).hasSize(4).containsOnly("vhost-bucket.localhost");
        assertThat(s3.getObjectAsBytes(b -> b.bucket("vhost-bucket").key("a/b c.txt")).asUtf8String()).isEqualTo("virtual");
    }

    @Test
    void getObject_servesByteRangesAsS3Does() {
        s3.createBucket(b -> b.bucket("data"));
        s3.putObject(b -> b.bucket("data").key("digits"), RequestBody.fromString("0123456789"));
        var range = s3.getObjectAsBytes(b -> b.bucket("data").key("digits").range("bytes=2-5"));
        assertThat(range.asUtf8String()).isEqualTo("2345");
        assertThat(range.response().contentRange()).isEqualTo("bytes 2-5/10");
        assertThat(s3.getObjectAsBytes(b -> b.bucket("data").key("digits").range("bytes=7-")).asUtf8String()).isEqualTo("789");
        assertThat(s3.getObjectAsBytes(b -> b.bucket("data").key("digits").range("bytes=-3")).asUtf8String()).isEqualTo("789");
        assertThat(s3.getObjectAsBytes(b -> b.bucket("data").key("digits").range("bytes=8-100")).asUtf8String()).isEqualTo("89");
        s3.putObject(b -> b.bucket("data").key("empty"), RequestBody.empty());
        var empty = s3.getObjectAsBytes(b -> b.bucket("data").key("empty"));
        assertThat(empty.asByteArray()).isEmpty();
        assertThat(empty.response().contentLength()).isZero();
        assertThat(empty.response().eTag()).isEqualTo("\"d41d8cd98f00b204e9800998ecf8427e\"");
    }

    @Test
    void listObjectsV2_pagesWithPrefixDelimiterAndContinuationTokens() {
        s3.createBucket(b -> b.bucket("list"));
        for (String key : List.of("a.txt", "logs/2026/01.log", "logs/2026/02.log", "logs/readme", "photos/x.jpg",
                "photos/y.jpg", "z.txt", "sp ace+plus.txt")) {
            s3.putObject(b -> b.bucket("list").key(key), RequestBody.fromString(key));
        }
        ListObjectsV2Response top = s3.listObjectsV2(b -> b.bucket("list").delimiter("/"));
        assertThat(top.contents()).extracting(S3Object::key).containsExactly("a.txt", "sp ace+plus.txt", "z.txt");
        assertThat(top.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("logs/", "photos/");
        assertThat(top.keyCount()).isEqualTo(5);

        ListObjectsV2Response logs = s3.listObjectsV2(b -> b.bucket("list").prefix("logs/").delimiter("/"));
        assertThat(logs.contents()).extracting(S3Object::key).containsExactly("logs/readme");
        assertThat(logs.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("logs/2026/");

        List<String> seen = new ArrayList<>();
        ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket("list").maxKeys(3));
        int pages = 1;
        page.contents().forEach(o -> seen.add(o.key()));
        while (page.isTruncated()) {
            String token = page.nextContinuationToken();
            page = s3.listObjectsV2(b -> b.bucket("list").maxKeys(3).continuationToken(token));
            page.contents().forEach(o -> seen.add(o.key()));
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(8).isSorted();

        List<String> rolled = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket("list").delimiter("/").maxKeys(1)).forEach(p -> {
            p.contents().forEach(o -> rolled.add(o.key()));
            p.commonPrefixes().forEach(c -> rolled.add(c.prefix()));
        });
        assertThat(rolled).containsExactly("a.txt", "logs/", "photos/", "sp ace+plus.txt", "z.txt");

        assertThat(s3.listObjectsV2(b -> b.bucket("list").startAfter("photos/y.jpg")).contents()).extracting(S3Object::key)
                .containsExactly("sp ace+plus.txt", "z.txt");
        var url = s3.listObjectsV2(b -> b.bucket("list").prefix("sp ").encodingType("url"));
        assertThat(url.contents()).extracting(S3Object::key).containsExactly("sp ace+plus.txt");
        assertThat(s3.listObjects(b -> b.bucket("list").prefix("photos/")).contents()).hasSize(2);
        ListObjectsV2Response none = s3.listObjectsV2(b -> b.bucket("list").maxKeys(0));
        assertThat(none.contents()).isEmpty();
        assertThat(none.isTruncated()).isFalse();
    }

    @Test
    void copyAndDelete_copyObjectDeleteObjectAndDeleteObjects() {
        s3.createBucket(b -> b.bucket("src"));
        s3.createBucket(b -> b.bucket("dst"));
        s3.putObject(b -> b.bucket("src").key("a").contentType("text/plain").metadata(Map.of("k", "v")),
                RequestBody.fromString("payload"));
        var copied = s3.copyObject(b -> b.sourceBucket("src").sourceKey("a").destinationBucket("dst").destinationKey("b/c"));
        assertThat(copied.copyObjectResult().eTag()).isEqualTo(s3.headObject(b -> b.bucket("src").key("a")).eTag());
        var head = s3.headObject(b -> b.bucket("dst").key("b/c"));
        assertThat(head.metadata()).containsEntry("k", "v");
        assertThat(head.contentType()).isEqualTo("text/plain");
        s3.copyObject(b -> b.sourceBucket("src").sourceKey("a").destinationBucket("src").destinationKey("a")
                .metadataDirective(MetadataDirective.REPLACE).contentType("application/json"));
        assertThat(s3.headObject(b -> b.bucket("src").key("a")).contentType()).isEqualTo("application/json");

        s3.deleteObject(b -> b.bucket("dst").key("b/c"));
        s3.deleteObject(b -> b.bucket("dst").key("never-was"));
        assertThat(s3.listObjectsV2(b -> b.bucket("dst")).contents()).isEmpty();

        for (int i = 0; i < 5; i++) {
            int k = i;
            s3.putObject(b -> b.bucket("dst").key("k" + k), RequestBody.fromString("x"));
        }
        var deleted = s3.deleteObjects(b -> b.bucket("dst").delete(d -> d.objects(ObjectIdentifier.builder().key("k1").build(),
                ObjectIdentifier.builder().key("k3").build(), ObjectIdentifier.builder().key("absent").build())));
        assertThat(deleted.deleted()).extracting(d -> d.key()).containsExactly("k1", "k3", "absent");
        assertThat(s3.listObjectsV2(b -> b.bucket("dst")).contents()).extracting(S3Object::key).containsExactly("k0", "k2", "k4");
    }

    @Test
    void multipartUpload_throughTheClientsOwnCallsGivesS3sEtagAndBody() throws Exception {
        s3.createBucket(b -> b.bucket("big"));
        byte[] part1 = new byte[5 * 1024 * 1024];
        byte[] part2 = new byte[5 * 1024 * 1024];
        byte[] part3 = "tail".getBytes(StandardCharsets.UTF_8);
        java.util.Arrays.fill(part1, (byte) 'a');
        java.util.Arrays.fill(part2, (byte) 'b');
        String uploadId = s3.createMultipartUpload(b -> b.bucket("big").key("blob").contentType("application/octet-stream")
                .checksumAlgorithm(ChecksumAlgorithm.CRC32)).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        int number = 1;
        for (byte[] data : List.of(part1, part2, part3)) {
            int n = number++;
            var up = s3.uploadPart(b -> b.bucket("big").key("blob").uploadId(uploadId).partNumber(n)
                    .checksumAlgorithm(ChecksumAlgorithm.CRC32), RequestBody.fromBytes(data));
            parts.add(CompletedPart.builder().partNumber(n).eTag(up.eTag()).checksumCRC32(up.checksumCRC32()).build());
        }
        var listed = s3.listParts(b -> b.bucket("big").key("blob").uploadId(uploadId));
        assertThat(listed.parts()).extracting(p -> p.size()).containsExactly((long) part1.length, (long) part2.length, 4L);

        var done = s3.completeMultipartUpload(b -> b.bucket("big").key("blob").uploadId(uploadId)
                .multipartUpload(m -> m.parts(parts)));
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        for (byte[] data : List.of(part1, part2, part3)) {
            md5.update(MessageDigest.getInstance("MD5").digest(data));
        }
        assertThat(done.eTag()).isEqualTo("\"" + HexFormat.of().formatHex(md5.digest()) + "-3\"");
        assertThat(done.checksumCRC32()).endsWith("-3");

        var whole = s3.getObjectAsBytes(b -> b.bucket("big").key("blob").checksumMode(ChecksumMode.ENABLED));
        assertThat(whole.asByteArray()).hasSize(part1.length + part2.length + 4);
        assertThat(whole.response().eTag()).isEqualTo(done.eTag());
        // The parts count comes only with partNumber; the ETag's "-3" is how a whole GET tells it.
        assertThat(whole.response().partsCount()).isNull();
        assertThat(whole.response().storageClass()).isNull();
        var head = s3.headObject(b -> b.bucket("big").key("blob"));
        assertThat(head.partsCount()).isNull();
        assertThat(head.storageClass()).isNull();

        String aborted = s3.createMultipartUpload(b -> b.bucket("big").key("gone")).uploadId();
        s3.abortMultipartUpload(b -> b.bucket("big").key("gone").uploadId(aborted));
        assertThat(s3.listObjectsV2(b -> b.bucket("big")).contents()).extracting(S3Object::key).containsExactly("blob");
    }
}
