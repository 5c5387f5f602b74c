package dev.tillbridge.status.service;

import java.time.Instant;
import java.util.UUID;

/**
 * A resync as the Status page shows it: orders updated from {@code from} up to {@code upTo} (the poller's watermark
 * when it started; null until it started), read up to {@code readUpTo}, {@code ordersFound} read and
 * {@code ordersSent} handed to the download decision; state REQUESTED, RUNNING, DONE, CANCELLED or FAILED.
 */
public record ResyncView(
        UUID resyncId,
        Instant from,
        Instant upTo,
        Instant readUpTo,
        boolean force,
        long ordersFound,
        long ordersSent,
        String state,
        String message,
        String requestedBy,
        Instant requestedAt,
        boolean cancelRequested,
        Instant updatedAt) {}
