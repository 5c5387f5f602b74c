package dev.tillbridge.poller.service;

import java.time.Instant;
import java.util.Set;

/**
 * What one successful cycle found. {@code ordersFoundLate} were published by the reconciliation (new entity ids
 * below the window, or the sweep); {@code maxEntityId} is the highest order id seen so far; {@code swept} says
 * whether this cycle ran the sweep; {@code invoicesRead} are the invoices the next cycle meets again in its invoice
 * overlap, their orders read.
 */
public record CycleReport(
        Instant windowFrom,
        Instant newWatermark,
        Instant newInvoiceWatermark,
        int ordersSeen,
        int ordersPublished,
        int invoicesSeen,
        int pages,
        Instant magentoNewestUpdatedAt,
        int ordersFoundLate,
        Long maxEntityId,
        boolean swept,
        Set<Long> invoicesRead) {}
