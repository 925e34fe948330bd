package dev.ecstatic.cli.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.core.protocol.MarshallLocation;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * A Task's JSON and the AWS SDK v2's model objects, one into the other, as Step Functions' AWS SDK
 * integrations do: each member named as the service's model names it, in PascalCase ("Parameters in
 * Step Functions are expressed in PascalCase, even if the native service API is in camelCase"),
 * members the response does not carry left out, timestamps as ISO-8601 text, blobs as base64.
 *
 * <p>The model's name of a member is the SDK's member name, except where the SDK renamed it for Java:
 * DynamoDB's {@code NULL} attribute value is {@code NUL} in the SDK. For the JSON protocols the
 * model's name is the one on the wire, so there it is taken from the wire; for the REST protocols the
 * wire names are HTTP headers ({@code accept-ranges}) and XML elements ({@code Rule} for
 * {@code Rules}), so there it is the SDK's member name.
 *
 * <p>Driven by the models' own field lists ({@link SdkPojo#sdkFields()}), so every operation of
 * every service on the classpath converts the same way, with no table per operation.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html">AWS SDK service integrations</a>
 */
final class SdkModelJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final SdkService.Protocol protocol;

    /** @param protocol the protocol of the service whose models are converted */
    SdkModelJson(SdkService.Protocol protocol) {
        this.protocol = protocol;
    }

    /** A member the model does not have, or a value of the wrong type for it. */
    static final class InvalidMember extends Exception {
        InvalidMember(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Fills {@code builder} (a request's or a structure's builder) from the members of {@code json}.
     *
     * @param path where {@code json} is, for messages (e.g. "Item")
     * @throws InvalidMember naming the member that the model lacks or whose value does not fit
     */
    void fill(SdkPojo builder, ObjectNode json, String path) throws InvalidMember {
        Map<String, SdkField<?>> fields = new LinkedHashMap<>();
        builder.sdkFields().forEach(field -> fields.put(name(field), field));
        for (Iterator<Map.Entry<String, JsonNode>> members = json.fields(); members.hasNext(); ) {
            Map.Entry<String, JsonNode> member = members.next();
            String where = path.isEmpty() ? member.getKey() : path + "." + member.getKey();
            SdkField<?> field = fields.get(member.getKey());
            if (field == null) {
                throw new InvalidMember("The field '" + where + "' is not supported: the API has no such member (it has "
                        + String.join(", ", fields.keySet()) + ")");
            }
            if (!member.getValue().isNull()) {
                field.set(builder, value(field, member.getValue(), where));
            }
        }
    }

    /** The JSON of a response or structure: every member it carries, in the model's order. */
    ObjectNode toJson(SdkPojo pojo) {
        ObjectNode json = NODES.objectNode();
        for (SdkField<?> field : pojo.sdkFields()) {
            Object value = field.getValueOrDefault(pojo);
            if (value != null && !(value instanceof SdkAutoConstructList<?>) && !(value instanceof SdkAutoConstructMap<?, ?>)) {
                json.set(name(field), json(value));
            }
        }
        return json;
    }

    private Object value(SdkField<?> field, JsonNode json, String where) throws InvalidMember {
        MarshallingType<?> type = field.marshallingType();
        if (type == MarshallingType.SDK_POJO) {
            if (!json.isObject()) {
                throw wrongType(where, "an object", json);
            }
            SdkPojo nested = field.constructor().get();
            fill(nested, (ObjectNode) json, where);
            return ((SdkBuilder<?, ?>) nested).build();
        }
        if (type == MarshallingType.LIST) {
            if (!json.isArray()) {
                throw wrongType(where, "an array", json);
            }
            SdkField<?> element = field.getTrait(ListTrait.class).memberFieldInfo();
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < json.size(); i++) {
                list.add(json.get(i).isNull() ? null : value(element, json.get(i), where + "[" + i + "]"));
            }
            return list;
        }
        if (type == MarshallingType.MAP) {
            if (!json.isObject()) {
                throw wrongType(where, "an object", json);
            }
            SdkField<?> valueField = field.getTrait(MapTrait.class).valueFieldInfo();
            Map<String, Object> map = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> entries = json.fields(); entries.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = entries.next();
                map.put(entry.getKey(), entry.getValue().isNull() ? null
                        : value(valueField, entry.getValue(), where + "." + entry.getKey()));
            }
            return map;
        }
        return scalar(type, json, where);
    }

    private static Object scalar(MarshallingType<?> type, JsonNode json, String where) throws InvalidMember {
        if (type == MarshallingType.STRING) {
            if (!json.isTextual()) {
                throw wrongType(where, "a string", json);
            }
            return json.textValue();
        }
        if (type == MarshallingType.BOOLEAN) {
            if (!json.isBoolean()) {
                throw wrongType(where, "a boolean", json);
            }
            return json.booleanValue();
        }
        if (type == MarshallingType.INTEGER || type == MarshallingType.LONG || type == MarshallingType.SHORT
                || type == MarshallingType.BYTE) {
            if (!json.isIntegralNumber()) {
                throw wrongType(where, "an integer", json);
            }
            long number = json.longValue();
            if (type == MarshallingType.LONG) {
                return number;
            }
            if (type == MarshallingType.INTEGER && number == (int) number) {
                return (int) number;
            }
            if (type == MarshallingType.SHORT && number == (short) number) {
                return (short) number;
            }
            if (type == MarshallingType.BYTE && number == (byte) number) {
                return (byte) number;
            }
            throw new InvalidMember("The field '" + where + "' is out of range: " + json);
        }
        if (type == MarshallingType.FLOAT || type == MarshallingType.DOUBLE || type == MarshallingType.BIG_DECIMAL) {
            if (!json.isNumber()) {
                throw wrongType(where, "a number", json);
            }
            return type == MarshallingType.FLOAT ? (Object) json.floatValue()
                    : type == MarshallingType.DOUBLE ? (Object) json.doubleValue() : json.decimalValue();
        }
        if (type == MarshallingType.INSTANT) {
            return instant(json, where);
        }
        if (type == MarshallingType.SDK_BYTES) {
            if (!json.isTextual()) {
                throw wrongType(where, "a base64 string", json);
            }
            try {
                return SdkBytes.fromByteArray(Base64.getDecoder().decode(json.textValue()));
            } catch (IllegalArgumentException e) {
                throw new InvalidMember("The field '" + where + "' is not base64: " + e.getMessage());
            }
        }
        if (type == MarshallingType.DOCUMENT) {
            return document(json);
        }
        throw new InvalidMember("The field '" + where + "' has a type this runner cannot send (" + type + ")");
    }

    /** A timestamp member: ISO-8601 text, or seconds since the epoch. */
    private static Instant instant(JsonNode json, String where) throws InvalidMember {
        if (json.isNumber()) {
            BigDecimal seconds = json.decimalValue();
            return Instant.ofEpochSecond(seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
        }
        if (json.isTextual()) {
            try {
                return Instant.parse(json.textValue());
            } catch (DateTimeParseException e) {
                throw new InvalidMember("The field '" + where + "' is not an ISO-8601 timestamp: " + json);
            }
        }
        throw wrongType(where, "a timestamp", json);
    }

    private static Document document(JsonNode json) {
        if (json.isObject()) {
            Map<String, Document> members = new LinkedHashMap<>();
            json.fields().forEachRemaining(entry -> members.put(entry.getKey(), document(entry.getValue())));
            return Document.fromMap(members);
        }
        if (json.isArray()) {
            List<Document> elements = new ArrayList<>();
            json.forEach(element -> elements.add(document(element)));
            return Document.fromList(elements);
        }
        if (json.isNumber()) {
            return Document.fromNumber(json.decimalValue());
        }
        if (json.isBoolean()) {
            return Document.fromBoolean(json.booleanValue());
        }
        return json.isNull() ? Document.fromNull() : Document.fromString(json.asText());
    }

    private JsonNode json(Object value) {
        return switch (value) {
            case SdkPojo pojo -> toJson(pojo);
            case List<?> list -> {
                ArrayNode array = NODES.arrayNode();
                list.forEach(element -> array.add(element == null ? NODES.nullNode() : json(element)));
                yield array;
            }
            case Map<?, ?> map -> {
                ObjectNode object = NODES.objectNode();
                map.forEach((key, element) -> object.set(String.valueOf(key), element == null ? NODES.nullNode() : json(element)));
                yield object;
            }
            case String text -> NODES.textNode(text);
            case Boolean flag -> NODES.booleanNode(flag);
            case Integer number -> NODES.numberNode(number);
            case Long number -> NODES.numberNode(number);
            case Short number -> NODES.numberNode(number);
            case Byte number -> NODES.numberNode(number);
            case Float number -> NODES.numberNode(number);
            case Double number -> NODES.numberNode(number);
            case BigDecimal number -> NODES.numberNode(number);
            case Instant instant -> NODES.textNode(instant.toString());
            case SdkBytes bytes -> NODES.textNode(Base64.getEncoder().encodeToString(bytes.asByteArrayUnsafe()));
            case Document document -> document(document);
            default -> NODES.textNode(value.toString());
        };
    }

    private static JsonNode document(Document document) {
        if (document.isMap()) {
            ObjectNode object = NODES.objectNode();
            document.asMap().forEach((key, member) -> object.set(key, document(member)));
            return object;
        }
        if (document.isList()) {
            ArrayNode array = NODES.arrayNode();
            document.asList().forEach(element -> array.add(document(element)));
            return array;
        }
        if (document.isNumber()) {
            return NODES.numberNode(document.asNumber().bigDecimalValue());
        }
        if (document.isBoolean()) {
            return NODES.booleanNode(document.asBoolean());
        }
        return document.isNull() ? NODES.nullNode() : NODES.textNode(document.asString());
    }

    private static InvalidMember wrongType(String where, String wanted, JsonNode got) {
        return new InvalidMember("The field '" + where + "' must be " + wanted + ", was " + got);
    }

    /** A member's name as Step Functions writes it: the model's, in PascalCase ({@code clusterArns} is {@code ClusterArns}). */
    private String name(SdkField<?> field) {
        String name = protocol == SdkService.Protocol.JSON && field.location() == MarshallLocation.PAYLOAD
                ? field.locationName() : field.memberName();
        return name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
