package dev.ecstatic.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ecstatic.simulator.dynamodb.DynamoDb;
import dev.ecstatic.simulator.dynamodb.DynamoDbEndpoint;
import dev.ecstatic.simulator.s3.S3Endpoint;
import dev.ecstatic.simulator.s3.S3Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * An API server for a simulated fleet on the loopback interface, in each service's own wire protocol:
 * ECS and SSM's public parameters in AWS JSON 1.1 ({@code POST /} with {@code X-Amz-Target:
 * AmazonEC2ContainerServiceV20141113.<Action>} or {@code AmazonSSM.<Action>}), EC2 and Auto Scaling in
 * the AWS Query protocol with XML answers ({@link QueryEndpoint}). Point the AWS SDK
 * ({@code endpointOverride}), the AWS CLI ({@code --endpoint-url}) or boto3 at {@link #endpoint()}.
 * The same endpoint serves DynamoDB ({@link DynamoDbEndpoint}) and S3 ({@link S3Endpoint}), whose
 * data {@link #dynamoDb()} and {@link #s3()} also expose to Java code, STS ({@link Sts}), AWS Organizations'
 * read actions on the fleet's organization ({@link OrganizationsEndpoint}), SNS Publish in the Query protocol
 * ({@link SnsApi}) and EventBridge PutEvents in AWS JSON 1.1 ({@link EventsEndpoint}), whose accepted messages
 * and events {@link #snsMessages()} and {@link #events()} return.
 *
 * <p>A fleet may describe several accounts and regions ({@link Fleet#targets()}): ECS, SSM, EC2 and Auto
 * Scaling, SNS and EventBridge requests go to the account of their credentials (the placeholder keys are the main account's; keys
 * STS's AssumeRole issued are their role's account) in the region of their SigV4 credential scope
 * ({@link Targets}). DynamoDB and S3 are the main account's whoever calls.
 *
 * <p>Time comes from the given clock, read on every request: the agent update lifecycle, disconnect
 * churn, draining, and the Auto Scaling groups' terminations, launches and registrations follow it
 * ({@link Timeline}), so a simulated clock makes an hour pass in milliseconds. The
 * throttling buckets refill by the larger of that clock's time and real time (a client's real backoff
 * earns tokens, as on AWS: {@link TokenBuckets}). Only the {@code latencyMs} and
 * {@code lostUpdateResponse} faults really sleep.
 */
public final class AwsSimulator implements AutoCloseable {

    static final String ECS_PREFIX = "AmazonEC2ContainerServiceV20141113.";
    static final String SSM_PREFIX = "AmazonSSM.";
    private static final int MAX_BODY_BYTES = 1 << 20;

    private static final System.Logger LOG = System.getLogger(AwsSimulator.class.getName());

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm
        // and the client's delayed ACK stall every keep-alive response by ~40 ms. The JDK reads this
        // property once, when the first HttpServer of the JVM is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final Fleet fleet;
    private final Clock clock;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Object lock = new Object();
    private final Targets targets;
    private final SimFleet sim;
    private final Sts sts;
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> throttled = new ConcurrentHashMap<>();
    private final AtomicLong ecsRequestSerial = new AtomicLong();
    private final AtomicLong requestSerial = new AtomicLong();
    private final DynamoDb dynamoDb;
    private final DynamoDbEndpoint dynamoDbEndpoint;
    private final S3Store s3;
    private final S3Endpoint s3Endpoint;
    private final QueryEndpoint queryEndpoint;
    private final OrganizationsEndpoint organizationsEndpoint;
    private final EventsEndpoint eventsEndpoint;
    private final Received received = new Received();

    private AwsSimulator(Fleet fleet, int port, Clock clock, Path stateDir, LongSupplier realNanos)
            throws IOException {
        this.fleet = Objects.requireNonNull(fleet, "fleet");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.dynamoDb = new DynamoDb(fleet.region(), fleet.accountId(), clock, stateDir,
                Duration.ofSeconds(fleet.faults().ttlDeletionDelaySeconds()), fleet.faults().throttle());
        this.dynamoDbEndpoint = new DynamoDbEndpoint(dynamoDb, new InjectedFaults(fleet, 0xD1A0), this::count);
        this.s3 = new S3Store(fleet.region(), fleet.accountId(), clock, stateDir);
        this.s3Endpoint = new S3Endpoint(s3, new InjectedFaults(fleet, 0x53), clock, this::count);
        this.targets = new Targets(fleet, clock.instant(), realNanos, received);
        this.sim = targets.main().sim;
        this.sts = new Sts(fleet);
        this.queryEndpoint = new QueryEndpoint(lock, targets, sts, clock, this::count);
        this.organizationsEndpoint = new OrganizationsEndpoint(fleet, sts, clock, this::count);
        this.eventsEndpoint = new EventsEndpoint(lock, targets, sts, clock, this::count);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * Starts a simulator for the fleet on the loopback interface.
     *
     * @param port  TCP port, 0 for an ephemeral one
     * @param clock the simulator's time, read on every request
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static AwsSimulator start(Fleet fleet, int port, Clock clock) {
        return start(fleet, port, clock, (Path) null);
    }

    /**
     * As {@link #start(Fleet, int, Clock)}, keeping DynamoDB tables and S3 objects in {@code stateDir}
     * (null: in memory), where a later simulator finds them again.
     *
     * @throws java.io.UncheckedIOException when the port cannot be bound or the state cannot be read
     */
    public static AwsSimulator start(Fleet fleet, int port, Clock clock, Path stateDir) {
        return start(fleet, port, clock, stateDir, System::nanoTime);
    }

    /**
     * As {@link #start(Fleet, int, Clock)}, with the real monotonic time the throttling buckets also
     * refill by (see {@link TokenBuckets}); tests freeze it to count tokens exactly.
     */
    static AwsSimulator start(Fleet fleet, int port, Clock clock, LongSupplier realNanos) {
        return start(fleet, port, clock, null, realNanos);
    }

    private static AwsSimulator start(Fleet fleet, int port, Clock clock, Path stateDir, LongSupplier realNanos) {
        try {
            return new AwsSimulator(fleet, port, clock, stateDir, realNanos);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: the endpoint for every client (ECS, SSM, EC2, Auto Scaling, DynamoDB, S3). */
    public URI endpoint() {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort());
    }

    public Fleet fleet() {
        return fleet;
    }

    /** The simulator's DynamoDB tables, for seeding and inspecting them from Java. */
    public DynamoDb dynamoDb() {
        return dynamoDb;
    }

    /** The simulator's S3 buckets and objects, for seeding and inspecting them from Java. */
    public S3Store s3() {
        return s3;
    }

    /**
     * The two lines to paste into a shell to use the simulator with the AWS CLI: the environment (AWS
     * credentials and the fleet's region; boto3 and the SDKs read the same variables), then a first
     * command. Without credentials the CLI stops at "Unable to locate credentials" before sending
     * anything. The simulator checks no signature, so the keys are placeholders, never real ones.
     */
    public List<String> clientLines() {
        String region = fleet.region();
        return List.of(
                "export AWS_ACCESS_KEY_ID=ecstatic AWS_SECRET_ACCESS_KEY=simulator AWS_REGION=" + region
                        + " AWS_DEFAULT_REGION=" + region,
                "aws --endpoint-url " + endpoint() + " ecs list-clusters");
    }

    /** Whether {@code action}, as {@link #callsByAction()} names it, is one of EC2's or Auto Scaling's. */
    public static boolean isEc2OrAutoScaling(String action) {
        return Ec2Api.ACTIONS.contains(action) || AutoScalingApi.ACTIONS.contains(action);
    }

    /**
     * Every request received since the start or the last {@link #resetCounters()}, by action name as
     * sent in {@code X-Amz-Target} (ECS and SSM actions alike, e.g. {@code DescribeContainerInstances},
     * {@code GetParameters}; DynamoDB's likewise), EC2's and Auto Scaling's by their {@code Action}
     * (e.g. {@code TerminateInstanceInAutoScalingGroup}), S3 operations by API name, e.g. {@code PutObject},
     * Organizations' by action, e.g. {@code ListAccountsForParent}, SNS's and EventBridge's likewise
     * ({@code Publish}, {@code PutEvents});
     * requests that were throttled, failed or named an unknown action count too.
     * A JSON request without a target counts under {@code "(no target)"}, a Query one without an
     * action under {@code "(no action)"}.
     */
    public Map<String, Long> callsByAction() {
        Map<String, Long> out = new TreeMap<>();
        calls.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /**
     * The ECS requests answered ThrottlingException since the start or the last {@link #resetCounters()},
     * by action: what a client's retries had to absorb.
     */
    public Map<String, Long> throttledByAction() {
        Map<String, Long> out = new TreeMap<>();
        throttled.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /**
     * The ECS, SSM, EC2, Auto Scaling, SNS and EventBridge requests each account and region received since the start or the last
     * {@link #resetCounters()}, by target ({@code <account>/<region>}, main first) and action; requests refused
     * for their credentials or region reach no target and count only in {@link #callsByAction()}.
     */
    public Map<String, Map<String, Long>> callsByTarget() {
        Map<String, Map<String, Long>> out = new java.util.LinkedHashMap<>();
        targets.all().values().forEach(t -> {
            Map<String, Long> byAction = new TreeMap<>();
            t.calls.forEach((k, v) -> byAction.put(k, v.sum()));
            if (!byAction.isEmpty()) {
                out.put(t.key.label(), byAction);
            }
        });
        return out;
    }

    public void resetCounters() {
        calls.clear();
        throttled.clear();
        targets.all().values().forEach(t -> t.calls.clear());
    }

    /** An agent update that UpdateContainerAgent accepted: when, in which cluster, on which container instance. */
    public record UpdateStarted(Instant time, String cluster, String containerInstanceArn) {
    }

    /** Every agent update accepted since the start (not reset with the counters): who acted on which cluster, when. */
    public List<UpdateStarted> updatesStarted() {
        synchronized (lock) {
            return List.copyOf(sim.updatesStarted);
        }
    }

    /**
     * What the simulator saw happen on the replacement path, one kind per record: the record a test
     * checks drains, terminations and capacity against (what was asked and the state it was asked in).
     */
    public sealed interface InstanceEvent permits StateChanged, Terminated, Registered {
        Instant time();

        String cluster();

        String ec2InstanceId();
    }

    /**
     * An UpdateContainerInstancesState the simulator accepted for one container instance: the status
     * asked for, the status it had, and the tasks it ran (RUNNING, PENDING) at that moment, before the change.
     */
    public record StateChanged(Instant time, String cluster, String containerInstanceArn, String ec2InstanceId,
            String status, String previousStatus, int runningTasks, int pendingTasks) implements InstanceEvent {
    }

    /**
     * A TerminateInstanceInAutoScalingGroup the simulator accepted, with what stood just before it: the
     * container instance's status and tasks (null and 0 without one), the group's InService and Healthy
     * instances (this one among them) and its desired capacity.
     */
    public record Terminated(Instant time, String cluster, String group, String ec2InstanceId,
            String containerStatus, int runningTasks, int pendingTasks, int healthyInService, int desiredCapacity,
            boolean decrement) implements InstanceEvent {
    }

    /** The container instance of an instance a group launched registered, ACTIVE and connected, with its AMI's agent. */
    public record Registered(Instant time, String cluster, String group, String ec2InstanceId,
            String containerInstanceArn, String ami, String agentVersion) implements InstanceEvent {
    }

    /**
     * Every {@link InstanceEvent} since the start up to now on the simulator's clock (registrations due by
     * now included), in the order they happened; not reset with the counters.
     */
    public List<InstanceEvent> instanceEvents() {
        synchronized (lock) {
            sim.advanceTo(clock.instant());
            return List.copyOf(sim.instanceEvents);
        }
    }

    /**
     * A message attribute of an SNS message as sent: its data type ({@code String}, {@code Number},
     * {@code Binary}, {@code String.Array}, possibly with a custom suffix) and value ({@code BinaryValue} in base64).
     */
    public record MessageAttribute(String dataType, String value) {

        public MessageAttribute {
            Objects.requireNonNull(dataType, "dataType");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * A message SNS Publish accepted.
     *
     * @param time             on the simulator's clock
     * @param accountId        the account and region whose topic it was published to
     * @param subject          null when none was sent
     * @param attributes       in the order sent
     * @param messageStructure {@code json} or null
     */
    public record SnsMessage(Instant time, String accountId, String region, String topicArn, String messageId,
            String subject, String message, Map<String, MessageAttribute> attributes, String messageStructure) {

        public SnsMessage {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(topicArn, "topicArn");
            Objects.requireNonNull(message, "message");
            attributes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
        }
    }

    /**
     * An event EventBridge PutEvents accepted.
     *
     * @param time       when it was accepted, on the simulator's clock
     * @param eventBusArn the bus it was put on (of the account and region)
     * @param detail     the Detail JSON object as sent
     * @param eventTime  the entry's Time, else {@code time}
     */
    public record Event(Instant time, String accountId, String region, String eventBusArn, String eventId,
            String source, String detailType, String detail, List<String> resources, Instant eventTime) {

        public Event {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(eventBusArn, "eventBusArn");
            resources = List.copyOf(resources);
        }
    }

    /**
     * Every message SNS Publish accepted since the start, every account and region, in the order accepted (not
     * reset with the counters); select one target's by {@link SnsMessage#accountId()} and {@link SnsMessage#region()}.
     */
    public List<SnsMessage> snsMessages() {
        return received.messages();
    }

    /**
     * Every event EventBridge PutEvents accepted onto an existing bus since the start, every account and region, in
     * the order accepted (not reset with the counters). Failed entries are not events.
     */
    public List<Event> events() {
        return received.events();
    }

    /**
     * Events PutEvents accepted for a bus that does not exist: AWS answers them an EventId and drops them
     * (https://github.com/aws/aws-cli/issues/9186); here they are kept apart, for a caller to see its mistake.
     */
    public List<Event> undeliveredEvents() {
        return received.undelivered();
    }

    /** The fleet's state now, on the simulator's clock: its main account and region's. */
    public FleetSnapshot snapshot() {
        synchronized (lock) {
            Instant now = clock.instant();
            sim.advanceTo(now);
            return sim.snapshot(now);
        }
    }

    /**
     * One account and region's state now, on the simulator's clock (empty for one the fleet does not describe
     * and no request has reached).
     */
    public FleetSnapshot snapshot(String accountId, String region) {
        synchronized (lock) {
            Instant now = clock.instant();
            Targets.Target t = targets.find(accountId, region);
            if (t == null) {
                return new FleetSnapshot(now, List.of(), List.of());
            }
            t.sim.advanceTo(now);
            return t.sim.snapshot(now);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        if (DynamoDbEndpoint.accepts(exchange)) {
            dynamoDbEndpoint.handle(exchange);
            return;
        }
        if (OrganizationsEndpoint.accepts(exchange)) {
            organizationsEndpoint.handle(exchange);
            return;
        }
        if (EventsEndpoint.accepts(exchange)) {
            eventsEndpoint.handle(exchange);
            return;
        }
        if (QueryEndpoint.accepts(exchange)) {
            queryEndpoint.handle(exchange);
            return;
        }
        if (S3Endpoint.accepts(exchange)) {
            s3Endpoint.handle(exchange);
            return;
        }
        String requestId = requestId();
        try (exchange) {
            int status = 200;
            JsonNode response;
            try {
                response = dispatch(exchange);
            } catch (AwsError e) {
                status = e.status();
                response = JsonReply.error(e.type(), e.getMessage());
            } catch (RuntimeException e) {
                // A simulator bug must still look like AWS to the client: a 500, never a hang.
                LOG.log(System.Logger.Level.ERROR, "request " + requestId + " failed inside the simulator", e);
                status = 500;
                response = JsonReply.error("ServerException", "Internal simulator error: " + e);
            }
            JsonReply.send(exchange, status, response, requestId);
        } catch (IOException e) {
            // The client went away; nothing to answer.
        }
    }

    private JsonNode dispatch(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String action = target == null ? null : target.substring(target.indexOf('.') + 1);
        calls.computeIfAbsent(action == null || action.isEmpty() ? "(no target)" : action, k -> new LongAdder())
                .increment();
        byte[] body = readBody(exchange.getRequestBody());
        if (!"POST".equals(exchange.getRequestMethod())) {
            throw AwsError.unknownOperation("AWS JSON 1.1 requests are POST requests; got "
                    + exchange.getRequestMethod() + ".");
        }
        if (target == null || target.isBlank()) {
            throw AwsError.unknownOperation("Missing X-Amz-Target header.");
        }
        boolean isEcs = target.startsWith(ECS_PREFIX) && EcsApi.ACTIONS.contains(action);
        boolean isSsm = target.startsWith(SSM_PREFIX) && SsmApi.ACTIONS.contains(action);
        if (!isEcs && !isSsm) {
            throw AwsError.unknownOperation("Unknown operation " + target + ".");
        }
        JsonRequest request = JsonRequest.of(body);
        Targets.Target to = route(Signature.of(exchange));
        to.count(action);
        if (isSsm) {
            synchronized (lock) {
                return to.ssm.handle(action, request);
            }
        }
        applyFaults(action, to);
        try {
            synchronized (lock) {
                Instant now = clock.instant();
                to.sim.advanceTo(now);
                return to.ecs.handle(action, request, now);
            }
        } catch (ResponseLost lost) {
            return lost.answer();   // outside the lock: a delayed answer must not hold up other requests
        }
    }

    /**
     * The account and region a JSON request is for: its credentials' account, its credential scope's region
     * (unsigned: the main ones). Refusals in ECS's and SSM's words: for a region not enabled, AWS answers as for
     * credentials it cannot validate, https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html
     */
    private Targets.Target route(Signature signature) {
        try {
            Sts.Caller caller = sts.identify(signature, clock.instant());
            return targets.get(caller.accountId(), signature.region() == null ? fleet.region() : signature.region());
        } catch (Signature.Refused r) {
            throw switch (r.refusal()) {
                case INVALID_TOKEN, REGION_DISABLED -> new AwsError("UnrecognizedClientException", 400,
                        "The security token included in the request is invalid.");
                case EXPIRED_TOKEN -> new AwsError("ExpiredTokenException", 400,
                        "The security token included in the request is expired");
            };
        }
    }

    /** Latency, throttling (the target's buckets), then server errors, in that order; ECS actions only. */
    private void applyFaults(String action, Targets.Target target) {
        Fleet.Faults f = fleet.faults();
        if (f.latencyMs() > 0) {
            try {
                Thread.sleep(f.latencyMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw AwsError.server("Service Unavailable. Please try again later.");
            }
        }
        if (f.throttle() && !target.buckets.tryAcquire(TokenBuckets.categoryOf(action), clock.instant())) {
            throttled.computeIfAbsent(action, k -> new LongAdder()).increment();
            throw AwsError.throttling();
        }
        long n = ecsRequestSerial.getAndIncrement();
        if (f.serverErrorRate() > 0 && Hashing.unit(Hashing.mix(fleet.seed(), 0x5E5E, n)) < f.serverErrorRate()) {
            throw AwsError.server("Service Unavailable. Please try again later.");
        }
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw AwsError.serialization("Request body larger than " + MAX_BODY_BYTES + " bytes.");
        }
        return body;
    }


    /** Counts a DynamoDB or S3 request in {@link #callsByAction()}. */
    private void count(String action) {
        calls.computeIfAbsent(action, k -> new LongAdder()).increment();
    }

    /** Request ids are UUID-shaped and deterministic for the seed and the request's order. */
    private String requestId() {
        long n = requestSerial.getAndIncrement();
        return new UUID(Hashing.mix(fleet.seed(), n, 1), Hashing.mix(fleet.seed(), n, 2)).toString();
    }
}
