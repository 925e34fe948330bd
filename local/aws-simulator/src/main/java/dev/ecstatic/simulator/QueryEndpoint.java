package dev.ecstatic.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * EC2 and Auto Scaling on the simulator's endpoint: the AWS Query protocol, a form-encoded
 * {@code POST /} of {@code Action=…&Version=…&…}, answered in XML.
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
 * do not move; throttling is not modelled for these two services.
 */
final class QueryEndpoint {

    private static final int MAX_BODY_BYTES = 1 << 20;
    private static final Pattern SCOPE = Pattern.compile("Credential=[^/,\\s]+/\\d{8}/[^/,\\s]+/([^/,\\s]+)/aws4_request");
    private static final System.Logger LOG = System.getLogger(QueryEndpoint.class.getName());

    enum Service { EC2, AUTO_SCALING }

    private final Object lock;
    private final SimFleet sim;
    private final Clock clock;
    private final Consumer<String> countCall;
    private final Ec2Api ec2;
    private final AutoScalingApi autoScaling;
    private final InjectedFaults ec2Faults;
    private final InjectedFaults autoScalingFaults;

    QueryEndpoint(Object lock, SimFleet sim, Clock clock, Consumer<String> countCall) {
        this.lock = lock;
        this.sim = sim;
        this.clock = clock;
        this.countCall = countCall;
        this.ec2 = new Ec2Api(sim);
        this.autoScaling = new AutoScalingApi(sim);
        this.ec2Faults = new InjectedFaults(sim.fleet, 0xEC2);
        this.autoScalingFaults = new InjectedFaults(sim.fleet, 0xA5);
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
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth == null) {
            return null;
        }
        Matcher m = SCOPE.matcher(auth);
        return m.find() ? m.group(1) : null;
    }

    void handle(HttpExchange exchange) {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
            Map<String, String> params = QueryRequest.parseForm(new String(body, StandardCharsets.UTF_8));
            String action = params.get("Action");
            countCall.accept(action == null || action.isEmpty() ? "(no action)" : action);
            String scope = scope(exchange);
            Service service = service(scope, params.get("Version"));
            InjectedFaults faults = service == Service.AUTO_SCALING ? autoScalingFaults : ec2Faults;
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
                    throw QueryError.of("InvalidAction", "The simulator serves the Query protocol for ec2 and "
                            + "autoscaling; this request is signed for " + scope + ".");
                }
                answer = dispatch(service, action, params, draw, faults, requestId);
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
                default -> null;
            };
        }
        return AutoScalingApi.VERSION.equals(version) ? Service.AUTO_SCALING : Service.EC2;
    }

    private byte[] dispatch(Service service, String action, Map<String, String> params, InjectedFaults.Draw draw,
            InjectedFaults faults, String requestId) {
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
            sim.advanceTo(now);
            return ec2 ? this.ec2.handle(action, req, now, requestId) : autoScaling.handle(action, req, now, requestId);
        }
    }

    private static QueryError serverError(Service service, String message) {
        return new QueryError(service == Service.AUTO_SCALING ? "InternalFailure" : "InternalError", 500, message);
    }

    /** EC2's error document, or Auto Scaling's. */
    private static byte[] error(Service service, QueryError e, String requestId) {
        if (service != Service.AUTO_SCALING) {
            XmlOut x = new XmlOut("Response", null);
            x.open("Errors").open("Error").element("Code", e.code()).element("Message", e.getMessage()).close().close();
            x.element("RequestID", requestId);
            return x.end();
        }
        XmlOut x = new XmlOut("ErrorResponse", AutoScalingApi.NAMESPACE);
        x.open("Error").element("Type", e.type()).element("Code", e.code()).element("Message", e.getMessage()).close();
        x.element("RequestId", requestId);
        return x.end();
    }
}
