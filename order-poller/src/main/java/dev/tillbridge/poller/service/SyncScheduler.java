package dev.tillbridge.poller.service;

import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.health.Heartbeat;
import dev.tillbridge.events.health.Ticker;
import dev.tillbridge.events.integration.IntegrationDirectory;
import dev.tillbridge.magento.CredentialSealer;
import dev.tillbridge.magento.MagentoClient;
import dev.tillbridge.magento.MagentoClients;
import dev.tillbridge.poller.config.PollerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Starts the cycles that are due. Every tick, one statement claims every enabled integration that is due and not
 * leased, up to the free cycle slots ({@link PollSchedule#claimDue}): the lease taken and the next run moved
 * to "now + lease duration" in the same row, so a replica that dies hands its integrations over after one lease
 * period. Each claimed cycle runs on the cycle pool, at most {@code max-concurrent-per-host} at once against one
 * Magento host; its end writes the row once more ({@link PollSchedule#finish}: lease released, next run one
 * interval after this cycle's start), for every cycle that ended since the last tick in one statement at the start of
 * the next tick (a fleet's cycles end a hundred a second; until then the lease, still held, keeps the row from
 * being claimed). Leases of long cycles are renewed in one statement per tick, only when half
 * their period has passed, so short cycles never renew.
 */
@ApplicationScoped
public class SyncScheduler {

    private static final Logger LOG = Logger.getLogger(SyncScheduler.class);
    private static final Duration FIRST_TICK = Duration.ofSeconds(1);

    private final IntegrationDirectory directory;
    private final PollSchedule schedule;
    private final SyncStateRepository repository;
    private final SyncCycleRunner runner;
    private final MagentoClients magento;
    private final PollerConfig config;
    private final Clock clock;
    private final String owner;
    private final ExecutorService cycles;
    /** Integrations this replica is polling now: whether it still holds their lease, and until when. */
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    /** Cycles in flight per Magento host (scheme, host and port of the store's base URL). */
    private final Map<String, Semaphore> hosts = new ConcurrentHashMap<>();

    /** Cycles ended since the last tick, their leases to be released in one statement. */
    private final Queue<PollSchedule.Finished> finished = new ConcurrentLinkedQueue<>();

    private final AtomicLong cyclesStarted = new AtomicLong();
    private final Heartbeat heartbeat;
    private volatile Ticker ticker;

    private static final class Running {
        final AtomicBoolean leased = new AtomicBoolean(true);
        volatile Instant leasedUntil;
        /** When the cycle itself started (after waiting for its host): the next one is due an interval later. */
        volatile Instant startedAt;

        Running(Instant leasedUntil) {
            this.leasedUntil = leasedUntil;
        }
    }

    public SyncScheduler(
            IntegrationDirectory directory,
            PollSchedule schedule,
            SyncStateRepository repository,
            SyncCycleRunner runner,
            MagentoClients magento,
            PollerConfig config,
            Clock clock) {
        this.directory = directory;
        this.schedule = schedule;
        this.repository = repository;
        this.runner = runner;
        this.magento = magento;
        this.config = config;
        this.clock = clock;
        this.owner = config.instanceId().orElseGet(SyncScheduler::defaultOwner);
        this.cycles = Executors.newFixedThreadPool(config.maxConcurrentCycles(), r -> {
            Thread t = new Thread(r, "sync-cycle");
            t.setDaemon(true);
            return t;
        });
        this.heartbeat = new Heartbeat("sync scheduler", config.stallAfter());
    }

    /**
     * Ticks from the end of start-up (emitters connected) until shut-down begins (before beans close), on a
     * {@link Ticker}: Quarkus' scheduler skips a 1-s tick now and then, which made a cycle due every 2 s wait 3.
     */
    void startTicking(@Observes StartupEvent started) {
        ticker = Ticker.start("sync scheduler", FIRST_TICK, config.tick(), this::tick);
    }

    void stopTicking(@Observes ShutdownEvent stopping) {
        if (ticker != null) {
            ticker.close();
        }
    }

    /** One round: release what ended, renew long leases, claim and start what is due. */
    public void tick() {
        try {
            startDueCycles();
        } finally {
            heartbeat.beat();
        }
    }

    private void startDueCycles() {
        releaseFinished();
        Instant now = clock.instant();
        renewLeases(now);
        int free = config.maxConcurrentCycles() - running.size();
        if (free <= 0) {
            return;
        }
        Instant leasedUntil = now.plus(config.leaseDuration());
        List<PollSchedule.Claimed> claimed =
                schedule.claimDue(owner, now, config.tick(), leasedUntil, free, List.copyOf(running.keySet()));
        for (PollSchedule.Claimed c : claimed) {
            Running r = new Running(leasedUntil);
            running.put(c.integration().integrationId(), r);
            cyclesStarted.incrementAndGet();
            cycles.submit(() -> runCycle(c.integration(), r));
        }
    }

    /** One statement for the running cycles whose lease is half gone; a lease that could not be renewed is lost. */
    private void renewLeases(Instant now) {
        Instant half = now.plus(config.leaseDuration().dividedBy(2));
        List<String> renew = running.entrySet().stream()
                .filter(e -> e.getValue().leasedUntil.isBefore(half))
                .map(Map.Entry::getKey)
                .toList();
        if (renew.isEmpty()) {
            return;
        }
        Instant until = now.plus(config.leaseDuration());
        var renewed = schedule.renewLeases(renew, owner, until);
        for (String id : renew) {
            Running r = running.get(id);
            if (r == null) {
                continue;
            }
            if (renewed.contains(id)) {
                r.leasedUntil = until;
            } else if (r.leased.getAndSet(false)) {
                LOG.warnf("Integration %s: lease lost to another replica", id);
            }
        }
    }

    private void runCycle(IntegrationConfigured integration, Running r) {
        String id = integration.integrationId();
        Semaphore host = hosts.computeIfAbsent(hostOf(integration), h -> new Semaphore(config.maxConcurrentPerHost()));
        boolean acquired = false;
        try {
            host.acquire();
            acquired = true;
            MagentoClient client;
            try {
                client = magento.forIntegration(integration);
            } catch (CredentialSealer.CredentialsUnreadableException e) {
                runner.credentialsUnreadable(integration, e.getMessage());
                return;
            } catch (IllegalArgumentException | IllegalStateException e) {
                // Unreadable credentials or URL: a configuration problem no retry soon will fix.
                LOG.errorf("Integration %s: cannot reach Magento: %s", id, e.getMessage());
                repository.postpone(
                        id, repository.load(id).generation(), 1, clock.instant().plus(config.maxBackoff()));
                return;
            }
            r.startedAt = clock.instant();
            runner.run(integration, client, owner, r.leased::get);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A bug or a database outage, not Magento: say so and let a later tick try again.
            LOG.errorf("Integration %s: cycle aborted: %s", id, e.toString());
        } finally {
            if (acquired) {
                host.release();
            }
            // Due again one interval after this cycle started (a failure's back-off is in sync_state).
            Instant started = r.startedAt == null ? clock.instant() : r.startedAt;
            finished.add(new PollSchedule.Finished(id, started.plusSeconds(integration.syncIntervalSeconds())));
            running.remove(id);
        }
    }

    /** The leases of the cycles that ended since the last tick, released in one statement. */
    private void releaseFinished() {
        List<PollSchedule.Finished> ended = new ArrayList<>();
        for (PollSchedule.Finished f; (f = finished.poll()) != null; ) {
            ended.add(f);
        }
        if (ended.isEmpty()) {
            return;
        }
        try {
            schedule.finish(ended, owner);
        } catch (RuntimeException e) {
            LOG.warnf("%d leases not released (they run out by themselves): %s", ended.size(), e.getMessage());
        }
    }

    static String hostOf(IntegrationConfigured integration) {
        try {
            URI uri = URI.create(integration.magento().baseUrl());
            return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
        } catch (RuntimeException e) {
            return String.valueOf(integration.magento().baseUrl());
        }
    }

    public String owner() {
        return owner;
    }

    /** The scheduler's pulse, for health: a tick that never completes stops every integration's cycles. */
    public Heartbeat heartbeat() {
        return heartbeat;
    }

    /** Cycles this replica started since it came up. */
    public long cyclesStarted() {
        return cyclesStarted.get();
    }

    @PreDestroy
    public void stop() {
        cycles.shutdownNow();
        // What ended is handed back now rather than when the leases run out: a rolling update moves on at once.
        releaseFinished();
    }

    private static String defaultOwner() {
        try {
            return InetAddress.getLocalHost().getHostName() + "-"
                    + UUID.randomUUID().toString().substring(0, 8);
        } catch (IOException e) {
            return "poller-" + UUID.randomUUID();
        }
    }
}
