package dev.ecstatic.cli.simulate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code ecstatic simulate} found; serialized as-is for {@code --json} (DESIGN §6), so field
 * names here are a contract scripts rely on.
 */
public record SimulationReport(List<Run> runs, List<JsonNode> messages, Fleet fleet) {

    public SimulationReport {
        runs = List.copyOf(runs);
        messages = List.copyOf(messages);
    }

    /** One execution of the state machine. {@code error}/{@code cause} only when it did not succeed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Run(String status, List<Cluster> clusters, Stats stats, String error, String cause) {
        public Run {
            clusters = List.copyOf(clusters);
        }
    }

    /** A cluster's record from the execution output. */
    public record Cluster(String cluster, String outcome, List<String> instances, String detail) {
        public Cluster {
            instances = instances == null ? List.of() : List.copyOf(instances);
        }

        /** The records of an execution output ({@code {"totals": …, "clusters": [...]}}); none if null. */
        public static List<Cluster> of(String executionOutput) {
            if (executionOutput == null) {
                return List.of();
            }
            try {
                List<Cluster> clusters = new java.util.ArrayList<>();
                for (JsonNode r : new com.fasterxml.jackson.databind.ObjectMapper().readTree(executionOutput).path("clusters")) {
                    List<String> instances = new java.util.ArrayList<>();
                    r.path("instances").forEach(i -> instances.add(i.asText()));
                    clusters.add(new Cluster(r.path("cluster").asText(null), r.path("outcome").asText(null), instances,
                            r.path("detail").asText(null)));
                }
                return clusters;
            } catch (java.io.IOException e) {
                throw new IllegalStateException("execution output is not JSON: " + executionOutput, e);
            }
        }
    }

    /** Cost figures of one run, child executions included. */
    public record Stats(long stateTransitions, long lambdaInvocations, long historyEvents, long maxPayloadBytes,
                        long maxEventsPerExecution, Map<String, Long> ecsCalls) {
        public Stats {
            ecsCalls = sorted(ecsCalls);
        }
    }

    /** The fleet after the last run. */
    public record Fleet(Map<String, Long> agentVersions, Map<String, Long> updateStatuses) {
        public Fleet {
            agentVersions = sorted(agentVersions);
            updateStatuses = sorted(updateStatuses);
        }
    }

    /** Sorted and read-only, so that the JSON document is the same for the same run. */
    static Map<String, Long> sorted(Map<String, Long> counts) {
        return Collections.unmodifiableMap(new TreeMap<>(counts));
    }
}
