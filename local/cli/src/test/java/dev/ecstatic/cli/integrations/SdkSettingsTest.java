package dev.ecstatic.cli.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What points the functions' clients at a simulator: every service they call, STS and Organizations included. */
class SdkSettingsTest {

    static final URI ENDPOINT = URI.create("http://127.0.0.1:4599");

    @AfterEach
    void clear() {
        System.clearProperty("aws.endpointUrlSts");
    }

    @Test
    void everyServiceTheFunctionsCallGoesToTheSimulator_stsAndOrganizationsToo() {
        try (SdkSettings settings = SdkSettings.simulator(ENDPOINT, "eu-west-1")) {
            for (String property : new String[] {"aws.endpointUrlEcs", "aws.endpointUrlSsm", "aws.endpointUrlDynamoDb",
                    "aws.endpointUrlS3", "aws.endpointUrlEc2", "aws.endpointUrlAutoScaling", "aws.endpointUrlSts",
                    "aws.endpointUrlOrganizations", "aws.endpointUrlSns", "aws.endpointUrlEventBridge"}) {
                assertThat(System.getProperty(property)).as(property).isEqualTo(ENDPOINT.toString());
            }
            assertThat(System.getProperty("aws.region")).isEqualTo("eu-west-1");
        }
    }

    @Test
    void closingPutsBackWhatWasThereBefore() {
        System.setProperty("aws.endpointUrlSts", "http://elsewhere");

        try (SdkSettings settings = SdkSettings.simulator(ENDPOINT, "eu-west-1")) {
            assertThat(System.getProperty("aws.endpointUrlSts")).isEqualTo(ENDPOINT.toString());
        }

        assertThat(System.getProperty("aws.endpointUrlSts")).isEqualTo("http://elsewhere");
        assertThat(System.getProperty("aws.endpointUrlOrganizations")).isNull();
    }

    @Test
    void aForkedJvmGetsTheSameSettingsAsFlags() {
        assertThat(SdkSettings.jvmFlags(ENDPOINT, "eu-west-1")).contains("-Daws.region=eu-west-1",
                        "-Daws.endpointUrlSts=" + ENDPOINT, "-Daws.endpointUrlOrganizations=" + ENDPOINT,
                        "-Daws.endpointUrlEcs=" + ENDPOINT, "-Daws.disableEc2Metadata=true")
                .hasSize(4 + SdkSettings.ENDPOINT_PROPERTIES.size())
                .noneMatch(flag -> flag.startsWith("-Daws.sessionToken"));
    }
}
