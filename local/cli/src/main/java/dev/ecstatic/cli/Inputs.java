package dev.ecstatic.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The execution input the CLI's options stand for (docs/payloads.md, DESIGN §3). */
public final class Inputs {

    private Inputs() {}

    /** Only the fields that were given: the rest default to the template's parameters. */
    public static String executionInput(List<String> clusters, boolean dryRun, Integer maxUpdates) {
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
