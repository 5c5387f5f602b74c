package dev.tillbridge.infra;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.integration.IntegrationDirectory;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every service proves about its foundation, against the real broker and its real database: an
 * {@code integrations} record published to Kafka is read back by the service's consumer and lands in the
 * service's own table; a malformed record goes to {@code integrations.dlq} and the consumer keeps going;
 * an older revision or a repeat changes nothing; a tombstone deletes. A service's test extends this class
 * and is a {@code @QuarkusTest} with {@link TillbridgeTestResource}.
 */
public abstract class IntegrationDirectoryContract {

    @Inject
    protected IntegrationDirectory directory;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    protected String bootstrapServers;

    protected KafkaTestClient kafka;

    @BeforeEach
    void openKafka() {
        kafka = new KafkaTestClient(bootstrapServers);
    }

    @AfterEach
    void closeKafka() {
        kafka.close();
    }

    protected static IntegrationConfigured integration(String id, long revision, DownloadMode mode) {
        return TestIntegration.of(id, "acc-" + id)
                .baseUrl("http://127.0.0.1:1/m/" + id)
                .sealedCredentials("v1:not-opened")
                .downloadMode(mode)
                .revision(revision)
                .configured();
    }

    private void publish(IntegrationConfigured config) {
        kafka.sendEvent(
                Topics.INTEGRATIONS,
                config.integrationId(),
                EventEnvelope.of(config.accountId(), config.integrationId(), config, Clock.systemUTC()));
    }

    @Test
    void anIntegrationPublishedToKafkaLandsInTheServiceDatabase() {
        String id = "it-" + UUID.randomUUID();
        publish(integration(id, 1, DownloadMode.AUTO_INVOICE));

        await().atMost(Duration.ofMinutes(2))
                .untilAsserted(() -> assertThat(directory.find(id))
                        .hasValueSatisfying(c -> assertThat(c.downloadMode()).isEqualTo(DownloadMode.AUTO_INVOICE)));
    }

    @Test
    void aMalformedRecordGoesToTheDeadLetterTopicAndTheConsumerKeepsGoing() {
        String badKey = "bad-" + UUID.randomUUID();
        String id = "it-" + UUID.randomUUID();
        kafka.send(Topics.INTEGRATIONS, badKey, "{\"this is\": not json");
        publish(integration(id, 1, DownloadMode.WAIT_FOR_INVOICE));

        var deadLetters = kafka.readUntil(
                Topics.deadLetter(Topics.INTEGRATIONS),
                r -> badKey.equals(r.key()),
                found -> !found.isEmpty(),
                Duration.ofSeconds(30));
        // Dead-lettering is at least once (a rebalance may repeat it); the record itself is what matters.
        assertThat(deadLetters)
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.value()).isEqualTo("{\"this is\": not json"));
        await().atMost(Duration.ofMinutes(2)).until(() -> directory.find(id).isPresent());
    }

    @Test
    void anOlderRevisionOrARepeatChangesNothingAndATombstoneDeletes() {
        String id = "it-" + UUID.randomUUID();
        publish(integration(id, 2, DownloadMode.WAIT_FOR_INVOICE));
        publish(integration(id, 1, DownloadMode.AUTO_INVOICE));
        publish(integration(id, 2, DownloadMode.AUTO_INVOICE));
        // A record of the same key lands on the same partition after the three above: once it reached the
        // dead-letter topic, the consumer has handled them all.
        String marker = "marker-" + UUID.randomUUID();
        kafka.send(Topics.INTEGRATIONS, id, marker);
        assertThat(kafka.readUntil(
                        Topics.deadLetter(Topics.INTEGRATIONS),
                        r -> marker.equals(r.value()),
                        found -> !found.isEmpty(),
                        Duration.ofSeconds(30)))
                .isNotEmpty();

        IntegrationConfigured held = directory.find(id).orElseThrow();
        assertThat(held.revision()).isEqualTo(2);
        assertThat(held.downloadMode()).isEqualTo(DownloadMode.WAIT_FOR_INVOICE);

        kafka.send(Topics.INTEGRATIONS, id, null);
        await().atMost(Duration.ofMinutes(2)).until(() -> directory.find(id).isEmpty());
    }

    @Test
    void readinessChecksKafkaAndTheDatabaseAndMetricsArePrometheus() {
        given().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItems("Database connections health check", "Kafka connection health check"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }
}
