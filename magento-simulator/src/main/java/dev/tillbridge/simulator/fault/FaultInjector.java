package dev.tillbridge.simulator.fault;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Decides which faults hit a request. Rules are checked in order and each matching rule draws one number from
 * the plan's random generator, all under one lock, so a seeded plan gives the same faults for the same
 * sequence of requests.
 */
public final class FaultInjector {

    private record ArmedRule(FaultRule rule, Pattern route, AtomicInteger remaining) {
        boolean matches(String routeKey) {
            return route.matcher(routeKey).matches();
        }

        boolean tryHit(Random random) {
            if (remaining != null && remaining.get() <= 0) {
                return false;
            }
            if (random.nextDouble() >= rule.rate()) {
                return false;
            }
            if (remaining != null) {
                remaining.decrementAndGet();
            }
            return true;
        }
    }

    private FaultPlan plan = FaultPlan.none();
    private List<ArmedRule> armed = List.of();
    private Random random = new Random();

    public synchronized void install(FaultPlan next) {
        plan = next;
        random = next.seed() == null ? new Random() : new Random(next.seed());
        List<ArmedRule> rules = new ArrayList<>();
        for (FaultRule rule : next.rules()) {
            AtomicInteger remaining = rule.times() == null ? null : new AtomicInteger(rule.times());
            rules.add(new ArmedRule(rule, FaultRule.globToRegex(rule.route()), remaining));
        }
        armed = List.copyOf(rules);
    }

    public synchronized FaultPlan plan() {
        return plan;
    }

    public synchronized RequestFaults forRequest(String routeKey) {
        if (armed.isEmpty()) {
            return RequestFaults.NONE;
        }
        long latency = 0;
        FaultRule replacement = null;
        boolean truncate = false;
        for (ArmedRule rule : armed) {
            FaultKind kind = rule.rule().kind();
            if (kind == FaultKind.LOCK_WAIT || !rule.matches(routeKey)) {
                continue;
            }
            if (kind != FaultKind.LATENCY && kind != FaultKind.TRUNCATED_JSON && replacement != null) {
                continue;
            }
            if (!rule.tryHit(random)) {
                continue;
            }
            switch (kind) {
                case LATENCY -> latency += rule.rule().latencyMs();
                case TRUNCATED_JSON -> truncate = true;
                default -> replacement = rule.rule();
            }
        }
        return new RequestFaults(latency, replacement, truncate);
    }

    /** Asked by a product save that holds its row; {@code concurrent} tells whether another save is in progress. */
    public synchronized Optional<FaultRule> lockWait(String routeKey, boolean concurrent) {
        for (ArmedRule rule : armed) {
            FaultRule r = rule.rule();
            if (r.kind() == FaultKind.LOCK_WAIT
                    && rule.matches(routeKey)
                    && (concurrent || !r.onlyWhenConcurrent())
                    && rule.tryHit(random)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
