package dev.ecstatic.simulator;

import java.net.URI;
import java.time.Clock;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Test fixtures: real DynamoDB and S3 clients of the AWS SDK for Java v2, unchanged but for the
 * endpoint, with the one HTTP client the project ships.
 */
final class ServiceClients {

    private ServiceClients() {
    }

    /** A simulator for DynamoDB and S3 tests: a one-cluster fleet, no throttling unless the faults say. */
    static AwsSimulator start(Clock clock, String faults) {
        return AwsSimulator.start(fleet("us-east-1", faults), 0, clock);
    }

    static Fleet fleet(String region, String faults) {
        return Fleet.parse("""
                { "region": "%s", "seed": 3, "latestAgentVersion": "1.89.0",
                  "clusters": [ { "name": "c", "instances": [ { "agentVersion": "1.86.3" } ] } ],
                  "faults": %s }
                """.formatted(region, faults), "services.json");
    }

    static DynamoDbClient dynamoDb(AwsSimulator sim) {
        return DynamoDbClient.builder()
                .endpointOverride(sim.endpoint())
                .region(Region.of(sim.fleet().region()))
                .credentialsProvider(credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    static DynamoDbClient dynamoDbWithoutRetries(AwsSimulator sim) {
        return DynamoDbClient.builder()
                .endpointOverride(sim.endpoint())
                .region(Region.of(sim.fleet().region()))
                .credentialsProvider(credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.doNotRetry()).build())
                .build();
    }

    /** Path-style addressing on http://127.0.0.1:port, as the SDK uses for an IP endpoint. */
    static S3Client s3(AwsSimulator sim) {
        return s3(sim, sim.endpoint(), false);
    }

    static S3Client s3(AwsSimulator sim, URI endpoint, boolean noRetries) {
        var b = S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(sim.fleet().region()))
                .credentialsProvider(credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder());
        if (noRetries) {
            b.overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(AwsRetryStrategy.doNotRetry()).build());
        }
        return b.build();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret"));
    }
}
