package dev.ecstatic.functions;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * How a function reaches an account: its own, with its own credentials; any other, as the member role
 * ({@code MemberRoleName}, created there by member-role.yaml) through STS AssumeRole. One per container.
 *
 * <p>Credentials are cached per account, for the session of the run that asked (its name from the run's,
 * {@link SessionName}), for their lifetime: the SDK's provider keeps them and assumes the role again shortly
 * before they expire
 * (https://sdk.amazonaws.com/java/api/latest/software/amazon/awssdk/services/sts/auth/StsAssumeRoleCredentialsProvider.html).
 * A warm container serving the next run assumes again under that run's name, so the member account's
 * CloudTrail ties every call to the run that made it. Credentials are never logged: only the role and the
 * session name are.
 *
 * <p>The role is assumed when a client is first asked for, not at the first call made with it, so that a
 * refusal becomes {@link TargetUnreachableException} with the role's ARN in its message, and a throttle or
 * a 5xx of STS a {@link TransientAwsException} the state machine retries.
 */
final class MemberAccess {
    static final String ACCOUNT_ID = "ECSTATIC_ACCOUNT_ID";
    static final String MEMBER_ROLE_NAME = "ECSTATIC_MEMBER_ROLE_NAME";
    static final String DEFAULT_ROLE_NAME = "ecstatic-member";
    /**
     * The most accounts whose credentials are kept: more than this many in one container's life only costs
     * an AssumeRole again.
     */
    static final int MAX_SESSIONS = 64;
    /** One hour: member-role.yaml's MaxSessionDuration, and AWS's default for a role. */
    static final int SESSION_SECONDS = 3600;

    private final String homeAccount;
    private final String roleName;
    private final Supplier<StsClient> sts;
    private final Map<String, AccountCredentials> sessions = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, AccountCredentials> eldest) {
            if (size() > MAX_SESSIONS) {
                eldest.getValue().close();
                return true;
            }
            return false;
        }
    };
    /**
     * Accounts that refused this container's run, with the refusal: the account's other regions in the same run
     * are told at once (ListClusters lists every region of an account; AssumeRole is IAM's, the same answer in
     * each), not asked again. The next run asks again, so a role deployed meanwhile is found.
     */
    private final Map<String, Refusal> refused = new LinkedHashMap<>();
    private StsClient stsClient;

    private record Refusal(String session, String message) {
    }

    /**
     * @param homeAccount the function's own account (null: every account is treated as its own, as before
     *                    targets existed)
     * @param sts         builds the STS client on first use: a run in one account never needs it
     */
    MemberAccess(String homeAccount, String roleName, Supplier<StsClient> sts) {
        this.homeAccount = homeAccount;
        this.roleName = roleName;
        this.sts = sts;
    }

    static MemberAccess from(Map<String, String> env) {
        String account = Env.string(env, ACCOUNT_ID);
        if (account != null && !account.matches("\\d{12}")) {
            throw new IllegalStateException(ACCOUNT_ID + " is '" + InventoryBuilder.truncate(account, 20)
                    + "': set it to this account's 12-digit id (the template sets it to AWS::AccountId)");
        }
        String role = Env.string(env, MEMBER_ROLE_NAME);
        if (role != null && !role.matches("[\\w+=,.@-]{1,64}")) {
            throw new IllegalStateException(MEMBER_ROLE_NAME + " is '" + InventoryBuilder.truncate(role, 70)
                    + "': set it to the member role's name (1 to 64 of letters, digits and +=,.@_-)");
        }
        return new MemberAccess(account, role == null ? DEFAULT_ROLE_NAME : role, () -> Clients.sts(env));
    }

    /** Whether {@code account} is the function's own (or no home account is configured). */
    boolean isHome(String account) {
        return homeAccount == null || account == null || homeAccount.equals(account);
    }

    String homeAccount() {
        return homeAccount;
    }

    /** The member role's ARN in {@code account}. */
    String roleArn(String partition, String account) {
        return "arn:" + partition + ":iam::" + account + ":role/" + roleName;
    }

    /**
     * Credentials for {@code account}: null for the function's own (the default chain), else the member
     * role's, assumed now if this session has none yet.
     *
     * @throws TargetUnreachableException STS refused (the role does not exist there, does not trust this
     *                                    function's role, or STS is not enabled in the region)
     * @throws TransientAwsException      STS throttled, failed with a 5xx, or could not be reached
     */
    synchronized AwsCredentialsProvider credentials(String partition, String account, String run) {
        if (isHome(account)) {
            return null;
        }
        String session = SessionName.of(run);
        Refusal refusal = refused.get(account);
        if (refusal != null && refusal.session().equals(session)) {
            throw new TargetUnreachableException(refusal.message());
        }
        AccountCredentials credentials = sessions.get(account);
        if (credentials == null || !credentials.session.equals(session)) {
            String roleArn = roleArn(partition, account);
            StsAssumeRoleCredentialsProvider provider = StsAssumeRoleCredentialsProvider.builder().stsClient(sts())
                    .refreshRequest(r -> r.roleArn(roleArn).roleSessionName(session).durationSeconds(SESSION_SECONDS))
                    .asyncCredentialUpdateEnabled(false)
                    .build();
            try {
                provider.resolveCredentials();
            } catch (SdkException e) {
                provider.close();
                RuntimeException failure = refusal(e, roleArn, session);
                if (failure instanceof TargetUnreachableException) {
                    if (refused.size() >= MAX_SESSIONS) {
                        refused.clear();
                    }
                    refused.put(account, new Refusal(session, failure.getMessage()));
                }
                throw failure;
            }
            refused.remove(account);
            if (credentials == null) {
                credentials = new AccountCredentials();
                sessions.put(account, credentials);
            }
            credentials.use(session, provider);
        }
        return credentials;
    }

    /**
     * One account's credentials, the same object for the container's life, so that a client built with it
     * serves every run: it answers with the session of the run that last asked for the account (a container
     * serves one request at a time; ListClusters, which lists targets side by side, lists each account's
     * regions under the same run).
     */
    private static final class AccountCredentials implements AwsCredentialsProvider, SdkAutoCloseable {
        private volatile String session = "";
        private volatile StsAssumeRoleCredentialsProvider current;

        void use(String newSession, StsAssumeRoleCredentialsProvider provider) {
            StsAssumeRoleCredentialsProvider old = current;
            current = provider;
            session = newSession;
            if (old != null) {
                old.close();
            }
        }

        @Override
        public software.amazon.awssdk.auth.credentials.AwsCredentials resolveCredentials() {
            return current.resolveCredentials();
        }

        @Override
        public void close() {
            if (current != null) {
                current.close();
            }
        }
    }

    private StsClient sts() {
        if (stsClient == null) {
            stsClient = sts.get();
        }
        return stsClient;
    }

    private static RuntimeException refusal(SdkException e, String roleArn, String session) {
        String what = "assuming " + roleArn + " (session " + session + ")";
        if (AwsErrors.isTransient(e)) {
            return new TransientAwsException(what + " failed, worth retrying: " + e.getMessage(), e);
        }
        if (e instanceof AwsServiceException s && s.awsErrorDetails() != null) {
            return new TargetUnreachableException("cannot assume " + roleArn + ": " + s.awsErrorDetails().errorCode()
                    + ": " + AwsErrors.message(s) + " (is member-role.yaml deployed in that account, trusting this"
                    + " stack's roles?)", e);
        }
        return new TargetUnreachableException("cannot assume " + roleArn + ": " + e.getMessage(), e);
    }
}
