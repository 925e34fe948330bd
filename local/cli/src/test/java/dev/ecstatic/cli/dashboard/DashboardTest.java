package dev.ecstatic.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecstatic.asl.Execution;
import dev.ecstatic.cli.Home;
import dev.ecstatic.cli.simulate.SimulateCommand;
import dev.ecstatic.cli.simulate.Simulation;
import dev.ecstatic.cli.simulate.SimulationReport;
import dev.ecstatic.cli.wiring.CloudFormationYaml;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * template.yaml's dashboard against what the functions really emit: two runs of the demo fleet (with
 * replacements on and the daily digest due at the first run, so that every metric and every sender of
 * it has a say) collect the EMF lines the local Lambdas log, and
 * every widget's metric must be one of them; the SVG drawn from those runs shows their figures.
 */
class DashboardTest {
    static final Path HOME = Home.find();
    static final String REGION = "us-east-1";
    static DashboardBody body;
    static final MetricData EMITTED = new MetricData();
    static final List<Execution> EXECUTIONS = new ArrayList<>();
    static final List<SimulationReport.Run> RUNS = new ArrayList<>();

    @BeforeAll
    static void twoRunsOfTheDemoFleet() throws Exception {
        body = DashboardBody.load(HOME.resolve("template.yaml"), REGION);
        try (Simulation simulation = Simulation.builder(HOME, SimulateCommand.demoFleet())
                .parameters(Map.of("ReplaceInstances", "unupdatable", "DigestHourUtc",
                        String.valueOf(Simulation.EPOCH.atZone(java.time.ZoneOffset.UTC).getHour()))).logSink(EMITTED).start()) {
            for (int i = 0; i < 2; i++) {
                Instant started = simulation.now();
                EMITTED.startRun(started);
                Simulation.Outcome outcome = simulation.run("{}");
                EMITTED.execution(outcome.execution(), body.stateMachine());
                EXECUTIONS.add(outcome.execution());
                RUNS.add(outcome.run());
                simulation.advance(Duration.between(simulation.now(), started.plus(simulation.scheduleInterval())));
            }
        }
    }

    @Test
    void everyWidget_namesAMetricTheFunctionsEmit_orAStatesMetricOfThisStacksStateMachine() {
        assertThat(body.widgets()).hasSizeGreaterThanOrEqualTo(7);
        assertThat(EMITTED.unreadable()).isEmpty();

        assertThat(DashboardCheck.problems(body, EMITTED)).isEmpty();
        assertThat(body.widgets().stream().flatMap(w -> w.metrics().stream()).map(DashboardBody.Metric::identity))
                .contains("ecstatic/Clusters [FunctionName, Outcome]", "ecstatic/OutdatedAgents [FunctionName, Platform]",
                        "ecstatic/UpdatesStarted [FunctionName]", "ecstatic/ReplacementsStarted [FunctionName]",
                        "ecstatic/BlockedClusters [FunctionName]", "ecstatic/BlockedForHours [FunctionName]",
                        "ecstatic/NotificationsFailed [FunctionName]", "AWS/States/ExecutionTime [StateMachineArn]",
                        "AWS/States/ExecutionsFailed [StateMachineArn]", "AWS/States/ExecutionsTimedOut [StateMachineArn]");
    }

    @Test
    void aWidgetNamingAnUnemittedMetric_aWrongSender_aTargetSeries_orAnotherStateMachine_isCaught() {
        String widget = """
                {"widgets": [{"type": "metric", "x": 0, "y": 0, "width": 12, "height": 6, "properties": {
                  "title": "t", "stat": "Sum", "period": 3600, "region": "us-east-1", "metrics": [%s]}}]}""";
        Map<String, String> cases = Map.of(
                "[\"ecstatic\", \"NoSuchMetric\", \"FunctionName\", \"NotifyFunction\"]",
                "ecstatic/NoSuchMetric [FunctionName] is not a metric the functions emit",
                "[\"ecstatic\", \"UpdatesStarted\", \"FunctionName\", \"NotifyFunction\"]",
                "under FunctionName NotifyFunction, but [UpdateOneAgentFunction] sent it",
                "[\"ecstatic\", \"BlockedClusters\", \"FunctionName\", \"AssessHealthFunction\", \"Account\", \"123456789012\","
                        + " \"Region\", \"us-east-1\"]", "is a per-target series",
                "[\"ecstatic\", \"Clusters\", \"FunctionName\", \"SummarizeFunction\", \"Outcome\", \"FINE\"]",
                "Outcome FINE is none the functions send",
                "[\"AWS/States\", \"ExecutionsFailed\", \"StateMachineArn\", \"SomeOtherMachine\"]",
                "is not of this stack's state machine",
                "[\"ecstatic\", \"BlockedClusters\", \"FunctionName\", \"AssessHealthFunction\", \"Cluster\", \"prod-web\"]",
                "ecstatic/BlockedClusters [FunctionName, Cluster] is not a metric the functions emit");
        cases.forEach((metric, problem) -> {
            DashboardBody wrong = DashboardBody.parse(widget.formatted(metric), "Wrong", body.stateMachine(), "test");

            assertThat(DashboardCheck.problems(wrong, EMITTED)).as(metric).anyMatch(p -> p.contains(problem));
        });
    }

