package dev.ecstatic.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a request's SigV4 {@code Authorization} header says about it: the access key, and the region and
 * service of its credential scope ({@code Credential=AKID/20260101/eu-west-1/ecs/aws4_request}), with the
 * session token of {@code X-Amz-Security-Token}. The simulator checks no signature: it reads these to route
 * the request to an account and region ({@link Targets}) and to tell credentials STS issued apart ({@link Sts}).
 *
 * @param accessKeyId   null for an unsigned request
 * @param region        null for an unsigned request
 * @param service       null for an unsigned request
 * @param securityToken null when not sent
 */
record Signature(String accessKeyId, String region, String service, String securityToken) {

    private static final Pattern SCOPE =
            Pattern.compile("Credential=([^/,\\s]+)/\\d{8}/([^/,\\s]+)/([^/,\\s]+)/aws4_request");

    static final Signature UNSIGNED = new Signature(null, null, null, null);

    static Signature of(HttpExchange exchange) {
        String token = exchange.getRequestHeaders().getFirst("X-Amz-Security-Token");
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth == null) {
            return new Signature(null, null, null, token);
        }
        Matcher m = SCOPE.matcher(auth);
        return m.find() ? new Signature(m.group(1), m.group(2), m.group(3), token) : new Signature(null, null, null, token);
    }

    boolean signed() {
        return accessKeyId != null;
    }

    /**
     * Why a request's credentials are refused before any service looks at it. Each service words these its
     * own way ({@link AwsSimulator}, {@link QueryEndpoint}).
     */
    enum Refusal {
        /** An access key the simulator issued and no longer knows, or whose session token is not the one issued. */
        INVALID_TOKEN,
        /** Credentials STS issued, past their Expiration on the simulator's clock. */
        EXPIRED_TOKEN,
        /** A region in {@code disabledRegions}: not enabled for the account. */
        REGION_DISABLED
    }

    /** A request refused for its credentials or its region. */
    static final class Refused extends RuntimeException {

        private final Refusal refusal;
        private final String accountId;

        Refused(Refusal refusal, String accountId) {
            super(refusal.name(), null, false, false);
            this.refusal = refusal;
            this.accountId = accountId;
        }

        Refusal refusal() {
            return refusal;
        }

        /** The account of the credentials (the fleet's main account for an unknown issued key). */
        String accountId() {
            return accountId;
        }
    }
}
