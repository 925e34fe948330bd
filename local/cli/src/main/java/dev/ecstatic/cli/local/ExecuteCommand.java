package dev.ecstatic.cli.local;

import dev.ecstatic.asl.DefinitionException;
import dev.ecstatic.asl.Engine;
import dev.ecstatic.asl.EngineClock;
import dev.ecstatic.asl.Execution;
import dev.ecstatic.asl.ExecutionStatus;
import dev.ecstatic.asl.MockConfig;
import dev.ecstatic.asl.SimulatedClock;
import dev.ecstatic.asl.StateMachine;
import dev.ecstatic.asl.TaskFailedException;
import dev.ecstatic.cli.integrations.AwsIntegrations;
import dev.ecstatic.cli.integrations.EmbeddedSimulator;
import dev.ecstatic.cli.integrations.Setup;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ecstatic execute}: run any state machine (JSONata or JSONPath) with the local engine; with
 * {@code --setup}, its DynamoDB and S3 Tasks and its Distributed Maps' ItemReader and ResultWriter
 * call a simulator holding the setup's tables and objects.
 */
@Command(name = "execute", mixinStandardHelpOptions = true,
        description = {"Run any ASL definition (JSONata or JSONPath) with the local engine and print its output JSON.",
                "Exit 0 if the execution succeeded, 2 if it failed (error and cause on stderr), 1 if it could not run "
                        + "(bad arguments, definition or setup).",
                "Task states get their results from --mock-config (Step Functions Local's MockConfigFile format), or, "
                        + "with --setup, call DynamoDB (arn:aws:states:::dynamodb:getItem|putItem|updateItem|deleteItem), "
                        + "the AWS SDK integrations (arn:aws:states:::aws-sdk:dynamodb|s3|ecs|ssm:<action>) and S3 "
                        + "(ItemReader, ResultWriter) of a simulator started for the run, holding the file's tables and "
                        + "objects; nothing is sent to AWS."})
public final class ExecuteCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "DEFINITION", description = "The state machine definition (JSON).")
    Path definition;

    @Option(names = "--input", paramLabel = "JSON", defaultValue = "{}", description = "Execution input (default: {}).")
    String input;

    @Option(names = "--mock-config", paramLabel = "FILE", description = "MockConfigFile with the tasks' mocked responses.")
    Path mockConfig;

    @Option(names = "--test-case", paramLabel = "NAME", description = "The mock config's test case to use.")
    String testCase;

    @Option(names = "--state-machine-name", paramLabel = "NAME",
            description = "The mock config's state machine entry (default: the definition file's name without extension).")
    String stateMachineName;

    @Option(names = "--real-time", description = "Wait for real: by default Waits and retry intervals take no time.")
    boolean realTime;

    @Option(names = "--setup", paramLabel = "FILE", description = "DynamoDB tables with items and S3 objects to run "
            + "against, in the integration recordings' setup format: {\"dynamodb\": [{\"table\", \"keySchema\", "
            + "\"attributeDefinitions\", \"items\"}], \"s3\": [{\"bucket\", \"key\", \"body\"}]}.")
    Path setupFile;

    @Option(names = "--bucket", paramLabel = "NAME", description = "An empty S3 bucket in the simulator, besides "
            + "--setup's (repeatable): where a ResultWriter or an s3:putObject Task may write, e.g. a runs bucket.")
    List<String> buckets = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if ((mockConfig == null) != (testCase == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--mock-config and --test-case go together");
        }
        try {
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(input);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--input is not JSON: "
                    + e.getOriginalMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String json = Files.readString(definition);
        String name = stateMachineName != null ? stateMachineName
                : definition.getFileName().toString().replaceFirst("(\\.asl)?\\.json$", "");
        EngineClock clock = realTime ? EngineClock.system() : SimulatedClock.startingNow();
        Engine.Builder builder = Engine.builder().clock(clock).stateMachineName(name)
                .taskInvoker(request -> {
                    throw new TaskFailedException("States.TaskFailed", "state \"" + request.stateName()
                            + "\" has no mocked response" + (mockConfig == null ? " (no --mock-config given)" : " in test case "
                            + testCase) + ", and execute calls no real " + request.resource()
                            + (setupFile == null ? " (--setup runs DynamoDB, S3, ECS and SSM calls against a simulator)" : ""));
                });
        if (mockConfig != null) {
            builder.mockConfig(MockConfig.parse(Files.readString(mockConfig)), name, testCase);
        }
        Execution execution;
        if (setupFile == null && buckets.isEmpty()) {
            StateMachine machine = parsed(() -> StateMachine.parse(json), err);
            if (machine == null) {
                return 1;
            }
            execution = builder.build().run(machine, executionName(), input);
        } else {
            Setup given = setupFile == null ? new Setup(List.of(), List.of(), List.of(), List.of())
                    : Setup.parse(Files.readString(setupFile), setupFile.toString());
            Setup setup = given.withBuckets(buckets);
            String source = setupFile == null ? "execute" : setupFile.toString();
            try (EmbeddedSimulator simulator = EmbeddedSimulator.start(setup, source, clock.asJavaClock());
                 AwsIntegrations integrations = new AwsIntegrations(EmbeddedSimulator.REGION)) {
                Engine engine = integrations.plugInto(builder).region(EmbeddedSimulator.REGION)
                        .accountId(EmbeddedSimulator.ACCOUNT_ID).build();
                StateMachine machine = parsed(() -> engine.parse(json), err);
                if (machine == null) {
                    return 1;
                }
                execution = engine.run(machine, executionName(), input);
            }
        }
        if (execution.status() == ExecutionStatus.SUCCEEDED) {
            out.println(execution.output());
            out.flush();
            return 0;
        }
        err.println("status: " + execution.status());
        err.println("error: " + execution.error());
        err.println("cause: " + execution.cause());
        err.flush();
        return 2;
    }

    /** A definition parsed and validated, or null when it is not valid (every problem printed). */
    private StateMachine parsed(Parse parse, PrintWriter err) {
        try {
            return parse.run();
        } catch (DefinitionException e) {
            err.println(definition + " is not a valid state machine:");
            e.getProblems().forEach(p -> err.println("  " + p));
            err.flush();
            return null;
        }
    }

    private static String executionName() {
        return "execute-" + System.currentTimeMillis();
    }

    @FunctionalInterface
    private interface Parse {
        StateMachine run() throws DefinitionException;
    }
}
