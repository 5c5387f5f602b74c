package dev.tillbridge.status;

import static org.awaitility.Awaitility.await;

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
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
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

    /** An integration configured through the topic, as another control plane (or the demo seed) would. */
    protected IntegrationConfigured configure(String integrationId, String accountId, int syncIntervalSeconds) {
        IntegrationConfigured config = TestIntegration.of(integrationId, accountId)
                .syncIntervalSeconds(syncIntervalSeconds)
                .configured();
        publish(Topics.INTEGRATIONS, integrationId, accountId, integrationId, config);
        return config;
    }
}
