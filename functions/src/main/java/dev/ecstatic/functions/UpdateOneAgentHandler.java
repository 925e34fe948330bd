package dev.ecstatic.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.ecstatic.functions.model.Finding;
import dev.ecstatic.functions.model.InstanceRef;
import dev.ecstatic.functions.model.Inventory;
import dev.ecstatic.functions.model.UpdateOneAgentRequest;
import dev.ecstatic.functions.model.UpdateOneAgentResponse;
import dev.ecstatic.functions.model.UpdateOutcome;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AgentUpdateStatus;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.DescribeContainerInstancesRequest;
import software.amazon.awssdk.services.ecs.model.MissingVersionException;
import software.amazon.awssdk.services.ecs.model.NoUpdateAvailableException;
import software.amazon.awssdk.services.ecs.model.ServerException;
import software.amazon.awssdk.services.ecs.model.UpdateContainerAgentRequest;
import software.amazon.awssdk.services.ecs.model.UpdateContainerAgentResponse;
import software.amazon.awssdk.services.ecs.model.UpdateInProgressException;

/**
 * State "Update one agent": calls UpdateContainerAgent on the candidates in order until ECS accepts
 * one, then stops, so at most one update starts per invocation. Returns STARTED, IN_PROGRESS,
 * UP_TO_DATE, NONE_UPDATABLE (with findings) or UNCONFIRMED. Emits the UpdatesStarted metric.
 * Errors: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateContainerAgent.html
 *
 * <p><b>Lost responses.</b> A call that timed out, or that ECS answered with a 5xx, may have started
 * the update; so may an earlier attempt of this step (the state machine retries it after a Lambda
 * failure, a time-out or a throttle, and says so in {@code retryCount}). Then the handler looks
 * before acting, and never calls UpdateContainerAgent on a second instance:
 * <ul>
 * <li>after such a call, it describes that instance: an update under way (or an agent already newer
 * than listed) is STARTED; an update ECS reports FAILED is UNCONFIRMED, and the agent is not called
 * again (that would be an update behind a failed agent; the next run's assessment blocks the
 * cluster); otherwise it calls the same instance once more: accepted or UpdateInProgressException
 * is STARTED, anything else UNCONFIRMED;
 * <li>on a retry, it describes every candidate in one call: an update under way on one is STARTED;
 * an update FAILED on one is UNCONFIRMED, with no call; otherwise it calls the first candidate
 * (every attempt calls it first: the order is deterministic) as above. ECS refusing it settles the
 * outcome only when no other candidate would have been called after that answer; otherwise an
 * earlier attempt may have gone on to another one: UNCONFIRMED.
 * </ul>
 * The state machine announces UNCONFIRMED and starts no other update in the cluster in that run.
 *
 * <p><b>The hard stop.</b> No UpdateContainerAgent is called at or after the request's {@code notAfter}
 * (by the handler's clock): the state machine checks it before the Task, but the Task's retriers may
 * start an attempt later. A first attempt then answers DEFERRED; a retry still looks (an earlier attempt
 * may have started an update) and answers STARTED or UNCONFIRMED from what it sees, never calling.
 */
public class UpdateOneAgentHandler implements RequestHandler<UpdateOneAgentRequest, UpdateOneAgentResponse> {
    static final String NO_UPDATE_PATH = "no update path: replace the instance";
    /**
     * A look found the agent's update FAILED: maybe the one a lost response started. Never called
     * again (an update behind a failed agent); the next run's assessment sees UPDATE_FAILED and
     * blocks the cluster.
     */
    static final String REPORTED_FAILED = "ECS reports the update FAILED: the next run blocks the cluster";
    /** Why nothing was called: the request's notAfter had passed. */
    static final String NO_TIME_LEFT = "no time left in this run to start an update";

    /**
     * Worst case of one invocation, which the function's Timeout in template.yaml covers (TimeoutsTest):
     * up to 20 candidates called one after the other, each within {@link Clients#UPDATE_TIMEOUT}; after
     * a lost response one look ({@link Clients#READ_CALL_TIMEOUT}) and one more call of the same
     * instance; + {@link Clients#OWN_WORK}. A retry (one look at every candidate, then that path on the
     * first candidate only) is shorter. Arithmetic in {@link Clients}.
     */
    static final Duration WORST_CASE = Clients.UPDATE_TIMEOUT.multipliedBy(Inventory.MAX_LISTED)
            .plus(Clients.READ_CALL_TIMEOUT).plus(Clients.UPDATE_TIMEOUT).plus(Clients.OWN_WORK);

