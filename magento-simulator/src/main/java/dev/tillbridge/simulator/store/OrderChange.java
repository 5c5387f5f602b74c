package dev.tillbridge.simulator.store;

/**
 * A change made to an order outside the REST API. {@code status} defaults to the new state's default status.
 * {@code touch=false} leaves {@code updated_at} as it was, like an extension writing with raw SQL (spec §8.7).
 */
public record OrderChange(String state, String status, Boolean touch) {

    public static OrderChange state(String state) {
        return new OrderChange(state, null, true);
    }

    public static OrderChange touchOnly() {
        return new OrderChange(null, null, true);
    }
}
