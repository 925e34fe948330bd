package dev.ecstatic.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A request body's members, read with the type checks AWS applies: a member of the wrong JSON
 * type is a SerializationException (as the service's deserializer would answer), a present member
 * with a bad value is the action's own validation error.
 */
record JsonRequest(JsonNode body) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * A JSON protocol request's body: empty is {@code {}}, as the services read it; anything but an object is
     * a SerializationException.
     */
    static JsonRequest of(byte[] body) {
        if (body.length == 0) {
            return new JsonRequest(JsonNodeFactory.instance.objectNode());
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw AwsError.serialization("Could not parse the request body as JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw AwsError.serialization("Could not read the request body.");
        }
        if (node == null || node.isMissingNode()) {
            return new JsonRequest(JsonNodeFactory.instance.objectNode());
        }
        if (!node.isObject()) {
            throw AwsError.serialization("The request body must be a JSON object.");
        }
        return new JsonRequest(node);
    }

    String string(String member) {
        JsonNode v = body.get(member);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw AwsError.serialization("Member " + member + " must be a string");
        }
        return v.asText();
    }

    boolean bool(String member, boolean dflt) {
        JsonNode v = body.get(member);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw AwsError.serialization("Member " + member + " must be a boolean");
        }
        return v.asBoolean();
    }

    Integer integer(String member) {
        JsonNode v = body.get(member);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw AwsError.serialization("Member " + member + " must be an integer");
        }
        return v.asInt();
    }

    /** A list of strings; null when absent. */
    List<String> strings(String member) {
        JsonNode v = body.get(member);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw AwsError.serialization("Member " + member + " must be a list of strings");
        }
        List<String> out = new ArrayList<>(v.size());
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw AwsError.serialization("Member " + member + " must be a list of strings");
            }
            out.add(e.asText());
        }
        return out;
    }
}
