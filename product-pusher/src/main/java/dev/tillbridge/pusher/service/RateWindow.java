package dev.tillbridge.pusher.service;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * A run's current rate: products counted per second over the last {@code span} (10 s on the dashboard),
 * from samples of the run's done count; and the time left at that rate.
 */
public final class RateWindow {

    private record Sample(long nanos, int done) {}

    private final long spanNanos;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    public RateWindow(Duration span) {
        this.spanNanos = span.toNanos();
    }

    public synchronized void sample(long nanos, int done) {
        samples.addLast(new Sample(nanos, done));
        while (samples.size() > 2 && nanos - samples.peekFirst().nanos() > spanNanos) {
            samples.removeFirst();
        }
    }

    /** Products per second, 0 until the samples span at least half a second. */
    public synchronized double perSecond() {
        if (samples.size() < 2) {
            return 0;
        }
        Sample first = samples.peekFirst();
        Sample last = samples.peekLast();
        long elapsed = last.nanos() - first.nanos();
        if (elapsed < 500_000_000L) {
            return 0;
        }
        return Math.max(0, (last.done() - first.done()) * 1e9 / elapsed);
    }

    /** Seconds left for {@code remaining} products at the current rate; null while no rate is known. */
    public Long etaSeconds(int remaining) {
        if (remaining <= 0) {
            return 0L;
        }
        double rate = perSecond();
        return rate <= 0 ? null : (long) Math.ceil(remaining / rate);
    }
}
