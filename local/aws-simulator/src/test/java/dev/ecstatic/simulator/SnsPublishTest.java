package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.AuthorizationErrorException;
import software.amazon.awssdk.services.sns.model.InternalErrorException;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.InvalidParameterValueException;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.SnsException;

/** SNS Publish through the AWS SDK for Java v2's SNS client (the AWS Query protocol), unchanged but for the endpoint. */
class SnsPublishTest {

    static final String TOPIC = "arn:aws:sns:us-east-1:111111111111:ecstatic-alerts";
    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
    private static AwsSimulator sim;
    private static SnsClient sns;

    @BeforeAll
    static void start() {
        sim = Sim.start(Fleet.parse(Sim.resource("notify-fleet.json"), "notify-fleet.json"),
                Clock.fixed(T0, ZoneOffset.UTC));
        sns = client(sim, "us-east-1");
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    static SnsClient client(AwsSimulator sim, String region) {
        return SnsClient.builder().endpointOverride(sim.endpoint()).region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.doNotRetry()).build())
                .build();
    }

    private static SnsException refusal(Consumer<PublishRequest.Builder> request) {
        int before = sim.snsMessages().size();
        var thrown = org.assertj.core.api.Assertions.catchThrowableOfType(SnsException.class,
                () -> sns.publish(request));
        assertThat(thrown).as("refused").isNotNull();
        assertThat(sim.snsMessages()).as("nothing accepted").hasSize(before);
        return thrown;
    }

    @Test
    void aPublishedMessage_isKeptWithItsTopicSubjectAttributesAndTime() {
        var id = sns.publish(b -> b.topicArn(TOPIC).subject("ecstatic: cluster blocked").message("{\"kind\":\"alert\"}")
                .messageAttributes(Map.of(
                        "kind", MessageAttributeValue.builder().dataType("String").stringValue("alert").build(),
                        "count", MessageAttributeValue.builder().dataType("Number").stringValue("3").build(),
                        "raw", MessageAttributeValue.builder().dataType("Binary")
                                .binaryValue(SdkBytes.fromUtf8String("hi")).build())))
                .messageId();

        AwsSimulator.SnsMessage m = sim.snsMessages().stream().filter(x -> x.messageId().equals(id)).findFirst()
                .orElseThrow();
        assertThat(m.topicArn()).isEqualTo(TOPIC);
        assertThat(m.accountId()).isEqualTo("111111111111");
        assertThat(m.region()).isEqualTo("us-east-1");
        assertThat(m.subject()).isEqualTo("ecstatic: cluster blocked");
        assertThat(m.message()).isEqualTo("{\"kind\":\"alert\"}");
        assertThat(m.time()).isEqualTo(T0);
        assertThat(m.attributes()).containsEntry("kind", new AwsSimulator.MessageAttribute("String", "alert"))
                .containsEntry("count", new AwsSimulator.MessageAttribute("Number", "3"))
                .containsEntry("raw", new AwsSimulator.MessageAttribute("Binary", "aGk="));
        assertThat(sim.callsByAction()).containsKey("Publish");
        assertThat(sim.callsByTarget().get("111111111111/us-east-1")).containsKey("Publish");
    }

    @Test
    void aTopicOfAnotherRegion_isPublishedThroughThatRegionsClient() {
        String eu = "arn:aws:sns:eu-west-1:111111111111:ecstatic-alerts-eu";
        try (SnsClient euClient = client(sim, "eu-west-1")) {
            String id = euClient.publish(b -> b.topicArn(eu).message("hello")).messageId();
            assertThat(sim.snsMessages()).filteredOn(m -> m.messageId().equals(id))
                    .singleElement().satisfies(m -> assertThat(m.region()).isEqualTo("eu-west-1"));
            assertThat(sim.callsByTarget().get("111111111111/eu-west-1")).containsKey("Publish");
        }
        // The us-east-1 endpoint knows only its own region's topics.
        assertThat(refusal(b -> b.topicArn(eu).message("hello")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("Invalid parameter: TopicArn");
    }

    @Test
    void targetArn_namesTheTopicAsTopicArnDoes() {
        String id = sns.publish(b -> b.targetArn(TOPIC).message("via TargetArn")).messageId();
        assertThat(sim.snsMessages()).filteredOn(m -> m.messageId().equals(id)).singleElement()
                .satisfies(m -> assertThat(m.topicArn()).isEqualTo(TOPIC));
    }

    @ParameterizedTest(name = "Subject \"{0}\" is refused")
    @ValueSource(strings = {"", " starts with a space", "line\nbreak", "carriage\rreturn", "tab\there",
            "non-ASCII é", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void aSubjectThatIsNotShortPrintableAscii_isInvalidParameter(String subject) {
        assertThat(refusal(b -> b.topicArn(TOPIC).subject(subject).message("m")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("Invalid parameter: Subject")
                .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameter"));
    }

    @Test
    void aSubjectOf99PrintableCharacters_isAccepted() {
        String subject = "s".repeat(98) + "!";
        sns.publish(b -> b.topicArn(TOPIC).subject(subject).message("m"));
        assertThat(sim.snsMessages()).anyMatch(m -> subject.equals(m.subject()));
    }

    @Test
    void anUnknownTopic_isNotFound_andAnotherAccountsTopic_isAnAuthorizationError() {
        assertThat(refusal(b -> b.topicArn("arn:aws:sns:us-east-1:111111111111:nope").message("m")))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("Topic does not exist")
                .satisfies(e -> assertThat(e.statusCode()).isEqualTo(404));
        assertThat(refusal(b -> b.topicArn("arn:aws:sns:us-east-1:222222222222:theirs").message("m")))
                .isInstanceOf(AuthorizationErrorException.class)
                .hasMessageContaining("User: arn:aws:iam::111111111111:root is not authorized to perform: SNS:Publish")
                .satisfies(e -> assertThat(e.statusCode()).isEqualTo(403));
        assertThat(refusal(b -> b.topicArn("arn:aws:sns:us-east-1:222222222222:nope").message("m")))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void aMessageOverTheSizeLimit_countingItsAttributes_isRefused() {
        String exactly = "x".repeat(SnsApi.MAX_MESSAGE_BYTES);
        sns.publish(b -> b.topicArn(TOPIC).message(exactly));
        assertThat(refusal(b -> b.topicArn(TOPIC).message(exactly.substring(10)).messageAttributes(Map.of("kind",
                MessageAttributeValue.builder().dataType("String").stringValue("alert").build()))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("Message too long");
        assertThat(refusal(b -> b.topicArn(TOPIC).message("é".repeat(SnsApi.MAX_MESSAGE_BYTES / 2 + 1))))
                .hasMessageContaining("Message too long");
    }

    @Test
    void missingPartsOfAPublish_areRefusedInSnsWords() {
        assertThat(refusal(b -> b.message("m"))).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter");
        assertThat(refusal(b -> b.topicArn(TOPIC).message(""))).hasMessageContaining("Invalid parameter: Empty message");
        assertThat(refusal(b -> b.topicArn("not-an-arn").message("m"))).hasMessageContaining("Invalid parameter: TopicArn");
        assertThat(refusal(b -> b.phoneNumber("+15555550100").message("m"))).isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void badMessageAttributes_areParameterValueInvalid() {
        record Case(String name, MessageAttributeValue value, String words) { }
        for (Case c : new Case[] {
                new Case("kind", MessageAttributeValue.builder().dataType("Text").stringValue("x").build(),
                        "invalid message attribute type"),
                new Case("kind", MessageAttributeValue.builder().dataType("String").stringValue("").build(),
                        "must contain non-empty message attribute value"),
                new Case("n", MessageAttributeValue.builder().dataType("Number").stringValue("three").build(),
                        "Could not cast message attribute 'n' value to number."),
                new Case("AWS.reserved", MessageAttributeValue.builder().dataType("String").stringValue("x").build(),
                        "Invalid attribute name")}) {
            assertThat(refusal(b -> b.topicArn(TOPIC).message("m").messageAttributes(Map.of(c.name(), c.value()))))
                    .as(c.words()).isInstanceOf(InvalidParameterValueException.class).hasMessageContaining(c.words());
        }
        Map<String, MessageAttributeValue> eleven = new java.util.HashMap<>();
        for (int i = 0; i < 11; i++) {
            eleven.put("a" + i, MessageAttributeValue.builder().dataType("String").stringValue("v").build());
        }
        assertThat(refusal(b -> b.topicArn(TOPIC).message("m").messageAttributes(eleven)))
                .hasMessageContaining("Number of message attributes [11] exceeds the allowed maximum [10].");
    }

    @Test
    void messageStructureJson_needsADefaultEntry() {
        sns.publish(b -> b.topicArn(TOPIC).messageStructure("json").message("{\"default\":\"d\",\"email\":\"e\"}"));
        assertThat(refusal(b -> b.topicArn(TOPIC).messageStructure("json").message("{\"email\":\"e\"}")))
                .hasMessageContaining("No default entry in JSON message body");
        assertThat(refusal(b -> b.topicArn(TOPIC).messageStructure("json").message("not json")))
                .hasMessageContaining("JSON message body failed to parse");
    }

    @Test
    void createTopic_isIdempotent_andListTopicsAndGetTopicAttributesKnowIt() {
        String arn = sns.createTopic(b -> b.name("made-here")).topicArn();
        assertThat(arn).isEqualTo("arn:aws:sns:us-east-1:111111111111:made-here");
        assertThat(sns.createTopic(b -> b.name("made-here")).topicArn()).isEqualTo(arn);
        assertThat(sns.listTopics().topics()).extracting(t -> t.topicArn()).contains(TOPIC, arn);
        assertThat(sns.getTopicAttributes(b -> b.topicArn(arn)).attributes()).containsEntry("TopicArn", arn)
                .containsEntry("Owner", "111111111111");
        assertThatThrownBy(() -> sns.createTopic(b -> b.name("bad name"))).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> sns.getTopicAttributes(b -> b.topicArn("arn:aws:sns:us-east-1:111111111111:gone")))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void snsErrorRate_failsEveryPublishWithInternalError_andAcceptsNothing() {
        Fleet fleet = Fleet.parse("""
                { "latestAgentVersion": "1.89.0", "clusters": [], "topics": ["t"],
                  "faults": { "snsErrorRate": 1 } }
                """, "faulty.json");
        try (AwsSimulator faulty = Sim.start(fleet, Clock.fixed(T0, ZoneOffset.UTC));
                SnsClient client = client(faulty, "us-east-1")) {
            assertThatThrownBy(() -> client.publish(b -> b.topicArn("arn:aws:sns:us-east-1:123456789012:t").message("m")))
                    .isInstanceOf(InternalErrorException.class)
                    .satisfies(e -> assertThat(((SnsException) e).statusCode()).isEqualTo(500));
            assertThat(faulty.snsMessages()).isEmpty();
            // Only Publish fails: the topic is still there to read.
            assertThat(client.listTopics().topics()).hasSize(1);
        }
    }
}
