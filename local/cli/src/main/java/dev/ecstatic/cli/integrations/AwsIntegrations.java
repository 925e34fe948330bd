package dev.ecstatic.cli.integrations;

import dev.ecstatic.asl.Engine;

/**
 * The AWS services a local engine calls for its Task states and Distributed Maps: the optimized
 * DynamoDB integration, the AWS SDK integrations and the S3 objects of ItemReader and ResultWriter,
 * all through one set of SDK clients ({@link AwsClients}). {@code simulate} and {@code execute}
 * point them at the simulator, {@code run} at AWS, through the SDK's endpoint settings only.
 */
public final class AwsIntegrations implements AutoCloseable {
    private final AwsClients clients;

    /** @param region the engine's region, which the clients call */
    public AwsIntegrations(String region) {
        this.clients = new AwsClients(region);
    }

    /** Adds the integrations and the object store to {@code engine}, after any integration it has. */
    public Engine.Builder plugInto(Engine.Builder engine) {
        return engine.integration(new DynamoDbIntegration(clients))
                .integration(new AwsSdkIntegration(clients))
                .objectStore(new S3ObjectStore(clients));
    }

    @Override
    public void close() {
        clients.close();
    }
}
