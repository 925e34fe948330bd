package dev.ecstatic.cli.integrations;

import dev.ecstatic.simulator.AwsSimulator;
import dev.ecstatic.simulator.Fleet;
import java.time.Clock;

/**
 * A simulator of DynamoDB and S3 in this process, holding a {@link Setup}'s tables and objects, with
 * the SDK pointed at it ({@link SdkSettings}) until it is closed: what {@code ecstatic execute --setup}
 * runs a definition against, so anyone can try an integration without AWS.
 */
public final class EmbeddedSimulator implements AutoCloseable {
    /** The region and account of the simulator's resources (ARNs) and of the engine that calls them. */
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "123456789012";

    private final AwsSimulator simulator;
    private final SdkSettings settings;

    private EmbeddedSimulator(AwsSimulator simulator, SdkSettings settings) {
        this.simulator = simulator;
        this.settings = settings;
    }

    /**
     * Starts the simulator on a free loopback port and seeds it.
     *
     * @param source the setup's name for messages (its file)
     * @param clock the simulator's time (the engine's, so that S3 and DynamoDB dates follow it)
     * @throws Setup.SetupException when the simulator refuses an entry of the setup
     */
    public static EmbeddedSimulator start(Setup setup, String source, Clock clock) {
        Fleet noFleet = Fleet.parse("{\"region\": \"" + REGION + "\", \"accountId\": \"" + ACCOUNT_ID
                + "\", \"latestAgentVersion\": \"1.0.0\", \"clusters\": []}", "no fleet");
        AwsSimulator simulator = AwsSimulator.start(noFleet, 0, clock);
        try {
            setup.seed(simulator, source);
        } catch (RuntimeException e) {
            simulator.close();
            throw e;
        }
        return new EmbeddedSimulator(simulator, SdkSettings.simulator(simulator.endpoint(), REGION));
    }

    /** The simulator, to read back what an execution wrote. */
    public AwsSimulator simulator() {
        return simulator;
    }

    @Override
    public void close() {
        settings.close();
        simulator.close();
    }
}
