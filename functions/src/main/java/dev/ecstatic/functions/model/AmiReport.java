package dev.ecstatic.functions.model;

import java.util.List;

/** Placeholder of the lead's branch: the "see" branch's AmiReport replaces it at the merge. */
public record AmiReport(List<ReplaceCandidate> replaceable) {
    public AmiReport {
        replaceable = Lists.copy(replaceable);
    }
}
