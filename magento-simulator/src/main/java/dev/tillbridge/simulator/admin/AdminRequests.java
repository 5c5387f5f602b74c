package dev.tillbridge.simulator.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/** Bodies of admin API requests that have no Java counterpart of their own. */
final class AdminRequests {

    private AdminRequests() {}

    /** {@code POST /_sim/stores/{t}/products}: either generated products or explicit ProductInterface JSON. */
    record ProductSeed(Integer count, String skuPrefix, List<ObjectNode> products) {}

    /** {@code POST /_sim/stores/{t}/clock}: move by {@code advanceSeconds}, or set {@code now}. */
    record ClockChange(Long advanceSeconds, Instant now) {}

    record ClockState(Instant now, long offsetSeconds) {}

    record ConsumerState(Boolean running) {}

    record InvoiceCreated(int invoiceId) {}

    record AdminError(String error) {}
}
