package dev.ecstatic.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/** Test fixtures: fleets from resources and real SDK clients pointed at a running simulator. */
final class Sim {

    private Sim() {
    }

    static String resource(String name) {
        try (InputStream in = Sim.class.getResourceAsStream("/fleets/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource /fleets/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Fleet testFleet() {
        return Fleet.parse(resource("test-fleet.json"), "test-fleet.json");
    }

    /** A fleet with Auto Scaling groups on every platform, launch templates and an AMI catalogue. */
    static Fleet asgFleet() {
        return Fleet.parse(resource("asg-fleet.json"), "asg-fleet.json");
    }

    static AwsSimulator start(Fleet fleet, Clock clock) {
        return AwsSimulator.start(fleet, 0, clock);
    }

    /**
     * A simulator whose throttling buckets refill on the test clock only: real time is frozen, so a
     * test counts tokens exactly however long its requests take.
     */
    static AwsSimulator startWithRealTimeFrozen(Fleet fleet, Clock clock) {
        return AwsSimulator.start(fleet, 0, clock, () -> 0L);
    }

    static EcsClient ecs(AwsSimulator sim) {
        return ecs(sim, ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD).build());
    }

    static EcsClient ecs(AwsSimulator sim, ClientOverrideConfiguration config) {
        return EcsClient.builder()
                .endpointOverride(sim.endpoint())
                .region(Region.of(sim.fleet().region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(config)
                .build();
    }

    static Ec2Client ec2(AwsSimulator sim) {
        return Ec2Client.builder()
                .endpointOverride(sim.endpoint())
                .region(Region.of(sim.fleet().region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    static AutoScalingClient autoScaling(AwsSimulator sim) {
        return AutoScalingClient.builder()
                .endpointOverride(sim.endpoint())
                .region(Region.of(sim.fleet().region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    static SsmClient ssm(AwsSimulator sim) {
        return SsmClient.builder()
                .endpointOverride(sim.endpoint())
                .region(Region.of(sim.fleet().region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }
}
