package dev.ecstatic.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecstatic.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Issue 12's "done when", as a newcomer sees it: {@code ./ecstatic simulate --runs 24} on the demo
 * fleet, a day of hourly runs. Before the memory it sent 78 messages, 24 for each unchanged problem.
 * Now: one alert per unchanged problem (no reminder is due within the day), a RESOLVED for the
 * problem that clears (search's disconnect heals after about 4 hours), the stuck update alerted
 * (staging), instances ecstatic cannot update said once, one daily digest, and every started update
 * announced.
 */
class DemoFleetDayTest {

    /** Each webhook message: the cluster it names (before the first ':') and its header (what it is about). */
    record Message(String cluster, String about) {
    }

    static List<Message> messages;
    static JsonNode doc;

    @BeforeAll
    static void simulateADay() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));

        int code = cli.execute("simulate", "--runs", "24", "--json");

        assertThat(code).as(err.toString()).isZero();
        doc = new ObjectMapper().readTree(out.toString());
        messages = new ArrayList<>();
        for (JsonNode m : doc.path("messages")) {
            String text = m.path("text").asText();
            String about = text;
            for (JsonNode block : m.path("blocks")) {
                if (block.path("type").asText().equals("header")) {
                    about = block.path("text").path("text").asText();
                }
            }
            String cluster = text.startsWith("ecstatic daily digest") ? "(fleet)" : text.substring(0, text.indexOf(':'));
            messages.add(new Message(cluster, about.startsWith("ecstatic daily digest") ? "digest" : about));
        }
    }

    private static Map<String, Integer> count(String aboutPrefix) {
        Map<String, Integer> byCluster = new TreeMap<>();
        messages.stream().filter(m -> m.about().startsWith(aboutPrefix)).forEach(m -> byCluster.merge(m.cluster(), 1,
                Integer::sum));
        return byCluster;
    }

    /**
     * Issue 15: the demo fleet names a topic and a bus, so the day's notifications also go to SNS and
     * EventBridge: the same ones as the webhook (each record's {@code text} is the webhook message's line),
     * in the same order for each cluster (branches run side by side: across clusters the targets may
     * interleave differently), with kinds, subjects and attributes as docs/payloads.md says.
     */
    @Test
    void snsAndEventBridge_getTheSameNotificationsAsTheWebhook() {
        Map<String, List<String>> webhook = new TreeMap<>();
        for (JsonNode m : doc.path("messages")) {
            String text = m.path("text").asText();
            String cluster = text.startsWith("ecstatic daily digest") ? "(fleet)" : text.substring(0, text.indexOf(':'));
            webhook.computeIfAbsent(cluster, c -> new ArrayList<>()).add(text);
        }
        Map<String, List<String>> sns = new TreeMap<>();
        for (JsonNode m : doc.path("sns")) {
            JsonNode record = m.path("message");
            sns.computeIfAbsent(record.path("cluster").asText("(fleet)"), c -> new ArrayList<>())
                    .add(record.path("text").asText());
            assertThat(m.path("topicArn").asText()).isEqualTo("arn:aws:sns:us-east-1:123456789012:ecstatic-alerts");
            assertThat(m.path("attributes").path("kind").asText()).isEqualTo(record.path("kind").asText());
            if (record.has("cluster")) {
                assertThat(m.path("attributes").path("cluster").asText()).isEqualTo(record.path("cluster").asText());
                assertThat(m.path("attributes").path("account").asText()).isEqualTo("123456789012");
                assertThat(m.path("attributes").path("region").asText()).isEqualTo("us-east-1");
            } else {
                assertThat(m.path("attributes").has("cluster")).as("no empty attribute for the digest").isFalse();
            }
            assertThat(m.path("subject").asText()).startsWith("ecstatic " + record.path("kind").asText())
                    .hasSizeLessThan(100).matches("[\\x20-\\x7e]+");
        }
        Map<String, List<String>> events = new TreeMap<>();
        for (JsonNode e : doc.path("events")) {
            JsonNode detail = e.path("detail");
            events.computeIfAbsent(detail.path("cluster").asText("(fleet)"), c -> new ArrayList<>())
                    .add(detail.path("text").asText());
            assertThat(e.path("source").asText()).isEqualTo("ecstatic");
            assertThat(e.path("detailType").asText()).isEqualTo(detail.path("kind").asText());
            assertThat(e.path("eventBusArn").asText()).isEqualTo("arn:aws:events:us-east-1:123456789012:event-bus/ecstatic-ops");
        }

        assertThat(doc.path("sns")).hasSize(doc.path("messages").size());
        assertThat(doc.path("events")).hasSize(doc.path("messages").size());
        assertThat(sns).isEqualTo(webhook);
        assertThat(events).isEqualTo(webhook);
        List<String> kinds = new ArrayList<>();
        doc.path("sns").forEach(m -> kinds.add(m.path("message").path("kind").asText()));
        assertThat(kinds).as("the day's kinds").contains("UPDATE_STARTED", "AGENTS_DISCONNECTED", "RESOLVED",
                "CANNOT_UPDATE", "DIGEST");
    }

    @Test
    void everyRunSucceeds() {
        assertThat(doc.path("runs")).hasSize(24).allSatisfy(r -> assertThat(r.path("status").asText()).isEqualTo("SUCCEEDED"));
    }

    @Test
    void eachUnchangedProblemIsAlertedOnce() {
        assertThat(count("ECS agents disconnected")).containsExactlyInAnyOrderEntriesOf(Map.of("batch", 1, "search", 1));
        assertThat(count("ECS agent update failed")).containsExactlyInAnyOrderEntriesOf(
                Map.of("analytics", 1, "ml-training", 1));
        assertThat(count("ecstatic could not check")).containsExactlyEntriesOf(Map.of("payments", 1));
    }

    @Test
    void theStuckUpdateIsAlertedOnce_withItsRemedy() {
        assertThat(count("ECS agent update stuck")).containsExactlyEntriesOf(Map.of("staging", 1));
        assertThat(doc.path("messages").toString()).contains("restart the agent");
    }

    @Test
    void theDisconnectThatHealsIsResolvedOnce() {
        assertThat(count("Resolved")).containsExactlyEntriesOf(Map.of("search", 1));
    }

    @Test
    void whatEcstaticCannotUpdateIsSaidOnce() {
        assertThat(count("ECS agents ecstatic cannot update")).containsExactlyInAnyOrderEntriesOf(
                Map.of("windows-build", 1, "legacy", 1, "arm-fleet", 1, "windows-web", 1, "bottlerocket", 1));
    }

    @Test
    void oneDigestADay() {
        assertThat(count("digest")).containsExactlyEntriesOf(Map.of("(fleet)", 1));
    }

    @Test
    void everyStartedUpdateIsAnnounced() {
        long started = 0;
        for (JsonNode run : doc.path("runs")) {
            for (JsonNode c : run.path("clusters")) {
                if (c.path("outcome").asText().equals("STARTED")) {
                    started += c.path("instances").size();
                }
            }
        }
        assertThat(started).isPositive();
        assertThat(count("ECS agent update started").values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo((int) started);
    }

    @Test
    void withoutReplace_notOneInstanceIsDrainedOrTerminated() {
        // ReplaceInstances defaults to never. Each run's counts are the simulator's, of every API it serves
        // but SSM and DynamoDB: ECS's, and EC2's and Auto Scaling's on their own.
        List<String> actions = new ArrayList<>();
        for (JsonNode run : doc.path("runs")) {
            run.path("stats").path("ecsCalls").fieldNames().forEachRemaining(actions::add);
            run.path("stats").path("ec2AutoScalingCalls").fieldNames().forEachRemaining(actions::add);
        }

        assertThat(actions).contains("UpdateContainerAgent", "DescribeContainerInstances", "DescribeAutoScalingGroups")
                .doesNotContain("UpdateContainerInstancesState", "TerminateInstanceInAutoScalingGroup", "ListTasks",
                        "DescribeScalingActivities");
    }

    @Test
    void aDayIsAFewMessagesNotSeventyEight() {
        // 19 for the clusters before issue 13's (and the digest); 7 for its groups: arm-fleet's, bottlerocket's
        // and windows-web's instances ecstatic cannot update, 2 updates each started in web-fleet and al2-migration.
        List<String> issue13 = List.of("web-fleet", "arm-fleet", "al2-migration", "bottlerocket", "windows-web");
        assertThat(messages.stream().filter(m -> !issue13.contains(m.cluster()))).hasSize(19);
        assertThat(messages).hasSize(26);
    }

    @Test
    void runsStartedTogetherSendOneDigest_theConditionalWriteDecides() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));

        assertThat(cli.execute("simulate", "--parallel-runs", "3", "--json")).isZero();

        JsonNode together = new ObjectMapper().readTree(out.toString());
        assertThat(together.path("runs")).hasSize(3);
        int digests = 0;
        for (JsonNode m : together.path("messages")) {
            digests += m.path("text").asText().startsWith("ecstatic daily digest") ? 1 : 0;
        }
        assertThat(digests).isEqualTo(1);
    }

    @Test
    void aClusterOutsideItsWindowIsAssessedEveryRunAndNeverUpdated() {
        // The day runs from Monday 09:00 to Tuesday 08:00; reports may be updated on Saturdays only.
        int seen = 0;
        for (JsonNode run : doc.path("runs")) {
            for (JsonNode c : run.path("clusters")) {
                if (c.path("cluster").asText().equals("reports")) {
                    seen++;
                    assertThat(c.path("outcome").asText()).isEqualTo("OUTSIDE_WINDOW");
                    assertThat(c.path("detail").asText()).startsWith("outside the update window Sat 02:00-06:00 UTC");
                }
            }
        }
        assertThat(seen).as("reports in every run").isEqualTo(24);
        assertThat(messages).noneMatch(m -> m.cluster().equals("reports"));
    }

    @Test
    void aSilencedClustersProblemIsShownEveryRun_butAlertedOnlyWhenTheSilenceEnds() {
        JsonNode first = doc.path("runs").get(0).path("clusters");
        boolean blockedInTheFirstRun = false;
        for (JsonNode c : first) {
            blockedInTheFirstRun |= c.path("cluster").asText().equals("ml-training")
                    && c.path("outcome").asText().equals("BLOCKED");
        }
        assertThat(blockedInTheFirstRun).as("the report shows the problem while silenced").isTrue();
        int digest = messages.indexOf(new Message("(fleet)", "digest"));
        int alert = messages.indexOf(new Message("ml-training", "ECS agent update failed, cluster not updated"));
        assertThat(alert).as("silenced until 15:00: alerted after the first run, whose digest ends it")
                .isGreaterThan(digest).isPositive();
    }
}
