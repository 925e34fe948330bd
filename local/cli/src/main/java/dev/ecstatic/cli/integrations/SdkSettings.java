package dev.ecstatic.cli.integrations;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Points the AWS SDK of this process at a simulator for as long as it is open, through the SDK's
 * standard system properties (an endpoint per service, placeholder credentials, no EC2 metadata),
 * and puts back what was there on close. The handlers' clients and {@link AwsClients} read them when
 * they are built, so nothing else needs to know about the simulator.
 *
 * <p>The credentials are placeholders: the simulator checks no signature, and real ones from the
 * environment must never be sent to it.
 *
 * @see <a href="https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html">Service-specific endpoints</a>
 */
public final class SdkSettings implements AutoCloseable {
    /** The system property of each simulated service's endpoint: {@code aws.endpointUrl} + the SDK's service name. */
    private static final String[] ENDPOINT_PROPERTIES = {
        "aws.endpointUrlEcs", "aws.endpointUrlSsm", "aws.endpointUrlDynamoDb", "aws.endpointUrlS3",
        "aws.endpointUrlEc2", "aws.endpointUrlAutoScaling"};

    private final Map<String, String> saved = new LinkedHashMap<>();

    private SdkSettings() {}

    /** Every simulated service at {@code endpoint}, in {@code region}. */
    public static SdkSettings simulator(URI endpoint, String region) {
        SdkSettings settings = new SdkSettings();
        settings.set("aws.region", region);
        settings.set("aws.accessKeyId", "AKIDSIMULATED");
        settings.set("aws.secretAccessKey", "simulated-secret");
        settings.set("aws.sessionToken", null);
        settings.set("aws.disableEc2Metadata", "true");
        for (String property : ENDPOINT_PROPERTIES) {
            settings.set(property, endpoint.toString());
        }
        return settings;
    }

    private void set(String key, String value) {
        saved.putIfAbsent(key, System.getProperty(key));
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    @Override
    public void close() {
        saved.forEach((key, value) -> {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
        saved.clear();
    }
}
