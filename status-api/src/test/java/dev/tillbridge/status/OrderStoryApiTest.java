package dev.tillbridge.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.LogType;
import dev.tillbridge.events.OrderObserved;
import dev.tillbridge.events.OrderReleased;
import dev.tillbridge.events.OrderSkipped;
import dev.tillbridge.events.SkipReason;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.events.order.OrderSnapshot;
import dev.tillbridge.status.service.ReadModelRetention;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/integrations/{id}/orders/{ref}}: one order's story built from raw-orders, skipped-orders,
 * filtered-orders and integration-logs records published to the real broker, found by entity id and by increment id;
 * the "never seen" answer with the watermark and the last cycle's window; bad refs; bounded and purged like orders.
 */
@QuarkusTest
@WithTestResource(StatusTestResource.class)
class OrderStoryApiTest extends StatusApiTestSupport {

    static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    ReadModelRetention retention;

    static OrderSnapshot order(long entityId, String incrementId, String state, String invoiced, Instant updatedAt) {
        return new OrderSnapshot(
                entityId,
                incrementId,
                state,
                state,
                1,
                "buyer@example.test",
                "Ada",
                "Buyer",
                "EUR",
                new BigDecimal("42.00"),
                new BigDecimal("42.00"),
                new BigDecimal(invoiced),
                new BigDecimal(invoiced),
                new BigDecimal(invoiced),
                updatedAt.minus(Duration.ofHours(1)),
                updatedAt,
                List.of(),
                null,
                null,
                "flatrate_flatrate",
                BigDecimal.ZERO,
                null);
    }

    /** An integration the account creates through the API, with a start date. */
    OtherServices integration(String account) {
        String id = unique("int");
        createIntegration(
                        tokenFor(account),
                        createRequest(id)
                                .storeIds(1)
                                .syncIntervalSeconds(60)
                                .startDate(Instant.parse("2026-01-01T00:00:00Z"))
                                .accessToken("t")
                                .createBody())
                .then()
                .statusCode(201);
        return otherServices(account, id);
    }

