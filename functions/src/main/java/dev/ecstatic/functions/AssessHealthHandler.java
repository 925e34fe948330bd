package dev.ecstatic.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.ecstatic.functions.model.AssessHealthRequest;
import dev.ecstatic.functions.model.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * State "Assess health": turns a cluster's inventory into the next step (RECHECK, BLOCKED,
 * IN_PROGRESS, NOTHING_TO_DO, UPDATE; in a dry run WOULD_UPDATE or UNDECIDED instead of UPDATE),
 * with what the memory keeps of it (the BLOCKED problem's set, the updates under way and since when,
 * the unsupported instances behind). An update under way for StuckUpdateMinutes blocks the cluster
 * as UPDATE_STUCK. No AWS calls; the rules live in {@link HealthRules}. Emits the BlockedClusters
 * metric, and BlockedForHours for a blocked cluster (none, and a WARN line, when the memory's open
 * problem is partial or unreadable: it is only for that metric).
 */
public class AssessHealthHandler implements RequestHandler<AssessHealthRequest, Decision> {
    /** Hours a blocked cluster has been blocked by the same problem, one dimension set: [FunctionName]. */
    static final String BLOCKED_FOR_HOURS = "BlockedForHours";

    /** Worst case of one invocation (no AWS call): {@link Clients#OWN_WORK}. TimeoutsTest checks template.yaml. */
    static final Duration WORST_CASE = Clients.OWN_WORK;

    private final AssessHealthConfig config;

    public AssessHealthHandler() {
        this(System.getenv());
    }

    public AssessHealthHandler(Map<String, String> env) {
        this(AssessHealthConfig.from(env));
    }

    AssessHealthHandler(AssessHealthConfig config) {
        this.config = config;
    }

    @Override
    public Decision handleRequest(AssessHealthRequest request, Context context) {
        if (request == null) {
            throw new IllegalArgumentException(
                    "Assess health needs {inventory, settings, rechecked, recommended, now, underWay}");
        }
        Log log = Log.of(context, config.logLevel(), "AssessHealth");
        HealthRules.UpdateTimes times = new HealthRules.UpdateTimes(request.nowInstant(), request.underWaySince(),
                config.stuckAfter());
        ReplacementChoice.Facts replacements = new ReplacementChoice.Facts(
                ReplacementChoice.Mode.parse(request.settings().replaceInstances()), request.replacing(),
                request.inventory().amis() == null ? List.of() : request.inventory().amis().replaceable(),
                Set.copyOf(request.noPath()), request.drainBackoff(), request.groupsStopped(), request.nowInstant());
        Decision decision = HealthRules.decision(HealthRules.assess(request.inventory(), request.settings(),
                request.rechecked(), request.recommended(), times, config.defaultWindow(), replacements),
                request.inventory(), times);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("cluster", request.inventory().cluster().name());
        fields.put("decision", decision.decision());
        fields.put("reason", decision.reason());
        fields.put("instances", decision.instances().stream().map(r -> r.label()).toList());
        if (decision.problem() != null) {
            fields.put("problem", Map.of("kind", decision.problem().kind(), "count", decision.problem().count(),
                    "hash", decision.problem().hash()));
        }
        fields.put("underWay", decision.underWay());
        if (decision.replace() != null) {
            fields.put("replace", Map.of("instance", decision.replace().ec2InstanceId(), "group",
                    decision.replace().group(), "groupAmi", decision.replace().groupAmi()));
        }
        if (request.now() == null) {
            fields.put("stuckRule", "not applied: the request has no now");
        }
        log.info("decision", fields);
        log.metric("BlockedClusters", decision.alert() != null ? 1 : 0, request.inventory().cluster());
        if (decision.alert() != null && request.now() != null) {
            String unreadable = request.openProblem() == null ? null : request.openProblem().unreadable();
            if (unreadable == null) {
                log.metric(BLOCKED_FOR_HOURS, blockedHours(request, decision), "None", Map.of());
            } else {
                // Only a metric: a memory this code cannot read costs the point, never the cluster's decision.
                log.warn("blocked for hours not measured", Map.of("cluster", request.inventory().cluster().name(),
                        "problem", unreadable));
            }
        }
        return decision;
    }

    /**
     * Hours since the problem that blocks the cluster was first seen (the memory's, when it is the same
     * problem; 0 for a new one), to a tenth: the dashboard's oldest open block is this metric's Maximum.
     */
    static double blockedHours(AssessHealthRequest request, Decision decision) {
        Instant now = request.nowInstant();
        Instant since = request.openProblem() == null ? now : request.openProblem().since(decision.problem(), now);
        long seconds = Math.max(0, Duration.between(since, now).toSeconds());
        return Math.round(seconds / 360.0) / 10.0;
    }
}
