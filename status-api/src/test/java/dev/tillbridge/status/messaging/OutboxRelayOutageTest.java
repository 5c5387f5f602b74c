package dev.tillbridge.status.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.status.StatusApiTestSupport;
import dev.tillbridge.status.StatusTestResource;
import dev.tillbridge.status.config.StatusApiConfig;
import dev.tillbridge.status.health.OutboxRelayHealth;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The outbox when the relay cannot reach the broker: the application's relay bootstraps through a
 * {@link BrokerGate} that stays shut until the last test opens it. The tests before it see the records wait,
 * play the relay of a crashed or another replica with relays of their own (real broker), and never open the
 * gate: once open, it stays open.
 */
@QuarkusTest
@TestProfile(OutboxRelayOutageTest.GatedRelay.class)
@WithTestResource(StatusTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutboxRelayOutageTest extends StatusApiTestSupport {

    public static class GatedRelay implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "tillbridge.status.outbox.bootstrap-servers",
                    "127.0.0.1:" + BrokerGate.PORT,
                    "tillbridge.status.outbox.max-age",
                    "PT2S");
        }
    }

    private static final BrokerGate GATE = new BrokerGate();
    private static final Pattern PENDING =
            Pattern.compile("(?m)^tillbridge_status_outbox_pending(?:\\{[^}]*})? (\\S+)$");

    @Inject
    OutboxStore store;

    @Inject
    StatusApiConfig config;

    @Inject
    EntityManager em;

    @AfterAll
    static void closeGate() throws Exception {
        GATE.close();
    }

    @Test
    @Order(1)
    void aCrashBetweenPublishAndDeleteRepeatsRecordsThatConsumersIgnore() {
        String account = unique("acc");
        String token = tokenFor(account);
        String id = createdIntegration(token);
        assertThat(pendingRows(id)).isEqualTo(2);

        // A relay publishes both records and dies before its transaction deletes them.
        try (OutboxProducer crashing = new OutboxProducer(realBroker(), Duration.ofSeconds(10))) {
            await().atMost(Duration.ofMinutes(2)).until(() -> publishWithoutDeleting(crashing, id) == 2);
        }
        assertThat(pendingRows(id)).isEqualTo(2);

        // The relay of the restarted process (or another replica) runs: the same records go out again.
        drainWithRelays(1, id);
        List<ConsumerRecord<String, String>> configs = kafka.readAll(Topics.INTEGRATIONS, r -> id.equals(r.key()));
        assertThat(configs).hasSize(2);
        assertThat(configs).extracting(r -> header(r, "ce_id")).containsOnly(header(configs.get(0), "ce_id"));
        assertThat(configs.get(1).value()).isEqualTo(configs.get(0).value());
        List<ConsumerRecord<String, String>> lines = kafka.readAll(Topics.INTEGRATION_LOGS, r -> id.equals(r.key()));
        assertThat(lines).hasSize(2);
        assertThat(lines)
                .extracting(ConsumerRecord::value)
                .containsOnly(lines.get(0).value());

        // The consumers ignored the repeat: a marker published after it shows, and the line is there once.
        publish(
                Topics.INTEGRATION_LOGS,
                id,
                account,
                id,
                LogEntry.info(id, LogService.TILLBRIDGE, "test", "marker after the repeat"));
        await().atMost(Duration.ofMinutes(2))
                .untilAsserted(() -> assertThat(logMessages(token, id)).contains("marker after the repeat"));
        assertThat(logMessages(token, id))
                .filteredOn(m -> m.startsWith("Integration created by"))
                .hasSize(1);
        await().atMost(Duration.ofMinutes(2)).until(() -> directory.find(id).isPresent());
        assertThat(directory.find(id).orElseThrow().revision()).isEqualTo(1);
        as(token).get("/api/v1/integrations/{id}", id).then().statusCode(200).body("revision", is(1));
    }

    @Test
    @Order(2)
    void severalRelaysTogetherPublishEachIntegrationsChangesOnceAndInOrder() {
        String account = unique("acc");
        String token = tokenFor(account);
        List<String> ids = List.of(unique("int"), unique("int"), unique("int"));
        for (String id : ids) {
            createIntegration(token, createBody(id, "secret")).then().statusCode(201);
        }
        for (int change = 1; change <= 4; change++) {
            for (String id : ids) {
                as(token)
                        .contentType("application/merge-patch+json")
                        .body("{\"syncIntervalSeconds\": " + (100 + change) + "}")
                        .patch("/api/v1/integrations/{id}", id)
                        .then()
                        .statusCode(200)
                        .body("revision", is(change + 1));
            }
        }
        assertThat(ids).allSatisfy(id -> assertThat(pendingRows(id)).isEqualTo(10));

        drainWithRelays(3, ids.toArray(String[]::new));

        for (String id : ids) {
            List<ConsumerRecord<String, String>> configs = kafka.readAll(Topics.INTEGRATIONS, r -> id.equals(r.key()));
            assertThat(configs)
                    .extracting(r -> EventJson.decode(r.value(), IntegrationConfigured.class)
                            .payload()
                            .revision())
                    .as("revisions of %s in topic order", id)
                    .containsExactly(1L, 2L, 3L, 4L, 5L);
            List<ConsumerRecord<String, String>> lines =
                    kafka.readAll(Topics.INTEGRATION_LOGS, r -> id.equals(r.key()));
            assertThat(lines)
                    .extracting(r -> EventJson.decode(r.value(), LogEntry.class)
                            .payload()
                            .message())
                    .as("log lines of %s in topic order", id)
                    .hasSize(5)
                    .first()
                    .asString()
                    .startsWith("Integration created by");
        }
    }

    @Test
    @Order(3)
    void aCreateWhileTheBrokerIsUnreachableIsAnsweredThenPublishedOnceWhenItIsBack() throws Exception {
        String account = unique("acc");
        String id = unique("int");
        String token = tokenFor(account);
        createIntegration(token, createBody(id, "secret"))
                .then()
                .statusCode(201)
                .body("revision", is(1));
        as(token).get("/api/v1/integrations/{id}", id).then().statusCode(200).body("revision", is(1));

        // The operator sees the relay fall behind: readiness DOWN, the backlog in the metrics.
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            Map<String, Object> check = outboxCheck();
            assertThat(check.get("status")).isEqualTo("DOWN");
            assertThat(pendingIn(check)).isGreaterThanOrEqualTo(2);
            assertThat(pendingMetric()).isGreaterThanOrEqualTo(2.0);
        });
        assertThat(kafka.readAll(Topics.INTEGRATIONS, r -> id.equals(r.key()))).isEmpty();

        GATE.open(Integer.parseInt(bootstrapServers.substring(bootstrapServers.lastIndexOf(':') + 1)));

        await().atMost(Duration.ofSeconds(60)).until(() -> pendingRows(id) == 0);
        assertThat(kafka.readAll(Topics.INTEGRATIONS, r -> id.equals(r.key()))).hasSize(1);
        assertThat(kafka.readAll(Topics.INTEGRATION_LOGS, r -> id.equals(r.key())))
                .hasSize(1);
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            assertThat(logMessages(token, id)).containsExactly("Integration created by user-of-" + account);
            assertThat(outboxCheck().get("status")).isEqualTo("UP");
            assertThat(pendingMetric()).isZero();
        });
    }

    /** One round of a relay that dies after the broker acknowledged and before its delete commits. */
    private int publishWithoutDeleting(OutboxProducer producer, String id) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                List<OutboxRecord> heads = store.lockHeads(1000).stream()
                        .filter(r -> r.key().equals(id))
                        .toList();
                if (heads.size() == 2) {
                    assertThat(producer.send(heads)).isEmpty();
                }
                throw new RelayDied(heads.size());
            });
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof RelayDied died) {
                    return died.published;
                }
            }
            throw e;
        }
        throw new AssertionError("unreachable");
    }

    /** The relay's process ends here: its transaction never commits. */
    private static final class RelayDied extends RuntimeException {
        final int published;

        RelayDied(int published) {
            super("relay died after publishing " + published + " record(s)");
            this.published = published;
        }
    }

    /** Relays of other replicas (each with its own producer to the real broker) run together until the rows are gone. */
    private void drainWithRelays(int replicas, String... ids) {
        List<OutboxRelay> relays = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            relays.add(new OutboxRelay(
                    store,
                    config.outbox(),
                    new SimpleMeterRegistry(),
                    new OutboxProducer(realBroker(), Duration.ofSeconds(10))));
        }
        try {
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        CompletableFuture.allOf(relays.stream()
                                        .map(r -> CompletableFuture.runAsync(r::drain))
                                        .toArray(CompletableFuture[]::new))
                                .join();
                        return Arrays.stream(ids).allMatch(id -> pendingRows(id) == 0);
                    });
        } finally {
            relays.forEach(OutboxRelay::stop);
        }
    }

    private Map<String, Object> realBroker() {
        return Map.of("bootstrap.servers", bootstrapServers);
    }

    private long pendingRows(String key) {
        return QuarkusTransaction.requiringNew()
                .call(() -> ((Number) em.createNativeQuery("SELECT count(*) FROM outbox WHERE msg_key = ?1")
                                .setParameter(1, key)
                                .getSingleResult())
                        .longValue());
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private List<String> logMessages(String token, String id) {
        return as(token)
                .get("/api/v1/integrations/{id}/logs?service=TILLBRIDGE&limit=200", id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.message", String.class);
    }

    /** The relay's readiness check: its status and data. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> outboxCheck() {
        List<Map<String, Object>> checks =
                RestAssured.get("/q/health/ready").then().extract().jsonPath().getList("checks");
        return checks.stream()
                .filter(c -> OutboxRelayHealth.NAME.equals(c.get("name")))
                .findFirst()
                .orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static long pendingIn(Map<String, Object> check) {
        return ((Number) ((Map<String, Object>) check.get("data")).get("pending")).longValue();
    }

    private static double pendingMetric() {
        Matcher m = PENDING.matcher(
                RestAssured.get("/q/metrics").then().statusCode(200).extract().asString());
        assertThat(m.find())
                .as("tillbridge_status_outbox_pending in /q/metrics")
                .isTrue();
        return Double.parseDouble(m.group(1));
    }
}
