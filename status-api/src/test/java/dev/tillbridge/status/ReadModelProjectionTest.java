package dev.tillbridge.status;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.OrderReleased;
import dev.tillbridge.events.OrderSkipped;
import dev.tillbridge.events.ProductProgress;
import dev.tillbridge.events.RunState;
import dev.tillbridge.events.SkipReason;
import dev.tillbridge.events.SyncCycle;
import dev.tillbridge.events.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Records published to the real broker by the other services end up in the status document and the logs. */
@QuarkusTest
@WithTestResource(StatusTestResource.class)
class ReadModelProjectionTest extends StatusApiTestSupport {

    @Test
    void releasedAndSkippedOrdersShowAsCountsByReasonWithTheAdvice() {
        OtherServices services = configuredIntegration();
        String account = services.accountId();
        String id = services.integrationId();
        services.released(1, "100000001");
        services.released(2, "100000002");
        services.skipped(3, SkipReason.ALREADY_INVOICED);
        services.skipped(4, SkipReason.ALREADY_INVOICED);
        services.skipped(5, SkipReason.ON_HOLD);

        String token = tokenFor(account);
        awaitStatus(
                token,
                id,
                Duration.ofMinutes(2),
                status -> status.body("orders.downloaded.today", is(2))
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
        OtherServices services = configuredIntegration();
        String account = services.accountId();
        String id = services.integrationId();
        EventEnvelope<OrderReleased> released = EventEnvelope.of(
                account,
                id,
                new OrderReleased(id, DownloadMode.AUTO_INVOICE, false, OtherServices.order(7, "100000007")),
                Clock.systemUTC());
        EventEnvelope<OrderSkipped> skipped =
                EventEnvelope.of(account, id, OtherServices.skip(id, 8, SkipReason.CANCELED), Clock.systemUTC());
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
        services.released(OtherServices.order(7, "100000007"), DownloadMode.AUTO_INVOICE, true);
        services.log(LogEntry.info(id, LogService.POS, "pos", "marker"));
        services.skipped(9, SkipReason.CANCELED);

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
        OtherServices services = configuredIntegration();
        String account = services.accountId();
        String id = services.integrationId();
        Instant t0 = Instant.now().minusSeconds(30);
        services.skippedAt(11, SkipReason.AWAITING_INVOICE, t0);
        services.skippedAt(12, SkipReason.AWAITING_INVOICE, t0);
        services.skippedAt(11, SkipReason.CANCELED, t0.plusSeconds(5));
        services.publishAt(
                Topics.FILTERED_ORDERS,
                Topics.orderKey(id, 12),
                new OrderReleased(id, DownloadMode.WAIT_FOR_INVOICE, false, OtherServices.order(12, "100000012")),
                t0.plusSeconds(6));
        // An old skip of order 12 arriving late does not bring it back.
        services.skippedAt(12, SkipReason.ON_HOLD, t0.plusSeconds(1));
        services.skippedAt(13, SkipReason.PAYMENT_PENDING, t0.plusSeconds(7));

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
        OtherServices services = configuredIntegration();
        String account = services.accountId();
        String id = services.integrationId();
        UUID cycle = UUID.randomUUID();
        Instant from = Instant.parse("2024-12-13T10:00:00Z");
        Instant to = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        services.cycle(new SyncCycle(id, cycle, SyncCycle.Phase.STARTED, from, to, 0, 0, 0, 0, null, null, null, null));
        services.cycle(SyncCycle.ended(id, cycle, from)
                .windowTo(to)
                .orders(4, 4)
                .invoicesSeen(1)
                .pages(1)
                .magentoNewestUpdatedAt(to.minusSeconds(10))
                .succeeded(850));
        services.progress(new ProductProgress(
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
    void anIdleCycleIsItsEndedRecordAloneAndARepeatOfItChangesNothing() {
        OtherServices services = configuredIntegration();
        String account = services.accountId();
        String id = services.integrationId();
        UUID cycle = UUID.randomUUID();
        Instant from = Instant.parse("2024-12-13T10:00:00Z");
        Instant watermark = from.plusSeconds(120);
        // An idle cycle (order-poller, issue 14) sends no STARTED record: its start is its duration before its end.
        EventEnvelope<SyncCycle> ended = EventEnvelope.of(
                account,
                id,
                SyncCycle.ended(id, cycle, from)
                        .windowTo(watermark)
                        .pages(2)
                        .magentoNewestUpdatedAt(watermark)
                        .succeeded(400),
                Clock.systemUTC());
        kafka.sendEvent(Topics.SYNC_CYCLES, id, ended);
        kafka.sendEvent(Topics.SYNC_CYCLES, id, ended);
        String token = tokenFor(account);
        await().atMost(Duration.ofMinutes(2))
                .untilAsserted(() -> as(token)
                        .get("/api/v1/integrations/{id}/status", id)
                        .then()
                        .statusCode(200)
                        .body("syncCycle.cycleId", equalTo(cycle.toString())));
        String startedAt = as(token)
                .get("/api/v1/integrations/{id}/status", id)
                .then()
                .body("syncCycle.outcome", equalTo("SUCCEEDED"))
                .body("syncCycle.runningCycleId", nullValue())
                .body("syncCycle.changedAfterLastSync", is(false))
                .extract()
                .path("syncCycle.startedAt");
        assertThat(Duration.between(Instant.parse(startedAt), ended.occurredAt().minusMillis(400))
                        .abs())
                .as("started its duration before its end")
                .isLessThan(Duration.ofMillis(2));
        assertThat(((Number) em.createNativeQuery("SELECT count(*) FROM processed_event WHERE envelope_id = ?1")
                                .setParameter(1, ended.id())
                                .getSingleResult())
                        .longValue())
                .as("a cycle record needs no processed_event row: applying it again changes nothing")
                .isZero();
        assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString())
                .as("the read model's lag is measured per topic")
                .containsPattern("tillbridge_readmodel_lag_seconds_count\\{[^}]*topic=\"sync-cycles\"[^}]*} [1-9]");
    }

    @Test
    void anEmailSentShowsAsANotificationLineUnderTheAlertsService() {
        OtherServices services = configuredIntegration();
        String account = services.accountId();
        String id = services.integrationId();
        services.credentialsAlertMailed();

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
        OtherServices services = configuredIntegration();
        String account = services.accountId();
        String id = services.integrationId();
        String bad = "{\"not\": \"an event " + UUID.randomUUID() + "\"}";
        kafka.send(Topics.INTEGRATION_LOGS, id, bad);
        services.log(LogEntry.info(id, LogService.POS, "pos", "after the bad one"));

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
