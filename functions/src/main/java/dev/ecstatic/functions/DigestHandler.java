package dev.ecstatic.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.ecstatic.functions.model.DigestRequest;
import dev.ecstatic.functions.model.DigestResponse;
import dev.ecstatic.functions.model.DigestSummary;
import dev.ecstatic.functions.model.NotificationKind;
import dev.ecstatic.functions.model.NotifyResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * State "Fold into the digest": adds one page of the memory table (the state machine's
 * {@code dynamodb:scan} of the whole table: every target's items) to the daily digest and returns it
 * for the next page; the last page's fold also posts the digest, one {@code DIGEST} message, as Notify posts: to the same webhook, a 429,
 * 5xx, timeout or I/O error throws {@link TransientWebhookException} while {@code retryCount} &lt;
 * {@link NotifyHandler#MAX_RETRIES}, then the message is given up on ({@code failed: true}, logged,
 * counted in NotificationsFailed); then to the SNS topic and the EventBridge bus when configured, as Notify
 * sends ({@code failed}: any target did not take it). A retried fold folds the same page into the same summary again:
 * the state machine passes the previous page's summary, never this one's.
 */
public class DigestHandler implements RequestHandler<DigestRequest, DigestResponse> {
    /** The fold is a few milliseconds; the worst case is the post's, as Notify's (TimeoutsTest). */
    static final Duration WORST_CASE = NotifyHandler.WORST_CASE;

    private final NotifyHandler notify;
    private final Log.Level logLevel;

    public DigestHandler() {
        this(System.getenv());
    }

    /** The same variables as Notify: ECSTATIC_WEBHOOK_URL or ECSTATIC_WEBHOOK_URL_PARAMETER, ECSTATIC_LOG_LEVEL. */
    public DigestHandler(Map<String, String> env) {
        this(env, java.time.Clock.systemUTC());
    }

    /** As above, with ECSTATIC_NOTIFICATION_TOPIC_ARN and ECSTATIC_EVENT_BUS_NAME; {@code clock} stamps their records. */
    public DigestHandler(Map<String, String> env, java.time.Clock clock) {
        this(new NotifyHandler(env, clock), Log.level(env));
    }

    DigestHandler(NotifyHandler notify, Log.Level logLevel) {
        this.notify = notify;
        this.logLevel = logLevel;
    }

    @Override
    public DigestResponse handleRequest(DigestRequest request, Context context) {
        if (request == null) {
            throw new IllegalArgumentException("Fold into the digest needs {digest, items, last, now, executionId,"
                    + " retryCount}");
        }
        Log log = Log.of(context, logLevel, "Digest");
        DigestSummary digest = Digest.fold(request.digest() == null ? DigestSummary.EMPTY : request.digest(),
                request.items(), request.instant());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("items", request.items().size());
        fields.put("clusters", digest.clusters());
        fields.put("openProblems", digest.openProblems());
        fields.put("stale", digest.stale());
        fields.put("unreadable", digest.unreadable());
        fields.put("last", request.last());
        log.debug("page folded", fields);
        if (!request.last()) {
            return new DigestResponse(digest, null);
        }
        fields.remove("items");
        fields.remove("last");
        NotifyResponse posted = notify.deliver(NotificationKind.DIGEST, null, request.executionId(),
                request.retryCount(), Digest.message(digest, request.instant()), fields, log);
        return new DigestResponse(digest, new DigestResponse.Posted(posted.delivered(), posted.failures() > 0,
                posted.failures()));
    }
}
