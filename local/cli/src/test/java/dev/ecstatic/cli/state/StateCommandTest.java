package dev.ecstatic.cli.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ecstatic.cli.Main;
import dev.ecstatic.cli.simulate.Simulation;
import dev.ecstatic.cli.simulate.StackTables;
import dev.ecstatic.cli.wiring.TemplateWiring;
import dev.ecstatic.simulator.AwsSimulator;
import dev.ecstatic.simulator.Fleet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@code ecstatic state}: the memory from a simulation's state directory or from AWS, and every way it cannot be read. */
class StateCommandTest {

    static final String TABLE = "ecstatic-MemoryTable";
    static final Fleet NO_FLEET = Fleet.parse("{\"latestAgentVersion\": \"1.0.0\", \"clusters\": []}", "no fleet");
    static final String RUN = "arn:aws:states:us-east-1:123456789012:execution:ecstatic/Clusters:simulated-run-3";

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    picocli.CommandLine cli;

    @BeforeEach
    void commandLine() {
        cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
    }

    static Map<String, AttributeValue> item(String cluster, String... attributes) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(MemoryTextTest.item(attributes));
        item.put("cluster", AttributeValue.fromS(cluster));
        return item;
    }

    /** template.yaml's tables. */
    static java.util.Collection<TemplateWiring.TableSpec> tables() throws Exception {
        return TemplateWiring.load(dev.ecstatic.cli.Home.find().resolve("template.yaml"), "us-east-1",
                "123456789012", Map.of()).tables().values();
    }

    /** The memory table of template.yaml in a state directory, with these items, written at simulated time. */
    static void memory(Path state, List<Map<String, AttributeValue>> items) throws Exception {
        try (AwsSimulator simulator = AwsSimulator.start(NO_FLEET, 0, Clock.fixed(Simulation.EPOCH, ZoneOffset.UTC), state);
             DynamoDbClient dynamo = StackTables.client(simulator.endpoint(), "us-east-1")) {
            StackTables.create(dynamo, tables());
            items.forEach(item -> dynamo.putItem(b -> b.tableName(TABLE).item(item)));
        }
    }

    @Test
    void fromAStateDirectory_everyClusterIsABlockInNameOrder_andAMalformedMemoryIsOneLine(@TempDir Path state)
            throws Exception {
        memory(state, List.of(
                item("prod-web", "memory", MemoryTextTest.MEMORY, "lastOutcome", "BLOCKED", "lastRun", RUN,
                        "lastRunTime", "2026-01-05T12:00:00Z", "expiresAt", "1770206400"),
                item("batch", "memory", "{\"problem\": 42}", "lastOutcome", "HEALTHY",
                        "lastRunTime", "2026-01-05T12:00:00Z", "expiresAt", "1770206400"),
                item("checkout", "leaseOwner", RUN, "leaseUntil", "1767618000")));

        int code = cli.execute("state", "--state", state.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).isEqualTo(String.join("\n",
                "batch  (123456789012#us-east-1)",
                "  last run      HEALTHY at 2026-01-05T12:00:00Z",
                "  lease         free",
                "  memory        unreadable: problem is not an object",
                "",
                "checkout  (123456789012#us-east-1)",
                "  last run      none yet",
                "  lease         held by ecstatic/Clusters:simulated-run-3 until 2026-01-05T13:00:00Z",
                "  memory        none yet (no run has concluded in this cluster)",
                "",
                "prod-web  (123456789012#us-east-1)",
                "  last run      BLOCKED at 2026-01-05T12:00:00Z (ecstatic/Clusters:simulated-run-3)",
                "  lease         free",
                "  problem       AGENTS_DISCONNECTED since 2026-01-05T09:00:00Z, seen by 4 run(s), 7 instance(s): "
                        + "i-01, i-02, i-03, i-04, i-05 and 2 more; last alerted 2026-01-05T09:00:00Z (webhook)",
                "                7 agent(s) still disconnected after a recheck: not updating this cluster",
                "  error         ERROR since 2026-01-05T11:00:00Z, seen by 2 run(s); last alerted 2026-01-05T11:00:00Z (webhook)",
                "                List instances failed: States.Timeout",
                "  updates       i-0d since 2026-01-05T11:00:00Z, i-0e since 2026-01-05T12:00:00Z",
                "  cannot update 2 instance(s): i-w1, i-w2 since 2026-01-05T09:00:00Z, 1 without an update path; last said 2",
                "").replace("\n", System.lineSeparator()));
    }

    @Test
    void readingAStateDirectory_deletesNothing_thoughTheMemorysTtlIsPastOnTheRealClock(@TempDir Path state)
            throws Exception {
        memory(state, List.of(item("prod-web", "lastOutcome", "HEALTHY", "expiresAt", "1770206400")));

        cli.execute("state", "--state", state.toString());
        cli.execute("state", "--state", state.toString());

        assertThat(out.toString()).contains("HEALTHY").doesNotContain("remembers no cluster");
    }

    @Test
    void clusterOption_showsThatClusterOnly_orSaysItIsNotRemembered(@TempDir Path state) throws Exception {
        memory(state, List.of(item("prod-web", "lastOutcome", "HEALTHY"), item("batch", "lastOutcome", "BLOCKED")));

        assertThat(cli.execute("state", "--state", state.toString(), "--cluster", "batch")).isZero();
        assertThat(out.toString()).contains("batch", "BLOCKED").doesNotContain("prod-web");

        assertThat(cli.execute("state", "--state", state.toString(), "--cluster", "nope")).isZero();
        assertThat(out.toString()).contains("ecstatic remembers nothing of cluster nope (table ecstatic-MemoryTable)");
    }

    @Test
    void anEmptyTable_saysSo(@TempDir Path state) throws Exception {
        memory(state, List.of());

        assertThat(cli.execute("state", "--state", state.toString())).isZero();
        assertThat(out.toString()).isEqualTo("ecstatic remembers no cluster yet (table ecstatic-MemoryTable is empty)"
                + System.lineSeparator());
    }

    @Test
    void aStateDirectoryWithoutTheTable_exits2NamingTableAndDirectory(@TempDir Path state) {
        assertThat(cli.execute("state", "--state", state.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("ecstatic state: no table ecstatic-MemoryTable in " + state
                + " (ecstatic simulate --state " + state + " creates it)" + System.lineSeparator());
    }

    @Test
    void aStateDirectoryThatDoesNotExist_exits1(@TempDir Path dir) {
        assertThat(cli.execute("state", "--state", dir.resolve("nope").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("--state " + dir.resolve("nope") + ": no such directory");
    }

    @Test
    void neitherStateNorTable_exits1SayingHowToGiveOne() {
        assertThat(cli.execute("state")).isEqualTo(1);
        assertThat(err.toString()).contains("say where the memory is: --state DIR").contains("--table NAME");
    }

    /** The command's AWS client, pointed at {@code endpoint} with these credentials. */
    private void aws(URI endpoint, AwsCredentialsProvider credentials) {
        StateCommand command = cli.getSubcommands().get("state").getCommand();
        Function<Region, DynamoDbClient> clients = region -> DynamoDbClient.builder().region(region)
                .endpointOverride(endpoint).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create()).build();
        command.awsClients = clients;
    }

    private static final AwsCredentialsProvider SOME_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret"));

    @Test
    void fromAws_theTableIsReadAndAnExpiredLeaseIsFree() throws Exception {
        try (AwsSimulator simulator = AwsSimulator.start(NO_FLEET, 0, Clock.systemUTC());
             DynamoDbClient dynamo = StackTables.client(simulator.endpoint(), "us-east-1")) {
            StackTables.create(dynamo, tables());
            dynamo.putItem(b -> b.tableName(TABLE).item(item("prod-web", "leaseOwner", RUN, "leaseUntil", "1767618000")));
            aws(simulator.endpoint(), SOME_CREDENTIALS);

            int code = cli.execute("state", "--table", TABLE, "--region", "us-east-1");

            assertThat(code).as(err.toString()).isZero();
            assertThat(out.toString()).contains("  lease         free (held by ecstatic/Clusters:simulated-run-3 until "
                    + "2026-01-05T13:00:00Z, expired)");
        }
    }

    @Test
    void fromAws_noSuchTable_isOneLineNamingTableAndRegion_exit2() {
        try (AwsSimulator simulator = AwsSimulator.start(NO_FLEET, 0, Clock.systemUTC())) {
            aws(simulator.endpoint(), SOME_CREDENTIALS);

            int code = cli.execute("state", "--table", "ecstatic-MemoryTable-1ABC", "--region", "eu-west-1");

            assertThat(code).isEqualTo(2);
            assertThat(err.toString()).isEqualTo("ecstatic state: no table ecstatic-MemoryTable-1ABC in region eu-west-1"
                    + System.lineSeparator());
        }
    }

    @Test
    void fromAws_accessDenied_isOneLineNamingTableAndRegion_exit2() throws Exception {
        HttpServer denying = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        denying.createContext("/", exchange -> {
            byte[] body = ("{\"__type\":\"com.amazon.coral.service#AccessDeniedException\",\"Message\":\"User: "
                    + "arn:aws:iam::123456789012:user/dev is not authorized to perform: dynamodb:Scan\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        denying.start();
        try {
            aws(URI.create("http://127.0.0.1:" + denying.getAddress().getPort()), SOME_CREDENTIALS);

            int code = cli.execute("state", "--table", TABLE, "--region", "eu-west-1");

            assertThat(code).isEqualTo(2);
            assertThat(err.toString()).isEqualTo("ecstatic state: cannot read table ecstatic-MemoryTable in region "
                    + "eu-west-1: AccessDeniedException: User: arn:aws:iam::123456789012:user/dev is not authorized to "
                    + "perform: dynamodb:Scan" + System.lineSeparator());
        } finally {
            denying.stop(0);
        }
    }

    @Test
    void fromAws_noCredentials_isOneLineSayingHowToSetThem_exit2() {
        AwsCredentialsProvider none = () -> {
            throw SdkClientException.create("Unable to load credentials from any of the providers in the chain "
                    + "AwsCredentialsProviderChain(credentialsProviders=[...])");
        };
        aws(URI.create("http://127.0.0.1:9"), none);

        int code = cli.execute("state", "--table", TABLE, "--region", "eu-west-1");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("ecstatic state: cannot read table ecstatic-MemoryTable in region "
                + "eu-west-1: no AWS credentials: set AWS_PROFILE").doesNotContain("\tat ").hasLineCount(1);
    }
}
