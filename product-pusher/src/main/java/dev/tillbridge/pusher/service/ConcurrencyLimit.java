package dev.tillbridge.pusher.service;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.FixedLimit;
import com.netflix.concurrency.limits.limit.VegasLimit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * How many saves one integration may have in flight at once: Netflix's concurrency-limits with its TCP-Vegas
 * limit, which compares each save's round trip with the lowest one seen (the store's no-load time) and so
 * estimates how many requests queue inside Magento. It grows while they do not queue, holds while a few
 * do, and shrinks when the queue grows and by one for each dropped save (429, 503, timeout, lost lock)
 * ({@link DropAwareVegasLimit}).
 *
 * <p>Vegas rather than Gradient2 or AIMD: a Magento store's service time is steady and its useful concurrency
 * small (its PHP workers), and Vegas' queue estimate works at limits of 2 to 20; Gradient2 ignores drops
 * altogether and keeps a fixed head-room of 4 queued requests, AIMD ignores latency and finds the limit only
 * by overflowing the store (a 503 every cycle). Never unbounded: {@code max} caps it.
 */
public final class ConcurrencyLimit {

    static final int ALPHA = 2;
    static final int BETA = 4;
    private static final int NO_PROBE = 1_000_000_000;

    private final Limit limit;
    private final SimpleLimiter<Void> limiter;

    private ConcurrencyLimit(Limit limit, LongSupplier nanoClock) {
        this.limit = limit;
        this.limiter =
                SimpleLimiter.newBuilder().limit(limit).nanoClock(nanoClock).build();
    }

    /**
     * Starts at {@code initial} (low: Magento deadlocks on concurrent product saves) and stays within
     * 1..{@code max}, one save at a time.
     */
    public static ConcurrencyLimit adaptive(int initial, int max) {
        return adaptive(initial, max, System::nanoTime);
    }

    /** With the clock round trips are measured by (tests drive it by hand). */
    static ConcurrencyLimit adaptive(int initial, int max, LongSupplier nanoClock) {
        if (initial < 1 || max < initial) {
            throw new IllegalArgumentException("need 1 <= initial <= max, got " + initial + " and " + max);
        }
        VegasLimit vegas = VegasLimit.newBuilder()
                .initialLimit(initial)
                .maxConcurrency(max)
                // Queue thresholds, in saves waiting inside Magento: grow by one while fewer than ALPHA wait, hold
                // up to BETA, shrink by one above. No quick climb (Vegas' "threshold"): on a busy host one lucky
                // round trip would add several saves at once and overflow a small store's queue.
                .thresholdFunction(current -> 0)
                .alphaFunction(current -> ALPHA)
                .betaFunction(current -> BETA)
                .increaseFunction(current -> current + 1)
                .decreaseFunction(current -> current - 1)
                .smoothing(1.0)
                // No probing: a probe takes the round trip of the moment as the store's no-load time, and
                // under steady saturation that round trip includes the queue, so each probe lets the queue
                // grow. The no-load time is the lowest round trip since the lane (re)started instead; a lane
                // idle for a while starts afresh (IntegrationLane), which follows a store that got slower.
                .probeMultiplier(NO_PROBE)
                .build();
        return new ConcurrencyLimit(new DropAwareVegasLimit(vegas), nanoClock);
    }

    /** A fixed window, for the benchmark's comparison and for operators who want one. */
    public static ConcurrencyLimit fixed(int concurrency) {
        return new ConcurrencyLimit(FixedLimit.of(concurrency), System::nanoTime);
    }

    /** A permit for one save, or empty when the integration is at its limit. */
    public Optional<Permit> tryAcquire() {
        return limiter.acquire(null).map(Permit::new);
    }

    public int limit() {
        return limit.getLimit();
    }

    public int inFlight() {
        return limiter.getInflight();
    }

    /** One save in flight. Exactly one of its three methods ends it. */
    public static final class Permit {
        private final Limiter.Listener listener;
        private boolean released;

        private Permit(Limiter.Listener listener) {
            this.listener = listener;
        }

        /** Magento answered in time: the round trip is a latency sample. */
        public void completed() {
            release(Limiter.Listener::onSuccess);
        }

        /** Magento was overloaded (or a lock was lost): shrink. */
        public void dropped() {
            release(Limiter.Listener::onDropped);
        }

        /** The answer says nothing about load (a rejected product, a 401): no sample. */
        public void ignored() {
            release(Limiter.Listener::onIgnore);
        }

        private synchronized void release(Consumer<Limiter.Listener> how) {
            if (!released) {
                released = true;
                how.accept(listener);
            }
        }
    }
}
