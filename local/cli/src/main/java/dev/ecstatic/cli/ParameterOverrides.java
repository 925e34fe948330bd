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
 * {@code run}.
 */
public final class ParameterOverrides {

    @Option(names = "--parameter", paramLabel = "KEY=VALUE",
            description = "A template parameter, as sam deploy's --parameter-overrides (repeatable), "
                    + "checked against template.yaml's constraints.")
    Map<String, String> parameters = new LinkedHashMap<>();

    /** The values given, each allowed by the template; otherwise a usage error naming the parameter. */
    public Map<String, String> checked(CommandLine commandLine, Path home) throws IOException {
        Map<String, TemplateParameter> declared = TemplateWiring.declaredParameters(home.resolve("template.yaml"));
        for (Map.Entry<String, String> given : parameters.entrySet()) {
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
        return Map.copyOf(parameters);
    }
}
