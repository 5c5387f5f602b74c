package dev.tillbridge.poller.service;

import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.alert.AlertBook.Held;
import dev.tillbridge.events.order.OrderVersion;
import dev.tillbridge.events.tracing.SpanScope;
import dev.tillbridge.magento.MagentoClient;
import dev.tillbridge.magento.MagentoException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * One sync cycle of one integration, start to end: the {@code sync-cycles} records, the orders ({@link OrderSync}),
 * the wait for Kafka's acknowledgements, and only then the watermark ({@link WatermarkCommit}); the Info or Error
 * log line ({@link CycleRecords}); the alert raised on failure (with back-off) and resolved by the next good cycle
 * ({@link CycleAlerts}). A crash anywhere before the watermark commit repeats the cycle's reads next time; it never
 * loses an order.
 */
public final class SyncCycleRunner {

    private static final Logger LOG = Logger.getLogger(SyncCycleRunner.class);
    public static final String ORIGIN = "order-poller";

    private final SyncStateRepository repository;
    private final OrderPublisher publisher;
    private final Clock clock;
    private final Duration overlap;
    private final int pageSize;
    private final Duration maxBackoff;
    private final Duration sweepInterval;
    private final Duration sweepSpan;
    private final Tracer tracer;
    private final WatermarkCommit commit;
    private final CycleAlerts alerts;

    /** @param tracer the cycle's span: the root of the trace every order of the cycle carries to raw-orders */
    public SyncCycleRunner(
            SyncStateRepository repository,
            OrderPublisher publisher,
            Clock clock,
            Duration overlap,
            int pageSize,
            Duration maxBackoff,
            Duration sweepInterval,
            Duration sweepSpan,
            Tracer tracer) {
        this.tracer = tracer;
        this.repository = repository;
        this.publisher = publisher;
        this.clock = clock;
        this.overlap = overlap;
        this.pageSize = pageSize;
        this.maxBackoff = maxBackoff;
        this.sweepInterval = sweepInterval;
        this.sweepSpan = sweepSpan;
        this.commit = new WatermarkCommit(repository, sweepSpan);
        this.alerts = new CycleAlerts(repository, clock);
    }

    /** How a cycle ended. */
    public record Outcome(boolean succeeded, CycleReport report, String error) {}

    /** Runs a cycle with no other replica around (tests, tools). */
    public Outcome run(IntegrationConfigured integration, MagentoClient magento) {
        return run(integration, magento, null, () -> true);
    }

