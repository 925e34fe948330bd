package dev.ecstatic.cli.simulate;

import dev.ecstatic.asl.TaskInvoker;
import dev.ecstatic.cli.Home;
import dev.ecstatic.simulator.Fleet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** Small fleets for the end-to-end tests, written as the fleet file format of DESIGN §6. */
final class Fleets {

    private Fleets() {}

    static final String LATEST = "1.89.0";

    static String fleet(String faults, String... clusters) {
        return """
                { "region": "us-east-1", "accountId": "123456789012", "seed": 11, "latestAgentVersion": "%s",
                  "recommended": { "amazon-linux-2023": { "ecs_agent_version": "1.88.0",
                      "ecs_runtime_version": "Docker version 25.0.8", "image_id": "ami-0al2023new" } },
                  "updateSeconds": { "PENDING": 5, "STAGING": 20, "STAGED": 5, "UPDATING": 15 },
                  "clusters": [ %s ],
                  "faults": %s }
                """.formatted(LATEST, String.join(",\n", clusters), faults);
    }

    static String quiet(String... clusters) {
        return fleet("{ \"throttle\": false }", clusters);
    }

    static String cluster(String name, String... instanceGroups) {
        return "{ \"name\": \"" + name + "\", \"instances\": [ " + String.join(", ", instanceGroups) + " ] }";
    }

    /** {@code count} instances at {@code version}, plus any extra instance fields. */
    static String instances(int count, String version, String extra) {
        return "{ \"count\": " + count + ", \"agentVersion\": \"" + version + "\"" + (extra.isEmpty() ? "" : ", " + extra) + " }";
    }

    static String instances(int count, String version) {
        return instances(count, version, "");
    }

    static Simulation start(String fleetJson) throws IOException {
        return Simulation.builder(Home.find(), Fleet.parse(fleetJson, "test fleet")).start();
    }

    static Simulation start(String fleetJson, Map<String, String> parameters) throws IOException {
        return Simulation.builder(Home.find(), Fleet.parse(fleetJson, "test fleet")).parameters(parameters).start();
    }

    /** A simulation whose Task calls go through {@code wrapper} first (see {@link Simulation.Builder#wrapInvoker}). */
    static Simulation start(String fleetJson, UnaryOperator<TaskInvoker> wrapper) throws IOException {
        return Simulation.builder(Home.find(), Fleet.parse(fleetJson, "test fleet")).wrapInvoker(wrapper).start();
    }

    /** n clusters named prefix-0 ... prefix-(n-1), each with the same instance groups. */
    static String[] many(String prefix, int n, String... instanceGroups) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(cluster(prefix + "-" + i, instanceGroups));
        }
        return out.toArray(String[]::new);
    }

    static Map<String, SimulationReport.Cluster> byName(SimulationReport.Run run) {
        return run.clusters().stream().collect(Collectors.toMap(SimulationReport.Cluster::cluster, c -> c));
    }
}