    private static final Set<AgentUpdateStatus> UNDER_WAY = EnumSet.of(AgentUpdateStatus.PENDING,
            AgentUpdateStatus.STAGING, AgentUpdateStatus.STAGED, AgentUpdateStatus.UPDATING);

    private final HandlerConfig config;
    private final TargetClients<EcsClient> readClients;
    private final TargetClients<EcsClient> updateClients;
    private final Clock clock;

    public UpdateOneAgentHandler() {
        this(System.getenv());
    }

    public UpdateOneAgentHandler(Map<String, String> env) {
        this(env, Clock.systemUTC());
    }

    /**
     * The handler with the clock its notAfter is read against: the system's on Lambda; the state
     * machine's own when the local toolkit runs it on simulated time (its runtime prefers this
     * constructor when a handler has one), so the hard stop means the same there.
     */
    public UpdateOneAgentHandler(Map<String, String> env, Clock clock) {
        this(HandlerConfig.from(env), MemberAccess.from(env), env, clock);
    }

    private UpdateOneAgentHandler(HandlerConfig config, MemberAccess access, Map<String, String> env, Clock clock) {
        this(config, Clients.ecsReads(env, access), Clients.ecsUpdates(env, access), clock);
    }

    /**
     * @param reads   DescribeContainerInstances, retried by the SDK
     * @param updates UpdateContainerAgent, one attempt
     */
    UpdateOneAgentHandler(HandlerConfig config, EcsClient reads, EcsClient updates) {
        this(config, reads, updates, Clock.systemUTC());
    }

    /** @param clock compared with the request's notAfter before every UpdateContainerAgent */
    UpdateOneAgentHandler(HandlerConfig config, EcsClient reads, EcsClient updates, Clock clock) {
        this(config, TargetClients.only(reads), TargetClients.only(updates), clock);
    }

