package dev.ecstatic.functions;

import dev.ecstatic.functions.model.Cluster;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * A client of one service for each target (account and region) a cluster's ARN names: the function's
 * own client for its own account and region, built once with the handler; for any other, one built on
 * first use, in the cluster's region, with the member role's credentials in another account
 * ({@link MemberAccess}), and kept for the container's life. Beyond {@value #MAX_CLIENTS} the least recently
 * asked for is closed, but only once it has not been asked for during {@link #IN_USE}: List clusters lists
 * targets side by side, each paging with the client it was given, and a client closed under a listing fails
 * its next call (the SDK's timeout scheduler is shut down). So one invocation may hold more than
 * {@value #MAX_CLIENTS}, one per target it lists, and the next ones close the surplus.
 *
 * @param <C> the client type
 */
final class TargetClients<C> {
    static final int MAX_CLIENTS = 64;
    /** Lambda's longest invocation: a client asked for within it may still be in use. */
    static final Duration IN_USE = Duration.ofMinutes(15);

    /** Builds a client in a region, with credentials (null: the default chain). */
    interface Factory<C> extends BiFunction<Region, AwsCredentialsProvider, C> {
    }

    private final C home;
    private final String homeRegion;
    private final MemberAccess access;
    private final Factory<C> factory;
    private final LongSupplier nanoTime;
    /** In access order: the least recently asked for first. */
    private final Map<String, Built<C>> clients = new LinkedHashMap<>(16, 0.75f, true);

    /** A client and the credentials it was built with (an account's whose credentials were dropped is rebuilt). */
    private static final class Built<C> {
        private final C client;
        private final AwsCredentialsProvider credentials;
        /** {@link System#nanoTime()} when it was last asked for. */
        private long askedAt;

        Built(C client, AwsCredentialsProvider credentials, long askedAt) {
            this.client = client;
            this.credentials = credentials;
            this.askedAt = askedAt;
        }

        void close() {
            if (client instanceof SdkAutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    /**
     * @param home       the client of the function's own account and region
     * @param homeRegion that region (null: every region is the client's own)
     */
    TargetClients(C home, String homeRegion, MemberAccess access, Factory<C> factory) {
        this(home, homeRegion, access, factory, System::nanoTime);
    }

    /** @param nanoTime the monotonic time the eviction reads (tests give their own) */
    TargetClients(C home, String homeRegion, MemberAccess access, Factory<C> factory, LongSupplier nanoTime) {
        this.home = home;
        this.homeRegion = homeRegion;
        this.access = access;
        this.factory = factory;
        this.nanoTime = nanoTime;
    }

    /** How many clients of other targets are kept now. */
    synchronized int size() {
        return clients.size();
    }

    /** One client for every cluster, wherever its ARN points: tests, and callers with one target. */
    static <C> TargetClients<C> only(C client) {
        return new TargetClients<>(client, null, null, null);
    }

    /**
     * The client for {@code cluster}'s account and region.
     *
     * @throws TargetUnreachableException the member role cannot be assumed there
     * @throws TransientAwsException      STS could not answer now
     */
    C in(Cluster cluster) {
        return in(partition(cluster.arn()), cluster.account(), cluster.region(), cluster.run());
    }

    /** The client for an account and region, with the session of the run named {@code run}. */
    synchronized C in(String partition, String account, String region, String run) {
        if (factory == null) {
            return home;
        }
        boolean homeAccount = access.isHome(account);
        if (homeAccount && (region == null || region.equals(homeRegion))) {
            return home;
        }
        String where = region == null ? homeRegion : region;
        AwsCredentialsProvider credentials = access.credentials(partition, account, run);
        String key = (homeAccount ? "" : account) + "|" + where;
        Built<C> built = clients.get(key);
        long now = nanoTime.getAsLong();
        if (built == null || built.credentials != credentials) {
            if (built != null) {
                built.close();
            }
            built = new Built<>(factory.apply(where == null ? null : Region.of(where), credentials), credentials, now);
            clients.put(key, built);
            closeSurplus(now);
        }
        built.askedAt = now;
        return built.client;
    }

    /** Closes the least recently asked for beyond {@value #MAX_CLIENTS}, as long as they are out of use. */
    private void closeSurplus(long now) {
        Iterator<Built<C>> eldest = clients.values().iterator();
        while (clients.size() > MAX_CLIENTS && eldest.hasNext()) {
            Built<C> built = eldest.next();
            if (now - built.askedAt <= IN_USE.toNanos()) {
                return;
            }
            built.close();
            eldest.remove();
        }
    }

    /** "aws" from "arn:aws:ecs:…" ("aws" when the ARN names none). */
    static String partition(String arn) {
        String[] parts = arn == null ? new String[0] : arn.split(":", 3);
        return parts.length == 3 && "arn".equals(parts[0]) && !parts[1].isEmpty() ? parts[1] : "aws";
    }
}
