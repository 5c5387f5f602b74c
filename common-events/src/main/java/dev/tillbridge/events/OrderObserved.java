package dev.tillbridge.events;

import dev.tillbridge.events.order.OrderSnapshot;
import java.util.Objects;
import java.util.UUID;

/** An order snapshot the poller read from Magento during one sync cycle ({@code raw-orders}). */
public record OrderObserved(String integrationId, UUID cycleId, ObservedBy observedBy, OrderSnapshot order)
        implements EventPayload {

    public static final String TYPE = "order.observed.v1";

    public OrderObserved {
        Objects.requireNonNull(integrationId, "integrationId is required");
        Objects.requireNonNull(order, "order is required");
        observedBy = observedBy == null ? ObservedBy.ORDER_SEARCH : observedBy;
    }

    @Override
    public String eventType() {
        return TYPE;
    }

    /**
     * Which query found the order: the updated_at search, an invoice created since the watermark, or a resync an
     * operator asked for (a re-read from a date).
     */
    public enum ObservedBy {
        ORDER_SEARCH,
        INVOICE_SEARCH,
        RESYNC
    }
}
