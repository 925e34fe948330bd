package dev.ecstatic.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.ecstatic.functions.model.Finding;
import dev.ecstatic.functions.model.InstanceRef;
import dev.ecstatic.functions.model.UpdateOneAgentRequest;
import dev.ecstatic.functions.model.UpdateOneAgentResponse;
import dev.ecstatic.functions.model.UpdateOutcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.MissingVersionException;
import software.amazon.awssdk.services.ecs.model.NoUpdateAvailableException;
import software.amazon.awssdk.services.ecs.model.UpdateContainerAgentRequest;
import software.amazon.awssdk.services.ecs.model.UpdateContainerAgentResponse;
import software.amazon.awssdk.services.ecs.model.UpdateInProgressException;

/**
 * State "Update one agent": calls UpdateContainerAgent on the candidates in order until ECS accepts
 * one, then stops, so at most one update starts per invocation. Returns STARTED, IN_PROGRESS,
 * UP_TO_DATE or NONE_UPDATABLE with findings. Emits the UpdatesStarted metric.
 * Errors: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateContainerAgent.html
 */
public class UpdateOneAgentHandler implements RequestHandler<UpdateOneAgentRequest, UpdateOneAgentResponse> {
    static final String NO_UPDATE_PATH = "no update path: replace the instance";

    private final HandlerConfig config;
    private final EcsClient ecs;

    public UpdateOneAgentHandler() {
        this(System.getenv());
    }

    public UpdateOneAgentHandler(Map<String, String> env) {
        this(HandlerConfig.from(env), Clients.ecs(env));
    }

    UpdateOneAgentHandler(HandlerConfig config, EcsClient ecs) {
        this.config = config;
        this.ecs = ecs;
    }

    /** What one UpdateContainerAgent call told us. */
    sealed interface Attempt {
    }

    record Accepted(String updateStatus) implements Attempt {
    }

    record AlreadyUpdating(String message) implements Attempt {
    }

    record NoUpdateAvailable(String message) implements Attempt {
    }

    record NotUpdatable(String finding) implements Attempt {
    }

    @Override
    public UpdateOneAgentResponse handleRequest(UpdateOneAgentRequest request, Context context) {
        if (request == null) {
            throw new IllegalArgumentException("Update one agent needs {cluster, candidates, recommended}");
        }
        Log log = Log.of(context, config.logLevel(), "UpdateOneAgent");
        String clusterName = request.cluster().name();
        // ListInstances knows no AMI family per instance, so the newest recommendation applies.
        String recommendedAgent = Versions.recommendedAgent(request.recommended(), null).orElse(null);
        Map<String, String> currentFrom = new HashMap<>();
        // Agents ECS has no update path for: the same answer holds for every agent of that platform
        // and version, so they are reported without another call.
        Map<String, Set<String>> noPathFor = new HashMap<>();
        List<Finding> findings = new ArrayList<>();
        int attempted = 0;
        int skipped = 0;
        for (InstanceRef candidate : request.candidates()) {
            String current = currentFrom.get(candidate.platform());
            if (current != null && !Versions.older(candidate.agentVersion(), current)) {
                skipped++;
                log.debug("skipped", fields(clusterName, candidate, "an agent of " + current
                        + " on the same platform had no update available"));
                continue;
            }
            if (noPathFor.getOrDefault(candidate.platform(), Set.of()).contains(candidate.agentVersion())) {
                skipped++;
                findings.add(finding(candidate, NO_UPDATE_PATH));
                continue;
            }
            attempted++;
            Attempt attempt = attempt(request.cluster().arn(), candidate);
            switch (attempt) {
                case Accepted accepted -> {
                    log.info("update started", fields(clusterName, candidate, "ECS status " + accepted.updateStatus()));
                    log.metric("UpdatesStarted", 1, clusterName);
                    return new UpdateOneAgentResponse(UpdateOutcome.STARTED, candidate, candidate.agentVersion(),
                            findings, attempted, skipped);
                }
                case AlreadyUpdating busy -> {
                    log.info("update in progress", fields(clusterName, candidate, busy.message()));
                    log.metric("UpdatesStarted", 0, clusterName);
                    return new UpdateOneAgentResponse(UpdateOutcome.IN_PROGRESS, null, null, findings, attempted,
                            skipped);
                }
                case NoUpdateAvailable none -> {
                    // ECS also says this when an agent is too old to have an update path.
                    if (Versions.older(candidate.agentVersion(), recommendedAgent)) {
                        findings.add(finding(candidate, NO_UPDATE_PATH));
                        noPathFor.computeIfAbsent(candidate.platform(), k -> new HashSet<>()).add(candidate.agentVersion());
                        log.warn("no update path", fields(clusterName, candidate, "agent older than recommended "
                                + recommendedAgent + " but ECS has no update for it"));
                    } else {
                        currentFrom.put(candidate.platform(), candidate.agentVersion());
                        log.info("agent current", fields(clusterName, candidate, none.message()));
                    }
                }
                case NotUpdatable refused -> {
                    findings.add(finding(candidate, refused.finding()));
                    log.warn("not updatable", fields(clusterName, candidate, refused.finding()));
                }
            }
        }
        UpdateOutcome outcome = findings.isEmpty() ? UpdateOutcome.UP_TO_DATE : UpdateOutcome.NONE_UPDATABLE;
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("cluster", clusterName);
        summary.put("outcome", outcome);
        summary.put("attempted", attempted);
        summary.put("skipped", skipped);
        summary.put("findings", findings.size());
        log.info("no update started", summary);
        log.metric("UpdatesStarted", 0, clusterName);
        return new UpdateOneAgentResponse(outcome, null, null, findings, attempted, skipped);
    }

    private Attempt attempt(String cluster, InstanceRef candidate) {
        try {
            UpdateContainerAgentResponse response = ecs.updateContainerAgent(UpdateContainerAgentRequest.builder()
                    .cluster(cluster).containerInstance(candidate.containerInstanceId()).build());
            String status = response.containerInstance() == null ? null
                    : response.containerInstance().agentUpdateStatusAsString();
            return new Accepted(status == null ? "PENDING" : status);
        } catch (UpdateInProgressException e) {
            return new AlreadyUpdating(AwsErrors.message(e));
        } catch (NoUpdateAvailableException e) {
            return new NoUpdateAvailable(AwsErrors.message(e));
        } catch (MissingVersionException e) {
            return new NotUpdatable("agent version unknown to ECS: update ecs-init or replace the instance");
        } catch (ClientException e) {
            return new NotUpdatable(InventoryBuilder.truncate("update refused: " + AwsErrors.message(e), 160));
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "UpdateContainerAgent on " + candidate.label());
        }
    }

    private static Finding finding(InstanceRef candidate, String text) {
        return new Finding(candidate.ec2InstanceId(), candidate.containerInstanceId(), text);
    }

    private static Map<String, Object> fields(String cluster, InstanceRef candidate, String detail) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("cluster", cluster);
        fields.put("instance", candidate.label());
        fields.put("containerInstanceId", candidate.containerInstanceId());
        fields.put("agentVersion", candidate.agentVersion());
        fields.put("platform", candidate.platform());
        fields.put("detail", detail);
        return fields;
    }
}
