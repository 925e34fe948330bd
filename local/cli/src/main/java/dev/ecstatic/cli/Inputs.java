package dev.ecstatic.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The execution input (DESIGN §3, docs/payloads.md) as options: shared by {@code simulate},
 * {@code run} and {@code start}. Either the fields one by one, or the whole input with
 * {@code --input}.
 */
public final class Inputs {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectReader STRICT = JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Option(names = "--cluster", paramLabel = "C", description = "A cluster name or ARN; repeat for several. Default: every cluster.")
    List<String> clusters;

    @Option(names = "--dry-run", description = "Assess and report; never call UpdateContainerAgent.")
    boolean dryRun;

    @Option(names = "--max-updates", paramLabel = "N", description = "Agents updated per cluster in each execution (1-100).")
    Integer maxUpdates;

    @Option(names = "--input", paramLabel = "JSON|@FILE",
            description = "The whole execution input, as JSON or @file (instead of --cluster, --dry-run, --max-updates); "
                    + "it goes to the state machine as given, which validates it.")
    String input;

    /** The execution input with only the fields that were given: the rest default to the template's parameters. */
    public String executionInput(CommandLine commandLine) {
        if (input != null) {
            if (clusters != null || dryRun || maxUpdates != null) {
                throw new CommandLine.ParameterException(commandLine,
                        "--input is the whole execution input: give it, or --cluster/--dry-run/--max-updates, not both");
            }
            return given(commandLine);
        }
        if (maxUpdates != null && (maxUpdates < 1 || maxUpdates > 100)) {
            throw new CommandLine.ParameterException(commandLine, "--max-updates must be between 1 and 100, was " + maxUpdates);
        }
        ObjectNode node = JSON.createObjectNode();
        if (clusters != null && !clusters.isEmpty()) {
            clusters.forEach(node.putArray("clusters")::add);
        }
        if (dryRun) {
            node.put("dryRun", true);
        }
        if (maxUpdates != null) {
            node.put("maxUpdatesPerCluster", maxUpdates);
        }
        return node.toString();
    }

    /** {@code --input}'s JSON, read from the file after an {@code @}; compacted so that it reads as AWS would store it. */
    private String given(CommandLine commandLine) {
        String text = input;
        String source = "--input";
        if (input.startsWith("@")) {
            Path file = Path.of(input.substring(1));
            source = "--input " + input;
            try {
                text = Files.readString(file);
            } catch (NoSuchFileException e) {
                throw new CommandLine.ParameterException(commandLine, source + ": no such file");
            } catch (IOException e) {
                throw new CommandLine.ParameterException(commandLine, source + ": cannot read it (" + e.getMessage() + ")");
            }
        }
        if (text.isBlank()) {
            throw new CommandLine.ParameterException(commandLine, source + " is empty: give a JSON value, e.g. '{}'");
        }
        try {
            return STRICT.readTree(text).toString();
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            // Jackson's message may carry a second line and a "(start marker at [Source: ...])" aside: the first clause says it.
            String what = e.getOriginalMessage().lines().findFirst().orElse("").replaceAll("\\s*\\(start marker at .*$", "");
            throw new CommandLine.ParameterException(commandLine, source + " is not JSON: " + what + where);
        }
    }
}
