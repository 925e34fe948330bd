package dev.ecstatic.cli.simulate;

import static dev.ecstatic.cli.simulate.ReplacementFleets.API;
import static dev.ecstatic.cli.simulate.ReplacementFleets.ARM_NEW;
import static dev.ecstatic.cli.simulate.ReplacementFleets.ARM_OLD;
import static dev.ecstatic.cli.simulate.ReplacementFleets.X86_NEW;
import static dev.ecstatic.cli.simulate.ReplacementFleets.cluster;
import static dev.ecstatic.cli.simulate.ReplacementFleets.events;
import static dev.ecstatic.cli.simulate.ReplacementFleets.fleet;
import static dev.ecstatic.cli.simulate.ReplacementFleets.group;
import static dev.ecstatic.cli.simulate.ReplacementFleets.instance;
import static dev.ecstatic.cli.simulate.ReplacementFleets.members;
import static dev.ecstatic.cli.simulate.ReplacementFleets.messages;
import static dev.ecstatic.cli.simulate.ReplacementFleets.onAmi;
import static dev.ecstatic.cli.simulate.ReplacementFleets.record;
import static dev.ecstatic.cli.simulate.ReplacementFleets.replace;
import static dev.ecstatic.cli.simulate.ReplacementFleets.terminations;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ecstatic.asl.TaskInvoker;
import dev.ecstatic.cli.Home;
import dev.ecstatic.simulator.AwsSimulator.InstanceEvent;
import dev.ecstatic.simulator.AwsSimulator.Registered;
import dev.ecstatic.simulator.AwsSimulator.StateChanged;
import dev.ecstatic.simulator.AwsSimulator.Terminated;
import dev.ecstatic.simulator.Fleet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A replacement across executions: one that dies mid-drain (the next run undoes the drain before
 * anything else), and one still under way when the next runs and a replay come (they start nothing).
 */
class ReplacementAcrossRunsTest {

    private static final String ONE_OLD = cluster("c", group("g", "arm", "\"minSize\": 1",
            members(1, 1, API, ""), members(2, 2, API, "")));

    @Test
    void anExecutionThatDiesMidDrain_theNextRunSetsTheInstanceActiveFirst_thenMayReplaceIt() throws Exception {
        // The first run's branch reaches "Check the drain" two hours late: past the run's timeout
        // (MaxRunMinutes 45 + 60 min), so the execution ends TIMED_OUT and its branch is aborted, the
        // instance DRAINING and recorded as such.
        AtomicReference<Simulation> simulation = new AtomicReference<>();
        AtomicBoolean once = new AtomicBoolean();
        UnaryOperator<TaskInvoker> late = real -> request -> {
            if ("Check the drain".equals(request.stateName()) && once.compareAndSet(false, true)) {
                simulation.get().advance(Duration.ofHours(2));
            }
            return real.invoke(request);
        };
        try (Simulation sim = Simulation.builder(Home.find(), Fleet.parse(fleet(ONE_OLD), "dies mid-drain"))
                .parameters(replace("unupdatable")).wrapInvoker(late).start()) {
            simulation.set(sim);
            String x = onAmi(sim, "g", ARM_OLD).getFirst();

            Simulation.Outcome died = sim.run("{}");
            assertThat(died.run().status()).isEqualTo("TIMED_OUT");
            assertThat(died.execution().children()).singleElement()
                    .satisfies(c -> assertThat(EndToEndTest.statesEntered(c)).contains("Drain the instance")
                            .doesNotContain("Terminate the instance", "Undo the drain"));
            assertThat(instance(sim, x).status()).as("left DRAINING by the execution that died").isEqualTo("DRAINING");
            assertThat(terminations(sim)).isEmpty();
            int before = sim.instanceEvents().size();
            Instant diedAt = sim.now();

            sim.advance(Duration.ofHours(1));
            Simulation.Outcome next = sim.run("{}");

            List<InstanceEvent> after = sim.instanceEvents().subList(before, sim.instanceEvents().size());
            assertThat(after.getFirst()).as("the next run's first act: the drain undone")
                    .isInstanceOfSatisfying(StateChanged.class, s -> {
                        assertThat(s.ec2InstanceId()).isEqualTo(x);
                        assertThat(s.previousStatus()).isEqualTo("DRAINING");
                        assertThat(s.status()).isEqualTo("ACTIVE");
                        assertThat(s.time()).isAfter(diedAt);
                    });
            assertThat(after.subList(1, after.size())).as("then, and only then, a new drain and the replacement")
                    .extracting(e -> e.getClass().getSimpleName() + " " + e.ec2InstanceId().equals(x))
                    .containsExactly("StateChanged true", "Terminated true", "Registered false");
            List<String> path = EndToEndTest.statesEntered(next.execution().children().getFirst());
            assertThat(path.indexOf("Undo the drain")).isPositive().isLessThan(path.indexOf("Record the replacement"));
            assertThat(record(next, "c").outcome()).isEqualTo("REPLACED");

            List<ReplacementEndToEndTest.Message> all = messages(sim);
            int undone = indexOf(all, "Drain undone, instance ACTIVE again");
            assertThat(all.get(undone).text()).contains(x + " set ACTIVE again: the execution that drained it ended");
            assertThat(all).extracting(ReplacementEndToEndTest.Message::about).containsExactly(
                    "Instance replacement started: draining", "Drain undone, instance ACTIVE again",
                    "Instance replacement started: draining", "Instance replaced");
        }
    }

