package dev.tillbridge.simulator.store;

import java.util.List;

/** {@code billing_address} and the shipping address inside {@code shipping_assignments}. */
public record OrderAddress(
        String addressType,
        int entityId,
        int parentId,
        String firstname,
        String lastname,
        List<String> street,
        String city,
        String region,
        String regionCode,
        String postcode,
        String countryId,
        String telephone,
        String email) {}
