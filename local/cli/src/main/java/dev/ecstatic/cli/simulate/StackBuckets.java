package dev.ecstatic.cli.simulate;

import dev.ecstatic.cli.wiring.TemplateWiring.BucketSpec;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The template's S3 buckets in a simulator (the runs bucket), created as CloudFormation creates them
 * before a run writes to them, as {@link StackTables} does the tables. A bucket already there (kept by a
 * {@code --state} directory) is used as it is. Only the bucket itself: the simulator serves no
 * encryption, public access block, lifecycle or policy settings (its README, "What differs from AWS"),
 * and nothing local depends on them.
 */
public final class StackBuckets {

    /** A bucket of the template and whether this call created it or found it. */
    public record Bucket(String name, boolean created) {}

    private StackBuckets() {}

    /** An S3 client for the simulator at {@code endpoint}: placeholder credentials, never the real ones. */
    public static S3Client client(URI endpoint, String region) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIDSIMULATED", "simulated-secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Creates each bucket that does not exist yet, in {@code region} (a LocationConstraint outside us-east-1). */
    public static List<Bucket> create(S3Client s3, String region, Collection<BucketSpec> buckets) {
        List<Bucket> out = new ArrayList<>();
        for (BucketSpec spec : buckets) {
            if (exists(s3, spec.name())) {
                out.add(new Bucket(spec.name(), false));
                continue;
            }
            s3.createBucket(b -> {
                b.bucket(spec.name());
                if (!region.equals("us-east-1")) {
                    b.createBucketConfiguration(c -> c.locationConstraint(region));
                }
            });
            out.add(new Bucket(spec.name(), true));
        }
        return out;
    }

    private static boolean exists(S3Client s3, String name) {
        try {
            s3.headBucket(b -> b.bucket(name));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }
}
