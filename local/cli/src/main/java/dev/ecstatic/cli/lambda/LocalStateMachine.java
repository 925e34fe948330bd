package dev.ecstatic.cli.lambda;

import dev.ecstatic.asl.DefinitionException;
import dev.ecstatic.asl.StateMachine;
import dev.ecstatic.cli.wiring.TemplateWiring;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The deployed stack, in this process: template.yaml's wiring, its Lambdas (each with its own
 * environment) and the state machine with its placeholders substituted. {@code simulate} and
 * {@code run} start from here.
 */
public record LocalStateMachine(TemplateWiring wiring, LocalLambdas lambdas, StateMachine machine) {

    /**
     * @param parameters template parameters, as {@code sam deploy --parameter-overrides} gives them
     * @param region     the region the functions run in (their {@code AWS_REGION})
     * @param accountId  the account of the local functions' ARNs
     * @param logSink    receives every line the handlers log
     */
    public static LocalStateMachine load(Path home, Map<String, String> parameters, String region, String accountId,
                                         Consumer<String> logSink) throws IOException {
        return load(home, parameters, Map.of(), region, accountId, logSink);
    }

    /** As above, with the physical names of the template's tables by logical id (a deployed stack's). */
    public static LocalStateMachine load(Path home, Map<String, String> parameters, Map<String, String> tableNames,
                                         String region, String accountId, Consumer<String> logSink) throws IOException {
        return load(home, parameters, tableNames, region, accountId, logSink, java.time.Clock.systemUTC());
    }

    /** As above, the handlers that read a clock reading {@code clock} (a simulation's). */
    public static LocalStateMachine load(Path home, Map<String, String> parameters, Map<String, String> tableNames,
                                         String region, String accountId, Consumer<String> logSink,
                                         java.time.Clock clock) throws IOException {
        TemplateWiring wiring = TemplateWiring.load(home.resolve("template.yaml"), region, accountId, parameters,
                tableNames);
        LocalLambdas lambdas = new LocalLambdas(wiring.functions(), Map.of("AWS_REGION", region), logSink, clock);
        try {
            return new LocalStateMachine(wiring, lambdas, StateMachine.parse(wiring.definition()));
        } catch (DefinitionException e) {
            throw new IllegalStateException(wiring.definitionFile() + " is not a valid state machine:\n"
                    + e.getMessage(), e);
        }
    }
}
