package dev.ecstatic.functions;

import dev.ecstatic.functions.model.DigestSummary;
import dev.ecstatic.functions.model.Cluster;
import dev.ecstatic.functions.model.DigestSummary.ClusterCount;
import dev.ecstatic.functions.model.DigestSummary.Named;
import dev.ecstatic.functions.model.DigestSummary.OpenProblem;
import dev.ecstatic.functions.model.DigestSummary.Silence;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The daily digest: folds pages of the memory table into a {@link DigestSummary} and renders it as
 * one Slack message. Pure: the state machine reads the table, the handler posts.
 *
 * <p>Every list the summary keeps is the top of a total order over its entries (oldest problem first,
 * soonest silence end first, most instances first, names alphabetically; ties by cluster name, then
 * by every other field, as names cut short may be equal) and the agent
 * histogram keeps the newest versions, so the result does not depend on how the table was paged.
 * Only {@code outcomes} beyond {@value DigestSummary#MAX_KEYS} distinct values (which ecstatic
 * never writes) could depend on it.
 *
 * <p>The table holds every target's clusters (its partition key, {@code scope}, is
 * {@code <account>#<region>}): each entry keeps its scope, and the message names the account and region,
 * once when all clusters are in one target, else beside each cluster listed ({@code prod-web
 * (222233334444/eu-west-1)}). A target's stand-in ({@link Cluster#TARGET}) is not counted as a cluster:
 * only its open error is listed, as "target 222233334444/eu-west-1"; once it is stale (the target is
 * reachable again, or no longer configured) it is left out altogether, as its item waits for its TTL.
 *
 * <p>The memory document is read leniently: a missing field or one of another type is as if absent,
 * and a {@code memory} that is not a JSON object leaves the cluster counted with its outcome and
 * named as "memory unreadable". Nothing in an item throws.
 */
final class Digest {
    /** A cluster no run has seen for this long is counted as not seen, not by its outcome. */
    static final Duration STALE_AFTER = Duration.ofHours(48);
    /** Cluster names (ECS allows 255 characters) are cut to this in the summary and the message. */
    static final int NAME_CHARS = 80;
    /** Outcomes, problem kinds and agent versions are cut to this. */
    static final int WORD_CHARS = 40;
    /** Slack cuts a section's text at 3,000 characters; lists stop here with "… and N more". */
    static final int SECTION_CHARS = 2500;
    static final String TITLE = "ecstatic daily digest";
    static final String UNKNOWN_OUTCOME = "UNKNOWN";

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final Comparator<OpenProblem> OLDEST_FIRST = Comparator
            .comparing((OpenProblem p) -> p.since() == null ? Instant.MAX : Instant.parse(p.since()))
            .thenComparing(OpenProblem::cluster)
            .thenComparing(OpenProblem::scope, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(OpenProblem::kind, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingInt(OpenProblem::count).thenComparingInt(OpenProblem::runs);
    private static final Comparator<Silence> ENDS_FIRST = Comparator
            .comparing((Silence s) -> Instant.parse(s.until())).thenComparing(Silence::cluster)
            .thenComparing(Silence::scope, Comparator.nullsFirst(Comparator.naturalOrder()));
    private static final Comparator<ClusterCount> MOST_FIRST = Comparator
            .comparingInt(ClusterCount::count).reversed().thenComparing(ClusterCount::cluster)
            .thenComparing(ClusterCount::scope, Comparator.nullsFirst(Comparator.naturalOrder()));
    private static final Comparator<Named> BY_NAME = Comparator.comparing(Named::cluster)
            .thenComparing(Named::scope, Comparator.nullsFirst(Comparator.naturalOrder()));

    private Digest() {
    }

    /**
     * Adds one page of items (attribute name → DynamoDB attribute value, as the Scan returns them) to
     * {@code digest}. Items whose cluster starts with {@code #} (the digest's own item) are skipped.
     */
    static DigestSummary fold(DigestSummary digest, List<Map<String, Map<String, String>>> items, Instant now) {
        Fold fold = new Fold(digest);
        for (Map<String, Map<String, String>> item : items) {
            fold.add(item, now);
        }
        return fold.summary();
    }

    /** Accumulates one page on top of the summary so far, then cuts it back to its bounds. */
    private static final class Fold {
        int clusters;
        final Map<String, Integer> outcomes;
        final Map<String, Long> agents;
        int openProblems;
        final List<OpenProblem> problems;
        int silenced;
        final List<Silence> silences;
        long cannotUpdate;
        final List<ClusterCount> cannot;
        int stale;
        final List<Named> staleNames;
        int unreadable;
        final List<Named> unreadableNames;
        final java.util.TreeSet<String> targets;

        Fold(DigestSummary d) {
            clusters = d.clusters();
            outcomes = new LinkedHashMap<>(d.outcomes());
            agents = new LinkedHashMap<>(d.agentVersions());
            openProblems = d.openProblems();
            problems = new ArrayList<>(d.oldestProblems());
            silenced = d.silenced();
            silences = new ArrayList<>(d.silencedClusters());
            cannotUpdate = d.cannotUpdate();
            cannot = new ArrayList<>(d.cannotUpdateClusters());
            stale = d.stale();
            staleNames = new ArrayList<>(d.staleClusters());
            unreadable = d.unreadable();
            unreadableNames = new ArrayList<>(d.unreadableClusters());
            targets = new java.util.TreeSet<>(d.targets());
        }

        void add(Map<String, Map<String, String>> item, Instant now) {
            String cluster = string(item, "cluster");
            if (cluster == null || cluster.startsWith("#")) {
                return;
            }
            String name = InventoryBuilder.truncate(cluster, NAME_CHARS);
            String scope = string(item, "scope");
            scope = scope == null ? null : InventoryBuilder.truncate(scope, DigestSummary.SCOPE_CHARS);
            boolean standIn = Cluster.TARGET.equals(cluster);
            Instant lastRun = instant(string(item, "lastRunTime"));
            if (lastRun != null && lastRun.isBefore(now.minus(STALE_AFTER))) {
                if (!standIn) {
                    stale++;
                    staleNames.add(new Named(name, scope));
                    target(scope);
                }
                return;
            }
            target(scope);
            if (!standIn) {
                clusters++;
                String outcome = string(item, "lastOutcome");
                outcomes.merge(outcome == null ? UNKNOWN_OUTCOME : InventoryBuilder.truncate(outcome, WORD_CHARS), 1,
                        Integer::sum);
            }
            String text = string(item, "memory");
            if (text == null) {
                return; // a first run still holding its lease: nothing remembered yet
            }
            Map<?, ?> memory;
            try {
                memory = Json.parse(text) instanceof Map<?, ?> m ? m : null;
            } catch (IllegalArgumentException e) {
                memory = null;
            }
            if (memory == null) {
                unreadable++;
                unreadableNames.add(new Named(name, scope));
                return;
            }
            remember(name, scope, memory, now);
        }

        /** The first {@value DigestSummary#MAX_TARGETS} scopes in order: the same whatever the paging. */
        private void target(String scope) {
            if (scope != null) {
                targets.add(scope);
                while (targets.size() > DigestSummary.MAX_TARGETS) {
                    targets.pollLast();
                }
            }
        }

        private void remember(String name, String scope, Map<?, ?> memory, Instant now) {
            // The open error has its own slot (docs/memory.md); it is an open problem all the same.
            for (String slot : List.of("problem", "error")) {
                if (memory.get(slot) instanceof Map<?, ?> problem) {
                    openProblems++;
                    Instant since = instant(problem.get("firstSeen") instanceof String s ? s : null);
                    String kind = problem.get("kind") instanceof String k ? InventoryBuilder.truncate(k, WORD_CHARS)
                            : null;
                    problems.add(new OpenProblem(name, kind, since == null ? null : since.toString(),
                            count(problem.get("count")), count(problem.get("runs")), scope));
                }
            }
            if (memory.get("cannotUpdate") instanceof Map<?, ?> set && count(set.get("count")) > 0) {
                cannotUpdate += count(set.get("count"));
                cannot.add(new ClusterCount(name, count(set.get("count")), scope));
            }
            if (memory.get("agents") instanceof Map<?, ?> versions) {
                versions.forEach((version, n) -> {
                    if (version instanceof String v && count(n) > 0) {
                        agents.merge(InventoryBuilder.truncate(v, WORD_CHARS), (long) count(n), Long::sum);
                    }
                });
            }
            Instant until = instant(memory.get("silencedUntil") instanceof String s ? s : null);
            if (until != null && now.isBefore(until)) {
                silenced++;
                silences.add(new Silence(name, until.toString(), scope));
            }
        }

        DigestSummary summary() {
            return new DigestSummary(clusters, capOutcomes(outcomes), capVersions(agents),
                    openProblems, top(problems, OLDEST_FIRST, DigestSummary.MAX_LISTED),
                    silenced, top(silences, ENDS_FIRST, DigestSummary.MAX_LISTED),
                    cannotUpdate, top(cannot, MOST_FIRST, DigestSummary.MAX_LISTED),
                    stale, top(staleNames, BY_NAME, DigestSummary.MAX_NAMED),
                    unreadable, top(unreadableNames, BY_NAME, DigestSummary.MAX_NAMED), List.copyOf(targets));
        }
    }

    private static <T> List<T> top(List<T> list, Comparator<? super T> order, int max) {
        return list.stream().sorted(order).limit(max).toList();
    }

    /** Beyond the bound, the least frequent outcomes are summed under "other". */
    private static Map<String, Integer> capOutcomes(Map<String, Integer> outcomes) {
        if (outcomes.size() <= DigestSummary.MAX_KEYS) {
            return outcomes;
        }
        List<Map.Entry<String, Integer>> kept = outcomes.entrySet().stream()
                .filter(e -> !e.getKey().equals(DigestSummary.OTHER))
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .toList();
        Map<String, Integer> capped = new LinkedHashMap<>();
        int other = outcomes.getOrDefault(DigestSummary.OTHER, 0);
        for (int i = 0; i < kept.size(); i++) {
            if (i < DigestSummary.MAX_KEYS - 1) {
                capped.put(kept.get(i).getKey(), kept.get(i).getValue());
            } else {
                other += kept.get(i).getValue();
            }
        }
        capped.put(DigestSummary.OTHER, other);
        return capped;
    }

    /**
     * Newest first; beyond the bound, the oldest versions are summed under "other". Which versions are
     * kept depends only on the set of versions in the fleet, so paging changes nothing: once "other"
     * exists, more than {@value DigestSummary#MAX_KEYS} versions were seen, and any version that is not
     * among the newest kept so far is older than all of them.
     */
    static Map<String, Long> capVersions(Map<String, Long> agents) {
        List<String> versions = agents.keySet().stream().filter(v -> !v.equals(DigestSummary.OTHER))
                .sorted(Versions.ORDER.reversed()).toList();
        boolean cut = agents.containsKey(DigestSummary.OTHER) || versions.size() > DigestSummary.MAX_KEYS;
        Map<String, Long> capped = new LinkedHashMap<>();
        long other = agents.getOrDefault(DigestSummary.OTHER, 0L);
        for (int i = 0; i < versions.size(); i++) {
            if (!cut || i < DigestSummary.MAX_KEYS - 1) {
                capped.put(versions.get(i), agents.get(versions.get(i)));
            } else {
                other += agents.get(versions.get(i));
            }
        }
        if (cut) {
            capped.put(DigestSummary.OTHER, other);
        }
        return capped;
    }

    private static String string(Map<String, Map<String, String>> item, String attribute) {
        Map<String, String> value = item.get(attribute);
        return value == null ? null : value.get("S");
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A non-negative whole number from the memory, or 0. */
    private static int count(Object value) {
        if (value instanceof Number n && n.doubleValue() > 0) {
            return (int) Math.min(n.longValue(), Integer.MAX_VALUE);
        }
        return 0;
    }

    /**
     * "ecstatic daily digest: 42 clusters, 3 open problems, 40 agents behind 1.89.0". Behind the newest
     * version in the fleet: ecstatic brings agents to the recommended version, so the newest it sees
     * is that one once any cluster is current.
     */
    static String headline(DigestSummary d) {
        String title = TITLE + across(d);
        if (d.clusters() == 0) {
            String line = title + ": no clusters" + (d.stale() == 0 ? "" : " seen in the last 2 days (" + d.stale()
                    + " not seen since: " + names(d.staleClusters(), d.stale(), many(d)) + ")");
            // Every target unreachable: no cluster, but each one's error is an open problem.
            return d.openProblems() == 0 ? line : line + ", " + plural(d.openProblems(), "open problem");
        }
        StringBuilder line = new StringBuilder(title).append(": ").append(plural(d.clusters(), "cluster"))
                .append(", ").append(plural(d.openProblems(), "open problem"));
        String newest = newest(d);
        if (newest != null) {
            line.append(", ").append(plural(behind(d), "agent")).append(" behind ").append(newest);
        }
        return line.toString();
    }

    /** The Slack message: the headline as the notification text, then one section per part. */
    static Map<String, Object> message(DigestSummary d, Instant now) {
        String headline = headline(d);
        boolean many = many(d);
        List<Object> blocks = new ArrayList<>();
        blocks.add(section("*" + SlackMessage.escape(headline) + "*"));
        if (!d.targets().isEmpty()) {
            blocks.add(Map.of("type", "context", "elements", List.of(Map.of("type", "mrkdwn", "text",
                    SlackMessage.escape(targets(d))))));
        }
        if (d.clusters() > 0 || d.openProblems() > 0) {
            if (d.clusters() > 0) {
                blocks.add(section("*Outcomes*\n" + SlackMessage.escape(outcomes(d))));
            }
            if (!d.agentVersions().isEmpty()) {
                blocks.add(section("*Agent versions*\n" + SlackMessage.escape(versions(d))));
            }
            if (d.openProblems() > 0) {
                blocks.add(section(list("*Open problems* (" + d.openProblems() + ")", d.oldestProblems(),
                        p -> problem(p, now, many), listed -> more(d.openProblems() - listed, ""))));
            }
            if (d.silenced() > 0) {
                blocks.add(section(list("*Silenced* (" + d.silenced() + ")", d.silencedClusters(),
                        s -> label(s.cluster(), s.scope(), many) + " until " + when(Instant.parse(s.until())),
                        listed -> more(d.silenced() - listed, ""))));
            }
            if (d.cannotUpdate() > 0) {
                List<ClusterCount> most = d.cannotUpdateClusters();
                blocks.add(section(list("*Instances ecstatic cannot bring current* (" + d.cannotUpdate() + ")", most,
                        c -> label(c.cluster(), c.scope(), many) + ": " + plural(c.count(), "instance"),
                        listed -> more(d.cannotUpdate() - most.stream().limit(listed).mapToLong(ClusterCount::count).sum(),
                                " in other clusters"))));
            }
            if (d.stale() > 0) {
                blocks.add(section("*Not seen for 2 days* (" + d.stale() + "): "
                        + SlackMessage.escape(names(d.staleClusters(), d.stale(), many))));
            }
            if (d.unreadable() > 0) {
                blocks.add(section("*Memory unreadable* (" + d.unreadable() + "): "
                        + SlackMessage.escape(names(d.unreadableClusters(), d.unreadable(), many))));
            }
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("text", SlackMessage.escape(headline));
        message.put("blocks", blocks);
        return message;
    }

    private static String outcomes(DigestSummary d) {
        return String.join(" · ", d.outcomes().entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> e.getKey() + " " + e.getValue()).toList());
    }

    /** Newest first, "other" (the oldest) last. */
    private static String versions(DigestSummary d) {
        List<String> parts = new ArrayList<>(d.agentVersions().keySet().stream()
                .filter(v -> !v.equals(DigestSummary.OTHER)).sorted(Versions.ORDER.reversed())
                .map(v -> v + " ×" + d.agentVersions().get(v)).toList());
        if (d.agentVersions().containsKey(DigestSummary.OTHER)) {
            parts.add(DigestSummary.OTHER + " ×" + d.agentVersions().get(DigestSummary.OTHER));
        }
        return String.join(", ", parts);
    }

    /**
     * "batch: agents disconnected (3 instances) for 3 d 4 h, since 2026-01-02 05:00 UTC, 76 runs"; with
     * {@code many} targets, "batch (222233334444/eu-west-1): …".
     */
    static String problem(OpenProblem p, Instant now, boolean many) {
        boolean standIn = Cluster.TARGET.equals(p.cluster());
        StringBuilder line = new StringBuilder(label(p.cluster(), p.scope(), many)).append(": ")
                .append(standIn && "ERROR".equals(p.kind()) ? "ecstatic cannot reach it" : kind(p.kind()));
        if (p.count() > 0) {
            line.append(" (").append(plural(p.count(), "instance")).append(')');
        }
        if (p.since() == null) {
            line.append(", open since an unknown time");
        } else {
            Instant since = Instant.parse(p.since());
            line.append(" for ").append(duration(Duration.between(since, now))).append(", since ").append(when(since));
        }
        if (p.runs() > 0) {
            line.append(", ").append(plural(p.runs(), "run"));
        }
        return line.toString();
    }

    private static String kind(String kind) {
        return switch (kind == null ? "" : kind) {
            case "AGENTS_DISCONNECTED" -> "agents disconnected";
            case "UPDATE_FAILED" -> "update failed";
            case "UPDATE_STUCK" -> "update stuck";
            case "ERROR" -> "ecstatic could not check it";
            case "" -> "a problem";
            default -> kind;
        };
    }

    /** "3 d 4 h", "5 h", "12 min": the precision a reader needs for something open that long. */
    static String duration(Duration d) {
        if (d.isNegative()) {
            return "0 min";
        }
        if (d.toDays() > 0) {
            return d.toDays() + " d " + d.toHoursPart() + " h";
        }
        if (d.toHours() > 0) {
            return d.toHours() + " h";
        }
        return d.toMinutes() + " min";
    }

    static String when(Instant instant) {
        return WHEN.format(instant);
    }

    /**
     * A titled bullet list, cut before Slack's limit; {@code more} says what the list leaves out, given
     * how many entries it shows.
     */
    private static <T> String list(String title, List<T> shown, Function<T, String> line, IntFunction<String> more) {
        StringBuilder text = new StringBuilder(title);
        int listed = 0;
        for (T t : shown) {
            String next = "\n• " + SlackMessage.escape(line.apply(t));
            if (text.length() + next.length() > SECTION_CHARS) {
                break;
            }
            text.append(next);
            listed++;
        }
        return text.append(more.apply(listed)).toString();
    }

    /** "\n… and 3 more", or nothing when nothing is left out. */
    private static String more(long left, String what) {
        return left > 0 ? "\n… and " + left + " more" + what : "";
    }

    private static String names(List<Named> names, int total, boolean many) {
        String listed = String.join(", ", names.stream().map(n -> label(n.cluster(), n.scope(), many)).toList());
        return total > names.size() ? listed + " … and " + (total - names.size()) + " more" : listed;
    }

    /** More than one target among the items: each cluster listed names its own. */
    static boolean many(DigestSummary d) {
        return d.targets().size() > 1;
    }

    /**
     * A cluster as the digest names it: "prod-web", with {@code many} targets "prod-web
     * (222233334444/eu-west-1)"; a target's stand-in always as "target 222233334444/eu-west-1".
     */
    static String label(String cluster, String scope, boolean many) {
        if (Cluster.TARGET.equals(cluster)) {
            return "target " + (scope == null ? "(unknown)" : slash(scope));
        }
        return many && scope != null ? cluster + " (" + slash(scope) + ")" : cluster;
    }

    /** " (222233334444 · eu-west-1)" for one target, " (3 targets)" for several, "" when no item named one. */
    static String across(DigestSummary d) {
        if (d.targets().isEmpty()) {
            return "";
        }
        if (!many(d)) {
            return " (" + dot(d.targets().getFirst()) + ")";
        }
        return d.targets().size() > DigestSummary.MAX_NAMED ? " (more than " + DigestSummary.MAX_NAMED + " targets)"
                : " (" + d.targets().size() + " targets)";
    }

    /** "account 222233334444 · eu-west-1", or "accounts and regions: 1…/eu-west-1, 2…/us-east-1 … and more". */
    static String targets(DigestSummary d) {
        if (!many(d)) {
            return "account " + dot(d.targets().getFirst());
        }
        List<String> shown = d.targets().stream().limit(DigestSummary.MAX_NAMED).map(Digest::slash).toList();
        return "accounts and regions: " + String.join(", ", shown)
                + (d.targets().size() > DigestSummary.MAX_NAMED ? " … and more" : "");
    }

    /** "222233334444#eu-west-1" (the memory's scope) as "222233334444/eu-west-1". */
    private static String slash(String scope) {
        return scope.replace('#', '/');
    }

    private static String dot(String scope) {
        return scope.replace("#", " · ");
    }

    private static String newest(DigestSummary d) {
        return d.agentVersions().keySet().stream().filter(v -> !v.equals(DigestSummary.OTHER))
                .max(Versions.ORDER).orElse(null);
    }

    private static long behind(DigestSummary d) {
        String newest = newest(d);
        return d.agentVersions().entrySet().stream().filter(e -> !e.getKey().equals(newest))
                .mapToLong(Map.Entry::getValue).sum();
    }

    private static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static Map<String, Object> section(String mrkdwn) {
        return Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", mrkdwn));
    }
}
