package dev.ecstatic.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sns.SnsClient;

/** A topic or bus named by ARN in another region is reached through that region's endpoint. */
class NotificationClientsRegionTest {
    private static final Map<String, String> ENV = Map.of("AWS_REGION", "us-east-1",
            "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "example");

    @Test
    void theTopicsRegion_notTheFunctions() {
        try (SnsClient sns = Clients.sns(ENV, "arn:aws:sns:eu-west-1:222233334444:ecstatic-alerts")) {
            assertThat(sns.serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_1);
        }
        try (SnsClient sns = Clients.sns(ENV, "arn:aws-us-gov:sns:us-gov-west-1:222233334444:alerts")) {
            assertThat(sns.serviceClientConfiguration().region()).isEqualTo(Region.US_GOV_WEST_1);
        }
    }

    @Test
    void aBusByName_isTheFunctionsRegion_aBusByArn_itsOwn() {
        try (EventBridgeClient events = Clients.eventBridge(ENV, "ecstatic-ops")) {
            assertThat(events.serviceClientConfiguration().region()).isEqualTo(Region.US_EAST_1);
        }
        try (EventBridgeClient events = Clients.eventBridge(ENV, "arn:aws:events:ap-southeast-2:222233334444:event-bus/ops")) {
            assertThat(events.serviceClientConfiguration().region()).isEqualTo(Region.AP_SOUTHEAST_2);
        }
    }

    @Test
    void regionOf_readsOnlyAWellFormedArn() {
        assertThat(Clients.regionOf("default")).isNull();
        assertThat(Clients.regionOf(null)).isNull();
        assertThat(Clients.regionOf("arn:aws:sns::222233334444:t")).isNull();
        assertThat(Clients.regionOf("arn:aws:sns:eu-west-1")).isNull();
        assertThat(Clients.regionOf("arn:aws:sns:eu-west-1:222233334444:t")).isEqualTo(Region.EU_WEST_1);
    }
}
