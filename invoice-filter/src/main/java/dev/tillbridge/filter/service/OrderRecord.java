package dev.tillbridge.filter.service;

import dev.tillbridge.events.SkipReason;
import dev.tillbridge.events.order.OrderSnapshot;

/**
 * What invoice-filter remembers of one order: whether it was released, the last skip reason it
 * published, and the newest snapshot (for a re-download).
 */
public record OrderRecord(boolean released, SkipReason lastSkip, OrderSnapshot latest) {
}
