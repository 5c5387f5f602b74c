package dev.tillbridge.status.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.status.StatusApiTestSupport;
import dev.tillbridge.status.StatusTestResource;
import dev.tillbridge.status.health.OutboxRelayHealth;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionalException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The control plane's records go through the outbox: in order per integration, once, and only when committed. */
@QuarkusTest
@WithTestResource(StatusTestResource.class)
class ControlPlaneOutboxTest extends StatusApiTestSupport {

    @Inject
    Outbox outbox;

    @Inject
    EntityManager em;

    @Test
    void createUpdateDeleteReachTheTopicOnceInTheirOrder() {
        String account = unique("acc");
        String id = unique("int");
        String token = tokenFor(account);
        String user = "user-of-" + account;
        createIntegration(token, createBody(id, "secret")).then().statusCode(201);
        as(token)
                .contentType("application/merge-patch+json")
                .body("{\"syncIntervalSeconds\": 300}")
                .patch("/api/v1/integrations/{id}", id)
                .then()
                .statusCode(200);
        as(token)
                .contentType("application/merge-patch+json")
                .body("{\"name\": \"Second store\"}")
                .patch("/api/v1/integrations/{id}", id)
                .then()
                .statusCode(200);
        as(token).delete("/api/v1/integrations/{id}", id).then().statusCode(204);

        await().atMost(Duration.ofMinutes(2)).until(() -> pendingRows(id) == 0);
        List<ConsumerRecord<String, String>> records = kafka.readAll(Topics.INTEGRATIONS, r -> id.equals(r.key()));
        assertThat(records).hasSize(5);
        assertThat(records.subList(0, 4)).extracting(r -> config(r).revision()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(config(records.get(1)).syncIntervalSeconds()).isEqualTo(300);
        assertThat(config(records.get(2)).name()).isEqualTo("Second store");
        assertThat(config(records.get(3)).enabled()).isFalse();
        assertThat(records.get(4).value()).as("the tombstone comes last").isNull();
        assertThat(kafka.readAll(Topics.INTEGRATION_LOGS, r -> id.equals(r.key())))
                .extracting(r ->
                        EventJson.decode(r.value(), LogEntry.class).payload().message())
                .containsExactly(
                        "Integration created by " + user,
                        "Settings changed by " + user + ": syncIntervalSeconds",
                        "Settings changed by " + user + ": name");
        RestAssured.get("/q/health/ready")
                .then()
                .extract()
                .jsonPath()
                .getList("checks.name")
                .contains(OutboxRelayHealth.NAME);
    }

    @Test
    void aRecordWrittenInATransactionThatRollsBackIsNeverPublished() {
        String id = unique("int");
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
                    outbox.log(line(id, "rolled back"));
                    throw new IllegalStateException("the change failed after its record was written");
                }))
                .hasMessageContaining("the change failed");
        QuarkusTransaction.requiringNew().run(() -> outbox.log(line(id, "committed")));

        await().atMost(Duration.ofMinutes(2)).until(() -> pendingRows(id) == 0);
        assertThat(kafka.readAll(Topics.INTEGRATION_LOGS, r -> id.equals(r.key())))
                .extracting(r ->
                        EventJson.decode(r.value(), LogEntry.class).payload().message())
                .containsExactly("committed");
    }

    @Test
    void theOutboxRefusesAWriteOutsideATransaction() {
        // Without the caller's transaction the record could not commit with the change it announces.
        assertThatThrownBy(() -> outbox.log(line(unique("int"), "no transaction")))
                .isInstanceOf(TransactionalException.class);
    }

    private static EventEnvelope<LogEntry> line(String id, String message) {
        return EventEnvelope.of(
                "sa-test-outbox", id, LogEntry.info(id, LogService.TILLBRIDGE, "test", message), Clock.systemUTC());
    }

    private static IntegrationConfigured config(ConsumerRecord<String, String> record) {
        return EventJson.decode(record.value(), IntegrationConfigured.class).payload();
    }

    private long pendingRows(String key) {
        return QuarkusTransaction.requiringNew()
                .call(() -> ((Number) em.createNativeQuery("SELECT count(*) FROM outbox WHERE msg_key = ?1")
                                .setParameter(1, key)
                                .getSingleResult())
                        .longValue());
    }
}
