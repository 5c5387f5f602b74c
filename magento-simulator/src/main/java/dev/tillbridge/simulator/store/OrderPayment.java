package dev.tillbridge.simulator.store;

import java.math.BigDecimal;
import java.util.List;

/** {@code payment}: {@code amount_paid} only once an invoice paid something (null fields are omitted). */
public record OrderPayment(
        int entityId,
        int parentId,
        String method,
        BigDecimal amountOrdered,
        BigDecimal baseAmountOrdered,
        BigDecimal amountPaid,
        BigDecimal baseAmountPaid,
        BigDecimal shippingAmount,
        List<String> additionalInformation) {

    public OrderPayment withPaid(BigDecimal paid) {
        return new OrderPayment(
                entityId,
                parentId,
                method,
                amountOrdered,
                baseAmountOrdered,
                paid,
                paid,
                shippingAmount,
                additionalInformation);
    }
}
