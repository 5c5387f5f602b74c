package dev.tillbridge.poller.resync;

import dev.tillbridge.events.health.Ticker;
import dev.tillbridge.magento.MagentoClients;
import dev.tillbridge.poller.config.PollerConfig;
import dev.tillbridge.poller.service.SyncScheduler;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Runs the resyncs next to the regular cycles, on its own tick and thread so a cycle never waits for one: every tick
 * it leases the running resyncs that are due (at most {@code resync.max-concurrent}) and runs one bounded step of each
 * ({@code resync.pages-per-tick} pages), so a resync of a large span costs each store a few requests per tick.
 */
@ApplicationScoped
public class ResyncScheduler {

    private static final Logger LOG = Logger.getLogger(ResyncScheduler.class);
    private static final Duration FIRST_TICK = Duration.ofSeconds(1);

    private final ResyncRepository resyncs;
    private final ResyncRunner runner;
    private final MagentoClients magento;
    private final PollerConfig config;
    private final Clock clock;
    private final String owner;
    private volatile Ticker ticker;

    public ResyncScheduler(
            ResyncRepository resyncs,
            ResyncRunner runner,
            MagentoClients magento,
            PollerConfig config,
            Clock clock,
            SyncScheduler cycles) {
        this.resyncs = resyncs;
        this.runner = runner;
        this.magento = magento;
        this.config = config;
        this.clock = clock;
        this.owner = cycles.owner();
    }

    /** Ticks from the end of start-up until shut-down begins, on a {@link Ticker} as the cycles' scheduler does. */
    void startTicking(@Observes StartupEvent started) {
        ticker = Ticker.start("resync scheduler", FIRST_TICK, config.resync().tick(), this::tick);
    }

    void stopTicking(@Observes ShutdownEvent stopping) {
        if (ticker != null) {
            ticker.close();
        }
    }

    /** One round: lease the due resyncs and run one bounded step of each. */
    public void tick() {
        Instant now = clock.instant();
        var claimed = resyncs.claim(
                owner, now, now.plus(config.leaseDuration()), config.resync().maxConcurrent());
        for (ResyncRepository.Claimed c : claimed) {
            String id = c.integration().integrationId();
            try {
                runner.step(c, magento.forIntegration(c.integration()), owner);
            } catch (RuntimeException e) {
                // Credentials, the database or a bug: the lease runs out and a later tick tries again.
                LOG.errorf(
                        "Integration %s: resync %s step aborted: %s",
                        id, c.resync().resyncId(), e.toString());
            }
        }
    }
}