    /** Each client in the cluster's own account and region (the member role's in another account). */
    UpdateOneAgentHandler(HandlerConfig config, TargetClients<EcsClient> reads, TargetClients<EcsClient> updates,
                          Clock clock) {
        this.config = config;
        this.readClients = reads;
        this.updateClients = updates;
        this.clock = clock;
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

    /** The request was sent and its answer lost: a timeout or a 5xx. The update may have started. */
    record Unknown(String why) implements Attempt {
    }

    @Override
    public UpdateOneAgentResponse handleRequest(UpdateOneAgentRequest request, Context context) {
        if (request == null) {
            throw new IllegalArgumentException("Update one agent needs {cluster, candidates, recommended, retryCount}");
        }
        Invocation invocation = new Invocation(request, Log.of(context, config.logLevel(), "UpdateOneAgent"));
        if (request.candidates().isEmpty()) {
            return invocation.noUpdateStarted();
        }
        if (request.retryCount() > 0) {
            return invocation.retry();
        }
        return invocation.outOfTime() ? invocation.deferred() : invocation.walk();
    }

    /** One invocation's state: what ECS said so far and what follows from it. */
    private final class Invocation {
        private final UpdateOneAgentRequest request;
        private final Log log;
        private final String clusterName;
        /** ListInstances knows no AMI family per instance, so the newest recommendation applies. */
        private final String recommendedAgent;
        /** Per platform, an agent version ECS had no update for: same or newer agents are current. */
        private final Map<String, String> currentFrom = new HashMap<>();
        /**
         * Agents ECS has no update path for: the same answer holds for every agent of that platform
         * and version, so they are reported without another call.
         */
        private final Map<String, Set<String>> noPathFor = new HashMap<>();
        private final List<Finding> findings = new ArrayList<>();
        /** The request's hard stop; null when it has none. */
        private final Instant notAfter;
        private final EcsClient reads;
        private final EcsClient updates;
        private int attempted;
        private int skipped;

        Invocation(UpdateOneAgentRequest request, Log log) {
            this.request = request;
            this.log = log;
            this.reads = readClients.in(request.cluster());
            this.updates = updateClients.in(request.cluster());
            this.notAfter = request.notAfter() == null ? null : Instant.parse(request.notAfter());
            this.clusterName = request.cluster().name();
            this.recommendedAgent = Versions.recommendedAgent(request.recommended(), null).orElse(null);
        }

        /** The first attempt: every candidate in order until one is accepted. */
        UpdateOneAgentResponse walk() {
            for (InstanceRef candidate : request.candidates()) {
                if (skip(candidate)) {
                    continue;
                }
                if (outOfTime()) {
                    return deferred();
                }
                switch (call(candidate)) {
                    case Accepted accepted -> {
                        return started(candidate, "ECS status " + accepted.updateStatus(), null);
                    }
                    case AlreadyUpdating busy -> {
                        log.info("update in progress", fields(candidate, busy.message()));
                        log.metric("UpdatesStarted", 0, clusterName);
                        return response(UpdateOutcome.IN_PROGRESS, null, null);
                    }
                    case NoUpdateAvailable none -> noUpdateAvailable(candidate, none);
                    case NotUpdatable refused -> notUpdatable(candidate, refused);
                    case Unknown unknown -> {
                        return afterLostResponse(candidate, unknown.why());
                    }
                }
            }
            return noUpdateStarted();
        }

        /**
         * A retry of the step: an earlier attempt may have started an update and lost the answer. One
         * look at every candidate, then at most the first candidate, which every attempt calls first.
         */
        UpdateOneAgentResponse retry() {
            String retry = "retry " + request.retryCount();
            List<InstanceRef> candidates = request.candidates();
            InstanceRef first = candidates.getFirst();
            Optional<Look> look = look(candidates);
            if (look.isEmpty()) {
                return unconfirmed(first, retry + ": could not look for an update started by an earlier attempt");
            }
            Optional<InstanceRef> underWay = look.get().underWay();
            if (underWay.isPresent()) {
                return started(underWay.get(), retry + ": found under way",
                        retry + ": update found under way, an earlier attempt's response was lost");
            }
            Optional<InstanceRef> failed = look.get().failed();
            if (failed.isPresent()) {
                return unconfirmed(failed.get(), retry + ": " + REPORTED_FAILED);
            }
            if (outOfTime()) {
                return unconfirmed(first, retry + ": past notAfter, no update visible yet; not called again");
            }
            switch (call(first)) {
                case Accepted accepted -> {
                    return started(first, retry + ": ECS status " + accepted.updateStatus(), retry + ": started");
                }
                case AlreadyUpdating busy -> {
                    return started(first, retry + ": " + busy.message(),
                            retry + ": ECS says an update is in progress, an earlier attempt's response was lost");
                }
                case Unknown unknown -> {
                    return afterLostResponse(first, unknown.why());
                }
                case NoUpdateAvailable none -> noUpdateAvailable(first, none);
                case NotUpdatable refused -> notUpdatable(first, refused);
            }
            // ECS refused the first candidate, as it must have refused every earlier attempt. If the
            // walk went on from there, an earlier attempt may have started the next one it called.
            Optional<InstanceRef> next = candidates.stream().skip(1).filter(this::wouldCall).findFirst();
            if (next.isPresent()) {
                return unconfirmed(next.get(), retry + ": an earlier attempt may have started this or a later "
                        + "candidate; no update visible yet");
            }
            candidates.stream().skip(1).forEach(this::skip);
            return noUpdateStarted();
        }

        /**
         * The call on {@code instance} was sent and its answer lost. Looks before acting, and calls no
         * other instance whatever it finds.
         */
        private UpdateOneAgentResponse afterLostResponse(InstanceRef instance, String why) {
            log.warn("response lost", fields(instance, why));
            Optional<Look> look = look(List.of(instance));
            if (look.isEmpty()) {
                return unconfirmed(instance, "response lost (" + why + ") and the instance could not be described");
            }
            if (look.get().underWay().isPresent()) {
                return started(instance, "found under way after " + why,
                        "update found under way after a lost response (" + why + ")");
            }
            if (look.get().failed().isPresent()) {
                return unconfirmed(instance, "response lost (" + why + "), then " + REPORTED_FAILED);
            }
            if (outOfTime()) {
                return unconfirmed(instance, "response lost (" + why + "), no update visible yet; past notAfter, "
                        + "not called again");
            }
            Attempt again;
            try {
                again = call(instance);
            } catch (TransientAwsException | SdkException e) {
                Throwable error = e instanceof TransientAwsException && e.getCause() != null ? e.getCause() : e;
                return unconfirmed(instance, "response lost (" + why + "), then " + error.getClass().getSimpleName()
                        + "; no update visible yet");
            }
            return switch (again) {
                case Accepted accepted -> started(instance, "ECS status " + accepted.updateStatus() + " when called"
                        + " again after " + why, "accepted when called again after a lost response (" + why + ")");
                case AlreadyUpdating busy -> started(instance, busy.message(),
                        "ECS says an update is in progress after a lost response (" + why + ")");
                case Unknown unknown -> unconfirmed(instance, "response lost twice (" + why + ", " + unknown.why()
                        + "); no update visible yet");
                case NoUpdateAvailable none -> unconfirmed(instance, "response lost (" + why + "), then ECS said no"
                        + " update is available; no update visible");
                case NotUpdatable refused -> unconfirmed(instance, "response lost (" + why + "), then ECS refused: "
                        + refused.finding());
            };
        }

        /** The clock is at or past the request's notAfter: no UpdateContainerAgent any more. */
        boolean outOfTime() {
            return notAfter != null && !clock.instant().isBefore(notAfter);
        }

        /** Nothing was started and nothing more may be called: the hard stop has passed. */
        UpdateOneAgentResponse deferred() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("cluster", clusterName);
            fields.put("notAfter", request.notAfter());
            fields.put("attempted", attempted);
            log.warn("deferred", fields);
            log.metric("UpdatesStarted", 0, clusterName);
            return response(UpdateOutcome.DEFERRED, null, NO_TIME_LEFT);
        }

        /** True when the walk would not call {@code candidate} after what ECS has said; records why. */
        private boolean skip(InstanceRef candidate) {
            String current = currentFrom.get(candidate.platform());
            if (current != null && !Versions.older(candidate.agentVersion(), current)) {
                skipped++;
                log.debug("skipped", fields(candidate, "an agent of " + current
                        + " on the same platform had no update available"));
                return true;
            }
            if (noPathFor.getOrDefault(candidate.platform(), Set.of()).contains(candidate.agentVersion())) {
                skipped++;
                findings.add(finding(candidate, NO_UPDATE_PATH));
                return true;
            }
            return false;
        }

        private boolean wouldCall(InstanceRef candidate) {
            String current = currentFrom.get(candidate.platform());
            return !(current != null && !Versions.older(candidate.agentVersion(), current))
                    && !noPathFor.getOrDefault(candidate.platform(), Set.of()).contains(candidate.agentVersion());
        }

        private void noUpdateAvailable(InstanceRef candidate, NoUpdateAvailable none) {
            // ECS also says this when an agent is too old to have an update path.
            if (Versions.older(candidate.agentVersion(), recommendedAgent)) {
                findings.add(finding(candidate, NO_UPDATE_PATH));
                noPathFor.computeIfAbsent(candidate.platform(), k -> new HashSet<>()).add(candidate.agentVersion());
                log.warn("no update path", fields(candidate, "agent older than recommended "
                        + recommendedAgent + " but ECS has no update for it"));
            } else {
                currentFrom.put(candidate.platform(), candidate.agentVersion());
                log.info("agent current", fields(candidate, none.message()));
            }
        }

        private void notUpdatable(InstanceRef candidate, NotUpdatable refused) {
            findings.add(finding(candidate, refused.finding()));
            log.warn("not updatable", fields(candidate, refused.finding()));
        }

        private Attempt call(InstanceRef candidate) {
            attempted++;
            try {
                UpdateContainerAgentResponse response = updates.updateContainerAgent(UpdateContainerAgentRequest.builder()
                        .cluster(request.cluster().arn()).containerInstance(candidate.containerInstanceId()).build());
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
                Optional<String> lost = lostResponse(e);
                if (lost.isPresent()) {
                    return new Unknown(lost.get());
                }
                throw AwsErrors.translate(e, "UpdateContainerAgent on " + candidate.label());
            }
        }

        /** One DescribeContainerInstances of the instances; empty when it failed (after the SDK's retries). */
        private Optional<Look> look(List<InstanceRef> instances) {
            try {
                List<ContainerInstance> described = reads.describeContainerInstances(DescribeContainerInstancesRequest
                        .builder().cluster(request.cluster().arn())
                        .containerInstances(instances.stream().map(InstanceRef::containerInstanceId).toList())
                        .build()).containerInstances();
                return Optional.of(new Look(instances, described));
            } catch (SdkException e) {
                log.warn("look failed", Map.of("cluster", clusterName, "error", e.getClass().getSimpleName(),
                        "detail", String.valueOf(e.getMessage())));
                return Optional.empty();
            }
        }

        private UpdateOneAgentResponse started(InstanceRef instance, String detail, String note) {
            log.info("update started", fields(instance, detail));
            log.metric("UpdatesStarted", 1, clusterName);
            return new UpdateOneAgentResponse(UpdateOutcome.STARTED, instance, instance.agentVersion(), findings,
                    attempted, skipped, note == null ? null : InventoryBuilder.truncate(note, UpdateOneAgentResponse.MAX_NOTE));
        }

        private UpdateOneAgentResponse unconfirmed(InstanceRef instance, String note) {
            log.warn("update unconfirmed", fields(instance, note));
            log.metric("UpdatesStarted", 0, clusterName);
            return new UpdateOneAgentResponse(UpdateOutcome.UNCONFIRMED, instance, instance.agentVersion(), findings,
                    attempted, skipped, InventoryBuilder.truncate(note, UpdateOneAgentResponse.MAX_NOTE));
        }

        private UpdateOneAgentResponse noUpdateStarted() {
            UpdateOutcome outcome = findings.isEmpty() ? UpdateOutcome.UP_TO_DATE : UpdateOutcome.NONE_UPDATABLE;
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("cluster", clusterName);
            summary.put("outcome", outcome);
            summary.put("attempted", attempted);
            summary.put("skipped", skipped);
            summary.put("findings", findings.size());
            log.info("no update started", summary);
            log.metric("UpdatesStarted", 0, clusterName);
            return response(outcome, null, null);
        }

        private UpdateOneAgentResponse response(UpdateOutcome outcome, InstanceRef instance, String note) {
            return new UpdateOneAgentResponse(outcome, instance, instance == null ? null : instance.agentVersion(),
                    findings, attempted, skipped, note);
        }

        private Map<String, Object> fields(InstanceRef candidate, String detail) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("cluster", clusterName);
            fields.put("instance", candidate.label());
            fields.put("containerInstanceId", candidate.containerInstanceId());
            fields.put("agentVersion", candidate.agentVersion());
            fields.put("platform", candidate.platform());
            fields.put("detail", detail);
            return fields;
        }
    }

    private static Finding finding(InstanceRef candidate, String text) {
        return new Finding(candidate.ec2InstanceId(), candidate.containerInstanceId(), text);
    }

    /** What DescribeContainerInstances showed of the instances looked at. */
    private record Look(List<InstanceRef> instances, List<ContainerInstance> described) {
        /**
         * The first instance, in candidate order, with an update under way, or whose agent is newer
         * than ListInstances saw (an update that already finished).
         */
        Optional<InstanceRef> underWay() {
            for (InstanceRef ref : instances) {
                for (ContainerInstance ci : described) {
                    if (isThe(ref, ci)) {
                        String now = ci.versionInfo() == null ? null : ci.versionInfo().agentVersion();
                        if (UNDER_WAY.contains(ci.agentUpdateStatus()) || Versions.older(ref.agentVersion(), now)) {
                            return Optional.of(ref);
                        }
                    }
                }
            }
            return Optional.empty();
        }

        /** The first instance, in candidate order, whose last update ECS reports FAILED. */
        Optional<InstanceRef> failed() {
            for (InstanceRef ref : instances) {
                for (ContainerInstance ci : described) {
                    if (isThe(ref, ci) && ci.agentUpdateStatus() == AgentUpdateStatus.FAILED) {
                        return Optional.of(ref);
                    }
                }
            }
            return Optional.empty();
        }

        /** InstanceRef holds the id, the last part of the container instance's ARN. */
        private static boolean isThe(InstanceRef ref, ContainerInstance ci) {
            String arn = ci.containerInstanceArn();
            return arn != null && (arn.equals(ref.containerInstanceId()) || arn.endsWith("/" + ref.containerInstanceId()));
        }
    }

    /**
     * Whether a failed call may have reached ECS and been acted on: a timeout, an I/O error after the
     * connection was made, or a 5xx. A throttle, or a connection that was never made, is known not to
     * have started anything: the state machine may simply retry.
     */
    static Optional<String> lostResponse(SdkException e) {
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return Optional.of("timed out after " + Clients.UPDATE_TIMEOUT.toSeconds() + " s");
        }
        if (e instanceof SdkServiceException s) {
            if (s.isThrottlingException()) {
                return Optional.empty();
            }
            if (s instanceof ServerException || s.statusCode() >= 500) {
                return Optional.of("ECS answered " + (s.statusCode() > 0 ? s.statusCode() : "ServerException"));
            }
            return Optional.empty();
        }
        if (e instanceof SdkClientException && e.getCause() instanceof IOException io && !neverConnected(io)) {
            return Optional.of(io.getClass().getSimpleName());
        }
        return Optional.empty();
    }

    private static boolean neverConnected(IOException e) {
        return e instanceof ConnectException || e instanceof UnknownHostException || e instanceof NoRouteToHostException;
    }
}
