package dev.ecstatic.cli.dashboard;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The dashboard of template.yaml drawn as one SVG file: each metric widget at its place on CloudWatch's
 * 24-column grid, with its title, axes and one line (or stacked area) per metric, the values those of a
 * simulation ({@link MetricData}), one point per run (the dashboard's period is an hour, the default
 * schedule's interval). Plain SVG text: no script, no font or image to fetch. Each series is a
 * {@code <g class="series">} whose {@code data-values} hold what it draws, run by run (empty: no data).
 */
public final class DashboardSvg {
    static final int COLUMN = 50;
    static final int ROW = 46;
    static final int HEADER = 44;
    static final int GAP = 6;
    static final int LEGEND_COLUMN = 190;
    static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
        "#7f7f7f", "#bcbd22", "#17becf", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2",
        "#c7c7c7", "#dbdb8d", "#9edae5"};
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MMM d HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private DashboardSvg() {
    }

    /** The SVG document of {@code body} filled with {@code data}; {@code caption} says what was simulated. */
    public static String render(DashboardBody body, MetricData data, String caption) {
        List<Instant> starts = data.runStarts();
        int runs = Math.max(1, starts.size());
        int width = 24 * COLUMN + GAP;
        int height = HEADER + body.widgets().stream().mapToInt(w -> (w.y() + w.height()) * ROW).max().orElse(0) + GAP;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"#f2f3f3\"/>\n");
        svg.append(text(GAP + 4, 20, "ecstatic: the stack's CloudWatch dashboard (template.yaml, "
                + body.logicalId() + ")", "font-size=\"15\" font-weight=\"bold\" fill=\"#16191f\""));
        svg.append(text(GAP + 4, 36, caption + (starts.isEmpty() ? "" : ", " + runs + " run" + (runs == 1 ? "" : "s")
                + " from " + TIME.format(starts.getFirst()) + " to " + TIME.format(starts.getLast()) + " UTC"),
                "fill=\"#545b64\""));
        for (DashboardBody.Widget widget : body.widgets()) {
            widget(svg, widget, data, starts, runs);
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void widget(StringBuilder svg, DashboardBody.Widget w, MetricData data, List<Instant> starts,
                               int runs) {
        int x0 = w.x() * COLUMN + GAP;
        int y0 = HEADER + w.y() * ROW;
        int width = w.width() * COLUMN - GAP;
        int height = w.height() * ROW - GAP;
        List<Series> all = new ArrayList<>();
        for (int i = 0; i < w.metrics().size(); i++) {
            DashboardBody.Metric m = w.metrics().get(i);
            all.add(new Series(m, data.series(m), COLORS[i % COLORS.length]));
        }
        List<Series> shown = all.stream().filter(Series::hasData).toList();
        boolean right = all.stream().anyMatch(s -> s.metric().rightAxis());
        int legendColumns = Math.max(1, (width - 16) / LEGEND_COLUMN);
        int legendRows = (Math.max(1, shown.size()) + legendColumns - 1) / legendColumns;
        int left = x0 + 46;
        int plotRight = x0 + width - (right ? 46 : 34);
        int top = y0 + 44;
        int bottom = y0 + height - 22 - legendRows * 14;

        svg.append("<g class=\"widget\" data-title=\"").append(escape(w.title())).append("\">\n");
        svg.append("<rect x=\"").append(x0).append("\" y=\"").append(y0).append("\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" fill=\"#ffffff\" stroke=\"#d5dbdb\"/>\n");
        svg.append(text(x0 + 10, y0 + 18, w.title(), "font-size=\"13\" font-weight=\"bold\" fill=\"#16191f\""));
        double leftMax = nice(max(all, false, w.stacked(), runs));
        double rightMax = nice(max(all, true, false, runs));
        axis(svg, left, plotRight, top, bottom, leftMax, w.leftLabel(), x0 + 4, "start");
        if (right) {
            axis(svg, plotRight, plotRight, top, bottom, rightMax, w.rightLabel(), x0 + width - 4, "end");
        }
        xTicks(svg, starts, runs, left, plotRight, bottom);
        if (shown.isEmpty()) {
            svg.append(text((left + plotRight) / 2, (top + bottom) / 2, "No data available.",
                    "text-anchor=\"middle\" fill=\"#687078\""));
        }
        double[] base = new double[runs];
        for (Series s : all) {
            double max = s.metric().rightAxis() ? rightMax : leftMax;
            svg.append("<g class=\"series\" data-metric=\"").append(escape(s.metric().identity()))
                    .append("\" data-dimensions=\"").append(escape(s.metric().dimensions().entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","))))
                    .append("\" data-stat=\"").append(s.metric().stat())
                    .append("\" data-label=\"").append(escape(s.metric().label()))
                    .append("\" data-values=\"").append(s.values().stream().map(DashboardSvg::number)
                            .collect(Collectors.joining(","))).append("\">\n");
            if (s.hasData()) {
                if (w.stacked() && !s.metric().rightAxis()) {
                    area(svg, s, base, runs, left, plotRight, top, bottom, max);
                } else {
                    line(svg, s, runs, left, plotRight, top, bottom, max);
                }
            }
            svg.append("</g>\n");
        }
        for (int i = 0; i < shown.size(); i++) {
            Series s = shown.get(i);
            int lx = x0 + 12 + (i % legendColumns) * LEGEND_COLUMN;
            int ly = bottom + 24 + (i / legendColumns) * 14;
            double peak = s.values().stream().filter(v -> v != null).mapToDouble(Double::doubleValue).max().orElse(0);
            svg.append("<rect x=\"").append(lx).append("\" y=\"").append(ly - 8).append("\" width=\"9\" height=\"9\" fill=\"")
                    .append(s.color()).append("\"/>");
            svg.append(text(lx + 13, ly, s.metric().label() + " (max " + number(peak) + ")", "fill=\"#16191f\""));
        }
        svg.append("</g>\n");
    }

    private record Series(DashboardBody.Metric metric, List<Double> values, String color) {
        boolean hasData() {
            return values.stream().anyMatch(v -> v != null);
        }
    }

    private static double max(List<Series> all, boolean rightAxis, boolean stacked, int runs) {
        double max = 0;
        if (stacked) {
            for (int r = 0; r < runs; r++) {
                double sum = 0;
                for (Series s : all) {
                    if (s.metric().rightAxis() == rightAxis && r < s.values().size() && s.values().get(r) != null) {
                        sum += s.values().get(r);
                    }
                }
                max = Math.max(max, sum);
            }
            return max;
        }
        for (Series s : all) {
            if (s.metric().rightAxis() == rightAxis) {
                for (Double v : s.values()) {
                    if (v != null) {
                        max = Math.max(max, v);
                    }
                }
            }
        }
        return max;
    }

    /** The axis' top: 1, 2 or 5 times a power of ten at or above {@code max} (1 for nothing to show). */
    static double nice(double max) {
        if (max <= 0) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(max)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * power >= max) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static void axis(StringBuilder svg, int x, int plotRight, int top, int bottom, double max, String label,
                             int labelX, String anchor) {
        boolean leftSide = "start".equals(anchor);
        for (int i = 0; i <= 2; i++) {
            double value = max * i / 2;
            double y = bottom - (bottom - top) * i / 2.0;
            if (leftSide) {
                svg.append("<line x1=\"").append(x).append("\" x2=\"").append(plotRight).append("\" y1=\"")
                        .append(fmt(y)).append("\" y2=\"").append(fmt(y)).append("\" stroke=\"#e9ebed\"/>\n");
            }
            svg.append(text(leftSide ? x - 4 : x + 4, (int) Math.round(y) + 4, number(value),
                    "text-anchor=\"" + (leftSide ? "end" : "start") + "\" fill=\"#687078\""));
        }
        if (!label.isEmpty()) {
            svg.append(text(labelX, top - 10, label, "text-anchor=\"" + anchor + "\" fill=\"#687078\" font-size=\"10\""));
        }
    }

    private static void xTicks(StringBuilder svg, List<Instant> starts, int runs, int left, int right, int bottom) {
        svg.append("<line x1=\"").append(left).append("\" x2=\"").append(right).append("\" y1=\"").append(bottom)
                .append("\" y2=\"").append(bottom).append("\" stroke=\"#879596\"/>\n");
        if (starts.isEmpty()) {
            return;
        }
        // A label is about 80 px wide: as many as fit, at least the first run's.
        int labels = Math.max(1, Math.min(6, (right - left) / 90));
        int every = Math.max(1, (int) Math.ceil(runs / (double) labels));
        for (int r = 0; r < runs; r += every) {
            double x = xOf(r, runs, left, right);
            svg.append(text((int) Math.round(x), bottom + 13, TIME.format(starts.get(Math.min(r, starts.size() - 1))),
                    "text-anchor=\"middle\" fill=\"#687078\" font-size=\"10\""));
        }
    }

    private static double xOf(int run, int runs, int left, int right) {
        return runs == 1 ? (left + right) / 2.0 : left + (right - left) * run / (double) (runs - 1);
    }

    private static double yOf(double value, double max, int top, int bottom) {
        return bottom - (bottom - top) * Math.min(value, max) / max;
    }

    private static void line(StringBuilder svg, Series s, int runs, int left, int right, int top, int bottom,
                             double max) {
        List<String> segment = new ArrayList<>();
        for (int r = 0; r <= runs; r++) {
            Double v = r < runs && r < s.values().size() ? s.values().get(r) : null;
            if (v == null) {
                polyline(svg, segment, s.color());
                segment.clear();
                continue;
            }
            double x = xOf(r, runs, left, right);
            double y = yOf(v, max, top, bottom);
            segment.add(fmt(x) + "," + fmt(y));
            boolean alone = (r == 0 || s.values().get(r - 1) == null)
                    && (r + 1 >= s.values().size() || s.values().get(r + 1) == null);
            if (runs <= 48 || alone) {
                svg.append("<circle cx=\"").append(fmt(x)).append("\" cy=\"").append(fmt(y)).append("\" r=\"2.5\" fill=\"")
                        .append(s.color()).append("\"/>\n");
            }
        }
    }

    private static void polyline(StringBuilder svg, List<String> points, String color) {
        if (points.size() > 1) {
            svg.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"1.6\" points=\"")
                    .append(String.join(" ", points)).append("\"/>\n");
        }
    }

    /** A stacked area on {@code base} (the series below), which it raises; a run without data adds 0. */
    private static void area(StringBuilder svg, Series s, double[] base, int runs, int left, int right, int top,
                             int bottom, double max) {
        if (runs == 1) {
            double v = s.values().getFirst() == null ? 0 : s.values().getFirst();
            double x = xOf(0, 1, left, right);
            double y1 = yOf(base[0] + v, max, top, bottom);
            double y0 = yOf(base[0], max, top, bottom);
            svg.append("<rect x=\"").append(fmt(x - 20)).append("\" y=\"").append(fmt(y1)).append("\" width=\"40\" height=\"")
                    .append(fmt(y0 - y1)).append("\" fill=\"").append(s.color()).append("\"/>\n");
            base[0] += v;
            return;
        }
        List<String> upper = new ArrayList<>();
        List<String> lower = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            double v = r < s.values().size() && s.values().get(r) != null ? s.values().get(r) : 0;
            double x = xOf(r, runs, left, right);
            lower.add(fmt(x) + "," + fmt(yOf(base[r], max, top, bottom)));
            base[r] += v;
            upper.add(fmt(x) + "," + fmt(yOf(base[r], max, top, bottom)));
        }
        List<String> outline = new ArrayList<>(upper);
        for (int i = lower.size() - 1; i >= 0; i--) {
            outline.add(lower.get(i));
        }
        svg.append("<polygon fill=\"").append(s.color()).append("\" fill-opacity=\"0.75\" stroke=\"").append(s.color())
                .append("\" points=\"").append(String.join(" ", outline)).append("\"/>\n");
    }

    private static String text(int x, int y, String content, String attributes) {
        return "<text x=\"" + x + "\" y=\"" + y + "\" " + attributes + ">" + escape(content) + "</text>\n";
    }

    static String number(Double value) {
        if (value == null) {
            return "";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf(value.longValue())
                : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
