package dev.tillbridge.events.health;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A job run every {@code period} on a thread of its own, at a fixed rate: a round that overruns is followed at once
 * by the next, never overlapped. A job that health watches beats its {@link Heartbeat} at the end of each round.
 * <p>
 * For jobs whose period is a promise to users (the poller's cycle tick: a cycle due at 12:00:02 must start then).
 * Quarkus' {@code @Scheduled(every = ...)} cannot keep it: its scheduler looks at its triggers once a second, starting
 * on a whole second, and fires an interval trigger only when a full interval has passed since the last firing
 * <em>truncated to the second</em>. The look-ups sit on the second boundary, so one that runs a millisecond early
 * (the monotonic clock and the wall clock drift apart) finds 999 ms and waits for the next: "every 1s" is now and then
 * 2 s, and a period under a second runs once a second.
 */
public final class Ticker implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Ticker.class);
    private static final Duration ROUND_END_WAIT = Duration.ofSeconds(10);

    private final ScheduledExecutorService thread;

    private Ticker(ScheduledExecutorService thread) {
        this.thread = thread;
    }

    /**
     * Starts {@code round} of {@code job} (a name for its thread and the log) after {@code firstDelay}, then every
     * {@code period}. A round that throws is logged and the next one runs as planned; an {@link Error} ends the
     * ticker (a heartbeat the round beats then falls silent, and health says so).
     */
    public static Ticker start(String job, Duration firstDelay, Duration period, Runnable round) {
        Objects.requireNonNull(round);
        String name = job.replace(' ', '-');
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        thread.scheduleAtFixedRate(
                () -> {
                    try {
                        round.run();
                    } catch (RuntimeException e) {
                        LOG.errorf(e, "The %s's round failed; the next one runs on time", job);
                    }
                },
                firstDelay.toNanos(),
                period.toNanos(),
                TimeUnit.NANOSECONDS);
        return new Ticker(thread);
    }

    /**
     * No round starts after this; one running now is given up to {@code ROUND_END_WAIT} to finish, so what it claimed
     * is in hand before the caller's own resources close.
     */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(ROUND_END_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
