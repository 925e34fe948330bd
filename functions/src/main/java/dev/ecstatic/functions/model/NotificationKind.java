package dev.ecstatic.functions.model;

/**
 * What a message is about. AGENTS_DISCONNECTED, UPDATE_FAILED, UPDATE_STUCK and ERROR are problems
 * the memory tracks (alerted once, reminded, RESOLVED when gone); CANNOT_UPDATE names instances
 * ecstatic cannot bring current (said when the set first appears or grows, then in the DIGEST).
 */
public enum NotificationKind {
    UPDATE_STARTED, AGENTS_DISCONNECTED, UPDATE_FAILED, UPDATE_STUCK, ERROR, RESOLVED, CANNOT_UPDATE, DIGEST
}
