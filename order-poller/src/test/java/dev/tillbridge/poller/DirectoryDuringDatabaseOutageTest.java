package dev.tillbridge.poller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.integration.IntegrationDirectory;
import dev.tillbridge.events.kafka.ConsumersReadiness;
import dev.tillbridge.infra.DatabaseOutage;
import dev.tillbridge.infra.KafkaTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The shared IntegrationDirectory (every service's {@code integrations} channel) while PostgreSQL is briefly
 * unavailable: a good record is held, not dead-lettered, readiness says why, and it is applied once the database
 * is back. A lost change would leave a deleted integration polled.
 */
@QuarkusTest
@WithTestResource(PollerTestResource.class)
class DirectoryDuringDatabaseOutageTest {

    @Inject
    IntegrationDirectory directory;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void anIntegrationAndItsTombstonePublishedWhileTheDatabaseIsDownAreAppliedWhenItReturnsAndNeverDeadLettered() {
        String id = "outage-" + UUID.randomUUID();
        IntegrationConfigured config = new IntegrationConfigured(
                id,
                "acc-" + id,
                "Store " + id,
                "Demo POS",
                new IntegrationConfigured.MagentoConnection("http://127.0.0.1:1/m/" + id, "default", "v1:not-opened"),
                List.of(1),
                DownloadMode.AUTO_INVOICE,
                60,
                null,
                List.of("ops@example.test"),
                null,
                false,
                1);
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            whileTheDatabaseIsDown(() -> kafka.sendEvent(
                    Topics.INTEGRATIONS, id, EventEnvelope.of(config.accountId(), id, config, Clock.systemUTC())));
            await().atMost(DatabaseOutage.PATIENCE)
                    .until(() -> directory.find(id).isPresent());

            // The deletion, also met by an outage: the integration must not stay in the directory (and be polled).
            whileTheDatabaseIsDown(() -> kafka.send(Topics.INTEGRATIONS, id, null));
            await().atMost(DatabaseOutage.PATIENCE)
                    .until(() -> directory.find(id).isEmpty());
            await().atMost(DatabaseOutage.PATIENCE)
                    .until(() -> DatabaseOutage.downReadiness(ConsumersReadiness.NAME) == null);

            assertThat(kafka.readAll(Topics.deadLetter(Topics.INTEGRATIONS), r -> id.equals(r.key())))
                    .as("good records are never dead-lettered because the database was down")
                    .isEmpty();
        }
    }

    /** Sends a record while the database is closed; the directory's consumer holds it, and readiness says so. */
    private void whileTheDatabaseIsDown(Runnable send) {
        try (DatabaseOutage outage = DatabaseOutage.ofTheApplication()) {
            send.run();
            await().atMost(DatabaseOutage.PATIENCE)
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(DatabaseOutage.downReadiness(ConsumersReadiness.NAME))
                            .isNotNull()
                            .containsKey(IntegrationDirectory.CHANNEL));
        }
    }
}
