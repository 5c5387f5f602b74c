package dev.tillbridge.events;

import dev.tillbridge.events.order.OrderSnapshot;
import java.util.Objects;

/** An order released to the POS ({@code filtered-orders}): once per order, or again on an operator's re-download. */
public record OrderReleased(String integrationId, DownloadMode downloadMode, boolean redownload, OrderSnapshot order)
        implements EventPayload {

    public static final String TYPE = "order.released.v1";

    public OrderReleased {
        Objects.requireNonNull(integrationId, "integrationId is required");
        Objects.requireNonNull(downloadMode, "downloadMode is required");
        Objects.requireNonNull(order, "order is required");
    }

    @Override
    public String eventType() {
        return TYPE;
    }
}
