package dev.ecstatic.cli.wiring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What template.yaml says about running the state machine: which definition file, what each
 * {@code ${...}} placeholder in it is replaced with, and for each Lambda its handler class and
 * environment. The local runner reads this instead of keeping a second copy of the wiring.
 *
 * <p>Function placeholders become Lambda alias ARNs in the given region and account; the ARN is
 * also the key of {@link #functions()}, which is how a Task's {@code FunctionName} finds its
 * handler. A {@code !Ref} to a DynamoDB table becomes its name, {@code !GetAtt Table.Arn} its ARN;
 * {@link #tables()} says how to create each table as the stack would. Likewise an S3 bucket
 * ({@link #buckets()}): {@code !Ref Bucket} is its name, {@code !GetAtt Bucket.Arn} its ARN.
 */
public record TemplateWiring(
        Path templateFile,
        Path definitionFile,
        Map<String, String> substitutions,
        Map<String, FunctionSpec> functions,
        Map<String, String> parameters,
        Map<String, TableSpec> tables,
        Map<String, BucketSpec> buckets) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");

    public TemplateWiring {
        substitutions = Map.copyOf(substitutions);
        functions = Map.copyOf(functions);
        parameters = Map.copyOf(parameters);
        tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
        buckets = Collections.unmodifiableMap(new LinkedHashMap<>(buckets));
    }

    /** The bucket of this name, if the template defines one. */
    public Optional<BucketSpec> bucket(String name) {
        return buckets.values().stream().filter(b -> b.name().equals(name)).findFirst();
    }

    /**
     * An {@code AWS::S3::Bucket} of the template. Locally its name is the stack's name and its logical
     * id, lowercased (a bucket name has no capitals), with no random suffix, so that a {@code --state}
     * directory finds it again; against AWS, the deployed stack's ({@code run --bucket ID=NAME}).
     */
    public record BucketSpec(String logicalId, String name, String arn) {}

    /** The table of this name, if the template defines one. */
    public Optional<TableSpec> table(String name) {
        return tables.values().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** A Lambda function of the template, as the local runner needs it. */
    public record FunctionSpec(String logicalId, String arn, String handlerClass, String handlerMethod,
                               Map<String, String> environment) {
        public FunctionSpec {
            environment = Map.copyOf(environment);
        }
    }

    /**
     * An {@code AWS::DynamoDB::Table} of the template, as CreateTable, UpdateTimeToLive and
     * UpdateContinuousBackups take it.
     *
     * @param ttlAttribute the TTL attribute when {@code TimeToLiveSpecification.Enabled}, else null
     */
    public record TableSpec(String logicalId, String name, String arn, List<KeyElement> keySchema,
                            List<AttributeDefinition> attributeDefinitions, String billingMode,
                            String ttlAttribute, boolean sseEnabled, boolean pointInTimeRecovery) {
        public TableSpec {
            keySchema = List.copyOf(keySchema);
            attributeDefinitions = List.copyOf(attributeDefinitions);
        }
    }

    /** One KeySchema entry: {@code HASH} or {@code RANGE}. */
    public record KeyElement(String attributeName, String keyType) {}

    /** One AttributeDefinitions entry: {@code S}, {@code N} or {@code B}. */
    public record AttributeDefinition(String attributeName, String attributeType) {}

    /** The template's parameters with their constraints, in the template's order. */
    public static Map<String, TemplateParameter> declaredParameters(Path templateFile) throws IOException {
        Map<String, Object> template = asMap(CloudFormationYaml.parse(Files.readString(templateFile)), "the template");
        Map<String, TemplateParameter> out = new LinkedHashMap<>();
        optionalMap(template.get("Parameters"), "Parameters").forEach((name, p) ->
                out.put(name, TemplateParameter.of(name, asMap(p, "Parameters." + name), templateFile + ": Parameters." + name)));
        return out;
    }

    /**
     * Reads the template.
     *
     * @param parameterOverrides values for template parameters, as {@code sam deploy --parameter-overrides} gives them
     */
    public static TemplateWiring load(Path templateFile, String region, String accountId,
                                      Map<String, String> parameterOverrides) throws IOException {
        return load(templateFile, region, accountId, parameterOverrides, Map.of());
    }

    /**
     * As {@link #load(Path, String, String, Map)}, naming tables as a deployed stack does.
     *
     * @param tableNames physical names of tables and buckets by logical id: CloudFormation's (with its
     *                   random suffix), for a local run against the stack's tables and bucket in AWS
     */
    public static TemplateWiring load(Path templateFile, String region, String accountId,
                                      Map<String, String> parameterOverrides, Map<String, String> tableNames)
            throws IOException {
        Object root = CloudFormationYaml.parse(Files.readString(templateFile));
        return new Reader(templateFile, region, accountId, parameterOverrides, tableNames).read(asMap(root, "the template"));
    }

    /** Whether the template declares the parameter {@code name} (a test template may leave some out). */
    public static boolean declaresParameter(Path templateFile, String name) throws IOException {
        Object root = CloudFormationYaml.parse(Files.readString(templateFile));
        return root instanceof Map<?, ?> map && map.get("Parameters") instanceof Map<?, ?> parameters
                && parameters.containsKey(name);
    }

    /** The state machine definition with every placeholder substituted. */
    public String definition() throws IOException {
        String text = Files.readString(definitionFile);
        StringBuilder out = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(text);
        List<String> unknown = new ArrayList<>();
        while (m.find()) {
            String value = substitutions.get(m.group(1));
            if (value == null) {
                unknown.add(m.group(1));
                value = m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        if (!unknown.isEmpty()) {
            throw new WiringException(definitionFile + ": placeholders without a DefinitionSubstitutions entry in "
                    + templateFile + ": " + unknown);
        }
        return out.toString();
    }

    /** The placeholders that appear in the definition file, in order of first appearance. */
    public List<String> placeholders() throws IOException {
        Matcher m = PLACEHOLDER.matcher(Files.readString(definitionFile));
        return m.results().map(r -> r.group(1)).distinct().toList();
    }

    private static final class Reader {
        private final Path templateFile;
        private final String region;
        private final String accountId;
        private final Map<String, String> overrides;
        private final Map<String, String> tableNames;
        private final Map<String, String> parameters = new TreeMap<>();
        private Map<String, Object> resources;
        private Map<String, Object> mappings = Map.of();
        private final Map<String, TableSpec> tables = new LinkedHashMap<>();
        private final Map<String, BucketSpec> buckets = new LinkedHashMap<>();
        private String stackName = "ecstatic";

        Reader(Path templateFile, String region, String accountId, Map<String, String> overrides,
               Map<String, String> tableNames) {
            this.templateFile = templateFile;
            this.region = region;
            this.accountId = accountId;
            this.overrides = overrides;
            this.tableNames = tableNames;
        }

        TemplateWiring read(Map<String, Object> template) {
            Map<String, Object> params = optionalMap(template.get("Parameters"), "Parameters");
            for (var e : params.entrySet()) {
                Map<String, Object> p = asMap(e.getValue(), "Parameters." + e.getKey());
                Object def = p.get("Default");
                parameters.put(e.getKey(), def == null ? "" : scalar(def, "Parameters." + e.getKey() + ".Default"));
            }
            for (var e : overrides.entrySet()) {
                if (!parameters.containsKey(e.getKey())) {
                    throw new WiringException(templateFile + ": no parameter named " + e.getKey()
                            + " (parameters: " + parameters.keySet() + ")");
                }
                parameters.put(e.getKey(), e.getValue());
            }
            resources = asMap(template.get("Resources"), "Resources");
            mappings = optionalMap(template.get("Mappings"), "Mappings");

            Map<String, Object> globals = asMap(
                    optionalMap(template.get("Globals"), "Globals").getOrDefault("Function", Map.of()), "Globals.Function");
            Map<String, FunctionSpec> functionsByLogicalId = new LinkedHashMap<>();
            String stateMachineId = null;
            // Tables first: a function's environment or a substitution may name one.
            for (var e : resources.entrySet()) {
                Map<String, Object> resource = asMap(e.getValue(), "Resources." + e.getKey());
                if ("AWS::DynamoDB::Table".equals(resource.get("Type"))) {
                    tables.put(e.getKey(), table(e.getKey(), resource));
                } else if ("AWS::S3::Bucket".equals(resource.get("Type"))) {
                    buckets.put(e.getKey(), bucket(e.getKey(), resource));
                }
            }
            for (String named : tableNames.keySet()) {
                if (!tables.containsKey(named) && !buckets.containsKey(named)) {
                    throw new WiringException(templateFile + ": no DynamoDB table " + named + " (tables: " + tables.keySet()
                            + (buckets.isEmpty() ? "" : ", buckets: " + buckets.keySet()) + ")");
                }
            }
            for (var e : resources.entrySet()) {
                Map<String, Object> resource = asMap(e.getValue(), "Resources." + e.getKey());
                Object type = resource.get("Type");
                if ("AWS::Serverless::Function".equals(type)) {
                    functionsByLogicalId.put(e.getKey(), function(e.getKey(), resource, globals));
                } else if ("AWS::Serverless::StateMachine".equals(type)) {
                    if (stateMachineId != null) {
                        throw new WiringException(templateFile + ": more than one AWS::Serverless::StateMachine ("
                                + stateMachineId + ", " + e.getKey() + ")");
                    }
                    stateMachineId = e.getKey();
                }
            }
            if (stateMachineId == null) {
                throw new WiringException(templateFile + ": no AWS::Serverless::StateMachine resource");
            }
            String where = "Resources." + stateMachineId + ".Properties";
            Map<String, Object> props = asMap(asMap(resources.get(stateMachineId), stateMachineId).get("Properties"), where);
            Object uri = props.get("DefinitionUri");
            if (!(uri instanceof String uriPath)) {
                throw new WiringException(templateFile + ": " + where + ".DefinitionUri must be a local file path");
            }
            Path definition = templateFile.toAbsolutePath().getParent().resolve(uriPath).normalize();

            Map<String, String> substitutions = new TreeMap<>();
            Map<String, Object> subs = optionalMap(props.get("DefinitionSubstitutions"), where + ".DefinitionSubstitutions");
            for (var e : subs.entrySet()) {
                substitutions.put(e.getKey(), resolve(e.getValue(), where + ".DefinitionSubstitutions." + e.getKey(),
                        functionsByLogicalId));
            }
            Map<String, FunctionSpec> byArn = new LinkedHashMap<>();
            functionsByLogicalId.values().forEach(f -> byArn.put(f.arn(), f));
            return new TemplateWiring(templateFile, definition, substitutions, byArn, parameters, tables, buckets);
        }

        /** A bucket's name: the deployed stack's when given, its BucketName, or stack-logicalid in lower case. */
        private BucketSpec bucket(String id, Map<String, Object> resource) {
            String where = "Resources." + id + ".Properties";
            Map<String, Object> props = optionalMap(resource.get("Properties"), where);
            String name = tableNames.containsKey(id) ? tableNames.get(id)
                    : props.containsKey("BucketName") ? resolve(props.get("BucketName"), where + ".BucketName", Map.of())
                    : (stackName + "-" + id).toLowerCase(java.util.Locale.ROOT);
            return new BucketSpec(id, name, "arn:aws:s3:::" + name);
        }

        /** The properties of a table the local runner creates it from; any other is refused by name. */
        private static final Set<String> TABLE_PROPERTIES = Set.of("TableName", "BillingMode",
                "AttributeDefinitions", "KeySchema", "SSESpecification", "PointInTimeRecoverySpecification",
                "TimeToLiveSpecification", "Tags");

        private TableSpec table(String id, Map<String, Object> resource) {
            String where = "Resources." + id + ".Properties";
            Map<String, Object> props = optionalMap(resource.get("Properties"), where);
            for (String property : props.keySet()) {
                if (!TABLE_PROPERTIES.contains(property)) {
                    throw new WiringException(templateFile + ": " + where + "." + property + ": the local runner creates "
                            + "tables from " + new TreeSet<>(TABLE_PROPERTIES) + " only");
                }
            }
            // CloudFormation names a table <stack>-<LogicalId>-<random suffix>; locally the name must be
            // the same on every start (a --state directory finds its table again), so no suffix.
            String name = tableNames.containsKey(id) ? tableNames.get(id)
                    : props.containsKey("TableName") ? resolve(props.get("TableName"), where + ".TableName", Map.of())
                    : stackName + "-" + id;
            String billing = props.containsKey("BillingMode")
                    ? resolve(props.get("BillingMode"), where + ".BillingMode", Map.of()) : "PROVISIONED";
            if (!billing.equals("PAY_PER_REQUEST")) {
                throw new WiringException(templateFile + ": " + where + ".BillingMode: the local runner creates "
                        + "PAY_PER_REQUEST tables only, not " + billing + " (a PROVISIONED table needs ProvisionedThroughput)");
            }
            List<AttributeDefinition> definitions = new ArrayList<>();
            for (Map<String, Object> d : mapList(props.get("AttributeDefinitions"), where + ".AttributeDefinitions")) {
                definitions.add(new AttributeDefinition(
                        field(d, "AttributeName", where + ".AttributeDefinitions"),
                        oneOf(field(d, "AttributeType", where + ".AttributeDefinitions"), List.of("S", "N", "B"),
                                where + ".AttributeDefinitions.AttributeType")));
            }
            List<KeyElement> keys = new ArrayList<>();
            for (Map<String, Object> k : mapList(props.get("KeySchema"), where + ".KeySchema")) {
                keys.add(new KeyElement(field(k, "AttributeName", where + ".KeySchema"),
                        oneOf(field(k, "KeyType", where + ".KeySchema"), List.of("HASH", "RANGE"), where + ".KeySchema.KeyType")));
            }
            if (keys.isEmpty() || keys.size() > 2) {
                throw new WiringException(templateFile + ": " + where + ".KeySchema must have a HASH key and at most a RANGE key");
            }
            Map<String, Object> ttl = optionalMap(props.get("TimeToLiveSpecification"), where + ".TimeToLiveSpecification");
            String ttlAttribute = flag(ttl, "Enabled", where + ".TimeToLiveSpecification")
                    ? field(ttl, "AttributeName", where + ".TimeToLiveSpecification") : null;
            Map<String, Object> sse = optionalMap(props.get("SSESpecification"), where + ".SSESpecification");
            for (String property : sse.keySet()) {
                if (!property.equals("SSEEnabled")) {
                    throw new WiringException(templateFile + ": " + where + ".SSESpecification." + property
                            + ": the local runner supports SSEEnabled only (the AWS owned or managed key)");
                }
            }
            boolean pitr = flag(optionalMap(props.get("PointInTimeRecoverySpecification"),
                    where + ".PointInTimeRecoverySpecification"), "PointInTimeRecoveryEnabled",
                    where + ".PointInTimeRecoverySpecification");
            String arn = "arn:aws:dynamodb:" + region + ":" + accountId + ":table/" + name;
            return new TableSpec(id, name, arn, keys, definitions, billing, ttlAttribute,
                    flag(sse, "SSEEnabled", where + ".SSESpecification"), pitr);
        }

        private List<Map<String, Object>> mapList(Object value, String where) {
            if (!(value instanceof List<?> list)) {
                throw new WiringException(templateFile + ": " + where + " must be a list, found " + value);
            }
            return list.stream().map(v -> asMap(v, where + "[]")).toList();
        }

        private String field(Map<String, Object> map, String name, String where) {
            Object value = map.get(name);
            if (value == null) {
                throw new WiringException(templateFile + ": " + where + ": " + name + " is missing");
            }
            return resolve(value, where + "." + name, Map.of());
        }

        private String oneOf(String value, List<String> allowed, String where) {
            if (!allowed.contains(value)) {
                throw new WiringException(templateFile + ": " + where + " must be one of " + allowed + ", was " + value);
            }
            return value;
        }

        private boolean flag(Map<String, Object> map, String name, String where) {
            Object value = map.get(name);
            if (value == null) {
                return false;
            }
            String text = resolve(value, where + "." + name, Map.of());
            if (!text.equals("true") && !text.equals("false")) {
                throw new WiringException(templateFile + ": " + where + "." + name + " must be true or false, was " + text);
            }
            return Boolean.parseBoolean(text);
        }

        private FunctionSpec function(String id, Map<String, Object> resource, Map<String, Object> globals) {
            String where = "Resources." + id + ".Properties";
            Map<String, Object> props = optionalMap(resource.get("Properties"), where);
            Object handler = props.getOrDefault("Handler", globals.get("Handler"));
            if (!(handler instanceof String h) || !h.contains("::")) {
                throw new WiringException(templateFile + ": " + where + ".Handler must be 'package.Class::method', was "
                        + handler);
            }
            Map<String, String> env = new TreeMap<>();
            env.putAll(variables(globals, "Globals.Function"));
            env.putAll(variables(props, where));
            String alias = props.get("AutoPublishAlias") instanceof String a ? a : null;
            String arn = "arn:aws:lambda:" + region + ":" + accountId + ":function:" + stackName + "-" + id
                    + (alias == null ? "" : ":" + alias);
            int sep = h.indexOf("::");
            return new FunctionSpec(id, arn, h.substring(0, sep), h.substring(sep + 2), env);
        }

        private Map<String, String> variables(Map<String, Object> props, String where) {
            Map<String, Object> environment = optionalMap(props.get("Environment"), where + ".Environment");
            Map<String, Object> vars = optionalMap(environment.get("Variables"), where + ".Environment.Variables");
            Map<String, String> out = new TreeMap<>();
            vars.forEach((k, v) -> out.put(k, resolve(v, where + ".Environment.Variables." + k, Map.of())));
            return out;
        }

        /** Literals, parameter and pseudo-parameter Refs, and function Refs / ARNs. */
        private String resolve(Object value, String where, Map<String, FunctionSpec> functions) {
            if (!(value instanceof Map<?, ?> map)) {
                return scalar(value, where);
            }
            if (map.size() == 1 && map.get("Ref") instanceof String ref) {
                if (parameters.containsKey(ref)) {
                    return parameters.get(ref);
                }
                switch (ref) {
                    case "AWS::Region": return region;
                    case "AWS::AccountId": return accountId;
                    case "AWS::StackName": return stackName;
                    case "AWS::Partition": return "aws";
                    default: break;
                }
                String function = ref.endsWith(".Alias") ? ref.substring(0, ref.length() - ".Alias".length()) : ref;
                if (functions.containsKey(function)) {
                    return functions.get(function).arn();
                }
                if (tables.containsKey(ref)) {
                    return tables.get(ref).name();
                }
                if (buckets.containsKey(ref)) {
                    return buckets.get(ref).name();
                }
                throw new WiringException(templateFile + ": " + where + ": Ref " + ref
                        + " is neither a parameter, a function, a DynamoDB table nor an S3 bucket of this template");
            }
            if (map.size() == 1 && map.get("Fn::GetAtt") instanceof List<?> att && att.size() == 2
                    && "Arn".equals(att.get(1)) && functions.containsKey(att.get(0))) {
                return functions.get(att.get(0)).arn();
            }
            if (map.size() == 1 && map.get("Fn::GetAtt") instanceof List<?> att && att.size() == 2
                    && tables.containsKey(att.get(0))) {
                if ("Arn".equals(att.get(1))) {
                    return tables.get(att.get(0)).arn();
                }
                throw new WiringException(templateFile + ": " + where + ": !GetAtt " + att.get(0) + "." + att.get(1)
                        + ": the local runner knows a table's Arn only");
            }
            if (map.size() == 1 && map.get("Fn::GetAtt") instanceof List<?> att && att.size() == 2
                    && buckets.containsKey(att.get(0)) && "Arn".equals(att.get(1))) {
                return buckets.get(att.get(0)).arn();
            }
            if (map.size() == 1 && map.get("Fn::FindInMap") instanceof List<?> keys && keys.size() == 3) {
                return findInMap(keys, where);
            }
            throw new WiringException(templateFile + ": " + where + ": the local runner resolves literals, "
                    + "!Ref to parameters, functions and DynamoDB tables, !GetAtt Function.Arn and Table.Arn, and "
                    + "!FindInMap; not " + value);
        }

        /** {@code !FindInMap [Map, key, key]}, each key a literal or a Ref to a parameter, as CloudFormation looks it up. */
        private String findInMap(List<?> keys, String where) {
            String map = resolve(keys.get(0), where + " (map name)", Map.of());
            String top = resolve(keys.get(1), where + " (top-level key)", Map.of());
            String second = resolve(keys.get(2), where + " (second-level key)", Map.of());
            Map<String, Object> rows = asMap(mappings.get(map), "Mappings." + map);
            Object row = rows.get(top);
            Object value = row == null ? null : asMap(row, "Mappings." + map + "." + top).get(second);
            if (value == null) {
                throw new WiringException(templateFile + ": " + where + ": Mappings." + map + " has no " + top + "." + second
                        + " (rows: " + rows.keySet() + ")");
            }
            return scalar(value, "Mappings." + map + "." + top + "." + second);
        }

        private String scalar(Object value, String where) {
            if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                return String.valueOf(value);
            }
            throw new WiringException(templateFile + ": " + where + ": expected a plain value, found " + value);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value, String where) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new WiringException("template: " + where + " must be a mapping, found " + value);
    }

    private static Map<String, Object> optionalMap(Object value, String where) {
        return value == null ? Map.of() : asMap(value, where);
    }
}
