package dev.ecstatic.cli.dashboard;

import dev.ecstatic.functions.ListInstancesHandler;
import dev.ecstatic.functions.model.Outcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What the dashboard must hold against what the functions really emit (a simulated run's EMF lines): each
 * ecstatic metric (name and dimension names) one the run sent, under the function that sent it, in the
 * stack-wide series (no Account or Region: those are the per-target series), each bounded dimension's
 * value one the code can send and all of them on the widget, and every function that sent the metric on
 * the widget too (no sender's series left unseen); each AWS/States metric one of this stack's state machine.
 */
final class DashboardCheck {
    /** The dimensions with a bounded set of values, each value as the functions' code defines it. */
    static final Map<String, Set<String>> BOUNDED = Map.of(
            "Outcome", Arrays.stream(Outcome.values()).map(Enum::name).collect(Collectors.toCollection(TreeSet::new)),
            "Platform", new TreeSet<>(ListInstancesHandler.PLATFORMS));
    static final Set<String> STATES_METRICS = Set.of("ExecutionTime", "ExecutionsFailed", "ExecutionsTimedOut",
            "ExecutionsSucceeded", "ExecutionsAborted", "ExecutionsStarted");

    private DashboardCheck() {
    }

    /** What is wrong with {@code body}'s metrics, one sentence each; empty when nothing is. */
    static List<String> problems(DashboardBody body, MetricData emitted) {
        List<String> problems = new ArrayList<>();
        Set<String> identities = emitted.identities();
        for (DashboardBody.Widget widget : body.widgets()) {
            String where = "widget \"" + widget.title() + "\": ";
            if (widget.metrics().isEmpty()) {
                problems.add(where + "has no metric");
            }
            for (DashboardBody.Metric m : widget.metrics()) {
                switch (m.namespace()) {
                    case "ecstatic" -> ecstatic(where, m, identities, emitted, problems);
                    case "AWS/States" -> {
                        if (!STATES_METRICS.contains(m.name())) {
                            problems.add(where + "AWS/States has no metric " + m.name());
                        }
                        if (!m.dimensions().equals(Map.of("StateMachineArn", body.stateMachine()))) {
                            problems.add(where + "AWS/States " + m.name() + " is not of this stack's state machine ("
                                    + body.stateMachine() + "): " + m.dimensions());
                        }
                    }
                    default -> problems.add(where + m.namespace() + "/" + m.name()
                            + " is in neither ecstatic nor AWS/States");
                }
            }
            everySender(where, widget, emitted, problems);
            for (Map.Entry<String, Set<String>> bounded : BOUNDED.entrySet()) {
                Set<String> shown = widget.metrics().stream().map(m -> m.dimensions().get(bounded.getKey()))
                        .filter(v -> v != null).collect(Collectors.toCollection(TreeSet::new));
                if (!shown.isEmpty() && !shown.equals(bounded.getValue())) {
                    Set<String> missing = new TreeSet<>(bounded.getValue());
                    missing.removeAll(shown);
                    if (!missing.isEmpty()) {
                        problems.add(where + "leaves out " + bounded.getKey() + " " + missing);
                    }
                }
            }
        }
        return problems;
    }

    /**
     * The reverse of {@link #ecstatic}: for each ecstatic metric the widget shows, every function that sent
     * it (the same name and dimension names) in the run is on the widget, with the widget's other dimension
     * values; a sender left out would be a series nobody sees (Conclude and Digest send NotificationsFailed
     * under their own names, as Notify does).
     */
    private static void everySender(String where, DashboardBody.Widget widget, MetricData emitted,
                                    List<String> problems) {
        Map<String, Set<Map<String, String>>> shown = new java.util.TreeMap<>();
        for (DashboardBody.Metric m : widget.metrics()) {
            if (m.namespace().equals("ecstatic") && m.dimensions().containsKey("FunctionName")) {
                shown.computeIfAbsent(m.identity(), k -> new java.util.HashSet<>()).add(m.dimensions());
            }
        }
        shown.forEach((identity, dimensionSets) -> {
            DashboardBody.Metric any = widget.metrics().stream().filter(m -> m.identity().equals(identity))
                    .findFirst().orElseThrow();
            Set<String> functionsShown = dimensionSets.stream().map(d -> d.get("FunctionName"))
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> missing = emitted.points().stream().filter(p -> p.namespace().equals(any.namespace())
                            && p.name().equals(any.name()) && p.dimensions().keySet().equals(any.dimensions().keySet()))
                    .map(p -> p.dimensions().get("FunctionName")).filter(f -> !functionsShown.contains(f))
                    .collect(Collectors.toCollection(TreeSet::new));
            if (!missing.isEmpty()) {
                problems.add(where + identity + " is also sent by " + missing + ", which the widget does not show"
                        + " (it shows " + functionsShown + ")");
            }
        });
    }

    private static void ecstatic(String where, DashboardBody.Metric m, Set<String> identities, MetricData emitted,
                                 List<String> problems) {
        if (!identities.contains(m.identity())) {
            problems.add(where + m.identity() + " is not a metric the functions emit (they emit " + identities
                    .stream().filter(i -> i.startsWith("ecstatic/")).toList() + ")");
            return;
        }
        if (m.dimensions().containsKey("Account") || m.dimensions().containsKey("Region")) {
            problems.add(where + m.identity() + " is a per-target series: the dashboard reads the stack's");
        }
        String function = m.dimensions().get("FunctionName");
        Set<String> senders = emitted.points().stream().filter(p -> p.namespace().equals(m.namespace())
                        && p.name().equals(m.name()) && p.dimensions().keySet().equals(m.dimensions().keySet()))
                .map(p -> p.dimensions().get("FunctionName")).collect(Collectors.toCollection(TreeSet::new));
        if (!senders.contains(function)) {
            problems.add(where + m.identity() + " under FunctionName " + function + ", but " + senders + " sent it");
        }
        m.dimensions().forEach((name, value) -> {
            Set<String> allowed = BOUNDED.get(name);
            if (!name.equals("FunctionName") && allowed == null) {
                problems.add(where + m.identity() + ": dimension " + name + " has no bounded set of values");
            } else if (allowed != null && !allowed.contains(value)) {
                problems.add(where + m.identity() + ": " + name + " " + value + " is none the functions send " + allowed);
            }
        });
    }
}
