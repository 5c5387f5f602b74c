package dev.tillbridge.status.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

/** Every status-api setting an operator may change (see README.md for the environment variables). */
@ConfigMapping(prefix = "tillbridge.status")
public interface StatusApiConfig {

    /** The zone whose midnight starts "today" in the order counts. */
    @WithDefault("UTC")
    ZoneId timeZone();

    /**
     * How long a precomputed status document is served before it is built again: the longest a change
     * applied by another replica (or the turn of the day in the counts) takes to show.
     */
    @WithDefault("PT1S")
    Duration statusCacheTtl();

    /** How often a Server-Sent Events stream sends a comment line, so proxies keep it open. */
    @WithDefault("PT15S")
    Duration sseKeepAlive();

    /**
     * How often an open Server-Sent Events stream checks that its integration is still the one it was opened on
     * (not deleted, not created again, same owner); a stream also ends at its token's expiry and when it
     * carries an integration change that fails the check.
     */
    @WithDefault("PT5S")
    Duration sseRecheck();

    Retention retention();

    Alerts alerts();

    Paging paging();

    Http http();

    Outbox outbox();

    Quota quota();

    Story story();

    Resync resync();

    /** Resyncs (POST /integrations/{id}/resync): the poller re-reads orders from a date. */
    interface Resync {
        /** How far back a resync may start: a longer span is refused (422). */
        @WithDefault("90d")
        Duration maxSpan();
    }

    /** One order's story (GET /integrations/{id}/orders/{ref}); kept as long as the orders (retention.orders). */
    interface Story {
        /**
         * Most facts kept per order: beyond it the oldest "seen" versions are dropped first (counted in the story's
         * {@code factsDropped}), so an order Magento changes all day long cannot grow without bound.
         */
        @WithDefault("200")
        int maxFactsPerOrder();
    }

    /** What one tenant may take (Quotas); each refusal is a 429 with Retry-After. */
    interface Quota {
        /** Live integrations one account may have. */
        @WithDefault("1000")
        int integrationsPerAccount();

        /** Event streams (the Status page's live updates) one caller may hold open at once, per replica. */
        @WithDefault("20")
        int streamsPerCaller();

        /** Re-download requests one account may make per minute, per replica. */
        @WithDefault("60")
        int redownloadsPerMinute();

        /** The Retry-After of a refused create (the account is full until it deletes an integration). */
        @WithDefault("PT1M")
        Duration retryAfterWhenFull();

        /** The Retry-After of a refused event stream. */
        @WithDefault("PT10S")
        Duration sseRetry();
    }

    interface Retention {
        /** Log lines older than this are deleted. */
        @WithDefault("P14D")
        Duration logs();

        /**
         * Downloaded and skipped orders older than this are deleted (counts cover 7 days); so are order stories whose
         * last fact is older.
         */
        @WithDefault("P30D")
        Duration orders();

        /** Envelope ids of applied records are kept this long to recognise redeliveries. */
        @WithDefault("P35D")
        Duration processedEvents();

        /** How often the purge runs (a scheduler duration: 1h, 30m, PT1H). */
        @WithDefault("1h")
        String purgeEvery();
    }

    interface Alerts {
        /** Whether status-api raises SYNC_STALLED and PRODUCT_SYNC_LOOPING itself. */
        @WithDefault("true")
        boolean enabled();

        /** How often the alert rules run (a scheduler duration: 30s, PT30S). */
        @WithDefault("30s")
        String evaluateEvery();

        /**
         * Integrations whose last sync cycle and product progress are older than this are not evaluated
         * (an alert already raised stays raised); it keeps a replay of old history from raising alerts.
         */
        @WithDefault("PT24H")
        Duration horizon();

        /**
         * Alerts are raised only for accounts whose id matches this regular expression (default: every
         * account): to trial the alerts with some accounts, or to keep a test or benchmark instance on a
         * shared broker from alerting about other people's integrations.
         */
        @WithDefault(".*")
        String accounts();

        /** The sync interval assumed for an integration whose configuration does not say. */
        @WithDefault("60")
        int defaultSyncIntervalSeconds();

        /** SYNC_STALLED: Magento has had a change the last sync did not cover for more than this many intervals. */
        @WithDefault("2")
        int stalledAfterIntervals();

        /** SYNC_STALLED: no successful cycle for more than this many intervals. */
        @WithDefault("3")
        int noSuccessAfterIntervals();

        /** PRODUCT_SYNC_LOOPING: a run restarted at least this many times without completing. */
        @WithDefault("2")
        int loopingAfterRestarts();
    }

    interface Paging {
        @WithDefault("50")
        int defaultLimit();

        @WithDefault("200")
        int maxLimit();
    }

    interface Http {
        /**
         * The longest request URI (path and query) answered as usual; a longer one is refused with 414. The
         * HTTP layer's own limit ({@code quarkus.http.limits.max-initial-line-length}) stays well above it.
         */
        @WithDefault("8192")
        int maxUriLength();

        /**
         * The largest sum of request headers answered as usual; more is refused with 431. The HTTP layer's own
         * limit ({@code quarkus.http.limits.max-header-size}) stays well above it.
         */
        @WithDefault("32K")
        MemorySize maxHeaderSize();
    }

    interface Outbox {
        /**
         * How often the relay looks for records to publish (a scheduler duration). A commit wakes the relay of
         * its own replica at once; this catches the rest: other replicas' records, retries after a failure.
         */
        @WithDefault("1s")
        String relayEvery();

        /** Most records published in one round (one per key: later records of a key wait for the next round). */
        @WithDefault("100")
        int batchSize();

        /**
         * Longest wait for the broker in one round: for its metadata, then for the acknowledgements. Records
         * not acknowledged by then stay in the outbox for the next round.
         */
        @WithDefault("PT10S")
        Duration sendTimeout();

        /** Readiness goes DOWN while the oldest record waiting is older than this: the relay is behind. */
        @WithDefault("PT1M")
        Duration maxAge();

        /** Readiness goes DOWN when the relay has not finished a round for this long: it is stuck. */
        @WithDefault("PT1M")
        Duration stallAfter();

        /** The broker the relay publishes to, when it is not {@code kafka.bootstrap.servers}. */
        Optional<String> bootstrapServers();
    }
}
