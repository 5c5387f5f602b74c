package dev.tillbridge.simulator.fault;

import java.util.List;

/** The faults of one store. With a {@code seed}, the same sequence of requests meets the same faults. */
public record FaultPlan(Long seed, List<FaultRule> rules) {

    public FaultPlan {
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    public static FaultPlan none() {
        return new FaultPlan(null, List.of());
    }

    public static FaultPlan of(FaultRule... rules) {
        return new FaultPlan(null, List.of(rules));
    }

    public static FaultPlan seeded(long seed, FaultRule... rules) {
        return new FaultPlan(seed, List.of(rules));
    }
}
