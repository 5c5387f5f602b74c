package dev.tillbridge.simulator.store;

import java.time.Instant;

/**
 * A change made to an order outside the REST API. {@code status} defaults to the new state's default status.
 * {@code touch=false} leaves {@code updated_at} as it was, like an extension writing with raw SQL (docs/magento-api.md §8.7).
 * {@code committedLateFrom} is a change whose transaction started then and commits only now: {@code updated_at}
 * is stamped with that past second (Magento sets it before commit, docs/magento-api.md §8.2).
 */
public record OrderChange(String state, String status, Boolean touch, Instant committedLateFrom) {

    public OrderChange(String state, String status, Boolean touch) {
        this(state, status, touch, null);
    }

    /** Re-saves the order (state unchanged) in a transaction that started at {@code started} and commits now. */
    public static OrderChange committedLate(String state, Instant started) {
        return new OrderChange(state, null, true, started);
    }

    public static OrderChange state(String state) {
        return new OrderChange(state, null, true);
    }

    public static OrderChange touchOnly() {
        return new OrderChange(null, null, true);
    }
}
