package dev.ecstatic.cli.simulate;

import dev.ecstatic.cli.Home;
import dev.ecstatic.simulator.AwsSimulator.InstanceEvent;
import dev.ecstatic.simulator.AwsSimulator.StateChanged;
import dev.ecstatic.simulator.AwsSimulator.Terminated;
import dev.ecstatic.simulator.Fleet;
import dev.ecstatic.simulator.FleetSnapshot;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Small fleets with Auto Scaling groups for the replacement tests: arm64 Amazon Linux 2023 (the agent API
 * cannot update it, so {@code unupdatable} replaces it) and x86_64 Amazon Linux 2023 (updatable), each
 * with an old and a new AMI, and launch templates whose version 1 launches the old one and version 2 the
 * new one ({@code $Latest}). {@code arm-moving} gains a version 3 with another AMI 20 s into the run, as
 * if its owner published it mid-replacement.
 */
final class ReplacementFleets {

    private ReplacementFleets() {}

    static final String ARM_OLD = "ami-0armold";
    static final String ARM_NEW = "ami-0armnew";
    static final String ARM_OTHER = "ami-0armother";
    static final String X86_OLD = "ami-0x86old";
    static final String X86_NEW = "ami-0x86new";

    static String fleet(String... clusters) {
        return """
                { "region": "us-east-1", "accountId": "123456789012", "seed": 17, "latestAgentVersion": "1.89.0",
                  "amis": [
                    { "id": "ami-0armold", "name": "al2023-ami-ecs-hvm-2023.0.20240905-kernel-6.1-arm64",
                      "architecture": "arm64", "creationDate": "2024-09-05T10:00:00Z", "agentVersion": "1.86.3" },
                    { "id": "ami-0armnew", "name": "al2023-ami-ecs-hvm-2023.0.20251210-kernel-6.1-arm64",
                      "architecture": "arm64", "creationDate": "2025-12-10T10:00:00Z", "agentVersion": "1.88.0",
                      "dockerVersion": "25.0.8" },
                    { "id": "ami-0armother", "name": "al2023-ami-ecs-hvm-2023.0.20260101-kernel-6.1-arm64",
                      "architecture": "arm64", "creationDate": "2026-01-01T10:00:00Z", "agentVersion": "1.88.0",
                      "dockerVersion": "25.0.8" },
                    { "id": "ami-0x86old", "name": "al2023-ami-ecs-hvm-2023.0.20240905-kernel-6.1-x86_64",
                      "creationDate": "2024-09-05T10:00:00Z", "agentVersion": "1.86.3" },
                    { "id": "ami-0x86new", "name": "al2023-ami-ecs-hvm-2023.0.20251210-kernel-6.1-x86_64",
                      "creationDate": "2025-12-10T10:00:00Z", "agentVersion": "1.88.0", "dockerVersion": "25.0.8" } ],
                  "recommended": { "amazon-linux-2023": { "image_id": "ami-0x86new" },
                                   "amazon-linux-2023/arm64": { "image_id": "ami-0armnew" } },
                  "launchTemplates": [
                    { "name": "arm", "versions": [ { "imageId": "ami-0armold" }, { "imageId": "ami-0armnew" } ] },
                    { "name": "arm-moving", "versions": [ { "imageId": "ami-0armold" }, { "imageId": "ami-0armnew" },
                        { "imageId": "ami-0armother", "createdAfterSeconds": 20 } ] },
                    { "name": "x86", "versions": [ { "imageId": "ami-0x86old" }, { "imageId": "ami-0x86new" } ] } ],
                  "timings": { "drainSeconds": 30, "launchSeconds": 90, "registerSeconds": 30, "deregisterSeconds": 60 },
                  "updateSeconds": { "PENDING": 5, "STAGING": 20, "STAGED": 5, "UPDATING": 15 },
                  "clusters": [ %s ],
                  "faults": { "throttle": false } }
                """.formatted(String.join(",\n", clusters));
    }

    /** A cluster whose instances are all in one group {@code <cluster>-asg}, plus any outside it. */
    static String cluster(String name, String group, String... outside) {
        return "{ \"name\": \"" + name + "\", \"instances\": [ " + String.join(", ", outside) + " ], "
                + "\"autoScalingGroups\": [ " + group + " ] }";
    }

