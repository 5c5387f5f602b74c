package dev.tillbridge.pusher.service;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * How long an integration pauses after its store said it is unavailable: doubling from {@code base} with each
 * failed probe up to {@code max}, with jitter (0.8 to 1.2 of the step) so that many integrations on one
 * recovering host do not return in lock-step; a longer {@code Retry-After} from the store wins, up to
 * {@link #RETRY_AFTER_CAP} (a misconfigured proxy must not park an integration for a day).
 */
public record Backoff(Duration base, Duration max) {

    static final Duration RETRY_AFTER_CAP = Duration.ofMinutes(10);

    public Backoff {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 < base <= max, got " + base + " and " + max);
        }
    }

    /** The pause after the {@code failures}-th failure in a row (counting from 1). */
    public Duration pause(int failures, Optional<Duration> retryAfter, DoubleSupplier random) {
        long step = base.toMillis() << Math.min(Math.max(failures - 1, 0), 20);
        long capped = Math.min(step, max.toMillis());
        long jittered = Math.round(capped * (0.8 + 0.4 * random.getAsDouble()));
        long honoured = retryAfter
                .map(d -> Math.min(d.toMillis(), RETRY_AFTER_CAP.toMillis()))
                .orElse(0L);
        return Duration.ofMillis(Math.max(jittered, honoured));
    }
}
