package dev.tillbridge.simulator.store;

/** The {@code customer_*} columns of an order; a guest order has no {@code customer_id}. */
public record OrderCustomer(
        Integer customerId,
        String customerEmail,
        String customerFirstname,
        String customerLastname,
        int customerIsGuest,
        int customerGroupId) {}
