package dev.tillbridge.filter.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tillbridge.events.Topics;
import dev.tillbridge.events.kafka.ConsumersReadiness;
import dev.tillbridge.filter.FilterTestResource;
import dev.tillbridge.filter.service.InvoiceQueue;
import dev.tillbridge.infra.DatabaseOutage;
import dev.tillbridge.infra.KafkaTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An invoice request read while PostgreSQL is briefly unavailable is held and queued once it is back: no invoice is
 * lost, and nothing good reaches the dead-letter topic. The integration is unknown to the directory, so the invoicer
 * keeps the job pending (it retries later) and the test can see it.
 */
@QuarkusTest
@WithTestResource(FilterTestResource.class)
class InvoiceRequestsDuringDatabaseOutageTest {

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

    @Test
    void anInvoiceRequestReadWhileTheDatabaseIsDownIsQueuedWhenItReturnsAndNeverDeadLettered() {
        String id = "outage-" + UUID.randomUUID();
        String key = id + ":4711";
        try (DatabaseOutage outage = DatabaseOutage.ofTheApplication()) {
            kafka.send(
                    Topics.INVOICE_FILTER_INVOICE_REQUESTS,
                    key,
                    StateJson.write(new InvoiceRequest(id, 4711, "000004711")));
            await().atMost(DatabaseOutage.PATIENCE)
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(DatabaseOutage.downReadiness(ConsumersReadiness.NAME))
                            .isNotNull()
                            .containsKey(InvoiceRequestsListener.CHANNEL));
        }
        await().atMost(DatabaseOutage.PATIENCE).until(() -> queue.pendingCount(id) == 1);
        await().atMost(DatabaseOutage.PATIENCE)
                .until(() -> DatabaseOutage.downReadiness(ConsumersReadiness.NAME) == null);

        assertThat(kafka.readAll(Topics.deadLetter(Topics.INVOICE_FILTER_INVOICE_REQUESTS), r -> key.equals(r.key())))
                .as("a good request is never dead-lettered because the database was down")
                .isEmpty();
    }

    @Test
    void aMalformedRequestStillGoesToTheDeadLetterTopic() {
        String key = "bad-" + UUID.randomUUID();
        kafka.send(Topics.INVOICE_FILTER_INVOICE_REQUESTS, key, "{\"not\": \"a request\"");
        assertThat(kafka.readUntil(
                        Topics.deadLetter(Topics.INVOICE_FILTER_INVOICE_REQUESTS),
                        r -> key.equals(r.key()),
                        found -> !found.isEmpty(),
                        DatabaseOutage.PATIENCE))
                .isNotEmpty();
    }
}
