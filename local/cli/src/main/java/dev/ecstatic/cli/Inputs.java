package dev.ecstatic.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The execution input (DESIGN §3, docs/payloads.md) as options: shared by {@code simulate},
 * {@code run} and {@code start}.
 */
public final class Inputs {

    @Option(names = "--cluster", paramLabel = "C", description = "A cluster name or ARN; repeat for several. Default: every cluster.")
    List<String> clusters;

    @Option(names = "--dry-run", description = "Assess and report; never call UpdateContainerAgent.")
    boolean dryRun;

    @Option(names = "--max-updates", paramLabel = "N", description = "Agents updated per cluster in each execution (1-100).")
    Integer maxUpdates;

    /** The execution input with only the fields that were given: the rest default to the template's parameters. */
    public String executionInput(CommandLine commandLine) {
        if (maxUpdates != null && (maxUpdates < 1 || maxUpdates > 100)) {
            throw new CommandLine.ParameterException(commandLine, "--max-updates must be between 1 and 100, was " + maxUpdates);
        }
        ObjectNode input = new ObjectMapper().createObjectNode();
        if (clusters != null && !clusters.isEmpty()) {
            clusters.forEach(input.putArray("clusters")::add);
        }
        if (dryRun) {
            input.put("dryRun", true);
        }
        if (maxUpdates != null) {
            input.put("maxUpdatesPerCluster", maxUpdates);
        }
        return input.toString();
    }
}
