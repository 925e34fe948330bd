package dev.ecstatic.functions.model;

/** The steps of a replacement, one ReplaceInstance invocation each. */
public enum ReplaceStep {
    DRAIN, CHECK_DRAIN, UNDRAIN, TERMINATE, CHECK_REPLACEMENT
}
