package dev.ecstatic.functions.model;

/**
 * Where a notification goes: the Slack-compatible webhook (or, without one, the log), an SNS topic
 * (template parameter NotificationTopicArn), an EventBridge bus (EventBusName). The memory tracks what
 * each was last told on its own (docs/memory.md), so that one target's failure is retried for it alone.
 */
public enum NotificationTarget {
    WEBHOOK, SNS, EVENTS
}
