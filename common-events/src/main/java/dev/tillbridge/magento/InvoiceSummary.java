package dev.tillbridge.magento;

import java.time.Instant;

/** The part of an invoice the poller needs: which order it belongs to and when it was created. */
public record InvoiceSummary(long entityId, long orderId, Instant createdAt) {}
