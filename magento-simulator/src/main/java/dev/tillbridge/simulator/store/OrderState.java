package dev.tillbridge.simulator.store;

import java.util.Arrays;
import java.util.Set;

/** Magento order states with their default status (M:…/Sales/Model/Order.php; docs/magento-api.md §3). */
public enum OrderState {
    NEW("new", "pending"),
    PENDING_PAYMENT("pending_payment", "pending_payment"),
    PROCESSING("processing", "processing"),
    COMPLETE("complete", "complete"),
    CLOSED("closed", "closed"),
    CANCELED("canceled", "canceled"),
    HOLDED("holded", "holded"),
    PAYMENT_REVIEW("payment_review", "payment_review");

    /** States in which CanInvoice refuses with "An invoice cannot be created when an order has a status of …". */
    public static final Set<OrderState> NOT_INVOICEABLE = Set.of(PAYMENT_REVIEW, HOLDED, CANCELED, COMPLETE, CLOSED);

    private final String code;
    private final String defaultStatus;

    OrderState(String code, String defaultStatus) {
        this.code = code;
        this.defaultStatus = defaultStatus;
    }

    public String code() {
        return code;
    }

    public String defaultStatus() {
        return defaultStatus;
    }

    public static OrderState of(String code) {
        return Arrays.stream(values())
                .filter(s -> s.code.equals(code))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown order state '" + code + "'; one of "
                        + Arrays.stream(values()).map(OrderState::code).toList()));
    }
}
