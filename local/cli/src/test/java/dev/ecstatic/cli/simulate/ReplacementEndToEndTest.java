package dev.ecstatic.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecstatic.cli.Home;
import dev.ecstatic.simulator.AwsSimulator.InstanceEvent;
import dev.ecstatic.simulator.AwsSimulator.Registered;
import dev.ecstatic.simulator.AwsSimulator.StateChanged;
import dev.ecstatic.simulator.AwsSimulator.Terminated;
import dev.ecstatic.simulator.Fleet;
import dev.ecstatic.simulator.FleetSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13's "done when" on the demo fleet: a day of hourly runs with {@code --replace unupdatable} and
 * with {@code --replace drifted}, checked against what the simulator saw (every drain, undrain,
 * termination and registration, {@code instanceEvents()}) and what the webhook received, not only
 * against the runs' outcomes.
 */
class ReplacementEndToEndTest {

    /** What each group launches now: its template's $Latest version (al2-asg's resolves the AL2023 parameter). */
    static final Map<String, String> GROUP_AMI = Map.of(
            "arm-asg", "ami-0al2023arm64new",
            "bottlerocket-asg", "ami-0br0new",
            "windows-asg", "ami-0win2022new",
            "web-asg", "ami-0al2023new",
            "al2-asg", "ami-0al2023new");
    static final Set<String> UNUPDATABLE_GROUPS = Set.of("arm-asg", "bottlerocket-asg", "windows-asg");

    /** One simulated day: the runs, the messages (cluster, header, text), the simulator's events, the fleet after. */
    record Day(List<SimulationReport.Run> runs, List<Message> messages, List<InstanceEvent> events, FleetSnapshot end,
            Fleet fleet) {
    }

    record Message(String cluster, String about, String text) {
    }

    private static final Map<String, Day> DAYS = new ConcurrentHashMap<>();

