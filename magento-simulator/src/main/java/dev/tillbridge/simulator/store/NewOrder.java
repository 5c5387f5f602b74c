package dev.tillbridge.simulator.store;

import java.time.Instant;
import java.util.List;

/**
 * An order placed "by another extension" (admin API or Java). Every field is optional: missing lines are drawn
 * from a small sample catalog, {@code status} defaults to the state's default, {@code createdAt} to the
 * simulated now, {@code invoiced}/{@code shipped} to what the state implies (complete and closed orders are
 * both; canceled orders have their quantities canceled).
 */
public record NewOrder(String state, String status, Integer storeId, String customerEmail, String customerFirstname,
                       String customerLastname, List<NewOrderLine> lines, Instant createdAt, Boolean invoiced,
                       Boolean shipped) {

    public static NewOrder inState(String state) {
        return new NewOrder(state, null, null, null, null, null, null, null, null, null);
    }

    public NewOrder withLines(List<NewOrderLine> newLines) {
        return new NewOrder(state, status, storeId, customerEmail, customerFirstname, customerLastname, newLines,
                createdAt, invoiced, shipped);
    }

    public NewOrder withStoreId(int id) {
        return new NewOrder(state, status, id, customerEmail, customerFirstname, customerLastname, lines, createdAt,
                invoiced, shipped);
    }

    public NewOrder withInvoiced(boolean value) {
        return new NewOrder(state, status, storeId, customerEmail, customerFirstname, customerLastname, lines,
                createdAt, value, shipped);
    }

    public NewOrder withCustomerEmail(String email) {
        return new NewOrder(state, status, storeId, email, customerFirstname, customerLastname, lines, createdAt,
                invoiced, shipped);
    }

    public NewOrder withCreatedAt(Instant at) {
        return new NewOrder(state, status, storeId, customerEmail, customerFirstname, customerLastname, lines, at,
                invoiced, shipped);
    }
}
