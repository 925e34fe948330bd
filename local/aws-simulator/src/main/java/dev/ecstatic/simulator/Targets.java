package dev.ecstatic.simulator;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The fleet's accounts and regions, each a world of its own: its clusters, EC2 instances, Auto Scaling groups,
 * SNS topics, EventBridge buses,
 * throttling buckets (AWS throttles per account and Region) and call counts. A request goes to the target of
 * its credentials' account and of the region in its SigV4 credential scope ({@link Signature}); an account or
 * region the fleet does not describe is an empty one, made on its first request. All targets share the
 * simulator's clock and lock.
 */
final class Targets {

    /** An account and a region. */
    record Key(String accountId, String region) {

        /** {@code <account>/<region>}, as {@link AwsSimulator#callsByTarget()} names a target. */
        String label() {
            return accountId + "/" + region;
        }
    }

    /** One account and region's services and state. */
    static final class Target {
        final Key key;
        final Fleet fleet;
        final SimFleet sim;
        final EcsApi ecs;
        final SsmApi ssm;
        final Ec2Api ec2;
        final AutoScalingApi autoScaling;
        final TokenBuckets buckets;
        final InjectedFaults ec2Faults;
        final InjectedFaults autoScalingFaults;
        final SnsApi sns;
        final EventsApi events;
        final InjectedFaults snsFaults;
        final InjectedFaults eventsFaults;
        final Map<String, LongAdder> calls = new ConcurrentHashMap<>();

        private Target(Fleet fleet, Instant start, LongSupplier realNanos, Received received) {
            this.key = new Key(fleet.accountId(), fleet.region());
            this.fleet = fleet;
            this.sim = new SimFleet(fleet, start);
            this.ecs = new EcsApi(sim);
            this.ssm = new SsmApi(fleet, sim.parameters, start);
            this.ec2 = new Ec2Api(sim);
            this.autoScaling = new AutoScalingApi(sim);
            this.buckets = new TokenBuckets(fleet.faults().throttleBuckets(), realNanos);
            this.ec2Faults = new InjectedFaults(fleet, 0xEC2);
            this.autoScalingFaults = new InjectedFaults(fleet, 0xA5);
            this.sns = new SnsApi(fleet, received);
            this.events = new EventsApi(fleet, received);
            this.snsFaults = new InjectedFaults(fleet, 0x5A5);
            this.eventsFaults = new InjectedFaults(fleet, 0xEB);
        }

        void count(String action) {
            calls.computeIfAbsent(action, k -> new LongAdder()).increment();
        }
    }

    // Empty targets are made on demand from the regions clients name; this bounds what a stray client can make.
    static final int MAX_TARGETS = 2_000;

    private final Fleet fleet;
    private final Instant start;
    private final LongSupplier realNanos;
    private final Received received;
    private final Target main;
    private final Map<Key, Target> targets = new ConcurrentHashMap<>();

    Targets(Fleet fleet, Instant start, LongSupplier realNanos, Received received) {
        this.fleet = fleet;
        this.start = start;
        this.realNanos = realNanos;
        this.received = received;
        this.main = new Target(fleet, start, realNanos, received);
        targets.put(main.key, main);
        for (Fleet.TargetSpec t : fleet.targets()) {
            Target target = new Target(fleet.target(t.accountId(), t.region(), t.clusters(), t.launchTemplates(), t.topics(),
                    t.eventBuses()), start,
                    realNanos, received);
            targets.put(target.key, target);
        }
    }

    /** The fleet's main account and region: the top level of the fleet file. */
    Target main() {
        return main;
    }

    /** Whether no account of the fleet has the region enabled. */
    boolean disabled(String region) {
        return fleet.disabledRegions().contains(region);
    }

    /**
     * The target of an account and an enabled region: one the fleet describes, else an empty one (no clusters,
     * no groups, no launch templates).
     *
     * @throws Signature.Refused when the region is not enabled or the simulator already holds
     *                           {@link #MAX_TARGETS}
     */
    Target get(String accountId, String region) {
        if (disabled(region)) {
            throw new Signature.Refused(Signature.Refusal.REGION_DISABLED, accountId);
        }
        Key key = new Key(accountId, region);
        Target known = targets.get(key);
        if (known != null) {
            return known;
        }
        if (targets.size() >= MAX_TARGETS) {
            throw new Signature.Refused(Signature.Refusal.INVALID_TOKEN, accountId);
        }
        return targets.computeIfAbsent(key,
                k -> new Target(fleet.target(accountId, region, List.of(), List.of(), List.of(), List.of()), start,
                        realNanos, received));
    }

    /** The target if it exists (described or already used); null otherwise. */
    Target find(String accountId, String region) {
        return targets.get(new Key(accountId, region));
    }

    /** Every target made so far, main first, then by account and region. */
    Map<Key, Target> all() {
        Map<Key, Target> out = new LinkedHashMap<>();
        out.put(main.key, main);
        Map<String, Target> byLabel = new TreeMap<>();
        targets.values().forEach(t -> byLabel.put(t.key.label(), t));
        byLabel.values().forEach(t -> out.putIfAbsent(t.key, t));
        return out;
    }
}
