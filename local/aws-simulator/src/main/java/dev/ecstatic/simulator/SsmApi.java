package dev.ecstatic.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * SSM GetParameter, GetParameters and GetParametersByPath for the public parameters the fleet's
 * {@code recommended} entries publish ({@link PublicParameters}): ECS-optimized Amazon Linux
 * ({@code /aws/service/ecs/optimized-ami/<family>/recommended} and its sub-parameters), Windows
 * ({@code /aws/service/ami-windows-latest/<name>}) and Bottlerocket
 * ({@code /aws/service/bottlerocket/<variant>/<arch>/latest/image_id}, {@code …/image_version}).
 */
final class SsmApi {

    static final Set<String> ACTIONS = Set.of("GetParameter", "GetParameters", "GetParametersByPath");

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Fleet fleet;
    private final PublicParameters parameters;
    private final Instant published;

    SsmApi(Fleet fleet, PublicParameters parameters, Instant start) {
        this.fleet = fleet;
        this.parameters = parameters;
        // The parameters were last changed some days before the simulator started.
        this.published = start.minusSeconds(3 * 24 * 3600).truncatedTo(ChronoUnit.SECONDS);
    }

    ObjectNode handle(String action, JsonRequest req) {
        return switch (action) {
            case "GetParameter" -> getParameter(req);
            case "GetParameters" -> getParameters(req);
            case "GetParametersByPath" -> getParametersByPath(req);
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

    /**
     * The parameters under {@code Path} (its children, or with {@code Recursive} everything below it) in
     * name order, {@code MaxResults} 1-10 (default 10) a page.
     * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParametersByPath.html
     */
    private ObjectNode getParametersByPath(JsonRequest req) {
        String path = req.string("Path");
        if (path == null || path.isEmpty()) {
            throw validation("1 validation error detected: Value null at 'path' failed to satisfy constraint: "
                    + "Member must not be null");
        }
        if (!path.startsWith("/")) {
            throw validation("The parameter doesn't meet the parameter name requirements. The parameter name must "
                    + "begin with a forward slash \"/\".");
        }
        if (req.body().has("ParameterFilters")) {
            throw validation("The simulator does not evaluate ParameterFilters.");
        }
        boolean recursive = req.bool("Recursive", false);
        Integer max = req.integer("MaxResults");
        if (max != null && (max < 1 || max > 10)) {
            throw validation("1 validation error detected: Value '" + max + "' at 'maxResults' failed to satisfy "
                    + "constraint: Member must have value " + (max < 1 ? "greater than or equal to 1"
                    : "less than or equal to 10"));
        }
        List<PublicParameters.Parameter> all = parameters.byPath(path, recursive);
        String listing = path + "|" + recursive;
        int from = 0;
        String token = req.string("NextToken");
        if (token != null) {
            from = decode(token, listing);
            if (from > all.size()) {
                throw new AwsError("InvalidNextToken", 400, "The specified token isn't valid.");
            }
        }
        int to = Math.min(all.size(), from + (max == null ? 10 : max));
        ObjectNode out = JSON.objectNode();
        ArrayNode params = out.putArray("Parameters");
        all.subList(from, to).forEach(p -> params.add(json(p)));
        if (to < all.size()) {
            out.put("NextToken", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((to + "|" + Hashing.hex(listing, 16)).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static int decode(String token, String listing) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            if (bar > 0 && raw.substring(bar + 1).equals(Hashing.hex(listing, 16))) {
                return Integer.parseInt(raw.substring(0, bar));
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new AwsError("InvalidNextToken", 400, "The specified token isn't valid.");
    }

    private Optional<ObjectNode> parameter(String name) {
        return parameters.get(name).map(this::json);
    }

    private ObjectNode json(PublicParameters.Parameter parameter) {
        String name = parameter.name();
        ObjectNode p = JSON.objectNode();
        p.put("Name", name);
        p.put("Type", "String");
        p.put("Value", parameter.value());
        p.put("Version", 1 + Math.floorMod(Hashing.mix(fleet.seed(), name.hashCode()), 120));
        p.put("LastModifiedDate", EcsApi.epochSeconds(published));
        // Public parameters have no account in their ARN.
        p.put("ARN", "arn:" + SimFleet.partitionOf(fleet.region()) + ":ssm:" + fleet.region() + "::parameter" + name);
        p.put("DataType", parameter.dataType());
        return p;
    }

    private static AwsError validation(String message) {
        return new AwsError("ValidationException", 400, message);
    }
}
