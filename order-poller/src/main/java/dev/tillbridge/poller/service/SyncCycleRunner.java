package dev.tillbridge.poller.service;

import dev.tillbridge.events.AlertChanged;
import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.AlertState;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.EventPayload;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.SyncCycle;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.order.OrderVersion;
import dev.tillbridge.events.tracing.SpanScope;
import dev.tillbridge.magento.MagentoClient;
import dev.tillbridge.magento.MagentoException;
import dev.tillbridge.magento.MagentoTime;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * One sync cycle of one integration, start to end: the {@code sync-cycles} records, the orders, the wait
 * for Kafka's acknowledgements, and only then the watermark; the Info or Error log line; the alert raised
 * on failure (with back-off) and resolved by the next good cycle. A crash anywhere before the watermark
 * commit repeats the cycle's reads next time; it never loses an order.
 */
public final class SyncCycleRunner {

    private static final Logger LOG = Logger.getLogger(SyncCycleRunner.class);
    public static final String ORIGIN = "order-poller";
    private static final Duration ACK_TIMEOUT = Duration.ofMinutes(2);

    private final SyncStateRepository repository;
    private final OrderPublisher publisher;
    private final Clock clock;
    private final Duration overlap;
    private final int pageSize;
    private final Duration maxBackoff;
    private final Duration sweepInterval;
    private final Duration sweepSpan;
    private final Tracer tracer;

