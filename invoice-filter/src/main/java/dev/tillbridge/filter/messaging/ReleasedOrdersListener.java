package dev.tillbridge.filter.messaging;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.OrderReleased;
import dev.tillbridge.events.kafka.IncomingEvents;
import dev.tillbridge.filter.service.InvoiceQueue;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads the committed releases ({@code filtered-orders}, read_committed) and queues the Auto-Invoice ones
 * for invoicing. Invoicing after the release is committed means an aborted release never invoices.
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

    public ReleasedOrdersListener(IncomingEvents incoming, InvoiceQueue queue) {
        this.incoming = incoming;
        this.queue = queue;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void onRelease(ConsumerRecord<String, String> record) {
        if (!mayNeedAnInvoice(record.headers())) {
            return;
        }
        OrderReleased released = incoming.read(record, OrderReleased.class).payload();
        if (released.downloadMode() == DownloadMode.AUTO_INVOICE && !released.redownload()) {
            queue.enqueue(released.integrationId(), released.order().entityId(), released.order().incrementId());
        }
    }

    /** False only when the record says it was released in a mode other than Auto-Invoice. */
    static boolean mayNeedAnInvoice(Headers headers) {
        Header mode = headers == null ? null : headers.lastHeader(DOWNLOAD_MODE_HEADER);
        return mode == null || mode.value() == null
                || DownloadMode.AUTO_INVOICE.name().equals(new String(mode.value(), StandardCharsets.UTF_8));
    }
}
