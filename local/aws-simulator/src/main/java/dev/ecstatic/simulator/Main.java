package dev.ecstatic.simulator;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java dev.ecstatic.simulator.Main --fleet FLEET.json [--port PORT] [--state DIR]}: serves the
 * fleet until interrupted. Prints the endpoint on the first line of stdout (for scripts), then the two
 * lines a person pastes into another shell to use it with the AWS CLI ({@link AwsSimulator#clientLines()}).
 * With {@code --state}, DynamoDB tables and S3 objects are kept in DIR and found again by the next start.
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
                case "--port" -> port = port(value(args, ++k, "--port"));
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
        simulator.clientLines().forEach(System.out::println);
        System.out.flush();
        System.err.printf("aws-simulator: %d clusters, %d instances, region %s; paste the two lines above into "
                        + "another shell; Ctrl-C stops it%n",
                fleet.clusters().size(), fleet.instanceCount(), fleet.region());
        stopped.await();
    }

    private static final String USAGE = "usage: aws-simulator --fleet FLEET.json [--port PORT] [--state DIR]";

    /** A TCP port, 0 for any free one; a number out of range is named as written. */
    private static int port(String text) {
        BigInteger n;
        try {
            n = new BigInteger(text);
        } catch (NumberFormatException e) {
            usage("--port must be a number, was " + text);
            return 0;
        }
        if (n.signum() < 0 || n.compareTo(BigInteger.valueOf(65_535)) > 0) {
            usage("--port " + text + " is out of range (0–65535)");
        }
        return n.intValue();
    }

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
