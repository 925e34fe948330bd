package dev.ecstatic.cli.local;

import dev.ecstatic.simulator.AwsSimulator;
import dev.ecstatic.simulator.Fleet;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ecstatic simulator}: the ECS simulator alone, in real time, for the AWS CLI, boto3 or the SDKs.
 * It prints the lines to paste into another shell (credentials, region, a first command): without
 * them the AWS CLI stops before sending anything.
 */
@Command(name = "simulator", mixinStandardHelpOptions = true,
        description = "Run the AWS simulator (ECS, SSM public parameters, DynamoDB, S3) alone until interrupted; "
                + "it prints the lines that point the AWS CLI at it.")
public final class SimulatorCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--fleet", paramLabel = "FILE", description = "Fleet file (default: the demo fleet).")
    Path fleetFile;

    // Read as text so that a number out of range is named as written (an int option would say "not an int").
    @Option(names = "--port", paramLabel = "P", defaultValue = "4599",
            description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks one).")
    String port;

    @Option(names = "--state", paramLabel = "DIR", description = "Keep DynamoDB tables and S3 objects in DIR, "
            + "across restarts (default: in memory).")
    Path stateDir;

    @Override
    public Integer call() throws Exception {
        int listenOn = port();
        Fleet fleet = fleetFile == null ? dev.ecstatic.cli.simulate.SimulateCommand.demoFleet() : Fleet.load(fleetFile);
        AwsSimulator simulator = AwsSimulator.start(fleet, listenOn, Clock.systemUTC(), stateDir);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread onExit = new Thread(() -> {
            simulator.close();
            stopped.countDown();
        });
        Runtime.getRuntime().addShutdownHook(onExit);
        try {
            PrintWriter out = spec.commandLine().getOut();
            out.println("AWS simulator (ECS, SSM, DynamoDB, S3) listening on " + simulator.endpoint() + " (" + fleet.clusters().size()
                    + " clusters, " + fleet.instanceCount() + " instances, region " + fleet.region()
                    + "). In another shell:");
            simulator.clientLines().forEach(out::println);
            out.println("Ctrl-C stops it.");
            out.flush();
            stopped.await();
        } catch (InterruptedException e) {
            // Stopped from inside the JVM (a test, an embedding program) rather than by a signal.
            Thread.currentThread().interrupt();
        } finally {
            simulator.close();
            try {
                Runtime.getRuntime().removeShutdownHook(onExit);
            } catch (IllegalStateException e) {
                // The JVM is shutting down: the hook is running or has run.
            }
        }
        return 0;
    }

    private int port() {
        BigInteger n;
        try {
            n = new BigInteger(port);
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), "--port must be a number, was " + port);
        }
        if (n.signum() < 0 || n.compareTo(BigInteger.valueOf(65_535)) > 0) {
            throw new ParameterException(spec.commandLine(), "--port " + port + " is out of range (0–65535)");
        }
        return n.intValue();
    }
}
