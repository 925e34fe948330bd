package dev.ecstatic.cli.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecstatic.cli.Causes;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The human-readable form of a {@link SimulationReport}. */
public final class TextReport {

    private TextReport() {}

    /** @param targetsLine what the runs visit when the command chose it from the fleet; null when it did not */
    static void print(SimulationReport report, String fleetName, String targetsLine, PrintWriter out) {
        out.printf("ecstatic simulate: %s, %d run(s)%n", fleetName, report.runs().size());
        if (targetsLine != null) {
            out.println(targetsLine);
        }
        int n = 0;
        for (SimulationReport.Run run : report.runs()) {
            n++;
            out.println();
            out.printf("Run %d: %s%n", n, run.status());
            if (run.error() != null) {
                out.printf("  error: %s%n  cause: %s%n", run.error(), Causes.readable(run.cause()));
            }
            printRecords(run.clusters(), run.totals(), out);
            SimulationReport.Stats s = run.stats();
            out.printf("  cost: %d state transitions, %d Lambda invocations, %d history events "
                            + "(at most %d in one execution), largest payload %s%n",
                    s.stateTransitions(), s.lambdaInvocations(), s.historyEvents(), s.maxEventsPerExecution(),
                    bytes(s.maxPayloadBytes()));
            out.printf("  ECS calls: %s%n", s.ecsCalls().isEmpty() ? "none" : s.ecsCalls().entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
            if (!s.stsOrganizationsCalls().isEmpty()) {
                out.printf("  STS and Organizations calls: %s%n", s.stsOrganizationsCalls().entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
            }
            if (!s.ec2AutoScalingCalls().isEmpty()) {
                out.printf("  EC2 and Auto Scaling calls: %s%n", s.ec2AutoScalingCalls().entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
            }
        }
        out.println();
        out.printf("Webhook messages (%d):%n", report.messages().size());
        for (JsonNode message : report.messages()) {
            out.println("  - " + message.path("text").asText(message.toString()).replace("\n", "\n    "));
        }
        printTargets(report, out);
        out.println();
        out.println("Fleet at the end:");
        out.println("  agent versions:  " + counts(report.fleet().agentVersions(), true));
        out.println("  update statuses: " + counts(report.fleet().updateStatuses(), false));
        if (!report.fleet().amis().isEmpty()) {
            out.println("  AMIs:            " + counts(report.fleet().amis(), false));
        }
        out.flush();
    }

    /**
     * A line per SNS topic and per EventBridge bus that received notifications: how many, by kind (in the
     * order first seen). Nothing when neither is configured.
     */
    static void printTargets(SimulationReport report, PrintWriter out) {
        Map<String, Map<String, Long>> byTopic = new java.util.LinkedHashMap<>();
        for (SimulationReport.SnsMessage m : report.sns()) {
            byTopic.computeIfAbsent(m.topicArn(), t -> new java.util.LinkedHashMap<>())
                    .merge(m.message().path("kind").asText("?"), 1L, Long::sum);
        }
        Map<String, Map<String, Long>> byBus = new java.util.LinkedHashMap<>();
        for (SimulationReport.Event e : report.events()) {
            byBus.computeIfAbsent(e.eventBusArn(), b -> new java.util.LinkedHashMap<>())
                    .merge(e.detailType(), 1L, Long::sum);
        }
        if (byTopic.isEmpty() && byBus.isEmpty()) {
            return;
        }
        out.println();
        byTopic.forEach((topic, kinds) -> out.printf("SNS topic %s: %s%n", topic, kindCounts(kinds, "message")));
        byBus.forEach((bus, kinds) -> out.printf("EventBridge bus %s: %s%n", bus, kindCounts(kinds, "event")));
    }

    private static String kindCounts(Map<String, Long> kinds, String noun) {
        long total = kinds.values().stream().mapToLong(Long::longValue).sum();
        return plural(total, noun) + " (" + kinds.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")) + ")";
    }

    /**
     * One line per cluster (name, outcome, the instances concerned, why), or a line saying there was
     * no cluster; then how many webhook messages could not be delivered, if any. {@code totals} may
     * be null (a run that failed has none).
     */
    public static void printRecords(List<SimulationReport.Cluster> clusters, Map<String, Long> totals, PrintWriter out) {
        if (clusters.isEmpty() && totals != null) {
            long excluded = totals.getOrDefault("excluded", 0L);
            out.println(excluded == 0 ? "  no clusters: the account has none in this region"
                    : "  no clusters: all " + excluded + " are excluded (ExcludeClusters) or tagged ecstatic:ignore");
        }
        int width = clusters.stream().mapToInt(c -> String.valueOf(c.cluster()).length()).max().orElse(7);
        // A cluster's name is unique only within its account and region: across targets, each line says which.
        boolean targets = clusters.stream().map(SimulationReport.Cluster::target).filter(java.util.Objects::nonNull)
                .distinct().limit(2).count() > 1;
        int targetWidth = targets ? clusters.stream().mapToInt(c -> String.valueOf(c.target()).length()).max().orElse(0) : 0;
        for (SimulationReport.Cluster c : clusters) {
            out.printf("  %s%-" + width + "s  %-14s %s%s%s%n",
                    targets ? String.format("%-" + targetWidth + "s  ", c.target() == null ? "" : c.target()) : "",
                    c.cluster(), c.outcome(),
                    c.instances().isEmpty() ? "" : String.join(",", c.instances()) + "  ",
                    c.detail() == null ? "" : c.detail(),
                    c.notificationsFailed() == 0 ? "" : "  (" + plural(c.notificationsFailed(), "notification") + " not delivered)");
        }
        // Records carry AMI drift only where a group launches a newer AMI than some instance runs, or is behind.
        List<String> drift = clusters.stream().filter(c -> !c.amis().isEmpty())
                .map(c -> (targets && c.target() != null ? c.target() + " " : "") + c.cluster() + " " + c.amis().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", "))).toList();
        if (!drift.isEmpty()) {
            out.println("  AMI drift: " + String.join("; ", drift));
        }
        long failed = totals == null ? 0 : totals.getOrDefault("notificationsFailed", 0L);
        if (failed > 0) {
            out.printf("  notifications: %s not delivered after retries (the webhook, topic or bus refused them or was unreachable)%n",
                    plural(failed, "message"));
        }
    }

    private static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String counts(Map<String, Long> counts, boolean versions) {
        if (counts.isEmpty()) {
            return "none";
        }
        Comparator<String> order = versions ? TextReport::compareVersions : Comparator.naturalOrder();
        return counts.entrySet().stream().sorted(Map.Entry.comparingByKey(order))
                .map(e -> e.getKey() + " ×" + e.getValue()).collect(Collectors.joining(", "));
    }

    /** Dotted versions by their numbers: 1.10.0 after 1.9.0. */
    static int compareVersions(String a, String b) {
        List<String> x = List.of(a.split("\\."));
        List<String> y = List.of(b.split("\\."));
        for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
            String p = i < x.size() ? x.get(i) : "0";
            String q = i < y.size() ? y.get(i) : "0";
            int c = p.matches("\\d+") && q.matches("\\d+") ? Long.compare(Long.parseLong(p), Long.parseLong(q)) : p.compareTo(q);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    static String bytes(long n) {
        return n < 1024 ? n + " B" : String.format("%.1f KiB", n / 1024.0);
    }
}
