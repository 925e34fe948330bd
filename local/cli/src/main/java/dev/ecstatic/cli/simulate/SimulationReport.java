package dev.ecstatic.cli.simulate;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code ecstatic simulate} found; serialized as-is for {@code --json} (DESIGN §6), so field
 * names here are a contract scripts rely on. {@code messageTimes}: when each of {@code messages} reached
 * the webhook, on the simulated clock (ISO-8601, same order); empty when not known. {@code sns} and
 * {@code events}: what the SNS topic and the EventBridge bus received (NotificationTopicArn, EventBusName),
 * the same notifications as {@code messages}, empty when neither is configured.
 */
public record SimulationReport(List<Run> runs, List<JsonNode> messages, Fleet fleet,
                               @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> messageTimes,
                               List<SnsMessage> sns, List<Event> events) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public SimulationReport {
        runs = List.copyOf(runs);
        messages = List.copyOf(messages);
        messageTimes = messageTimes == null ? List.of() : List.copyOf(messageTimes);
        if (!messageTimes.isEmpty() && messageTimes.size() != messages.size()) {
            throw new IllegalArgumentException(messageTimes.size() + " message times for " + messages.size()
                    + " messages");
        }
        sns = sns == null ? List.of() : List.copyOf(sns);
        events = events == null ? List.of() : List.copyOf(events);
    }

    /** Without SNS or EventBridge targets. */
    public SimulationReport(List<Run> runs, List<JsonNode> messages, Fleet fleet, List<String> messageTimes) {
        this(runs, messages, fleet, messageTimes, List.of(), List.of());
    }

    public SimulationReport(List<Run> runs, List<JsonNode> messages, Fleet fleet) {
        this(runs, messages, fleet, List.of());
    }

    /**
     * A message the SNS topic received: when (simulated time), the topic, its Subject, its message attributes
     * (name → value) and its message, the notification's JSON record (docs/payloads.md).
     */
    public record SnsMessage(String time, String topicArn, String subject, Map<String, String> attributes,
                             JsonNode message) {
        public SnsMessage {
            attributes = attributes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        }
    }

    /** An event the EventBridge bus received: when, the bus, its source, detail-type and detail (the same record). */
    public record Event(String time, String eventBusArn, String source, String detailType, JsonNode detail) {
    }

    /**
     * One execution of the state machine: its records, read from the report object its output names
     * ({@code report}: the runs bucket's {@code runs/<execution name>/report.jsonl}), and its {@code totals}
     * as the execution output has them ({@code clusters}, {@code excluded}, {@code notificationsFailed}, one count per outcome;
     * a run with no cluster has totals of zero). {@code totals}, {@code error} and {@code cause} are
     * left out when absent: a run that failed has no output, and one that succeeded no error.
     * {@code start} and {@code end}: the execution's start and stop on the simulated clock (ISO-8601);
     * {@code agents}: the fleet's registered instances right after the run, by platform, and how many of
     * them run the newest agent; each left out when not known.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Run(String status, List<Cluster> clusters, Map<String, Long> totals, Stats stats, String error,
                      String cause, String start, String end, Map<String, Agents> agents) {
        public Run {
            clusters = List.copyOf(clusters);
            totals = totals == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(totals));
            agents = agents == null ? null : Collections.unmodifiableMap(new TreeMap<>(agents));
        }

        public Run(String status, List<Cluster> clusters, Map<String, Long> totals, Stats stats, String error,
                   String cause) {
            this(status, clusters, totals, stats, error, cause, null, null, null);
        }

        /** Notifications a target (webhook, SNS topic, EventBridge bus) did not take, after retries: one per target. */
        @JsonIgnore
        public long notificationsFailed() {
            return totals == null ? 0 : totals.getOrDefault("notificationsFailed", 0L);
        }
    }

    /**
     * A cluster's record from the execution output. {@code notificationsFailed} is in the JSON only
     * when some message about this cluster could not be delivered; {@code account} and {@code region}
     * (the cluster's target, from its ARN) only when the record has them.
     */
    public record Cluster(String cluster, String outcome, List<String> instances, String detail,
                          @JsonInclude(JsonInclude.Include.NON_DEFAULT) int notificationsFailed,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Long> amis,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String account,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String region) {
        public Cluster {
            instances = instances == null ? List.of() : List.copyOf(instances);
            amis = amis == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(amis));
        }

        public Cluster(String cluster, String outcome, List<String> instances, String detail) {
            this(cluster, outcome, instances, detail, 0, Map.of());
        }

        public Cluster(String cluster, String outcome, List<String> instances, String detail, int notificationsFailed) {
            this(cluster, outcome, instances, detail, notificationsFailed, Map.of());
        }

        public Cluster(String cluster, String outcome, List<String> instances, String detail, int notificationsFailed,
                       Map<String, Long> amis) {
            this(cluster, outcome, instances, detail, notificationsFailed, amis, null, null);
        }

        /** {@code <account>/<region>}, the form {@code start --target} takes; null when the record names no target. */
        @JsonIgnore
        public String target() {
            return account == null && region == null ? null : account + "/" + region;
        }

        /** The records of an execution output with the records inline ({@code {"totals": …, "clusters": [...]}}); none if null. */
        public static List<Cluster> of(String executionOutput) {
            List<Cluster> clusters = new ArrayList<>();
            for (JsonNode r : parse(executionOutput).path("clusters")) {
                clusters.add(of(r));
            }
            return clusters;
        }

        /**
         * The records of an execution: from the report object its output names ({@code {"report": {"bucket",
         * "key"}}}, one record a line), read through {@code objects}; inline when the output has them
         * ({@code clusters}); none when there is no output.
         */
        public static List<Cluster> of(String executionOutput, ReportObjects objects) {
            JsonNode report = parse(executionOutput).path("report");
            if (!report.has("key")) {
                return of(executionOutput);
            }
            String bucket = report.path("bucket").asText();
            String key = report.path("key").asText();
            String text = new String(objects.get(bucket, key), java.nio.charset.StandardCharsets.UTF_8);
            List<Cluster> clusters = new ArrayList<>();
            for (String line : text.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    clusters.add(of(JSON.readTree(line)));
                } catch (IOException e) {
                    throw new IllegalStateException("s3://" + bucket + "/" + key + " holds a line that is not JSON: "
                            + line, e);
                }
            }
            return clusters;
        }

        private static Cluster of(JsonNode r) {
            List<String> instances = new ArrayList<>();
            r.path("instances").forEach(i -> instances.add(i.asText()));
            Map<String, Long> amis = new java.util.LinkedHashMap<>();
            r.path("amis").fields().forEachRemaining(e -> amis.put(e.getKey(), e.getValue().asLong()));
            return new Cluster(r.path("cluster").asText(null), r.path("outcome").asText(null), instances,
                    r.path("detail").asText(null), r.path("notificationsFailed").asInt(0), amis,
                    r.path("account").asText(null), r.path("region").asText(null));
        }
    }

    /** Reads an S3 object of the run (the report): the simulator's S3 or AWS's, through the SDK. */
    @FunctionalInterface
    public interface ReportObjects {
        byte[] get(String bucket, String key);

        /** Through {@code s3}: a missing or unreadable report is an error naming the object. */
        static ReportObjects of(software.amazon.awssdk.services.s3.S3Client s3) {
            return (bucket, key) -> {
                try {
                    return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
                } catch (software.amazon.awssdk.core.exception.SdkException e) {
                    throw new IllegalStateException("cannot read the run's report s3://" + bucket + "/" + key + ": "
                            + e.getMessage(), e);
                }
            };
        }
    }

    /** The {@code totals} of an execution output, in their order; null if there is no output. */
    public static Map<String, Long> totals(String executionOutput) {
        if (executionOutput == null) {
            return null;
        }
        Map<String, Long> totals = new LinkedHashMap<>();
        parse(executionOutput).path("totals").fields()
                .forEachRemaining(e -> totals.put(e.getKey(), e.getValue().asLong()));
        return totals;
    }

    private static JsonNode parse(String executionOutput) {
        if (executionOutput == null) {
            return JSON.missingNode();
        }
        try {
            return JSON.readTree(executionOutput);
        } catch (IOException e) {
            throw new IllegalStateException("execution output is not JSON: " + executionOutput, e);
        }
    }

    /**
     * Cost figures of one run, child executions included. {@code stsOrganizationsCalls} (AssumeRole of the
     * member role, an OU's listings) is in the JSON only when the run reached another account.
     */
    public record Stats(long stateTransitions, long lambdaInvocations, long historyEvents, long maxPayloadBytes,
                        long maxEventsPerExecution, Map<String, Long> ecsCalls, Map<String, Long> ec2AutoScalingCalls,
                        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Long> stsOrganizationsCalls) {
        public Stats {
            ecsCalls = sorted(ecsCalls);
            ec2AutoScalingCalls = sorted(ec2AutoScalingCalls);
            stsOrganizationsCalls = sorted(stsOrganizationsCalls);
        }
    }

    /**
     * A platform's agents ({@code linux/x86_64}, {@code windows/x86_64}, {@code bottlerocket/x86_64}, …):
     * registered instances, and those whose agent is at least {@code newest} (the version an update
     * installs).
     */
    public record Agents(long instances, long atNewest, String newest) {}

    /** The fleet after the last run. */
    public record Fleet(Map<String, Long> agentVersions, Map<String, Long> updateStatuses, Map<String, Long> amis) {
        public Fleet {
            agentVersions = sorted(agentVersions);
            updateStatuses = sorted(updateStatuses);
            amis = sorted(amis);
        }
    }

    /** Sorted and read-only, so that the JSON document is the same for the same run. */
    static Map<String, Long> sorted(Map<String, Long> counts) {
        return Collections.unmodifiableMap(new TreeMap<>(counts));
    }
}
