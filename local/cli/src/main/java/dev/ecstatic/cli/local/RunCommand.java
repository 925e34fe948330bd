package dev.ecstatic.cli.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecstatic.asl.Engine;
import dev.ecstatic.asl.EngineClock;
import dev.ecstatic.asl.Execution;
import dev.ecstatic.asl.ExecutionStatus;
import dev.ecstatic.cli.Home;
import dev.ecstatic.cli.Inputs;
import dev.ecstatic.cli.lambda.LambdaTaskInvoker;
import dev.ecstatic.cli.lambda.LocalStateMachine;
import dev.ecstatic.cli.simulate.SimulationReport;
import dev.ecstatic.cli.simulate.TextReport;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * {@code ecstatic run}: the state machine and handlers in this process, against real AWS with the
 * default credential chain, like the original tool's command-line mode. Waits take real time.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the state machine locally against real AWS (default credential chain and region): "
                + "the same definition and handlers as the deployed stack, in this process.",
                "Webhook: ECSTATIC_WEBHOOK_URL if set. Exit 0 if the execution succeeded, 2 if not."})
public final class RunCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @CommandLine.Mixin Inputs inputs = new Inputs();

    @Option(names = "--parameter", paramLabel = "KEY=VALUE", description = "A template parameter, as sam deploy's --parameter-overrides.")
    Map<String, String> parameters = new HashMap<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String input = inputs.executionInput(spec.commandLine());
        String region;
        try {
            region = DefaultAwsRegionProviderChain.builder().build().getRegion().id();
        } catch (SdkClientException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "no AWS region: set AWS_REGION or a default region in ~/.aws/config (" + e.getMessage() + ")");
        }
        Map<String, String> overrides = new HashMap<>(parameters);
        String webhook = System.getenv("ECSTATIC_WEBHOOK_URL");
        if (webhook != null && !overrides.containsKey("WebhookUrl")) {
            overrides.put("WebhookUrl", webhook);
        }
        // The account id only names the local functions' ARNs; nothing is invoked through Lambda.
        LocalStateMachine local = LocalStateMachine.load(Home.find(), overrides, region, "000000000000", line -> {
            synchronized (err) {
                err.println(line);
                err.flush();
            }
        });
        Engine engine = Engine.builder().taskInvoker(new LambdaTaskInvoker(local.lambdas())).clock(EngineClock.system())
                .region(region).build();
        Execution execution = engine.run(local.machine(), "local-run-" + Instant.now().toEpochMilli(), input);
        out.println("status: " + execution.status());
        out.flush();
        if (execution.status() != ExecutionStatus.SUCCEEDED) {
            err.println("error: " + execution.error());
            err.println("cause: " + execution.cause());
            err.flush();
            return 2;
        }
        TextReport.printClusters(SimulationReport.Cluster.of(execution.output()), out);
        out.println("totals: " + new ObjectMapper().readTree(execution.output()).path("totals"));
        out.flush();
        return 0;
    }
}
