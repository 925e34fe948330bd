package dev.ecstatic.cli.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecstatic.asl.DefinitionException;
import dev.ecstatic.asl.StateMachine;
import dev.ecstatic.cli.lambda.LambdaTaskInvoker;
import dev.ecstatic.cli.wiring.TemplateWiring;
import dev.ecstatic.cli.wiring.TemplateWiring.FunctionSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the state machine and its wiring to template.yaml: every placeholder substituted and every
 * substitution used, the definition valid for the engine, every Task a Lambda of the template whose
 * handler class loads or a DynamoDB getItem / updateItem (or, for the digest, an aws-sdk scan) on a
 * table of the template (ecstatic's memory; nothing else of DynamoDB, no other service), every
 * Distributed Map's ItemReader an s3:getObject and its ResultWriter an s3:putObject on a bucket of the
 * template (the runs bucket; the same object store the local engine reads and writes), and every
 * error name the ASL matches on that names a Java class (the Lambda Java runtime reports an
 * exception's class name as the error) resolves to an exception class.
 */
public final class WiringCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The optimized DynamoDB integrations the state machine may call: read and write one cluster's item. */
    static final List<String> DYNAMODB_TASKS = List.of(
            "arn:aws:states:::dynamodb:getItem", "arn:aws:states:::dynamodb:updateItem",
            "arn:aws:states:::aws-sdk:dynamodb:scan");

    /** TableName in Arguments written as one JSONata object expression: {% { 'TableName': 'name', … } %}. */
    private static final java.util.regex.Pattern TABLE_IN_EXPRESSION =
            java.util.regex.Pattern.compile("'TableName'\\s*:\\s*'([^']+)'");

    /** What a Distributed Map may read its items with, and write its results with. */
    static final String ITEM_READER = "arn:aws:states:::s3:getObject";
    static final String RESULT_WRITER = "arn:aws:states:::s3:putObject";

    /** What was checked, and what is wrong (empty when all is well); {@code buckets} by logical id. */
    public record Result(List<String> problems, int states, int tasks, Set<String> functions, int tableTasks,
                         Set<String> tables, Set<String> errorClasses, Set<String> buckets) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private WiringCheck() {}

    public static Result check(Path home) throws IOException {
        List<String> problems = new ArrayList<>();
        TemplateWiring wiring = TemplateWiring.load(home.resolve("template.yaml"), "us-east-1", "123456789012", Map.of());
        String definition;
        try {
            definition = wiring.definition();
        } catch (RuntimeException e) {
            return new Result(List.of(e.getMessage()), 0, 0, Set.of(), 0, Set.of(), Set.of(), Set.of());
        }
        List<String> used = wiring.placeholders();
        wiring.substitutions().keySet().stream().filter(k -> !used.contains(k)).forEach(k -> problems.add(
                "template.yaml: DefinitionSubstitutions." + k + " is not used by " + wiring.definitionFile().getFileName()));
        try {
            StateMachine.parse(definition);
        } catch (DefinitionException e) {
            problems.add(e.getMessage());
        }
        Set<String> functions = new LinkedHashSet<>();
        Set<String> tables = new LinkedHashSet<>();
        Set<String> errorClasses = new LinkedHashSet<>();
        Set<String> buckets = new LinkedHashSet<>();
        int[] counts = new int[3];
        walk(JSON.readTree(definition).path("States"), wiring, problems, functions, tables, errorClasses, buckets, counts);
        for (FunctionSpec spec : wiring.functions().values()) {
            checkHandler(spec, problems);
        }
        return new Result(List.copyOf(problems), counts[0], counts[1], functions, counts[2], tables, errorClasses, buckets);
    }

    /** counts: states, Lambda tasks, DynamoDB tasks. */
    private static void walk(JsonNode states, TemplateWiring wiring, List<String> problems, Set<String> functions,
                             Set<String> tables, Set<String> errorClasses, Set<String> buckets, int[] counts) {
        states.fields().forEachRemaining(entry -> {
            String name = entry.getKey();
            JsonNode state = entry.getValue();
            counts[0]++;
            checkObjects(name, "ItemReader", ITEM_READER, state.path("ItemReader"), wiring, problems, buckets);
            checkObjects(name, "ResultWriter", RESULT_WRITER, state.path("ResultWriter"), wiring, problems, buckets);
            if ("Task".equals(state.path("Type").asText())) {
                String resource = state.path("Resource").asText();
                if (DYNAMODB_TASKS.contains(resource)) {
                    counts[2]++;
                    JsonNode arguments = state.path("Arguments");
                    String table = arguments.path("TableName").asText();
                    if (arguments.isTextual()) {
                        var m = TABLE_IN_EXPRESSION.matcher(arguments.asText());
                        table = m.find() ? m.group(1) : "(not a literal in the expression)";
                    }
                    var spec = wiring.table(table);
                    spec.ifPresent(t -> tables.add(t.logicalId()));
                    if (spec.isEmpty()) {
                        problems.add("State \"" + name + "\": Arguments.TableName " + table + " is not a DynamoDB table "
                                + "of template.yaml (tables: " + wiring.tables().values().stream()
                                .map(TemplateWiring.TableSpec::name).toList() + ")");
                    }
                } else if (!LambdaTaskInvoker.LAMBDA_INVOKE.equals(resource)) {
                    problems.add("State \"" + name + "\": Resource " + resource + " is not " + LambdaTaskInvoker.LAMBDA_INVOKE
                            + " nor " + String.join(", ", DYNAMODB_TASKS));
                } else {
                    counts[1]++;
                    String function = state.path("Arguments").path("FunctionName").asText();
                    FunctionSpec spec = wiring.functions().get(function);
                    if (spec == null) {
                        problems.add("State \"" + name + "\": Arguments.FunctionName " + function
                                + " is not a function of template.yaml");
                    } else {
                        functions.add(spec.logicalId());
                    }
                }
            }
            for (String field : List.of("Retry", "Catch")) {
                for (JsonNode rule : state.path(field)) {
                    for (JsonNode error : rule.path("ErrorEquals")) {
                        String e = error.asText();
                        if (e.startsWith("States.")) {
                            continue;
                        }
                        String resource = state.path("Resource").asText();
                        if (DYNAMODB_TASKS.contains(resource)) {
                            // Step Functions names them after the SDK's exception classes: v1 for the
                            // optimized integration, v2 for aws-sdk (https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html).
                            String prefix = resource.contains(":aws-sdk:") ? "DynamoDb." : "DynamoDB.";
                            if (!e.startsWith(prefix)) {
                                problems.add("State \"" + name + "\": " + field + " matches " + e + ", which this task never"
                                        + " raises: its errors are " + prefix + "<exception class> or States.*");
                            }
                            continue;
                        }
                        if (e.startsWith("Lambda.")) {
                            continue;
                        }
                        errorClasses.add(e);
                        checkErrorClass(name, field, e, problems);
                    }
                }
            }
            JsonNode processor = state.has("ItemProcessor") ? state.get("ItemProcessor") : state.path("Iterator");
            if (processor.has("States")) {
                walk(processor.get("States"), wiring, problems, functions, tables, errorClasses, buckets, counts);
            }
            for (JsonNode branch : state.path("Branches")) {
                walk(branch.path("States"), wiring, problems, functions, tables, errorClasses, buckets, counts);
            }
        });
    }

    /**
     * A Map's ItemReader or ResultWriter: {@code expected} on a bucket of the template. A ResultWriter with
     * only a WriterConfig writes nothing (it reshapes the Map's result) and is not checked.
     */
    private static void checkObjects(String state, String field, String expected, JsonNode config,
                                     TemplateWiring wiring, List<String> problems, Set<String> buckets) {
        if (!config.has("Resource")) {
            return;
        }
        String resource = config.path("Resource").asText();
        if (!expected.equals(resource)) {
            problems.add("State \"" + state + "\": " + field + ".Resource " + resource + " is not " + expected);
            return;
        }
        JsonNode arguments = config.has("Arguments") ? config.path("Arguments") : config.path("Parameters");
        String bucket = arguments.path("Bucket").asText();
        var spec = wiring.bucket(bucket);
        spec.ifPresent(b -> buckets.add(b.logicalId()));
        if (spec.isEmpty()) {
            problems.add("State \"" + state + "\": " + field + ".Arguments.Bucket " + bucket + " is not an S3 bucket of "
                    + "template.yaml (buckets: " + wiring.buckets().values().stream()
                    .map(TemplateWiring.BucketSpec::name).toList() + ")");
        }
    }

    private static void checkErrorClass(String state, String field, String name, List<String> problems) {
        try {
            Class<?> type = Class.forName(name);
            if (!Throwable.class.isAssignableFrom(type)) {
                problems.add("State \"" + state + "\": " + field + " matches " + name + ", which is not an exception class");
            }
        } catch (ClassNotFoundException e) {
            problems.add("State \"" + state + "\": " + field + " matches " + name
                    + ", but no such class exists: a Lambda's error name is its exception's class name");
        }
    }

    private static void checkHandler(FunctionSpec spec, List<String> problems) {
        String where = "template.yaml: " + spec.logicalId() + ".Handler " + spec.handlerClass() + "::" + spec.handlerMethod();
        Class<?> type;
        try {
            type = Class.forName(spec.handlerClass());
        } catch (ClassNotFoundException e) {
            problems.add(where + ": no such class in functions/");
            return;
        }
        try {
            type.getConstructor();
            type.getConstructor(Map.class);
        } catch (NoSuchMethodException e) {
            problems.add(where + ": needs a public no-arg constructor (Lambda) and one taking its environment (local runner)");
        }
        boolean hasMethod = Arrays.stream(type.getMethods()).anyMatch(m -> m.getName().equals(spec.handlerMethod())
                && m.getParameterCount() == 2 && m.getParameterTypes()[1] == Context.class);
        if (!hasMethod) {
            problems.add(where + ": no public method " + spec.handlerMethod() + "(input, Context)");
        }
    }
}
