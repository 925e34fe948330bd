package dev.ecstatic.cli.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecstatic.asl.DefinitionException;
import dev.ecstatic.asl.Engine;
import dev.ecstatic.asl.EngineClock;
import dev.ecstatic.asl.Execution;
import dev.ecstatic.asl.ExecutionStatus;
import dev.ecstatic.cli.Causes;
import dev.ecstatic.cli.Home;
import dev.ecstatic.cli.Inputs;
import dev.ecstatic.cli.ParameterOverrides;
import dev.ecstatic.cli.aws.AwsProblems;
import dev.ecstatic.cli.integrations.AwsIntegrations;
import dev.ecstatic.cli.lambda.LambdaTaskInvoker;
import dev.ecstatic.cli.lambda.LocalStateMachine;
import dev.ecstatic.cli.simulate.SimulationReport;
import dev.ecstatic.cli.simulate.TextReport;
import dev.ecstatic.cli.wiring.TemplateWiring;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * {@code ecstatic run}: the state machine and handlers in this process, against real AWS with the
 * default credential chain, like the original tool's command-line mode. Waits take real time.
 * The region, the credentials and every {@code --parameter} are checked before anything runs.
 * Task states that call DynamoDB or S3, and Distributed Maps reading or writing S3 objects, call AWS
 * through the same SDK configuration (an {@code AWS_ENDPOINT_URL_*} variable points one elsewhere).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the state machine locally against real AWS (default credential chain and region): "
                + "the same definition and handlers as the deployed stack, in this process.",
                "Webhook: ECSTATIC_WEBHOOK_URL if set. Exit 0 if the execution succeeded, 1 if it could not run, 2 if it failed."})
public final class RunCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @CommandLine.Mixin Inputs inputs = new Inputs();

    @CommandLine.Mixin ParameterOverrides parameters = new ParameterOverrides();

    @CommandLine.Option(names = "--table", paramLabel = "ID=NAME",
            description = "The deployed stack's name of a table of template.yaml, by logical id, e.g. MemoryTable=NAME "
                    + "(aws cloudformation describe-stack-resource --stack-name STACK --logical-resource-id MemoryTable); "
                    + "required for each table the state machine uses: CloudFormation adds a random suffix.")
    Map<String, String> tables = new HashMap<>();

    @CommandLine.Option(names = "--bucket", paramLabel = "ID=NAME",
            description = "The deployed stack's name of a bucket of template.yaml, by logical id, e.g. RunsBucket=NAME "
                    + "(the stack's RunsBucketName output); required for each bucket the state machine or a function uses.")
    Map<String, String> buckets = new HashMap<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String input = inputs.executionInput(spec.commandLine());
        Path home = Home.find();
        Map<String, String> overrides = new HashMap<>(parameters.checked(spec.commandLine(), home));
        String region;
        try {
            region = DefaultAwsRegionProviderChain.builder().build().getRegion().id();
            // The Lambdas build their clients with the same default chain: a missing credential
            // would otherwise surface as the first function's error, after the run has started.
            DefaultCredentialsProvider.builder().build().resolveCredentials();
        } catch (SdkException e) {
            throw new IllegalStateException(AwsProblems.explain(e));
        }
        String webhook = System.getenv("ECSTATIC_WEBHOOK_URL");
        if (webhook != null && !overrides.containsKey("WebhookUrl")) {
            overrides.put("WebhookUrl", webhook);
        }
        Map<String, String> names = new HashMap<>(tables);
        names.putAll(buckets);
        // The names given are checked before anything calls AWS; the account plays no part in them.
        TemplateWiring named = TemplateWiring.load(home.resolve("template.yaml"), region, "000000000000", overrides, names);
        checkTablesNamed(named);
        checkBucketsNamed(named);
        String accountId = homeAccount(region);
        LocalStateMachine local = LocalStateMachine.load(home, overrides, names, region, accountId, line -> {
            synchronized (err) {
                err.println(line);
                err.flush();
            }
        });
        Execution execution;
        try (AwsIntegrations integrations = new AwsIntegrations(region)) {
            Engine engine = integrations.plugInto(Engine.builder().integration(new LambdaTaskInvoker(local.lambdas())))
                    .clock(EngineClock.system()).region(region).accountId(accountId).build();
            try {
                engine.validate(local.machine());
            } catch (DefinitionException e) {
                throw new IllegalStateException(local.wiring().definitionFile() + " calls what this runner cannot:\n"
                        + e.getMessage(), e);
            }
            execution = engine.run(local.machine(), "local-run-" + Instant.now().toEpochMilli(), input);
        }
        out.println("status: " + execution.status());
        out.flush();
        if (execution.status() != ExecutionStatus.SUCCEEDED) {
            err.println("error: " + execution.error());
            err.println("cause: " + Causes.readable(execution.cause()));
            err.flush();
            return 2;
        }
        List<SimulationReport.Cluster> records;
        try (S3Client s3 = S3Client.builder().region(Region.of(region)).httpClient(UrlConnectionHttpClient.create()).build()) {
            records = SimulationReport.Cluster.of(execution.output(), SimulationReport.ReportObjects.of(s3));
        }
        TextReport.printRecords(records, SimulationReport.totals(execution.output()), out);
        out.println("totals: " + new ObjectMapper().readTree(execution.output()).path("totals"));
        out.flush();
        return 0;
    }

    /**
     * A bucket the definition or a function uses must be the stack's (the runs bucket): locally it would be
     * named ecstatic-runsbucket, which in AWS is someone else's, or nobody's.
     */
    private void checkBucketsNamed(TemplateWiring wiring) throws IOException {
        String definition = wiring.definition();
        for (TemplateWiring.BucketSpec bucket : wiring.buckets().values()) {
            boolean used = definition.contains(bucket.name()) || wiring.functions().values().stream()
                    .anyMatch(f -> f.environment().containsValue(bucket.name()));
            if (!buckets.containsKey(bucket.logicalId()) && used) {
                throw new CommandLine.ParameterException(spec.commandLine(), "the state machine uses the bucket "
                        + bucket.logicalId() + ": give the deployed stack's name for it, --bucket " + bucket.logicalId()
                        + "=NAME (aws cloudformation describe-stacks --stack-name STACK prints it as the output "
                        + bucket.logicalId() + "Name)");
            }
        }
    }

    /**
     * AWS::AccountId, the home account (the functions' ECSTATIC_ACCOUNT_ID): the credentials' own, as the
     * deployed functions' role is the stack account's. A cluster of any other account is reached through the
     * member role, so a wrong one here would send every cluster through AssumeRole.
     * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html (no permission needed)
     */
    private static String homeAccount(String region) {
        try (StsClient sts = StsClient.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(region)).build()) {
            return sts.getCallerIdentity().account();
        } catch (SdkException e) {
            throw new IllegalStateException(AwsProblems.explain(e));
        }
    }

    /** A table the definition uses must be the stack's, whose name only CloudFormation knows. */
    private void checkTablesNamed(TemplateWiring wiring) throws IOException {
        String definition = wiring.definition();
        for (TemplateWiring.TableSpec table : wiring.tables().values()) {
            if (!tables.containsKey(table.logicalId()) && definition.contains(table.name())) {
                throw new CommandLine.ParameterException(spec.commandLine(), "the state machine uses the table "
                        + table.logicalId() + ": give the deployed stack's name for it, --table " + table.logicalId()
                        + "=NAME (aws cloudformation describe-stack-resource --stack-name STACK --logical-resource-id "
                        + table.logicalId() + " prints it as PhysicalResourceId)");
            }
        }
    }
}
