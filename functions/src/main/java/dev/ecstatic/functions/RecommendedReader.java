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
 * Reads the recommended ECS-optimized AMI parameters (the whole catalogue of {@link RecommendedAmis})
 * in one GetParameters call. The value is a JSON
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

    /** The most names GetParameters accepts per call. */
    static final int NAMES_PER_CALL = 10;

    /**
     * {@code recommended}: the Amazon Linux x86_64 families by family name (agent and Docker versions);
     * {@code recommendedAmis}: every catalogued platform's recommended AMI by SSM parameter name.
     */
    record Result(Map<String, RecommendedImage> recommended, List<String> warnings,
                  Map<String, RecommendedImage> recommendedAmis) {
    }

    /**
     * The catalogue ({@link RecommendedAmis#CATALOGUE}, which includes {@link #PARAMETERS}) in
     * GetParameters calls of at most {@value #NAMES_PER_CALL} names: one call for today's ten. A
     * parameter not returned is a warning: per family for the two agent-version families, one
     * for all the other platforms (a Region may not publish every platform).
     */
    static Result read(SsmClient ssm) {
        List<String> names = new ArrayList<>(FAMILIES.stream().map(PARAMETERS::get).toList());
        RecommendedAmis.CATALOGUE.stream().map(RecommendedAmis.Source::parameter).filter(n -> !names.contains(n))
                .forEach(names::add);
        List<String> warnings = new ArrayList<>();
        Map<String, RecommendedImage> recommended = new LinkedHashMap<>();
        Map<String, RecommendedImage> recommendedAmis = new LinkedHashMap<>();
        Map<String, Parameter> byName = new LinkedHashMap<>();
        List<String> invalid = new ArrayList<>();
        try {
            for (int i = 0; i < names.size(); i += NAMES_PER_CALL) {
                GetParametersResponse response = ssm.getParameters(GetParametersRequest.builder()
                        .names(names.subList(i, Math.min(i + NAMES_PER_CALL, names.size()))).build());
                response.parameters().forEach(p -> byName.put(p.name(), p));
                invalid.addAll(response.invalidParameters());
            }
        } catch (SdkException e) {
            warnings.add("could not read the recommended AMI parameters: " + e.getMessage());
            return new Result(recommended, warnings, recommendedAmis);
        }
        for (String family : FAMILIES) {
            String name = PARAMETERS.get(family);
            Parameter parameter = byName.get(name);
            if (parameter == null) {
                warnings.add("could not read " + name + ": "
                        + (invalid.contains(name) ? "no such parameter" : "not returned"));
                continue;
            }
            try {
                recommended.put(family, parse(parameter.value()));
            } catch (IllegalArgumentException e) {
                warnings.add("could not read " + name + ": " + e.getMessage());
            }
        }
        List<String> absent = new ArrayList<>();
        for (RecommendedAmis.Source source : RecommendedAmis.CATALOGUE) {
            Parameter parameter = byName.get(source.parameter());
            boolean warned = PARAMETERS.containsValue(source.parameter());
            if (parameter == null) {
                if (!warned) {
                    absent.add(source.family() + "/" + source.architecture());
                }
                continue;
            }
            try {
                recommendedAmis.put(source.parameter(), RecommendedAmis.parseValue(source, parameter.value()));
            } catch (IllegalArgumentException e) {
                if (!warned) {
                    warnings.add("could not read " + e.getMessage());
                }
            }
        }
        if (!absent.isEmpty()) {
            warnings.add("no recommended AMI published for " + String.join(", ", absent)
                    + ": their instances' AMIs are not compared with one");
        }
        return new Result(recommended, warnings, recommendedAmis);
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
