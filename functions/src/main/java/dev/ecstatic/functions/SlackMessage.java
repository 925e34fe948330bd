package dev.ecstatic.functions;

import dev.ecstatic.functions.model.InstanceRef;
import dev.ecstatic.functions.model.NotifyRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A Slack incoming-webhook message: {@code text} (the notification fallback) plus Block Kit
 * {@code blocks} (https://api.slack.com/reference/block-kit/blocks). Lengths stay under Block Kit's
 * limits (header 150, section text 3000, field 2000 characters).
 */
final class SlackMessage {
    private SlackMessage() {
    }

    static String title(NotifyRequest event) {
        return switch (event.kind()) {
            case UPDATE_STARTED -> "ECS agent update started";
            case AGENTS_DISCONNECTED -> "ECS agents disconnected, cluster not updated";
            case UPDATE_FAILED -> "ECS agent update failed, cluster not updated";
            case UPDATE_STUCK -> "ECS agent update stuck, cluster not updated";
            case ERROR -> "ecs".equals(arnPart(event.cluster().arn(), 2)) ? "ecstatic could not check this cluster"
                    : "ecstatic could not finish this run";
            case RESOLVED -> "Resolved";
            case CANNOT_UPDATE -> "ECS agents ecstatic cannot update";
            case DIGEST -> "ecstatic daily digest";
            case REPLACEMENT_STARTED -> "Instance replacement started: draining";
            case REPLACED -> "Instance replaced";
            case UNEXPECTED_AMI -> "Instance replaced with an unexpected AMI, group left alone";
            case REPLACE_TIMEOUT -> "Instance replacement timed out";
            case DRAIN_TIMEOUT -> "Drain timed out, instance ACTIVE again";
            case DRAIN_UNDONE -> "Drain undone, instance ACTIVE again";
        };
    }

    private static String emoji(NotifyRequest event) {
        return switch (event.kind()) {
            case UPDATE_STARTED -> ":arrows_counterclockwise:";
            case AGENTS_DISCONNECTED -> ":warning:";
            case UPDATE_FAILED -> ":x:";
            case UPDATE_STUCK -> ":hourglass:";
            case ERROR -> ":rotating_light:";
            case RESOLVED -> ":white_check_mark:";
            case CANNOT_UPDATE -> ":construction:";
            case DIGEST -> ":clipboard:";
            case REPLACEMENT_STARTED -> ":recycle:";
            case REPLACED -> ":white_check_mark:";
            case UNEXPECTED_AMI, REPLACE_TIMEOUT -> ":x:";
            case DRAIN_TIMEOUT, DRAIN_UNDONE -> ":leftwards_arrow_with_hook:";
        };
    }

    /** The message as a JSON-ready tree of maps and lists. */
    static Map<String, Object> build(NotifyRequest event, String region) {
        String cluster = event.cluster().name();
        String instances = event.instances().isEmpty() ? "none"
                : event.instances().stream().map(InstanceRef::label).collect(Collectors.joining(", "));
        String versions = event.instances().stream().map(InstanceRef::agentVersion)
                .filter(v -> v != null).distinct().collect(Collectors.joining(", "));
        String details = event.details() == null ? "" : event.details();

        Map<String, Object> message = new LinkedHashMap<>();
        // The notification line: "prod-web: ECS agent update started (i-0abc… 1.86.3). Details."
        message.put("text", clip(escape(cluster + ": " + title(event)
                + (event.instances().isEmpty() ? "" : " (" + instances + ")")
                + (details.isEmpty() ? "" : ". " + details)), 3000));
        List<Object> blocks = new ArrayList<>();
        blocks.add(Map.of("type", "header", "text",
                Map.of("type", "plain_text", "text", clip(title(event), 150), "emoji", true)));
        List<Object> fields = new ArrayList<>();
        fields.add(mrkdwn("*Cluster*\n" + escape(cluster)));
        fields.add(mrkdwn("*Instances*\n" + clip(escape(instances), 1900)));
        if (!versions.isEmpty()) {
            fields.add(mrkdwn("*Agent versions*\n" + clip(escape(versions), 1900)));
        }
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("type", "section");
        section.put("text", mrkdwn(emoji(event) + " " + clip(escape(details.isEmpty() ? title(event) : details), 2900)));
        section.put("fields", fields);
        blocks.add(section);
        List<String> links = links(event, region);
        if (!links.isEmpty()) {
            blocks.add(Map.of("type", "context", "elements", links.stream().map(SlackMessage::mrkdwn).toList()));
        }
        message.put("blocks", blocks);
        return message;
    }

    private static List<String> links(NotifyRequest event, String configuredRegion) {
        String region = configuredRegion != null ? configuredRegion : arnPart(event.cluster().arn(), 3);
        if (region == null) {
            region = arnPart(event.executionId(), 3);
        }
        List<String> links = new ArrayList<>();
        if (region == null) {
            return links;
        }
        String console = "https://" + region + "." + consoleDomain(event.cluster().arn());
        if (event.executionId() != null && event.executionId().startsWith("arn:")) {
            links.add("<" + console + "/states/home?region=" + region + "#/v2/executions/details/"
                    + event.executionId() + "|Execution>");
        }
        if ("ecs".equals(arnPart(event.cluster().arn(), 2))) {
            // Not for a message about the run itself, whose "cluster" is the execution.
            links.add("<" + console + "/ecs/v2/clusters/" + URLEncoder.encode(event.cluster().name(), StandardCharsets.UTF_8)
                    + "?region=" + region + "|Cluster " + escape(event.cluster().name()) + " in the ECS console>");
        }
        return links;
    }

    /** The console's domain for the ARN's partition. */
    private static String consoleDomain(String arn) {
        String partition = arnPart(arn, 1);
        if ("aws-cn".equals(partition)) {
            return "console.amazonaws.cn";
        }
        if ("aws-us-gov".equals(partition)) {
            return "console.amazonaws-us-gov.com";
        }
        return "console.aws.amazon.com";
    }

    private static String arnPart(String arn, int index) {
        if (arn == null || !arn.startsWith("arn:")) {
            return null;
        }
        String[] parts = arn.split(":", 6);
        return parts.length > index && !parts[index].isEmpty() ? parts[index] : null;
    }

    private static Map<String, Object> mrkdwn(String text) {
        return Map.of("type", "mrkdwn", "text", text);
    }

    /** Slack mrkdwn treats &, < and > as control characters. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
