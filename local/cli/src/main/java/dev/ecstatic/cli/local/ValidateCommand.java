package dev.ecstatic.cli.local;

import dev.ecstatic.cli.Home;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ecstatic validate}: the ASL and its wiring to template.yaml. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check statemachine/ecstatic.asl.json and its wiring to template.yaml; exit 0 if sound, 1 if not.")
public final class ValidateCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        WiringCheck.Result result = WiringCheck.check(Home.find());
        if (!result.ok()) {
            PrintWriter err = spec.commandLine().getErr();
            result.problems().forEach(p -> err.println("problem: " + p));
            err.flush();
            return 1;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("ok: %d states, %d Lambda tasks calling %s, %d DynamoDB tasks on %s%s; error classes %s resolve%n",
                result.states(), result.tasks(), result.functions(), result.tableTasks(), result.tables(),
                result.buckets().isEmpty() ? "" : ", Distributed Map items and results in " + result.buckets(),
                result.errorClasses());
        out.flush();
        return 0;
    }
}
