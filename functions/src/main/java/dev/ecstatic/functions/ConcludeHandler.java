package dev.ecstatic.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.ecstatic.functions.model.AlertSent;
import dev.ecstatic.functions.model.ConcludeRequest;
import dev.ecstatic.functions.model.ConcludeResponse;
import dev.ecstatic.functions.model.Memory;
import dev.ecstatic.functions.model.NotifyRequest;
import dev.ecstatic.functions.model.NotifyResponse;
import dev.ecstatic.functions.model.RunRecord;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

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
 */
public class ConcludeHandler implements RequestHandler<ConcludeRequest, ConcludeResponse> {
    /** Worst case of one invocation: the one post, as Notify's (TimeoutsTest checks template.yaml against it). */
    static final Duration WORST_CASE = NotifyHandler.WORST_CASE;

    private final ConcludeConfig config;
    private final NotifyHandler notify;

    public ConcludeHandler() {
        this(System.getenv());
    }

    public ConcludeHandler(Map<String, String> env) {
        this(ConcludeConfig.from(env), new NotifyHandler(env));
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
        AlertPolicy.Plan plan = AlertPolicy.plan(request, record, config.remindAfterHours());

        AlertSent sent = null;
        Memory memory = plan.memory(true);
        AlertPolicy.Alert alert = plan.alert();
        if (alert != null) {
            NotifyResponse response = notify.handleRequest(new NotifyRequest(alert.kind(), request.cluster(),
                    alert.instances(), alert.details(), request.executionId(), request.retryCount()), context);
            memory = plan.memory(!response.failed());
            if (response.failed()) {
                record = record.withOneMoreFailedNotification();
            }
            sent = new AlertSent(alert.kind(), alert.reminder(), response.delivered(), response.failed());
        }

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
        fields.put("remember", request.lease() == null);
        fields.put("executionId", request.executionId());
        log.info("concluded", fields);
        return new ConcludeResponse(record, sent, memory, request.lease() == null);
    }
}
