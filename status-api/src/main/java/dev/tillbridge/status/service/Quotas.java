package dev.tillbridge.status.service;

import dev.tillbridge.status.config.StatusApiConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one tenant may take of a shared status-api, so it cannot crowd out the others: integrations per account,
 * open event streams per caller, re-downloads per account and minute. Each refusal is a 429 with {@code Retry-After}
 * naming the setting. The integration count is read from the database (every replica agrees); streams and
 * re-downloads are counted by each replica, so behind a load balancer with N replicas a tenant gets up to N times
 * the per-replica figure (a bound, which is what a quota is for, not a bill).
 */
@ApplicationScoped
public class Quotas {

    static final Duration MINUTE = Duration.ofMinutes(1);

    private final StatusApiConfig.Quota limits;
    private final Clock clock;
    private final Map<String, AtomicInteger> openStreams = new ConcurrentHashMap<>();
    private final Map<String, Deque<Instant>> redownloads = new ConcurrentHashMap<>();

    public Quotas(StatusApiConfig config, Clock clock) {
        this.limits = config.quota();
        this.clock = clock;
    }

    /** Before an account's next integration is created: {@code current} is how many it has now. */
    public void requireRoomForIntegration(String accountId, long current) {
        if (current >= limits.integrationsPerAccount()) {
            throw new QuotaExceededException(
                    "tillbridge.status.quota.integrations-per-account",
                    "Account " + accountId + " has " + current + " integrations, the most one account may have ("
                            + limits.integrationsPerAccount()
                            + "). Delete one first, or ask the operator to raise the limit.",
                    limits.retryAfterWhenFull());
        }
    }

    /** An open event stream, counted until {@link StreamLease#close()}. */
    public StreamLease openStream(Caller caller) {
        String key = caller.subject();
        AtomicInteger open = openStreams.computeIfAbsent(key, k -> new AtomicInteger());
        if (open.incrementAndGet() > limits.streamsPerCaller()) {
            open.decrementAndGet();
            throw new QuotaExceededException(
                    "tillbridge.status.quota.streams-per-caller",
                    "You have " + limits.streamsPerCaller() + " event streams open, the most one caller may have. "
                            + "Close one (a page left open in another tab keeps its stream).",
                    limits.sseRetry());
        }
        return new StreamLease(open);
    }

    /** Counts one re-download of the account, or refuses it with the time until the oldest of the minute ages out. */
    public void countRedownload(String accountId) {
        Instant now = clock.instant();
        Deque<Instant> recent = redownloads.computeIfAbsent(accountId, k -> new ArrayDeque<>());
        synchronized (recent) {
            while (!recent.isEmpty() && !recent.peekFirst().isAfter(now.minus(MINUTE))) {
                recent.pollFirst();
            }
            if (recent.size() >= limits.redownloadsPerMinute()) {
                throw new QuotaExceededException(
                        "tillbridge.status.quota.redownloads-per-minute",
                        "Account " + accountId + " asked for " + recent.size()
                                + " re-downloads in the last minute, the " + "most allowed. Try again shortly.",
                        Duration.between(now, recent.peekFirst().plus(MINUTE)));
            }
            recent.addLast(now);
        }
    }

    /** Ends the count of one stream; closing twice counts once. */
    public static final class StreamLease {
        private final AtomicInteger open;
        private final AtomicBoolean closed = new AtomicBoolean();

        StreamLease(AtomicInteger open) {
            this.open = open;
        }

        public void close() {
            if (closed.compareAndSet(false, true)) {
                open.decrementAndGet();
            }
        }
    }
}
