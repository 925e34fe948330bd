package dev.ecstatic.cli.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * {@code simulate --report FILE.html}: the runs of a {@link SimulationReport} as one self-contained page
 * (inline CSS, inline SVG, a few lines of inline script; nothing fetched when it is opened): the fleet's
 * convergence (agents at the newest version, by platform, after each run), a timeline per cluster (each
 * run's outcome as a coloured cell; updates started, replacements, alerts, reminders and resolutions as
 * marks linked to their message) and the webhook's messages at their time. Clusters with the same
 * history (outcomes, and kinds of marks in the same runs; with events, only past a page of clusters)
 * share a row, rows with events come first, and past {@value #ROWS_SHOWN} rows the rest fold
 * into pages, so a fleet of thousands stays readable. Every string from the run is HTML-escaped.
 */
public final class HtmlReport {

    /** Timeline rows shown open; the rest fold into pages of as many. */
    static final int ROWS_SHOWN = 100;
    /** Messages listed open; the rest fold into pages of as many. */
    static final int MESSAGES_SHOWN = 200;
    /** A message's text is cut here (the whole text is the row's tooltip). */
    static final int TEXT_SHOWN = 600;

    private static final int PLOT_WIDTH = 760;
    private static final int PLOT_HEIGHT = 220;
    private static final int PLOT_LEFT = 48;
    private static final int PLOT_TOP = 12;
    private static final int TIMELINE_WIDTH = 720;
    private static final int CELL_HEIGHT = 16;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final String[] PALETTE = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
        "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"};

    private HtmlReport() {}

    /** What a mark on the timeline stands for. */
    enum MarkKind {
        UPDATE("update started", "#1f5fbf"),
        REPLACEMENT("replacement", "#7b3fa0"),
        ALERT("alert", "#c62828"),
        REMINDER("reminder", "#ef6c00"),
        RESOLUTION("resolved", "#2e7d32"),
        OTHER("message", "#555555");

        final String label;
        final String colour;

        MarkKind(String label, String colour) {
            this.label = label;
            this.colour = colour;
        }
    }

    /** A webhook message as the report reads it: its kind from its title, its cluster from its fields. */
    record Message(int index, Instant time, int run, String kind, MarkKind mark, String cluster, String account,
                   String region, String text) {}

    /** Something that happened to a cluster in a run; {@code message} is the message's index, or -1. */
    record Mark(int run, MarkKind kind, String label, int message) {}

    /**
     * One cluster's history: its outcome in each run (null: not in that run) and its marks; clusters of the
     * same {@link #signature} share a row.
     */
    record History(String name, String target, List<String> outcomes, List<Mark> marks) {
        String signature() {
            StringBuilder s = new StringBuilder();
            outcomes.forEach(o -> s.append(o).append(','));
            // A message's kind (AGENTS_DISCONNECTED, UPDATE_FAILED…) tells alerts apart; an update's count does not.
            marks.forEach(m -> s.append('|').append(m.run()).append(m.kind()).append(m.kind() == MarkKind.UPDATE
                    || m.label().indexOf(':') < 0 ? "" : m.label().substring(0, m.label().indexOf(':'))));
            return s.toString();
        }

        boolean eventful() {
            return !marks.isEmpty() || outcomes.stream().filter(Objects::nonNull).distinct().count() > 1;
        }
    }

    /** Clusters whose histories are the same, shown as one row. */
    record Row(List<History> members) {
        History first() {
            return members.getFirst();
        }
    }

    /** The whole page. */
    public static String render(SimulationReport report, String fleetName) {
        List<SimulationReport.Run> runs = report.runs();
        List<Message> messages = messages(report);
        List<Row> rows = rows(runs, messages);
        Map<String, Integer> rowOfCluster = new LinkedHashMap<>();
        for (int r = 0; r < rows.size(); r++) {
            for (History h : rows.get(r).members()) {
                rowOfCluster.put(key(h.name(), h.target()), r);
            }
        }
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                // Nothing is fetched, and the one script that runs is the report's own (by its hash): a string of
                // the run that escaped escaping still could not run.
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
                .append("style-src 'unsafe-inline'; script-src '").append(SCRIPT_HASH).append("'\">")
                .append("<title>ecstatic simulate: ").append(esc(fleetName)).append("</title><style>").append(CSS)
                .append("</style></head><body>\n");
        header(html, report, fleetName, messages);
        convergence(html, runs);
        timeline(html, runs, rows);
        messageList(html, messages, rowOfCluster);
        html.append("<script>").append(SCRIPT).append("</script>\n</body></html>\n");
        return html.toString();
    }

    private static void header(StringBuilder html, SimulationReport report, String fleetName, List<Message> messages) {
        List<SimulationReport.Run> runs = report.runs();
        html.append("<header><h1>ecstatic simulate: ").append(esc(fleetName)).append("</h1><p>")
                .append(runs.size()).append(runs.size() == 1 ? " run" : " runs");
        Instant first = runs.isEmpty() ? null : instant(runs.getFirst().start());
        Instant last = runs.isEmpty() ? null : instant(runs.getLast().start());
        if (first != null && last != null) {
            html.append(", ").append(esc(WHEN.format(first))).append(first.equals(last) ? "" : " to " + esc(WHEN.format(last)))
                    .append(" UTC (simulated)");
        }
        long failed = runs.stream().filter(r -> !r.status().equals("SUCCEEDED")).count();
        html.append(" · ").append(messages.size()).append(messages.size() == 1 ? " webhook message" : " webhook messages");
        if (failed > 0) {
            html.append(" · <b class=\"bad\">").append(failed).append(" run(s) did not succeed</b>");
        }
        html.append("</p>");
        if (!runs.isEmpty() && runs.getLast().totals() != null) {
            html.append("<p>Last run: ");
            List<String> parts = new ArrayList<>();
            runs.getLast().totals().forEach((k, v) -> {
                if (v > 0 && !k.equals("clusters") && !k.equals("excluded") && !k.equals("notificationsFailed")) {
                    parts.add("<span class=\"chip\" style=\"background:" + outcomeColour(k) + "\"></span>" + esc(k) + " " + v);
                }
            });
            html.append(parts.isEmpty() ? "no clusters" : String.join(" · ", parts)).append("</p>");
        }
        html.append("</header>\n");
    }

    /** One line per platform: the share of its agents at the newest version after each run. */
    private static void convergence(StringBuilder html, List<SimulationReport.Run> runs) {
        html.append("<section id=\"convergence\"><h2>Convergence: agents at the newest version, by platform</h2>\n");
        TreeSet<String> platforms = new TreeSet<>();
        runs.forEach(r -> {
            if (r.agents() != null) {
                platforms.addAll(r.agents().keySet());
            }
        });
        if (platforms.isEmpty()) {
            html.append("<p class=\"note\">No registered instances in any run.</p></section>\n");
            return;
        }
        int n = runs.size();
        int width = PLOT_LEFT + PLOT_WIDTH + 60;
        int height = PLOT_TOP + PLOT_HEIGHT + 36;
        html.append("<svg id=\"convergence-figure\" class=\"figure\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" role=\"img\" aria-label=\"Share of agents at the newest version after each run\"")
                .append(" data-plot-top=\"").append(PLOT_TOP).append("\" data-plot-height=\"").append(PLOT_HEIGHT)
                .append("\">");
        for (int pct = 0; pct <= 100; pct += 25) {
            double y = y(pct / 100.0);
            html.append("<line class=\"grid\" x1=\"").append(PLOT_LEFT).append("\" x2=\"").append(PLOT_LEFT + PLOT_WIDTH)
                    .append("\" y1=\"").append(fmt(y)).append("\" y2=\"").append(fmt(y)).append("\"/>")
                    .append("<text class=\"axis\" x=\"").append(PLOT_LEFT - 6).append("\" y=\"").append(fmt(y + 4))
                    .append("\" text-anchor=\"end\">").append(pct).append("%</text>");
        }
        for (int run : ticks(n)) {
            double x = x(run, n);
            html.append("<text class=\"axis\" x=\"").append(fmt(x)).append("\" y=\"").append(PLOT_TOP + PLOT_HEIGHT + 16)
                    .append("\" text-anchor=\"middle\">").append(esc(runLabel(runs, run))).append("</text>");
        }
        int colour = 0;
        // Platforms at the same share draw over each other: each line is narrower than the one drawn before
        // it, so a shared stretch shows as a band of their colours.
        double stroke = 2 + 1.5 * (platforms.size() - 1);
        StringBuilder legend = new StringBuilder("<ul class=\"legend\">");
        for (String platform : platforms) {
            String c = PALETTE[colour++ % PALETTE.length];
            StringBuilder points = new StringBuilder();
            StringBuilder line = new StringBuilder();
            SimulationReport.Agents lastSeen = null;
            for (int i = 0; i < n; i++) {
                Map<String, SimulationReport.Agents> agents = runs.get(i).agents();
                SimulationReport.Agents a = agents == null ? null : agents.get(platform);
                if (a == null || a.instances() == 0) {
                    continue;
                }
                lastSeen = a;
                double share = (double) a.atNewest() / a.instances();
                double x = x(i + 1, n);
                double y = y(share);
                line.append(line.isEmpty() ? "" : " ").append(fmt(x)).append(',').append(fmt(y));
                points.append("<circle class=\"point\" cx=\"").append(fmt(x)).append("\" cy=\"").append(fmt(y))
                        .append("\" r=\"").append(n > 60 ? 2 : 3.5).append("\" fill=\"").append(c)
                        .append("\" data-platform=\"").append(esc(platform)).append("\" data-run=\"").append(i + 1)
                        .append("\" data-instances=\"").append(a.instances()).append("\" data-at-newest=\"")
                        .append(a.atNewest()).append("\"><title>").append(esc(platform)).append(", run ").append(i + 1)
                        .append(": ").append(a.atNewest()).append(" of ").append(a.instances()).append(" at ")
                        .append(esc(a.newest())).append(" or newer</title></circle>");
            }
            html.append("<g class=\"series\" data-platform=\"").append(esc(platform)).append("\">")
                    .append("<polyline fill=\"none\" stroke=\"").append(c).append("\" stroke-width=\"").append(fmt(stroke))
                    .append("\" points=\"").append(line).append("\"/>").append(points).append("</g>");
            stroke -= 1.5;
            if (lastSeen != null) {
                legend.append("<li><span class=\"chip\" style=\"background:").append(c).append("\"></span>")
                        .append(esc(platform)).append(": ").append(lastSeen.atNewest()).append(" of ")
                        .append(lastSeen.instances()).append(" at ").append(esc(lastSeen.newest()))
                        .append(" after the last run</li>");
            }
        }
        html.append("</svg>").append(legend).append("</ul></section>\n");
    }

    private static double x(int run, int n) {
        return n == 1 ? PLOT_LEFT + PLOT_WIDTH / 2.0 : PLOT_LEFT + (run - 1) * (double) PLOT_WIDTH / (n - 1);
    }

    private static double y(double share) {
        return PLOT_TOP + (1 - share) * PLOT_HEIGHT;
    }

    /** About eight run numbers for an axis: every 1, 2, 3, 6, 12, 24… runs. */
    static List<Integer> ticks(int n) {
        int[] steps = {1, 2, 3, 6, 12, 24, 48, 72, 168, 336, 720, 1440};
        int step = steps[steps.length - 1];
        for (int s : steps) {
            if (n / s <= 8) {
                step = s;
                break;
            }
        }
        List<Integer> ticks = new ArrayList<>();
        for (int run = 1; run <= n; run += step) {
            ticks.add(run);
        }
        return ticks;
    }

    private static String runLabel(List<SimulationReport.Run> runs, int run) {
        Instant at = instant(runs.get(run - 1).start());
        return at == null ? "run " + run : WHEN.format(at);
    }

    private static void timeline(StringBuilder html, List<SimulationReport.Run> runs, List<Row> rows) {
        int n = runs.size();
        html.append("<section id=\"timeline\"><h2>Clusters, run by run</h2>\n");
        if (rows.isEmpty()) {
            html.append("<p class=\"note\">No clusters in any run.</p></section>\n");
            return;
        }
        long clusters = rows.stream().mapToLong(r -> r.members().size()).sum();
        html.append("<p class=\"note\">").append(clusters).append(clusters == 1 ? " cluster" : " clusters")
                .append(rows.size() == clusters ? "" : " in " + rows.size() + " rows (clusters with the same history share one)")
                .append("; those with events first. Marks: ");
        List<String> legend = new ArrayList<>();
        for (MarkKind k : MarkKind.values()) {
            legend.add("<svg width=\"12\" height=\"12\">" + markShape(k, 6, 6, 5) + "</svg> " + k.label);
        }
        html.append(String.join(" · ", legend)).append(". Outcomes: ");
        TreeSet<String> outcomes = new TreeSet<>();
        rows.forEach(r -> r.first().outcomes().stream().filter(Objects::nonNull).forEach(outcomes::add));
        html.append(String.join(" · ", outcomes.stream().map(o -> "<span class=\"chip\" style=\"background:"
                + outcomeColour(o) + "\"></span>" + esc(o)).toList())).append(".</p>\n");
        html.append("<p><label>Find a cluster: <input id=\"filter\" type=\"search\" placeholder=\"name\"></label></p>\n");
        double cell = cellWidth(n);
        // A cluster's name is unique only within its account and region: across targets, each row says which.
        boolean targets = rows.stream().flatMap(r -> r.members().stream()).map(History::target).filter(Objects::nonNull)
                .distinct().limit(2).count() > 1;
        html.append("<table class=\"timeline\"><thead><tr><th>cluster</th><th>")
                .append(axisSvg(runs, cell)).append("</th></tr></thead>\n<tbody>\n");
        for (int r = 0; r < rows.size(); r++) {
            if (r == ROWS_SHOWN) {
                html.append("</tbody></table>\n");
            }
            if (r >= ROWS_SHOWN && (r - ROWS_SHOWN) % ROWS_SHOWN == 0) {
                if (r > ROWS_SHOWN) {
                    html.append("</tbody></table></details>\n");
                }
                html.append("<details class=\"page\"><summary>Rows ").append(r + 1).append('–')
                        .append(Math.min(rows.size(), r + ROWS_SHOWN)).append(" of ").append(rows.size())
                        .append("</summary><table class=\"timeline\"><tbody>\n");
            }
            row(html, rows.get(r), r, n, cell, targets);
        }
        html.append(rows.size() > ROWS_SHOWN ? "</tbody></table></details>\n" : "</tbody></table>\n");
        html.append("</section>\n");
    }

    private static double cellWidth(int n) {
        return Math.max(2.0, Math.min(40.0, (double) TIMELINE_WIDTH / n));
    }

    private static String axisSvg(List<SimulationReport.Run> runs, double cell) {
        int n = runs.size();
        StringBuilder s = new StringBuilder("<svg class=\"axis-strip\" width=\"" + fmt(n * cell) + "\" height=\"30\">");
        for (int i = 0; i < n; i++) {
            SimulationReport.Run run = runs.get(i);
            if (!run.status().equals("SUCCEEDED")) {
                s.append("<rect x=\"").append(fmt(i * cell)).append("\" y=\"20\" width=\"").append(fmt(cell))
                        .append("\" height=\"8\" fill=\"#b71c1c\"><title>run ").append(i + 1).append(' ')
                        .append(esc(run.status())).append(run.error() == null ? "" : ": " + esc(run.error()))
                        .append("</title></rect>");
            }
        }
        for (int run : ticks(n)) {
            double x = (run - 1) * cell;
            s.append("<line class=\"grid\" x1=\"").append(fmt(x)).append("\" x2=\"").append(fmt(x))
                    .append("\" y1=\"14\" y2=\"30\"/><text class=\"axis\" x=\"").append(fmt(x + 2))
                    .append("\" y=\"12\">").append(n <= 8 ? "run " + run : esc(runLabel(runs, run))).append("</text>");
        }
        return s.append("</svg>").toString();
    }

    private static void row(StringBuilder html, Row row, int index, int n, double cell, boolean targets) {
        History h = row.first();
        List<History> members = row.members();
        html.append("<tr id=\"r").append(index).append("\" data-names=\"")
                .append(esc(String.join("\n", members.stream().map(History::name).toList()).toLowerCase(Locale.ROOT)))
                .append("\"><th>");
        if (members.size() == 1) {
            html.append("<span class=\"name\">").append(esc(h.name())).append("</span>");
            if (targets && h.target() != null) {
                html.append("<span class=\"target\">").append(esc(h.target())).append("</span>");
            }
        } else {
            html.append("<details><summary>").append(members.size()).append(" clusters: ")
                    .append(esc(String.join(", ", members.stream().limit(3).map(History::name).toList())))
                    .append(members.size() > 3 ? ", …" : "").append("</summary><ul class=\"members\">");
            for (History m : members) {
                html.append("<li>").append(esc(m.name())).append(!targets || m.target() == null ? "" : " <span class=\"target\">"
                        + esc(m.target()) + "</span>").append("</li>");
            }
            html.append("</ul></details>");
        }
        html.append("</th><td><svg width=\"").append(fmt(n * cell)).append("\" height=\"").append(CELL_HEIGHT + 2)
                .append("\">");
        // Runs with the same outcome side by side are one rectangle: a week of a quiet cluster is one shape.
        int start = 0;
        for (int i = 1; i <= n; i++) {
            if (i == n || !Objects.equals(h.outcomes().get(i), h.outcomes().get(start))) {
                String outcome = h.outcomes().get(start);
                if (outcome != null) {
                    html.append("<rect class=\"cell\" x=\"").append(fmt(start * cell)).append("\" y=\"1\" width=\"")
                            .append(fmt((i - start) * cell)).append("\" height=\"").append(CELL_HEIGHT)
                            .append("\" fill=\"").append(outcomeColour(outcome)).append("\" data-outcome=\"")
                            .append(esc(outcome)).append("\"><title>").append(esc(outcome)).append(i - start == 1
                                    ? " in run " + (start + 1) : " in runs " + (start + 1) + "–" + i)
                            .append("</title></rect>");
                }
                start = i;
            }
        }
        for (Mark m : h.marks()) {
            double cx = (m.run() - 0.5) * cell;
            String shape = markShape(m.kind(), cx, 1 + CELL_HEIGHT / 2.0, Math.max(3.5, Math.min(5, cell / 2)));
            String title = "<title>run " + m.run() + ": " + esc(m.label()) + (members.size() == 1 ? ""
                    : " (" + esc(h.name()) + "; the same for the row's " + (members.size() - 1) + " other clusters)")
                    + "</title>";
            if (m.message() >= 0) {
                html.append("<a href=\"#m").append(m.message()).append("\" class=\"mark\" data-kind=\"")
                        .append(m.kind().name()).append("\">").append(shape.replace("/>", ">" + title + "</path>"))
                        .append("</a>");
            } else {
                html.append("<g class=\"mark\" data-kind=\"").append(m.kind().name()).append("\">")
                        .append(shape.replace("/>", ">" + title + "</path>")).append("</g>");
            }
        }
        html.append("</svg></td></tr>\n");
    }

    /** A small shape per kind, so that marks read apart without colour too. */
    private static String markShape(MarkKind kind, double cx, double cy, double r) {
        String d = switch (kind) {
            case UPDATE -> "M" + fmt(cx) + "," + fmt(cy - r) + " L" + fmt(cx + r) + "," + fmt(cy + r) + " L" + fmt(cx - r)
                    + "," + fmt(cy + r) + " Z";
            case REPLACEMENT -> "M" + fmt(cx) + "," + fmt(cy - r) + " L" + fmt(cx + r) + "," + fmt(cy) + " L" + fmt(cx)
                    + "," + fmt(cy + r) + " L" + fmt(cx - r) + "," + fmt(cy) + " Z";
            case ALERT, OTHER -> circle(cx, cy, r);
            case REMINDER -> circle(cx, cy, r) + " " + circle(cx, cy, r * 0.45);
            case RESOLUTION -> "M" + fmt(cx - r) + "," + fmt(cy) + " L" + fmt(cx - r / 3) + "," + fmt(cy + r) + " L"
                    + fmt(cx + r) + "," + fmt(cy - r) + " L" + fmt(cx + r) + "," + fmt(cy - r / 2) + " L" + fmt(cx - r / 3)
                    + "," + fmt(cy + r * 1.4) + " L" + fmt(cx - r) + "," + fmt(cy + r / 3) + " Z";
        };
        return "<path d=\"" + d + "\" fill=\"" + kind.colour + "\" fill-rule=\"evenodd\" stroke=\"#fff\""
                + " stroke-width=\"0.8\"/>";
    }

    private static String circle(double cx, double cy, double r) {
        return "M" + fmt(cx - r) + "," + fmt(cy) + " a" + fmt(r) + "," + fmt(r) + " 0 1,0 " + fmt(2 * r) + ",0 a" + fmt(r)
                + "," + fmt(r) + " 0 1,0 " + fmt(-2 * r) + ",0";
    }

    private static void messageList(StringBuilder html, List<Message> messages, Map<String, Integer> rowOfCluster) {
        html.append("<section id=\"messages\"><h2>Webhook messages</h2>\n");
        if (messages.isEmpty()) {
            html.append("<p class=\"note\">No message was posted.</p></section>\n");
            return;
        }
        html.append("<table class=\"messages\"><thead><tr><th>time (UTC)</th><th>run</th><th>kind</th><th>cluster</th>")
                .append("<th>text</th></tr></thead><tbody>\n");
        for (int i = 0; i < messages.size(); i++) {
            if (i >= MESSAGES_SHOWN && (i - MESSAGES_SHOWN) % MESSAGES_SHOWN == 0) {
                html.append("</tbody></table>").append(i > MESSAGES_SHOWN ? "</details>" : "")
                        .append("\n<details class=\"page\"><summary>Messages ").append(i + 1).append('–')
                        .append(Math.min(messages.size(), i + MESSAGES_SHOWN)).append(" of ").append(messages.size())
                        .append("</summary><table class=\"messages\"><tbody>\n");
            }
            Message m = messages.get(i);
            html.append("<tr id=\"m").append(m.index()).append("\"><td>")
                    .append(m.time() == null ? "" : esc(WHEN.format(m.time()))).append("</td><td>")
                    .append(m.run() > 0 ? String.valueOf(m.run()) : "").append("</td><td><span class=\"kind\" style=\"color:")
                    .append(m.mark().colour).append("\">").append(esc(m.kind())).append("</span></td><td>");
            if (m.cluster() != null) {
                Integer row = rowOfCluster.get(key(m.cluster(), target(m.account(), m.region())));
                if (row == null) {
                    row = rowOfCluster.get(key(m.cluster(), null));
                }
                html.append(row == null ? esc(m.cluster())
                        : "<a href=\"#r" + row + "\">" + esc(m.cluster()) + "</a>");
            }
            String text = m.text();
            html.append("</td><td class=\"text\" title=\"").append(esc(text)).append("\">")
                    .append(esc(text.length() > TEXT_SHOWN ? text.substring(0, TEXT_SHOWN - 1) + "…" : text))
                    .append("</td></tr>\n");
        }
        html.append("</tbody></table>").append(messages.size() > MESSAGES_SHOWN ? "</details>" : "").append("</section>\n");
    }

    /** The report's messages, each with its time, its run, its kind and what it is about. */
    static List<Message> messages(SimulationReport report) {
        List<Message> out = new ArrayList<>();
        List<SimulationReport.Run> runs = report.runs();
        for (int i = 0; i < report.messages().size(); i++) {
            JsonNode body = report.messages().get(i);
            Instant time = i < report.messageTimes().size() ? instant(report.messageTimes().get(i)) : null;
            String text = body.path("text").asText(body.toString());
            String kind = kind(text);
            MarkKind mark = switch (kind) {
                case "UPDATE_STARTED" -> MarkKind.UPDATE;
                case "REPLACEMENT_STARTED", "REPLACED", "UNEXPECTED_AMI", "REPLACE_TIMEOUT", "DRAIN_TIMEOUT",
                     "DRAIN_UNDONE" -> MarkKind.REPLACEMENT;
                case "AGENTS_DISCONNECTED", "UPDATE_FAILED", "UPDATE_STUCK", "ERROR", "CANNOT_UPDATE" ->
                    // AlertPolicy words a reminder "Still open since …".
                    text.contains("Still open since ") ? MarkKind.REMINDER : MarkKind.ALERT;
                case "RESOLVED" -> MarkKind.RESOLUTION;
                default -> MarkKind.OTHER;
            };
            String cluster = null;
            for (JsonNode block : body.path("blocks")) {
                for (JsonNode field : block.path("fields")) {
                    String f = field.path("text").asText("");
                    if (f.startsWith("*Cluster*\n")) {
                        cluster = slackUnescape(f.substring("*Cluster*\n".length()));
                    }
                }
            }
            String account = null;
            String region = null;
            for (JsonNode block : body.path("blocks")) {
                for (JsonNode element : block.path("elements")) {
                    String e = element.path("text").asText("");
                    int dot = e.indexOf(" · ");
                    if (e.startsWith("account ") && dot > 0) {
                        account = slackUnescape(e.substring("account ".length(), dot));
                        region = slackUnescape(e.substring(dot + 3));
                    }
                }
            }
            out.add(new Message(i, time, runOf(runs, time), kind, mark, cluster, account, region, slackUnescape(text)));
        }
        return out;
    }

    /** The notification kind a message's text names (SlackMessage's titles), or MESSAGE. */
    static String kind(String text) {
        if (text.startsWith("ecstatic daily digest")) {
            return "DIGEST";
        }
        if (text.startsWith("ecstatic cannot reach account") || text.contains("ecstatic could not finish this run")) {
            return "ERROR";
        }
        for (Map.Entry<String, String> title : TITLES.entrySet()) {
            if (text.contains(": " + title.getKey())) {
                return title.getValue();
            }
        }
        return "MESSAGE";
    }

    /** SlackMessage's titles, longest first where one begins another. */
    private static final Map<String, String> TITLES = new LinkedHashMap<>();

    static {
        TITLES.put("ECS agent update started", "UPDATE_STARTED");
        TITLES.put("ECS agents disconnected, cluster not updated", "AGENTS_DISCONNECTED");
        TITLES.put("ECS agent update failed, cluster not updated", "UPDATE_FAILED");
        TITLES.put("ECS agent update stuck, cluster not updated", "UPDATE_STUCK");
        TITLES.put("ecstatic could not check this cluster", "ERROR");
        TITLES.put("ECS agents ecstatic cannot update", "CANNOT_UPDATE");
        TITLES.put("Instance replacement started: draining", "REPLACEMENT_STARTED");
        TITLES.put("Instance replaced with an unexpected AMI", "UNEXPECTED_AMI");
        TITLES.put("Instance replacement timed out", "REPLACE_TIMEOUT");
        TITLES.put("Instance replaced", "REPLACED");
        TITLES.put("Drain timed out, instance ACTIVE again", "DRAIN_TIMEOUT");
        TITLES.put("Drain undone, instance ACTIVE again", "DRAIN_UNDONE");
        TITLES.put("Resolved", "RESOLVED");
    }

    /** The run a message arrived in: the last that had started by then; 0 when its time is unknown. */
    private static int runOf(List<SimulationReport.Run> runs, Instant time) {
        if (time == null) {
            return 0;
        }
        int run = 0;
        for (int i = 0; i < runs.size(); i++) {
            Instant start = instant(runs.get(i).start());
            if (start != null && !start.isAfter(time)) {
                run = i + 1;
            }
        }
        return run;
    }

    /** Each cluster's history, grouped: eventful rows first (earliest event first), then by name. */
    static List<Row> rows(List<SimulationReport.Run> runs, List<Message> messages) {
        int n = runs.size();
        Map<String, History> histories = new LinkedHashMap<>();
        Map<String, String> byName = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            for (SimulationReport.Cluster c : runs.get(i).clusters()) {
                String name = c.cluster() == null ? "(unnamed)" : c.cluster();
                String key = key(name, c.target());
                History h = histories.computeIfAbsent(key, k -> new History(name, c.target(),
                        new ArrayList<>(java.util.Collections.nCopies(n, null)), new ArrayList<>()));
                byName.merge(name, key, (a, b) -> a.equals(b) ? a : "");
                h.outcomes().set(i, c.outcome());
                if ("STARTED".equals(c.outcome()) && !c.instances().isEmpty()) {
                    h.marks().add(new Mark(i + 1, MarkKind.UPDATE, c.instances().size() + " update(s) started: "
                            + (c.detail() == null ? "" : c.detail()), -1));
                }
            }
        }
        for (Message m : messages) {
            if (m.cluster() == null || m.run() == 0 || m.mark() == MarkKind.OTHER) {
                continue;
            }
            History h = histories.get(key(m.cluster(), target(m.account(), m.region())));
            if (h == null) {
                String only = byName.get(m.cluster());
                h = only == null || only.isEmpty() ? null : histories.get(only);
            }
            if (h == null) {
                continue;
            }
            if (m.mark() == MarkKind.UPDATE) {
                // The record's own mark says it; the message is where it links.
                int at = m.run();
                List<Mark> marks = h.marks();
                for (int k = 0; k < marks.size(); k++) {
                    Mark old = marks.get(k);
                    if (old.run() == at && old.kind() == MarkKind.UPDATE && old.message() < 0) {
                        marks.set(k, new Mark(at, MarkKind.UPDATE, old.label(), m.index()));
                    }
                }
                continue;
            }
            h.marks().add(new Mark(m.run(), m.mark(), m.kind() + ": " + m.text(), m.index()));
        }
        Map<String, List<History>> groups = new LinkedHashMap<>();
        for (History h : histories.values()) {
            h.marks().sort(Comparator.comparingInt(Mark::run));
            // The same outcomes and the same kinds of marks in the same runs: one row (its marks link the first
            // member's messages). Up to a page of clusters, only quiet ones share: each with events is its own.
            boolean share = !h.eventful() || histories.size() > ROWS_SHOWN;
            groups.computeIfAbsent(share ? h.signature() : "\u0000" + key(h.name(), h.target()), s -> new ArrayList<>())
                    .add(h);
        }
        List<Row> rows = new ArrayList<>(groups.values().stream().map(Row::new).toList());
        rows.sort(Comparator.comparing((Row r) -> !r.first().eventful())
                .thenComparingInt(r -> r.first().marks().isEmpty() ? Integer.MAX_VALUE : r.first().marks().getFirst().run())
                .thenComparing(r -> r.first().name()));
        return rows;
    }

    private static String key(String name, String target) {
        return (target == null ? "" : target) + "\u0000" + name;
    }

    private static String target(String account, String region) {
        return account == null && region == null ? null : account + "/" + region;
    }

    private static Instant instant(String iso) {
        try {
            return iso == null ? null : Instant.parse(iso);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** Slack's three escapes undone (the text is escaped again for HTML). */
    private static String slackUnescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    static String outcomeColour(String outcome) {
        return switch (outcome) {
            case "UP_TO_DATE" -> "#66bb6a";
            case "STARTED", "WOULD_UPDATE" -> "#42a5f5";
            case "IN_PROGRESS", "UNCONFIRMED" -> "#90caf9";
            case "BLOCKED" -> "#ef5350";
            case "ERROR", "REPLACE_FAILED" -> "#8e0000";
            case "NONE_UPDATABLE" -> "#ffa726";
            case "NOTHING_TO_DO" -> "#bdbdbd";
            case "OUTSIDE_WINDOW", "DEFERRED", "SKIPPED", "UNDECIDED" -> "#e0e0e0";
            case "REPLACEMENT_STARTED", "REPLACING", "WOULD_REPLACE" -> "#ba68c8";
            case "REPLACED" -> "#81c784";
            case "REPLACE_REFUSED" -> "#ffcc80";
            default -> "#fff59d";
        };
    }

    /** HTML-escaped, for text and for attribute values. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static final String CSS = """
            body{font:14px/1.4 "DejaVu Sans",system-ui,sans-serif;margin:16px 24px;color:#222;background:#fff}
            h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px}
            .note{color:#555}.bad{color:#b71c1c}
            .chip{display:inline-block;width:10px;height:10px;border-radius:2px;margin:0 4px 0 2px;vertical-align:baseline}
            .legend{list-style:none;padding:0;margin:4px 0;display:flex;flex-wrap:wrap;gap:4px 18px}
            .figure .grid,.axis-strip .grid{stroke:#ddd;stroke-width:1}
            .axis{font-size:11px;fill:#555}
            table{border-collapse:collapse}
            .timeline th{text-align:left;font-weight:normal;padding:0 8px 0 0;white-space:nowrap;max-width:320px;
              overflow:hidden;text-overflow:ellipsis;vertical-align:top}
            .timeline td{padding:0}.timeline svg{display:block}
            .timeline .target{color:#777;font-size:11px;margin-left:6px}
            .timeline .members{margin:2px 0 6px 16px;padding:0;max-height:240px;overflow:auto;font-size:12px}
            .timeline tr:target th,.messages tr:target{background:#fff3c4}
            .page summary,.timeline summary{cursor:pointer;color:#1a4f9c}
            .messages td,.messages th{border-bottom:1px solid #eee;padding:3px 8px;vertical-align:top;text-align:left}
            .messages td:first-child{white-space:nowrap}
            .messages .text{font-size:12px;white-space:pre-wrap;word-break:break-word;max-width:720px}
            .kind{font-weight:bold;font-size:12px}
            .mark{cursor:pointer}
            """;

    /** Finds a cluster by name; a link into a folded page opens it. */
    private static final String SCRIPT = """
            (function () {
              var filter = document.getElementById('filter');
              if (filter) {
                filter.addEventListener('input', function () {
                  var q = filter.value.trim().toLowerCase();
                  document.querySelectorAll('.timeline tbody tr').forEach(function (tr) {
                    tr.hidden = q !== '' && tr.dataset.names.indexOf(q) < 0;
                  });
                  if (q !== '') {
                    document.querySelectorAll('#timeline details.page').forEach(function (d) { d.open = true; });
                  }
                });
              }
              function reveal() {
                var id = decodeURIComponent(location.hash.slice(1));
                var el = id && document.getElementById(id);
                for (var p = el && el.parentElement; p; p = p.parentElement) {
                  if (p.tagName === 'DETAILS') { p.open = true; }
                }
                if (el) { el.scrollIntoView({block: 'center'}); }
              }
              window.addEventListener('hashchange', reveal);
              reveal();
            })();
            """;

    private static final String SCRIPT_HASH;

    static {
        try {
            SCRIPT_HASH = "sha256-" + java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest
                    .getInstance("SHA-256").digest(SCRIPT.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
