package dev.ecstatic.functions;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny stand-in for ECS and SSM on 127.0.0.1 speaking their JSON 1.1 protocol (the action in the
 * X-Amz-Target header). Enough for a handler built from its environment to run end to end through
 * the real SDK, HTTP client included.
 */
final class StubAwsServer implements AutoCloseable {
    private static final String ECS = "AmazonEC2ContainerServiceV20141113.";
    private static final String ARN = "arn:aws:ecs:us-east-1:123456789012:cluster/prod-web";
    private static final String INSTANCE = "arn:aws:ecs:us-east-1:123456789012:container-instance/prod-web/0123456789abcdef0123456789abcdef";

    private final HttpServer server;
    final List<String> actions = new CopyOnWriteArrayList<>();
    /** An error body to answer for an action instead of the usual answer, e.g. a ThrottlingException. */
    final Map<String, String> errors = new java.util.concurrent.ConcurrentHashMap<>();

    StubAwsServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            String action = target.substring(target.indexOf('.') + 1);
            actions.add(action);
            String body = errors.getOrDefault(action, answer(target));
            byte[] out = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(body.contains("__type") ? 400 : 200, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
    }

    private static String answer(String target) {
        return switch (target) {
            case ECS + "ListClusters" -> "{\"clusterArns\":[\"" + ARN + "\"]}";
            case ECS + "DescribeClusters" -> "{\"clusters\":[{\"clusterName\":\"prod-web\",\"clusterArn\":\"" + ARN
                    + "\",\"status\":\"ACTIVE\",\"tags\":[]}],\"failures\":[]}";
            case ECS + "ListContainerInstances" -> "{\"containerInstanceArns\":[\"" + INSTANCE + "\"]}";
            case ECS + "DescribeContainerInstances" -> "{\"containerInstances\":[{\"containerInstanceArn\":\"" + INSTANCE
                    + "\",\"ec2InstanceId\":\"i-0a1b2c3d4e5f60718\",\"status\":\"ACTIVE\",\"agentConnected\":true,"
                    + "\"versionInfo\":{\"agentVersion\":\"1.86.3\",\"dockerVersion\":\"DockerVersion: 25.0.6\"},"
                    + "\"attributes\":[{\"name\":\"ecs.os-type\",\"value\":\"linux\"},"
                    + "{\"name\":\"ecs.cpu-architecture\",\"value\":\"x86_64\"}]}],\"failures\":[]}";
            case ECS + "UpdateContainerAgent" -> "{\"containerInstance\":{\"containerInstanceArn\":\"" + INSTANCE
                    + "\",\"agentUpdateStatus\":\"PENDING\"}}";
            case "AmazonSSM.GetParameters" -> "{\"Parameters\":[{\"Name\":"
                    + "\"/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended\",\"Type\":\"String\",\"Value\":"
                    + "\"{\\\"ecs_agent_version\\\":\\\"1.88.0\\\",\\\"ecs_runtime_version\\\":\\\"Docker version 25.0.8\\\","
                    + "\\\"image_id\\\":\\\"ami-0al2023new\\\",\\\"image_name\\\":\\\"al2023-ami-ecs-hvm\\\"}\"}],"
                    + "\"InvalidParameters\":[\"/aws/service/ecs/optimized-ami/amazon-linux-2/recommended\"]}";
            default -> "{\"__type\":\"UnknownOperationException\",\"message\":\"" + target + "\"}";
        };
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Points the SDK at this server and gives it dummy credentials, as a simulator run would. */
    Map<String, String> systemProperties() {
        return Map.of("aws.endpointUrlEcs", endpoint(), "aws.endpointUrlSsm", endpoint(),
                "aws.accessKeyId", "test", "aws.secretAccessKey", "test");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
