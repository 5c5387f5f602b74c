package dev.tillbridge.filter.service;

import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.LogType;
import dev.tillbridge.events.integration.IntegrationChanged;
import dev.tillbridge.events.integration.IntegrationDirectory;
import dev.tillbridge.events.kafka.EventMessages;
import dev.tillbridge.events.tracing.SpanScope;
import dev.tillbridge.events.tracing.TraceHeaders;
import dev.tillbridge.filter.config.FilterConfig;
import dev.tillbridge.magento.InvoiceOutcome;
import dev.tillbridge.magento.MagentoClients;
import dev.tillbridge.magento.MagentoException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Creates the Magento invoice of every Auto-Invoice order after its release. Idempotent: Magento's
 * "does not allow an invoice" means it is invoiced already and counts as done. A transient failure is
 * retried with doubling back-off (the job stays in PostgreSQL, nothing is lost); a refusal (the order
 * was put on hold meanwhile, say) is an Error log line with Magento's sentence. Every outcome (created, already
 * invoiced, refused) is a log line naming the order ({@code entityId}) and the outcome ({@code invoice}), which
 * status-api's order story shows; it is acknowledged by the broker before the job counts as done.
 */
@ApplicationScoped
public class AutoInvoicer {

    private static final Logger LOG = Logger.getLogger(AutoInvoicer.class);
    private static final Duration CLAIM = Duration.ofMinutes(2);
    private static final Duration ANNOUNCE_TIMEOUT = Duration.ofSeconds(30);

    private final InvoiceQueue queue;
    private final IntegrationDirectory directory;
    private final MagentoClients magento;
    private final FilterConfig config;
    private final Clock clock;
    private final Emitter<String> logs;
    private final ExecutorService workers;
    private final Tracer tracer;

    public AutoInvoicer(
            InvoiceQueue queue,
            IntegrationDirectory directory,
            MagentoClients magento,
            FilterConfig config,
            Clock clock,
            @Channel("integration-logs") Emitter<String> logs,
            Tracer tracer) {
        this.tracer = tracer;
        this.queue = queue;
        this.directory = directory;
        this.magento = magento;
        this.config = config;
        this.clock = clock;
        this.logs = logs;
        this.workers = Executors.newFixedThreadPool(config.invoicing().concurrency());
    }

