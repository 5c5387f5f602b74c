package dev.tillbridge.status;

import static org.awaitility.Awaitility.await;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.EventPayload;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.integration.IntegrationDirectory;
import dev.tillbridge.infra.KafkaTestClient;
import dev.tillbridge.infra.TestIntegration;
import dev.tillbridge.status.messaging.ReadModelConsumers;
import dev.tillbridge.status.service.DevTokenIssuer;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.apache.kafka.common.utils.Utils;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the status-api tests share: tokens from the dev issuer, a Kafka client publishing as the other
 * services do, fresh ids per test (the broker is long-lived), and a wait until the read model's consumers
 * own their partitions (they start at the end of each topic in tests) and the integrations channel has
 * caught up with the topic's history.
 */
public abstract class StatusApiTestSupport {

    private static volatile boolean consumersReady;
    private static final int INTEGRATION_PARTITIONS = Topics.ALL.stream()
            .filter(t -> t.name().equals(Topics.INTEGRATIONS))
            .findFirst()
            .orElseThrow()
            .partitions();

    @Inject
    protected DevTokenIssuer tokens;

    @Inject
    protected KafkaClientService kafkaClients;

    @Inject
    protected IntegrationDirectory directory;

    @Inject
    protected DataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    protected String bootstrapServers;

    protected KafkaTestClient kafka;

    @BeforeEach
    void openKafkaAndAwaitConsumers() {
        kafka = new KafkaTestClient(bootstrapServers);
        if (!consumersReady) {
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> ReadModelConsumers.CHANNELS.stream().allMatch(channel -> {
                        var consumer = kafkaClients.getConsumer(channel);
                        return consumer != null
                                && !consumer.getAssignments()
                                        .await()
                                        .atMost(Duration.ofSeconds(5))
                                        .isEmpty();
                    }));
            // The integrations channel starts from the topic's beginning (a long-lived broker's history):
            // once a marker on every partition is read, what a test publishes next is read promptly.
            List<String> markers = new ArrayList<>();
            Set<Integer> partitions = new HashSet<>();
            while (partitions.size() < INTEGRATION_PARTITIONS) {
                String key = unique("ready");
                int partition =
                        Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % INTEGRATION_PARTITIONS;
                if (partitions.add(partition)) {
                    markers.add(key);
                    configure(key, unique("ready-acc"), 60);
                }
            }
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() ->
                            markers.stream().allMatch(m -> directory.find(m).isPresent()));
            consumersReady = true;
        }
    }

    @AfterEach
    void closeKafka() {
        kafka.close();
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected String tokenFor(String account) {
        return tokens.issue(account, false, "user-of-" + account).token();
    }

    protected String operatorToken() {
        return tokens.issue(null, true, "operator").token();
    }

    protected static RequestSpecification as(String token) {
        return RestAssured.given().header("Authorization", "Bearer " + token);
    }

    /**
     * Waits until the integration's status document (what the Status page shows) answers 200 and meets
     * {@code expected}: the read model is eventually consistent with the topics the test published to.
     */
    protected static void awaitStatus(
            String token, String integrationId, Duration atMost, Consumer<ValidatableResponse> expected) {
        await().atMost(atMost)
                .untilAsserted(() -> expected.accept(as(token)
                        .get("/api/v1/integrations/{id}/status", integrationId)
                        .then()
                        .statusCode(200)));
    }

    protected <T extends EventPayload> EventEnvelope<T> publish(
            String topic, String key, String accountId, String integrationId, T payload) {
        return publishAt(topic, key, accountId, integrationId, payload, Instant.now());
    }

    protected <T extends EventPayload> EventEnvelope<T> publishAt(
            String topic, String key, String accountId, String integrationId, T payload, Instant at) {
        EventEnvelope<T> envelope =
                EventEnvelope.of(accountId, integrationId, payload, Clock.fixed(at, ZoneOffset.UTC));
        kafka.sendEvent(topic, key, envelope);
        return envelope;
    }

    /** What the other services publish about the integration, as they publish it. */
    protected OtherServices otherServices(String accountId, String integrationId) {
        return new OtherServices(kafka, accountId, integrationId);
    }

    /** A fresh account's integration configured through the topic, syncing every minute. */
    protected OtherServices configuredIntegration() {
        return configuredIntegration("acc", 60);
    }

    /** A fresh account (its id starting with {@code accountPrefix}) and its integration configured through the topic. */
    protected OtherServices configuredIntegration(String accountPrefix, int syncIntervalSeconds) {
        String account = unique(accountPrefix);
        String id = unique("int");
        configure(id, account, syncIntervalSeconds);
        return otherServices(account, id);
    }

    /**
     * The integration the control-plane tests create through the API: two stores, Wait-For-Invoice, every two
     * minutes, mails to {@link TestIntegration#NOTIFICATION_ADDRESS}.
     */
    protected static TestIntegration createRequest(String integrationId) {
        return TestIntegration.of(integrationId, null)
                .name("Main store")
                .posName("Till One")
                .baseUrl("https://shop.example.test")
                .storeIds(1, 2)
                .downloadMode(DownloadMode.WAIT_FOR_INVOICE)
                .syncIntervalSeconds(120);
    }

    /** {@link #createRequest}'s body, with a Bearer access token. */
    protected static String createBody(String integrationId, String accessToken) {
        return createRequest(integrationId).accessToken(accessToken).createBody();
    }

    /** A fresh id of {@link #createRequest}'s integration, created through the API as the token's caller. */
    protected static String createdIntegration(String token) {
        String id = unique("int");
        createIntegration(token, createBody(id, "s-" + UUID.randomUUID()))
                .then()
                .statusCode(201);
        return id;
    }

    /** Every integration id {@code GET /api/v1/integrations} lists for the token's caller, following the cursors. */
    protected static List<String> listedIds(String token) {
        return listedPages(token, 200).stream().flatMap(List::stream).toList();
    }

    /** The ids of each page {@code GET /api/v1/integrations?limit=} lists, following the cursors (at most 50 pages). */
    protected static List<List<String>> listedPages(String token, int limit) {
        List<List<String>> pages = new ArrayList<>();
        String cursor = null;
        do {
            var page = as(token)
                    .queryParam("limit", limit)
                    .queryParams(cursor == null ? Map.of() : Map.of("cursor", cursor))
                    .get("/api/v1/integrations")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            pages.add(page.getList("items.integrationId", String.class));
            cursor = page.getString("nextCursor");
        } while (cursor != null && pages.size() < 50);
        return pages;
    }

    /** Runs SQL on the service's own database (triggers that refuse writes, to break a guarantee on purpose). */
    protected void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** {@code POST /api/v1/integrations} with {@code body}, as the token's caller. */
    protected static Response createIntegration(String token, String body) {
        return as(token).contentType(ContentType.JSON).body(body).post("/api/v1/integrations");
    }

    /** An integration configured through the topic, as another control plane (or the demo seed) would. */
    protected IntegrationConfigured configure(String integrationId, String accountId, int syncIntervalSeconds) {
        IntegrationConfigured config = TestIntegration.of(integrationId, accountId)
                .syncIntervalSeconds(syncIntervalSeconds)
                .configured();
        publish(Topics.INTEGRATIONS, integrationId, accountId, integrationId, config);
        return config;
    }
}
