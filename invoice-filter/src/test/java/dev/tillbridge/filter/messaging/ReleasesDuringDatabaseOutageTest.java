package dev.tillbridge.filter.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.OrderReleased;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.kafka.ConsumersReadiness;
import dev.tillbridge.events.order.OrderSnapshot;
import dev.tillbridge.filter.FilterTestResource;
import dev.tillbridge.filter.service.InvoiceQueue;
import dev.tillbridge.infra.DatabaseOutage;
import dev.tillbridge.infra.KafkaTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An Auto-Invoice release read while PostgreSQL is briefly unavailable is held and queued once it is back: no
 * invoice is lost, and nothing good reaches {@code filtered-orders.dlq}. The integration is unknown to the
 * directory, so the invoicer keeps the job pending (it retries later) and the test can see it.
 */
@QuarkusTest
@WithTestResource(FilterTestResource.class)
class ReleasesDuringDatabaseOutageTest {

    @Inject
    InvoiceQueue queue;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private KafkaTestClient kafka;

    @BeforeEach
    void openKafka() {
        kafka = new KafkaTestClient(bootstrapServers);
    }

    @AfterEach
    void closeKafka() {
        kafka.close();
    }

    private static OrderReleased release(String integrationId, long entityId) {
        BigDecimal total = new BigDecimal("100.00");
        Instant created = Instant.parse("2026-11-20T10:00:00Z");
        OrderSnapshot order = new OrderSnapshot(
                entityId,
                String.format("%09d", entityId),
                "processing",
                "processing",
                1,
                "c@example.test",
                "C",
                "D",
                "EUR",
                total,
                total,
                null,
                null,
                null,
                created,
                created.plusSeconds(60),
                List.of(),
                null,
                null,
                null,
                null,
                null);
        return new OrderReleased(integrationId, DownloadMode.AUTO_INVOICE, false, order);
    }

    @Test
    void anAutoInvoiceReleaseReadWhileTheDatabaseIsDownIsQueuedWhenItReturnsAndNeverDeadLettered() {
        String id = "outage-" + UUID.randomUUID();
        String key = id + ":4711";
        try (DatabaseOutage outage = DatabaseOutage.ofTheApplication()) {
            kafka.sendEvent(
                    Topics.FILTERED_ORDERS,
                    key,
                    EventEnvelope.of("acc-" + id, id, release(id, 4711), Clock.systemUTC()));
            await().atMost(DatabaseOutage.PATIENCE)
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(DatabaseOutage.downReadiness(ConsumersReadiness.NAME))
                            .isNotNull()
                            .containsKey(ReleasedOrdersListener.CHANNEL));
        }
        await().atMost(DatabaseOutage.PATIENCE).until(() -> queue.pendingCount(id) == 1);
        await().atMost(DatabaseOutage.PATIENCE)
                .until(() -> DatabaseOutage.downReadiness(ConsumersReadiness.NAME) == null);

        assertThat(kafka.readAll(Topics.deadLetter(Topics.FILTERED_ORDERS), r -> key.equals(r.key())))
                .as("a good release is never dead-lettered because the database was down")
                .isEmpty();
    }

    @Test
    void aMalformedReleaseStillGoesToTheDeadLetterTopic() {
        String key = "bad-" + UUID.randomUUID();
        kafka.send(Topics.FILTERED_ORDERS, key, "{\"not\": \"a release\"");
        assertThat(kafka.readUntil(
                        Topics.deadLetter(Topics.FILTERED_ORDERS),
                        r -> key.equals(r.key()),
                        found -> !found.isEmpty(),
                        DatabaseOutage.PATIENCE))
                .isNotEmpty();
    }
}
