package dev.tillbridge.events.order;

import java.util.List;

public record Address(
        String firstname,
        String lastname,
        List<String> street,
        String city,
        String postcode,
        String countryId,
        String telephone,
        String email) {

    public Address {
        street = street == null ? List.of() : List.copyOf(street);
    }
}
