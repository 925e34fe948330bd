package dev.ecstatic.functions.model;

/** The classes of DESIGN §4, in the order the classification tries them (first match wins). */
public enum InstanceClass {
    IGNORED, UPDATING, UPDATE_FAILED, DISCONNECTED, UNSUPPORTED, NOT_ACTIVE, CANDIDATE
}
