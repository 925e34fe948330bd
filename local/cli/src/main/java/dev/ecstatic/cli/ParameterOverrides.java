package dev.ecstatic.cli;

import dev.ecstatic.cli.wiring.TemplateParameter;
import dev.ecstatic.cli.wiring.TemplateWiring;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --parameter KEY=VALUE}: template parameters as {@code sam deploy --parameter-overrides}
 * gives them, checked against template.yaml's constraints (AllowedValues, MinValue, MaxValue,
 * AllowedPattern, lengths, Type Number) before anything runs. Shared by {@code simulate} and
 * {@code run}, as is {@code --replace MODE}, the same as {@code --parameter ReplaceInstances=MODE}.
 */
public final class ParameterOverrides {
    /** {@code --replace MODE} is this parameter: the mode the stack would be deployed with. */
    static final String REPLACE_PARAMETER = "ReplaceInstances";

    @Option(names = "--parameter", paramLabel = "KEY=VALUE",
            description = "A template parameter, as sam deploy's --parameter-overrides (repeatable), "
                    + "checked against template.yaml's constraints.")
    Map<String, String> parameters = new LinkedHashMap<>();

    @Option(names = "--replace", paramLabel = "MODE",
            description = "never, unupdatable or drifted: which instances may be drained and replaced through their "
                    + "Auto Scaling group (the ReplaceInstances parameter; default: the template's, never).")
    String replace;

    /** The values given, each allowed by the template; otherwise a usage error naming the parameter. */
    public Map<String, String> checked(CommandLine commandLine, Path home) throws IOException {
        Map<String, TemplateParameter> declared = TemplateWiring.declaredParameters(home.resolve("template.yaml"));
        Map<String, String> all = new LinkedHashMap<>(parameters);
        if (replace != null) {
            String given = all.get(REPLACE_PARAMETER);
            if (given != null && !given.equals(replace)) {
                throw new CommandLine.ParameterException(commandLine, "--replace " + replace + " and --parameter "
                        + REPLACE_PARAMETER + "=" + given + " disagree: give one of them");
            }
            TemplateParameter parameter = declared.get(REPLACE_PARAMETER);
            if (parameter == null) {
                throw new CommandLine.ParameterException(commandLine, "--replace: template.yaml has no "
                        + REPLACE_PARAMETER + " parameter");
            }
            String problem = parameter.problem(replace);
            if (problem != null) {
                throw new CommandLine.ParameterException(commandLine, "--replace: " + REPLACE_PARAMETER + " "
                        + problem);
            }
            all.put(REPLACE_PARAMETER, replace);
        }
        for (Map.Entry<String, String> given : all.entrySet()) {
            TemplateParameter parameter = declared.get(given.getKey());
            if (parameter == null) {
                throw new CommandLine.ParameterException(commandLine, "--parameter " + given.getKey()
                        + ": template.yaml has no such parameter (it has " + String.join(", ", declared.keySet()) + ")");
            }
            String problem = parameter.problem(given.getValue());
            if (problem != null) {
                throw new CommandLine.ParameterException(commandLine, "--parameter " + given.getKey() + ": " + problem);
            }
        }
        return Map.copyOf(all);
    }
}
