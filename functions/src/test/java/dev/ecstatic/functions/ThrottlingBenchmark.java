package dev.ecstatic.functions;

import dev.ecstatic.functions.model.Cluster;
import dev.ecstatic.functions.model.ListInstancesRequest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * How a read retry strategy copes with ECS's throttling, in real time: ListInstances handlers, each
 * with its own client as each Lambda container has, list clusters against {@link StubAwsServer}
 * gated by ECS's token buckets for cluster resource reads (burst 100, 20 tokens/s). A listing whose
 * call the SDK gives up on is started again as the state machine would (2 s doubling, up to 60 s,
 * full jitter, 6 retries); one that fails 7 times is an ERROR.
 *
 * <p>Not a test: it takes real minutes and its numbers vary from run to run. Run it with
 * {@code src/test/sh/throttling.sh SCENARIO STRATEGY [attempts [call-timeout-s [throttle-base-ms [max-backoff-ms]]]]}: scenario {@code cluster5000} (one
 * 5,000-instance cluster while 9 others of 3 instances are listed again and again) or
 * {@code account1500} (1,500 clusters of 3 instances, 10 at a time); strategy {@code standard} (as
 * {@link Clients#readRetries()}), {@code standard-quota} (the same with the SDK's retry quota on),
 * {@code adaptive} (the SDK's adaptive strategy, same attempts and backoffs) or {@code none}.
 */
public final class ThrottlingBenchmark {
    private static final double BURST = 100;
    private static final double REFILL_PER_SECOND = 20;

    private ThrottlingBenchmark() {
    }

    /** ECS's cluster resource read bucket, refilled on the wall clock. */
    private static final class Bucket {
        private double tokens = BURST;
        private long last = System.nanoTime();

        synchronized boolean tryAcquire() {
            long now = System.nanoTime();
            tokens = Math.min(BURST, tokens + (now - last) / 1e9 * REFILL_PER_SECOND);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }

    public static void main(String[] args) throws Exception {
        String scenario = args.length > 0 ? args[0] : "cluster5000";
        String strategy = args.length > 1 ? args[1] : "standard";
        int attempts = args.length > 2 ? Integer.parseInt(args[2]) : Clients.READ_MAX_ATTEMPTS;
        Duration callTimeout = args.length > 3 ? Duration.ofMillis((long) (Double.parseDouble(args[3]) * 1000))
                : Clients.READ_CALL_TIMEOUT;
        Duration throttleBase = args.length > 4 ? Duration.ofMillis(Long.parseLong(args[4])) : Clients.THROTTLE_BASE_DELAY;
        Duration maxBackoff = args.length > 5 ? Duration.ofMillis(Long.parseLong(args[5])) : Clients.MAX_BACKOFF;
        Bucket bucket = new Bucket();
        AtomicLong throttles = new AtomicLong();
        try (StubAwsServer stub = new StubAwsServer()) {
            stub.gate = r -> {
                if (bucket.tryAcquire()) {
                    return Optional.empty();
                }
                throttles.incrementAndGet();
                return Optional.of(StubAwsServer.Reply.throttling());
            };
            stub.containerInstances = 3;
            Run run = new Run(stub, strategy, attempts, callTimeout,
                    BackoffStrategy.exponentialDelay(throttleBase, maxBackoff));
            long start = System.nanoTime();
            if (scenario.equals("cluster5000")) {
                stub.clusterSizes.put("big", 5000);
                run.cluster5000();
            } else {
                run.account(Integer.parseInt(scenario.replace("account", "")));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Long> calls = new java.util.TreeMap<>();
            stub.requests.forEach(r -> calls.merge(r.action(), 1L, Long::sum));
            System.out.printf(Locale.ROOT, "scenario=%s strategy=%s attempts=%d call_timeout_s=%s throttle_backoff=%s-%s wall_s=%.1f requests=%s throttled=%d"
                            + " sdk_gave_up=%d %s errors=%d listings=%d%n", scenario, strategy, attempts,
                    callTimeout.toMillis() / 1000.0, throttleBase, maxBackoff, seconds, calls, throttles.get(), run.gaveUp.get(), run.causes,
                    run.errors.get(), run.listings.get());
        }
    }

    private static final class Run {
        final StubAwsServer stub;
        final String strategy;
        final int attempts;
        final Duration callTimeout;
        final BackoffStrategy throttleBackoff;
        final AtomicInteger gaveUp = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();
        final AtomicInteger listings = new AtomicInteger();
        final Map<Thread, ListInstancesHandler> containers = new ConcurrentHashMap<>();
        /** Why the SDK gave up, by exception class. */
        final Map<String, Integer> causes = new ConcurrentHashMap<>();

        Run(StubAwsServer stub, String strategy, int attempts, Duration callTimeout, BackoffStrategy throttleBackoff) {
            this.throttleBackoff = throttleBackoff;
            this.stub = stub;
            this.strategy = strategy;
            this.attempts = attempts;
            this.callTimeout = callTimeout;
        }

        void cluster5000() throws InterruptedException {
            ExecutorService others = Executors.newFixedThreadPool(9, Run::daemon);
            var done = new java.util.concurrent.atomic.AtomicBoolean();
            for (int i = 0; i < 9; i++) {
                int n = i;
                others.execute(() -> {
                    while (!done.get()) {
                        list("small-" + n);
                    }
                });
            }
            int before = gaveUp.get();
            long start = System.nanoTime();
            boolean ok = list("big");
            System.out.printf(Locale.ROOT, "big cluster: listed=%s in %.1f s; listings given up while it ran: %d%n", ok,
                    (System.nanoTime() - start) / 1e9, gaveUp.get() - before);
            done.set(true);
            others.shutdown();
            others.awaitTermination(10, TimeUnit.MINUTES);
        }

        void account(int clusters) throws InterruptedException {
            ExecutorService pool = Executors.newFixedThreadPool(10, Run::daemon);
            for (int i = 0; i < clusters; i++) {
                int n = i;
                // execute, not submit: an unexpected exception must show, not vanish in a Future.
                pool.execute(() -> list("c" + n));
            }
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.HOURS);
        }

        /** One "List instances" state: the task and the state machine's retries of it. */
        boolean list(String name) {
            ListInstancesHandler handler = containers.computeIfAbsent(Thread.currentThread(), t -> handler());
            Cluster cluster = new Cluster(name, "arn:aws:ecs:us-east-1:123456789012:cluster/" + name);
            for (int attempt = 0; attempt < 7; attempt++) {
                listings.incrementAndGet();
                try {
                    handler.handleRequest(new ListInstancesRequest(cluster, Map.of(), List.of()), new CapturingContext());
                    return true;
                } catch (TransientAwsException e) {
                    gaveUp.incrementAndGet();
                    if (e.getCause() != null) {
                        causes.merge(e.getCause().getClass().getSimpleName(), 1, Integer::sum);
                    }
                    if (name.equals("big")) {
                        System.out.println("big cluster: listing given up, started again: " + e.getMessage());
                    }
                    long delay = Math.min(60_000, 2_000L << attempt);
                    sleep(ThreadLocalRandom.current().nextLong(delay + 1));
                }
            }
            errors.incrementAndGet();
            return false;
        }

        ListInstancesHandler handler() {
            RetryStrategy retries = switch (strategy) {
                case "standard" -> Clients.readRetries().toBuilder().maxAttempts(attempts)
                        .throttlingBackoffStrategy(throttleBackoff).build();
                case "standard-quota" -> AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(attempts)
                        .backoffStrategy(BackoffStrategy.exponentialDelay(Clients.BASE_DELAY, Clients.MAX_BACKOFF))
                        .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Clients.THROTTLE_BASE_DELAY,
                                Clients.MAX_BACKOFF)).build();
                case "adaptive" -> AwsRetryStrategy.adaptiveRetryStrategy().toBuilder().maxAttempts(attempts)
                        .backoffStrategy(BackoffStrategy.exponentialDelay(Clients.BASE_DELAY, Clients.MAX_BACKOFF))
                        .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Clients.THROTTLE_BASE_DELAY,
                                Clients.MAX_BACKOFF)).build();
                case "none" -> AwsRetryStrategy.doNotRetry();
                default -> throw new IllegalArgumentException("strategy: standard, standard-quota, adaptive or none");
            };
            EcsClient ecs = EcsClient.builder().endpointOverride(URI.create(stub.endpoint())).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .overrideConfiguration(o -> o.retryStrategy(retries)
                            .apiCallAttemptTimeout(Clients.READ_ATTEMPT_TIMEOUT)
                            .apiCallTimeout(callTimeout))
                    .build();
            return new ListInstancesHandler(new HandlerConfig(Log.Level.WARN), ecs);
        }

        private static Thread daemon(Runnable r) {
            Thread t = new Thread(r, "lambda-container");
            t.setDaemon(true);
            return t;
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(Duration.ofMillis(millis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