    /** Publishes as invoice-filter does, and returns where the record landed (the story shows it). */
    RecordMetadata publishRelease(String account, String id, OrderReleased released, Instant at) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (var producer = new KafkaProducer<String, String>(props)) {
            var envelope = EventEnvelope.of(account, id, released, Clock.fixed(at, ZoneOffset.UTC));
            return producer.send(new ProducerRecord<>(
                            Topics.FILTERED_ORDERS,
                            Topics.orderKey(id, released.order().entityId()),
                            EventJson.encode(envelope)))
                    .get();
        }
    }

    JsonPath story(String token, String id, String encodedRef) {
        return as(token)
                .urlEncodingEnabled(false)
                .get("/api/v1/integrations/" + id + "/orders/" + encodedRef)
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .extract()
                .jsonPath();
    }

    @Test
    void everyFactAboutAnOrderOldestFirstFoundByIncrementOrEntityId() throws Exception {
        String account = unique("acc");
        OtherServices services = integration(account);
        String id = services.integrationId();
        String token = tokenFor(account);
        Instant t = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.SECONDS);
        long entityId = 90_000 + (long) (Math.random() * 9_000);
        String incrementId = "0000" + entityId;
        String key = Topics.orderKey(id, entityId);
        UUID cycle1 = UUID.randomUUID();
        UUID cycle2 = UUID.randomUUID();

        // Records of several topics, published out of their time order (each topic is read on its own).
        OrderSnapshot unpaid = order(entityId, incrementId, "new", "0.00", t);
        OrderSnapshot paid = order(entityId, incrementId, "processing", "42.00", t.plusSeconds(120));
        RecordMetadata release = publishRelease(
                account, id, new OrderReleased(id, DownloadMode.WAIT_FOR_INVOICE, false, paid), t.plusSeconds(125));
        var seen1 = services.publishAt(
                Topics.RAW_ORDERS,
                key,
                new OrderObserved(id, cycle1, OrderObserved.ObservedBy.ORDER_SEARCH, unpaid),
                t.plusSeconds(1));
        services.publishAt(
                Topics.SKIPPED_ORDERS,
                key,
                new OrderSkipped(
                        id,
                        entityId,
                        incrementId,
                        SkipReason.AWAITING_INVOICE,
                        false,
                        null,
                        null,
                        "new",
                        "new",
                        unpaid.createdAt(),
                        unpaid.updatedAt()),
                t.plusSeconds(2));
        services.publishAt(
                Topics.RAW_ORDERS,
                key,
                new OrderObserved(id, cycle2, OrderObserved.ObservedBy.INVOICE_SEARCH, paid),
                t.plusSeconds(121));
        // The poller published the first version again (a restart mid-cycle): same envelope, one fact.
        kafka.sendEvent(Topics.RAW_ORDERS, key, seen1);
        // A line about another order and one about no order: not part of this story.
        services.publishAt(
                Topics.INTEGRATION_LOGS,
                id,
                LogEntry.info(id, LogService.MAGENTO, "order-poller", "Sync cycle found 2 orders."),
                t.plusSeconds(122));

        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(story(token, id, "%23" + incrementId).getList("facts.kind"))
                                .containsExactly("SEEN", "SKIPPED", "SEEN", "RELEASED"));

        // The operator asks for a re-download (through the API: the outbox publishes it to raw-orders).
        as(token)
                .post("/api/v1/integrations/{id}/orders/{entity}/redownload", id, entityId)
                .then()
                .statusCode(202);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(story(token, id, incrementId).getList("facts.kind"))
                        .containsExactly("SEEN", "SKIPPED", "SEEN", "RELEASED", "REDOWNLOAD_REQUESTED"));
        Instant requestedAt = Instant.parse(story(token, id, incrementId).getString("facts[4].at"));
        RecordMetadata again = publishRelease(
                account,
                id,
                new OrderReleased(id, DownloadMode.WAIT_FOR_INVOICE, true, paid),
                requestedAt.plusMillis(50));
        services.publishAt(
                Topics.INTEGRATION_LOGS,
                id,
                new LogEntry(
                        id,
                        LogService.MAGENTO,
                        LogType.ERROR,
                        "Could not invoice order " + incrementId
                                + " in Magento: The order does not allow an invoice to be created.",
                        "invoice-filter",
                        incrementId,
                        entityId,
                        new LogEntry.InvoiceResult(LogEntry.InvoiceResult.Outcome.FAILED, null)),
                requestedAt.plusMillis(100));

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(
                                story(token, id, Long.toString(entityId)).getList("facts.kind"))
                        .hasSize(7));
        JsonPath byEntity = story(token, id, Long.toString(entityId));
        JsonPath byIncrement = story(token, id, "%23" + incrementId);
        JsonPath byPlainIncrement = story(token, id, incrementId);
        assertThat(byEntity.getString("matchedBy")).isEqualTo("ENTITY_ID");
        assertThat(byIncrement.getString("matchedBy")).isEqualTo("INCREMENT_ID");
        assertThat(byIncrement.getList("facts")).isEqualTo(byEntity.getList("facts"));
        assertThat(byPlainIncrement.getList("facts")).isEqualTo(byEntity.getList("facts"));

        JsonPath s = byIncrement;
        assertThat(s.getBoolean("seen")).isTrue();
        assertThat(s.getLong("entityId")).isEqualTo(entityId);
        assertThat(s.getString("incrementId")).isEqualTo(incrementId);
        assertThat(s.getString("ref")).isEqualTo("#" + incrementId);
        assertThat(s.getList("facts.kind"))
                .containsExactly("SEEN", "SKIPPED", "SEEN", "RELEASED", "REDOWNLOAD_REQUESTED", "RELEASED", "INVOICE");
        // each version seen: cycle, updated_at, state, invoiced total
        assertThat(s.getString("facts[0].cycleId")).isEqualTo(cycle1.toString());
        assertThat(s.getString("facts[0].updatedAt")).isEqualTo(t.toString());
        assertThat(s.getString("facts[0].state")).isEqualTo("new");
        assertThat(new BigDecimal(s.getString("facts[0].baseTotalInvoiced"))).isEqualByComparingTo("0");
        assertThat(s.getString("facts[2].cycleId")).isEqualTo(cycle2.toString());
        assertThat(s.getString("facts[2].observedBy")).isEqualTo("INVOICE_SEARCH");
        assertThat(new BigDecimal(s.getString("facts[2].baseTotalInvoiced"))).isEqualByComparingTo("42");
        // each decision, with reason and advice, and the release decided again after the skip
        assertThat(s.getString("facts[1].reason")).isEqualTo("AWAITING_INVOICE");
        assertThat(s.getString("facts[1].advice")).isEqualTo(SkipReason.AWAITING_INVOICE.advice());
        assertThat(s.getBoolean("facts[1].redecided")).isFalse();
        assertThat(s.getBoolean("facts[3].redecided")).isTrue();
        // where it reached filtered-orders
        assertThat(s.getInt("facts[3].partition")).isEqualTo(release.partition());
        assertThat(s.getLong("facts[3].offset")).isEqualTo(release.offset());
        assertThat(s.getString("facts[3].summary"))
                .isEqualTo("Decided again: released to the POS: on filtered-orders," + " partition "
                        + release.partition() + ", offset " + release.offset() + ".");
        // the re-download: who asked, and the release it caused
        assertThat(s.getString("facts[4].requestedBy")).isEqualTo("user-of-" + account);
        assertThat(s.getBoolean("facts[5].redownload")).isTrue();
        assertThat(s.getLong("facts[5].offset")).isEqualTo(again.offset());
        // the Auto-Invoice outcome
        assertThat(s.getString("facts[6].invoiceOutcome")).isEqualTo("FAILED");
        assertThat(s.getString("facts[6].summary")).contains("The order does not allow an invoice to be created.");
        assertThat(s.getString("current.decision")).isEqualTo("RELEASED");

        // Another account sees nothing of it: the answer for an unknown integration.
        String stranger = tokenFor(unique("acc"));
        as(stranger)
                .urlEncodingEnabled(false)
                .get("/api/v1/integrations/" + id + "/orders/%23" + incrementId)
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("No integration " + id));
    }

    @Test
    void anOrderNeverSeenIsAnAnswerWithTheLikelyReasons() {
        String account = unique("acc");
        OtherServices services = integration(account);
        String id = services.integrationId();
        String token = tokenFor(account);
        Instant to = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.MILLIS);
        Instant from = to.minusSeconds(180);
        services.cycleSucceeded(from, to, 0, to.minusSeconds(5));
        awaitStatus(token, id, WAIT, status -> status.body("syncCycle.outcome", is("SUCCEEDED")));

        JsonPath s = story(token, id, "%23000000999");
        assertThat(s.getBoolean("seen")).isFalse();
        assertThat(s.getList("facts")).isEmpty();
        assertThat(s.getList("notSeen.likelyReasons.code"))
                .containsExactly("NOT_YET_POLLED", "BEFORE_START_DATE", "STORE_NOT_MAPPED", "FORGOTTEN");
        assertThat(Instant.parse(s.getString("notSeen.watermark"))).isEqualTo(to);
        assertThat(Instant.parse(s.getString("notSeen.lastCycle.windowFrom"))).isEqualTo(from);
        assertThat(Instant.parse(s.getString("notSeen.lastCycle.windowTo"))).isEqualTo(to);
        assertThat(s.getString("notSeen.startDate")).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(s.getList("notSeen.storeIds")).containsExactly(1);
        assertThat(s.getString("notSeen.likelyReasons[0].sentence")).contains(to.toString());
        // A number is looked up as an entity id, then as an increment id: neither known.
        assertThat(story(token, id, "4711").getBoolean("seen")).isFalse();
    }

    @Test
    void aRefThatCannotNameAnOrderIs400NamingItNever500() {
        String account = unique("acc");
        OtherServices services = integration(account);
        String id = services.integrationId();
        String token = tokenFor(account);
        for (String bad : List.of(
                "%23", "%23%23", "a%20b", "-1", "%C3%BC1", "x'--", "%3Cscript%3E", "1".repeat(51), "%00", "a%0Ab")) {
            as(token)
                    .urlEncodingEnabled(false)
                    .get("/api/v1/integrations/" + id + "/orders/" + bad)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", is("ref"));
        }
        // "skipped" is the skipped-orders list; "#skipped" the order whose increment id it would be.
        as(token)
                .get("/api/v1/integrations/{id}/orders/skipped", id)
                .then()
                .statusCode(200)
                .body("items.size()", is(0));
        assertThat(story(token, id, "%23skipped").getBoolean("seen")).isFalse();
    }

    @Test
    void anOrderChangedOverAndOverKeepsItsNewestFactsAndItsDecisions() {
        String account = unique("acc");
        OtherServices services = integration(account);
        String id = services.integrationId();
        String token = tokenFor(account);
        long entityId = 7;
        String key = Topics.orderKey(id, entityId);
        Instant t = Instant.now().minusSeconds(3600).truncatedTo(ChronoUnit.SECONDS);
        services.publishAt(
                Topics.SKIPPED_ORDERS,
                key,
                new OrderSkipped(
                        id, entityId, "000000007", SkipReason.ON_HOLD, false, null, null, "holded", "holded", t, t),
                t);
        // 25 versions with a cap of 20 facts (test profile): the oldest versions go, the skip stays.
        for (int v = 1; v <= 25; v++) {
            services.publishAt(
                    Topics.RAW_ORDERS,
                    key,
                    new OrderObserved(
                            id,
                            UUID.randomUUID(),
                            null,
                            order(entityId, "000000007", "holded", "0.00", t.plusSeconds(v))),
                    t.plusSeconds(v));
        }
        await().atMost(WAIT)
                .untilAsserted(() ->
                        assertThat(story(token, id, "7").getInt("factsDropped")).isEqualTo(6));
        JsonPath s = story(token, id, "7");
        assertThat(s.getList("facts")).hasSize(20);
        assertThat(s.getString("facts[0].kind")).isEqualTo("SKIPPED");
        assertThat(s.getString("facts[1].updatedAt")).isEqualTo(t.plusSeconds(7).toString());
        assertThat(s.getString("facts[19].updatedAt"))
                .isEqualTo(t.plusSeconds(25).toString());
        assertThat(s.getString("current.decision")).isEqualTo("SKIPPED");
    }

    @Test
    void storiesGoWithTheOrdersRetentionAndWithTheIntegration() {
        String account = unique("acc");
        OtherServices services = integration(account);
        String id = services.integrationId();
        String token = tokenFor(account);
        Instant old = Instant.now().minus(Duration.ofDays(31));
        services.publishAt(
                Topics.RAW_ORDERS,
                Topics.orderKey(id, 1),
                new OrderObserved(id, UUID.randomUUID(), null, order(1, "000000001", "new", "0.00", old)),
                old);
        services.publishAt(
                Topics.RAW_ORDERS,
                Topics.orderKey(id, 2),
                new OrderObserved(id, UUID.randomUUID(), null, order(2, "000000002", "new", "0.00", Instant.now())),
                Instant.now());
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(story(token, id, "1").getBoolean("seen")).isTrue();
            assertThat(story(token, id, "2").getBoolean("seen")).isTrue();
        });

        assertThat(retention.purge().orderStories()).isGreaterThanOrEqualTo(1);

        assertThat(story(token, id, "1").getBoolean("seen")).isFalse();
        assertThat(story(token, id, "%23000000002").getBoolean("seen")).isTrue();

        // Deleted and created again by its owner: the new incarnation has none of the old stories.
        as(token).delete("/api/v1/integrations/{id}", id).then().statusCode(204);
        createIntegration(token, createBody(id, "s")).then().statusCode(201);
        assertThat(story(token, id, "2").getBoolean("seen")).isFalse();
        assertThat(story(token, id, "2").getList("notSeen.likelyReasons.code", String.class))
                .contains("FORGOTTEN");
        as(token).get("/api/v1/integrations/{id}/orders/skipped", id).then().body("items.size()", is(0));
    }
}
