package dev.tillbridge.pusher.service;

import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.magento.MagentoClient;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One integration's way to its Magento store: its waiting products, its concurrency limit (a store is one
 * shared resource, so the limit is per integration, not per product or per partition), and its pause when
 * the store said it is unavailable or refused the credentials.
 */
final class IntegrationLane {

    private final String integrationId;
    private final PendingProducts pending = new PendingProducts();
    /** A lane idle this long forgets its store's round trips and starts low again (the store may have changed). */
    static final long IDLE_RESET_NANOS = TimeUnit.MINUTES.toNanos(5);

    private final PushSettings settings;
    private ConcurrencyLimit putLimit;
    private long lastDispatchNanos = System.nanoTime();
    private final ConcurrencyLimit bulkLimit;
    private final SendModeChooser chooser;
    private final Backoff backoff;
    private final Duration authRetry;

    private IntegrationConfigured config;
    private MagentoClient client;

    private long pausedUntilNanos;
    private long bulkRefusedUntilNanos;
    private boolean bulkRefused;
    private long lastPauseStartedNanos = Long.MIN_VALUE;
    private int unavailableStreak;
    /** When the store last began failing without an answer in between (nanos), or 0. */
    private long failingSinceNanos;

    private String lastTransientError;

    IntegrationLane(IntegrationConfigured config, MagentoClient client, PushSettings settings) {
        this.integrationId = config.integrationId();
        this.config = config;
        this.client = client;
        this.settings = settings;
        this.putLimit = settings.newLimit();
        this.bulkLimit = ConcurrencyLimit.fixed(Math.max(1, settings.bulkConcurrency()));
        this.chooser = new SendModeChooser(settings.modeWindow(), settings.modeRetrial(), settings.bulkSize());
        this.backoff = settings.backoff();
        this.authRetry = settings.authRetry();
    }

    String integrationId() {
        return integrationId;
    }

    synchronized IntegrationConfigured config() {
        return config;
    }

    synchronized String accountId() {
        return config.accountId();
    }

    synchronized MagentoClient client() {
        return client;
    }

    /** A newer configuration (a changed token or URL): a new client, and a credentials pause ends. */
    synchronized boolean reconfigure(IntegrationConfigured newer, MagentoConnector connector) {
        if (newer.revision() == config.revision() && newer.magento().equals(config.magento())) {
            return false;
        }
        this.client = connector.connect(newer);
        this.config = newer;
        this.pausedUntilNanos = 0;
        return true;
    }

    PendingProducts pending() {
        return pending;
    }

    synchronized ConcurrencyLimit putLimit() {
        return putLimit;
    }

    /** The limit to dispatch with now: a fresh one after a long idle spell with nothing in flight. */
    synchronized ConcurrencyLimit putLimitFor(long nowNanos) {
        if (nowNanos - lastDispatchNanos > IDLE_RESET_NANOS && putLimit.inFlight() == 0) {
            putLimit = settings.newLimit();
        }
        lastDispatchNanos = nowNanos;
        return putLimit;
    }

    SendModeChooser chooser() {
        return chooser;
    }

    ConcurrencyLimit bulkLimit() {
        return bulkLimit;
    }

    /** Magento refused the bulk endpoint itself: PUT only until {@code untilNanos}. */
    synchronized void refuseBulk(long untilNanos) {
        bulkRefused = true;
        bulkRefusedUntilNanos = untilNanos;
    }

    synchronized boolean bulkRefused(long nowNanos) {
        if (bulkRefused && nowNanos - bulkRefusedUntilNanos >= 0) {
            bulkRefused = false;
        }
        return bulkRefused;
    }

    synchronized boolean paused(long nowNanos) {
        return nowNanos - pausedUntilNanos < 0;
    }

    synchronized long pausedUntilNanos() {
        return pausedUntilNanos;
    }

    /**
     * The store answered 429/5xx or not at all. Only a failure of a send started after the last failure
     * began a streak step (a probe) lengthens the streak: the rest of the window that was in flight fails at
     * once and must not count as many failures in a row. The first failure of a streak only shrinks the
     * concurrency limit (a full queue at the store's proxy answers 503 too, and fewer saves at once cure it);
     * from the second on, or whenever the store sent Retry-After, the integration pauses. Returns the pause.
     */
    synchronized Duration unavailable(
            long sendStartedNanos, long nowNanos, Optional<Duration> retryAfter, String message) {
        if (unavailableStreak == 0 || sendStartedNanos - lastPauseStartedNanos >= 0) {
            unavailableStreak++;
            lastPauseStartedNanos = nowNanos;
        }
        if (failingSinceNanos == 0) {
            failingSinceNanos = nowNanos;
        }
        lastTransientError = message;
        if (unavailableStreak < 2 && retryAfter.isEmpty()) {
            return Duration.ZERO;
        }
        Duration pause = backoff.pause(
                unavailableStreak - 1,
                retryAfter,
                () -> ThreadLocalRandom.current().nextDouble());
        long until = nowNanos + pause.toNanos();
        if (until - pausedUntilNanos > 0) {
            pausedUntilNanos = until;
        }
        return pause;
    }

    /** 401 or a refused address: nothing goes through until the settings change, so wait (a new revision ends it). */
    synchronized void blocked(long nowNanos) {
        pausedUntilNanos = nowNanos + authRetry.toNanos();
    }

    /** Magento answered (saved or refused a product): the store is there. */
    synchronized void answered() {
        unavailableStreak = 0;
        failingSinceNanos = 0;
    }

    /** How long the store has been failing without an answer, or zero. */
    synchronized Duration failingFor(long nowNanos) {
        return failingSinceNanos == 0 ? Duration.ZERO : Duration.ofNanos(nowNanos - failingSinceNanos);
    }

    synchronized String lastTransientError() {
        return lastTransientError;
    }

    synchronized int unavailableStreak() {
        return unavailableStreak;
    }
}
