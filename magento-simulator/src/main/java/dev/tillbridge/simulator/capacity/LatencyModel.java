package dev.tillbridge.simulator.capacity;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The time every Magento call of every store takes before it is handled, on top of the store's capacity model:
 * uniform in {@code meanMs ± jitterMs} (network, PHP bootstrap, MySQL). A fleet benchmark sets it so a client
 * cannot hide blocking behind a fast fake; {@link #none()} (the default) adds nothing. Admin calls are not delayed.
 */
public record LatencyModel(long meanMs, long jitterMs) {

    public LatencyModel {
        if (meanMs < 0 || jitterMs < 0 || jitterMs > meanMs) {
            throw new IllegalArgumentException("latency needs 0 <= jitter <= mean, got " + meanMs + " ± " + jitterMs);
        }
    }

    public static LatencyModel none() {
        return new LatencyModel(0, 0);
    }

    /** One call's delay in milliseconds. */
    public long sampleMs() {
        if (jitterMs == 0) {
            return meanMs;
        }
        return meanMs - jitterMs + ThreadLocalRandom.current().nextLong(2 * jitterMs + 1);
    }
}
