package dev.tillbridge.events;

import dev.tillbridge.events.order.Address;
import dev.tillbridge.events.order.OrderItem;
import dev.tillbridge.events.order.OrderSnapshot;
import dev.tillbridge.events.order.Payment;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One filled-in payload of every event type. */
final class SampleEvents {

    static final String INTEGRATION = "int-1";
    static final Instant T = Instant.parse("2026-11-29T08:00:00Z");

    private SampleEvents() {}

    static OrderSnapshot order() {
        return new OrderSnapshot(
                42,
                "000000042",
                "new",
                "pending",
                1,
                "ann@example.test",
                "Ann",
                "Lee",
                "EUR",
                new BigDecimal("165.00"),
                new BigDecimal("165.00"),
                null,
                null,
                null,
                T,
                T.plusSeconds(5),
                List.of(
                        new OrderItem(
                                1,
                                null,
                                "TSHIRT",
                                "T-shirt",
                                "configurable",
                                BigDecimal.ONE,
                                BigDecimal.ZERO,
                                new BigDecimal("150.00"),
                                new BigDecimal("150.00")),
                        new OrderItem(
                                2,
                                1L,
                                "TSHIRT",
                                "T-shirt M",
                                "simple",
                                BigDecimal.ONE,
                                BigDecimal.ZERO,
                                BigDecimal.ZERO,
                                BigDecimal.ZERO)),
                new Address("Ann", "Lee", List.of("1 Main St"), "Utrecht", "3511", "NL", "+31", "ann@example.test"),
                null,
                "flatrate_flatrate",
                new BigDecimal("15.00"),
                new Payment("checkmo", new BigDecimal("165.00"), null));
    }

    static List<EventPayload> all() {
        return List.of(
                IntegrationConfigured.builder(INTEGRATION, "acc-1")
                        .name("Main store")
                        .posName("Lightspeed")
                        .magento("https://shop.example.test", "default", "v1:abc")
                        .storeIds(List.of(1, 2))
                        .downloadMode(DownloadMode.AUTO_INVOICE)
                        .syncIntervalSeconds(60)
                        .startDate(T)
                        .notificationEmails(List.of("ops@example.test"))
                        .alertIntervalMinutes(10)
                        .revision(3)
                        .build(),
                new OrderObserved(INTEGRATION, UUID.randomUUID(), OrderObserved.ObservedBy.ORDER_SEARCH, order()),
                new RedownloadRequested(INTEGRATION, 42, "operator@example.test"),
                new RedownloadRequested(INTEGRATION, 42, "resync by operator@example.test", true),
                new ResyncRequested(INTEGRATION, UUID.randomUUID(), T, true, "operator@example.test"),
                new ResyncCancelRequested(INTEGRATION, UUID.randomUUID(), "operator@example.test"),
                new ResyncProgress(
                        INTEGRATION,
                        UUID.randomUUID(),
                        T,
                        T.plusSeconds(3600),
                        T.plusSeconds(600),
                        false,
                        120,
                        7,
                        ResyncProgress.State.RUNNING,
                        null),
                new OrderReleased(INTEGRATION, DownloadMode.WAIT_FOR_INVOICE, false, order()),
                new OrderSkipped(
                        INTEGRATION,
                        42,
                        "000000042",
                        SkipReason.ALREADY_INVOICED,
                        true,
                        null,
                        null,
                        "processing",
                        "processing",
                        T,
                        T),
                SyncCycle.started(INTEGRATION, UUID.randomUUID(), T),
                SyncCycle.ended(INTEGRATION, UUID.randomUUID(), T)
                        .windowTo(T.plusSeconds(60))
                        .orders(37, 37)
                        .invoicesSeen(2)
                        .pages(1)
                        .magentoNewestUpdatedAt(T.plusSeconds(59))
                        .succeeded(812),
                new ProductUpdate(
                        INTEGRATION,
                        "run-1",
                        825,
                        12403,
                        "SKU-825",
                        "Mug",
                        new BigDecimal("9.95"),
                        null,
                        new BigDecimal("4"),
                        true,
                        ProductUpdate.ProductStatus.ENABLED,
                        new BigDecimal("0.3"),
                        Map.of("color", "red")),
                new ProductProgress(
                        INTEGRATION, "run-1", 824, 0, 12403, RunState.RUNNING, 41.5, 279L, "SKU-824", T, T, 0, null),
                LogEntry.info(
                        INTEGRATION,
                        LogService.MAGENTO,
                        "order-poller",
                        "Downloaded 37 orders updated since 2026-11-29 08:00:00"),
                new LogEntry(
                        INTEGRATION,
                        LogService.MAGENTO,
                        LogType.INFO,
                        "Invoiced order 000000042 in Magento (invoice 7).",
                        "invoice-filter",
                        "000000042",
                        42L,
                        new LogEntry.InvoiceResult(LogEntry.InvoiceResult.Outcome.CREATED, 7L)),
                new AlertChanged(
                        INTEGRATION,
                        AlertCode.MAGENTO_AUTH_FAILED,
                        AlertState.RAISED,
                        LogService.MAGENTO,
                        "The consumer isn't authorized to access Magento_Sales::actions_view.",
                        null,
                        T,
                        T,
                        3,
                        "order-poller"),
                new AlertChanged(
                        INTEGRATION,
                        AlertCode.MAGENTO_AUTH_FAILED,
                        AlertState.RESOLVED,
                        LogService.MAGENTO,
                        null,
                        null,
                        T,
                        T,
                        3,
                        "order-poller"),
                new NotificationSent(
                        "acc-1",
                        List.of(INTEGRATION),
                        List.of("ops@example.test"),
                        "Tillbridge: 1 problem needs attention",
                        List.of(AlertCode.MAGENTO_AUTH_FAILED),
                        NotificationSent.Kind.ALERT,
                        T,
                        "<m1@tillbridge>"));
    }
}
