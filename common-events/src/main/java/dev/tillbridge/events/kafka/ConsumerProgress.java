package dev.tillbridge.events.kafka;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which consumers are held up by a transient failure right now, since when and why. {@link TransientRetry}
 * reports here; {@link ConsumersReadiness} turns a hold-up longer than a few seconds into readiness DOWN.
 */
@Singleton
public class ConsumerProgress {

    /** A channel retrying one record: since its first failure, how many attempts, and the last failure. */
    public record Stall(Instant since, int attempts, String reason) {}

    private final Map<String, Stall> stalls = new ConcurrentHashMap<>();

    void failed(String channel, Throwable failure) {
        String reason = failure.getClass().getSimpleName() + ": " + rootMessage(failure);
        stalls.merge(
                channel,
                new Stall(Instant.now(), 1, reason),
                (held, next) -> new Stall(held.since(), held.attempts() + 1, reason));
    }

    void progressed(String channel) {
        stalls.remove(channel);
    }

    /** The channels held up for longer than {@code threshold}, by name. */
    public Map<String, Stall> stalledLongerThan(Duration threshold) {
        Instant limit = Instant.now().minus(threshold);
        Map<String, Stall> result = new TreeMap<>();
        stalls.forEach((channel, stall) -> {
            if (stall.since().isBefore(limit)) {
                result.put(channel, stall);
            }
        });
        return result;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == failure
                ? String.valueOf(failure.getMessage())
                : root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
