package dev.tillbridge.events;

/**
 * Why an order was not downloaded, whether the decision can change, and what an operator can do.
 *
 * <p>A final reason stays: the order is never downloaded unless an operator forces a re-download.
 * A not-final reason is decided again when Magento reports a newer version of the order.
 */
public enum SkipReason {
    ALREADY_INVOICED(
            true,
            "The order was already invoiced in Magento before Tillbridge could download it.",
            "Orders are being invoiced by another extension; switch the integration to Wait-For-Invoice."),
    AWAITING_INVOICE(
            false,
            "The order is not fully invoiced yet; it downloads once Magento invoices it.",
            "If orders are never invoiced in Magento, switch the integration to Auto-Invoice."),
    CANCELED(
            true,
            "The order was canceled or closed in Magento.",
            "Nothing to do: canceled orders are not sent to the POS."),
    ON_HOLD(
            false,
            "The order is on hold in Magento; it is decided again when it is released.",
            "Release the hold in Magento to let the order download."),
    PAYMENT_PENDING(
            false,
            "The order's payment is pending or under review; it is decided again when the payment completes.",
            "Complete or review the payment in Magento."),
    BEFORE_START_DATE(
            true,
            "The order was created before the integration's start date.",
            "Move the integration's start date earlier, then re-download the order, if it should reach the POS."),
    STORE_NOT_MAPPED(
            true,
            "The order belongs to a Magento store that is not mapped to this integration.",
            "Add the store to the integration's store ids if its orders should reach this POS."),
    /**
     * invoice-filter forgets an order a while after its last change (its retention); a version of an order older
     * than one it forgot may be an order it released before, so it is never released again on its own.
     */
    PAST_RETENTION(
            true,
            "The order is older than an order Tillbridge has already forgotten (it forgets orders after a long time"
                    + " without changes), so it may have reached the POS before; it is not downloaded again on its own.",
            "If this order has never reached the POS and should, re-download it.");

    private final boolean finalDecision;
    private final String sentence;
    private final String advice;

    SkipReason(boolean finalDecision, String sentence, String advice) {
        this.finalDecision = finalDecision;
        this.sentence = sentence;
        this.advice = advice;
    }

    public boolean isFinal() {
        return finalDecision;
    }

    public String sentence() {
        return sentence;
    }

    public String advice() {
        return advice;
    }
}
