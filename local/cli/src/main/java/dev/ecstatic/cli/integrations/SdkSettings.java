package dev.ecstatic.cli.integrations;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
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
    /**
     * The system property of each simulated service's endpoint: {@code aws.endpointUrl} + the SDK's service id
     * without spaces (STS's is {@code aws.endpointUrlSts}, as its client builder reads it; Organizations'
     * {@code aws.endpointUrlOrganizations}, the service id "Organizations" of
     * https://docs.aws.amazon.com/sdkref/latest/guide/ss-endpoints-table.html). STS and Organizations are
     * here although few runs call them: a function that assumes a member role, or reads an OU's accounts,
     * must never reach the real ones from a simulation. SNS and EventBridge: where Notify, Conclude and the
     * digest send notifications when NotificationTopicArn or EventBusName is set.
     */
    static final List<String> ENDPOINT_PROPERTIES = List.of(
        "aws.endpointUrlEcs", "aws.endpointUrlSsm", "aws.endpointUrlDynamoDb", "aws.endpointUrlS3",
        "aws.endpointUrlEc2", "aws.endpointUrlAutoScaling", "aws.endpointUrlSts", "aws.endpointUrlOrganizations",
        "aws.endpointUrlSns", "aws.endpointUrlEventBridge");

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

    /**
     * The SDK settings that point a forked JVM at {@code endpoint}: the same properties as
     * {@link #simulator(URI, String)} sets in this one, as {@code -Dkey=value} flags.
     */
    public static List<String> jvmFlags(URI endpoint, String region) {
        List<String> flags = new java.util.ArrayList<>(List.of("-Daws.region=" + region,
                "-Daws.accessKeyId=AKIDSIMULATED", "-Daws.secretAccessKey=simulated-secret", "-Daws.disableEc2Metadata=true"));
        ENDPOINT_PROPERTIES.forEach(p -> flags.add("-D" + p + "=" + endpoint));
        return List.copyOf(flags);
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
