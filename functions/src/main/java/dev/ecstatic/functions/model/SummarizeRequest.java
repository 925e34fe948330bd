package dev.ecstatic.functions.model;

/**
 * What "Summarize the results" sends: the manifest the Map's ResultWriter wrote, the execution's name
 * (the run's objects are under {@code runs/<executionName>/}), how many clusters List clusters left out,
 * and the state's entered time.
 */
public record SummarizeRequest(ObjectLocation manifest, String executionName, int excludedCount, String now) {
    public SummarizeRequest {
        if (manifest == null) {
            throw new IllegalArgumentException("manifest is required ({\"bucket\", \"key\"} of the Map's ResultWriterDetails)");
        }
        executionName = Run.validName(executionName, "executionName");
        if (excludedCount < 0) {
            throw new IllegalArgumentException("excludedCount must not be negative, was " + excludedCount);
        }
    }

    /** The run this request summarizes. */
    public Run run() {
        return new Run(executionName);
    }
}
