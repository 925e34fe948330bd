package dev.ecstatic.functions;

import dev.ecstatic.functions.model.Cluster;
import dev.ecstatic.functions.model.InstanceRef;
import dev.ecstatic.functions.model.NotificationKind;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One notification, as every target gets it: the webhook its Slack-compatible {@code message} (text and
 * blocks), SNS and EventBridge the same JSON {@link #record(Instant)} (docs/payloads.md, "SNS message and
 * EventBridge event"). {@code cluster} is null for a fleet-wide message (the daily digest); {@code logFields}
 * are what the log lines about it add (never the webhook URL).
 */
record Notification(NotificationKind kind, Cluster cluster, List<InstanceRef> instances, String details,
                    boolean reminder, String executionId, Map<String, Object> message,
                    Map<String, Object> logFields) {
    /** Longest {@code details} a record carries: with at most 20 instances the record stays far below 256 KB. */
    static final int MAX_DETAILS = 4_000;
    /**
     * SNS: "Subjects must be ASCII text that begins with a letter, number, or punctuation mark; must not include
     * line breaks or control characters; and must be less than 100 characters long."
     * https://docs.aws.amazon.com/sns/latest/api/API_Publish.html
     */
    static final int MAX_SUBJECT = 99;

    Notification {
        Objects.requireNonNull(kind, "kind");
        instances = List.copyOf(instances);
        message = Map.copyOf(message);
        logFields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(logFields));
    }

    /**
     * The record SNS and EventBridge carry (absent values left out): {@code kind}, {@code reminder},
     * {@code cluster}, {@code clusterArn}, {@code account}, {@code region}, {@code instances} (each
     * {@code containerInstanceArn}, {@code ec2InstanceId}, {@code agentVersion}, {@code platform}, {@code reason}),
     * {@code details}, {@code text} (the webhook message's line), {@code execution} and {@code time}.
     */
    Map<String, Object> record(Instant time) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("kind", kind.name());
        r.put("reminder", reminder);
        if (cluster != null) {
            r.put("cluster", cluster.name());
            r.put("clusterArn", cluster.arn());
            putIfPresent(r, "account", cluster.account());
            putIfPresent(r, "region", cluster.region());
        }
        r.put("instances", instances.stream().map(Notification::instance).toList());
        putIfPresent(r, "details", details == null ? null : Outcomes.clip(details, MAX_DETAILS));
        putIfPresent(r, "text", message.get("text") instanceof String text ? text : null);
        putIfPresent(r, "execution", executionId);
        r.put("time", time.toString());
        return r;
    }

    private static Map<String, Object> instance(InstanceRef ref) {
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("containerInstanceArn", ref.containerInstanceId());
        putIfPresent(i, "ec2InstanceId", ref.ec2InstanceId());
        putIfPresent(i, "agentVersion", ref.agentVersion());
        putIfPresent(i, "platform", ref.platform());
        putIfPresent(i, "reason", ref.reason());
        return i;
    }

    private static void putIfPresent(Map<String, Object> map, String key, String value) {
        if (value != null && !value.isEmpty()) {
            map.put(key, value);
        }
    }

    /**
     * The SNS Subject: "ecstatic KIND[ reminder]: CLUSTER" ("ecstatic DIGEST" for the fleet), printable ASCII
     * only (a control character or line break becomes a space, any other character '?'), cut to
     * {@value #MAX_SUBJECT} characters with "..." when longer: a cluster's name may be 255 characters long.
     */
    String subject() {
        String raw = "ecstatic " + kind.name() + (reminder ? " reminder" : "")
                + (cluster == null ? "" : ": " + cluster.name());
        StringBuilder ascii = new StringBuilder(raw.length());
        raw.codePoints().forEach(c -> ascii.append(c < 0x20 || c == 0x7f ? ' ' : c > 0x7e ? '?' : (char) c));
        String subject = ascii.toString().strip();
        return subject.length() <= MAX_SUBJECT ? subject : subject.substring(0, MAX_SUBJECT - 3) + "...";
    }
}