    private static int indexOf(List<ReplacementEndToEndTest.Message> messages, String about) {
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).about().equals(about)) {
                return i;
            }
        }
        throw new AssertionError("no message " + about + " in " + messages);
    }

    @Test
    void whileOneIsInFlight_aReplayAndTheNextRunStartNothing_andTheRunAfterItsRegistrationReportsIt() throws Exception {
        // The group takes 90 min to launch (longer than a run: MaxRunMinutes 45), ReplaceTimeoutMinutes 120 lets
        // it. Outside the group an x86 instance whose agent (1.88.0, the recommended) the API could update to
        // 1.89.0: what a run would start if nothing held the cluster.
        String fleet = fleet(cluster("c", group("g", "arm", "\"minSize\": 1", members(1, 1, API, ""),
                members(2, 2, API, "")), "{ \"amiId\": \"" + X86_NEW + "\", \"agentVersion\": \"1.88.0\" }"))
                .replace("\"launchSeconds\": 90", "\"launchSeconds\": 5400");
        try (Simulation sim = ReplacementFleets.start(fleet, replace("unupdatable", "ReplaceTimeoutMinutes", "120"))) {
            String x = onAmi(sim, "g", ARM_OLD).getFirst();
            Instant t0 = sim.now();

            Simulation.Outcome first = sim.run("{}");
            assertThat(record(first, "c").outcome()).isEqualTo("REPLACEMENT_STARTED");
            assertThat(terminations(sim)).singleElement().satisfies(t -> assertThat(t.ec2InstanceId()).isEqualTo(x));
            assertThat(events(sim, Registered.class)).isEmpty();
            int afterFirst = sim.instanceEvents().size();

            sim.advance(Duration.between(sim.now(), t0.plus(Duration.ofMinutes(50))));
            Simulation.Outcome replay = sim.run("{\"clusters\":[\"c\"]}");
            sim.advance(Duration.between(sim.now(), t0.plus(Duration.ofMinutes(60))));
            Simulation.Outcome scheduled = sim.run("{}");

            for (Simulation.Outcome o : List.of(replay, scheduled)) {
                assertThat(record(o, "c").outcome()).isEqualTo("REPLACING");
                assertThat(record(o, "c").instances()).containsExactly(x);
                assertThat(o.run().stats().ecsCalls()).doesNotContainKeys("UpdateContainerAgent",
                        "UpdateContainerInstancesState");
                assertThat(o.run().stats().ec2AutoScalingCalls()).doesNotContainKey("TerminateInstanceInAutoScalingGroup");
                assertThat(EndToEndTest.statesEntered(o.execution().children().getFirst()))
                        .doesNotContain("Record the replacement", "Drain the instance", "Update one agent");
            }
            assertThat(sim.instanceEvents()).as("nothing drained or terminated while it was in flight").hasSize(afterFirst);
            assertThat(sim.updatesStarted()).isEmpty();
            assertThat(messages(sim, "Instance replaced")).isEmpty();

            sim.advance(Duration.between(sim.now(), t0.plus(Duration.ofMinutes(120))));
            Simulation.Outcome found = sim.run("{}");

            Registered successor = events(sim, Registered.class).getFirst();
            assertThat(successor.ami()).isEqualTo(ARM_NEW);
            assertThat(successor.time()).isBetween(t0.plus(Duration.ofMinutes(90)), t0.plus(Duration.ofMinutes(120)));
            assertThat(record(found, "c").outcome()).isEqualTo("REPLACED");
            assertThat(record(found, "c").detail()).contains(x + " → " + successor.ec2InstanceId());
            assertThat(messages(sim, "Instance replaced")).singleElement().satisfies(m -> assertThat(m.text())
                    .contains(x).contains("replaced by " + successor.ec2InstanceId() + " (" + ARM_NEW + ", agent 1.88.0)"));
            assertThat(messages(sim, "Instance replacement started: draining")).hasSize(1);
            assertThat(events(sim, StateChanged.class)).hasSize(1);
            assertThat(events(sim, Terminated.class)).hasSize(1);
            assertThat(sim.updatesStarted()).as("agent updates only once the replacement is done")
                    .allSatisfy(u -> assertThat(u.time()).isAfter(successor.time()));
        }
    }

    @Test
    void anExecutionThatDiesRightAfterTheTermination_isFollowed_andNoOtherReplacementStarts() throws Exception {
        // Two groups in one cluster; the successor takes 10 h to launch. Run 1's branch dies between
        // TerminateInstanceInAutoScalingGroup and "Record the termination" (2 h pass there: the run times out),
        // so the record still says DRAINING. Run 2 must find the termination, follow it (REPLACING), and
        // neither set the dying host ACTIVE nor replace anything else in the cluster.
        String groups = group("g1", "arm", "\"minSize\": 1", members(1, 1, API, ""), members(2, 2, API, ""))
                + ", " + group("g2", "arm", "\"minSize\": 1", members(1, 1, API, ""), members(2, 2, API, ""));
        String json = fleet(cluster("c", groups)).replace("\"launchSeconds\": 90", "\"launchSeconds\": 36000");
        AtomicReference<Simulation> simulation = new AtomicReference<>();
        AtomicBoolean once = new AtomicBoolean();
        UnaryOperator<TaskInvoker> late = real -> request -> {
            var answer = real.invoke(request);
            if ("Terminate the instance".equals(request.stateName()) && once.compareAndSet(false, true)) {
                simulation.get().advance(Duration.ofHours(2));
            }
            return answer;
        };
        try (Simulation sim = Simulation.builder(Home.find(), Fleet.parse(json, "dies-after-terminate"))
                .parameters(replace("unupdatable")).wrapInvoker(late).start()) {
            simulation.set(sim);
            sim.run("{}");
            assertThat(terminations(sim)).hasSize(1);
            String terminated = terminations(sim).getFirst().ec2InstanceId();
            sim.advance(Duration.ofHours(1));

            Simulation.Outcome next = sim.run("{}");

            assertThat(record(next, "c").outcome()).isEqualTo("REPLACING");
            assertThat(terminations(sim)).as("no second replacement while the first successor is missing").hasSize(1);
            assertThat(events(sim, StateChanged.class)).as("the terminated host is never set ACTIVE again")
                    .noneMatch(e -> e.ec2InstanceId().equals(terminated) && e.status().equals("ACTIVE"));
            assertThat(messages(sim)).noneMatch(m -> m.text().contains("set ACTIVE again"));
        }
    }

    @Test
    void aDrainThatTimesOutAfterAnEndedExecutionsDrainWasUndone_isADrainTimeout() throws Exception {
        // Run 1 dies mid-drain (2 h pass at its first "Check the drain"). Run 2 undoes that drain
        // (EXECUTION_ENDED), drains the instance again, and its cron task keeps it: that drain's undo is a
        // timeout (DRAIN_TIMEOUT, backed off), not another "execution ended", and run 3 leaves it alone.
        String json = fleet(cluster("c", group("g", "arm", "\"minSize\": 1",
                members(1, 1, ReplacementFleets.CRON, ""), members(2, 2, API, ""))));
        AtomicReference<Simulation> simulation = new AtomicReference<>();
        AtomicBoolean once = new AtomicBoolean();
        UnaryOperator<TaskInvoker> late = real -> request -> {
            if ("Check the drain".equals(request.stateName()) && once.compareAndSet(false, true)) {
                simulation.get().advance(Duration.ofHours(2));
            }
            return real.invoke(request);
        };
        try (Simulation sim = Simulation.builder(Home.find(), Fleet.parse(json, "sticky-undo-cause"))
                .parameters(replace("unupdatable")).wrapInvoker(late).start()) {
            simulation.set(sim);
            sim.run("{}");
            sim.advance(Duration.ofHours(1));
            Simulation.Outcome second = sim.run("{}");
            long drainsAfterRun2 = events(sim, StateChanged.class).stream().filter(e -> e.status().equals("DRAINING")).count();
            sim.advance(Duration.ofHours(1));
            sim.run("{}");

            assertThat(record(second, "c").outcome()).isEqualTo("REPLACE_REFUSED");
            assertThat(messages(sim, "Drain timed out, instance ACTIVE again")).singleElement()
                    .satisfies(m -> assertThat(m.text()).contains("still ran 1 task(s)"));
            assertThat(messages(sim, "Drain undone, instance ACTIVE again")).singleElement()
                    .satisfies(m -> assertThat(m.text()).contains("the execution that drained it ended"));
            assertThat(events(sim, StateChanged.class).stream().filter(e -> e.status().equals("DRAINING")).count())
                    .as("backed off: run 3 drains nothing").isEqualTo(drainsAfterRun2).isEqualTo(2);
        }
    }
}
