package dev.tillbridge.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.NotificationSent;
import dev.tillbridge.events.OrderReleased;
import dev.tillbridge.events.OrderSkipped;
import dev.tillbridge.events.ProductProgress;
import dev.tillbridge.events.RunState;
import dev.tillbridge.events.SkipReason;
import dev.tillbridge.events.SyncCycle;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.order.OrderSnapshot;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Records published to the real broker by the other services end up in the status document and the logs. */
@QuarkusTest
@WithTestResource(StatusTestResource.class)
class ReadModelProjectionTest extends StatusApiTestSupport {

    static OrderSnapshot order(long entityId, String incrementId) {
        Instant created = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        return new OrderSnapshot(
                entityId,
                incrementId,
                "processing",
                "processing",
                1,
                "c@example.test",
                "Ann",
                "Lee",
                "EUR",
                new BigDecimal("10.00"),
                new BigDecimal("10.00"),
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                created,
                created,
                List.of(),
                null,
                null,
                null,
                null,
                null);
    }

    static OrderSkipped skip(String integrationId, long entityId, SkipReason reason) {
        return new OrderSkipped(
                integrationId,
                entityId,
                "1000" + entityId,
                reason,
                reason.isFinal(),
                null,
                null,
                "processing",
                "processing",
                null,
                null);
    }

    @Test
    void releasedAndSkippedOrdersShowAsCountsByReasonWithTheAdvice() {
        String account = unique("acc");
        String id = unique("int");
        configure(id, account, 60);
        publish(
                Topics.FILTERED_ORDERS,
                Topics.orderKey(id, 1),
                account,
                id,
                new OrderReleased(id, DownloadMode.AUTO_INVOICE, false, order(1, "100000001")));
        publish(
                Topics.FILTERED_ORDERS,
                Topics.orderKey(id, 2),
                account,
                id,
                new OrderReleased(id, DownloadMode.AUTO_INVOICE, false, order(2, "100000002")));
        publish(Topics.SKIPPED_ORDERS, Topics.orderKey(id, 3), account, id, skip(id, 3, SkipReason.ALREADY_INVOICED));
        publish(Topics.SKIPPED_ORDERS, Topics.orderKey(id, 4), account, id, skip(id, 4, SkipReason.ALREADY_INVOICED));
        publish(Topics.SKIPPED_ORDERS, Topics.orderKey(id, 5), account, id, skip(id, 5, SkipReason.ON_HOLD));

        String token = tokenFor(account);
        await().atMost(Duration.ofMinutes(2))
                .untilAsserted(() -> as(token)
                        .get("/api/v1/integrations/{id}/status", id)
                        .then()
                        .statusCode(200)
                        .body("orders.downloaded.today", is(2))
                        .body("orders.skipped.today", is(3))
                        .body("orders.skippedByReason.reason", contains("ALREADY_INVOICED", "ON_HOLD"))
                        .body("name", equalTo("Store " + id)));
        as(token)
                .get("/api/v1/integrations/{id}/status", id)
                .then()
                .body("orders.skippedByReason[0].today", is(2))
                .body("orders.skippedByReason[0].advice", equalTo(SkipReason.ALREADY_INVOICED.advice()))
                .body("magento.lastOrderIncrementId", equalTo("100000002"));
        as(token)
                .get("/api/v1/integrations/{id}/orders/skipped?reason=ON_HOLD", id)
                .then()
                .statusCode(200)
                .body("items.entityId", contains(5))
                .body("items[0].sentence", equalTo(SkipReason.ON_HOLD.sentence()));
    }

