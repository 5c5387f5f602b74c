package dev.tillbridge.notifier.support;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The clock of the notifier under test: it stands still until a test moves it, so "35 minutes" of alert
 * history take seconds. It replaces the application's system clock (a {@code @DefaultBean}). Tests only ever
 * move it forward, so the tests sharing one application do not disturb each other's time.
 */
@Singleton
public class TestClock extends Clock {

    private final AtomicReference<Instant> now =
            new AtomicReference<>(Instant.now().truncatedTo(ChronoUnit.SECONDS));

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the notifier works in UTC");
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    public Instant advance(Duration by) {
        return now.updateAndGet(t -> t.plus(by));
    }

    /** Moves the clock to {@code to}; never backwards. */
    public Instant moveTo(Instant to) {
        return now.updateAndGet(t -> to.isAfter(t) ? to : t);
    }
}
