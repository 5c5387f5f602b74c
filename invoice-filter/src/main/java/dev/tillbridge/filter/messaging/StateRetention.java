package dev.tillbridge.filter.messaging;

import java.time.Clock;
import java.time.Duration;

/**
 * How the decision stream forgets (README, "State and retention"): an order's ledger entry {@code orders} after
 * its last change, a parked record {@code parked} after it was observed; swept every {@code sweepInterval}
 * (wall clock), at most {@code batchSize} ledger entries looked at per sweep and task. {@code clock} is the
 * retention clock (the service's clock; tests move it), {@code metrics} receives store sizes and prune counts.
 */
public record StateRetention(
        Clock clock, Duration orders, Duration parked, Duration sweepInterval, int batchSize, StateMetrics metrics) {

    public StateRetention {
        if (batchSize < 1) {
            throw new IllegalArgumentException("the retention batch size must be at least 1, not " + batchSize);
        }
        if (orders.compareTo(Duration.ofDays(1)) < 0) {
            // Shorter than the poller's re-reads (overlap, late commits, invoice re-reads) it would skip live orders.
            throw new IllegalArgumentException("the order retention must be at least one day, not " + orders);
        }
    }

    /** The defaults of the README, with metrics nobody reads (topology tests). */
    public static StateRetention defaults(Clock clock) {
        return new StateRetention(
                clock,
                Duration.ofDays(90),
                Duration.ofDays(7),
                Duration.ofMinutes(1),
                1000,
                StateMetrics.unregistered());
    }
}
