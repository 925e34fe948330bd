package dev.ecstatic.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecstatic.functions.model.DigestRequest;
import dev.ecstatic.functions.model.DigestSummary;
import dev.ecstatic.functions.model.DigestSummary.ClusterCount;
import dev.ecstatic.functions.model.DigestSummary.OpenProblem;
import dev.ecstatic.functions.model.DigestSummary.Silence;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The digest's fold over pages of the memory table, and the message it renders. */
class DigestTest {
    private static final Instant NOW = Instant.parse("2026-01-05T09:00:00Z");

    /** An item as the Scan returns it (without its scope: see {@link #in}); a null argument leaves the attribute out. */
    static Map<String, Map<String, String>> item(String cluster, String outcome, String lastRunTime, String memory) {
        Map<String, Map<String, String>> item = new LinkedHashMap<>();
        item.put("cluster", Map.of("S", cluster));
        if (outcome != null) {
            item.put("lastOutcome", Map.of("S", outcome));
        }
        if (lastRunTime != null) {
            item.put("lastRunTime", Map.of("S", lastRunTime));
        }
        if (memory != null) {
            item.put("memory", Map.of("S", memory));
        }
        return item;
    }

    private static Map<String, Map<String, String>> item(String cluster, String memory) {
        return item(cluster, "BLOCKED", NOW.toString(), memory);
    }

    private static String problem(String kind, String firstSeen, int count, int runs) {
        return "{\"version\":1,\"problem\":{\"kind\":\"" + kind + "\",\"count\":" + count + ",\"hash\":\"9f2c\","
                + "\"instances\":[],\"firstSeen\":\"" + firstSeen + "\",\"runs\":" + runs + "}}";
    }

    private static DigestSummary fold(List<Map<String, Map<String, String>>> items) {
        return Digest.fold(DigestSummary.EMPTY, items, NOW);
    }