    @Test
    void aWidgetLeavingOutASender_isCaught_asTheFailedNotificationsWidgetOnceShowedNotifyOnly() {
        // Conclude and Digest send NotificationsFailed under their own names, as Notify does.
        assertThat(senders("NotificationsFailed")).containsExactlyInAnyOrder("NotifyFunction", "ConcludeFunction",
                "DigestFunction");
        String notifyOnly = """
                {"widgets": [{"type": "metric", "x": 16, "y": 7, "width": 8, "height": 6, "properties": {
                  "title": "Failed notifications", "stat": "Sum", "period": 3600, "region": "us-east-1", "metrics": [
                  ["ecstatic", "NotificationsFailed", "FunctionName", "NotifyFunction", {"label": "Notifications failed"}]]}}]}""";

        assertThat(DashboardCheck.problems(DashboardBody.parse(notifyOnly, "Old", body.stateMachine(), "test"), EMITTED))
                .singleElement().asString().contains("ecstatic/NotificationsFailed [FunctionName] is also sent by"
                        + " [ConcludeFunction, DigestFunction], which the widget does not show (it shows [NotifyFunction])");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theNotificationsFailedAlarm_readsEveryFunctionThatEmitsTheMetric() throws Exception {
        Map<String, Object> template = (Map<String, Object>) CloudFormationYaml.parse(
                Files.readString(HOME.resolve("template.yaml")));
        Map<String, Object> alarm = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) template
                .get("Resources")).get("NotificationsFailedAlarm")).get("Properties");
        List<Object> read = new ArrayList<>();
        for (Object query : (List<Object>) alarm.get("Metrics")) {
            Map<String, Object> stat = (Map<String, Object>) ((Map<String, Object>) query).get("MetricStat");
            if (stat != null && "NotificationsFailed".equals(((Map<String, Object>) stat.get("Metric")).get("MetricName"))) {
                ((List<Map<String, Object>>) ((Map<String, Object>) stat.get("Metric")).get("Dimensions")).stream()
                        .filter(d -> "FunctionName".equals(d.get("Name"))).forEach(d -> read.add(d.get("Value")));
            }
        }

        // Locally a function's name is its logical id; deployed, !Ref of that id is its name.
        assertThat(read).containsAll(senders("NotificationsFailed").stream().map(f -> Map.of("Ref", f)).toList());
    }

    @Test
    void run2_saysTheDemosBlockedClustersHaveBeenBlockedForTheHoursBetweenTheRuns() {
        DashboardBody.Metric blockedFor = body.widgets().stream().flatMap(w -> w.metrics().stream())
                .filter(m -> m.name().equals("BlockedForHours")).findFirst().orElseThrow();
        assertThat(blockedFor.stat()).isEqualTo("Maximum");
        List<List<String>> blocked = RUNS.stream().map(r -> r.clusters().stream().filter(c -> c.outcome().equals("BLOCKED"))
                .map(SimulationReport.Cluster::cluster).toList()).toList();
        assertThat(blocked.get(0)).as("the demo's clusters blocked in run 1").isNotEmpty();
        assertThat(blocked.get(1)).as("still blocked in run 2").containsAll(blocked.get(0));
        double hours = Duration.between(EMITTED.runStarts().get(0), EMITTED.runStarts().get(1)).toSeconds() / 3600.0;

        // Run 1 sees the problems first (0 hours); run 2 finds them in the memory (the ASL's openProblem,
        // Assess health's BlockedForHours) first seen at run 1: the hours between the runs, at the hourly schedule 1.
        assertThat(EMITTED.series(blockedFor)).containsExactly(0.0, hours);
        assertThat(hours).isEqualTo(1.0);
    }

    private static java.util.Set<String> senders(String metric) {
        return EMITTED.points().stream().filter(p -> p.namespace().equals("ecstatic") && p.name().equals(metric)
                        && p.dimensions().keySet().equals(java.util.Set.of("FunctionName")))
                .map(p -> p.dimensions().get("FunctionName")).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    @Test
    void aWidgetLeavingOutAnOutcome_isCaught_soNoEmittedSeriesIsInvisible() {
        DashboardBody.Widget outcomes = body.widgets().stream()
                .filter(w -> w.metrics().getFirst().dimensions().containsKey("Outcome")).findFirst().orElseThrow();
        DashboardBody.Widget fewer = new DashboardBody.Widget(outcomes.x(), outcomes.y(), outcomes.width(),
                outcomes.height(), outcomes.title(), outcomes.stacked(), outcomes.stat(), outcomes.period(),
                outcomes.leftLabel(), outcomes.rightLabel(), outcomes.metrics().subList(1, outcomes.metrics().size()));

        assertThat(DashboardCheck.problems(new DashboardBody("D", body.stateMachine(), List.of(fewer)), EMITTED))
                .singleElement().asString().contains("leaves out Outcome [" + outcomes.metrics().getFirst()
                        .dimensions().get("Outcome") + "]");
    }

    @Test
    void theDashboard_readsAtMost50Metrics_aFreeTierDashboardsLimit_asTheReadmeSays() throws Exception {
        long metrics = body.widgets().stream().mapToLong(w -> w.metrics().size()).sum();

        assertThat(metrics).isLessThanOrEqualTo(50);
        assertThat(Files.readString(HOME.resolve("README.md"))).contains("The dashboard itself reads " + metrics + " metrics");
    }

    @Test
    void theWidgets_fitTheGrid_withoutOverlapping() {
        boolean[][] taken = new boolean[24][200];
        for (DashboardBody.Widget w : body.widgets()) {
            assertThat(w.x() + w.width()).as(w.title()).isLessThanOrEqualTo(24);
            for (int x = w.x(); x < w.x() + w.width(); x++) {
                for (int y = w.y(); y < w.y() + w.height(); y++) {
                    assertThat(taken[x][y]).as("%s overlaps another widget at %d,%d", w.title(), x, y).isFalse();
                    taken[x][y] = true;
                }
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void oneDashboardPerStack_namedAfterTheStackAndRegion_itsUrlAnOutput() throws Exception {
        Map<String, Object> template = (Map<String, Object>) CloudFormationYaml.parse(
                Files.readString(HOME.resolve("template.yaml")));
        Map<String, Object> resources = (Map<String, Object>) template.get("Resources");
        List<String> dashboards = resources.entrySet().stream()
                .filter(e -> "AWS::CloudWatch::Dashboard".equals(((Map<String, Object>) e.getValue()).get("Type")))
                .map(Map.Entry::getKey).toList();
        assertThat(dashboards).containsExactly(body.logicalId());
        Map<String, Object> properties = (Map<String, Object>) ((Map<String, Object>) resources.get(body.logicalId()))
                .get("Properties");
        // Dashboards are global to the account: the region keeps two regions' stacks of one name apart.
        assertThat(properties.get("DashboardName")).isEqualTo(Map.of("Fn::Sub", "${AWS::StackName}-${AWS::Region}"));

        String url = String.valueOf(((Map<String, Object>) ((Map<String, Object>) template.get("Outputs"))
                .get("DashboardUrl")).get("Value"));
        assertThat(url).contains("https://${AWS::Region}.console.aws.amazon.com/cloudwatch/home?region=${AWS::Region}"
                + "#dashboards/dashboard/${" + body.logicalId() + "}", "console.amazonaws.cn", "console.amazonaws-us-gov.com");
    }

    @Test
    void anUnknownSubstitution_orNoDashboard_isAClearError() {
        String template = """
                Resources:
                  D:
                    Type: AWS::CloudWatch::Dashboard
                    Properties:
                      DashboardBody: !Sub '{"widgets": [{"type": "metric", "properties": {"metrics": [["ecstatic", "X", "FunctionName", "${Nope}"]]}}]}'
                """;

        assertThatThrownBy(() -> DashboardBody.of(template, REGION, "t.yaml"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("t.yaml: D: ${Nope} is neither a resource of the"
                        + " template nor AWS::Region or AWS::StackName");
        assertThatThrownBy(() -> DashboardBody.of("Resources: {}\n", REGION, "t.yaml"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("t.yaml has no AWS::CloudWatch::Dashboard resource");
        assertThatThrownBy(() -> DashboardBody.parse("{\"widgets\": [{\"type\": \"metric\", \"properties\": {\"metrics\":"
                + " [[\"ecstatic\", \"X\", \"FunctionName\"]]}}]}", "D", "M", "t"))
                .hasMessageContaining("has a dimension name without its value");
    }

    @Test
    void theSvg_isWellFormed_withAPanelPerWidget_showingTheRunsOwnFigures() throws Exception {
        String svg = DashboardSvg.render(body, EMITTED, "Simulated on the demo fleet");
        Path out = Files.createDirectories(Path.of("target")).resolve("dashboard-test.svg");
        Files.writeString(out, svg);

        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        List<Element> widgets = elements(doc, "g", "widget");
        assertThat(widgets).extracting(w -> w.getAttribute("data-title"))
                .containsExactlyElementsOf(body.widgets().stream().map(DashboardBody.Widget::title).toList());
        assertThat(svg).doesNotContain("<script", "href=");

        // Each outcome's points are the run's own counts, from its per-cluster records.
        Map<String, Element> series = elements(doc, "g", "series").stream()
                .collect(Collectors.toMap(e -> e.getAttribute("data-dimensions"), e -> e, (a, b) -> a));
        for (String outcome : DashboardCheck.BOUNDED.get("Outcome")) {
            List<String> expected = RUNS.stream().map(r -> r.clusters().stream()
                    .filter(c -> c.outcome().equals(outcome)).count()).map(n -> n == 0 ? "" : String.valueOf(n)).toList();
            assertThat(values(series.get("FunctionName=SummarizeFunction,Outcome=" + outcome))).as(outcome)
                    .isEqualTo(expected);
        }
        assertThat(values(series.get("StateMachineArn=" + body.stateMachine())).getFirst()).as("ExecutionTime of run 1")
                .isEqualTo(String.valueOf(Duration.between(EXECUTIONS.getFirst().startDate(),
                        EXECUTIONS.getFirst().stopDate()).toMillis()));
        assertThat(values(series.get("FunctionName=ReplaceInstanceFunction")).getFirst()).as("replacements in run 1")
                .isNotEmpty().isNotEqualTo("0");
        // The legend names what has data: the outcomes of the runs, not all nineteen.
        assertThat(svg).contains("STARTED (max ").doesNotContain("WOULD_REPLACE (max ");
    }

    private static List<String> values(Element series) {
        assertThat(series).isNotNull();
        return Arrays.asList(series.getAttribute("data-values").split(",", -1));
    }

    private static List<Element> elements(Document doc, String tag, String cssClass) {
        NodeList nodes = doc.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            if (cssClass.equals(e.getAttribute("class"))) {
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void metricData_readsEachDimensionSetOfAnEmfLineAsAMetric_andIgnoresOtherLines() {
        MetricData data = new MetricData();
        data.startRun(Instant.parse("2026-01-05T09:00:00Z"));
        data.accept("{\"level\":\"INFO\",\"event\":\"decision\"}");
        data.accept("{\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[{\"Namespace\":\"ecstatic\",\"Dimensions\":"
                + "[[\"FunctionName\"],[\"FunctionName\",\"Account\",\"Region\"]],\"Metrics\":[{\"Name\":\"M\",\"Unit\":\"Count\"}]}]},"
                + "\"FunctionName\":\"F\",\"Account\":\"123456789012\",\"Region\":\"eu-west-1\",\"M\":2}");
        data.accept("{\"_aws\": not json");

        assertThat(data.identities()).containsExactly("ecstatic/M [FunctionName, Account, Region]", "ecstatic/M [FunctionName]");
        assertThat(data.unreadable()).hasSize(1);
        assertThat(data.series(new DashboardBody.Metric("ecstatic", "M", Map.of("FunctionName", "F"), "M", "Sum", false)))
                .containsExactly(2.0);
        assertThatThrownBy(() -> data.series(new DashboardBody.Metric("ecstatic", "M", Map.of("FunctionName", "F"), "M",
                "p99", false))).hasMessageContaining("statistic p99 is not drawn locally");
    }
}
