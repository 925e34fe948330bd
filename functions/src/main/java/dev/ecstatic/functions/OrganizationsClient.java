package dev.ecstatic.functions;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * AWS Organizations' ListAccountsForParent and ListOrganizationalUnitsForParent, called as the SDK would
 * (AWS JSON 1.1, SigV4 for service {@code organizations} in the one region of the partition where its endpoint
 * is: us-east-1, us-gov-west-1 for GovCloud, cn-northwest-1 for China:
 * https://docs.aws.amazon.com/organizations/latest/userguide/region-support.html), with the SDK's own signer, HTTP client and
 * credentials chain. Not the SDK's Organizations module: the Maven registry this project builds from does
 * not serve it, and two paginated reads are all ecstatic asks of the service.
 *
 * <p>The endpoint comes from AWS_ENDPOINT_URL_ORGANIZATIONS or AWS_ENDPOINT_URL (or their system properties
 * aws.endpointUrlOrganizations, aws.endpointUrl), as for the SDK's clients
 * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html). A throttle, a 5xx or an I/O
 * error is tried again here, {@value #RETRIES} times with growing pauses, as the SDK's standard retries would
 * (Organizations' request rates are low, and a throttle that reached the state machine would run all of List
 * clusters again); past them a {@link TransientAwsException} (the state machine runs List clusters again); any other
 * refusal an {@link IllegalStateException} naming the unit and Organizations' words: the Accounts parameter
 * cannot be resolved, and visiting fewer accounts than configured without saying so is not an option.
 */
final class OrganizationsClient implements OrganizationUnits {
    static final String TARGET_PREFIX = "AWSOrganizationsV20161128.";
    /** The most accounts an organization may hold by default is 10 (raised on request); 20 a page is the API's most. */
    static final int PAGE = 20;
    /** Units nest at most five levels below the root. */
    static final int MAX_DEPTH = 6;
    /** Tries after the first of a throttled, failed (5xx) or unanswered call. */
    static final int RETRIES = 3;
    /** The pause before the first retry, doubled before each next one. */
    static final Duration FIRST_PAUSE = Duration.ofSeconds(1);

    /** Pauses between tries (tests record them instead). */
    interface Sleeper {
        void sleep(Duration pause) throws InterruptedException;
    }

    private final URI endpoint;
    private final String region;
    private final SdkHttpClient http;
    private final DefaultCredentialsProvider credentials;
    private final Sleeper sleeper;

    OrganizationsClient(Map<String, String> env) {
        this(endpoint(env), signingRegion(Clients.ownRegion(env)), UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2)).socketTimeout(Clients.READ_CALL_TIMEOUT).build(),
                pause -> Thread.sleep(pause.toMillis()));
    }

    OrganizationsClient(URI endpoint, String region, SdkHttpClient http, Sleeper sleeper) {
        this.endpoint = endpoint;
        this.region = region;
        this.http = http;
        this.credentials = DefaultCredentialsProvider.builder().build();
        this.sleeper = sleeper;
    }

    /** The region of the partition's Organizations endpoint, for the function's region (null: unknown). */
    static String signingRegion(String ownRegion) {
        String partition = ListClustersHandler.partition(ownRegion);
        return switch (partition) {
            case "aws-cn" -> "cn-northwest-1";
            case "aws-us-gov" -> "us-gov-west-1";
            default -> "us-east-1";
        };
    }

    static URI endpoint(Map<String, String> env) {
        for (String configured : new String[] {env.get("AWS_ENDPOINT_URL_ORGANIZATIONS"),
                System.getProperty("aws.endpointUrlOrganizations"), env.get("AWS_ENDPOINT_URL"),
                System.getProperty("aws.endpointUrl")}) {
            if (configured != null && !configured.isBlank()) {
                return URI.create(configured.trim());
            }
        }
        String region = signingRegion(Clients.ownRegion(env));
        return URI.create("https://organizations." + region + ".amazonaws.com" + (region.startsWith("cn-") ? ".cn" : ""));
    }

    @Override
    public List<String> accounts(String unit) {
        Set<String> accounts = new LinkedHashSet<>();
        collect(unit, accounts, 0);
        return List.copyOf(accounts);
    }

    private void collect(String parent, Set<String> accounts, int depth) {
        for (Map<?, ?> account : pages("ListAccountsForParent", parent, "Accounts")) {
            // Status is deprecated in favour of State (2025); an account is reachable only when it is ACTIVE.
            Object state = account.containsKey("State") ? account.get("State") : account.get("Status");
            if ("ACTIVE".equals(state) && account.get("Id") instanceof String id) {
                accounts.add(id);
            }
        }
        if (depth < MAX_DEPTH) {
            for (Map<?, ?> child : pages("ListOrganizationalUnitsForParent", parent, "OrganizationalUnits")) {
                if (child.get("Id") instanceof String id) {
                    collect(id, accounts, depth + 1);
                }
            }
        }
    }

    private List<Map<?, ?>> pages(String action, String parent, String field) {
        List<Map<?, ?>> all = new ArrayList<>();
        String token = null;
        do {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("ParentId", parent);
            body.put("MaxResults", PAGE);
            if (token != null) {
                body.put("NextToken", token);
            }
            Map<?, ?> page = call(action, Json.write(body), parent);
            if (page.get(field) instanceof List<?> items) {
                items.stream().filter(Map.class::isInstance).map(i -> (Map<?, ?>) i).forEach(all::add);
            }
            token = page.get("NextToken") instanceof String next && !next.isEmpty() ? next : null;
        } while (token != null);
        return all;
    }

    /** One call, tried again after a throttle, a 5xx or no answer, {@value #RETRIES} times. */
    private Map<?, ?> call(String action, String json, String parent) {
        Duration pause = FIRST_PAUSE;
        for (int attempt = 0; ; attempt++) {
            try {
                return attempt(action, json, parent);
            } catch (TransientAwsException e) {
                if (attempt == RETRIES) {
                    throw e;
                }
            }
            try {
                sleeper.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransientAwsException("interrupted while waiting to call Organizations again", e);
            }
            pause = pause.multipliedBy(2);
        }
    }

    private Map<?, ?> attempt(String action, String json, String parent) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", TARGET_PREFIX + action)
                .build();
        try {
            AwsCredentialsIdentity identity;
            try {
                identity = credentials.resolveIdentity().join();
            } catch (CompletionException e) {
                throw new TransientAwsException("Organizations " + action + " of " + parent + ": this function's"
                        + " credentials could not be read, worth retrying: " + e.getCause(), e.getCause());
            }
            SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(identity).request(request)
                    .payload(ContentStreamProvider.fromByteArray(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "organizations")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region));
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder().request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null)).build()).call();
            int status = response.httpResponse().statusCode();
            String text = read(response.responseBody().orElse(null));
            Map<?, ?> answer = parse(text);
            if (answer == null) {
                // A proxy's or load balancer's HTML, a body cut short.
                String what = "Organizations " + action + " of " + parent + " answered " + status + " with no JSON";
                if (status >= 500 || status / 100 == 2) {
                    throw new TransientAwsException(what + ", worth retrying", null);
                }
                throw new IllegalStateException(what + ": " + InventoryBuilder.truncate(text.strip(), 200));
            }
            if (status / 100 == 2) {
                return answer;
            }
            String type = String.valueOf(answer.get("__type"));
            type = type.substring(type.indexOf('#') + 1);
            Object message = answer.containsKey("Message") ? answer.get("Message") : answer.get("message");
            String what = "Organizations " + action + " of " + parent + ": " + type + ": " + message;
            if (status >= 500 || "TooManyRequestsException".equals(type)) {
                throw new TransientAwsException(what, null);
            }
            throw new IllegalStateException(what + " (the Accounts parameter names " + parent + ": deploy ecstatic in"
                    + " the management account or a delegated administrator account, or list account ids)");
        } catch (IOException e) {
            throw new TransientAwsException("Organizations " + action + " of " + parent + " failed, worth retrying: "
                    + e.getMessage(), e);
        }
    }

    /** The answer's JSON object ({} for an empty body), or null when it is not one. */
    private static Map<?, ?> parse(String text) {
        if (text.isBlank()) {
            return Map.of();
        }
        try {
            return Json.parse(text) instanceof Map<?, ?> m ? m : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String read(InputStream stream) throws IOException {
        if (stream == null) {
            return "";
        }
        try (InputStream in = stream) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
