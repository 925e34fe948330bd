package dev.ecstatic.asl;

import java.time.Instant;

/**
 * One Map Run of a Distributed Map, as DescribeMapRun reports it once it ended.
 *
 * @param arn the Map Run's ARN
 * @param executionArn the execution whose Map state started it
 * @param status SUCCEEDED, FAILED or ABORTED
 * @param startDate when it started
 * @param stopDate when it ended
 * @param maxConcurrency the MaxConcurrency it ran with (0: no limit but AWS's)
 * @param toleratedFailureCount ToleratedFailureCount (0 when not given)
 * @param toleratedFailurePercentage ToleratedFailurePercentage (0 when not given)
 * @param itemCounts the items, by the state of the child execution that processed them
 * @param executionCounts the child executions, by state (with an ItemBatcher, one per batch)
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeMapRun.html">DescribeMapRun</a>
 */
public record MapRun(String arn, String executionArn, String status, Instant startDate, Instant stopDate,
        long maxConcurrency, long toleratedFailureCount, double toleratedFailurePercentage, Counts itemCounts,
        Counts executionCounts) {

    /**
     * Counts as MapRunItemCounts and MapRunExecutionCounts give them.
     *
     * @param pending not started (the Map Run failed or was aborted first)
     * @param running running (0 once the Map Run ended)
     * @param succeeded succeeded
     * @param failed failed
     * @param timedOut timed out
     * @param aborted stopped because the Map Run failed or was aborted
     * @param total all of them
     * @param resultsWritten those whose results a ResultWriter wrote
     * @see <a href="https://docs.aws.amazon.com/step-functions/latest/apireference/API_MapRunExecutionCounts.html">MapRunExecutionCounts</a>
     */
    public record Counts(long pending, long running, long succeeded, long failed, long timedOut, long aborted,
            long total, long resultsWritten) {}
}
