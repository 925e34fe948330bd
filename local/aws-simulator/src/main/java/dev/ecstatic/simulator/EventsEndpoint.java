package dev.ecstatic.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * EventBridge on the simulator's endpoint ({@link EventsApi}): AWS JSON 1.1, {@code POST /} with
 * {@code X-Amz-Target: AWSEvents.<Action>}, errors {@code {"__type", "message"}}. A request goes to the account of
 * its credentials in the region of its credential scope ({@link Targets}), and counts in
 * {@link AwsSimulator#callsByAction()} and {@link AwsSimulator#callsByTarget()}.
 *
 * <p>Faults: {@code latencyMs}, and {@code putEventsFailedEntryRate}, drawn per entry from the target's own
 * EventBridge requests ({@code serverErrorRate} does not apply: a failed entry is how EventBridge fails).
 */
final class EventsEndpoint {

    // PutEvents carries at most 256 KiB of entries; JSON escaping can double that, and more is refused unread.
    private static final int MAX_BODY_BYTES = 1 << 20;
    private static final System.Logger LOG = System.getLogger(EventsEndpoint.class.getName());

    private final Object lock;
    private final Targets targets;
    private final Sts sts;
    private final Clock clock;
    private final Consumer<String> countCall;

    EventsEndpoint(Object lock, Targets targets, Sts sts, Clock clock, Consumer<String> countCall) {
        this.lock = lock;
        this.targets = targets;
        this.sts = sts;
        this.clock = clock;
        this.countCall = countCall;
    }

    /** True for an EventBridge request (by its target header). */
    static boolean accepts(HttpExchange exchange) {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        return target != null && target.startsWith(EventsApi.PREFIX);
    }

    void handle(HttpExchange exchange) {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String action = target.substring(EventsApi.PREFIX.length());
            countCall.accept(action.isEmpty() ? "(no target)" : action);
            byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
            Signature signature = Signature.of(exchange);
            Targets.Target to = null;
            int status = 200;
            JsonNode response;
            String requestId = null;
            try {
                Sts.Caller caller;
                try {
                    caller = sts.identify(signature, clock.instant());
                    to = targets.get(caller.accountId(),
                            signature.region() == null ? targets.main().fleet.region() : signature.region());
                } catch (Signature.Refused r) {
                    throw switch (r.refusal()) {
                        case INVALID_TOKEN, REGION_DISABLED -> new AwsError("UnrecognizedClientException", 400,
                                "The security token included in the request is invalid.");
                        case EXPIRED_TOKEN -> new AwsError("ExpiredTokenException", 400,
                                "The security token included in the request is expired");
                    };
                }
                to.count(action.isEmpty() ? "(no target)" : action);
                InjectedFaults.Draw draw = to.eventsFaults.next();
                requestId = to.eventsFaults.requestId(draw);
                if (!"POST".equals(exchange.getRequestMethod())) {
                    throw AwsError.unknownOperation("AWS JSON 1.1 requests are POST requests; got "
                            + exchange.getRequestMethod() + ".");
                }
                if (!EventsApi.ACTIONS.contains(action)) {
                    throw AwsError.unknownOperation("Unknown operation " + target + ".");
                }
                if (body.length > MAX_BODY_BYTES) {
                    throw AwsError.serialization("Request body larger than " + MAX_BODY_BYTES + " bytes.");
                }
                if (!to.eventsFaults.sleepLatency()) {
                    throw new AwsError("InternalException", 500, "Internal Failure");
                }
                double rate = to.fleet.faults().putEventsFailedEntryRate();
                String callerArn = caller.arn(SimFleet.partitionOf(to.fleet.region()));
                synchronized (lock) {
                    response = to.events.handle(action, JsonRequest.of(body), callerArn,
                            i -> draw.throttled(rate, i), clock.instant());
                }
            } catch (AwsError e) {
                status = e.status();
                response = JsonReply.error(e.type(), e.getMessage());
            } catch (RuntimeException e) {
                // A simulator bug must still look like AWS to the client: a 500, never a hang.
                LOG.log(System.Logger.Level.ERROR, "an EventBridge request failed inside the simulator", e);
                status = 500;
                response = JsonReply.error("InternalException", "Internal simulator error: " + e);
            }
            JsonReply.send(exchange, status, response, requestId);
        } catch (IOException e) {
            // The client went away; nothing to answer.
        }
    }

}
