package dev.tillbridge.events.order;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * What distinguishes one version of an order from the next. Magento's {@code updated_at} has whole
 * seconds and does not always move (an invoice can land in the same second), so state and the
 * invoiced total are part of it.
 */
public record OrderVersion(long entityId, Instant updatedAt, String state, BigDecimal baseTotalInvoiced) {

    public OrderVersion {
        baseTotalInvoiced = baseTotalInvoiced == null ? null : baseTotalInvoiced.stripTrailingZeros();
    }
}
