package dev.ecstatic.cli.bench;

import com.sun.net.httpserver.HttpServer;
import dev.ecstatic.simulator.AwsSimulator;
import dev.ecstatic.simulator.Fleet;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * PutItem and GetItem per second through the AWS SDK for Java v2 (url-connection client, one thread,
 * one keep-alive connection, 1 KiB items) against the simulator and against a bare JDK HttpServer
 * that answers {@code {}} to everything: the second is the ceiling any server can reach with this
 * client, so the ratio is what the simulator itself costs.
 */
public final class SimulatorThroughput {

    /** Calls per second, the median of the measured rounds. */
    public record Rates(double putItemsPerSecond, double getItemsPerSecond) {
    }

    public record Result(Rates bare, Rates simulator) {
        public double putRatio() {
            return simulator.putItemsPerSecond() / bare.putItemsPerSecond();
        }

        public double getRatio() {
            return simulator.getItemsPerSecond() / bare.getItemsPerSecond();
        }
    }

    private static final String TABLE = "bench-items";
    /** Item size as DynamoDB counts it: "id" (2) + 10-character id + "payload" (7) + 1,005 = 1,024 bytes. */
    private static final String PAYLOAD = "x".repeat(1024 - 2 - 10 - 7);

    private SimulatorThroughput() {
    }

    /**
     * @param warmUp calls of each action before measuring
     * @param calls  calls of each action per measured round
     * @param rounds measured rounds; the median is reported
     */
    public static Result run(int warmUp, int calls, int rounds, PrintWriter progress) {
        Fleet fleet = Fleet.parse("""
                {"latestAgentVersion": "1.89.0", "clusters": [{"name": "bench", "instances": [{"agentVersion": "1.89.0"}]}],
                 "faults": {"throttle": false}}""", "simulator-throughput");
        // The simulator first: its class sets the JDK server's TCP_NODELAY property, which both servers then share.
        try (AwsSimulator simulator = AwsSimulator.start(fleet, 0, Clock.systemUTC())) {
            HttpServer bare = bareServer();
            try (DynamoDbClient toBare = client(URI.create("http://127.0.0.1:" + bare.getAddress().getPort()));
                    DynamoDbClient toSimulator = client(simulator.endpoint())) {
                toSimulator.createTable(b -> b.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                        .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                        .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S)));
                for (DynamoDbClient c : List.of(toBare, toSimulator)) {
                    puts(c, warmUp);
                    gets(c, warmUp);
                }
                // Rounds alternate between the servers, so that load on the machine and the JIT's state weigh
                // on both alike.
                List<Double> barePuts = new ArrayList<>();
                List<Double> bareGets = new ArrayList<>();
                List<Double> simPuts = new ArrayList<>();
                List<Double> simGets = new ArrayList<>();
                for (int r = 1; r <= rounds; r++) {
                    progress.printf("  round %d of %d%n", r, rounds);
                    progress.flush();
                    barePuts.add(puts(toBare, calls));
                    simPuts.add(puts(toSimulator, calls));
                    bareGets.add(gets(toBare, calls));
                    simGets.add(gets(toSimulator, calls));
                }
                return new Result(new Rates(median(barePuts), median(bareGets)), new Rates(median(simPuts), median(simGets)));
            } finally {
                bare.stop(0);
            }
        }
    }

    private static HttpServer bareServer() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
            server.createContext("/", exchange -> {
                try (exchange) {
                    exchange.getRequestBody().readAllBytes();
                    exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
                    exchange.sendResponseHeaders(200, empty.length);
                    exchange.getResponseBody().write(empty);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the bare HTTP server: " + e.getMessage(), e);
        }
    }

    private static DynamoDbClient client(URI endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDBENCH", "bench")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    private static double puts(DynamoDbClient db, int n) {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            String id = "item-%05d".formatted(i % 10_000);
            db.putItem(b -> b.tableName(TABLE).item(Map.of("id", AttributeValue.fromS(id),
                    "payload", AttributeValue.fromS(PAYLOAD))));
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    private static double gets(DynamoDbClient db, int n) {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            String id = "item-%05d".formatted(i % 10_000);
            db.getItem(b -> b.tableName(TABLE).key(Map.of("id", AttributeValue.fromS(id))));
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
