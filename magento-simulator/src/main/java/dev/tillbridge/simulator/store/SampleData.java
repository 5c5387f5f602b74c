package dev.tillbridge.simulator.store;

import java.math.BigDecimal;
import java.util.List;
import java.util.Random;

/** Names, addresses and products (from Magento's Luma sample data) that make generated orders look real. */
final class SampleData {

    record SampleProduct(String sku, String name, BigDecimal price, boolean configurable) {}

    record SampleAddress(
            List<String> street,
            String city,
            String region,
            String regionCode,
            String postcode,
            String countryId,
            String telephone) {}

    static final List<SampleProduct> PRODUCTS = List.of(
            new SampleProduct("24-MB01", "Joust Duffle Bag", new BigDecimal("34.00"), false),
            new SampleProduct("24-MB04", "Strive Shoulder Pack", new BigDecimal("32.00"), false),
            new SampleProduct("24-WG02", "Didi Sport Watch", new BigDecimal("92.00"), false),
            new SampleProduct("24-UG06", "Affirm Water Bottle", new BigDecimal("7.00"), false),
            new SampleProduct("24-WB04", "Overnight Duffle", new BigDecimal("45.00"), false),
            new SampleProduct("MH01-M-Black", "Chaz Kangeroo Hoodie", new BigDecimal("52.00"), true),
            new SampleProduct("WS12-S-Blue", "Radiant Tee", new BigDecimal("22.00"), true),
            new SampleProduct("MJ01-L-Red", "Beaumont Summit Kit", new BigDecimal("42.00"), true),
            new SampleProduct("WP07-28-Orange", "Aeon Capri", new BigDecimal("48.00"), true));

    private static final List<String> FIRST_NAMES =
            List.of("Veronica", "John", "Amira", "Lars", "Mei", "Carlos", "Ingrid", "Tomasz", "Aisha", "Pieter");
    private static final List<String> LAST_NAMES = List.of(
            "Costello", "Smith", "Haddad", "Nilsson", "Chen", "Garcia", "Berg", "Kowalski", "Okafor", "de Vries");

    private static final List<SampleAddress> ADDRESSES = List.of(
            new SampleAddress(
                    List.of("6146 Honey Bluff Parkway"),
                    "Calder",
                    "Michigan",
                    "MI",
                    "49628-7978",
                    "US",
                    "(555) 229-3326"),
            new SampleAddress(
                    List.of("123 Main Street", "Apt 4"), "Austin", "Texas", "TX", "78701", "US", "512-555-0101"),
            new SampleAddress(
                    List.of("Keizersgracht 123"),
                    "Amsterdam",
                    "Noord-Holland",
                    "NH",
                    "1015 CJ",
                    "NL",
                    "+31 20 555 0100"),
            new SampleAddress(
                    List.of("Kungsgatan 5"), "Stockholm", "Stockholms län", "AB", "111 43", "SE", "+46 8 555 0199"));

    private SampleData() {}

    static <T> T pick(List<T> values, Random random) {
        return values.get(random.nextInt(values.size()));
    }

    static String firstName(Random random) {
        return pick(FIRST_NAMES, random);
    }

    static String lastName(Random random) {
        return pick(LAST_NAMES, random);
    }

    static SampleAddress address(Random random) {
        return pick(ADDRESSES, random);
    }
}
