package dev.tillbridge.simulator.store;

import java.time.Instant;
import java.util.List;

/**
 * An order placed "by another extension" (admin API or Java). Every field is optional: missing lines are drawn
 * from a small sample catalog, {@code status} defaults to the state's default, {@code createdAt} to the
 * simulated now, {@code invoiced}/{@code shipped} to what the state implies (complete and closed orders are
 * both; canceled orders have their quantities canceled).
 *
 * <p>{@code committedLateFrom} places an order whose transaction started then and commits only now: Magento
 * stamps {@code created_at}/{@code updated_at} when the transaction starts, so the order appears with those past
 * timestamps (and a new, higher {@code entity_id}) after pollers have moved their watermark past them.
 */
public record NewOrder(
        String state,
        String status,
        Integer storeId,
        String customerEmail,
        String customerFirstname,
        String customerLastname,
        List<NewOrderLine> lines,
        Instant createdAt,
        Boolean invoiced,
        Boolean shipped,
        Instant committedLateFrom) {

    public NewOrder(
            String state,
            String status,
            Integer storeId,
            String customerEmail,
            String customerFirstname,
            String customerLastname,
            List<NewOrderLine> lines,
            Instant createdAt,
            Boolean invoiced,
            Boolean shipped) {
        this(
                state,
                status,
                storeId,
                customerEmail,
                customerFirstname,
                customerLastname,
                lines,
                createdAt,
                invoiced,
                shipped,
                null);
    }

    public static NewOrder inState(String state) {
        return new NewOrder(state, null, null, null, null, null, null, null, null, null);
    }

    /** The same order, committed now by a transaction that started (and stamped its timestamps) at {@code started}. */
    public NewOrder committedLate(Instant started) {
        return new NewOrder(
                state,
                status,
                storeId,
                customerEmail,
                customerFirstname,
                customerLastname,
                lines,
                createdAt,
                invoiced,
                shipped,
                started);
    }

    public NewOrder withLines(List<NewOrderLine> newLines) {
        return new NewOrder(
                state,
                status,
                storeId,
                customerEmail,
                customerFirstname,
                customerLastname,
                newLines,
                createdAt,
                invoiced,
                shipped,
                committedLateFrom);
    }

    public NewOrder withStoreId(int id) {
        return new NewOrder(
                state,
                status,
                id,
                customerEmail,
                customerFirstname,
                customerLastname,
                lines,
                createdAt,
                invoiced,
                shipped,
                committedLateFrom);
    }

    public NewOrder withInvoiced(boolean value) {
        return new NewOrder(
                state,
                status,
                storeId,
                customerEmail,
                customerFirstname,
                customerLastname,
                lines,
                createdAt,
                value,
                shipped,
                committedLateFrom);
    }

    public NewOrder withCustomerEmail(String email) {
        return new NewOrder(
                state,
                status,
                storeId,
                email,
                customerFirstname,
                customerLastname,
                lines,
                createdAt,
                invoiced,
                shipped,
                committedLateFrom);
    }

    public NewOrder withCreatedAt(Instant at) {
        return new NewOrder(
                state,
                status,
                storeId,
                customerEmail,
                customerFirstname,
                customerLastname,
                lines,
                at,
                invoiced,
                shipped,
                committedLateFrom);
    }
}
