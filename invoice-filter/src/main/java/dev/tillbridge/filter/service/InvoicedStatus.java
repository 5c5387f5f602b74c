package dev.tillbridge.filter.service;

import dev.tillbridge.events.order.OrderSnapshot;
import java.math.BigDecimal;

/**
 * How much of an order Magento reports invoiced, comparing base totals with a cent's tolerance (Magento
 * rounds each invoice line, so a fully invoiced order can be a fraction of a cent short).
 */
public enum InvoicedStatus {
    NOT_INVOICED,
    PARTLY_INVOICED,
    INVOICED;

    private static final BigDecimal CENT = new BigDecimal("0.01");

    public static InvoicedStatus of(OrderSnapshot order) {
        BigDecimal invoiced = order.baseTotalInvoiced() == null ? BigDecimal.ZERO : order.baseTotalInvoiced();
        if (invoiced.signum() <= 0) {
            return NOT_INVOICED;
        }
        return invoiced.add(CENT).compareTo(order.baseGrandTotal()) >= 0 ? INVOICED : PARTLY_INVOICED;
    }
}
