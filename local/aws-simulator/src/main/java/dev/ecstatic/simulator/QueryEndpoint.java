package dev.ecstatic.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * EC2, Auto Scaling, SNS and STS on the simulator's endpoint: the AWS Query protocol, a form-encoded
 * {@code POST /} of {@code Action=…&Version=…&…}, answered in XML. An EC2 or Auto Scaling request goes to
 * the account of its credentials ({@link Sts#identify}) in the region of its credential scope
 * ({@link Targets}); STS is one for all regions.
 *
 * <p>Which service a request is for: on AWS each has its own host name, which one endpoint for
 * everything cannot use. Every signing client puts the service's signing name in the SigV4 credential
 * scope of its {@code Authorization} header ({@code Credential=AKID/20260101/us-east-1/ec2/aws4_request},
 * {@code …/autoscaling/aws4_request}), and AWS itself refuses a request signed for another service, so
 * the scope decides. The {@code Version} alone would not: EC2 once had an API version 2011-01-01, Auto
 * Scaling's only version string. An unsigned request (no {@code Authorization}) goes by its
 * {@code Version}; a request whose {@code Version} is not the one the simulator serves for its service
 * answers NoSuchVersion.
 *
 * <p>The fleet's {@code latencyMs} and {@code serverErrorRate} faults apply (EC2 answers InternalError,
 * Auto Scaling InternalFailure, both 500), drawn from each service's own request numbers so ECS's faults
 * do not move; throttling is not modelled for these two services. SNS ({@link SnsApi}) has its own fault,
 * {@code snsErrorRate} (a Publish answers InternalError), and {@code latencyMs}.
 */
final class QueryEndpoint {

    private static final int MAX_BODY_BYTES = 1 << 20;
    private static final System.Logger LOG = System.getLogger(QueryEndpoint.class.getName());

    enum Service { EC2, AUTO_SCALING, STS, SNS }

    private final Object lock;
    private final Targets targets;
    private final Sts sts;
    private final Clock clock;
    private final Consumer<String> countCall;
    private final InjectedFaults stsFaults;

    QueryEndpoint(Object lock, Targets targets, Sts sts, Clock clock, Consumer<String> countCall) {
        this.lock = lock;
        this.targets = targets;
        this.sts = sts;
        this.clock = clock;
        this.countCall = countCall;
        this.stsFaults = new InjectedFaults(targets.main().fleet, 0x575);
    }

    /**
     * True for a Query protocol request: a POST to {@code /} with no query string and a form-encoded body,
     * not signed for S3 (whose requests always name a bucket or carry a sub-resource).
     */
    static boolean accepts(HttpExchange exchange) {
        if (exchange.getRequestHeaders().getFirst("X-Amz-Target") != null
                || !"POST".equals(exchange.getRequestMethod())
                || !"/".equals(exchange.getRequestURI().getRawPath())
                || exchange.getRequestURI().getRawQuery() != null) {
            return false;
        }
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return false;
        }
        return !"s3".equals(scope(exchange));
    }

    /** The service name of the request's SigV4 credential scope, or null when it is not signed. */
    static String scope(HttpExchange exchange) {
        return Signature.of(exchange).service();
    }

    void handle(HttpExchange exchange) {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
            Map<String, String> params = QueryRequest.parseForm(new String(body, StandardCharsets.UTF_8));
            String action = params.get("Action");
            countCall.accept(action == null || action.isEmpty() ? "(no action)" : action);
            Signature signature = Signature.of(exchange);
            String scope = signature.service();
            Service service = service(scope, params.get("Version"));
            Targets.Target target = targets.main();
            Sts.Caller caller = null;
            Signature.Refused refused = null;
            try {
                caller = sts.identify(signature, clock.instant());
                if (service == Service.STS) {
                    if (signature.region() != null && targets.disabled(signature.region())) {
                        throw new Signature.Refused(Signature.Refusal.REGION_DISABLED, caller.accountId());
                    }
                } else if (service != null) {
                    target = targets.get(caller.accountId(),
                            signature.region() == null ? target.fleet.region() : signature.region());
                    target.count(action == null || action.isEmpty() ? "(no action)" : action);
                }
            } catch (Signature.Refused r) {
                refused = r;
            }
            InjectedFaults faults = switch (service == null ? Service.EC2 : service) {
                case EC2 -> target.ec2Faults;
                case AUTO_SCALING -> target.autoScalingFaults;
                case STS -> stsFaults;
                case SNS -> target.snsFaults;
            };
            InjectedFaults.Draw draw = faults.next();
            String requestId = faults.requestId(draw);
            int status = 200;
            byte[] answer;
            try {
                if (body.length > MAX_BODY_BYTES) {
                    throw QueryError.of(service == Service.EC2 ? "InvalidParameterValue" : "ValidationError",
                            "Request body larger than " + MAX_BODY_BYTES + " bytes.");
                }
                if (service == null) {
                    throw QueryError.of("InvalidAction", "The simulator serves the Query protocol for ec2, "
                            + "autoscaling, sns and sts; this request is signed for " + scope + ".");
                }
                if (refused != null) {
                    throw refusal(service, refused);
                }
                answer = switch (service) {
                    case STS -> sts(action, params, caller, requestId);
                    case SNS -> sns(target, action, params, caller, draw, faults, requestId);
                    default -> dispatch(service, target, action, params, draw, faults, requestId);
                };
            } catch (QueryError e) {
                status = e.status();
                answer = error(service, e, requestId);
            } catch (RuntimeException e) {
                // A simulator bug must still look like AWS to the client: a 500, never a hang.
                LOG.log(System.Logger.Level.ERROR, "request " + requestId + " failed inside the simulator", e);
                QueryError internal = serverError(service, "Internal simulator error: " + e);
                status = internal.status();
                answer = error(service, internal, requestId);
            }
            exchange.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
            exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
        } catch (IOException e) {
            // The client went away; nothing to answer.
        }
    }

    /**
     * The service a request is for: its credential scope's, else (unsigned) its Version's; null for a scope
     * of another service, answered InvalidAction in EC2's error shape.
     */
    static Service service(String scope, String version) {
        if (scope != null) {
            return switch (scope) {
                case "ec2" -> Service.EC2;
                case "autoscaling" -> Service.AUTO_SCALING;
                case "sts" -> Service.STS;
                case "sns" -> Service.SNS;
                default -> null;
            };
        }
        if (Sts.VERSION.equals(version)) {
            return Service.STS;
        }
        if (SnsApi.VERSION.equals(version)) {
            return Service.SNS;
        }
        return AutoScalingApi.VERSION.equals(version) ? Service.AUTO_SCALING : Service.EC2;
    }

    /**
     * Credentials refused, in each service's words. A region not enabled for the account: AWS answers as for
     * credentials it cannot validate (EC2 AuthFailure, the other services "The security token included in the
     * request is invalid"), and STS RegionDisabledException; see "Specify which AWS Regions your account can
     * use", https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html, and
     * https://repost.aws/knowledge-center/iam-validate-access-credentials.
     */
    static QueryError refusal(Service service, Signature.Refused refused) {
        return switch (refused.refusal()) {
            case INVALID_TOKEN -> invalidToken(service);
            case EXPIRED_TOKEN -> service == Service.EC2
                    ? new QueryError("RequestExpired", 400, "Request has expired.")
                    : new QueryError("ExpiredToken", 403, "The security token included in the request is expired");
            case REGION_DISABLED -> service == Service.STS
                    ? new QueryError("RegionDisabledException", 403, "STS is not activated in this region for account:"
                            + refused.accountId() + ". Your account administrator can activate STS in this region "
                            + "using the IAM Console.")
                    : invalidToken(service);
        };
    }

    private static QueryError invalidToken(Service service) {
        return service == Service.EC2
                ? new QueryError("AuthFailure", 401, "AWS was not able to validate the provided access credentials")
                : new QueryError("InvalidClientTokenId", 403, "The security token included in the request is invalid.");
    }

    private byte[] sts(String action, Map<String, String> params, Sts.Caller caller, String requestId) {
        String version = params.get("Version");
        if (action == null || action.isEmpty()) {
            throw QueryError.of("MissingAction", "The request must contain the parameter Action.");
        }
        if (version == null || version.isEmpty()) {
            throw QueryError.of("MissingParameter", "The request must contain the parameter Version.");
        }
        if (!version.equals(Sts.VERSION)) {
            throw QueryError.of("NoSuchVersion", "The requested version (" + version + ") of service "
                    + "AWSSecurityTokenServiceV20110615 does not exist; the simulator serves " + Sts.VERSION + ".");
        }
        if (!Sts.ACTIONS.contains(action)) {
            throw QueryError.of("InvalidAction", "Could not find operation " + action + " for version " + Sts.VERSION);
        }
        return sts.handle(action, new QueryRequest(params, m -> QueryError.of("ValidationError", m)), caller,
                clock.instant(), requestId);
    }

    /** SNS: Version 2010-03-31, then the action; {@code snsErrorRate} fails an otherwise accepted Publish. */
    private byte[] sns(Targets.Target target, String action, Map<String, String> params, Sts.Caller caller,
            InjectedFaults.Draw draw, InjectedFaults faults, String requestId) {
        String version = params.get("Version");
        if (action == null || action.isEmpty()) {
            throw QueryError.of("MissingAction", "The request must contain the parameter Action.");
        }
        if (version == null || version.isEmpty()) {
            throw QueryError.of("MissingParameter", "The request must contain the parameter Version.");
        }
        if (!version.equals(SnsApi.VERSION)) {
            throw QueryError.of("NoSuchVersion", "The requested version (" + version + ") of service AmazonSNS does "
                    + "not exist; the simulator serves " + SnsApi.VERSION + ".");
        }
        if (!SnsApi.ACTIONS.contains(action)) {
            throw QueryError.of("InvalidAction", "Could not find operation " + action + " for version "
                    + SnsApi.VERSION);
        }
        if (!faults.sleepLatency()) {
            throw new QueryError("InternalError", 500, "Internal Error");
        }
        boolean fail = draw.throttled(target.fleet.faults().snsErrorRate(), -1);
        QueryRequest req = new QueryRequest(params, m -> QueryError.of("InvalidParameter", m));
        synchronized (lock) {
            return target.sns.handle(action, req, caller, targets, fail, clock.instant(), requestId);
        }
    }

    private byte[] dispatch(Service service, Targets.Target target, String action, Map<String, String> params,
            InjectedFaults.Draw draw, InjectedFaults faults, String requestId) {
        String version = params.get("Version");
        boolean ec2 = service == Service.EC2;
        if (action == null || action.isEmpty()) {
            throw QueryError.of("MissingAction", "The request must contain the parameter Action.");
        }
        if (version == null || version.isEmpty()) {
            throw QueryError.of("MissingParameter", "The request must contain the parameter Version.");
        }
        String expected = ec2 ? Ec2Api.VERSION : AutoScalingApi.VERSION;
        if (!version.equals(expected)) {
            throw QueryError.of("NoSuchVersion", "The requested version (" + version + ") of service "
                    + (ec2 ? "AmazonEC2" : "AutoScaling") + " does not exist; the simulator serves " + expected + ".");
        }
        if (!(ec2 ? Ec2Api.ACTIONS : AutoScalingApi.ACTIONS).contains(action)) {
            throw QueryError.of("InvalidAction", "The action " + action + " is not valid for this web service.");
        }
        if (!faults.sleepLatency() || draw.serverError()) {
            throw serverError(service, ec2 ? "An internal error has occurred" : "The request processing has failed "
                    + "because of an unknown error, exception or failure.");
        }
        QueryRequest req = new QueryRequest(params, ec2 ? Ec2Api::invalid : AutoScalingApi::validation);
        synchronized (lock) {
            Instant now = clock.instant();
            target.sim.advanceTo(now);
            return ec2 ? target.ec2.handle(action, req, now, requestId)
                    : target.autoScaling.handle(action, req, now, requestId);
        }
    }

    private static QueryError serverError(Service service, String message) {
        return new QueryError(service == Service.AUTO_SCALING ? "InternalFailure" : "InternalError", 500, message);
    }

    /** EC2's error document, or Auto Scaling's, STS's and SNS's. */
    private static byte[] error(Service service, QueryError e, String requestId) {
        if (service != Service.AUTO_SCALING && service != Service.STS && service != Service.SNS) {
            XmlOut x = new XmlOut("Response", null);
            x.open("Errors").open("Error").element("Code", e.code()).element("Message", e.getMessage()).close().close();
            x.element("RequestID", requestId);
            return x.end();
        }
        XmlOut x = new XmlOut("ErrorResponse", switch (service) {
            case STS -> Sts.NAMESPACE;
            case SNS -> SnsApi.NAMESPACE;
            default -> AutoScalingApi.NAMESPACE;
        });
        x.open("Error").element("Type", e.type()).element("Code", e.code()).element("Message", e.getMessage()).close();
        x.element("RequestId", requestId);
        return x.end();
    }
}
