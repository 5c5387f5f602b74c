package dev.tillbridge.pos;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.OrderReleased;
import dev.tillbridge.events.ProductUpdate;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.events.order.OrderSnapshot;
import dev.tillbridge.infra.KafkaTestClient;
import dev.tillbridge.pos.messaging.OrderReceiver;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/** The POS stand-in against the real broker: it publishes catalog runs and takes in released orders. */
@QuarkusTest
@WithTestResource(PosTestResource.class)
class PosStandInTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "pos.integration-id")
    String integrationId;

    @Inject
    OrderReceiver receiver;

    @Test
    void aRunAskedForOnDemandReachesProductUpdatesKeyedBySku() {
        String runId = given().post("/pos/runs?products=25")
                .then()
                .statusCode(202)
                .body("products", equalTo(25))
                .extract()
                .path("runId");

        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            List<ProductUpdate> run = kafka
                    .readUntil(
                            Topics.PRODUCT_UPDATES,
                            r -> r.key() != null && r.key().startsWith(integrationId + ":"),
                            found -> found.stream()
                                            .filter(r -> r.value().contains(runId))
                                            .count()
                                    >= 25,
                            Duration.ofSeconds(30))
                    .stream()
                    .map(r -> EventJson.decode(r.value(), ProductUpdate.class).payload())
                    .filter(u -> u.runId().equals(runId))
                    .toList();
            assertThat(run).hasSize(25).allSatisfy(u -> assertThat(u.runTotal()).isEqualTo(25));
            assertThat(run)
                    .extracting(ProductUpdate::position)
                    .containsExactlyInAnyOrderElementsOf(
                            IntStream.rangeClosed(1, 25).boxed().toList());
        }
        given().post("/pos/runs?products=0").then().statusCode(400);
    }

    @Test
    void aReleasedOrderArrivesAtThePos() {
        long entityId = ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000);
        Instant now = Instant.now();
        OrderSnapshot order = new OrderSnapshot(
                entityId,
                "POS" + entityId,
                "processing",
                "processing",
                1,
                "jane@example.test",
                "Jane",
                "Doe",
                "EUR",
                new BigDecimal("165.00"),
                new BigDecimal("165.00"),
                new BigDecimal("165.00"),
                new BigDecimal("165.00"),
                null,
                now,
                now,
                List.of(),
                null,
                null,
                null,
                null,
                null);
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            kafka.sendEvent(
                    Topics.FILTERED_ORDERS,
                    Topics.orderKey(integrationId, entityId),
                    EventEnvelope.of(
                            "acc-pos",
                            integrationId,
                            new OrderReleased(integrationId, DownloadMode.WAIT_FOR_INVOICE, false, order),
                            Clock.systemUTC()));
        }

        // The stand-in reads filtered-orders from the start, as a new POS connector would: other runs' orders first.
        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> assertThat(receiver.latest(integrationId)).anySatisfy(o -> {
                    assertThat(o.entityId()).isEqualTo(entityId);
                    assertThat(o.grandTotal()).isEqualTo("165.00");
                }));
        given().get("/pos/orders?integrationId=" + integrationId)
                .then()
                .statusCode(200)
                .body("latest.incrementId", Matchers.hasItem("POS" + entityId));
    }
}