    /**
     * Runs a cycle as lease holder {@code owner}: it stops when {@code leased} turns false, and the
     * watermark commit is fenced by the lease in PostgreSQL.
     */
    public Outcome run(IntegrationConfigured integration, MagentoClient magento, String owner, BooleanSupplier leased) {
        // One span per cycle, current while it runs: Magento's client spans are its children, every record the
        // cycle publishes carries it (KafkaOrderPublisher) and its log lines its trace id: an order's trace starts
        // here.
        Span span = tracer.spanBuilder("sync cycle")
                .setAttribute("tillbridge.integration.id", integration.integrationId())
                .startSpan();
        try (SpanScope ignored = SpanScope.enter(span)) {
            Outcome outcome = runCycle(integration, magento, owner, leased);
            if (outcome.succeeded()) {
                span.setAttribute(
                        "tillbridge.orders.published", outcome.report().ordersPublished());
            } else {
                span.setStatus(StatusCode.ERROR);
            }
            return outcome;
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }

    private Outcome runCycle(
            IntegrationConfigured integration, MagentoClient magento, String owner, BooleanSupplier leased) {
        String id = integration.integrationId();
        long forgets = repository.forgets(id);
        SyncState state = repository.load(id);
        UUID cycleId = UUID.randomUUID();
        Instant started = clock.instant();
        OrderSync sync = new OrderSync(magento, publisher, clock, overlap, pageSize);
        Instant from = sync.windowStart(integration, state.watermark());
        CycleRecords records = new CycleRecords(publisher, clock, integration, cycleId);
        try {
            Map<Long, OrderVersion> known = repository.overlapVersions(id);
            // The STARTED record only once there is something to read: an idle cycle is one ENDED record.
            OrderSync.Result result = sync.run(
                    integration, state, known, cycleId, leased, sweep(state, started), () -> records.started(from));
            CycleRecords.awaitAll(result.sends());
            commit.commit(state, known, result, owner, leased, forgets, clock.instant());
            records.succeeded(
                    result.report(), Duration.between(started, clock.instant()).toMillis());
            alerts.succeeded(state, records);
            records.awaitQuietly();
            return new Outcome(true, result.report(), null);
        } catch (MagentoException e) {
            failed(
                    integration,
                    state,
                    started,
                    from,
                    new CycleFailure(e.alertCode(), LogService.MAGENTO, e.readableMessage(), e.route()),
                    records);
            records.awaitQuietly();
            return new Outcome(false, null, e.readableMessage());
        } catch (LeaseLost e) {
            // Another replica owns the integration now; its cycle records the outcome.
            LOG.warnf("Integration %s: cycle %s stopped: %s", id, cycleId, e.getMessage());
            return new Outcome(false, null, e.getMessage());
        } catch (IncarnationEnded e) {
            // Deleted meanwhile: what this cycle read belongs to no integration now; nothing is kept.
            LOG.infof("Integration %s: cycle %s dropped: %s", id, cycleId, e.getMessage());
            return new Outcome(false, null, e.getMessage());
        } catch (KafkaUnavailable e) {
            // Not Magento's fault: no alert for the store, but the cycle failed and the watermark stays.
            LOG.warnf("Integration %s: cycle %s failed: %s", id, cycleId, e.getMessage());
            repository.postpone(
                    id,
                    state.generation(),
                    state.failures() + 1,
                    clock.instant().plus(backoff(integration, state.failures() + 1)));
            return new Outcome(false, null, e.getMessage());
        }
    }

    /**
     * The sweep this cycle runs, or null: due once {@code sweepInterval} passed since the last one, over the
     * {@code sweepSpan} before the watermark (Magento's time, not ours), never before published orders were
     * recorded.
     */
    private OrderSync.Sweep sweep(SyncState state, Instant now) {
        if (state.watermark() == null
                || state.lastSweepAt() == null
                || state.recordedSince() == null
                || now.isBefore(state.lastSweepAt().plus(sweepInterval))) {
            return null;
        }
        Instant from = state.watermark().minus(sweepSpan);
        from = from.isBefore(state.recordedSince()) ? state.recordedSince() : from;
        return new OrderSync.Sweep(from, repository.publishedRecently(state.integrationId()));
    }

    /**
     * The cycle could not start because Tillbridge cannot open the integration's stored credentials (its key
     * changed): a FAILED cycle, an Error line and a {@code CREDENTIALS_UNREADABLE} alert, backed off like any
     * failure so the integration does not take a cycle slot every tick. Magento is not asked.
     */
    public Outcome credentialsUnreadable(IntegrationConfigured integration, String reason) {
        SyncState state = repository.load(integration.integrationId());
        Instant now = clock.instant();
        CycleRecords records = new CycleRecords(publisher, clock, integration, UUID.randomUUID());
        failed(
                integration,
                state,
                now,
                state.watermark() == null ? Instant.EPOCH : state.watermark(),
                new CycleFailure(
                        AlertCode.CREDENTIALS_UNREADABLE,
                        LogService.TILLBRIDGE,
                        "Tillbridge cannot open the stored Magento credentials of this integration. Enter the "
                                + "Magento access token again in the integration settings.",
                        "credentials"),
                records);
        records.awaitQuietly();
        LOG.errorf("Integration %s: %s", integration.integrationId(), reason);
        return new Outcome(false, null, reason);
    }

    /** A failed cycle: its end record, Error line and alert, then the failure streak and the next try. */
    private void failed(
            IntegrationConfigured integration,
            SyncState state,
            Instant started,
            Instant from,
            CycleFailure failure,
            CycleRecords records) {
        Instant now = clock.instant();
        records.failed(from, Duration.between(started, now).toMillis(), failure);
        Held alert = alerts.failed(state, failure, now, records);
        // The back-off counts from after the failure's records were stamped, so the next try is never sooner than
        // the back-off after the failure anyone sees (the scheduler claims a due cycle within one tick).
        int failures = state.failures() + 1;
        Instant next = clock.instant().plus(backoff(integration, failures));
        repository.recordFailure(state.integrationId(), state.generation(), failures, next, alert);
        LOG.warnf(
                "Integration %s: cycle %s failed (%s, %s): %s; next try at %s",
                state.integrationId(), records.cycleId(), failure.route(), failure.code(), failure.message(), next);
    }

    /** Doubles from the sync interval with every failed cycle, up to the maximum. */
    Duration backoff(IntegrationConfigured integration, int failures) {
        Duration interval = Duration.ofSeconds(integration.syncIntervalSeconds());
        Duration next = interval.multipliedBy(1L << Math.min(failures - 1, 16));
        return next.compareTo(maxBackoff) > 0 ? maxBackoff : next;
    }
}