    @Scheduled(
            every = "${tillbridge.filter.invoicing.poll-every:1s}",
            delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            // Not before start-up has finished (emitters connected) nor while shutting down (beans closing).
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void invoiceDueOrders() throws InterruptedException {
        if (!config.invoicing().enabled()) {
            return;
        }
        List<InvoiceQueue.Job> jobs;
        do {
            jobs = queue.claim(config.invoicing().concurrency() * 8, clock.instant(), CLAIM);
            List<Future<?>> running = new ArrayList<>();
            for (InvoiceQueue.Job job : jobs) {
                running.add(workers.submit(() -> invoice(job)));
            }
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    LOG.errorf("Invoicing failed unexpectedly: %s", e.getCause().toString());
                }
            }
        } while (!jobs.isEmpty());
    }

    /** A deleted integration's Magento client, and the credentials it opened, are not kept. */
    void onIntegrationChanged(@Observes IntegrationChanged change) {
        if (change.config().isEmpty()) {
            magento.forget(change.integrationId());
        }
    }

    /** In the order's trace: a child of the decision that released it (the job keeps its traceparent). */
    void invoice(InvoiceQueue.Job job) {
        Span span = tracer.spanBuilder("invoice order")
                .setParent(TraceHeaders.fromTraceparent(job.traceparent()))
                .setAttribute("tillbridge.integration.id", job.integrationId())
                .setAttribute("tillbridge.order.increment_id", job.incrementId())
                .startSpan();
        try (SpanScope ignored = SpanScope.enter(span)) {
            invoiceNow(job);
        } finally {
            span.end();
        }
    }

    private void invoiceNow(InvoiceQueue.Job job) {
        Optional<IntegrationConfigured> integration = directory.find(job.integrationId());
        if (integration.isEmpty()) {
            queue.retryLater(job, clock.instant().plus(config.invoicing().maxBackoff()), "integration unknown");
            return;
        }
        IntegrationConfigured config = integration.get();
        LogEntry outcomeLine;
        String outcomeCode;
        Long invoiceId = null;
        try {
            InvoiceOutcome outcome = magento.forIntegration(config).invoiceOrder(job.entityId());
            if (outcome instanceof InvoiceOutcome.Created created) {
                invoiceId = created.invoiceId();
                outcomeCode = "CREATED";
                outcomeLine = outcomeLine(
                        config,
                        job,
                        LogType.INFO,
                        "Invoiced order " + job.incrementId() + " in Magento (invoice " + created.invoiceId() + ").",
                        LogEntry.InvoiceResult.Outcome.CREATED,
                        created.invoiceId());
                LOG.debugf(
                        "Integration %s: invoiced order %s (invoice %d)",
                        job.integrationId(), job.incrementId(), created.invoiceId());
            } else {
                outcomeCode = "ALREADY_INVOICED";
                outcomeLine = outcomeLine(
                        config,
                        job,
                        LogType.INFO,
                        "Order " + job.incrementId() + " was already invoiced in Magento: no invoice created.",
                        LogEntry.InvoiceResult.Outcome.ALREADY_INVOICED,
                        null);
            }
        } catch (MagentoException e) {
            if (e.transientFailure()) {
                Duration backoff = backoff(job.attempts());
                queue.retryLater(job, clock.instant().plus(backoff), e.readableMessage());
                LOG.warnf(
                        "Integration %s: invoicing order %s failed (%s); retry in %ds",
                        job.integrationId(), job.incrementId(), e.readableMessage(), backoff.toSeconds());
                return;
            }
            outcomeCode = "FAILED";
            String message = "Could not invoice order " + job.incrementId() + " in Magento: " + e.readableMessage();
            LOG.errorf("Integration %s: %s", config.integrationId(), message);
            outcomeLine = outcomeLine(config, job, LogType.ERROR, message, LogEntry.InvoiceResult.Outcome.FAILED, null);
        }
        // The outcome is announced before the job is done: a crash in between calls Magento again, which answers
        // "already invoiced", and that line carries the same envelope id as the first, so readers keep the first.
        if (!announce(config, job, outcomeLine)) {
            queue.retryLater(job, clock.instant().plus(backoff(job.attempts())), "the outcome could not be published");
            return;
        }
        queue.done(job, invoiceId, outcomeCode);
    }

    /** The Logs page line saying how the invoice call ended; the order story reads its order and outcome. */
    private static LogEntry outcomeLine(
            IntegrationConfigured integration,
            InvoiceQueue.Job job,
            LogType type,
            String message,
            LogEntry.InvoiceResult.Outcome outcome,
            Long invoiceId) {
        return new LogEntry(
                integration.integrationId(),
                LogService.MAGENTO,
                type,
                message,
                "invoice-filter",
                job.incrementId(),
                job.entityId(),
                new LogEntry.InvoiceResult(outcome, invoiceId));
    }

    /** Publishes the outcome line and waits for the broker's acknowledgement; false when it did not come. */
    private boolean announce(IntegrationConfigured integration, InvoiceQueue.Job job, LogEntry line) {
        var envelope = EventEnvelope.withStableId(
                integration.integrationId() + "|" + job.entityId() + "|invoice",
                integration.accountId(),
                integration.integrationId(),
                line,
                clock);
        CompletableFuture<Void> acked = new CompletableFuture<>();
        Message<String> message = EventMessages.of(integration.integrationId(), envelope, "invoice-filter")
                .withAck(() -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        try {
            logs.send(message);
            acked.get(ANNOUNCE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warnf(
                    "Integration %s: the invoice outcome of order %s was not published (%s); the job stays queued",
                    integration.integrationId(), job.incrementId(), e.toString());
            return false;
        }
    }

    private Duration backoff(int attempts) {
        Duration base = config.invoicing().initialBackoff();
        Duration next = base.multipliedBy(1L << Math.min(attempts, 16));
        return next.compareTo(config.invoicing().maxBackoff()) > 0
                ? config.invoicing().maxBackoff()
                : next;
    }

    Instant now() {
        return clock.instant();
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }
}
