package dev.ecstatic.cli.bench;

import dev.ecstatic.cli.lambda.LocalLambdas;
import dev.ecstatic.cli.wiring.TemplateWiring.FunctionSpec;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Run in a fresh JVM by {@code ecstatic bench}: builds one handler and invokes it twice through the
 * Lambda runtime's serializer, as a cold Lambda container would, and prints the times as one JSON
 * line. The SDK endpoint, region and credentials come in as system properties.
 *
 * <p>Arguments: handler class, event file.
 */
public final class ColdStart {

    private ColdStart() {}

    public static void main(String[] args) throws Exception {
        long mainEntered = System.currentTimeMillis();
        long jvmStarted = ManagementFactory.getRuntimeMXBean().getStartTime();
        String payload = Files.readString(Path.of(args[1]));
        FunctionSpec spec = new FunctionSpec("Function", "arn:aws:lambda:us-east-1:123456789012:function:cold",
                args[0], "handleRequest", Map.of());
        LocalLambdas lambdas = new LocalLambdas(Map.of(spec.arn(), spec),
                Map.of("AWS_REGION", System.getProperty("aws.region", "us-east-1")), line -> { });
        long t0 = System.nanoTime();
        LocalLambdas.Result first = lambdas.invoke(spec.arn(), payload);
        long t1 = System.nanoTime();
        LocalLambdas.Result second = lambdas.invoke(spec.arn(), payload);
        long t2 = System.nanoTime();
        if (!(first instanceof LocalLambdas.Result.Success) || !(second instanceof LocalLambdas.Result.Success)) {
            System.out.println("{\"failed\": \"" + first + "\"}");
            System.exit(1);
        }
        System.out.printf("{\"jvmToMainMs\": %d, \"firstInvocationMs\": %.1f, \"secondInvocationMs\": %.1f}%n",
                mainEntered - jvmStarted, (t1 - t0) / 1e6, (t2 - t1) / 1e6);
    }
}