    static Day day(String mode) {
        return DAYS.computeIfAbsent(mode, m -> {
            try {
                return simulate(m);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** As {@code ./ecstatic simulate --runs 24 --replace MODE}: hourly runs from the first one's start. */
    private static Day simulate(String mode) throws Exception {
        Fleet fleet = SimulateCommand.demoFleet();
        List<SimulationReport.Run> runs = new ArrayList<>();
        try (Simulation sim = Simulation.builder(Home.find(), fleet)
                .parameters(Map.of("ReplaceInstances", mode, "DigestHourUtc", "9")).start()) {
            for (int i = 0; i < 24; i++) {
                Instant started = sim.now();
                runs.add(sim.run("{}").run());
                Instant next = started.plus(sim.scheduleInterval());
                if (sim.now().isBefore(next)) {
                    sim.advance(Duration.between(sim.now(), next));
                }
            }
            return new Day(runs, messages(sim.messages()), sim.instanceEvents(), sim.fleet(), fleet);
        }
    }

    static List<Message> messages(List<JsonNode> bodies) {
        List<Message> out = new ArrayList<>();
        for (JsonNode m : bodies) {
            String text = m.path("text").asText();
            String about = text;
            for (JsonNode block : m.path("blocks")) {
                if (block.path("type").asText().equals("header")) {
                    about = block.path("text").path("text").asText();
                }
            }
            int colon = text.indexOf(':');
            out.add(new Message(colon < 0 ? "" : text.substring(0, colon), about, text));
        }
        return out;
    }

    static <T extends InstanceEvent> List<T> events(List<InstanceEvent> events, Class<T> kind) {
        return events.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /**
     * Instances whose drain was undone (set ACTIVE again after DRAINING). On the demo fleet only web-asg's
     * first instance, with drifted: it runs a standalone task (nightly-report, started by cron) that never
     * ends, so its drain times out, and it is not drained again within the day (24 h back-off).
     */
    static Set<String> undrained(Day day) {
        return events(day.events(), StateChanged.class).stream()
                .filter(s -> s.status().equals("ACTIVE") && s.previousStatus().equals("DRAINING"))
                .map(StateChanged::ec2InstanceId).collect(Collectors.toSet());
    }

    static Set<String> groupsOf(String mode) {
        return mode.equals("unupdatable") ? UNUPDATABLE_GROUPS : GROUP_AMI.keySet();
    }

    @ParameterizedTest
    @ValueSource(strings = {"unupdatable", "drifted"})
    void everyRunSucceeds(String mode) {
        assertThat(day(mode).runs()).hasSize(24).allSatisfy(r -> assertThat(r.status()).isEqualTo("SUCCEEDED"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"unupdatable", "drifted"})
    void everyInstanceOfAReplaceableGroup_endsOnItsGroupsAmi_runningThatAmisAgentOrNewer(String mode) {
        Day day = day(mode);
        Map<String, FleetSnapshot.InstanceState> byEc2 = new LinkedHashMap<>();
        day.end().clusters().forEach(c -> c.instances().forEach(i -> byEc2.put(i.ec2InstanceId(), i)));

        for (String group : groupsOf(mode)) {
            FleetSnapshot.GroupState g = day.end().groups().stream().filter(x -> x.name().equals(group)).findFirst()
                    .orElseThrow();
            String ami = GROUP_AMI.get(group);
            String amiAgent = day.fleet().ami(ami).orElseThrow().agentVersion();
            assertThat(g.instances()).as(group + " at its desired capacity").hasSize(g.desiredCapacity());
            for (FleetSnapshot.GroupInstance member : g.instances()) {
                assertThat(member.lifecycleState()).as(member.instanceId()).isEqualTo("InService");
                if (undrained(day).contains(member.instanceId())) {
                    assertThat(group).as("only a drain that timed out leaves an old instance").isEqualTo("web-asg");
                    assertThat(byEc2.get(member.instanceId()).status()).isEqualTo("ACTIVE");
                    continue;
                }
                assertThat(member.amiId()).as("%s of %s", member.instanceId(), group).isEqualTo(ami);
                FleetSnapshot.InstanceState ci = byEc2.get(member.instanceId());
                assertThat(ci).as("%s registered", member.instanceId()).isNotNull();
                assertThat(ci.status()).isEqualTo("ACTIVE");
                assertThat(ci.connected()).isTrue();
                assertThat(ci.amiId()).isEqualTo(ami);
                if (UNUPDATABLE_GROUPS.contains(group)) {
                    assertThat(ci.agentVersion()).as("the agent API cannot update %s: its AMI's agent", group)
                            .isEqualTo(amiAgent);
                } else {
                    assertThat(ci.agentVersion()).as("%s: its AMI's agent, or the newest after an update", group)
                            .isIn(amiAgent, Fleets.LATEST);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"unupdatable", "drifted"})
    void onlyTheModesGroupsAreTouched_andEachOfTheirOldInstancesIsReplacedOnce(String mode) {
        Day day = day(mode);
        Map<String, Long> terminatedByGroup = events(day.events(), Terminated.class).stream()
                .collect(Collectors.groupingBy(Terminated::group, Collectors.counting()));
        // The demo's groups start with instances on the old AMI: arm-asg 2, bottlerocket-asg 2, windows-asg 2,
        // web-asg 2, al2-asg 2 (their third, if any, already runs the new one).
        Map<String, Long> expected = new LinkedHashMap<>();
        groupsOf(mode).forEach(g -> expected.put(g, 2L));
        if (mode.equals("drifted")) {
            expected.put("web-asg", 1L);    // the other runs a standalone task that never ends: its drain times out
        }
        assertThat(terminatedByGroup).containsExactlyInAnyOrderEntriesOf(expected);
        assertThat(events(day.events(), Terminated.class)).allSatisfy(t -> assertThat(t.decrement()).isFalse());
        Set<String> clusters = day.events().stream().map(InstanceEvent::cluster).collect(Collectors.toSet());
        assertThat(clusters).as("nothing outside a replaceable group is drained or terminated")
                .isSubsetOf("arm-fleet", "bottlerocket", "windows-web", "web-fleet", "al2-migration");
        if (mode.equals("unupdatable")) {
            assertThat(clusters).doesNotContain("web-fleet", "al2-migration");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"unupdatable", "drifted"})
    void eachTerminatedInstanceWasDrainedFirst_andRanNoTaskWhenTerminated(String mode) {
        List<InstanceEvent> events = day(mode).events();
        List<Terminated> terminations = events(events, Terminated.class);
        assertThat(terminations).isNotEmpty();
        for (Terminated t : terminations) {
            StateChanged lastState = null;
            for (InstanceEvent e : events.subList(0, events.indexOf(t))) {
                if (e instanceof StateChanged s && s.ec2InstanceId().equals(t.ec2InstanceId())) {
                    lastState = s;
                }
            }
            assertThat(lastState).as("%s was set DRAINING before its termination", t.ec2InstanceId()).isNotNull();
            assertThat(lastState.status()).as("%s: its last state change before the termination", t.ec2InstanceId())
                    .isEqualTo("DRAINING");
            assertThat(lastState.time()).isBefore(t.time());
            assertThat(t.containerStatus()).isEqualTo("DRAINING");
            assertThat(t.runningTasks() + t.pendingTasks()).as("%s's tasks when terminated", t.ec2InstanceId()).isZero();
        }
    }

    /** A replacement: from its drain to its successor's registration, its undo, or never (null). */
    record Span(String cluster, String ec2InstanceId, Instant from, Instant to) {
    }

    static List<Span> spans(List<InstanceEvent> events) {
        List<Span> out = new ArrayList<>();
        for (int k = 0; k < events.size(); k++) {
            if (!(events.get(k) instanceof StateChanged s) || !s.status().equals("DRAINING")
                    || !s.previousStatus().equals("ACTIVE")) {
                continue;
            }
            Instant to = null;
            String group = null;
            for (InstanceEvent e : events.subList(k + 1, events.size())) {
                if (e instanceof StateChanged u && u.ec2InstanceId().equals(s.ec2InstanceId()) && u.status().equals("ACTIVE")) {
                    to = u.time();
                    break;
                }
                if (e instanceof Terminated t && t.ec2InstanceId().equals(s.ec2InstanceId())) {
                    group = t.group();
                }
                if (group != null && e instanceof Registered r && r.group().equals(group)) {
                    to = r.time();
                    break;
                }
            }
            out.add(new Span(s.cluster(), s.ec2InstanceId(), s.time(), to));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"unupdatable", "drifted"})
    void perCluster_noTwoReplacementsOverlap_fromTheDrainToTheSuccessorsRegistrationOrTheUndo(String mode) {
        List<Span> spans = spans(day(mode).events());
        assertThat(spans).as("every drain ended: successor registered or undone").allSatisfy(s -> assertThat(s.to())
                .as(s.toString()).isNotNull());
        Map<String, List<Span>> byCluster = spans.stream().collect(Collectors.groupingBy(Span::cluster));
        for (List<Span> cluster : byCluster.values()) {
            for (int i = 1; i < cluster.size(); i++) {
                Span before = cluster.get(i - 1);
                Span after = cluster.get(i);
                assertThat(after.from()).as("%s began before %s ended", after, before).isAfterOrEqualTo(before.to());
            }
        }
        assertThat(byCluster.values()).as("one at a time: several per cluster over the day")
                .allSatisfy(c -> assertThat(c).hasSizeGreaterThanOrEqualTo(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"unupdatable", "drifted"})
    void atEveryTermination_theGroupKeepsAtLeastItsDesiredCapacityMinusOneHealthyInService(String mode) {
        List<Terminated> terminations = events(day(mode).events(), Terminated.class);
        assertThat(terminations).isNotEmpty().allSatisfy(t -> {
            int healthyAfter = t.healthyInService() - 1;   // the terminated instance was one of them
            assertThat(healthyAfter).as("%s in %s", t.ec2InstanceId(), t.group())
                    .isGreaterThanOrEqualTo(t.desiredCapacity() - 1).isGreaterThanOrEqualTo(1);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"unupdatable", "drifted"})
    void everyReplacementIsAnnouncedTwice_startedAndReplaced_namingTheSuccessor(String mode) {
        Day day = day(mode);
        List<InstanceEvent> events = day.events();
        List<Message> started = day.messages().stream()
                .filter(m -> m.about().equals("Instance replacement started: draining")).toList();
        List<Message> replaced = day.messages().stream().filter(m -> m.about().equals("Instance replaced")).toList();
        List<Terminated> terminations = events(events, Terminated.class);

        assertThat(started).as("one announcement per drain").hasSize((int) events(events, StateChanged.class).stream()
                .filter(s -> s.status().equals("DRAINING")).count());
        assertThat(replaced).hasSize(terminations.size());
        for (Terminated t : terminations) {
            Registered successor = (Registered) events.subList(events.indexOf(t), events.size()).stream()
                    .filter(e -> e instanceof Registered r && r.group().equals(t.group())).findFirst().orElseThrow();
            assertThat(started).as("started: %s", t.ec2InstanceId()).filteredOn(m -> m.text().contains(t.ec2InstanceId()))
                    .singleElement().satisfies(m -> assertThat(m.cluster()).isEqualTo(t.cluster()));
            assertThat(replaced).as("replaced: %s", t.ec2InstanceId())
                    .filteredOn(m -> m.text().contains(t.ec2InstanceId())).singleElement().satisfies(m -> {
                        assertThat(m.cluster()).isEqualTo(t.cluster());
                        assertThat(m.text()).contains("replaced by " + successor.ec2InstanceId() + " ("
                                + successor.ami() + ", agent " + successor.agentVersion() + ") in group " + t.group());
                    });
        }
        List<Message> timedOut = day.messages().stream().filter(m -> m.about().equals("Drain timed out, instance ACTIVE again"))
                .toList();
        assertThat(timedOut).as("one DRAIN_TIMEOUT per drain undone").hasSize(undrained(day).size());
        undrained(day).forEach(i -> assertThat(timedOut).filteredOn(m -> m.text().contains(i)).singleElement()
                .satisfies(m -> assertThat(m.text()).contains("not drained again for 24 h")));
        assertThat(day.messages()).noneMatch(m -> m.about().startsWith("Drain undone")
                || m.about().equals("Instance replacement timed out") || m.about().contains("unexpected AMI"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"unupdatable", "drifted"})
    void theRunsReportEveryReplacement_startedThenReplaced(String mode) {
        Day day = day(mode);
        Map<String, Long> outcomes = day.runs().stream().flatMap(r -> r.clusters().stream())
                .collect(Collectors.groupingBy(SimulationReport.Cluster::outcome, Collectors.counting()));
        long terminations = events(day.events(), Terminated.class).size();
        // A replacement is REPLACED in the run that drained it when its successor registers before the branch
        // ends, else REPLACEMENT_STARTED then REPLACED in a later run.
        assertThat(outcomes.getOrDefault("REPLACED", 0L)).isEqualTo(terminations);
        assertThat(outcomes.getOrDefault("REPLACE_REFUSED", 0L)).as("a drain that timed out is REPLACE_REFUSED")
                .isEqualTo(undrained(day).size());
        assertThat(outcomes).doesNotContainKeys("REPLACE_FAILED");
    }

    @Test
    void drifted_theDrainThatTimedOut_isDrainedOnceInTheDay_andItsInstanceEndsActiveRunningItsTasks() {
        Day day = day("drifted");
        assertThat(undrained(day)).hasSize(1);
        String x = undrained(day).iterator().next();
        assertThat(events(day.events(), StateChanged.class)).filteredOn(s -> s.ec2InstanceId().equals(x))
                .extracting(StateChanged::status).containsExactly("DRAINING", "ACTIVE");
        StateChanged undo = events(day.events(), StateChanged.class).stream()
                .filter(s -> s.ec2InstanceId().equals(x) && s.status().equals("ACTIVE")).findFirst().orElseThrow();
        assertThat(undo.runningTasks()).as("the standalone task still ran when the drain was undone").isPositive();
        assertThat(instance(day, x).runningTasks()).isPositive();
        assertThat(instance(day, x).status()).isEqualTo("ACTIVE");
    }

    private static FleetSnapshot.InstanceState instance(Day day, String ec2InstanceId) {
        return day.end().clusters().stream().flatMap(c -> c.instances().stream())
                .filter(i -> i.ec2InstanceId().equals(ec2InstanceId)).findFirst().orElseThrow();
    }

    @Test
    void withNever_notOneDrainOrTermination() {
        assertThat(day("never").events()).isEmpty();
        assertThat(day("never").runs()).allSatisfy(r -> assertThat(r.stats().ec2AutoScalingCalls())
                .doesNotContainKey("TerminateInstanceInAutoScalingGroup"));
    }
}
