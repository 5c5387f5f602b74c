package dev.tillbridge.poller.metrics;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The fleet metrics of {@link PollerMetrics} (README, "Settings"). */
@ConfigMapping(prefix = "tillbridge.poller.metrics")
public interface PollerMetricsConfig {

    /** How often the fleet gauges are read from PostgreSQL. */
    @WithDefault("15s")
    Duration refresh();

    /** An enabled integration without a successful cycle for longer (or 3 sync intervals, if longer) is stalled. */
    @WithDefault("15m")
    Duration stalledAfter();
}
