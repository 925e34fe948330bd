package dev.ecstatic.functions;

import dev.ecstatic.functions.model.ListClustersRequest;
import dev.ecstatic.functions.model.ListClustersResponse;
import java.util.Map;

/**
 * A handler's first invocation in a fresh JVM: constructs ListClustersHandler from its environment
 * (real SDK clients, the HTTP client on the classpath) and invokes it once against a local stub of
 * ECS and SSM. Prints the milliseconds of construction and first call. Not a test: it only means
 * something in a fresh JVM, once per JVM; {@code src/test/sh/cold-start.sh} runs it with each HTTP client.
 */
public final class ColdStartBenchmark {
    private ColdStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (StubAwsServer stub = new StubAwsServer()) {
            stub.systemProperties().forEach(System::setProperty);
            long start = System.nanoTime();
            ListClustersHandler handler = new ListClustersHandler(Map.of("AWS_REGION", "us-east-1"));
            long constructed = System.nanoTime();
            ListClustersResponse response = handler.handleRequest(new ListClustersRequest(Map.of()), new CapturingContext());
            long invoked = System.nanoTime();
            if (response.clusters().size() != 1 || response.recommended().isEmpty()) {
                throw new IllegalStateException("unexpected response " + response);
            }
            System.out.printf("construct_ms=%d first_call_ms=%d total_ms=%d%n", (constructed - start) / 1_000_000,
                    (invoked - constructed) / 1_000_000, (invoked - start) / 1_000_000);
        }
    }
}
