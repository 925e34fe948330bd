package dev.ecstatic.functions.model;

/** The step of a replacement the state machine asks "Replace instance" to take (issue 13, contract §3). */
public enum ReplaceStep {
    DRAIN, CHECK_DRAIN, UNDRAIN, TERMINATE, CHECK_REPLACEMENT
}
