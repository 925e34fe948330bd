package dev.ecstatic.functions.model;

/** What a Notify message is about. */
public enum NotificationKind {
    UPDATE_STARTED, AGENTS_DISCONNECTED, UPDATE_FAILED, ERROR
}
