package dev.ecstatic.cli.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecstatic.cli.Main;
import dev.ecstatic.cli.simulate.HtmlReport;
import dev.ecstatic.cli.simulate.SimulationReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code simulate --report} as a person sees it: the page opened in headless Chromium (Debian's), checked
 * for script errors, console errors and any request beyond the file itself, its convergence figure read
 * back from the DOM as Chromium laid it out and compared with the run data of {@code --json}; a screenshot
 * of the simulated week is left in target/report-screenshot.png for the reviewer.
 */
class ReportInChromiumTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path TARGET = Path.of("target").toAbsolutePath();

    /** What the page shows, read in the browser: each convergence point where it was drawn, the rows. */
    static final String READ_PAGE = """
            (() => {
              const svg = document.getElementById('convergence-figure');
              const box = svg ? svg.getBoundingClientRect() : null;
              const points = svg ? [...svg.querySelectorAll('circle.point')].map(c => {
                const r = c.getBoundingClientRect();
                return { platform: c.dataset.platform, run: +c.dataset.run, instances: +c.dataset.instances,
                         atNewest: +c.dataset.atNewest, y: r.top + r.height / 2 - box.top, shown: r.width > 0 };
              }) : [];
              const names = [...document.querySelectorAll('.timeline tbody tr')].map(tr => tr.dataset.names);
              return JSON.stringify({
                plotTop: svg ? +svg.dataset.plotTop : 0, plotHeight: svg ? +svg.dataset.plotHeight : 0,
                points, names,
                messages: document.querySelectorAll('.messages tbody tr').length,
                scripts: document.scripts.length,
                height: document.documentElement.scrollHeight });
            })()
            """;

    @Test
    void aSimulatedWeekOfTheDemoFleet_rendersWithoutErrors_itsConvergenceFigureIsTheRunData() throws Exception {
        Path html = TARGET.resolve("report-demo-week.html");
        JsonNode doc = simulate(html, "--runs", "168");

        try (Chromium chromium = Chromium.start(RequiredTool.chromium(System.getenv()))) {
            JsonNode page = open(chromium, html);

            assertConvergenceIsTheRunData(page, doc);
            assertThat(page.path("messages").asInt()).isEqualTo(doc.path("messages").size()).isPositive();
            assertThat(clustersInRows(page)).as("every cluster of the runs in some row").isEqualTo(distinctClusters(doc));
            assertThat(page.path("names").size()).as("17 clusters, each with events: a row each")
                    .isEqualTo(distinctClusters(doc));
            // The page's script: finding a cluster hides the other rows.
            JsonNode found = chromium.evaluate("""
                    (() => { const f = document.getElementById('filter'); f.value = 'batch';
                      f.dispatchEvent(new Event('input'));
                      return [...document.querySelectorAll('.timeline tbody tr')].filter(tr => !tr.hidden).length; })()
                    """);
            assertThat(found.asInt()).isEqualTo(1);
            chromium.evaluate("(() => { const f = document.getElementById('filter'); f.value = '';"
                    + " f.dispatchEvent(new Event('input')); return 0; })()");

            byte[] png = screenshot(chromium);
            Files.write(TARGET.resolve("report-screenshot.png"), png);
            assertThat(png).startsWith(0x89, 'P', 'N', 'G');
            assertNoErrorsNorRequests(chromium, html);
        }
    }

    @Test
    void oneRun_rendersAPointPerPlatformAndItsRecords() throws Exception {
        Path html = TARGET.resolve("report-demo-one-run.html");
        JsonNode doc = simulate(html, "--runs", "1");

        try (Chromium chromium = Chromium.start(RequiredTool.chromium(System.getenv()))) {
            JsonNode page = open(chromium, html);

            assertConvergenceIsTheRunData(page, doc);
            assertThat(page.path("points").size()).isEqualTo(doc.path("runs").get(0).path("agents").size());
            assertThat(clustersInRows(page)).isEqualTo(distinctClusters(doc));
            assertNoErrorsNorRequests(chromium, html);
        }
    }

    @Test
    void namesThatAreMarkup_showAsText_andNoneOfTheirScriptRuns() throws Exception {
        String evil = "<script>window.pwned = 1</script><img src=x onerror=\"window.pwned = 2\">";
        Map<String, Object> message = Map.of("text", evil.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                + ": ECS agents disconnected, cluster not updated [123456789012 · us-east-1]. " + evil);
        SimulationReport report = new SimulationReport(List.of(new SimulationReport.Run("SUCCEEDED",
                List.of(new SimulationReport.Cluster(evil, "BLOCKED", List.of("i-1"), evil)), Map.of("clusters", 1L),
                new SimulationReport.Stats(0, 0, 0, 0, 0, Map.of(), Map.of(), Map.of()), null, null,
                "2026-01-05T09:00:00Z", "2026-01-05T09:01:00Z",
                Map.of(evil, new SimulationReport.Agents(1, 0, "1.89.0")))),
                List.of(JSON.valueToTree(message)), new SimulationReport.Fleet(Map.of(), Map.of(), Map.of()),
                List.of("2026-01-05T09:00:30Z"));
        Path html = TARGET.resolve("report-markup-names.html");
        Files.writeString(html, HtmlReport.render(report, evil));

        try (Chromium chromium = Chromium.start(RequiredTool.chromium(System.getenv()))) {
            JsonNode page = open(chromium, html);

            assertThat(chromium.evaluate("typeof window.pwned").asText()).isEqualTo("undefined");
            assertThat(page.path("scripts").asInt()).as("the report's own script only").isEqualTo(1);
            assertThat(chromium.evaluate("document.querySelector('.timeline .name').textContent").asText())
                    .isEqualTo(evil);
            assertThat(chromium.evaluate("document.querySelector('h1').textContent").asText()).endsWith(evil);
            assertThat(page.path("points").get(0).path("platform").asText()).isEqualTo(evil);
            assertNoErrorsNorRequests(chromium, html);
        }
    }

    /** {@code ecstatic simulate --json --report html ARGS}, in this JVM: its JSON document. */
    static JsonNode simulate(Path html, String... args) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of("simulate", "--json", "--report", html.toString()));
        all.addAll(List.of(args));
        Files.createDirectories(html.getParent());
        Files.deleteIfExists(html);

        int code = cli.execute(all.toArray(String[]::new));

        assertThat(code).as("simulate exit code; stderr: %s", err).isZero();
        assertThat(html).exists();
        return JSON.readTree(out.toString());
    }

    /** Opens the file in a 1280×1500 window, waits for its load event and reads it ({@link #READ_PAGE}). */
    static JsonNode open(Chromium chromium, Path html) throws Exception {
        chromium.send("Page.enable", Map.of());
        chromium.send("Runtime.enable", Map.of());
        chromium.send("Log.enable", Map.of());
        chromium.send("Network.enable", Map.of());
        chromium.send("Emulation.setDeviceMetricsOverride", Map.of("width", 1280, "height", 1500,
                "deviceScaleFactor", 1, "mobile", false));
        chromium.send("Page.navigate", Map.of("url", html.toUri().toString()));
        chromium.await("Page.loadEventFired", Chromium.WAIT);
        return JSON.readTree(chromium.evaluate(READ_PAGE).asText());
    }

    /** Every point the figure drew is one run's numbers of one platform, at the height its share says. */
    static void assertConvergenceIsTheRunData(JsonNode page, JsonNode doc) {
        List<String> expected = new ArrayList<>();
        JsonNode runs = doc.path("runs");
        for (int i = 0; i < runs.size(); i++) {
            int run = i + 1;
            runs.get(i).path("agents").fields().forEachRemaining(e -> {
                if (e.getValue().path("instances").asLong() > 0) {
                    expected.add(e.getKey() + " run " + run + ": " + e.getValue().path("atNewest").asLong() + "/"
                            + e.getValue().path("instances").asLong());
                }
            });
        }
        assertThat(expected).as("the run data names agents").isNotEmpty();
        List<String> drawn = new ArrayList<>();
        for (JsonNode p : page.path("points")) {
            drawn.add(p.path("platform").asText() + " run " + p.path("run").asInt() + ": " + p.path("atNewest").asLong()
                    + "/" + p.path("instances").asLong());
            double share = p.path("atNewest").asDouble() / p.path("instances").asDouble();
            assertThat(p.path("shown").asBoolean()).as("point %s drawn", drawn.getLast()).isTrue();
            assertThat(p.path("y").asDouble()).as("height of %s", drawn.getLast())
                    .isCloseTo(page.path("plotTop").asDouble() + (1 - share) * page.path("plotHeight").asDouble(),
                            within(0.6));
        }
        assertThat(drawn).containsExactlyInAnyOrderElementsOf(expected);
    }

    static void assertNoErrorsNorRequests(Chromium chromium, Path html) {
        assertThat(chromium.events(e -> e.path("method").asText().equals("Runtime.exceptionThrown")))
                .as("script errors").isEmpty();
        assertThat(chromium.events(e -> e.path("method").asText().equals("Runtime.consoleAPICalled")
                && List.of("error", "assert").contains(e.path("params").path("type").asText()))).as("console errors")
                .isEmpty();
        assertThat(chromium.events(e -> e.path("method").asText().equals("Log.entryAdded")
                && e.path("params").path("entry").path("level").asText().equals("error"))).as("browser errors").isEmpty();
        List<String> requested = chromium.events(e -> e.path("method").asText().equals("Network.requestWillBeSent"))
                .stream().map(e -> e.path("params").path("request").path("url").asText()).toList();
        assertThat(requested).as("what the page asked for").containsExactly(html.toUri().toString());
    }

    static byte[] screenshot(Chromium chromium) throws Exception {
        JsonNode shot = chromium.send("Page.captureScreenshot", Map.of("format", "png"));
        return Base64.getDecoder().decode(shot.path("data").asText());
    }

    /** The clusters the timeline's rows hold (a row's {@code data-names}: its clusters, one a line). */
    static int clustersInRows(JsonNode page) {
        int n = 0;
        for (JsonNode names : page.path("names")) {
            n += names.asText().split("\n").length;
        }
        return n;
    }

    static int distinctClusters(JsonNode doc) {
        java.util.Set<String> names = new java.util.HashSet<>();
        doc.path("runs").forEach(r -> r.path("clusters").forEach(c -> names.add(c.path("account").asText() + "/"
                + c.path("region").asText() + "/" + c.path("cluster").asText())));
        return names.size();
    }
}
