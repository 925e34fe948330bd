package dev.ecstatic.cli;

import dev.ecstatic.cli.aws.StepFunctionsCommands;
import dev.ecstatic.cli.bench.BenchCommand;
import dev.ecstatic.cli.local.ExecuteCommand;
import dev.ecstatic.cli.local.RunCommand;
import dev.ecstatic.cli.local.SimulatorCommand;
import dev.ecstatic.cli.local.ValidateCommand;
import dev.ecstatic.cli.simulate.SimulateCommand;
import dev.ecstatic.cli.state.StateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ecstatic} command. */
@Command(name = "ecstatic", mixinStandardHelpOptions = true, version = "ecstatic 0.1.0",
        description = "Keeps the ECS container agents of every cluster up to date: try it locally, run it, follow it.",
        subcommands = {SimulateCommand.class, SimulatorCommand.class, RunCommand.class, StepFunctionsCommands.Start.class,
                StepFunctionsCommands.History.class, ExecuteCommand.class, ValidateCommand.class, StateCommand.class,
                BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with ecstatic's error handling: a problem is one clear message, not a stack trace. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        // "--input @file" names the execution input's file; picocli would otherwise read @file as
        // more command-line arguments.
        cli.setExpandAtFiles(false);
        // Exit codes: 0 done, 1 could not run (bad arguments, files or wiring), 2 an execution failed.
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine command = e.getCommandLine();
            // picocli names a map option "option '--x' (KEY=VALUE)" after its own "Value for option ".
            String message = String.valueOf(e.getMessage()).replace("for option option '", "for option '");
            command.getErr().println("ecstatic " + command.getCommandName() + ": " + message);
            command.getErr().println("(ecstatic " + command.getCommandName() + " --help lists the options)");
            command.getErr().flush();
            return 1;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("ecstatic " + commandLine.getCommandName() + ": " + message(e));
            commandLine.getErr().flush();
            return 1;
        });
        return cli;
    }

    /** The exception's message, then each cause's that adds something. */
    static String message(Throwable e) {
        StringBuilder out = new StringBuilder(describe(e));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            String more = describe(cause);
            if (!out.toString().contains(more)) {
                out.append("\n  caused by: ").append(more);
            }
        }
        return out.toString();
    }

    private static String describe(Throwable e) {
        if (e instanceof java.nio.file.NoSuchFileException missing) {
            return "no such file: " + missing.getFile();
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getName() : message;
    }
}
