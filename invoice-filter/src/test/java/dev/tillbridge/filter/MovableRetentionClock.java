package dev.tillbridge.filter;

import dev.tillbridge.filter.config.RetentionClock;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/**
 * The retention clock of a test that moves retention time (months in a moment) while the service's own clock,
 * which stamps records, stays true. Enabled only by the test profiles that name it.
 */
@Alternative
@Singleton
public class MovableRetentionClock extends RetentionClock {

    private final MovableClock clock = new MovableClock();

    public MovableRetentionClock() {
        super(Clock.systemUTC());
    }

    @Override
    public Clock clock() {
        return clock;
    }

    public void advance(Duration by) {
        clock.advance(by);
    }
}
