package dev.ecstatic.functions;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A tiny stand-in for ECS and SSM on 127.0.0.1 speaking their JSON 1.1 protocol (the action in the
 * X-Amz-Target header). Enough for a handler built from its environment to run end to end through
 * the real SDK, HTTP client and retry strategy included: it records every request it receives
 * (each SDK attempt is one), can answer scripted errors before the usual answer, and pages
 * ListContainerInstances over {@link #containerInstances} instances.
 */
final class StubAwsServer implements AutoCloseable {
    private static final String ECS = "AmazonEC2ContainerServiceV20141113.";
    private static final String ARN = "arn:aws:ecs:us-east-1:123456789012:cluster/prod-web";
    private static final String INSTANCE_PREFIX = "arn:aws:ecs:us-east-1:123456789012:container-instance/prod-web/";
    private static final String INSTANCE = INSTANCE_PREFIX + "0123456789abcdef0123456789abcdef";
    private static final Pattern NEXT_TOKEN = Pattern.compile("\"nextToken\"\\s*:\\s*\"(\\d+)\"");
    private static final Pattern CLUSTER = Pattern.compile("\"cluster\"\\s*:\\s*\"[^\"]*?([^/\"]+)\"");
    private static final Pattern IDS = Pattern.compile("\"containerInstances\"\\s*:\\s*\\[([^]]*)]");

    /** One HTTP request: one SDK attempt. */
    record Request(String action, String body) {
    }

    /** An answer: the HTTP status and the JSON body. */
    record Reply(int status, String body) {
        /** In a script: the usual answer for this request. */
        static final Reply USUAL = new Reply(0, "");

        static Reply throttling() {
            return new Reply(400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}");
        }

        static Reply serverError() {
            return new Reply(500, "{\"__type\":\"ServerException\",\"message\":\"Service unavailable\"}");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(16, r -> {
        Thread t = new Thread(r, "stub-aws");
        t.setDaemon(true);
        return t;
    });
    final List<Request> requests = new CopyOnWriteArrayList<>();
    final List<String> actions = new CopyOnWriteArrayList<>();
    /** An error body to answer for an action every time instead of the usual answer. */
    final Map<String, String> errors = new ConcurrentHashMap<>();
    /** Replies to give, one per request, before the usual answer (e.g. two ThrottlingExceptions). */
    private final Map<String, Deque<Reply>> scripted = new ConcurrentHashMap<>();
    /** Decides first, for every request, whether to answer something else (a benchmark's token buckets). */
    volatile Function<Request, Optional<Reply>> gate = r -> Optional.empty();
    /** How many container instances ListContainerInstances pages over; 1 answers the single usual instance. */
    volatile int containerInstances = 1;
    /** Other clusters' sizes by cluster name; a cluster not named here has {@link #containerInstances}. */
    final Map<String, Integer> clusterSizes = new ConcurrentHashMap<>();
    /** The agent update status DescribeContainerInstances reports, null for none. */
    volatile String agentUpdateStatus;

    StubAwsServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (exchange.getRequestHeaders().getFirst("X-Amz-Target") == null && body.startsWith("Action=")) {
                // EC2 and Auto Scaling (AWS Query): not modelled here. Refused as an account without those
                // permissions would be, which ListInstances reports as AMI_UNKNOWN and goes on.
                String action = body.substring("Action=".length()).split("&", 2)[0];
                requests.add(new Request(action, body));
                actions.add(action);
                byte[] out = ("<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>not modelled by"
                        + " the stub</Message></Error></Errors><RequestID>stub</RequestID></Response>")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/xml;charset=UTF-8");
                exchange.sendResponseHeaders(403, out.length);
                exchange.getResponseBody().write(out);
                exchange.close();
                return;
            }
            String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            String action = target.substring(target.indexOf('.') + 1);
            Request request = new Request(action, body);
            requests.add(request);
            actions.add(action);
            Reply reply = gate.apply(request).orElseGet(() -> reply(target, action, body));
            byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(reply.status(), out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
    }

    /** Answers {@code replies} to the next requests for {@code action}, in order, then the usual answer. */
    void script(String action, Reply... replies) {
        Deque<Reply> queue = scripted.computeIfAbsent(action, a -> new ArrayDeque<>());
        synchronized (queue) {
            queue.addAll(List.of(replies));
        }
    }

    /** The requests received for one action, in order. */
    List<Request> requests(String action) {
        return requests.stream().filter(r -> r.action().equals(action)).toList();
    }

    /** The nextToken a request carried, or null for the first page. */
    static String nextToken(Request request) {
        Matcher m = NEXT_TOKEN.matcher(request.body());
        return m.find() ? m.group(1) : null;
    }

    private Reply reply(String target, String action, String body) {
        Deque<Reply> queue = scripted.get(action);
        if (queue != null) {
            Reply next;
            synchronized (queue) {
                next = queue.poll();
            }
            if (next != null && next != Reply.USUAL) {
                return next;
            }
        }
        String error = errors.get(action);
        if (error != null) {
            return new Reply(400, error);
        }
        String answer = answer(target, body);
        return new Reply(answer.contains("__type") ? 400 : 200, answer);
    }

    private String answer(String target, String body) {
        return switch (target) {
            case ECS + "ListClusters" -> "{\"clusterArns\":[\"" + ARN + "\"]}";
            case ECS + "DescribeClusters" -> "{\"clusters\":[{\"clusterName\":\"prod-web\",\"clusterArn\":\"" + ARN
                    + "\",\"status\":\"ACTIVE\",\"tags\":[]}],\"failures\":[]}";
            case ECS + "ListContainerInstances" -> listContainerInstances(body);
            case ECS + "DescribeContainerInstances" -> describeContainerInstances(body);
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

    private String listContainerInstances(String body) {
        Matcher cluster = CLUSTER.matcher(body);
        int total = cluster.find() ? clusterSizes.getOrDefault(cluster.group(1), containerInstances) : containerInstances;
        if (total == 1) {
            return "{\"containerInstanceArns\":[\"" + INSTANCE + "\"]}";
        }
        Matcher m = NEXT_TOKEN.matcher(body);
        int from = m.find() ? Integer.parseInt(m.group(1)) : 0;
        int to = Math.min(from + 100, total);
        String arns = IntStream.range(from, to).mapToObj(i -> "\"" + INSTANCE_PREFIX + String.format("%032x", i) + "\"")
                .collect(Collectors.joining(","));
        return "{\"containerInstanceArns\":[" + arns + "]" + (to < total ? ",\"nextToken\":\"" + to + "\"" : "") + "}";
    }

    private String describeContainerInstances(String body) {
        Matcher m = IDS.matcher(body);
        List<String> ids = m.find() ? Pattern.compile("\"([^\"]+)\"").matcher(m.group(1)).results()
                .map(r -> r.group(1)).toList() : List.of(INSTANCE);
        String status = agentUpdateStatus;
        String instances = ids.stream().map(id -> {
            String arn = id.startsWith("arn:") ? id : INSTANCE_PREFIX + id;
            String hex = arn.substring(arn.lastIndexOf('/') + 1);
            String ec2 = arn.equals(INSTANCE) ? "i-0a1b2c3d4e5f60718"
                    : "i-" + (hex.length() > 17 ? hex.substring(hex.length() - 17) : hex);
            return "{\"containerInstanceArn\":\"" + arn + "\",\"ec2InstanceId\":\"" + ec2
                    + "\",\"status\":\"ACTIVE\",\"agentConnected\":true,"
                    + (status == null ? "" : "\"agentUpdateStatus\":\"" + status + "\",")
                    + "\"versionInfo\":{\"agentVersion\":\"1.86.3\",\"dockerVersion\":\"DockerVersion: 25.0.6\"},"
                    + "\"attributes\":[{\"name\":\"ecs.os-type\",\"value\":\"linux\"},"
                    + "{\"name\":\"ecs.cpu-architecture\",\"value\":\"x86_64\"}]}";
        }).collect(Collectors.joining(","));
        return "{\"containerInstances\":[" + instances + "],\"failures\":[]}";
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Points the SDK at this server and gives it dummy credentials, as a simulator run would. */
    Map<String, String> systemProperties() {
        // Every service a handler may call, so that no test ever reaches a real AWS endpoint.
        return Map.of("aws.endpointUrlEcs", endpoint(), "aws.endpointUrlSsm", endpoint(),
                "aws.endpointUrlEc2", endpoint(), "aws.endpointUrlAutoScaling", endpoint(),
                "aws.accessKeyId", "test", "aws.secretAccessKey", "test");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
