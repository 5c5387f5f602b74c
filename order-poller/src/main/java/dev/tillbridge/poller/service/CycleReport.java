package dev.tillbridge.poller.service;

import java.time.Instant;

/** What one successful cycle found. */
public record CycleReport(Instant windowFrom, Instant newWatermark, Instant newInvoiceWatermark, int ordersSeen,
                          int ordersPublished, int invoicesSeen, int pages, Instant magentoNewestUpdatedAt) {
}
