package dev.ecstatic.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.ecstatic.functions.model.AlertSent;
import dev.ecstatic.functions.model.ConcludeRequest;
import dev.ecstatic.functions.model.ConcludeResponse;
import dev.ecstatic.functions.model.Memory;
import dev.ecstatic.functions.model.NotifyRequest;
import dev.ecstatic.functions.model.RunRecord;
import dev.ecstatic.functions.model.NotificationTarget;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * State "Conclude", the end of every cluster's branch (docs/memory.md): the run's record
 * ({@link Outcomes}), the alert the memory says this run owes ({@link AlertPolicy}), posted through
 * {@link NotifyHandler} exactly as a "Notify …" state posts it, and the memory for "Remember" to write.
 *
 * <p>The request's {@code retryCount} goes to Notify: while a busy or failing webhook has retries left,
 * {@link TransientWebhookException} propagates and the state's retrier runs Conclude again (it is pure
 * but for the post); at {@link NotifyHandler#MAX_RETRIES} the alert is given up on, left pending in the
 * memory and counted in {@code record.notificationsFailed}. A webhook that is not configured counts as
 * delivered: there is nothing to try again. Logs one INFO line "concluded"; never the webhook URL.
 *
 * <p>With an SNS topic or an EventBridge bus configured, the policy decides for each target over what that
 * target was told ({@link AlertPolicy#plans}): the memory remembers each target's last delivery, so an alert
 * one target failed to take is sent again to it alone in the next run, and each failed target counts one in
 * {@code notificationsFailed}. SNS and EventBridge are sent to only on the attempt that settles the webhook
 * (delivered, refused, or given up on), so a retried Conclude does not send them twice.
 */
public class ConcludeHandler implements RequestHandler<ConcludeRequest, ConcludeResponse> {
    /** Worst case of one invocation: the one notification, as Notify's (TimeoutsTest checks template.yaml against it). */
    static final Duration WORST_CASE = NotifyHandler.WORST_CASE;

    private final ConcludeConfig config;
    private final NotifyHandler notify;

    public ConcludeHandler() {
        this(System.getenv());
    }

    public ConcludeHandler(Map<String, String> env) {
        this(env, Clock.systemUTC());
    }

    public ConcludeHandler(Map<String, String> env, Clock clock) {
        this(ConcludeConfig.from(env), new NotifyHandler(env, clock));
    }

    ConcludeHandler(ConcludeConfig config, NotifyHandler notify) {
        this.config = config;
        this.notify = notify;
    }

    @Override
    public ConcludeResponse handleRequest(ConcludeRequest request, Context context) {
        if (request == null) {
            throw new IllegalArgumentException("Conclude needs {cluster, now, executionId, memory, lease, decision, "
                    + "update, started, failure, failedStep, stillUpdating, historySpent, notificationsFailed, retryCount}");
        }
        Log log = Log.of(context, config.logLevel(), "Conclude");
        RunRecord record = Outcomes.of(request);

        Map<NotificationTarget, AlertPolicy.Plan> plans = AlertPolicy.plans(request, record, config.remindAfterHours(),
                notify.targets());
        AlertPolicy.Plan plan = plans.get(NotificationTarget.WEBHOOK);
        // Targets owed the same alert get it in one send (the webhook's first: EnumMap order); a target told
        // less than the others (its delivery failed in an earlier run, or it was configured since) gets its own.
        Map<AlertPolicy.Alert, Set<NotificationTarget>> owed = new LinkedHashMap<>();
        Map<NotificationTarget, Memory> chosen = new EnumMap<>(NotificationTarget.class);
        plans.forEach((target, p) -> {
            if (p.alert() == null) {
                chosen.put(target, p.memory(true));
            } else {
                owed.computeIfAbsent(p.alert(), a -> EnumSet.noneOf(NotificationTarget.class)).add(target);
            }
        });
        AlertPolicy.Alert first = null;
        boolean webhookDelivered = false;
        boolean anyFailed = false;
        for (Map.Entry<AlertPolicy.Alert, Set<NotificationTarget>> e : owed.entrySet()) {
            AlertPolicy.Alert alert = e.getKey();
            NotifyRequest notifyRequest = new NotifyRequest(alert.kind(), request.cluster(), alert.instances(),
                    alert.details(), request.executionId(), request.retryCount());
            NotifyHandler.Outcome outcome = notify.send(notify.notification(notifyRequest, alert.reminder()),
                    e.getValue(), request.retryCount(), log);
            for (NotificationTarget target : e.getValue()) {
                boolean failed = outcome.failed(target);
                chosen.put(target, plans.get(target).memory(!failed));
                if (failed) {
                    record = record.withOneMoreFailedNotification();
                }
            }
            first = first == null ? alert : first;
            webhookDelivered |= outcome.webhook() != null && outcome.webhook().delivered();
            anyFailed |= outcome.failures() > 0;
        }
        AlertSent sent = first == null ? null : new AlertSent(first.kind(), first.reminder(), webhookDelivered, anyFailed);
        Memory memory = AlertPolicy.merge(chosen);

        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("cluster", request.cluster().name());
        fields.put("outcome", record.outcome());
        fields.put("detail", record.detail());
        fields.put("alert", sent == null ? "none" : sent.kind());
        if (sent != null) {
            fields.put("reminder", sent.reminder());
            fields.put("delivered", sent.delivered());
            fields.put("failed", sent.failed());
        } else {
            fields.put("quiet", plan.quiet());
        }
        if (owed.size() > 1 || (!owed.isEmpty() && !owed.values().iterator().next().contains(NotificationTarget.WEBHOOK))) {
            fields.put("targets", owed.entrySet().stream().map(e -> e.getKey().kind() + (e.getKey().reminder()
                    ? " reminder" : "") + " to " + e.getValue()).toList());
        }
        fields.put("remember", request.lease() == null);
        fields.put("executionId", request.executionId());
        log.info("concluded", fields);
        return new ConcludeResponse(record, sent, memory, request.lease() == null);
    }
}
