package dev.tillbridge.simulator.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The store's "now": the real clock plus an offset that tests move forward (or set) at runtime. Every
 * {@code created_at}/{@code updated_at} comes from here, in whole seconds as MySQL TIMESTAMP stores them.
 */
public final class SimulatedClock {

    private final Clock realClock;
    private volatile Duration offset = Duration.ZERO;

    public SimulatedClock(Clock realClock) {
        this.realClock = realClock;
    }

    public Instant now() {
        return realClock.instant().plus(offset).truncatedTo(ChronoUnit.SECONDS);
    }

    public synchronized void advance(Duration by) {
        offset = offset.plus(by);
    }

    /** Makes {@link #now()} return {@code instant} at this moment; time keeps running from there. */
    public synchronized void set(Instant instant) {
        offset = Duration.between(realClock.instant(), instant);
    }

    public Duration offset() {
        return offset;
    }
}
