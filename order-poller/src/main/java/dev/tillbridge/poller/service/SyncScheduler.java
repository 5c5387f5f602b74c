package dev.tillbridge.poller.service;

import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.health.Heartbeat;
import dev.tillbridge.events.integration.IntegrationDirectory;
import dev.tillbridge.magento.CredentialSealer;
import dev.tillbridge.magento.MagentoClient;
import dev.tillbridge.magento.MagentoClients;
import dev.tillbridge.poller.config.PollerConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Starts the cycles that are due, one integration per lease: every tick it looks at the enabled
 * integrations whose next cycle is due, takes their lease in PostgreSQL (only one replica wins), and runs
 * each on the cycle pool. The lease is held for the whole cycle and renewed by every tick while it runs,
 * so a replica that dies loses its integrations within one lease period.
 */
@ApplicationScoped
public class SyncScheduler {

    private static final Logger LOG = Logger.getLogger(SyncScheduler.class);

    private final IntegrationDirectory directory;
    private final SyncStateRepository repository;
    private final SyncCycleRunner runner;
    private final MagentoClients magento;
    private final PollerConfig config;
    private final Clock clock;
    private final String owner;
    private final ExecutorService cycles;
    /** Integrations this replica is polling now, and whether it still holds their lease. */
    private final Map<String, AtomicBoolean> running = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong cyclesStarted = new java.util.concurrent.atomic.AtomicLong();
    private final Heartbeat heartbeat;

    public SyncScheduler(IntegrationDirectory directory, SyncStateRepository repository, SyncCycleRunner runner,
                         MagentoClients magento, PollerConfig config, Clock clock) {
        this.directory = directory;
        this.repository = repository;
        this.runner = runner;
        this.magento = magento;
        this.config = config;
        this.clock = clock;
        this.owner = config.instanceId().orElseGet(SyncScheduler::defaultOwner);
        this.cycles = Executors.newFixedThreadPool(config.maxConcurrentCycles());
        this.heartbeat = new Heartbeat("sync scheduler", config.stallAfter());
    }

    @Scheduled(every = "${tillbridge.poller.tick:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            // Not before start-up has finished (emitters connected) nor while shutting down (beans closing).
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public void tick() {
        try {
            startDueCycles();
        } finally {
            heartbeat.beat();
        }
    }

    private void startDueCycles() {
        var now = clock.instant();
        // Renew what we are working on, so a long cycle keeps its integration; a cycle whose lease could not
        // be renewed (another replica took it after it ran out) stops at its next request.
        running.forEach((id, leased) -> {
            if (!repository.tryLease(id, owner, now, config.leaseDuration()) && leased.getAndSet(false)) {
                LOG.warnf("Integration %s: lease lost to another replica", id);
            }
        });
        Map<String, IntegrationConfigured> enabled = directory.enabled().stream()
                .collect(Collectors.toMap(IntegrationConfigured::integrationId, Function.identity()));
        List<String> due = repository.due(List.copyOf(enabled.keySet()), now);
        for (String id : due) {
            if (running.size() >= config.maxConcurrentCycles() || running.containsKey(id)) {
                continue;
            }
            if (repository.tryLease(id, owner, now, config.leaseDuration())) {
                AtomicBoolean leased = new AtomicBoolean(true);
                running.put(id, leased);
                cyclesStarted.incrementAndGet();
                cycles.submit(() -> runCycle(enabled.get(id), leased));
            }
        }
    }

    private void runCycle(IntegrationConfigured integration, AtomicBoolean leased) {
        String id = integration.integrationId();
        try {
            MagentoClient client;
            try {
                client = magento.forIntegration(integration);
            } catch (CredentialSealer.CredentialsUnreadableException e) {
                runner.credentialsUnreadable(integration, e.getMessage());
                return;
            } catch (IllegalArgumentException | IllegalStateException e) {
                // Unreadable credentials or URL: a configuration problem no retry soon will fix.
                LOG.errorf("Integration %s: cannot reach Magento: %s", id, e.getMessage());
                repository.postpone(id, repository.load(id).generation(), 1, clock.instant().plus(config.maxBackoff()));
                return;
            }
            runner.run(integration, client, owner, leased::get);
        } catch (RuntimeException e) {
            // A bug or a database outage, not Magento: say so and let the next tick try again.
            LOG.errorf("Integration %s: cycle aborted: %s", id, e.toString());
        } finally {
            running.remove(id);
            repository.releaseLease(id, owner);
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
    }

    private static String defaultOwner() {
        try {
            return InetAddress.getLocalHost().getHostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
        } catch (java.io.IOException e) {
            return "poller-" + UUID.randomUUID();
        }
    }
}
