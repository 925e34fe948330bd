package dev.ecstatic.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A request body's members, read with the type checks AWS applies: a member of the wrong JSON
 * type is a SerializationException (as the service's deserializer would answer), a present member
 * with a bad value is the action's own validation error.
 */
record JsonRequest(JsonNode body) {

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
