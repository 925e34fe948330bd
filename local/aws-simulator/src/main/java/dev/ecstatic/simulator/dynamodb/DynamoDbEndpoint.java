package dev.ecstatic.simulator.dynamodb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.ecstatic.simulator.InjectedFaults;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * DynamoDB on the simulator's endpoint: AWS JSON 1.0, {@code POST /} with {@code X-Amz-Target:
 * DynamoDB_20120810.<Action>}. Responses carry {@code Content-Type: application/x-amz-json-1.0},
 * {@code x-amzn-RequestId} and {@code x-amz-crc32} (the CRC32 of the body, which the SDKs, the AWS
 * CLI and boto3 verify when present, as DynamoDB always sends it). The fleet's faults apply in the
 * ECS order: latency, then a server error (InternalServerError, 500), then the injected throttling
 * draw and the capacity model (inside the store).
 */
public final class DynamoDbEndpoint {

    public static final String TARGET_PREFIX = "DynamoDB_20120810.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    /** DynamoDB's largest request (BatchWriteItem) is 16 MB. */
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024 + 64 * 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final System.Logger LOG = System.getLogger(DynamoDbEndpoint.class.getName());

    private final DynamoDb store;
    private final InjectedFaults faults;
    private final Consumer<String> countCall;

    /** @param countCall told every action name received, for the simulator's call counters */
    public DynamoDbEndpoint(DynamoDb store, InjectedFaults faults, Consumer<String> countCall) {
        this.store = store;
        this.faults = faults;
        this.countCall = countCall;
    }

    /** True for a DynamoDB request (by its target header). */
    public static boolean accepts(HttpExchange exchange) {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        return target != null && target.startsWith(TARGET_PREFIX);
    }

    public void handle(HttpExchange exchange) {
        InjectedFaults.Draw draw = faults.next();
        String requestId = faults.requestId(draw);
        try (exchange) {
            int status = 200;
            JsonNode response;
            try {
                response = dispatch(exchange, draw);
            } catch (DynamoDbException e) {
                status = e.status();
                response = e.toJson();
            } catch (RuntimeException e) {
                // A simulator bug must still look like DynamoDB to the client: a 500, never a hang.
                LOG.log(System.Logger.Level.ERROR, "request " + requestId + " failed inside the simulator", e);
                DynamoDbException server = DynamoDbException.internalServerError();
                status = server.status();
                response = server.toJson();
            }
            byte[] bytes = MAPPER.writeValueAsBytes(response);
            CRC32 crc = new CRC32();
            crc.update(bytes);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
            exchange.getResponseHeaders().set("x-amz-crc32", Long.toString(crc.getValue()));
            // As DynamoDB's responses carry them (Step Functions' optimized integration returns every header).
            exchange.getResponseHeaders().set("Server", "Server");
            exchange.getResponseHeaders().set("Connection", "keep-alive");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException e) {
            // The client went away; nothing to answer.
        }
    }

    private JsonNode dispatch(HttpExchange exchange, InjectedFaults.Draw draw) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String action = target.substring(TARGET_PREFIX.length());
        countCall.accept(action);
        byte[] body = read(exchange.getRequestBody());
        if (!"POST".equals(exchange.getRequestMethod())) {
            throw DynamoDbException.unknownOperation(action);
        }
        if (!faults.sleepLatency() || draw.serverError()) {
            throw DynamoDbException.internalServerError();
        }
        JsonNode request;
        try {
            request = body.length == 0 ? MAPPER.createObjectNode() : MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw DynamoDbException.serialization("Could not parse the request body as JSON: " + e.getOriginalMessage());
        }
        if (!(request instanceof ObjectNode)) {
            throw DynamoDbException.serialization("The request body must be a JSON object");
        }
        double rate = faults.settings().dynamodbThrottleRate();
        return store.execute(action, request, part -> draw.throttled(rate, part));
    }

    private static byte[] read(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw DynamoDbException.validation("Request size exceeds the maximum allowed size of 16 MB");
        }
        return body;
    }
}
