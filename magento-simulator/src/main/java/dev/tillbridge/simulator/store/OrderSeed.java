package dev.tillbridge.simulator.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How many orders to generate and how they look. {@code states} maps state to relative weight (default mix
 * below); {@code invoicedFraction} is the share of {@code processing} orders that are invoiced (complete and
 * closed always are, other states never); {@code storeIds} are drawn from uniformly (default: every store view);
 * {@code created_at} is spread over {@code [createdFrom, createdTo]} (default: the last 30 days) and grows with
 * {@code entity_id}, as it does in a real store; {@code seed} makes the result repeatable.
 */
public record OrderSeed(
        Integer count,
        Map<String, Integer> states,
        Double invoicedFraction,
        List<Integer> storeIds,
        Instant createdFrom,
        Instant createdTo,
        Long seed) {

    public static final Map<String, Integer> DEFAULT_STATES =
            Map.of("new", 40, "processing", 30, "complete", 15, "canceled", 5, "holded", 5, "pending_payment", 5);

    public static OrderSeed of(int count) {
        return new OrderSeed(count, null, null, null, null, null, null);
    }

    public OrderSeed withStates(Map<String, Integer> weights) {
        return new OrderSeed(count, weights, invoicedFraction, storeIds, createdFrom, createdTo, seed);
    }

    public OrderSeed withInvoicedFraction(double fraction) {
        return new OrderSeed(count, states, fraction, storeIds, createdFrom, createdTo, seed);
    }

    public OrderSeed withStoreIds(List<Integer> ids) {
        return new OrderSeed(count, states, invoicedFraction, ids, createdFrom, createdTo, seed);
    }

    public OrderSeed withCreatedBetween(Instant from, Instant to) {
        return new OrderSeed(count, states, invoicedFraction, storeIds, from, to, seed);
    }

    public OrderSeed withSeed(long value) {
        return new OrderSeed(count, states, invoicedFraction, storeIds, createdFrom, createdTo, value);
    }
}
