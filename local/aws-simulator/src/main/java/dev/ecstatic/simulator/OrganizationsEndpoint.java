package dev.ecstatic.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * AWS Organizations on the simulator's endpoint ({@link OrganizationsApi}): AWS JSON 1.1, {@code POST /} with
 * {@code X-Amz-Target: AWSOrganizationsV20161128.<Action>}; errors are {@code {"__type", "Message"}} as the
 * service spells them (with {@code Reason} for InvalidInputException).
 *
 * <p>The caller is the account of the request's credentials ({@link Sts#identify}). The region of its credential
 * scope plays no part: on AWS every region's client signs for us-east-1 and reaches the one global endpoint
 * (botocore's {@code organizations/2016-11-28/endpoint-rule-set-1.json}: {@code signingRegion: us-east-1} in the
 * aws partition), and a client given an endpoint URL signs for its own region, so a region that
 * {@code disabledRegions} names refuses nothing here. Requests count in {@link AwsSimulator#callsByAction()} only,
 * as STS's do: they reach no account-and-region target.
 *
 * <p>The fleet's {@code latencyMs} and {@code serverErrorRate} faults apply (ServiceException, 500), then the
 * organization's {@code tooManyRequestsRate} (TooManyRequestsException), drawn from this service's own requests.
 */
final class OrganizationsEndpoint {

    private static final int MAX_BODY_BYTES = 1 << 20;
    private static final System.Logger LOG = System.getLogger(OrganizationsEndpoint.class.getName());

    private final OrganizationsApi api;
    private final Fleet.Organization org;
    private final Sts sts;
    private final Clock clock;
    private final InjectedFaults faults;
    private final Consumer<String> countCall;

    OrganizationsEndpoint(Fleet fleet, Sts sts, Clock clock, Consumer<String> countCall) {
        this.org = fleet.organization();
        this.api = new OrganizationsApi(org, SimFleet.partitionOf(fleet.region()));
        this.sts = sts;
        this.clock = clock;
        this.faults = new InjectedFaults(fleet, 0x0F6);
        this.countCall = countCall;
    }

    /** True for an Organizations request (by its target header). */
    static boolean accepts(HttpExchange exchange) {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        return target != null && target.startsWith(OrganizationsApi.PREFIX);
    }

    void handle(HttpExchange exchange) {
        InjectedFaults.Draw draw = faults.next();
        String requestId = faults.requestId(draw);
        try (exchange) {
            int status = 200;
            JsonNode response;
            try {
                response = dispatch(exchange, draw);
            } catch (OrganizationsApi.Error e) {
                status = e.status();
                response = e.toJson();
            } catch (AwsError e) {
                status = e.status();
                response = new OrganizationsApi.Error(e.type(), e.status(), e.getMessage(), null).toJson();
            } catch (RuntimeException e) {
                // A simulator bug must still look like AWS to the client: a 500, never a hang.
                LOG.log(System.Logger.Level.ERROR, "request " + requestId + " failed inside the simulator", e);
                OrganizationsApi.Error server = OrganizationsApi.Error.service();
                status = server.status();
                response = server.toJson();
            }
            JsonReply.send(exchange, status, response, requestId);
        } catch (IOException e) {
            // The client went away; nothing to answer.
        }
    }

    private JsonNode dispatch(HttpExchange exchange, InjectedFaults.Draw draw) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String action = target.substring(OrganizationsApi.PREFIX.length());
        countCall.accept(action.isEmpty() ? "(no target)" : action);
        byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        if (!"POST".equals(exchange.getRequestMethod())) {
            throw AwsError.unknownOperation("AWS JSON 1.1 requests are POST requests; got "
                    + exchange.getRequestMethod() + ".");
        }
        if (!OrganizationsApi.ACTIONS.contains(action)) {
            throw AwsError.unknownOperation("Unknown operation " + target + ".");
        }
        if (body.length > MAX_BODY_BYTES) {
            throw AwsError.serialization("Request body larger than " + MAX_BODY_BYTES + " bytes.");
        }
        String caller;
        try {
            caller = sts.identify(Signature.of(exchange), clock.instant()).accountId();
        } catch (Signature.Refused r) {
            throw switch (r.refusal()) {
                case INVALID_TOKEN, REGION_DISABLED -> new AwsError("UnrecognizedClientException", 400,
                        "The security token included in the request is invalid.");
                case EXPIRED_TOKEN -> new AwsError("ExpiredTokenException", 400,
                        "The security token included in the request is expired");
            };
        }
        if (!faults.sleepLatency() || draw.serverError()) {
            throw OrganizationsApi.Error.service();
        }
        if (org != null && draw.throttled(org.tooManyRequestsRate(), -1)) {
            throw OrganizationsApi.Error.tooManyRequests();
        }
        return api.handle(action, JsonRequest.of(body), caller);
    }

}
