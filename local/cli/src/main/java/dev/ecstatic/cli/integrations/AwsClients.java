package dev.ecstatic.cli.integrations;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * The SDK clients every integration calls through: one per service, built on first use and shared
 * by every execution and thread, over one url-connection HTTP client (the one the project ships).
 *
 * <p>The same path serves the simulator and AWS. Credentials come from the SDK's default chain and
 * requests are signed by the clients' own SigV4 signers; endpoints come from the SDK's standard
 * configuration, so {@code AWS_ENDPOINT_URL_DYNAMODB} / {@code aws.endpointUrlDynamoDb},
 * {@code AWS_ENDPOINT_URL_S3} / {@code aws.endpointUrlS3}... point a client at the simulator, and
 * without them it calls AWS. They are read when a client is built: set them before the first call.
 *
 * <p>The clients never retry: a Task's {@code Retry} decides, one attempt is one HTTP request, as a
 * Task's history shows one TaskFailed per failed attempt.
 *
 * @see <a href="https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html">Service-specific endpoints</a>
 */
public final class AwsClients implements AutoCloseable {

    private final Settings settings;
    private final Map<SdkService, SdkClient> clients = new ConcurrentHashMap<>();

    /**
     * @param region the region the clients call (the engine's, so ARNs and endpoints agree)
     */
    public AwsClients(String region) {
        this.settings = new Settings(Region.of(Objects.requireNonNull(region, "region")),
                DefaultCredentialsProvider.builder().build(), UrlConnectionHttpClient.create());
    }

    /** The client of {@code service}, built on first use. */
    SdkClient client(SdkService service) {
        return clients.computeIfAbsent(service, s -> s.newClient(settings));
    }

    /** The region the clients call. */
    public String region() {
        return settings.region().id();
    }

    @Override
    public void close() {
        clients.values().forEach(SdkClient::close);
        clients.clear();
        settings.http().close();
    }

    /** What every client is built with. */
    record Settings(Region region, AwsCredentialsProvider credentials, SdkHttpClient http) {

        <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> C build(B builder) {
            return builder.region(region)
                    .credentialsProvider(credentials)
                    .httpClient(http)
                    .overrideConfiguration(config -> config.retryStrategy(AwsRetryStrategy.doNotRetry()))
                    .build();
        }
    }
}