    @Test
    void theSameRecordDeliveredTwiceCountsOnce() {
        String account = unique("acc");
        String id = unique("int");
        configure(id, account, 60);
        EventEnvelope<OrderReleased> released = EventEnvelope.of(
                account,
                id,
                new OrderReleased(id, DownloadMode.AUTO_INVOICE, false, order(7, "100000007")),
                Clock.systemUTC());
        EventEnvelope<OrderSkipped> skipped =
                EventEnvelope.of(account, id, skip(id, 8, SkipReason.CANCELED), Clock.systemUTC());
        EventEnvelope<LogEntry> log = EventEnvelope.of(
                account,
                id,
                LogEntry.error(id, LogService.MAGENTO, "order-poller", "Magento said no"),
                Clock.systemUTC());
        for (int i = 0; i < 2; i++) {
            kafka.sendEvent(Topics.FILTERED_ORDERS, Topics.orderKey(id, 7), released);
            kafka.sendEvent(Topics.SKIPPED_ORDERS, Topics.orderKey(id, 8), skipped);
            kafka.sendEvent(Topics.INTEGRATION_LOGS, id, log);
        }
        // A later record on each topic's same key: once it shows, both copies before it were handled.
        publish(
                Topics.FILTERED_ORDERS,
                Topics.orderKey(id, 7),
                account,
                id,
                new OrderReleased(id, DownloadMode.AUTO_INVOICE, true, order(7, "100000007")));
        publish(Topics.INTEGRATION_LOGS, id, account, id, LogEntry.info(id, LogService.POS, "pos", "marker"));
        publish(Topics.SKIPPED_ORDERS, Topics.orderKey(id, 9), account, id, skip(id, 9, SkipReason.CANCELED));

        String token = tokenFor(account);
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            as(token)
                    .get("/api/v1/integrations/{id}/logs", id)
                    .then()
                    .statusCode(200)
                    .body("items.message", contains("marker", "Magento said no"));
            as(token)
                    .get("/api/v1/integrations/{id}/status", id)
                    .then()
                    .statusCode(200)
                    .body("orders.skipped.today", is(2));
        });
        // Two distinct releases of order 7 (the second a re-download) but one order; the repeat added nothing.
        as(token)
                .get("/api/v1/integrations/{id}/status", id)
                .then()
                .body("orders.downloaded.today", is(1))
                .body("orders.skippedByReason[0].today", is(2));
        assertThat(downloads(id, 7)).isEqualTo(2);
    }

    @Inject
    EntityManager em;

    int downloads(String integrationId, long entityId) {
        return ((Number) em.createNativeQuery(
                                "SELECT downloads FROM downloaded_order WHERE integration_id = ?1 AND entity_id = ?2")
                        .setParameter(1, integrationId)
                        .setParameter(2, entityId)
                        .getSingleResult())
                .intValue();
    }

    @Test
    void aNewerSkipReasonReplacesTheOlderAndAReleaseClearsTheSkip() {
        String account = unique("acc");
        String id = unique("int");
        configure(id, account, 60);
        Instant t0 = Instant.now().minusSeconds(30);
        publishAt(
                Topics.SKIPPED_ORDERS,
                Topics.orderKey(id, 11),
                account,
                id,
                skip(id, 11, SkipReason.AWAITING_INVOICE),
                t0);
        publishAt(
                Topics.SKIPPED_ORDERS,
                Topics.orderKey(id, 12),
                account,
                id,
                skip(id, 12, SkipReason.AWAITING_INVOICE),
                t0);
        publishAt(
                Topics.SKIPPED_ORDERS,
                Topics.orderKey(id, 11),
                account,
                id,
                skip(id, 11, SkipReason.CANCELED),
                t0.plusSeconds(5));
        publishAt(
                Topics.FILTERED_ORDERS,
                Topics.orderKey(id, 12),
                account,
                id,
                new OrderReleased(id, DownloadMode.WAIT_FOR_INVOICE, false, order(12, "100000012")),
                t0.plusSeconds(6));
        // An old skip of order 12 arriving late does not bring it back.
        publishAt(
                Topics.SKIPPED_ORDERS,
                Topics.orderKey(id, 12),
                account,
                id,
                skip(id, 12, SkipReason.ON_HOLD),
                t0.plusSeconds(1));
        publishAt(
                Topics.SKIPPED_ORDERS,
                Topics.orderKey(id, 13),
                account,
                id,
                skip(id, 13, SkipReason.PAYMENT_PENDING),
                t0.plusSeconds(7));

        String token = tokenFor(account);
        await().atMost(Duration.ofMinutes(2))
                .untilAsserted(() -> as(token)
                        .get("/api/v1/integrations/{id}/orders/skipped", id)
                        .then()
                        .statusCode(200)
                        .body("items.entityId", contains(13, 11))
                        .body("items.reason", contains("PAYMENT_PENDING", "CANCELED")));
        as(token)
                .get("/api/v1/integrations/{id}/status", id)
                .then()
                .body("orders.downloaded.today", is(1))
                .body("orders.skippedByReason.reason", containsInAnyOrder("CANCELED", "PAYMENT_PENDING"));
    }

    @Test
    void theSyncCycleAndTheProductRunShowInTheStatusDocument() {
        String account = unique("acc");
        String id = unique("int");
        configure(id, account, 60);
        UUID cycle = UUID.randomUUID();
        Instant from = Instant.parse("2024-12-13T10:00:00Z");
        Instant to = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        publish(
                Topics.SYNC_CYCLES,
                id,
                account,
                id,
                new SyncCycle(id, cycle, SyncCycle.Phase.STARTED, from, to, 0, 0, 0, 0, null, null, null, null));
        publish(
                Topics.SYNC_CYCLES,
                id,
                account,
                id,
                SyncCycle.ended(id, cycle, from)
                        .windowTo(to)
                        .orders(4, 4)
                        .invoicesSeen(1)
                        .pages(1)
                        .magentoNewestUpdatedAt(to.minusSeconds(10))
                        .succeeded(850));
        publish(
                Topics.PRODUCT_PROGRESS,
                id,
                account,
                id,
                new ProductProgress(
                        id,
                        "run-1",
                        824,
                        0,
                        12403,
                        RunState.RUNNING,
                        41.5,
                        280L,
                        "SKU-824",
                        Instant.now(),
                        Instant.now().minusSeconds(20),
                        0,
                        null));

        String token = tokenFor(account);
        await().atMost(Duration.ofMinutes(2))
                .untilAsserted(() -> as(token)
                        .get("/api/v1/integrations/{id}/status", id)
                        .then()
                        .statusCode(200)
                        .body("syncCycle.outcome", equalTo("SUCCEEDED"))
                        .body("productRun.label", equalTo("Updating Product 825 of 12403")));
        as(token)
                .get("/api/v1/integrations/{id}/status", id)
                .then()
                .body("syncCycle.cycleId", equalTo(cycle.toString()))
                .body("syncCycle.ordersSeen", is(4))
                .body("syncCycle.windowFrom", equalTo("2024-12-13T10:00:00Z"))
                .body("syncCycle.runningCycleId", nullValue())
                .body("syncCycle.changedAfterLastSync", is(false))
                .body("magento.lastProductSku", equalTo("SKU-824"))
                .body("productRun.current", is(825))
                .body("productRun.total", is(12403));
    }

    @Test
    void anEmailSentShowsAsANotificationLineUnderTheAlertsService() {
        String account = unique("acc");
        String id = unique("int");
        configure(id, account, 60);
        publish(
                Topics.NOTIFICATIONS,
                account,
                account,
                id,
                new NotificationSent(
                        account,
                        List.of(id),
                        List.of("ops@example.test"),
                        "Tillbridge: Magento refused the credentials",
                        List.of(AlertCode.MAGENTO_AUTH_FAILED),
                        NotificationSent.Kind.ALERT,
                        Instant.now(),
                        "m-1"));

        String token = tokenFor(account);
        await().atMost(Duration.ofMinutes(2))
                .untilAsserted(() -> as(token)
                        .get("/api/v1/integrations/{id}/logs?type=NOTIFICATION&service=MAGENTO", id)
                        .then()
                        .statusCode(200)
                        .body("items", hasSize(1))
                        .body(
                                "items[0].message",
                                equalTo(
                                        "Alert e-mail sent to ops@example.test: Tillbridge: Magento refused the credentials"))
                        .body("items[0].reference", equalTo("MAGENTO_AUTH_FAILED")));
    }

    @Test
    void anUnreadableRecordGoesToTheDeadLetterTopicAndTheNextOneIsRead() {
        String account = unique("acc");
        String id = unique("int");
        configure(id, account, 60);
        String bad = "{\"not\": \"an event " + UUID.randomUUID() + "\"}";
        kafka.send(Topics.INTEGRATION_LOGS, id, bad);
        publish(
                Topics.INTEGRATION_LOGS,
                id,
                account,
                id,
                LogEntry.info(id, LogService.POS, "pos", "after the bad one"));

        var dead = kafka.readUntil(
                Topics.deadLetter(Topics.INTEGRATION_LOGS),
                r -> bad.equals(r.value()),
                found -> !found.isEmpty(),
                Duration.ofSeconds(30));
        // At least once: a rebalance on a starved machine may dead-letter the same offset a second time.
        assertThat(dead).isNotEmpty().allSatisfy(r -> assertThat(r.value()).isEqualTo(bad));
        String token = tokenFor(account);
        await().atMost(Duration.ofMinutes(2))
                .untilAsserted(() -> as(token)
                        .get("/api/v1/integrations/{id}/logs", id)
                        .then()
                        .body("items.message", contains("after the bad one")));
    }
}
