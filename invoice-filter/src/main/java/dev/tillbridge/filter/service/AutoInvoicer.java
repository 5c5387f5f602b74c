package dev.tillbridge.filter.service;

import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.kafka.EventMessages;
import dev.tillbridge.events.tracing.SpanScope;
import dev.tillbridge.events.tracing.TraceHeaders;
import dev.tillbridge.events.integration.IntegrationDirectory;
import dev.tillbridge.filter.config.FilterConfig;
import dev.tillbridge.magento.InvoiceOutcome;
import dev.tillbridge.magento.MagentoClients;
import dev.tillbridge.magento.MagentoException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * Creates the Magento invoice of every Auto-Invoice order after its release. Idempotent: Magento's
 * "does not allow an invoice" means it is invoiced already and counts as done. A transient failure is
 * retried with doubling back-off (the job stays in PostgreSQL, nothing is lost); a refusal (the order
 * was put on hold meanwhile, say) is an Error log line with Magento's sentence.
 */
@ApplicationScoped
public class AutoInvoicer {

    private static final Logger LOG = Logger.getLogger(AutoInvoicer.class);
    private static final Duration CLAIM = Duration.ofMinutes(2);

    private final InvoiceQueue queue;
    private final IntegrationDirectory directory;
    private final MagentoClients magento;
    private final FilterConfig config;
    private final Clock clock;
    private final Emitter<String> logs;
    private final ExecutorService workers;
    private final Tracer tracer;

    public AutoInvoicer(InvoiceQueue queue, IntegrationDirectory directory, MagentoClients magento, FilterConfig config,
                        Clock clock, @Channel("integration-logs") Emitter<String> logs, Tracer tracer) {
        this.tracer = tracer;
        this.queue = queue;
        this.directory = directory;
        this.magento = magento;
        this.config = config;
        this.clock = clock;
        this.logs = logs;
        this.workers = Executors.newFixedThreadPool(config.invoicing().concurrency());
    }

    @Scheduled(every = "${tillbridge.filter.invoicing.poll-every:1s}", delayed = "2s",
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
            List<Future<?>> running = new java.util.ArrayList<>();
            for (InvoiceQueue.Job job : jobs) {
                running.add(workers.submit(() -> invoice(job)));
            }
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    LOG.errorf("Invoicing failed unexpectedly: %s", e.getCause().toString());
                }
            }
        } while (!jobs.isEmpty());
    }

    /** In the order's trace: a child of the decision that released it (the job keeps its traceparent). */
    void invoice(InvoiceQueue.Job job) {
        Span span = tracer.spanBuilder("invoice order").setParent(TraceHeaders.fromTraceparent(job.traceparent()))
                .setAttribute("tillbridge.integration.id", job.integrationId())
                .setAttribute("tillbridge.order.increment_id", job.incrementId()).startSpan();
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
        try {
            InvoiceOutcome outcome = magento.forIntegration(integration.get()).invoiceOrder(job.entityId());
            if (outcome instanceof InvoiceOutcome.Created created) {
                queue.done(job, created.invoiceId(), "CREATED");
                LOG.debugf("Integration %s: invoiced order %s (invoice %d)", job.integrationId(), job.incrementId(),
                        created.invoiceId());
            } else {
                queue.done(job, null, "ALREADY_INVOICED");
            }
        } catch (MagentoException e) {
            if (e.transientFailure()) {
                Duration backoff = backoff(job.attempts());
                queue.retryLater(job, clock.instant().plus(backoff), e.readableMessage());
                LOG.warnf("Integration %s: invoicing order %s failed (%s); retry in %ds", job.integrationId(),
                        job.incrementId(), e.readableMessage(), backoff.toSeconds());
            } else {
                queue.done(job, null, "FAILED");
                error(integration.get(), "Could not invoice order " + job.incrementId() + " in Magento: "
                        + e.readableMessage(), job.incrementId());
            }
        }
    }

    private Duration backoff(int attempts) {
        Duration base = config.invoicing().initialBackoff();
        Duration next = base.multipliedBy(1L << Math.min(attempts, 16));
        return next.compareTo(config.invoicing().maxBackoff()) > 0 ? config.invoicing().maxBackoff() : next;
    }

    private void error(IntegrationConfigured integration, String message, String reference) {
        LOG.errorf("Integration %s: %s", integration.integrationId(), message);
        var entry = new LogEntry(integration.integrationId(), LogService.MAGENTO, dev.tillbridge.events.LogType.ERROR,
                message, "invoice-filter", reference);
        logs.send(EventMessages.of(integration.integrationId(),
                EventEnvelope.of(integration.accountId(), integration.integrationId(), entry, clock), "invoice-filter"));
    }

    Instant now() {
        return clock.instant();
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        workers.shutdownNow();
    }
}
