package dev.tillbridge.poller.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** order-poller's settings (see README). */
@ConfigMapping(prefix = "tillbridge.poller")
public interface PollerConfig {

    /** How far before the watermark each cycle starts: second-precision timestamps and late commits. */
    @WithDefault("120s")
    Duration overlap();

    /** Orders per GET /V1/orders request (Magento's input limit allows at most 300). */
    @WithDefault("100")
    int pageSize();

    /** How often the scheduler looks for integrations whose cycle is due. */
    @WithDefault("1s")
    Duration tick();

    /** How long a replica holds an integration; a replica that dies loses it after this. */
    @WithDefault("30s")
    Duration leaseDuration();

    /** Cycles run at once by one replica (each is one integration, on a thread of its own while it waits for Magento). */
    @WithDefault("256")
    int maxConcurrentCycles();

    /** Cycles run at once by one replica against one Magento host (scheme, host and port of the base URL). */
    @WithDefault("16")
    int maxConcurrentPerHost();

    /** Longest wait between failed cycles (the back-off doubles from the sync interval). */
    @WithDefault("15m")
    Duration maxBackoff();

    /** A scheduler that has not completed a tick for this long is stuck: health goes DOWN and the pod restarts. */
    @WithDefault("60s")
    Duration stallAfter();

    /** This replica's name in leases; defaults to host name and a random suffix. */
    Optional<String> instanceId();

    /** Resyncs: re-reads from a date an operator asked for, next to the regular cycles. */
    ResyncConfig resync();

    interface ResyncConfig {

        /** Pages one resync reads per tick (a step): bounds what a resync costs the store next to its cycles. */
        @WithDefault("5")
        int pagesPerTick();

        /** How often due resync steps are looked for. */
        @WithDefault("1s")
        Duration tick();

        /** Resyncs one replica steps per tick. */
        @WithDefault("16")
        int maxConcurrent();
    }

    /** The periodic sweep for orders Magento committed too late for the regular window. */
    SweepConfig sweep();

    interface SweepConfig {

        /** How often each integration's recent orders are compared with what was published. */
        @WithDefault("1h")
        Duration interval();

        /** How far before the watermark the sweep reads (and how long published versions are remembered). */
        @WithDefault("24h")
        Duration span();
    }
}
