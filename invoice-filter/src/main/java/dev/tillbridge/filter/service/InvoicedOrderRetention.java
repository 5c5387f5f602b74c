package dev.tillbridge.filter.service;

import dev.tillbridge.filter.config.FilterConfig;
import dev.tillbridge.filter.config.RetentionClock;
import dev.tillbridge.filter.messaging.StateMetrics;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Keeps {@code invoiced_order} from growing forever. A row only stops a redelivered release from queueing its
 * invoice again, and a release cannot be redelivered once {@code filtered-orders} dropped it (30 days, plus up to a
 * segment's 7 days before Kafka deletes the segment holding it): rows older than the retention (45 days) are
 * deleted, in batches. Were one deleted too early, the worst case is one more Magento call answered "does not allow
 * an invoice", which counts as done: never a second invoice. Replicas may run it at once; a delete is idempotent.
 */
@ApplicationScoped
public class InvoicedOrderRetention {

    private static final Logger LOG = Logger.getLogger(InvoicedOrderRetention.class);
    /** Batches per run: a backlog (first run after an upgrade) is worked off over several runs, never in one go. */
    private static final int MAX_BATCHES = 100;

    private final InvoiceQueue queue;
    private final FilterConfig config;
    private final RetentionClock clock;
    private final StateMetrics metrics;

    public InvoicedOrderRetention(InvoiceQueue queue, FilterConfig config, RetentionClock clock, StateMetrics metrics) {
        this.queue = queue;
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Scheduled(
            every = "${tillbridge.filter.retention.sweep-interval:1m}",
            delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        Instant before = clock.clock().instant().minus(config.retention().invoicedOrders());
        int batch = config.retention().batchSize();
        int deleted = 0;
        for (int i = 0; i < MAX_BATCHES; i++) {
            int n = queue.forgetInvoicedBefore(before, batch);
            deleted += n;
            if (n < batch) {
                break;
            }
        }
        metrics.pruned(StateMetrics.INVOICED_ORDER_TABLE, deleted);
        metrics.size(StateMetrics.INVOICED_ORDER_TABLE, "table", queue.invoicedCount());
        if (deleted > 0) {
            LOG.infof("Deleted %d invoiced_order rows of invoices done before %s", deleted, before);
        }
    }
}
