package dev.tillbridge.filter.service;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.order.OrderSnapshot;
import dev.tillbridge.infra.TestIntegration;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Builders for the decision tests. */
final class Orders {

    static final Instant CREATED = Instant.parse("2026-11-20T10:00:00Z");

    private Orders() {}

    static OrderSnapshot order(long id, String state, String invoiced) {
        return order(id, state, invoiced, 1, CREATED, CREATED.plusSeconds(60));
    }

    static OrderSnapshot order(long id, String state, String invoiced, int storeId, Instant created, Instant updated) {
        BigDecimal total = new BigDecimal("100.00");
        BigDecimal inv = switch (invoiced) {
            case "none" -> null;
            case "partly" -> new BigDecimal("40.00");
            case "full" -> total;
            case "almost" -> new BigDecimal("99.995");
            default -> throw new IllegalArgumentException(invoiced);
        };
        return new OrderSnapshot(
                id,
                String.format("%09d", id),
                state,
                state,
                storeId,
                "c@example.test",
                "C",
                "D",
                "EUR",
                total,
                total,
                inv,
                inv,
                inv,
                created,
                updated,
                List.of(),
                null,
                null,
                null,
                null,
                null);
    }

    static IntegrationConfigured integration(DownloadMode mode) {
        return integration(mode, List.of(1), null);
    }

    static IntegrationConfigured integration(DownloadMode mode, List<Integer> stores, Instant startDate) {
        return TestIntegration.of("int-1", "acc-1")
                .storeIds(stores)
                .downloadMode(mode)
                .startDate(startDate)
                .configured();
    }
}
