package dev.tillbridge.notifier.service;

import java.time.Duration;
import java.util.Objects;

/** How long an account's mail waits after failed SMTP attempts: doubling from {@code initial}, capped at {@code max}. */
public record RetryBackoff(Duration initial, Duration max) {

    public RetryBackoff {
        Objects.requireNonNull(initial, "initial is required");
        Objects.requireNonNull(max, "max is required");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("retry needs 0 < initial <= max, was " + initial + " and " + max);
        }
    }

    /** @param failedAttempts failures so far, including the one just counted (1 or more) */
    public Duration after(int failedAttempts) {
        Duration wait = initial;
        for (int i = 1; i < failedAttempts && wait.compareTo(max) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(max) > 0 ? max : wait;
    }
}