    /** A group launching {@code template} $Latest; {@code extra} adds group fields (minSize, suspendedProcesses…). */
    static String group(String name, String template, String extra, String... instanceGroups) {
        return "{ \"name\": \"" + name + "\", \"maxSize\": 6, \"launchTemplate\": { \"name\": \"" + template
                + "\", \"version\": \"$Latest\" }" + (extra.isEmpty() ? "" : ", " + extra) + ", \"instances\": [ "
                + String.join(", ", instanceGroups) + " ] }";
    }

    /** {@code count} instances launched from version 1 (old AMI) or 2 (new), each running {@code tasks}. */
    static String members(int count, int version, String tasks, String extra) {
        return "{ \"count\": " + count + ", \"launchTemplateVersion\": \"" + version + "\", \"tasks\": [ " + tasks + " ]"
                + (extra.isEmpty() ? "" : ", " + extra) + " }";
    }

    static String service(String name, int cpu, int memory) {
        return "{ \"service\": \"" + name + "\", \"cpu\": " + cpu + ", \"memory\": " + memory + " }";
    }

    static final String API = service("api", 512, 1024);
    /** A task no service started: it never ends, so it never leaves a draining instance. */
    static final String CRON = "{ \"family\": \"report\", \"startedBy\": \"cron\", \"cpu\": 256, \"memory\": 512 }";

    static Simulation start(String fleetJson, Map<String, String> parameters) throws IOException {
        return Simulation.builder(Home.find(), Fleet.parse(fleetJson, "replacement test fleet")).parameters(parameters)
                .start();
    }

    /** {@code ReplaceInstances=mode} and any further parameters. */
    static Map<String, String> replace(String mode, String... keyValues) {
        Map<String, String> p = new HashMap<>();
        p.put("ReplaceInstances", mode);
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    /** Runs {@code n} scheduled runs an interval apart (as simulate does). */
    static List<Simulation.Outcome> runs(Simulation sim, int n, String input) {
        List<Simulation.Outcome> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            Instant started = sim.now();
            out.add(sim.run(input));
            Instant next = started.plus(sim.scheduleInterval());
            if (i < n - 1 && sim.now().isBefore(next)) {
                sim.advance(Duration.between(sim.now(), next));
            }
        }
        return out;
    }

    /** The EC2 ids of a group's members on {@code ami} now. */
    static List<String> onAmi(Simulation sim, String group, String ami) {
        return sim.fleet().groups().stream().filter(g -> g.name().equals(group)).findFirst().orElseThrow().instances()
                .stream().filter(i -> ami.equals(i.amiId())).map(FleetSnapshot.GroupInstance::instanceId).toList();
    }

    static FleetSnapshot.InstanceState instance(Simulation sim, String ec2InstanceId) {
        return sim.fleet().clusters().stream().flatMap(c -> c.instances().stream())
                .filter(i -> i.ec2InstanceId().equals(ec2InstanceId)).findFirst().orElseThrow();
    }

    static List<StateChanged> stateChanges(Simulation sim, String ec2InstanceId) {
        return sim.instanceEvents().stream().filter(e -> e instanceof StateChanged && e.ec2InstanceId().equals(ec2InstanceId))
                .map(StateChanged.class::cast).toList();
    }

    static List<Terminated> terminations(Simulation sim) {
        return sim.instanceEvents().stream().filter(Terminated.class::isInstance).map(Terminated.class::cast).toList();
    }

    static <T extends InstanceEvent> List<T> events(Simulation sim, Class<T> kind) {
        return sim.instanceEvents().stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /** Webhook messages as (cluster, header, text). */
    static List<ReplacementEndToEndTest.Message> messages(Simulation sim) {
        return ReplacementEndToEndTest.messages(sim.messages());
    }

    static List<ReplacementEndToEndTest.Message> messages(Simulation sim, String about) {
        return messages(sim).stream().filter(m -> m.about().equals(about)).toList();
    }

    static SimulationReport.Cluster record(Simulation.Outcome outcome, String cluster) {
        return Fleets.byName(outcome.run()).get(cluster);
    }
}
