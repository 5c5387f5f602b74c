package dev.tillbridge.filter.messaging;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.OrderReleased;
import dev.tillbridge.events.kafka.IncomingEvents;
import dev.tillbridge.filter.service.InvoiceQueue;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads the committed releases ({@code filtered-orders}, read_committed) and queues the Auto-Invoice ones
 * for invoicing. Invoicing after the release is committed means an aborted release never invoices.
 */
@ApplicationScoped
public class ReleasedOrdersListener {

    public static final String CHANNEL = "released-orders";

    private final IncomingEvents incoming;
    private final InvoiceQueue queue;

    public ReleasedOrdersListener(IncomingEvents incoming, InvoiceQueue queue) {
        this.incoming = incoming;
        this.queue = queue;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void onRelease(ConsumerRecord<String, String> record) {
        OrderReleased released = incoming.read(record, OrderReleased.class).payload();
        if (released.downloadMode() == DownloadMode.AUTO_INVOICE && !released.redownload()) {
            queue.enqueue(released.integrationId(), released.order().entityId(), released.order().incrementId());
        }
    }
}
