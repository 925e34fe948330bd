package dev.ecstatic.cli.state;

import dev.ecstatic.cli.Home;
import dev.ecstatic.cli.aws.AwsProblems;
import dev.ecstatic.cli.simulate.StateDirectory;
import dev.ecstatic.cli.wiring.TemplateWiring;
import dev.ecstatic.cli.wiring.TemplateWiring.TableSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * {@code ecstatic state}: what ecstatic remembers of each cluster (docs/memory.md), read from a
 * simulator's state directory or from the deployed stack's table in AWS.
 */
@Command(name = "state", mixinStandardHelpOptions = true,
        description = {"Print what ecstatic remembers of each cluster: the last run, the lease, the open problem, "
                + "the updates under way and the instances it cannot update.",
                "From a simulation's --state DIR, or from the deployed stack's table in AWS (--table NAME, with the "
                        + "default credential chain). Exit 0 when read, 1 on bad arguments, 2 when the table cannot be read."})
public final class StateCommand implements Callable<Integer> {

    /** The region of a simulation's tables: the demo fleet's, and a fleet file's default. */
    static final String SIMULATED_REGION = "us-east-1";

    @Spec CommandSpec spec;

    @Option(names = "--cluster", paramLabel = "C", description = "Only this cluster (its name).")
    String cluster;

    @Option(names = "--table", paramLabel = "NAME",
            description = "The memory table: in AWS, the stack's MemoryTable (aws cloudformation describe-stack-resource "
                    + "--stack-name STACK --logical-resource-id MemoryTable); with --state, default: template.yaml's.")
    String table;

    @Option(names = "--state", paramLabel = "DIR", description = "A simulator state directory (simulate --state DIR).")
    Path stateDir;

    @Option(names = "--region", paramLabel = "R", description = "The table's region in AWS (default: the SDK's default "
            + "region chain).")
    String region;

    /** How the AWS client is built; tests put one of their own. */
    Function<Region, DynamoDbClient> awsClients = region -> DynamoDbClient.builder()
            .region(region).httpClient(UrlConnectionHttpClient.create()).build();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (stateDir == null && table == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "say where the memory is: --state DIR (a "
                    + "simulation's state directory, from ecstatic simulate --state DIR) or --table NAME (the deployed "
                    + "stack's MemoryTable in AWS)");
        }
        List<Map<String, AttributeValue>> items;
        String name;
        if (stateDir != null) {
            if (!Files.isDirectory(stateDir)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--state " + stateDir + ": no such directory");
            }
            name = table != null ? table : templateTable();
            try (StateDirectory state = StateDirectory.open(stateDir, region == null ? SIMULATED_REGION : region)) {
                items = StateDirectory.items(state.dynamo(), name);
            } catch (ResourceNotFoundException e) {
                err.println("ecstatic state: no table " + name + " in " + stateDir
                        + " (ecstatic simulate --state " + stateDir + " creates it)");
                err.flush();
                return 2;
            }
            print(items, name, null, out);
            return 0;
        }
        name = table;
        String where = region == null ? "the default region" : "region " + region;
        try {
            Region r = region != null ? Region.of(region) : DefaultAwsRegionProviderChain.builder().build().getRegion();
            where = "region " + r.id();
            try (DynamoDbClient dynamo = awsClients.apply(r)) {
                items = StateDirectory.items(dynamo, name);
            }
        } catch (ResourceNotFoundException e) {
            err.println("ecstatic state: no table " + name + " in " + where);
            err.flush();
            return 2;
        } catch (SdkException e) {
            err.println("ecstatic state: cannot read table " + name + " in " + where + ": " + AwsProblems.explain(e));
            err.flush();
            return 2;
        }
        print(items, name, Instant.now(), out);
        return 0;
    }

    /** The table template.yaml's {@code MemoryTableName} substitution names, or its only table. */
    private String templateTable() throws IOException {
        TemplateWiring wiring = TemplateWiring.load(Home.find().resolve("template.yaml"), SIMULATED_REGION,
                "123456789012", Map.of());
        String named = wiring.substitutions().get("MemoryTableName");
        if (named != null) {
            return named;
        }
        List<TableSpec> tables = List.copyOf(wiring.tables().values());
        if (tables.size() != 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "template.yaml has " + tables.size()
                    + " DynamoDB tables and no MemoryTableName substitution: name the table with --table");
        }
        return tables.getFirst().name();
    }

    private void print(List<Map<String, AttributeValue>> items, String name, Instant now, PrintWriter out) {
        List<Map<String, AttributeValue>> shown = items.stream()
                .filter(item -> cluster == null || (item.get("cluster") != null && cluster.equals(item.get("cluster").s())))
                .sorted(Comparator.comparing((Map<String, AttributeValue> item) -> text(item, "cluster"))
                        .thenComparing(item -> text(item, "scope")))
                .toList();
        if (shown.isEmpty()) {
            out.println(cluster == null ? "ecstatic remembers no cluster yet (table " + name + " is empty)"
                    : "ecstatic remembers nothing of cluster " + cluster + " (table " + name + ")");
        }
        for (int i = 0; i < shown.size(); i++) {
            if (i > 0) {
                out.println();
            }
            MemoryText.block(shown.get(i), now).forEach(out::println);
        }
        out.flush();
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.s() == null ? "" : value.s();
    }
}
