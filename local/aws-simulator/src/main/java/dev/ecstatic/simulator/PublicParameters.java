package dev.ecstatic.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecstatic.simulator.Fleet.Recommended;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The SSM public parameters the fleet's {@code recommended} entries publish, by name. An ECS-optimized
 * Linux or Windows entry publishes a JSON value and each of its fields as a sub-parameter ("Each of the
 * fields … are available to be queried as sub-parameters",
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/retrieve-ecs-optimized_AMI.html); a
 * Bottlerocket entry publishes {@code latest/image_id} and {@code latest/image_version} only.
 */
final class PublicParameters {

    static final String ECS_OPTIMIZED = "/aws/service/ecs/optimized-ami/";
    static final String WINDOWS = "/aws/service/ami-windows-latest/";
    static final String BOTTLEROCKET = "/aws/service/bottlerocket/";
    /** SSM's data type for a parameter whose value EC2 accepts as an AMI id. */
    static final String IMAGE_TYPE = "aws:ec2:image";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * @param dataType {@code text}, or {@code aws:ec2:image} for an AMI id
     */
    record Parameter(String name, String value, String dataType) {

        Parameter {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(dataType, "dataType");
        }
    }

    private final NavigableMap<String, Parameter> byName = new TreeMap<>();

    PublicParameters(Map<String, Recommended> recommended) {
        recommended.forEach(this::publish);
    }

    private void publish(String key, Recommended r) {
        switch (r.kind()) {
            case ECS_OPTIMIZED -> publishJson(ECS_OPTIMIZED + key + "/recommended", r);
            case WINDOWS -> publishJson(WINDOWS + key, r);
            case BOTTLEROCKET -> {
                String base = BOTTLEROCKET + key.substring("bottlerocket/".length()) + "/latest";
                put(new Parameter(base + "/image_id", r.imageId(), IMAGE_TYPE));
                put(new Parameter(base + "/image_version", r.imageVersion(), "text"));
            }
        }
    }

    private void publishJson(String base, Recommended r) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("ecs_agent_version", r.ecsAgentVersion());
        fields.put("ecs_runtime_version", r.ecsRuntimeVersion());
        fields.put("image_id", r.imageId());
        fields.put("image_name", r.imageName());
        fields.put("image_version", r.imageVersion());
        fields.put("os", r.os());
        fields.put("schema_version", "1");
        fields.put("source_image_name", r.sourceImageName());
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        fields.forEach((name, value) -> {
            if (name.equals("schema_version")) {
                json.put(name, 1);
            } else {
                json.put(name, value);
            }
        });
        try {
            put(new Parameter(base, MAPPER.writeValueAsString(json), "text"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serialises", e);
        }
        fields.forEach((name, value) -> put(new Parameter(base + "/" + name, value,
                name.equals("image_id") ? IMAGE_TYPE : "text")));
    }

    private void put(Parameter p) {
        byName.put(p.name(), p);
    }

    Optional<Parameter> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * The parameters under {@code path} in name order: its children, or with {@code recursive} every
     * parameter below it, as GetParametersByPath returns them.
     */
    List<Parameter> byPath(String path, boolean recursive) {
        String prefix = path.endsWith("/") ? path : path + "/";
        List<Parameter> out = new ArrayList<>();
        for (Parameter p : byName.tailMap(prefix, true).values()) {
            if (!p.name().startsWith(prefix)) {
                break;
            }
            if (recursive || p.name().indexOf('/', prefix.length()) < 0) {
                out.add(p);
            }
        }
        return out;
    }

    /** The AMI id of a parameter of type {@code aws:ec2:image}, as EC2 resolves {@code resolve:ssm:<name>}. */
    Optional<String> imageId(String name) {
        return get(name).filter(p -> p.dataType().equals(IMAGE_TYPE)).map(Parameter::value);
    }
}
