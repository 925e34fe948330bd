package dev.ecstatic.simulator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/** The answer of an AWS JSON 1.1 service (ECS, SSM, Organizations, EventBridge): its body, type and request id. */
final class JsonReply {
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    /** Numbers as the services write them: never in exponent notation. */
    static final ObjectMapper MAPPER = JsonMapper.builder().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private JsonReply() {
    }

    /** An error body: {@code {"__type": type, "message": message}}. */
    static ObjectNode error(String type, String message) {
        ObjectNode err = JsonNodeFactory.instance.objectNode();
        err.put("__type", type);
        err.put("message", message);
        return err;
    }

    /** Sends {@code body} with {@code status}; {@code requestId} as x-amzn-RequestId unless null. */
    static void send(HttpExchange exchange, int status, JsonNode body, String requestId) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        if (requestId != null) {
            exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
