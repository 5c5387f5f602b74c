package dev.tillbridge.magento;

import dev.tillbridge.events.order.OrderVersion;
import java.util.List;

/** One page of an order search read as versions only ({@link MagentoClient#searchOrderVersions}), and the total. */
public record VersionPage(List<OrderVersion> items, int totalCount) {
    public VersionPage {
        items = List.copyOf(items);
    }
}
