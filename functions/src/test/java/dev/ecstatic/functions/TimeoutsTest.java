package dev.ecstatic.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Each function's Timeout in template.yaml covers the worst case its handler declares
 * ({@code WORST_CASE}, a sum of the SDK timeouts in {@link Clients}), so that a handler always ends
 * with its own error before Lambda stops it; and the comment beside each Timeout states that worst
 * case as the code computes it. Tagged "template": template.yaml is absent when functions/ is built
 * on its own.
 */
@Tag("template")
class TimeoutsTest {
    private static final Path TEMPLATE = Path.of("../template.yaml");
    private static final Pattern RESOURCE = Pattern.compile("^  ([A-Za-z0-9]+):\\s*$");
    private static final Pattern HANDLER = Pattern.compile("^      Handler: ([\\w.]+)::\\w+\\s*$");
    private static final Pattern TIMEOUT = Pattern.compile("^      Timeout: (\\d+)\\s*(?:# worst case (\\d+) s.*)?$");

    /** What the template says of one function. */
    record Function(String logicalId, String handler, Integer timeout, Integer statedWorstCase) {
    }

    static Map<String, Function> functions() throws IOException {
        Map<String, Function> functions = new LinkedHashMap<>();
        String resource = null;
        String handler = null;
        Integer timeout = null;
        Integer stated = null;
        boolean inResources = false;
        for (String line : Files.readAllLines(TEMPLATE)) {
            if (!line.startsWith(" ") && !line.isBlank() && !line.startsWith("#")) {
                inResources = line.startsWith("Resources:");
                continue;
            }
            Matcher m;
            if (inResources && (m = RESOURCE.matcher(line)).matches()) {
                if (handler != null) {
                    functions.put(resource, new Function(resource, handler, timeout, stated));
                }
                resource = m.group(1);
                handler = null;
                timeout = null;
                stated = null;
            } else if (inResources && (m = HANDLER.matcher(line)).matches()) {
                handler = m.group(1);
            } else if (inResources && (m = TIMEOUT.matcher(line)).matches()) {
                timeout = Integer.valueOf(m.group(1));
                stated = m.group(2) == null ? null : Integer.valueOf(m.group(2));
            }
        }
        if (handler != null) {
            functions.put(resource, new Function(resource, handler, timeout, stated));
        }
        return functions;
    }

    private static Duration worstCase(String handler) throws ReflectiveOperationException {
        var field = Class.forName(handler).getDeclaredField("WORST_CASE");
        field.setAccessible(true);
        return (Duration) field.get(null);
    }

    @Test
    void everyFunctionsTimeout_coversItsHandlersWorstCase_andSaysIt() throws Exception {
        Map<String, Function> functions = functions();

        assertThat(functions.values()).extracting(Function::handler).containsExactlyInAnyOrder(
                ListClustersHandler.class.getName(), ListInstancesHandler.class.getName(),
                AssessHealthHandler.class.getName(), UpdateOneAgentHandler.class.getName(),
                NotifyHandler.class.getName(), ConcludeHandler.class.getName(), DigestHandler.class.getName(),
                ReplaceInstanceHandler.class.getName(), SummarizeHandler.class.getName());
        for (Function f : functions.values()) {
            Duration worst = worstCase(f.handler());
            assertThat(f.timeout()).as(f.logicalId() + " states its own Timeout").isNotNull();
            assertThat(Duration.ofSeconds(f.timeout())).as(f.logicalId() + "'s Timeout against " + f.handler()
                    + ".WORST_CASE").isGreaterThanOrEqualTo(worst);
            assertThat(f.timeout()).as("Lambda's maximum").isLessThanOrEqualTo(900);
            assertThat(f.statedWorstCase()).as(f.logicalId() + ": the comment beside Timeout")
                    .isEqualTo((int) Math.ceil(worst.toMillis() / 1000.0));
        }
    }

    @Test
    void worstCases_areTheArithmeticTheCodeDeclares() {
        assertThat(ListClustersHandler.WORST_CASE).as("cluster reads, the catalogue, the run's clusters to S3")
                .isEqualTo(Duration.ofSeconds(200 * 4 + 4 + 8 + 30 + 5));
        assertThat(SummarizeHandler.WORST_CASE).as("manifest, clusters, 12 result files, the report")
                .isEqualTo(Duration.ofSeconds((1 + 1 + 12 + 1) * 30 + 5));
        assertThat(ListInstancesHandler.WORST_CASE).as("ECS reads, then the AMI reads' budget")
                .isEqualTo(Duration.ofSeconds(100 * 8 + 11 * 8 + 4 + 5));
        assertThat(UpdateOneAgentHandler.WORST_CASE).isEqualTo(Duration.ofSeconds(20 * 10 + 8 + 10 + 4 + 5));
        assertThat(NotifyHandler.WORST_CASE).as("SSM, the webhook's connect and request, SNS, EventBridge")
                .isEqualTo(Duration.ofSeconds(8 + 5 + 5 + 3 + 3 + 5));
        assertThat(ConcludeHandler.WORST_CASE).as("at most one post, as Notify").isEqualTo(NotifyHandler.WORST_CASE);
        assertThat(DigestHandler.WORST_CASE).as("at most one post, as Notify").isEqualTo(NotifyHandler.WORST_CASE);
        assertThat(AssessHealthHandler.WORST_CASE).isEqualTo(Duration.ofSeconds(5));
        assertThat(ReplaceInstanceHandler.WORST_CASE).as("DRAIN: 4 + 2 task + 100 cluster + 4 template reads, 1 drain")
                .isEqualTo(Duration.ofSeconds((4 + 2 + 100 + 4 + 1) * 8 + 4 + 5));
        assertThat(List.of(Clients.READ_CALL_TIMEOUT, Clients.CLUSTER_READ_CALL_TIMEOUT, Clients.UPDATE_TIMEOUT))
                .as("the constants the numbers above come from").containsExactly(Duration.ofSeconds(8),
                        Duration.ofSeconds(4), Duration.ofSeconds(10));
        assertThat(Clients.S3_CALL_TIMEOUT).isEqualTo(Duration.ofSeconds(30));
        assertThat(Clients.STS_CALL_TIMEOUT).isEqualTo(Duration.ofSeconds(4));
    }
}
