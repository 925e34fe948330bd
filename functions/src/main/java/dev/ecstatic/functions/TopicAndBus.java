package dev.ecstatic.functions;

import dev.ecstatic.functions.model.NotificationTarget;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * The targets besides the webhook: an SNS topic (one Publish per notification: the JSON record as the
 * message, a {@link Notification#subject() Subject}, message attributes {@code kind}, {@code cluster},
 * {@code account}, {@code region} for subscription filter policies) and an EventBridge bus (one PutEvents
 * entry: {@code Source} {@value #SOURCE}, {@code DetailType} the kind, {@code Detail} the same record).
 * Either may be absent (null client). Each call is tried by the SDK's own retries ({@link Clients#sns},
 * {@link Clients#eventBridge}); what still fails is answered, never thrown: one target's failure stops no other.
 */
final class TopicAndBus {
    static final String SOURCE = "ecstatic";
    /**
     * SNS takes a message of up to 262,144 bytes, attributes included
     * (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html); PutEvents an entry of up to 256 KB
     * as https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html counts it. A record is
     * bounded far below (at most 20 instances, details of 4,000 characters), and one over it anyway is not sent.
     */
    static final int MAX_BYTES = 262_144;
    /** PutEvents entry codes worth one more try in the same invocation (API_PutEventsResultEntry). */
    static final Set<String> RETRYABLE_ENTRY = Set.of("InternalFailure", "ThrottlingException");
    /** PutEvents calls for one entry: the first and one more when the entry failed with a retryable code. */
    static final int PUT_EVENTS_CALLS = 2;
    /** A second PutEvents call is made only with at least this much of {@link Clients#NOTIFY_CALL_TIMEOUT} left. */
    static final java.time.Duration SECOND_CALL_AT_LEAST = java.time.Duration.ofMillis(500);

    private final String topicArn;
    private final SnsClient sns;
    private final String eventBus;
    private final EventBridgeClient events;
    private final Clock clock;

    TopicAndBus(String topicArn, SnsClient sns, String eventBus, EventBridgeClient events, Clock clock) {
        if ((topicArn == null) != (sns == null) || (eventBus == null) != (events == null)) {
            throw new IllegalArgumentException("a topic needs an SNS client and a bus an EventBridge client, and only they");
        }
        this.topicArn = topicArn;
        this.sns = sns;
        this.eventBus = eventBus;
        this.events = events;
        this.clock = clock;
    }

    /** The clients the configuration needs, built once (none when neither target is configured). */
    static TopicAndBus from(NotifyConfig config, Map<String, String> env, Clock clock) {
        return new TopicAndBus(config.topicArn(), config.topicArn() == null ? null : Clients.sns(env, config.topicArn()),
                config.eventBus(), config.eventBus() == null ? null : Clients.eventBridge(env, config.eventBus()), clock);
    }

    static TopicAndBus none(Clock clock) {
        return new TopicAndBus(null, null, null, null, clock);
    }

    /** The webhook (or the log) always; SNS and EventBridge when configured. */
    Set<NotificationTarget> targets() {
        Set<NotificationTarget> targets = java.util.EnumSet.of(NotificationTarget.WEBHOOK);
        if (sns != null) {
            targets.add(NotificationTarget.SNS);
        }
        if (events != null) {
            targets.add(NotificationTarget.EVENTS);
        }
        return targets;
    }

    /** What one target made of a notification: {@code problem} says why when it was not delivered. */
    record Sent(NotificationTarget target, boolean delivered, String problem) {
    }

    /** Sends {@code n} to SNS or EventBridge ({@code target}, which must be configured). */
    Sent send(NotificationTarget target, Notification n) {
        // One instant for the record and the event's Time, so that both say the same.
        Instant now = Instant.now(clock);
        String body = Json.write(n.record(now));
        return switch (target) {
            case SNS -> publish(n, body);
            case EVENTS -> put(n, body, now);
            case WEBHOOK -> throw new IllegalArgumentException("the webhook is NotifyHandler's");
        };
    }

    private Sent publish(Notification n, String body) {
        if (sns == null) {
            throw new IllegalStateException("no SNS topic is configured");
        }
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        // SNS refuses an attribute with an empty value: an absent one is left out.
        // https://docs.aws.amazon.com/sns/latest/dg/sns-message-attributes.html
        attribute(attributes, "kind", n.kind().name());
        if (n.cluster() != null) {
            attribute(attributes, "cluster", n.cluster().name());
            attribute(attributes, "account", n.cluster().account());
            attribute(attributes, "region", n.cluster().region());
        }
        int size = utf8(body) + attributes.entrySet().stream()
                .mapToInt(e -> utf8(e.getKey()) + utf8("String") + utf8(e.getValue().stringValue())).sum();
        if (size > MAX_BYTES) {
            return new Sent(NotificationTarget.SNS, false, "SNS message of " + size + " bytes is over " + MAX_BYTES);
        }
        try {
            sns.publish(p -> p.topicArn(topicArn).subject(n.subject()).message(body).messageAttributes(attributes));
            return new Sent(NotificationTarget.SNS, true, null);
        } catch (SdkException e) {
            return new Sent(NotificationTarget.SNS, false, "SNS Publish failed: " + why(e));
        }
    }

    private static void attribute(Map<String, MessageAttributeValue> attributes, String name, String value) {
        if (value != null && !value.isEmpty()) {
            attributes.put(name, MessageAttributeValue.builder().dataType("String").stringValue(value).build());
        }
    }

    private Sent put(Notification n, String body, Instant time) {
        if (events == null) {
            throw new IllegalStateException("no EventBridge bus is configured");
        }
        PutEventsRequestEntry entry = PutEventsRequestEntry.builder().source(SOURCE).detailType(n.kind().name())
                .detail(body).eventBusName(eventBus).time(time).build();
        // 14 bytes for the Time, and the UTF-8 bytes of Source, DetailType and Detail (eb-putevent-size.html).
        int size = 14 + utf8(SOURCE) + utf8(n.kind().name()) + utf8(body);
        if (size > MAX_BYTES) {
            return new Sent(NotificationTarget.EVENTS, false, "EventBridge entry of " + size + " bytes is over "
                    + MAX_BYTES);
        }
        String problem = null;
        long start = System.nanoTime();
        for (int call = 1; call <= PUT_EVENTS_CALLS; call++) {
            // Both calls share one budget, so that EventBridge never costs more than NOTIFY_CALL_TIMEOUT.
            java.time.Duration left = Clients.NOTIFY_CALL_TIMEOUT.minusNanos(System.nanoTime() - start);
            if (call > 1 && left.compareTo(SECOND_CALL_AT_LEAST) < 0) {
                break;
            }
            PutEventsResponse response;
            try {
                response = events.putEvents(p -> p.entries(entry)
                        .overrideConfiguration(o -> o.apiCallTimeout(left)));
            } catch (SdkException e) {
                return new Sent(NotificationTarget.EVENTS, false, "EventBridge PutEvents failed: " + why(e));
            }
            // A 200 answer may still carry a failed entry: FailedEntryCount and the entry's ErrorCode say so.
            // https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html
            Integer failedCount = response.failedEntryCount();
            PutEventsResultEntry result = response.entries().isEmpty() ? null : response.entries().getFirst();
            boolean failed = (failedCount != null && failedCount > 0) || result == null || result.errorCode() != null;
            if (!failed) {
                return new Sent(NotificationTarget.EVENTS, true, null);
            }
            String code = result == null ? null : result.errorCode();
            problem = "EventBridge PutEvents entry failed: " + (code == null ? "no entry result" : code)
                    + (result == null || result.errorMessage() == null ? ""
                    : " (" + InventoryBuilder.truncate(result.errorMessage(), 200) + ")")
                    + (call > 1 ? " on call " + call + " of " + PUT_EVENTS_CALLS : "");
            if (code == null || !RETRYABLE_ENTRY.contains(code)) {
                break;
            }
        }
        return new Sent(NotificationTarget.EVENTS, false, problem);
    }

    /** The error code and HTTP status of a service error, the class of any other (a timeout, an I/O error). */
    private static String why(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode() + " (HTTP " + service.statusCode() + ")";
        }
        return e.getClass().getSimpleName();
    }

    private static int utf8(String s) {
        return s == null ? 0 : s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}
