package dev.tillbridge.filter.messaging;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.MalformedEventException;
import dev.tillbridge.events.OrderReleased;
import dev.tillbridge.events.Topics;
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
 * Queues the Auto-Invoice work: reads {@code invoice-filter.invoice-requests} (read_committed), which the decision
 * writes in the transaction of each Auto-Invoice release, so an aborted release never invoices and the invoicer never
 * reads the releases themselves back.
 *
 * <p>Upgrading from a version that read {@code filtered-orders} instead: releases committed before the upgrade that
 * the old version had not yet queued are still on {@code filtered-orders}, behind this channel's consumer group. Add
 * that topic to the channel's topics until the group has caught up on it (invoice-filter/README.md, "Upgrading");
 * its releases are read as before. Queueing is idempotent, so an order met on both topics is invoiced once.
 *
 * <p>Failures are handled by {@link TransientRetry}: an unreadable record goes to the channel's dead-letter topic;
 * while the database is unavailable the record is held and tried again (nothing committed), so no invoice is lost.
 */
@ApplicationScoped
public class InvoiceRequestsListener {

    public static final String CHANNEL = "invoice-requests";

    /**
     * A CloudEvents extension attribute (Kafka binding: {@code ce_<name>}) the filter puts on every release:
     * the integration's Download Mode. Consumers of {@code filtered-orders} can pass over releases of a mode they do
     * not care about without reading their JSON (the whole order snapshot).
     */
    public static final String DOWNLOAD_MODE_HEADER = "ce_downloadmode";

    private final IncomingEvents incoming;
    private final InvoiceQueue queue;
    private final TransientRetry retry;

    public InvoiceRequestsListener(IncomingEvents incoming, InvoiceQueue queue, TransientRetry retry) {
        this.incoming = incoming;
        this.queue = queue;
        this.retry = retry;
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> onRequest(Message<String> message) {
        return retry.consume(CHANNEL, message, this::queueInvoice);
    }

    private void queueInvoice(ConsumerRecord<String, String> record) {
        if (Topics.FILTERED_ORDERS.equals(record.topic())) {
            queueFromRelease(record);
            return;
        }
        InvoiceRequest request = read(record);
        // The decision's trace goes with the job, so the invoice call made later joins it.
        queue.enqueue(
                request.integrationId(),
                request.entityId(),
                request.incrementId(),
                TraceHeaders.traceparent(record.headers()));
    }

    private static InvoiceRequest read(ConsumerRecord<String, String> record) {
        InvoiceRequest request;
        try {
            request = StateJson.read(record.value(), InvoiceRequest.class);
        } catch (RuntimeException e) {
            throw new MalformedEventException("Unreadable invoice request (key " + record.key() + ")", e);
        }
        if (request == null || request.integrationId() == null || request.entityId() <= 0) {
            throw new MalformedEventException("Invoice request without its order (key " + record.key() + ")");
        }
        return request;
    }

    /** A release on {@code filtered-orders}, read only while upgrading from a version that had no invoice requests. */
    private void queueFromRelease(ConsumerRecord<String, String> record) {
        if (!mayNeedAnInvoice(record.headers())) {
            return;
        }
        OrderReleased released = incoming.read(record, OrderReleased.class).payload();
        if (released.downloadMode() == DownloadMode.AUTO_INVOICE && !released.redownload()) {
            queue.enqueue(
                    released.integrationId(),
                    released.order().entityId(),
                    released.order().incrementId(),
                    TraceHeaders.traceparent(record.headers()));
        }
    }

    /** False only when the release says it was made in a mode other than Auto-Invoice. */
    static boolean mayNeedAnInvoice(Headers headers) {
        Header mode = headers == null ? null : headers.lastHeader(DOWNLOAD_MODE_HEADER);
        return mode == null
                || mode.value() == null
                || DownloadMode.AUTO_INVOICE.name().equals(new String(mode.value(), StandardCharsets.UTF_8));
    }
}