    public SyncCycleRunner(
            SyncStateRepository repository,
            OrderPublisher publisher,
            Clock clock,
            Duration overlap,
            int pageSize,
            Duration maxBackoff,
            Duration sweepInterval,
            Duration sweepSpan) {
        this(
                repository,
                publisher,
                clock,
                overlap,
                pageSize,
                maxBackoff,
                sweepInterval,
                sweepSpan,
                OpenTelemetry.noop().getTracer(ORIGIN));
    }

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
        List<CompletableFuture<Void>> bookkeeping = new ArrayList<>();
        bookkeeping.add(
                send(integration, Topics.SYNC_CYCLES, id, cycleId + "|started", SyncCycle.started(id, cycleId, from)));
        try {
            Map<Long, OrderVersion> known = repository.overlapVersions(id);
            OrderSync.Result result = sync.run(integration, state, known, cycleId, leased, sweep(state, started));
            awaitAll(result.sends());
            Instant now = clock.instant();
            // The overlap versions were published by earlier cycles: recorded too, so the sweep knows them.
            if (nothingMoved(state, known, result)) {
                // Idle (issue 14): the watermarks, the highest id, the overlap versions and the sweep mark are what
                // the database holds already, so nothing is written; the schedule row's release is the only write.
                if (!leased.getAsBoolean()) {
                    throw new LeaseLost(id);
                }
                if (repository.forgets(id) != forgets) {
                    throw new IncarnationEnded(id);
                }
            } else {
                Map<Long, OrderVersion> published = new LinkedHashMap<>(known);
                published.putAll(result.published());
                repository.commitCycle(
                        id,
                        state.generation(),
                        owner,
                        result.report(),
                        result.versionsInOverlap(),
                        published,
                        sweepSpan,
                        now,
                        started.plusSeconds(integration.syncIntervalSeconds()));
            }
            succeeded(integration, state, cycleId, started, result.report(), bookkeeping);
            awaitQuietly(bookkeeping);
            return new Outcome(true, result.report(), null);
        } catch (MagentoException e) {
            failed(
                    integration,
                    state,
                    cycleId,
                    started,
                    from,
                    new Failure(e.alertCode(), LogService.MAGENTO, e.readableMessage(), e.route()),
                    bookkeeping);
            awaitQuietly(bookkeeping);
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
     * Whether a successful cycle changed nothing the next cycle reads from {@code sync_state} and
     * {@code published_version}: no order published, same watermarks and highest id, same overlap versions, no sweep,
     * no failure streak to reset, and a row that records already (not a first cycle).
     */
    static boolean nothingMoved(SyncState state, Map<Long, OrderVersion> known, OrderSync.Result result) {
        CycleReport report = result.report();
        return state.recordedSince() != null
                && state.failures() == 0
                && !report.swept()
                && result.published().isEmpty()
                && Objects.equals(report.newWatermark(), state.watermark())
                && Objects.equals(report.newInvoiceWatermark(), state.invoiceWatermark())
                && Objects.equals(report.maxEntityId(), state.maxEntityId())
                && sameVersions(result.versionsInOverlap(), known);
    }

    private static boolean sameVersions(Map<Long, OrderVersion> a, Map<Long, OrderVersion> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (var e : a.entrySet()) {
            OrderVersion x = e.getValue();
            OrderVersion y = b.get(e.getKey());
            if (y == null
                    || !x.updatedAt().equals(y.updatedAt())
                    || !Objects.equals(x.state(), y.state())
                    || !sameAmount(x.baseTotalInvoiced(), y.baseTotalInvoiced())) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameAmount(BigDecimal x, BigDecimal y) {
        return x == null ? y == null : y != null && x.compareTo(y) == 0;
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
        UUID cycleId = UUID.randomUUID();
        Instant now = clock.instant();
        List<CompletableFuture<Void>> bookkeeping = new ArrayList<>();
        failed(
                integration,
                state,
                cycleId,
                now,
                state.watermark() == null ? Instant.EPOCH : state.watermark(),
                new Failure(
                        AlertCode.CREDENTIALS_UNREADABLE,
                        LogService.TILLBRIDGE,
                        "Tillbridge cannot open the stored Magento credentials of this integration. Enter the "
                                + "Magento access token again in the integration settings.",
                        "credentials"),
                bookkeeping);
        awaitQuietly(bookkeeping);
        LOG.errorf("Integration %s: %s", integration.integrationId(), reason);
        return new Outcome(false, null, reason);
    }

    /** Why a cycle failed: the alert it raises, whose fault, the readable sentence, and where (a Magento route). */
    private record Failure(AlertCode code, LogService service, String message, String route) {}

    private void succeeded(
            IntegrationConfigured integration,
            SyncState state,
            UUID cycleId,
            Instant started,
            CycleReport report,
            List<CompletableFuture<Void>> bookkeeping) {
        String id = integration.integrationId();
        long ms = Duration.between(started, clock.instant()).toMillis();
        bookkeeping.add(send(
                integration,
                Topics.SYNC_CYCLES,
                id,
                cycleId + "|ended",
                SyncCycle.ended(id, cycleId, report.windowFrom())
                        .windowTo(report.newWatermark())
                        .orders(report.ordersSeen(), report.ordersPublished())
                        .invoicesSeen(report.invoicesSeen())
                        .pages(report.pages())
                        .magentoNewestUpdatedAt(report.magentoNewestUpdatedAt())
                        .succeeded(ms)));
        String since =
                report.windowFrom().equals(Instant.EPOCH) ? "ever" : "since " + MagentoTime.format(report.windowFrom());
        // Orders found late were not updated in the window: they get their own line below.
        int inWindow = report.ordersPublished() - report.ordersFoundLate();
        String message = "Downloaded " + inWindow + (inWindow == 1 ? " order" : " orders") + " updated " + since + ".";
        bookkeeping.add(send(
                integration,
                Topics.INTEGRATION_LOGS,
                id,
                cycleId + "|log",
                LogEntry.info(id, LogService.MAGENTO, ORIGIN, message)));
        // An idle cycle is the common case of a fleet: not worth a line at INFO for every store every minute.
        LOG.logf(
                report.ordersPublished() == 0 ? Logger.Level.DEBUG : Logger.Level.INFO,
                "Integration %s: cycle %s: %s (%d seen, %d pages, %d ms%s)",
                id,
                cycleId,
                message,
                report.ordersSeen(),
                report.pages(),
                ms,
                report.swept() ? ", swept" : "");
        if (report.ordersFoundLate() > 0) {
            String late = "Found " + report.ordersFoundLate() + (report.ordersFoundLate() == 1 ? " order" : " orders")
                    + " the regular sync missed (committed late in Magento).";
            bookkeeping.add(send(
                    integration,
                    Topics.INTEGRATION_LOGS,
                    id,
                    cycleId + "|late",
                    LogEntry.info(id, LogService.MAGENTO, ORIGIN, late)));
            LOG.infof("Integration %s: cycle %s: %s", id, cycleId, late);
        }
        if (state.activeAlert() != null) {
            Instant now = clock.instant();
            CompletableFuture<Void> resolved = send(
                    integration,
                    Topics.INTEGRATION_ALERTS,
                    Topics.alertKey(id, state.activeAlert()),
                    cycleId + "|resolved",
                    new AlertChanged(
                            id,
                            state.activeAlert(),
                            AlertState.RESOLVED,
                            LogService.MAGENTO,
                            resolvedMessage(state.activeAlert()),
                            null,
                            state.alertFirstSeen(),
                            now,
                            state.alertOccurrences(),
                            ORIGIN));
            bookkeeping.add(resolved);
            // The alert is forgotten only once the broker has the RESOLVED record: a crash (or a refused send)
            // before that leaves it active, and the next good cycle resolves it again (same key, compacted).
            try {
                resolved.get(ACK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                repository.clearAlert(id, state.generation());
                LOG.infof("Integration %s: %s resolved", id, state.activeAlert());
            } catch (ExecutionException | TimeoutException e) {
                LOG.warnf(
                        "Integration %s: the resolve of %s was not acknowledged; the next good cycle sends it again",
                        id, state.activeAlert());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void failed(
            IntegrationConfigured integration,
            SyncState state,
            UUID cycleId,
            Instant started,
            Instant from,
            Failure failure,
            List<CompletableFuture<Void>> bookkeeping) {
        String id = integration.integrationId();
        Instant now = clock.instant();
        int failures = state.failures() + 1;
        AlertCode code = failure.code();
        boolean sameAlert = code == state.activeAlert();
        Instant firstSeen = sameAlert ? state.alertFirstSeen() : now;
        int occurrences = sameAlert ? state.alertOccurrences() + 1 : 1;

        String message = failure.message();
        bookkeeping.add(send(
                integration,
                Topics.SYNC_CYCLES,
                id,
                cycleId + "|ended",
                SyncCycle.ended(id, cycleId, from)
                        .failed(Duration.between(started, now).toMillis(), message)));
        bookkeeping.add(send(
                integration,
                Topics.INTEGRATION_LOGS,
                id,
                cycleId + "|log",
                LogEntry.error(id, failure.service(), ORIGIN, "Could not download orders: " + message)));
        if (state.activeAlert() != null && !sameAlert) {
            bookkeeping.add(send(
                    integration,
                    Topics.INTEGRATION_ALERTS,
                    Topics.alertKey(id, state.activeAlert()),
                    cycleId + "|superseded",
                    new AlertChanged(
                            id,
                            state.activeAlert(),
                            AlertState.RESOLVED,
                            failure.service(),
                            "Superseded by " + code + ".",
                            null,
                            state.alertFirstSeen(),
                            now,
                            state.alertOccurrences(),
                            ORIGIN)));
        }
        bookkeeping.add(send(
                integration,
                Topics.INTEGRATION_ALERTS,
                Topics.alertKey(id, code),
                cycleId + "|raised",
                new AlertChanged(
                        id,
                        code,
                        AlertState.RAISED,
                        failure.service(),
                        message,
                        null,
                        firstSeen,
                        now,
                        occurrences,
                        ORIGIN)));
        // The back-off counts from after the failure's records were stamped, so the next try is never sooner than
        // the back-off after the failure anyone sees (the scheduler claims a due cycle within one tick).
        Instant next = clock.instant().plus(backoff(integration, failures));
        repository.recordFailure(id, state.generation(), failures, next, code, firstSeen, occurrences);
        LOG.warnf(
                "Integration %s: cycle %s failed (%s, %s): %s; next try at %s",
                id, cycleId, failure.route(), code, message, next);
    }

    private static String resolvedMessage(AlertCode code) {
        return switch (code) {
            case CREDENTIALS_UNREADABLE ->
                "Tillbridge opens the integration's credentials again; orders are downloading.";
            case MAGENTO_ADDRESS_REFUSED -> "Tillbridge connects to the store's address again; orders are downloading.";
            default -> "Magento answers again; orders are downloading.";
        };
    }

    /** Doubles from the sync interval with every failed cycle, up to the maximum. */
    Duration backoff(IntegrationConfigured integration, int failures) {
        Duration interval = Duration.ofSeconds(integration.syncIntervalSeconds());
        Duration next = interval.multipliedBy(1L << Math.min(failures - 1, 16));
        return next.compareTo(maxBackoff) > 0 ? maxBackoff : next;
    }

    private CompletableFuture<Void> send(
            IntegrationConfigured integration, String topic, String key, String naturalId, EventPayload payload) {
        return publisher.send(
                topic,
                key,
                EventEnvelope.withStableId(
                        naturalId, integration.accountId(), integration.integrationId(), payload, clock));
    }

    private static void awaitAll(List<CompletableFuture<Void>> sends) {
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .get(ACK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new KafkaUnavailable(
                    "Kafka did not accept the cycle's orders: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new KafkaUnavailable(
                    "Kafka did not acknowledge the cycle's orders within " + ACK_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailable("Interrupted while waiting for Kafka");
        }
    }

    private static void awaitQuietly(List<CompletableFuture<Void>> sends) {
        try {
            awaitAll(sends);
        } catch (KafkaUnavailable e) {
            LOG.warnf("Cycle records not acknowledged: %s", e.getMessage());
        }
    }

    /** Kafka did not take the cycle's records; the watermark must not move. */
    static final class KafkaUnavailable extends RuntimeException {
        KafkaUnavailable(String message) {
            super(message);
        }
    }
}
