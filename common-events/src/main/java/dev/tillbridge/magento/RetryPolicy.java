package dev.tillbridge.magento;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retries of one Magento call: only transient failures (5xx, 429, timeouts, no connection), with
 * exponential back-off and full jitter so that many integrations hitting one recovering store do not
 * retry in lock-step. A Retry-After from the store wins when it is longer.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {

    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(5));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** Delay before attempt {@code attempt + 1} (attempt counts from 1). */
    public Duration delayAfter(int attempt, Duration retryAfter) {
        long cap = Math.min(maxDelay.toMillis(), baseDelay.toMillis() * (1L << Math.min(attempt - 1, 20)));
        long jittered = cap <= 0 ? 0 : ThreadLocalRandom.current().nextLong(cap + 1);
        long wait = retryAfter == null
                ? jittered
                : Math.max(jittered, Math.min(retryAfter.toMillis(), maxDelay.toMillis()));
        return Duration.ofMillis(wait);
    }
}
