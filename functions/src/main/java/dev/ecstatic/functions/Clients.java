package dev.ecstatic.functions;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Builds the real SDK clients once per container. Endpoint and credentials come from the SDK's
 * default configuration, so AWS_ENDPOINT_URL_ECS / AWS_ENDPOINT_URL_SSM (or the system properties
 * aws.endpointUrlEcs / aws.endpointUrlSsm; AWS_ENDPOINT_URL_EC2 / AWS_ENDPOINT_URL_AUTO_SCALING for the AMI
 * reads; AWS_ENDPOINT_URL_S3 / aws.endpointUrlS3 for the runs bucket) point them at a simulator. AWS_REGION from the handler's
 * own environment wins so that a local runner can give each handler its own region.
 *
 * <p>Two kinds of client, because the SDK sets a retry strategy per client, not per request:
 * <ul>
 * <li><b>Reads</b> (ECS List*, Describe*; SSM GetParameter, GetParameters) retry throttling, 5xx and
 * I/O errors in the SDK with backoff, so a throttled page costs that page, not the whole listing
 * (the state machine's Retry would start the step again from its first page). Every attempt and
 * every call has a timeout, so a handler's worst case is a sum of constants (below).
 * <li><b>UpdateContainerAgent</b> is not idempotent: exactly one attempt. A retried call whose first
 * response was lost is answered UpdateInProgressException, and a started update would look like
 * someone else's. What such a lost response means is UpdateOneAgent's business (it looks before
 * acting again).
 * </ul>
 */
final class Clients {
    private Clients() {
    }

    /**
     * Attempts per read call: the first and up to 9 retries. ECS refills a throttled bucket at 20
     * tokens/s (cluster reads: burst 50; cluster resource reads: burst 100), so a client that backs
     * off finds a token within a few tries, even with ten clusters (MaxConcurrency) listing at once.
     * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html
     *
     * <p>Under sustained throttling the call timeout, not this number, is the real bound. The nine
     * backoffs are drawn (full jitter) below caps of 0.5, 1, then 2 s ({@link #THROTTLE_BASE_DELAY},
     * {@link #MAX_BACKOFF}): up to 15.5 s in all, 7.75 s on average, before the attempts' own time.
     * {@link #READ_CALL_TIMEOUT} (8 s) therefore usually ends a call throttled throughout around its
     * tenth attempt or before, and {@link #CLUSTER_READ_CALL_TIMEOUT} (4 s) after about six. The
     * attempts only cap the retries of a call whose throttles are short.
     */
    static final int READ_MAX_ATTEMPTS = 10;
    /**
     * Backoff after a throttle: full jitter, 500 ms doubling up to 2 s. The SDK's default (1 s up to
     * 20 s) waits far longer than a bucket refilling 20 tokens/s needs; shorter waits waste requests
     * and run out of attempts sooner. ThrottlingBenchmark, 1,500 clusters 10 at a time, 10 attempts,
     * 8 s per call: 100 ms–1 s: 7,037 throttled requests, 47 calls given up; 250 ms–2 s: 4,499 and 5;
     * 500 ms–2 s: 3,180 and 1.
     */
    static final Duration THROTTLE_BASE_DELAY = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
    /** Backoff after a 5xx or an I/O error: full jitter, 100 ms doubling up to {@link #MAX_BACKOFF}. */
    static final Duration BASE_DELAY = Duration.ofMillis(100);
    /**
     * One attempt of a read. ECS answers a page of 100 container instances with tags in well under a
     * second; an attempt that takes 2 s is stuck and is better cut and tried again.
     */
    static final Duration READ_ATTEMPT_TIMEOUT = Duration.ofSeconds(2);
    /**
     * One read call (DescribeContainerInstances, ListContainerInstances, SSM), every attempt and
     * backoff included; then the SDK gives up and the handler throws TransientAwsException, and the
     * state machine runs the step again. 8 s: 10 throttled attempts back off 0.5 + 1 + 2 × 7 s at
     * most, about half that with full jitter.
     */
    static final Duration READ_CALL_TIMEOUT = Duration.ofSeconds(8);
    /**
     * One read call of ListClusters' ECS client (ListClusters, DescribeClusters): shorter, because one
     * invocation may make 200 of them. Their bucket (cluster reads) serves only this one call per
     * run, so a throttle there is rare and short.
     */
    static final Duration CLUSTER_READ_CALL_TIMEOUT = Duration.ofSeconds(4);
    /**
     * UpdateContainerAgent: one attempt, so the attempt timeout is the call timeout. ECS answers in
     * well under a second; 10 s leaves room for a slow answer, and a timeout is an unknown outcome.
     */
    static final Duration UPDATE_TIMEOUT = Duration.ofSeconds(10);
    /**
     * One attempt of an S3 call of the runs bucket (PutObject of the run's items or report, GetObject of
     * a manifest or a result file). A result file of 10,000 clusters is a few MB; S3 serves that in well
     * under a second from Lambda, so 10 s means the attempt is stuck.
     */
    static final Duration S3_ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
    /**
     * One S3 call, every attempt and backoff included. S3 answers 503 SlowDown past 3,500 PUT or 5,500
     * GET requests per second per prefix, far above one run's few calls, so a throttle is short.
     * https://docs.aws.amazon.com/AmazonS3/latest/userguide/optimizing-performance.html
     */
    static final Duration S3_CALL_TIMEOUT = Duration.ofSeconds(30);
    /**
     * STS AssumeRole of the member role, every attempt and backoff included: a function reaching a cluster in
     * another account makes at most one per invocation (its credentials serve every client of that account),
     * before its first call there. STS answers in well under a second.
     */
    static final Duration STS_CALL_TIMEOUT = Duration.ofSeconds(4);
    /**
     * One attempt of SNS Publish or EventBridge PutEvents: both answer a one-message request in well under
     * a second.
     */
    static final Duration NOTIFY_ATTEMPT_TIMEOUT = Duration.ofSeconds(1);
    /**
     * SNS Publish, or EventBridge PutEvents with its one more call for an entry failed with a retryable code,
     * every attempt ({@link #NOTIFY_MAX_ATTEMPTS}) and backoff included: a topic or bus that cannot take the
     * notification within 3 s is given up on for this run (the memory keeps an alert pending for the next).
     * 3 s, not more: Notify, Conclude and Digest keep their Timeout of 30 s, which the state machine's
     * hard-stop arithmetic counts on (statemachine/ecstatic.asl.json, "Take the lease").
     */
    static final Duration NOTIFY_CALL_TIMEOUT = Duration.ofSeconds(3);
    /** Attempts of one SNS or EventBridge call: the first and two retries of a throttle, a 5xx or an I/O error. */
    static final int NOTIFY_MAX_ATTEMPTS = 3;
    /** A handler's own work in one invocation (JSON, logging, a GC pause), on top of its calls. */
    static final Duration OWN_WORK = Duration.ofSeconds(5);

    /*
     * The functions' Timeouts (template.yaml) are sums of the bounds above, so that a function always
     * ends with its own error before Lambda stops it (a stopped UpdateOneAgent would leave its outcome
     * unknown). Each handler's WORST_CASE holds its sum; TimeoutsTest checks the template against it.
     *
     * ListClusters: 10,000 clusters (ECS's quota per account and region) = 100 ListClusters pages
     *   + 100 DescribeClusters of 100 = 200 × 4 s = 800 s, + 1 AssumeRole × 4 s, + 1 GetParameters × 8 s,
     *   + 1 PutObject of the run's items × 30 s, + 5 s = 847 s: Timeout 900 (Lambda's maximum; this sum is why cluster reads
     *   get 4 s, not 8). That is one target at ECS's quota: several targets are listed 8 at a time
     *   (ListClustersHandler.PARALLEL_TARGETS), each behind its own AssumeRole in another account, and
     *   none starts with less than 120 s left (START_BUDGET): such a target is a stand-in that says so.
     * Summarize: GetObject of the manifest and of the run's clusters, ≤ 12 result files
     *   (SummarizeHandler.MAX_RESULT_FILES), 1 PutObject of the report = 15 × 30 s, + 5 s = 455 s: Timeout 480.
     * ListInstances: 5,000 instances (ECS's quota per cluster) = ⌈5000/100⌉ = 50 ListContainerInstances
     *   + 50 DescribeContainerInstances = 100 × 8 s = 800 s, + the AMI reads, which start no call
     *   once a call could end past 88 s after their start (AmiReader.BUDGET), + 1 AssumeRole × 4 s (another
     *   account), + 5 s = 897 s: Timeout 900.
     * UpdateOneAgent: 20 UpdateContainerAgent × 10 s = 200 s; after a lost response, one look (8 s)
     *   and one more call of the same instance (10 s); + 1 AssumeRole × 4 s; + 5 s = 227 s: Timeout 240.
     * Notify (and Conclude, Digest: one message each): one GetParameter (8 s) + the webhook's connect and
     *   request timeouts (5 + 5 s) + SNS Publish (3 s) + EventBridge PutEvents, a failed entry's second call
     *   included (3 s) + 5 s = 29 s: Timeout 30.
     * AssessHealth: no call, 5 s: Timeout 15.
     * ReplaceInstance: DRAIN is the longest step: 1 DescribeContainerInstances, 1 DescribeAutoScalingGroups,
     *   1 DescribeScalingActivities, 1 DescribeInstanceRefreshes, 1 ListTasks + 1 DescribeTasks (≤ 100 tasks),
     *   the cluster's ACTIVE instances (≤ 50 ListContainerInstances + 50 DescribeContainerInstances),
     *   ≤ 4 DescribeLaunchTemplateVersions, 1 UpdateContainerInstancesState = 111 × 8 s = 888 s, + 1
     *   AssumeRole × 4 s, + 5 s = 897 s: Timeout 900.
     */

    /** ECS for ListContainerInstances and DescribeContainerInstances: the SDK retries with backoff. */
    static EcsClient ecsReads(Map<String, String> env) {
        var builder = EcsClient.builder();
        configure(env, builder, readRetries(), READ_ATTEMPT_TIMEOUT, READ_CALL_TIMEOUT);
        return builder.build();
    }

    /** ECS for ListClusters and DescribeClusters: retried like other reads, each call within 4 s. */
    static EcsClient ecsClusterReads(Map<String, String> env) {
        var builder = EcsClient.builder();
        configure(env, builder, readRetries(), READ_ATTEMPT_TIMEOUT, CLUSTER_READ_CALL_TIMEOUT);
        return builder.build();
    }

    /** ECS for UpdateContainerAgent only: one attempt, never retried by the SDK. */
    static EcsClient ecsUpdates(Map<String, String> env) {
        var builder = EcsClient.builder();
        configure(env, builder, AwsRetryStrategy.doNotRetry(), UPDATE_TIMEOUT, UPDATE_TIMEOUT);
        return builder.build();
    }

    /** EC2 for DescribeInstances, DescribeImages, DescribeLaunchTemplateVersions: reads, retried like ECS reads. */
    static Ec2Client ec2Reads(Map<String, String> env) {
        var builder = Ec2Client.builder();
        configure(env, builder, readRetries(), READ_ATTEMPT_TIMEOUT, READ_CALL_TIMEOUT);
        return builder.build();
    }

    /** Auto Scaling for DescribeAutoScalingGroups, DescribeScalingActivities, DescribeInstanceRefreshes: reads, retried like ECS reads. */
    static AutoScalingClient autoScalingReads(Map<String, String> env) {
        var builder = AutoScalingClient.builder();
        configure(env, builder, readRetries(), READ_ATTEMPT_TIMEOUT, READ_CALL_TIMEOUT);
        return builder.build();
    }

    /**
     * S3 for the runs bucket: PutObject of a whole object is idempotent (the same key, the same body), so
     * it is retried like a read; SlowDown (503) and 5xx are retried with backoff. Path-style addressing
     * when an endpoint is configured (a simulator at http://127.0.0.1:PORT or http://localhost:PORT, where
     * BUCKET.localhost may not resolve); virtual-hosted style, S3's default, in AWS.
     * https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html
     */
    static S3Client s3(Map<String, String> env) {
        var builder = S3Client.builder().forcePathStyle(endpointConfigured(env));
        configure(env, builder, readRetries(), S3_ATTEMPT_TIMEOUT, S3_CALL_TIMEOUT);
        return builder.build();
    }

    /** Whether the SDK's configuration names an S3 endpoint (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html). */
    static boolean endpointConfigured(Map<String, String> env) {
        return present(env.get("AWS_ENDPOINT_URL_S3")) || present(env.get("AWS_ENDPOINT_URL"))
                || present(System.getProperty("aws.endpointUrlS3")) || present(System.getProperty("aws.endpointUrl"));
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    /** SSM for GetParameter(s): reads, retried like ECS reads. */
    static SsmClient ssm(Map<String, String> env) {
        var builder = SsmClient.builder();
        configure(env, builder, readRetries(), READ_ATTEMPT_TIMEOUT, READ_CALL_TIMEOUT);
        return builder.build();
    }

    /**
     * SNS for Publish: the SDK retries a throttle, a 5xx or an I/O error ({@link #NOTIFY_MAX_ATTEMPTS}), each
     * call within {@link #NOTIFY_CALL_TIMEOUT}. A retried Publish whose first answer was lost publishes twice:
     * SNS delivers at least once anyway (https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html).
     */
    static SnsClient sns(Map<String, String> env, String topicArn) {
        var builder = SnsClient.builder();
        configure(env, builder, notifyRetries(), NOTIFY_ATTEMPT_TIMEOUT, NOTIFY_CALL_TIMEOUT, regionOf(topicArn), null);
        return builder.build();
    }

    /**
     * EventBridge for PutEvents: retried as SNS (a failed entry inside a 200 answer is the caller's); in the
     * bus's region when it is named by ARN, else the function's own.
     */
    static EventBridgeClient eventBridge(Map<String, String> env, String bus) {
        var builder = EventBridgeClient.builder();
        configure(env, builder, notifyRetries(), NOTIFY_ATTEMPT_TIMEOUT, NOTIFY_CALL_TIMEOUT, regionOf(bus), null);
        return builder.build();
    }

    /**
     * The region an ARN names ({@code arn:partition:service:region:account:resource}), null for a plain name.
     * A topic or bus in another region is reached through that region's endpoint: an SNS Publish sent to
     * another region's endpoint is refused (InvalidParameter: TopicArn).
     */
    static Region regionOf(String nameOrArn) {
        if (nameOrArn == null || !nameOrArn.startsWith("arn:")) {
            return null;
        }
        String[] parts = nameOrArn.split(":", 6);
        return parts.length == 6 && !parts[3].isEmpty() ? Region.of(parts[3]) : null;
    }

    static RetryStrategy notifyRetries() {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(NOTIFY_MAX_ATTEMPTS)
                .backoffStrategy(BackoffStrategy.exponentialDelay(BASE_DELAY, MAX_BACKOFF))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(THROTTLE_BASE_DELAY, MAX_BACKOFF))
                .circuitBreakerEnabled(false)
                .build();
    }

    /**
     * The SDK's standard strategy (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html)
     * with our attempts and backoffs.
     *
     * <p>Not the adaptive strategy, though AWS recommends it for clients of one throttled resource:
     * its client-side rate limiter starts from the rate it measured before the first throttle, which
     * in a fresh Lambda container is a handful of requests, and then holds requests back for seconds,
     * past the call timeout above (and the SDK reports a call timeout that fires during that wait as
     * AbortedException, not ApiCallTimeoutException). Warm, in ThrottlingBenchmark, it sent fewer
     * throttled requests (814 against 4,426 for 1,500 clusters); cold, in SdkRetriesTest, two
     * throttles in a row made the next attempt wait past 4 s.
     *
     * <p>The retry quota (a circuit breaker: 500 tokens per client, 5 per throttled retry, a success
     * giving back only its last retry's cost) is off: it is meant to stop a long-lived client from
     * retrying through an outage, but it lives as long as the Lambda container, and under throttling
     * a call retried three times keeps 10 tokens: 50 such calls, half a 5,000-instance listing, empty
     * it, and from then on every throttle restarts the listing. The attempts and the call timeout
     * bound each call instead.
     */
    static RetryStrategy readRetries() {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(READ_MAX_ATTEMPTS)
                .backoffStrategy(BackoffStrategy.exponentialDelay(BASE_DELAY, MAX_BACKOFF))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(THROTTLE_BASE_DELAY, MAX_BACKOFF))
                .circuitBreakerEnabled(false)
                .build();
    }

    private static void configure(Map<String, String> env, AwsClientBuilder<?, ?> builder, RetryStrategy retries,
                                  Duration attemptTimeout, Duration callTimeout) {
        configure(env, builder, retries, attemptTimeout, callTimeout, null, null);
    }

    /**
     * As above, in {@code region} (null: the function's own) with {@code credentials} (null: the default
     * chain, the function's own role): a client for another target ({@link TargetClients}).
     */
    private static void configure(Map<String, String> env, AwsClientBuilder<?, ?> builder, RetryStrategy retries,
                                  Duration attemptTimeout, Duration callTimeout, Region region,
                                  AwsCredentialsProvider credentials) {
        builder.overrideConfiguration(o -> o.retryStrategy(retries)
                .apiCallAttemptTimeout(attemptTimeout)
                .apiCallTimeout(callTimeout));
        String own = env.get("AWS_REGION");
        if (region != null) {
            builder.region(region);
        } else if (own != null && !own.isBlank()) {
            builder.region(Region.of(own.trim()));
        }
        if (credentials != null) {
            builder.credentialsProvider(credentials);
        }
    }

    /** The function's own region (AWS_REGION), or null where the SDK's chain must find it. */
    static String ownRegion(Map<String, String> env) {
        String own = env.get("AWS_REGION");
        return own == null || own.isBlank() ? null : own.trim();
    }

    /*
     * Clients of other targets (TargetClients): the same kinds as above, in a region, with credentials.
     */

    static TargetClients<EcsClient> ecsReads(Map<String, String> env, MemberAccess access) {
        return perTarget(env, access, ecsReads(env), EcsClient::builder, Clients::readRetries, READ_ATTEMPT_TIMEOUT,
                READ_CALL_TIMEOUT);
    }

    static TargetClients<EcsClient> ecsClusterReads(Map<String, String> env, MemberAccess access) {
        return perTarget(env, access, ecsClusterReads(env), EcsClient::builder, Clients::readRetries,
                READ_ATTEMPT_TIMEOUT, CLUSTER_READ_CALL_TIMEOUT);
    }

    static TargetClients<EcsClient> ecsUpdates(Map<String, String> env, MemberAccess access) {
        return perTarget(env, access, ecsUpdates(env), EcsClient::builder, AwsRetryStrategy::doNotRetry, UPDATE_TIMEOUT,
                UPDATE_TIMEOUT);
    }

    static TargetClients<Ec2Client> ec2Reads(Map<String, String> env, MemberAccess access) {
        return perTarget(env, access, ec2Reads(env), Ec2Client::builder, Clients::readRetries, READ_ATTEMPT_TIMEOUT,
                READ_CALL_TIMEOUT);
    }

    static TargetClients<AutoScalingClient> autoScalingReads(Map<String, String> env, MemberAccess access) {
        return perTarget(env, access, autoScalingReads(env), AutoScalingClient::builder, Clients::readRetries,
                READ_ATTEMPT_TIMEOUT, READ_CALL_TIMEOUT);
    }

    static TargetClients<AutoScalingClient> autoScalingTerminate(Map<String, String> env, MemberAccess access) {
        return perTarget(env, access, autoScalingTerminate(env), AutoScalingClient::builder,
                AwsRetryStrategy::doNotRetry, UPDATE_TIMEOUT, UPDATE_TIMEOUT);
    }

    /**
     * {@code home} for this account and region; elsewhere a client of the same kind (retries and timeouts),
     * in the target's region, with its credentials.
     */
    private static <C> TargetClients<C> perTarget(Map<String, String> env, MemberAccess access, C home,
                                                  Supplier<? extends AwsClientBuilder<?, C>> builder,
                                                  Supplier<RetryStrategy> retries, Duration attemptTimeout,
                                                  Duration callTimeout) {
        return new TargetClients<>(home, ownRegion(env), access, (region, credentials) -> {
            AwsClientBuilder<?, C> b = builder.get();
            configure(env, b, retries.get(), attemptTimeout, callTimeout, region, credentials);
            return b.build();
        });
    }

    /**
     * SSM in a target: the recommended-AMI catalogue is public in every region, read with the function's own
     * credentials there; a launch template's {@code resolve:ssm:} alias is the member account's.
     */
    static TargetClients<SsmClient> ssm(Map<String, String> env, MemberAccess access) {
        return perTarget(env, access, ssm(env), SsmClient::builder, Clients::readRetries, READ_ATTEMPT_TIMEOUT,
                READ_CALL_TIMEOUT);
    }

    /**
     * STS for AssumeRole of the member role, in the function's own region (the SDK calls STS's regional
     * endpoint): reads' retries, since AssumeRole only issues credentials.
     */
    static StsClient sts(Map<String, String> env) {
        var builder = StsClient.builder();
        configure(env, builder, readRetries(), READ_ATTEMPT_TIMEOUT, STS_CALL_TIMEOUT);
        return builder.build();
    }


    /*
     * The replacement path (ReplaceInstance). EC2 and Auto Scaling endpoints come from the SDK's
     * configuration like ECS's: AWS_ENDPOINT_URL_EC2 / aws.endpointUrlEc2, AWS_ENDPOINT_URL_AUTO_SCALING /
     * aws.endpointUrlAutoScaling. Its reads use ec2Reads and autoScalingReads above.
     */

    /**
     * Auto Scaling for TerminateInstanceInAutoScalingGroup only: one attempt, like UpdateContainerAgent. A
     * retried call whose first response was lost finds the instance terminating and fails; ReplaceInstance
     * looks before acting instead (a retry of the step sees the instance Terminating: TERMINATING).
     */
    static AutoScalingClient autoScalingTerminate(Map<String, String> env) {
        var builder = AutoScalingClient.builder();
        configure(env, builder, AwsRetryStrategy.doNotRetry(), UPDATE_TIMEOUT, UPDATE_TIMEOUT);
        return builder.build();
    }
}
