package dev.tillbridge.filter.service;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.SkipReason;
import dev.tillbridge.events.order.OrderSnapshot;
import java.util.Set;

/**
 * The Order Download Mode table of docs/architecture.md, for one version of one order. Plain Java: no Kafka, no
 * state. The checks run from the most permanent reason to the least, so an order that is both canceled
 * and from an unmapped store is reported as not mapped (changing the mapping is what an operator can do).
 */
public final class DownloadDecision {

    private static final Set<String> CANCELED_STATES = Set.of("canceled", "closed");
    private static final Set<String> PAYMENT_STATES = Set.of("pending_payment", "payment_review");
    private static final Set<String> AUTO_INVOICE_STATES = Set.of("new", "processing");

    private DownloadDecision() {}

    public static Decision decide(OrderSnapshot order, IntegrationConfigured integration) {
        if (!integration.storeIds().isEmpty() && !integration.storeIds().contains(order.storeId())) {
            return skip(SkipReason.STORE_NOT_MAPPED);
        }
        if (integration.startDate() != null && order.createdAt().isBefore(integration.startDate())) {
            return skip(SkipReason.BEFORE_START_DATE);
        }
        String state = order.state();
        if (CANCELED_STATES.contains(state)) {
            return skip(SkipReason.CANCELED);
        }
        if ("holded".equals(state)) {
            return skip(SkipReason.ON_HOLD);
        }
        if (PAYMENT_STATES.contains(state)) {
            return skip(SkipReason.PAYMENT_PENDING);
        }
        InvoicedStatus invoiced = InvoicedStatus.of(order);
        if (integration.downloadMode() == DownloadMode.AUTO_INVOICE) {
            if (invoiced != InvoicedStatus.NOT_INVOICED || !AUTO_INVOICE_STATES.contains(state)) {
                // Another extension invoiced it (or it went on to complete) before we saw it unpaid.
                return skip(SkipReason.ALREADY_INVOICED);
            }
            return Decision.DOWNLOAD;
        }
        return invoiced == InvoicedStatus.INVOICED ? Decision.DOWNLOAD : skip(SkipReason.AWAITING_INVOICE);
    }

    private static Decision skip(SkipReason reason) {
        return new Decision.Skip(reason);
    }
}
