package dev.ecstatic.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AWS STS in the AWS Query protocol (signing name {@code sts}, Version 2011-06-15, answers in STS's XML
 * namespace): AssumeRole of the fleet's {@code roles}, and GetCallerIdentity. Credentials it issues are tied to
 * the role's account and expire on the simulator's clock; requests signed with them go to that account
 * ({@link Targets}). Any other access key (the placeholders the README gives) is the fleet's main account,
 * whose principal is its root, {@code arn:aws:iam::<account>:root}.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html,
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 */
final class Sts {

    static final String VERSION = "2011-06-15";
    static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
    static final Set<String> ACTIONS = Set.of("AssumeRole", "GetCallerIdentity");
    /** Every access key this simulator issues starts so; an unknown one with this prefix is refused. */
    static final String KEY_PREFIX = "ASIASIM";

    // AssumeRole's constraints: RoleSessionName 2-64 of [\w+=,.@-]; DurationSeconds 900-43200 (the default 3600);
    // a session of a role assumed with role-chained credentials lasts at most an hour.
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]*");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:([a-z-]+):iam::(\\d{12}):role/(?:[\\w+=,.@-]+/)*([\\w+=,.@-]{1,64})");
    private static final long CHAINED_MAX_SECONDS = 3_600;
    // Memory, not AWS: expired sessions are dropped once this many are held.
    private static final int MAX_SESSIONS = 100_000;
    private static final DateTimeFormatter EXPIRATION = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    /** Credentials AssumeRole issued. */
    record Session(String accessKeyId, String secretAccessKey, String sessionToken, String accountId, String roleName,
            String sessionName, String roleId, Instant expiration) {
    }

    /**
     * Who signed a request: an account, and the session when the credentials are ones AssumeRole issued.
     *
     * @param session null for the placeholder keys (the main account's root)
     */
    record Caller(String accountId, Session session) {

        String arn(String partition) {
            return session == null ? "arn:" + partition + ":iam::" + accountId + ":root"
                    : "arn:" + partition + ":sts::" + accountId + ":assumed-role/" + session.roleName() + "/"
                            + session.sessionName();
        }

        String userId() {
            return session == null ? accountId : session.roleId() + ":" + session.sessionName();
        }
    }

    private final Fleet fleet;
    private final String partition;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicLong issued = new AtomicLong();

    /** The machine's own time, the one the callers' SDKs read. */
    private final Clock wall;

    Sts(Fleet fleet) {
        this(fleet, Clock.systemUTC());
    }

    /** @param wall the time of the machine the callers run on (tests give their own) */
    Sts(Fleet fleet, Clock wall) {
        this.fleet = fleet;
        this.partition = SimFleet.partitionOf(fleet.region());
        this.wall = wall;
    }

    /**
     * The caller of a request: the session of credentials AssumeRole issued, else the main account.
     *
     * @throws Signature.Refused for an issued key this simulator does not know (a session token that is not
     *                           the one issued with it likewise), or one past its expiration
     */
    Caller identify(Signature signature, Instant now) {
        String key = signature.accessKeyId();
        if (key == null || !key.startsWith(KEY_PREFIX)) {
            return new Caller(fleet.accountId(), null);
        }
        Session s = sessions.get(key);
        if (s == null || !s.sessionToken().equals(signature.securityToken())) {
            throw new Signature.Refused(Signature.Refusal.INVALID_TOKEN, s == null ? fleet.accountId() : s.accountId());
        }
        if (!now.isBefore(s.expiration())) {
            throw new Signature.Refused(Signature.Refusal.EXPIRED_TOKEN, s.accountId());
        }
        return new Caller(s.accountId(), s);
    }

    /** Answers one STS action (already checked to be one of {@link #ACTIONS}). */
    byte[] handle(String action, QueryRequest req, Caller caller, Instant now, String requestId) {
        return switch (action) {
            case "AssumeRole" -> assumeRole(req, caller, now, requestId);
            case "GetCallerIdentity" -> callerIdentity(caller, requestId);
            default -> throw QueryError.of("InvalidAction", "Could not find operation " + action + " for version "
                    + VERSION);
        };
    }

    private byte[] callerIdentity(Caller caller, String requestId) {
        XmlOut x = new XmlOut("GetCallerIdentityResponse", NAMESPACE);
        x.open("GetCallerIdentityResult").element("Arn", caller.arn(partition)).element("UserId", caller.userId())
                .element("Account", caller.accountId()).close();
        x.open("ResponseMetadata").element("RequestId", requestId).close();
        return x.end();
    }

    private byte[] assumeRole(QueryRequest req, Caller caller, Instant now, String requestId) {
        String roleArn = req.string("RoleArn");
        String sessionName = req.string("RoleSessionName");
        long duration = duration(req.string("DurationSeconds"));
        if (roleArn == null) {
            throw validation("Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
        }
        if (roleArn.length() < 20 || roleArn.length() > 2048) {
            throw validation("Value '" + roleArn + "' at 'roleArn' failed to satisfy constraint: Member must have length "
                    + (roleArn.length() < 20 ? "greater than or equal to 20" : "less than or equal to 2048"));
        }
        if (sessionName == null) {
            throw validation("Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
        }
        if (sessionName.length() < 2 || sessionName.length() > 64) {
            throw validation("Value '" + sessionName + "' at 'roleSessionName' failed to satisfy constraint: Member must "
                    + "have length " + (sessionName.length() < 2 ? "greater than or equal to 2" : "less than or equal to 64"));
        }
        if (!SESSION_NAME.matcher(sessionName).matches()) {
            throw validation("Value '" + sessionName + "' at 'roleSessionName' failed to satisfy constraint: Member must "
                    + "satisfy regular expression pattern: [\\w+=,.@-]*");
        }
        Matcher m = ROLE_ARN.matcher(roleArn);
        Optional<Fleet.RoleSpec> role = m.matches() && m.group(1).equals(partition)
                ? fleet.roles().stream().filter(r -> r.accountId().equals(m.group(2)) && r.name().equals(m.group(3)))
                        .findFirst()
                : Optional.empty();
        // IAM does not say whether a role exists to a caller it would not let assume it: an unknown role and an
        // untrusting one are the same AccessDenied.
        if (role.isEmpty() || !trusts(role.get(), caller)) {
            throw new QueryError("AccessDenied", 403, "User: " + caller.arn(partition)
                    + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn);
        }
        if (caller.session() != null && duration > CHAINED_MAX_SECONDS) {
            throw refused("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by "
                    + "role chaining.");
        }
        if (duration > role.get().maxSessionSeconds()) {
            throw refused("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
        Session s = issue(role.get(), sessionName, now.plusSeconds(duration), now);
        XmlOut x = new XmlOut("AssumeRoleResponse", NAMESPACE);
        x.open("AssumeRoleResult");
        x.open("Credentials").element("AccessKeyId", s.accessKeyId()).element("SecretAccessKey", s.secretAccessKey())
                .element("SessionToken", s.sessionToken()).element("Expiration", EXPIRATION.format(announced(s, now)))
                .close();
        x.open("AssumedRoleUser").element("AssumedRoleId", s.roleId() + ":" + sessionName)
                .element("Arn", new Caller(s.accountId(), s).arn(partition)).close();
        x.element("PackedPolicySize", req.string("Policy") == null ? null : 6);
        x.close();
        x.open("ResponseMetadata").element("RequestId", requestId).close();
        return x.end();
    }

    /** A role trusts an account id or its root (any principal of that account), or a role (its sessions). */
    private boolean trusts(Fleet.RoleSpec role, Caller caller) {
        for (String t : role.trusts()) {
            if (t.equals(caller.accountId()) || t.equals("arn:" + partition + ":iam::" + caller.accountId() + ":root")) {
                return true;
            }
            if (caller.session() != null && t.equals("arn:" + partition + ":iam::" + caller.accountId() + ":role/"
                    + caller.session().roleName())) {
                return true;
            }
        }
        return false;
    }

    private static long duration(String text) {
        if (text == null) {
            return 3_600;
        }
        long d;
        try {
            d = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw validation("Value '" + text + "' at 'durationSeconds' failed to satisfy constraint: Member must be "
                    + "an integer");
        }
        if (d < 900 || d > 43_200) {
            throw validation("Value '" + text + "' at 'durationSeconds' failed to satisfy constraint: Member must have "
                    + "value " + (d < 900 ? "greater than or equal to 900" : "less than or equal to 43200"));
        }
        return d;
    }

    /**
     * The Expiration a caller is told. An SDK caches assumed credentials until shortly before their Expiration
     * as its machine's clock reads it, and assumes the role again at once when that is past (the SDK v2's
     * StsAssumeRoleCredentialsProvider: https://docs.aws.amazon.com/sdk-for-java/latest/developer-guide/credential-caching.html).
     * The simulator's clock may be anywhere (a simulation starts at its fleet's time and skips the Waits), so the
     * instant is told in the machine's time: the session's remaining life from now. Told on the simulator's
     * clock, credentials issued at a simulated time in the past would look expired to the caller, which would
     * assume the role again before every request. Expiry itself is kept on the simulator's clock.
     */
    private Instant announced(Session s, Instant now) {
        return wall.instant().plus(Duration.between(now, s.expiration()));
    }

    private Session issue(Fleet.RoleSpec role, String sessionName, Instant expiration, Instant now) {
        if (sessions.size() >= MAX_SESSIONS) {
            sessions.values().removeIf(s -> !now.isBefore(s.expiration()));
        }
        long n = issued.getAndIncrement();
        String seed = fleet.seed() + "|" + n + "|" + role.accountId() + "|" + role.name();
        String key = KEY_PREFIX + Hashing.hex("akid|" + seed, 13).toUpperCase(Locale.ROOT);
        String roleId = "AROA" + Hashing.hex("role|" + role.accountId() + "|" + role.name(), 17).toUpperCase(Locale.ROOT);
        Session s = new Session(key, Hashing.hex("secret|" + seed, 40), "ecstatic-simulator-session/"
                + Hashing.hex("token|" + seed, 64), role.accountId(), role.name(), sessionName, roleId, expiration);
        sessions.put(key, s);
        return s;
    }

    /** STS's ValidationError for a parameter outside its constraints (as the service words them). */
    private static QueryError validation(String detail) {
        return QueryError.of("ValidationError", "1 validation error detected: " + detail);
    }

    private static QueryError refused(String message) {
        return QueryError.of("ValidationError", message);
    }
}
