package dev.tillbridge.magento;

import java.util.List;

public record InvoicePage(List<InvoiceSummary> items, int totalCount) {
    public InvoicePage {
        items = List.copyOf(items);
    }
}
