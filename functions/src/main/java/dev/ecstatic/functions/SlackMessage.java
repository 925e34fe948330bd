package dev.ecstatic.functions;

import dev.ecstatic.functions.model.Cluster;
import dev.ecstatic.functions.model.InstanceRef;
import dev.ecstatic.functions.model.NotificationKind;
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
 *
 * <p>Every message names the account and region it is about, from the cluster's ARN (for a message
 * about the run itself, whose "cluster" is the execution, the execution's): one deployment visits
 * many targets, and a cluster name alone may be in several. A target's stand-in ({@link Cluster#TARGET},
 * a target whose clusters could not be listed) reads as a target: its title names the account and
 * region, its detail why it could not be reached, and it links no cluster.
 */
final class SlackMessage {
    private SlackMessage() {
    }

    static String title(NotifyRequest event) {
        if (event.kind() == NotificationKind.ERROR && isTarget(event.cluster())) {
            return "ecstatic cannot reach account " + orUnknown(event.cluster().account()) + " in "
                    + orUnknown(event.cluster().region());
        }
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

    /**
     * The message as a JSON-ready tree of maps and lists. {@code configuredRegion} (the function's own,
     * AWS_REGION) only stands in for a region no ARN names.
     */
    static Map<String, Object> build(NotifyRequest event, String configuredRegion) {
        Cluster cluster = event.cluster();
        boolean target = isTarget(cluster);
        String instances = event.instances().isEmpty() ? "none"
                : event.instances().stream().map(InstanceRef::label).collect(Collectors.joining(", "));
        String versions = event.instances().stream().map(InstanceRef::agentVersion)
                .filter(v -> v != null).distinct().collect(Collectors.joining(", "));
        String details = details(event, target);
        String where = where(cluster);

        Map<String, Object> message = new LinkedHashMap<>();
        // The notification line: "prod-web: ECS agent update started [222233334444 · eu-west-1] (i-0abc… 1.86.3).
        // Details." The cluster's name stays first, up to the first ':', as readers of the text expect.
        String subject = target ? title(event) : cluster.name() + ": " + title(event)
                + (where == null ? "" : " [" + where + "]");
        message.put("text", clip(escape(subject + (event.instances().isEmpty() ? "" : " (" + instances + ")")
                + (details.isEmpty() ? "" : ". " + details)), 3000));
        List<Object> blocks = new ArrayList<>();
        blocks.add(Map.of("type", "header", "text",
                Map.of("type", "plain_text", "text", clip(title(event), 150), "emoji", true)));
        List<Object> fields = new ArrayList<>();
        if (target) {
            fields.add(mrkdwn("*Account*\n" + escape(orUnknown(cluster.account()))));
            fields.add(mrkdwn("*Region*\n" + escape(orUnknown(cluster.region()))));
        } else {
            fields.add(mrkdwn("*Cluster*\n" + escape(cluster.name())));
            fields.add(mrkdwn("*Instances*\n" + clip(escape(instances), 1900)));
            if (!versions.isEmpty()) {
                fields.add(mrkdwn("*Agent versions*\n" + clip(escape(versions), 1900)));
            }
        }
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("type", "section");
        section.put("text", mrkdwn(emoji(event) + " " + clip(escape(details.isEmpty() ? title(event) : details), 2900)));
        section.put("fields", fields);
        blocks.add(section);
        List<String> context = new ArrayList<>();
        if (where != null) {
            context.add("account " + escape(where));
        }
        context.addAll(links(event, configuredRegion, target));
        if (!context.isEmpty()) {
            blocks.add(Map.of("type", "context", "elements", context.stream().map(SlackMessage::mrkdwn).toList()));
        }
        message.put("blocks", blocks);
        return message;
    }

    /** A target's stand-in: the item of a target whose clusters could not be listed. */
    static boolean isTarget(Cluster cluster) {
        return cluster.unreachable() != null || Cluster.TARGET.equals(cluster.name());
    }

    /** "222233334444 · eu-west-1" from the ARN (a cluster's, or the execution's), or null if it names neither. */
    static String where(Cluster cluster) {
        String account = arnPart(cluster.arn(), 4);
        String region = arnPart(cluster.arn(), 3);
        if (account == null && region == null) {
            return null;
        }
        return orUnknown(account) + " · " + orUnknown(region);
    }

    /**
     * The event's details; for a target's stand-in, why it could not be reached first, then the error
     * (its cause) unless that already says it.
     */
    private static String details(NotifyRequest event, boolean target) {
        String details = event.details() == null ? "" : event.details();
        String why = target ? event.cluster().unreachable() : null;
        if (why == null || why.isBlank() || details.contains(why)) {
            return details;
        }
        return details.isEmpty() ? why : why + "\n" + details;
    }

    /**
     * The execution in its own region (the state machine's), the cluster in the cluster's (a target in
     * another region is reached there); a target's stand-in links that region's ECS console, as it has
     * no cluster to link.
     */
    private static List<String> links(NotifyRequest event, String configuredRegion, boolean target) {
        List<String> links = new ArrayList<>();
        String executionRegion = orElse(arnPart(event.executionId(), 3), configuredRegion);
        if (executionRegion != null && event.executionId() != null && event.executionId().startsWith("arn:")) {
            links.add("<https://" + executionRegion + "." + consoleDomain(event.executionId())
                    + "/states/home?region=" + executionRegion + "#/v2/executions/details/"
                    + event.executionId() + "|Execution>");
        }
        String arn = event.cluster().arn();
        // Not for a message about the run itself, whose "cluster" is the execution.
        String clusterRegion = "ecs".equals(arnPart(arn, 2)) ? orElse(arnPart(arn, 3), configuredRegion) : null;
        if (clusterRegion == null) {
            return links;
        }
        String ecs = "https://" + clusterRegion + "." + consoleDomain(arn) + "/ecs/v2/clusters";
        if (target) {
            links.add("<" + ecs + "?region=" + clusterRegion + "|ECS console in " + escape(clusterRegion) + ">");
        } else {
            links.add("<" + ecs + "/" + URLEncoder.encode(event.cluster().name(), StandardCharsets.UTF_8)
                    + "?region=" + clusterRegion + "|Cluster " + escape(event.cluster().name()) + " in the ECS console>");
        }
        return links;
    }

    private static String orUnknown(String part) {
        return part == null ? "(unknown)" : part;
    }

    private static String orElse(String value, String fallback) {
        return value != null ? value : fallback;
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
