package dev.tillbridge.filter.messaging;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.OrderReleased;
import dev.tillbridge.events.kafka.IncomingEvents;
import dev.tillbridge.events.kafka.TransientRetry;
import dev.tillbridge.events.tracing.TraceHeaders;
import dev.tillbridge.filter.service.InvoiceQueue;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Reads the committed releases ({@code filtered-orders}, read_committed) and queues the Auto-Invoice ones
 * for invoicing. Invoicing after the release is committed means an aborted release never invoices.
 * Failures are handled by {@link TransientRetry}: an unreadable release goes to {@code filtered-orders.dlq}; while
 * the database is unavailable the release is held and tried again (nothing committed), so no invoice is lost.
 */
@ApplicationScoped
public class ReleasedOrdersListener {

    public static final String CHANNEL = "released-orders";

    /**
     * A CloudEvents extension attribute (Kafka binding: {@code ce_<name>}) the filter puts on every release:
     * the integration's Download Mode. It lets this listener pass over Wait-For-Invoice releases without
     * reading their JSON (the whole order snapshot); records without it are read in full as before.
     */
    public static final String DOWNLOAD_MODE_HEADER = "ce_downloadmode";

    private final IncomingEvents incoming;
    private final InvoiceQueue queue;
    private final TransientRetry retry;

    public ReleasedOrdersListener(IncomingEvents incoming, InvoiceQueue queue, TransientRetry retry) {
        this.incoming = incoming;
        this.queue = queue;
        this.retry = retry;
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> onRelease(Message<String> message) {
        return retry.consume(CHANNEL, message, this::queueInvoice);
    }

    private void queueInvoice(ConsumerRecord<String, String> record) {
        if (!mayNeedAnInvoice(record.headers())) {
            return;
        }
        OrderReleased released = incoming.read(record, OrderReleased.class).payload();
        if (released.downloadMode() == DownloadMode.AUTO_INVOICE && !released.redownload()) {
            // The decision's trace goes with the job, so the invoice call made later joins it.
            queue.enqueue(
                    released.integrationId(),
                    released.order().entityId(),
                    released.order().incrementId(),
                    TraceHeaders.traceparent(record.headers()));
        }
    }

    /** False only when the record says it was released in a mode other than Auto-Invoice. */
    static boolean mayNeedAnInvoice(Headers headers) {
        Header mode = headers == null ? null : headers.lastHeader(DOWNLOAD_MODE_HEADER);
        return mode == null
                || mode.value() == null
                || DownloadMode.AUTO_INVOICE.name().equals(new String(mode.value(), StandardCharsets.UTF_8));
    }
}
