package dev.tillbridge.simulator.store;

import java.math.BigDecimal;

/**
 * The money columns of an order. {@code total_invoiced}, {@code base_total_invoiced}, {@code total_paid} and
 * {@code base_total_paid} are null (so omitted) until an invoice sets them (docs/magento-api.md §3).
 */
public record OrderTotals(
        String baseCurrencyCode,
        String orderCurrencyCode,
        String globalCurrencyCode,
        String storeCurrencyCode,
        BigDecimal subtotal,
        BigDecimal baseSubtotal,
        BigDecimal shippingAmount,
        BigDecimal baseShippingAmount,
        BigDecimal taxAmount,
        BigDecimal baseTaxAmount,
        BigDecimal discountAmount,
        BigDecimal baseDiscountAmount,
        BigDecimal grandTotal,
        BigDecimal baseGrandTotal,
        BigDecimal totalInvoiced,
        BigDecimal baseTotalInvoiced,
        BigDecimal totalPaid,
        BigDecimal baseTotalPaid,
        BigDecimal totalDue,
        BigDecimal baseTotalDue,
        int totalQtyOrdered) {

    public OrderTotals withInvoiced(BigDecimal amount) {
        BigDecimal invoiced = totalInvoiced == null ? amount : totalInvoiced.add(amount);
        BigDecimal paid = totalPaid == null ? amount : totalPaid.add(amount);
        BigDecimal due = grandTotal.subtract(paid);
        return new OrderTotals(
                baseCurrencyCode,
                orderCurrencyCode,
                globalCurrencyCode,
                storeCurrencyCode,
                subtotal,
                baseSubtotal,
                shippingAmount,
                baseShippingAmount,
                taxAmount,
                baseTaxAmount,
                discountAmount,
                baseDiscountAmount,
                grandTotal,
                baseGrandTotal,
                invoiced,
                invoiced,
                paid,
                paid,
                due,
                due,
                totalQtyOrdered);
    }

    public BigDecimal invoicedOrZero() {
        return totalInvoiced == null ? BigDecimal.ZERO : totalInvoiced;
    }
}
