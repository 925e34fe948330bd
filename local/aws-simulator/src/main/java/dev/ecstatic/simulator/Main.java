package dev.ecstatic.simulator;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java dev.ecstatic.simulator.Main --fleet FLEET.json [--port PORT] [--state DIR]}: serves the
 * fleet until interrupted; prints the endpoint on the first line of stdout. With {@code --state},
 * DynamoDB tables and S3 objects are kept in DIR and found again by the next start.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path fleetFile = null;
        Path stateDir = null;
        int port = 0;
        for (int k = 0; k < args.length; k++) {
            switch (args[k]) {
                case "--fleet" -> fleetFile = Path.of(value(args, ++k, "--fleet"));
                case "--state" -> stateDir = Path.of(value(args, ++k, "--state"));
                case "--port" -> {
                    String p = value(args, ++k, "--port");
                    try {
                        port = Integer.parseInt(p);
                    } catch (NumberFormatException e) {
                        usage("--port must be a number, was " + p);
                    }
                }
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    return;
                }
                default -> usage("unknown argument " + args[k]);
            }
        }
        if (fleetFile == null) {
            usage("--fleet is required");
        }
        Fleet fleet;
        try {
            fleet = Fleet.load(fleetFile);
        } catch (FleetException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (port < 0 || port > 65_535) {
            usage("--port must be 0-65535, was " + port);
        }
        AwsSimulator simulator;
        try {
            simulator = AwsSimulator.start(fleet, port, Clock.systemUTC(), stateDir);
        } catch (java.io.UncheckedIOException | IllegalStateException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }));
        System.out.println(simulator.endpoint());
        System.out.flush();
        System.err.printf("aws-simulator: %d clusters, %d instances, region %s; "
                        + "e.g. AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x aws --region %s --endpoint-url %s "
                        + "ecs list-clusters%n",
                fleet.clusters().size(), fleet.instanceCount(), fleet.region(), fleet.region(), simulator.endpoint());
        stopped.await();
    }

    private static final String USAGE = "usage: aws-simulator --fleet FLEET.json [--port PORT] [--state DIR]";

    private static String value(String[] args, int k, String flag) {
        if (k >= args.length) {
            usage(flag + " needs a value");
        }
        return args[k];
    }

    private static void usage(String problem) {
        System.err.println("error: " + problem);
        System.err.println(USAGE);
        System.exit(2);
    }
}
