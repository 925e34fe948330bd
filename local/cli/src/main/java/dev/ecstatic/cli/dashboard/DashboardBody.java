package dev.ecstatic.cli.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecstatic.cli.wiring.CloudFormationYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CloudWatch dashboard of template.yaml: its {@code DashboardBody} with each {@code ${...}} of the
 * {@code !Sub} resolved locally (a resource's logical id stands for its name or ARN, which is what the
 * local Lambdas call themselves; {@code AWS::Region} and {@code AWS::StackName} as given), read as the
 * metric widgets it holds. The structure is CloudWatch's:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html
 * A metric is {@code [Namespace, MetricName, DimensionName, DimensionValue, ..., {rendering options}]};
 * the {@code "."} shorthand (repeat the previous metric's value) is refused, to keep each line readable.
 */
public record DashboardBody(String logicalId, String stateMachine, List<Widget> widgets) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    public DashboardBody {
        widgets = List.copyOf(widgets);
    }

    /** One metric widget at its place on the 24-column grid. */
    public record Widget(int x, int y, int width, int height, String title, boolean stacked, String stat, int period,
                         String leftLabel, String rightLabel, List<Metric> metrics) {
        public Widget {
            metrics = List.copyOf(metrics);
        }
    }

    /** One line of a widget: the metric, its dimensions in the body's order, and how it is drawn. */
    public record Metric(String namespace, String name, Map<String, String> dimensions, String label, String stat,
                         boolean rightAxis) {
        public Metric {
            dimensions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(dimensions));
        }

        /** {@code namespace/name [Dim1, Dim2]}: what makes it one CloudWatch metric, its values apart. */
        public String identity() {
            return namespace + "/" + name + " " + dimensions.keySet();
        }
    }

    /** The single AWS::CloudWatch::Dashboard of {@code template}, resolved for {@code region}. */
    public static DashboardBody load(Path template, String region) throws IOException {
        return of(Files.readString(template), region, template.toString());
    }

    @SuppressWarnings("unchecked")
    static DashboardBody of(String templateText, String region, String where) {
        Object parsed = CloudFormationYaml.parse(templateText);
        if (!(parsed instanceof Map<?, ?> root) || !(root.get("Resources") instanceof Map<?, ?> resources)) {
            throw new IllegalArgumentException(where + " has no Resources");
        }
        String id = null;
        Object body = null;
        String stateMachine = null;
        for (Map.Entry<?, ?> resource : resources.entrySet()) {
            if (resource.getValue() instanceof Map<?, ?> r && ("AWS::Serverless::StateMachine".equals(r.get("Type"))
                    || "AWS::StepFunctions::StateMachine".equals(r.get("Type")))) {
                stateMachine = String.valueOf(resource.getKey());
            }
            if (resource.getValue() instanceof Map<?, ?> r && "AWS::CloudWatch::Dashboard".equals(r.get("Type"))) {
                if (id != null) {
                    throw new IllegalArgumentException(where + " has two dashboards, " + id + " and " + resource.getKey()
                            + ": one per stack is expected");
                }
                id = String.valueOf(resource.getKey());
                body = r.get("Properties") instanceof Map<?, ?> p ? p.get("DashboardBody") : null;
            }
        }
        if (id == null) {
            throw new IllegalArgumentException(where + " has no AWS::CloudWatch::Dashboard resource");
        }
        String text = switch (body) {
            case String plain -> plain;
            case Map<?, ?> sub when sub.get("Fn::Sub") instanceof String s -> s;
            case null, default -> throw new IllegalArgumentException(where + ": " + id
                    + ".Properties.DashboardBody is neither a string nor a !Sub of one");
        };
        Map<String, String> names = new LinkedHashMap<>();
        ((Map<String, Object>) resources).keySet().forEach(k -> names.put(k, k));
        names.put("AWS::Region", region);
        names.put("AWS::StackName", "ecstatic");
        return parse(substitute(text, names, where + ": " + id), id, stateMachine, where + ": " + id);
    }

    /** Each {@code ${Name}} replaced; a name that is no resource or known pseudo parameter is an error naming it. */
    static String substitute(String text, Map<String, String> names, String where) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = names.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException(where + ": ${" + m.group(1) + "} is neither a resource of the template"
                        + " nor AWS::Region or AWS::StackName");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * A resolved body: its metric widgets (other widget types are left out; none is drawn). {@code logicalId}
     * names the dashboard, {@code stateMachine} the logical id standing for the state machine's ARN.
     */
    public static DashboardBody parse(String json, String logicalId, String stateMachine, String where) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(where + ": the DashboardBody is not JSON (" + e.getMessage().lines()
                    .findFirst().orElse("") + ")");
        }
        JsonNode widgets = root == null ? null : root.get("widgets");
        if (widgets == null || !widgets.isArray()) {
            throw new IllegalArgumentException(where + ": the DashboardBody has no widgets array");
        }
        List<Widget> out = new ArrayList<>();
        int n = 0;
        for (JsonNode w : widgets) {
            n++;
            if (!"metric".equals(w.path("type").asText())) {
                continue;
            }
            String at = where + ", widget " + n;
            JsonNode p = w.path("properties");
            List<Metric> metrics = new ArrayList<>();
            for (JsonNode line : p.path("metrics")) {
                metrics.add(metric(line, p, at + " (" + p.path("title").asText("untitled") + ")"));
            }
            out.add(new Widget(w.path("x").asInt(0), w.path("y").asInt(0), w.path("width").asInt(6),
                    w.path("height").asInt(6), p.path("title").asText(""), p.path("stacked").asBoolean(false),
                    p.path("stat").asText("Average"), p.path("period").asInt(300),
                    p.path("yAxis").path("left").path("label").asText(""),
                    p.path("yAxis").path("right").path("label").asText(""), metrics));
        }
        return new DashboardBody(logicalId, stateMachine, out);
    }

    private static Metric metric(JsonNode line, JsonNode widget, String at) {
        if (!line.isArray() || line.size() < 2) {
            throw new IllegalArgumentException(at + ": a metric is [Namespace, MetricName, Name, Value, ..., {options}],"
                    + " got " + line);
        }
        List<String> parts = new ArrayList<>();
        JsonNode options = null;
        for (JsonNode part : line) {
            if (part.isObject()) {
                options = part;
            } else if (part.isTextual()) {
                if (part.asText().equals(".")) {
                    throw new IllegalArgumentException(at + ": the \".\" shorthand is not used here: write each value");
                }
                parts.add(part.asText());
            } else {
                throw new IllegalArgumentException(at + ": " + part + " in " + line + " is not a string");
            }
        }
        if (parts.size() % 2 != 0) {
            throw new IllegalArgumentException(at + ": " + line + " has a dimension name without its value");
        }
        Map<String, String> dimensions = new LinkedHashMap<>();
        for (int i = 2; i < parts.size(); i += 2) {
            dimensions.put(parts.get(i), parts.get(i + 1));
        }
        JsonNode o = options == null ? JSON.createObjectNode() : options;
        return new Metric(parts.get(0), parts.get(1), dimensions, o.path("label").asText(parts.get(1)),
                o.path("stat").asText(widget.path("stat").asText("Average")), "right".equals(o.path("yAxis").asText()));
    }
}
