package dev.tillbridge.filter.config;

import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The clock retention reads: when a ledger entry changed, whether it expired, which {@code invoiced_order} rows
 * are old enough to delete. It is the service's clock; tests replace this bean to move retention time alone
 * (moving the service's clock would stamp records months ahead, which the broker refuses).
 */
@Singleton
public class RetentionClock {

    private final Clock clock;

    public RetentionClock(Clock clock) {
        this.clock = clock;
    }

    public Clock clock() {
        return clock;
    }
}
