package dev.ecstatic.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * SSM GetParameter / GetParameters for the ECS-optimized AMI public parameters,
 * {@code /aws/service/ecs/optimized-ami/<family>/recommended} (a JSON string) and
 * {@code .../recommended/image_id}, as described in
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/retrieve-ecs-optimized_AMI.html.
 */
final class SsmApi {

    static final Set<String> ACTIONS = Set.of("GetParameter", "GetParameters");

    private static final String PREFIX = "/aws/service/ecs/optimized-ami/";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Fleet fleet;
    private final Instant published;

    SsmApi(Fleet fleet, Instant start) {
        this.fleet = fleet;
        // The parameters were last changed some days before the simulator started.
        this.published = start.minusSeconds(3 * 24 * 3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    ObjectNode handle(String action, JsonRequest req) {
        return switch (action) {
            case "GetParameter" -> getParameter(req);
            case "GetParameters" -> getParameters(req);
            default -> throw AwsError.unknownOperation("Operation " + action + " is not supported by this simulator.");
        };
    }

    private ObjectNode getParameter(JsonRequest req) {
        String name = req.string("Name");
        if (name == null || name.isEmpty()) {
            throw validation("1 validation error detected: Value null at 'name' failed to satisfy constraint: "
                    + "Member must not be null");
        }
        ObjectNode out = JSON.objectNode();
        out.set("Parameter", parameter(name).orElseThrow(
                () -> new AwsError("ParameterNotFound", 400, "Parameter " + name + " not found.")));
        return out;
    }

    private ObjectNode getParameters(JsonRequest req) {
        List<String> names = req.strings("Names");
        if (names == null || names.isEmpty()) {
            throw validation("1 validation error detected: Value null at 'names' failed to satisfy constraint: "
                    + "Member must not be null");
        }
        if (names.size() > 10) {
            throw validation("1 validation error detected: Value '" + names + "' at 'names' failed to satisfy "
                    + "constraint: Member must have length less than or equal to 10");
        }
        ObjectNode out = JSON.objectNode();
        ArrayNode params = out.putArray("Parameters");
        ArrayNode invalid = out.putArray("InvalidParameters");
        for (String name : new LinkedHashSet<>(names)) {
            parameter(name).ifPresentOrElse(params::add, () -> invalid.add(name));
        }
        return out;
    }

    private Optional<ObjectNode> parameter(String name) {
        if (!name.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = name.substring(PREFIX.length());
        String field = null;
        if (rest.endsWith("/recommended/image_id")) {
            field = "image_id";
            rest = rest.substring(0, rest.length() - "/recommended/image_id".length());
        } else if (rest.endsWith("/recommended")) {
            rest = rest.substring(0, rest.length() - "/recommended".length());
        } else {
            return Optional.empty();
        }
        Fleet.Recommended r = fleet.recommended().get(rest);
        if (r == null) {
            return Optional.empty();
        }
        String value = field != null ? r.imageId() : valueOf(r);
        ObjectNode p = JSON.objectNode();
        p.put("Name", name);
        p.put("Type", "String");
        p.put("Value", value);
        p.put("Version", 1 + Math.floorMod(Hashing.mix(fleet.seed(), name.hashCode()), 120));
        p.put("LastModifiedDate", EcsApi.epochSeconds(published));
        // Public parameters have no account in their ARN.
        p.put("ARN", "arn:" + SimFleet.partitionOf(fleet.region()) + ":ssm:" + fleet.region() + "::parameter" + name);
        p.put("DataType", field != null ? "aws:ec2:image" : "text");
        return Optional.of(p);
    }

    /** The JSON string AWS stores in the parameter, keys in AWS's (alphabetical) order. */
    private static String valueOf(Fleet.Recommended r) {
        ObjectNode v = JSON.objectNode();
        v.put("ecs_agent_version", r.ecsAgentVersion());
        v.put("ecs_runtime_version", r.ecsRuntimeVersion());
        v.put("image_id", r.imageId());
        v.put("image_name", r.imageName());
        v.put("image_version", r.imageVersion());
        v.put("os", r.os());
        v.put("schema_version", 1);
        v.put("source_image_name", r.sourceImageName());
        try {
            return MAPPER.writeValueAsString(v);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AwsError validation(String message) {
        return new AwsError("ValidationException", 400, message);
    }
}
