package dev.ecstatic.functions;

import dev.ecstatic.functions.model.RecommendedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParametersRequest;
import software.amazon.awssdk.services.ssm.model.GetParametersResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;

/**
 * Reads the recommended ECS-optimized AMI parameters in one GetParameters call. The value is a JSON
 * document with ecs_agent_version, ecs_runtime_version ("Docker version 25.0.8"), image_id and
 * image_name: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/retrieve-ecs-optimized_AMI.html
 * A failure only produces warnings: the run goes on without drift figures.
 */
final class RecommendedReader {
    static final Map<String, String> PARAMETERS = Map.of(
            "amazon-linux-2023", "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended",
            "amazon-linux-2", "/aws/service/ecs/optimized-ami/amazon-linux-2/recommended");
    static final List<String> FAMILIES = List.of("amazon-linux-2023", "amazon-linux-2");

    private RecommendedReader() {
    }

    record Result(Map<String, RecommendedImage> recommended, List<String> warnings) {
    }

    static Result read(SsmClient ssm) {
        List<String> names = FAMILIES.stream().map(PARAMETERS::get).toList();
        List<String> warnings = new ArrayList<>();
        Map<String, RecommendedImage> recommended = new LinkedHashMap<>();
        GetParametersResponse response;
        try {
            response = ssm.getParameters(GetParametersRequest.builder().names(names).build());
        } catch (SdkException e) {
            warnings.add("could not read the recommended AMI parameters: " + e.getMessage());
            return new Result(recommended, warnings);
        }
        Map<String, Parameter> byName = new LinkedHashMap<>();
        response.parameters().forEach(p -> byName.put(p.name(), p));
        for (String family : FAMILIES) {
            String name = PARAMETERS.get(family);
            Parameter parameter = byName.get(name);
            if (parameter == null) {
                warnings.add("could not read " + name + ": "
                        + (response.invalidParameters().contains(name) ? "no such parameter" : "not returned"));
                continue;
            }
            try {
                recommended.put(family, parse(parameter.value()));
            } catch (IllegalArgumentException e) {
                warnings.add("could not read " + name + ": " + e.getMessage());
            }
        }
        return new Result(recommended, warnings);
    }

    static RecommendedImage parse(String value) {
        if (!(Json.parse(value) instanceof Map<?, ?> doc)) {
            throw new IllegalArgumentException("the value is not a JSON object");
        }
        RecommendedImage image = new RecommendedImage(text(doc, "ecs_agent_version"),
                Versions.dockerNumber(text(doc, "ecs_runtime_version")), text(doc, "image_id"), text(doc, "image_name"));
        if (image.agentVersion() == null && image.amiId() == null) {
            throw new IllegalArgumentException("the value has neither ecs_agent_version nor image_id");
        }
        return image;
    }

    private static String text(Map<?, ?> doc, String field) {
        return doc.get(field) instanceof String s && !s.isBlank() ? s : null;
    }
}
