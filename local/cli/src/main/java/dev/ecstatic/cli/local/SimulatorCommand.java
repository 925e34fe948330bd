package dev.ecstatic.cli.local;

import dev.ecstatic.simulator.AwsSimulator;
import dev.ecstatic.simulator.Fleet;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ecstatic simulator}: the ECS simulator alone, in real time, for the AWS CLI, boto3 or the SDKs. */
@Command(name = "simulator", mixinStandardHelpOptions = true,
        description = "Run the ECS (and SSM public parameter) simulator alone until interrupted; "
                + "point any AWS client at it with --endpoint-url.")
public final class SimulatorCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--fleet", paramLabel = "FILE", description = "Fleet file (default: the demo fleet).")
    Path fleetFile;

    @Option(names = "--port", paramLabel = "P", defaultValue = "4599", description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks one).")
    int port;

    @Option(names = "--state", paramLabel = "DIR", description = "Keep DynamoDB tables and S3 objects in DIR, "
            + "across restarts (default: in memory).")
    Path stateDir;

    @Override
    public Integer call() throws Exception {
        Fleet fleet = fleetFile == null ? dev.ecstatic.cli.simulate.SimulateCommand.demoFleet() : Fleet.load(fleetFile);
        AwsSimulator simulator = AwsSimulator.start(fleet, port, Clock.systemUTC(), stateDir);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }));
        PrintWriter out = spec.commandLine().getOut();
        out.println("ECS simulator listening on " + simulator.endpoint() + " (" + fleet.clusters().size() + " clusters, "
                + fleet.instanceCount() + " instances, region " + fleet.region() + "). Try:");
        out.println("  AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x aws --region " + fleet.region()
                + " --endpoint-url " + simulator.endpoint() + " ecs list-clusters");
        out.println("Ctrl-C stops it.");
        out.flush();
        stopped.await();
        return 0;
    }
}