    /** Folds {@code items} page by page, each page starting from the previous page's summary. */
    private static DigestSummary paged(List<Map<String, Map<String, String>>> items, int pageSize) {
        DigestSummary digest = DigestSummary.EMPTY;
        for (int from = 0; from < items.size(); from += pageSize) {
            digest = Digest.fold(digest, items.subList(from, Math.min(items.size(), from + pageSize)), NOW);
        }
        return digest;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            # case                                  | outcome  | last run (h ago) | memory                                                                 | clusters | counted as   | problems | silenced | cannot | stale | unreadable
            an open problem                         | BLOCKED  | 1                | {"problem":{"kind":"UPDATE_STUCK","count":2,"firstSeen":"2026-01-05T08:00:00Z","runs":1}} | 1 | BLOCKED | 1 | 0 | 0 | 0 | 0
            no problem                              | UP_TO_DATE | 1              | {"version":1,"problem":null}                                           | 1        | UP_TO_DATE   | 0        | 0        | 0      | 0     | 0
            an open error (its own slot)            | ERROR    | 1                | {"problem":null,"error":{"kind":"ERROR","count":0,"firstSeen":"2026-01-05T08:00:00Z","runs":2}} | 1 | ERROR | 1 | 0 | 0 | 0 | 0
            a problem and an error: two             | ERROR    | 1                | {"problem":{"kind":"UPDATE_STUCK","count":2,"runs":1},"error":{"kind":"ERROR","count":0,"runs":1}} | 1 | ERROR | 2 | 0 | 0 | 0 | 0
            an OUTSIDE_WINDOW outcome is counted    | OUTSIDE_WINDOW | 1          | {}                                                                     | 1        | OUTSIDE_WINDOW | 0      | 0        | 0      | 0     | 0
            seen 47 h ago, still counted            | BLOCKED  | 47               | {"problem":{"kind":"ERROR","count":0}}                                 | 1        | BLOCKED      | 1        | 0        | 0      | 0     | 0
            seen 49 h ago, stale and nothing else   | BLOCKED  | 49               | {"problem":{"kind":"ERROR","count":0},"cannotUpdate":{"count":4}}      | 0        | null         | 0        | 0        | 0      | 1     | 0
            no lastRunTime: counted                 | STARTED  | null             | {}                                                                     | 1        | STARTED      | 0        | 0        | 0      | 0     | 0
            no lastOutcome: UNKNOWN                 | null     | 1                | {}                                                                     | 1        | UNKNOWN      | 0        | 0        | 0      | 0     | 0
            no memory yet: counted, not unreadable  | BLOCKED  | 1                | null                                                                   | 1        | BLOCKED      | 0        | 0        | 0      | 0     | 0
            memory not JSON                         | ERROR    | 1                | {"problem":                                                            | 1        | ERROR        | 0        | 0        | 0      | 0     | 1
            memory JSON but not an object           | ERROR    | 1                | [1,2]                                                                  | 1        | ERROR        | 0        | 0        | 0      | 0     | 1
            fields of other types are as if absent  | BLOCKED  | 1                | {"problem":"gone","cannotUpdate":{"count":"six"},"agents":[1],"silencedUntil":7} | 1 | BLOCKED | 0 | 0 | 0 | 0 | 0
            a problem with odd fields still counts  | BLOCKED  | 1                | {"problem":{"kind":3,"count":"three","firstSeen":"yesterday"}}         | 1        | BLOCKED      | 1        | 0        | 0      | 0     | 0
            unknown fields are ignored              | BLOCKED  | 1                | {"version":9,"surprise":{"a":[1,{"b":null}]},"cannotUpdate":{"count":2}} | 1      | BLOCKED      | 0        | 0        | 2      | 0     | 0
            silenced until later                    | BLOCKED  | 1                | {"silencedUntil":"2026-01-06T00:00:00Z"}                               | 1        | BLOCKED      | 0        | 1        | 0      | 0     | 0
            a silence that has ended                | BLOCKED  | 1                | {"silencedUntil":"2026-01-05T09:00:00Z"}                               | 1        | BLOCKED      | 0        | 0        | 0      | 0     | 0
            a silence that is not an instant        | BLOCKED  | 1                | {"silencedUntil":"tomorrow"}                                           | 1        | BLOCKED      | 0        | 0        | 0      | 0     | 0
            nothing ecstatic cannot update          | BLOCKED  | 1                | {"cannotUpdate":{"count":0}}                                           | 1        | BLOCKED      | 0        | 0        | 0      | 0     | 0
            """)
    void oneItem_isCountedAsItsMemorySays(String name, String outcome, Integer hoursAgo, String memory, int clusters,
                                          String countedAs, int problems, int silenced, long cannot, int stale,
                                          int unreadable) {
        String lastRun = hoursAgo == null ? null : NOW.minus(Duration.ofHours(hoursAgo)).toString();

        DigestSummary d = fold(List.of(item("prod-web", outcome, lastRun, memory)));

        assertThat(d.clusters()).isEqualTo(clusters);
        assertThat(d.outcomes()).isEqualTo(countedAs == null ? Map.of() : Map.of(countedAs, 1));
        assertThat(d.openProblems()).isEqualTo(problems);
        assertThat(d.oldestProblems()).hasSize(problems);
        assertThat(d.silenced()).isEqualTo(silenced);
        assertThat(d.cannotUpdate()).isEqualTo(cannot);
        assertThat(d.stale()).isEqualTo(stale);
        assertThat(d.staleClusters()).hasSize(stale);
        assertThat(d.unreadable()).isEqualTo(unreadable);
        assertThat(d.unreadableClusters()).hasSize(unreadable);
    }

    @Test
    void theDigestsOwnItem_isSkipped() {
        DigestSummary d = fold(List.of(item("#digest", null, NOW.toString(), "not json"),
                item("#digest", "BLOCKED", "2020-01-01T00:00:00Z", null)));

        assertThat(d).isEqualTo(DigestSummary.EMPTY);
    }

    @Test
    void anItemWithoutAClusterName_isSkipped() {
        Map<String, Map<String, String>> nameless = new LinkedHashMap<>(item("x", "{}"));
        nameless.put("cluster", Map.of("N", "1"));

        assertThat(fold(List.of(nameless, Map.of()))).isEqualTo(DigestSummary.EMPTY);
    }

    @Test
    void openProblem_keepsKindSinceCountAndRuns() {
        DigestSummary d = fold(List.of(item("batch", problem("AGENTS_DISCONNECTED", "2026-01-02T05:00:00Z", 3, 76))));

        assertThat(d.oldestProblems()).containsExactly(
                new OpenProblem("batch", "AGENTS_DISCONNECTED", "2026-01-02T05:00:00Z", 3, 76));
    }

    @Test
    void oldestProblems_areTheTwentyOpenLongest_andTheCountIsAll() {
        List<Map<String, Map<String, String>>> items = IntStream.range(0, 50).mapToObj(i -> item("c" + (100 + i),
                problem("UPDATE_FAILED", NOW.minus(Duration.ofHours(i)).toString(), 1, i))).toList();

        DigestSummary d = paged(items, 7);

        assertThat(d.openProblems()).isEqualTo(50);
        assertThat(d.oldestProblems()).hasSize(20).extracting(OpenProblem::cluster)
                .containsExactlyElementsOf(IntStream.range(30, 50).map(i -> 149 - (i - 30)).mapToObj(i -> "c" + i).toList());
    }

    @Test
    void problemsWithoutAKnownStart_comeAfterTheDatedOnes() {
        DigestSummary d = fold(List.of(item("a", "{\"problem\":{\"kind\":\"ERROR\"}}"),
                item("b", problem("ERROR", "2026-01-04T00:00:00Z", 0, 1))));

        assertThat(d.oldestProblems()).extracting(OpenProblem::cluster).containsExactly("b", "a");
        assertThat(d.oldestProblems().get(1).since()).isNull();
    }

    @Test
    void agentVersions_areSummedAcrossClusters() {
        DigestSummary d = fold(List.of(item("a", "{\"agents\":{\"1.89.0\":100,\"1.87.1\":4}}"),
                item("b", "{\"agents\":{\"1.89.0\":20,\"1.87.1\":2,\"unknown\":1}}")));

        assertThat(d.agentVersions()).isEqualTo(Map.of("1.89.0", 120L, "1.87.1", 6L, "unknown", 1L));
    }

    @Test
    void moreThanThirtyVersions_keepTheNewest_andSumTheOldestAsOther_whateverThePaging() {
        List<Map<String, Map<String, String>>> items = new ArrayList<>(IntStream.range(0, 40).mapToObj(i ->
                item("c" + i, "{\"agents\":{\"1." + (50 + i) + ".0\":" + (i + 1) + "}}")).toList());
        DigestSummary whole = fold(items);
        Collections.shuffle(items, new Random(7));

        DigestSummary paged = paged(items, 3);

        assertThat(whole.agentVersions()).hasSize(30).containsEntry("1.89.0", 40L).containsEntry("1.61.0", 12L)
                .doesNotContainKey("1.60.0").containsEntry(DigestSummary.OTHER, (long) IntStream.rangeClosed(1, 11).sum());
        assertThat(paged.agentVersions()).isEqualTo(whole.agentVersions());
    }

    @Test
    void silences_endingFirst_areListed() {
        DigestSummary d = fold(IntStream.range(0, 25).mapToObj(i -> item("s" + (10 + i),
                "{\"silencedUntil\":\"" + NOW.plus(Duration.ofHours(25 - i)) + "\"}")).toList());

        assertThat(d.silenced()).isEqualTo(25);
        assertThat(d.silencedClusters()).hasSize(20).first()
                .isEqualTo(new Silence("s34", NOW.plus(Duration.ofHours(1)).toString()));
    }

    @Test
    void cannotUpdate_listsTheClustersWithTheMost_andTotalsAll() {
        DigestSummary d = paged(IntStream.range(0, 30).mapToObj(i -> item("k" + (10 + i),
                "{\"cannotUpdate\":{\"kind\":\"CANNOT_UPDATE\",\"count\":" + (i + 1) + "}}")).toList(), 4);

        assertThat(d.cannotUpdate()).isEqualTo(IntStream.rangeClosed(1, 30).sum());
        assertThat(d.cannotUpdateClusters()).hasSize(20).first().isEqualTo(new ClusterCount("k39", 30));
        assertThat(d.cannotUpdateClusters().getLast()).isEqualTo(new ClusterCount("k20", 11));
    }

    @Test
    void staleAndUnreadable_nameTenAlphabetically_andCountAll() {
        List<Map<String, Map<String, String>>> items = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            items.add(item("gone-" + (10 + i), "UP_TO_DATE", "2025-12-01T00:00:00Z", "{}"));
            items.add(item("bad-" + (10 + i), "BLOCKED", NOW.toString(), "oops"));
        }
        Collections.reverse(items);

        DigestSummary d = paged(items, 4);

        assertThat(d.stale()).isEqualTo(15);
        assertThat(d.staleClusters()).containsExactlyElementsOf(IntStream.range(10, 20)
                .mapToObj(i -> new DigestSummary.Named("gone-" + i, null)).toList());
        assertThat(d.unreadable()).isEqualTo(15);
        assertThat(d.unreadableClusters()).hasSize(10).first().isEqualTo(new DigestSummary.Named("bad-10", null));
        assertThat(d.clusters()).as("unreadable clusters still count").isEqualTo(15);
        assertThat(d.outcomes()).isEqualTo(Map.of("BLOCKED", 15));
    }

    @Test
    void pagingAndOrder_doNotChangeTheDigest() {
        List<Map<String, Map<String, String>>> items = fleet(600);
        DigestSummary whole = fold(items);
        Collections.shuffle(items, new Random(42));

        assertThat(paged(items, 100)).isEqualTo(whole);
        assertThat(paged(items, 1)).isEqualTo(whole);
    }

    private static List<Map<String, Map<String, String>>> fleet(int n) {
        return fleet(n, 20);
    }

    /**
     * Every cluster with a problem, a silence, instances ecstatic cannot update and agents, and a name
     * of 244 characters (ECS allows 255); one in 5 stale; one in 13 with one of {@code outcomes} odd outcomes.
     */
    private static List<Map<String, Map<String, String>>> fleet(int n, int outcomes) {
        return new ArrayList<>(IntStream.range(0, n).mapToObj(i -> item(
                String.format("%05d-", i) + "x".repeat(238), i % 13 == 0 ? "OUTCOME_" + i % outcomes : "BLOCKED",
                NOW.minus(Duration.ofHours(i % 5 == 0 ? 72 : 1)).toString(),
                "{\"problem\":{\"kind\":\"AGENTS_DISCONNECTED\",\"count\":" + (i % 7 + 1) + ",\"firstSeen\":\""
                        + NOW.minus(Duration.ofMinutes(i * 37L % 5000)) + "\",\"runs\":" + i + "},"
                        + "\"cannotUpdate\":{\"count\":" + (i % 11 + 1) + "},"
                        + "\"agents\":{\"1." + (i % 60) + ".0\":3,\"1.89.0\":" + (i % 4) + "},"
                        + "\"silencedUntil\":\"" + NOW.plus(Duration.ofMinutes(i * 53L % 9000 + 1)) + "\"}")).toList());
    }

    @Test
    void summary_staysUnder16KiB_forTenThousandClustersWithTheLongestNames() {
        List<Map<String, Map<String, String>>> items = fleet(10_000, 10_000).stream()
                .map(item -> in(String.format("%012d#ap-southeast-3", item.hashCode() & 0xff), item)).toList();

        DigestSummary d = paged(items, 100);
        String json = Fixtures.toJson(d, DigestSummary.class);

        assertThat(d.clusters()).isEqualTo(8_000);
        assertThat(d.stale()).isEqualTo(2_000);
        assertThat(d.outcomes()).hasSize(30).containsKey(DigestSummary.OTHER);
        assertThat(d.outcomes().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(8_000);
        assertThat(json.getBytes(StandardCharsets.UTF_8).length).isLessThan(16 * 1024);
        assertThat(d.targets()).hasSize(DigestSummary.MAX_TARGETS);
        String text = Json.write(Digest.message(d, NOW));
        assertThat(text.length()).as("the whole message").isLessThan(16 * 1024);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                 | memory of each cluster                                              | clusters | headline
            plurals                | {"problem":{"kind":"ERROR"},"agents":{"1.89.0":120,"1.87.1":6}}    | 2        | ecstatic daily digest: 2 clusters, 2 open problems, 12 agents behind 1.89.0
            singulars              | {"problem":{"kind":"ERROR"},"agents":{"1.89.0":1,"1.87.1":1}}      | 1        | ecstatic daily digest: 1 cluster, 1 open problem, 1 agent behind 1.89.0
            all current            | {"agents":{"1.89.0":4}}                                             | 3        | ecstatic daily digest: 3 clusters, 0 open problems, 0 agents behind 1.89.0
            no agents remembered   | {}                                                                  | 2        | ecstatic daily digest: 2 clusters, 0 open problems
            """)
    void headline_countsClustersProblemsAndAgentsBehind(String name, String memory, int clusters, String headline) {
        DigestSummary d = fold(IntStream.range(0, clusters).mapToObj(i -> item("c" + i, memory)).toList());

        assertThat(Digest.headline(d)).isEqualTo(headline);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            PT0S        | 0 min
            PT59M59S    | 59 min
            PT1H        | 1 h
            PT23H59M    | 23 h
            PT24H       | 1 d 0 h
            PT76H30M    | 3 d 4 h
            -PT5M       | 0 min
            """)
    void duration_isWrittenForAPerson(String duration, String written) {
        assertThat(Digest.duration(Duration.parse(duration))).isEqualTo(written);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            AGENTS_DISCONNECTED | 3 | 2026-01-02T05:00:00Z | 76 | batch: agents disconnected (3 instances) for 3 d 4 h, since 2026-01-02 05:00 UTC, 76 runs
            UPDATE_STUCK        | 1 | 2026-01-05T07:30:00Z | 2  | batch: update stuck (1 instance) for 1 h, since 2026-01-05 07:30 UTC, 2 runs
            UPDATE_FAILED       | 2 | 2026-01-05T08:50:00Z | 1  | batch: update failed (2 instances) for 10 min, since 2026-01-05 08:50 UTC, 1 run
            ERROR               | 0 | 2026-01-04T09:00:00Z | 24 | batch: ecstatic could not check it for 1 d 0 h, since 2026-01-04 09:00 UTC, 24 runs
            SOMETHING_NEW       | 0 |                      | 0  | batch: SOMETHING_NEW, open since an unknown time
            """)
    void problemLine_saysWhatHowManyAndForHowLong(String kind, int count, String since, int runs, String line) {
        assertThat(Digest.problem(new OpenProblem("batch", kind, since, count, runs), NOW, false)).isEqualTo(line);
    }

    @Test
    @SuppressWarnings("unchecked")
    void message_hasTheHeadlineAsText_andASectionPerPart() {
        DigestSummary d = fold(List.of(
                item("batch", "BLOCKED", NOW.toString(), "{\"problem\":{\"kind\":\"AGENTS_DISCONNECTED\",\"count\":3,"
                        + "\"firstSeen\":\"2026-01-02T05:00:00Z\",\"runs\":76},\"agents\":{\"1.87.1\":6,\"1.89.0\":20},"
                        + "\"silencedUntil\":\"2026-01-06T00:00:00Z\"}"),
                item("prod-web", "UP_TO_DATE", NOW.toString(), "{\"agents\":{\"1.89.0\":100}}"),
                item("legacy", "NONE_UPDATABLE", NOW.toString(), "{\"cannotUpdate\":{\"count\":6},\"agents\":{\"1.51.0\":6}}"),
                item("broken", "UP_TO_DATE", NOW.toString(), "{{"),
                item("old", "UP_TO_DATE", "2025-12-01T00:00:00Z", "{}")));

        Map<String, Object> message = Digest.message(d, NOW);

        assertThat(message.get("text")).isEqualTo("ecstatic daily digest: 4 clusters, 1 open problem, 12 agents behind 1.89.0");
        List<String> sections = ((List<Map<String, Object>>) message.get("blocks")).stream()
                .map(b -> (String) ((Map<String, Object>) b.get("text")).get("text")).toList();
        assertThat(sections).containsExactly(
                "*ecstatic daily digest: 4 clusters, 1 open problem, 12 agents behind 1.89.0*",
                "*Outcomes*\nUP_TO_DATE 2 · BLOCKED 1 · NONE_UPDATABLE 1",
                "*Agent versions*\n1.89.0 ×120, 1.87.1 ×6, 1.51.0 ×6",
                "*Open problems* (1)\n• batch: agents disconnected (3 instances) for 3 d 4 h, since 2026-01-02 05:00 UTC, 76 runs",
                "*Silenced* (1)\n• batch until 2026-01-06 00:00 UTC",
                "*Instances ecstatic cannot bring current* (6)\n• legacy: 6 instances",
                "*Not seen for 2 days* (1): old",
                "*Memory unreadable* (1): broken");
    }

    @Test
    @SuppressWarnings("unchecked")
    void noClustersAtAll_isOneLine_inOneMessage() {
        Map<String, Object> message = Digest.message(DigestSummary.EMPTY, NOW);

        assertThat(message.get("text")).isEqualTo("ecstatic daily digest: no clusters");
        assertThat((List<Object>) message.get("blocks")).hasSize(1);
    }

    @Test
    void onlyStaleClusters_isStillOneLine_namingThem() {
        DigestSummary d = fold(List.of(item("gone", "UP_TO_DATE", "2025-12-01T00:00:00Z", "{}")));

        assertThat(Digest.message(d, NOW)).containsEntry("text",
                "ecstatic daily digest: no clusters seen in the last 2 days (1 not seen since: gone)");
    }

    @Test
    @SuppressWarnings("unchecked")
    void longLists_stayWellUnderSlacksSectionLimit_andSayHowManyMore() {
        DigestSummary d = paged(fleet(2_000), 100);

        List<String> sections = ((List<Map<String, Object>>) Digest.message(d, NOW).get("blocks")).stream()
                .map(b -> (String) ((Map<String, Object>) b.get("text")).get("text")).toList();

        assertThat(sections).allSatisfy(s -> assertThat(s.length()).isLessThanOrEqualTo(Digest.SECTION_CHARS));
        String problems = sections.stream().filter(s -> s.startsWith("*Open problems*")).findFirst().orElseThrow();
        long listed = problems.lines().filter(l -> l.startsWith("• ")).count();
        assertThat(listed).isBetween(1L, 20L);
        assertThat(problems).endsWith("\n… and " + (1_600 - listed) + " more");
        String cannot = sections.stream().filter(s -> s.startsWith("*Instances")).findFirst().orElseThrow();
        assertThat(cannot).contains("… and ").endsWith(" more in other clusters");
        assertThat(sections.stream().filter(s -> s.startsWith("*Not seen")).findFirst().orElseThrow())
                .endsWith("… and 390 more");
    }

    @Test
    void clusterNames_areCutAndEscaped() {
        DigestSummary d = fold(List.of(item("<b>&" + "n".repeat(300), "{\"problem\":{\"kind\":\"ERROR\"}}")));

        assertThat(d.oldestProblems().getFirst().cluster()).hasSize(Digest.NAME_CHARS).endsWith("...");
        assertThat(Json.write(Digest.message(d, NOW))).contains("&lt;b&gt;&amp;").doesNotContain("<b>");
    }

    @Test
    void badNow_isRefusedNamingTheField() {
        assertThatThrownBy(() -> new DigestRequest(null, List.of(), true, "yesterday", null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("now").hasMessageContaining("yesterday");
        assertThatThrownBy(() -> new DigestRequest(null, List.of(), true, null, null, 0))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("now");
    }

    /** An item of {@code scope} (account#region), as the Scan returns it. */
    private static Map<String, Map<String, String>> in(String scope, Map<String, Map<String, String>> item) {
        Map<String, Map<String, String>> scoped = new LinkedHashMap<>(item);
        scoped.put("scope", Map.of("S", scope));
        return scoped;
    }

    private static final String HOME = "111122223333#us-east-1";
    private static final String OTHER = "222233334444#eu-west-1";

    @Test
    @SuppressWarnings("unchecked")
    void twoTargets_nameEachListedClustersAccountAndRegion() {
        String stuck = "{\"problem\":{\"kind\":\"UPDATE_STUCK\",\"count\":2,\"firstSeen\":\"2026-01-05T08:00:00Z\",\"runs\":1}}";
        DigestSummary d = fold(List.of(in(HOME, item("prod-web", stuck)), in(OTHER, item("prod-web", stuck)),
                in(OTHER, item("#digest", null, null, null))));

        assertThat(d.clusters()).as("the same name in two targets: two clusters").isEqualTo(2);
        assertThat(d.targets()).containsExactly(HOME, OTHER);
        assertThat(d.oldestProblems()).extracting(DigestSummary.OpenProblem::scope).containsExactly(HOME, OTHER);
        String text = Json.write(Digest.message(d, NOW));
        assertThat(Digest.headline(d)).startsWith("ecstatic daily digest (2 targets): 2 clusters, 2 open problems");
        assertThat(text).contains("prod-web (111122223333/us-east-1): update stuck",
                "prod-web (222233334444/eu-west-1): update stuck",
                "accounts and regions: 111122223333/us-east-1, 222233334444/eu-west-1");
    }

    @Test
    void oneTarget_isNamedOnce_andItsClustersByNameAlone() {
        String stuck = "{\"problem\":{\"kind\":\"UPDATE_STUCK\",\"count\":2,\"firstSeen\":\"2026-01-05T08:00:00Z\",\"runs\":1}}";
        DigestSummary d = fold(List.of(in(OTHER, item("prod-web", stuck)), in(OTHER, item("batch", "{}"))));

        String text = Json.write(Digest.message(d, NOW));
        assertThat(Digest.headline(d)).startsWith("ecstatic daily digest (222233334444 · eu-west-1): 2 clusters");
        assertThat(text).contains("prod-web: update stuck", "account 222233334444 · eu-west-1")
                .doesNotContain("prod-web (");
    }

    @Test
    void anUnreachableTarget_isNoCluster_butItsErrorIsAnOpenProblemNamingTheTarget() {
        String error = "{\"error\":{\"kind\":\"ERROR\",\"count\":0,\"firstSeen\":\"2026-01-05T06:00:00Z\",\"runs\":3}}";
        DigestSummary d = fold(List.of(in(HOME, item("prod-web", "UP_TO_DATE", NOW.toString(), "{}")),
                in(OTHER, item("(target)", "ERROR", NOW.toString(), error))));

        assertThat(d.clusters()).isEqualTo(1);
        assertThat(d.outcomes()).isEqualTo(Map.of("UP_TO_DATE", 1));
        assertThat(d.openProblems()).isEqualTo(1);
        assertThat(Json.write(Digest.message(d, NOW)))
                .contains("target 222233334444/eu-west-1: ecstatic cannot reach it for 3 h");
    }

    @Test
    void onlyUnreachableTargets_sayNoClustersButTheirProblems() {
        String error = "{\"error\":{\"kind\":\"ERROR\",\"count\":0,\"runs\":3}}";
        DigestSummary d = fold(List.of(in(OTHER, item("(target)", "ERROR", NOW.toString(), error))));

        assertThat(Digest.headline(d)).isEqualTo("ecstatic daily digest (222233334444 · eu-west-1): no clusters, 1 open problem");
        assertThat(Json.write(Digest.message(d, NOW))).contains("target 222233334444/eu-west-1").doesNotContain("*Outcomes*");
    }

    @Test
    void aStaleStandIn_isLeftOut_itsTargetReachableAgain() {
        String error = "{\"error\":{\"kind\":\"ERROR\",\"count\":0,\"runs\":3}}";
        DigestSummary d = fold(List.of(in(OTHER, item("(target)", "ERROR", NOW.minus(Duration.ofHours(49)).toString(),
                error)), in(HOME, item("prod-web", "UP_TO_DATE", NOW.toString(), "{}"))));

        assertThat(d.stale()).isZero();
        assertThat(d.openProblems()).isZero();
        assertThat(d.targets()).containsExactly(HOME);
    }

    @Test
    void manyTargets_keepTheFirstInOrder_whateverThePaging_andSayThereAreMore() {
        List<Map<String, Map<String, String>>> items = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            items.add(in(String.format("%012d#eu-west-1", i), item("c" + i, "{}")));
        }
        Collections.reverse(items);

        DigestSummary d = paged(items, 4);

        assertThat(d).isEqualTo(fold(items.reversed()));
        assertThat(d.targets()).hasSize(DigestSummary.MAX_TARGETS).first().isEqualTo("000000000000#eu-west-1");
        assertThat(Digest.headline(d)).startsWith("ecstatic daily digest (more than 10 targets): 30 clusters");
        assertThat(Digest.targets(d)).endsWith("000000000009/eu-west-1 … and more");
    }

    @Test
    void badSummaryFromThePreviousPage_isRefusedNamingTheField() {
        assertThatThrownBy(() -> new OpenProblem("a", "ERROR", "last week", 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("oldestProblems.since");
        assertThatThrownBy(() -> new Silence("a", "soon"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("silencedClusters.until");
        assertThatThrownBy(() -> new DigestSummary(0, Map.of(), Map.of(), 0,
                IntStream.range(0, 21).mapToObj(i -> new OpenProblem("c" + i, null, null, 0, 0)).toList(),
                0, List.of(), 0, List.of(), 0, List.of(), 0, List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("oldestProblems holds at most 20");
    }
}
