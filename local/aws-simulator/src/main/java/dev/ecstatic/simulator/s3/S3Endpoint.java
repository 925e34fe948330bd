package dev.ecstatic.simulator.s3;

import com.sun.net.httpserver.HttpExchange;
import dev.ecstatic.simulator.InjectedFaults;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * S3 on the simulator's endpoint: REST with XML, every request that is not an AWS JSON protocol
 * POST. Path style ({@code http://127.0.0.1:<port>/<bucket>/<key>}) and virtual-hosted style
 * ({@code Host: <bucket>.localhost:<port>}) both work. The fleet's faults apply in the ECS order:
 * latency, a server error (500 InternalError), then 503 SlowDown from the {@code s3SlowDownRate}
 * draw or, with {@code throttle}, from S3's request rates: 3,500 PUT/COPY/POST/DELETE and 5,500
 * GET/HEAD requests per second per prefix ("Best practices design patterns: optimizing Amazon S3
 * performance", https://docs.aws.amazon.com/AmazonS3/latest/userguide/optimizing-performance.html),
 * a prefix being the key up to its last {@code /}, refilled on the simulator's clock.
 */
public final class S3Endpoint {

    private static final double READS_PER_SECOND = 5_500;
    private static final double WRITES_PER_SECOND = 3_500;
    private static final System.Logger LOG = System.getLogger(S3Endpoint.class.getName());

    /** Sub-resources of S3's API the simulator does not implement: answered 501 NotImplemented, never guessed. */
    private static final List<String> UNSUPPORTED = List.of("acl", "tagging", "versioning", "policy", "policyStatus",
            "cors", "lifecycle", "website", "logging", "notification", "replication", "encryption", "object-lock",
            "retention", "legal-hold", "attributes", "torrent", "restore", "select", "accelerate", "analytics",
            "inventory", "metrics", "ownershipControls", "publicAccessBlock", "intelligent-tiering", "requestPayment",
            "versions", "renameObject", "session", "metadataTable", "metadataConfiguration");

    private static final Set<String> READS = Set.of("ListBuckets", "HeadBucket", "GetBucketLocation", "ListObjects",
            "ListObjectsV2", "GetObject", "HeadObject", "ListParts");

    private final S3Store store;
    private final InjectedFaults faults;
    private final Consumer<String> countCall;
    private final Clock clock;
    private final Map<String, double[]> rates = new HashMap<>();

    public S3Endpoint(S3Store store, InjectedFaults faults, Clock clock, Consumer<String> countCall) {
        this.store = store;
        this.faults = faults;
        this.clock = clock;
        this.countCall = countCall;
    }

    /**
     * True for an S3 request: anything but an AWS JSON protocol request (those carry
     * {@code X-Amz-Target} or an {@code application/x-amz-json-*} body and go to ECS, SSM or DynamoDB).
     */
    public static boolean accepts(HttpExchange exchange) {
        if (exchange.getRequestHeaders().getFirst("X-Amz-Target") != null) {
            return false;
        }
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        boolean json = type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-amz-json");
        return !("POST".equals(exchange.getRequestMethod()) && json);
    }

    public void handle(HttpExchange exchange) {
        InjectedFaults.Draw draw = faults.next();
        String requestId = faults.requestId(draw);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        try (exchange) {
            S3Response response;
            try {
                S3Request r = S3Request.of(exchange);
                String action = action(r);
                countCall.accept(action);
                if (!faults.sleepLatency() || draw.serverError()) {
                    throw S3Exception.internalError();
                }
                if (draw.throttled(faults.settings().s3SlowDownRate(), -1)) {
                    throw S3Exception.slowDown();
                }
                if (faults.settings().throttle()) {
                    rateLimit(r, READS.contains(action));
                }
                response = dispatch(r, action);
            } catch (S3Exception e) {
                response = error(e, requestId, head);
            } catch (RuntimeException e) {
                // A simulator bug must still look like S3 to the client: a 500, never a hang.
                LOG.log(System.Logger.Level.ERROR, "request " + requestId + " failed inside the simulator", e);
                response = error(S3Exception.internalError(), requestId, head);
            }
            write(exchange, response, requestId, head);
        } catch (IOException e) {
            // The client went away; nothing to answer.
        }
    }

    /** The S3 operation a request is, by method, bucket, key and sub-resource. */
    private static String action(S3Request r) {
        if (r.bucket == null) {
            return r.method.equals("GET") ? "ListBuckets" : "(unsupported)";
        }
        for (String sub : UNSUPPORTED) {
            if (r.has(sub)) {
                return "(unsupported)";
            }
        }
        if (r.key == null) {
            return switch (r.method) {
                case "PUT" -> "CreateBucket";
                case "HEAD" -> "HeadBucket";
                case "DELETE" -> "DeleteBucket";
                case "GET" -> r.has("location") ? "GetBucketLocation"
                        : r.has("uploads") ? "ListMultipartUploads"
                        : "2".equals(r.param("list-type")) ? "ListObjectsV2" : "ListObjects";
                case "POST" -> r.has("delete") ? "DeleteObjects" : "(unsupported)";
                default -> "(unsupported)";
            };
        }
        return switch (r.method) {
            case "PUT" -> r.has("uploadId") ? (r.header("x-amz-copy-source") != null ? "UploadPartCopy" : "UploadPart")
                    : r.header("x-amz-copy-source") != null ? "CopyObject" : "PutObject";
            case "GET" -> r.has("uploadId") ? "ListParts" : "GetObject";
            case "HEAD" -> "HeadObject";
            case "DELETE" -> r.has("uploadId") ? "AbortMultipartUpload" : "DeleteObject";
            case "POST" -> r.has("uploads") ? "CreateMultipartUpload"
                    : r.has("uploadId") ? "CompleteMultipartUpload" : "(unsupported)";
            default -> "(unsupported)";
        };
    }

    private S3Response dispatch(S3Request r, String action) throws IOException {
        return switch (action) {
            case "ListBuckets" -> BucketActions.listBuckets(store, r);
            case "CreateBucket" -> BucketActions.create(store, r);
            case "HeadBucket" -> BucketActions.head(store, r);
            case "DeleteBucket" -> BucketActions.delete(store, r);
            case "GetBucketLocation" -> BucketActions.location(store, r);
            case "ListObjectsV2" -> BucketActions.listObjects(store, r, true);
            case "ListObjects" -> BucketActions.listObjects(store, r, false);
            case "DeleteObjects" -> ObjectActions.deleteObjects(store, r);
            case "PutObject" -> ObjectActions.put(store, r);
            case "CopyObject" -> ObjectActions.copy(store, r);
            case "GetObject" -> ObjectActions.get(store, r, false);
            case "HeadObject" -> ObjectActions.get(store, r, true);
            case "DeleteObject" -> ObjectActions.delete(store, r);
            case "CreateMultipartUpload" -> MultipartActions.create(store, r);
            case "UploadPart" -> MultipartActions.uploadPart(store, r);
            case "CompleteMultipartUpload" -> MultipartActions.complete(store, r);
            case "AbortMultipartUpload" -> MultipartActions.abort(store, r);
            case "ListParts" -> MultipartActions.listParts(store, r);
            case "ListMultipartUploads", "UploadPartCopy" -> throw S3Exception.notImplemented(action);
            default -> {
                if (r.bucket == null) {
                    throw S3Exception.methodNotAllowed(r.method);
                }
                throw S3Exception.notImplemented("this S3 operation (" + r.method + " with " + r.query.keySet() + ")");
            }
        };
    }

    /** One token bucket per prefix and kind, refilled on the simulator's clock: {tokens, last refill nanos}. */
    private void rateLimit(S3Request r, boolean read) {
        String prefix = r.key == null ? "" : r.key.substring(0, r.key.lastIndexOf('/') + 1);
        String name = (read ? "r:" : "w:") + r.bucket + "/" + prefix;
        double rate = read ? READS_PER_SECOND : WRITES_PER_SECOND;
        Instant now = clock.instant();
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        synchronized (rates) {
            double[] b = rates.computeIfAbsent(name, k -> new double[] {rate, nanos});
            if (nanos > b[1]) {
                b[0] = Math.min(rate, b[0] + Duration.ofNanos(nanos - (long) b[1]).toNanos() / 1e9 * rate);
                b[1] = nanos;
            }
            if (b[0] < 1) {
                throw S3Exception.slowDown();
            }
            b[0] -= 1;
        }
    }

    private static S3Response error(S3Exception e, String requestId, boolean head) {
        S3Response out;
        if (head) {
            out = S3Response.empty(e.status());
        } else {
            Xml x = Xml.plain("Error").element("Code", e.code()).element("Message", e.getMessage());
            e.details().forEach(x::element);
            x.element("RequestId", requestId).element("HostId", hostId(requestId));
            out = new S3Response(e.status(), new HashMap<>(Map.of("Content-Type", "application/xml")), x.end("Error"));
        }
        return out;
    }

    private static String hostId(String requestId) {
        return java.util.Base64.getEncoder().encodeToString(Checksums.SHA256.digest(
                requestId.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static void write(HttpExchange exchange, S3Response response, String requestId, boolean head)
            throws IOException {
        var h = exchange.getResponseHeaders();
        h.set("x-amz-request-id", requestId);
        h.set("x-amz-id-2", hostId(requestId));
        h.set("Server", "AmazonS3");
        response.headers().forEach(h::set);
        byte[] body = response.body();
        int status = response.status();
        if (head || body == null || status == 204 || status == 304) {
            exchange.sendResponseHeaders(status, -1);
        } else {
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
        }
    }
}
