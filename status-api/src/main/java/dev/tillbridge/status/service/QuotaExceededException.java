package dev.tillbridge.status.service;

import java.time.Duration;

/** A tenant reached one of its limits ({@link Quotas}): answered 429 with {@code Retry-After}. */
public class QuotaExceededException extends RuntimeException {

    private final String quota;
    private final Duration retryAfter;

    public QuotaExceededException(String quota, String detail, Duration retryAfter) {
        super(detail);
        this.quota = quota;
        this.retryAfter = retryAfter;
    }

    /** The setting that sets the limit, e.g. {@code tillbridge.status.quota.redownloads-per-minute}. */
    public String quota() {
        return quota;
    }

    /** Whole seconds, at least one. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
