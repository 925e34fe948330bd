package dev.ecstatic.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
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

    @Option(names = "--cluster", paramLabel = "C", description = "A cluster name or ARN; repeat for several. Default: every "
            + "cluster. After a --target: a cluster of that target.")
    List<String> clusters;

    @Option(names = "--target", paramLabel = "ACCOUNT/REGION",
            description = "An account and region to visit (one of the deployment's Accounts x Regions), e.g. "
                    + "222233334444/eu-west-1; repeat for several. The --cluster options after it name its clusters "
                    + "(none: all of them).")
    List<String> targets;

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
            if (clusters != null || targets != null || dryRun || maxUpdates != null) {
                throw new CommandLine.ParameterException(commandLine,
                        "--input is the whole execution input: give it, or --target/--cluster/--dry-run/--max-updates, not both");
            }
            return given(commandLine);
        }
        if (maxUpdates != null && (maxUpdates < 1 || maxUpdates > 100)) {
            throw new CommandLine.ParameterException(commandLine, "--max-updates must be between 1 and 100, was " + maxUpdates);
        }
        ObjectNode node = JSON.createObjectNode();
        if (targets != null && !targets.isEmpty()) {
            ArrayNode array = node.putArray("targets");
            targets(commandLine).forEach((target, names) -> {
                ObjectNode t = array.addObject().put("account", target.account()).put("region", target.region());
                if (!names.isEmpty()) {
                    names.forEach(t.putArray("clusters")::add);
                }
            });
        } else if (clusters != null && !clusters.isEmpty()) {
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

    /** An account and region as {@code --target} names it. */
    record Target(String account, String region) {
        // Region names as AWS forms them: a partition prefix, a direction, a number (us-east-1,
        // us-gov-west-1, cn-north-1, eu-central-2, us-isob-east-1).
        private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
        private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

        /** The target {@code ACCOUNT/REGION} names, or a usage error that says what is wrong with it. */
        static Target parse(String given, CommandLine commandLine) {
            String[] parts = given.split("/", -1);
            if (parts.length != 2) {
                throw new CommandLine.ParameterException(commandLine, "--target " + given
                        + ": give ACCOUNT/REGION, e.g. 222233334444/eu-west-1");
            }
            if (!ACCOUNT.matcher(parts[0]).matches()) {
                throw new CommandLine.ParameterException(commandLine, "--target " + given
                        + ": the account must be 12 digits, was '" + parts[0] + "'");
            }
            if (!REGION.matcher(parts[1]).matches()) {
                throw new CommandLine.ParameterException(commandLine, "--target " + given + ": '" + parts[1]
                        + "' is not a region name (e.g. eu-west-1)");
            }
            return new Target(parts[0], parts[1]);
        }
    }

    /**
     * Each {@code --target} with the {@code --cluster} options that follow it, in command-line order: picocli
     * keeps each option's values apart, so the order comes from the parse result's sequence of matches.
     */
    private Map<Target, List<String>> targets(CommandLine commandLine) {
        Map<Target, List<String>> out = new LinkedHashMap<>();
        Iterator<String> targetValues = targets.iterator();
        Iterator<String> clusterValues = clusters == null ? Collections.emptyIterator() : clusters.iterator();
        List<String> current = null;
        for (CommandLine.Model.ArgSpec arg : commandLine.getParseResult().matchedArgs()) {
            if (!(arg instanceof CommandLine.Model.OptionSpec option)) {
                continue;
            }
            if (option.longestName().equals("--target")) {
                String given = targetValues.next();
                Target target = Target.parse(given, commandLine);
                if (out.containsKey(target)) {
                    throw new CommandLine.ParameterException(commandLine, "--target " + given
                            + " is given twice: give each target once, its clusters after it");
                }
                current = new ArrayList<>();
                out.put(target, current);
            } else if (option.longestName().equals("--cluster")) {
                String cluster = clusterValues.next();
                if (current == null) {
                    throw new CommandLine.ParameterException(commandLine, "--cluster " + cluster
                            + " comes before any --target: with --target, give each target's clusters after it");
                }
                current.add(cluster);
            }
        }
        return out;
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
