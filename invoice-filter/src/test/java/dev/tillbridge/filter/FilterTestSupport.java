package dev.tillbridge.filter;

import static org.awaitility.Awaitility.await;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.EventPayload;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.OrderObserved;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.events.order.OrderSnapshot;
import dev.tillbridge.infra.KafkaTestClient;
import dev.tillbridge.infra.SimulatorExtension;
import dev.tillbridge.infra.TestIntegrations;
import dev.tillbridge.magento.MagentoClient;
import dev.tillbridge.magento.MagentoClientSettings;
import dev.tillbridge.magento.MagentoCredentials;
import dev.tillbridge.magento.MagentoEndpoint;
import dev.tillbridge.magento.MagentoTransport;
import dev.tillbridge.magento.OutboundGuard;
import dev.tillbridge.simulator.SimulatedStore;
import dev.tillbridge.simulator.StoreSpec;
import io.restassured.RestAssured;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Plays the poller and the POS around invoice-filter: publishes integrations and observed orders, reads outputs. */
public final class FilterTestSupport {

    public static final String TOKEN = "filter-test-token";

    private final KafkaTestClient kafka;
    private final TestIntegrations integrations;

    public FilterTestSupport(KafkaTestClient kafka, String credentialsKey) {
        this.kafka = kafka;
        this.integrations = new TestIntegrations(kafka, credentialsKey);
    }

    /**
     * Once the application is ready (readiness includes its Streams application RUNNING: only then are its partitions
     * assigned), the support of one test with its own broker client; {@link #close()} closes that client.
     */
    public static FilterTestSupport whenReady(KafkaTestClient kafka, String credentialsKey) {
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(
                        () -> RestAssured.given().get("/q/health/ready").then().statusCode(200));
        return new FilterTestSupport(kafka, credentialsKey);
    }

    /** A new store of the test's simulator, whose API takes {@link #TOKEN}. */
    public static SimulatedStore newStore(SimulatorExtension magento) {
        return magento.createStore(
                StoreSpec.tenant("s" + UUID.randomUUID().toString().substring(0, 8))
                        .withBearerToken(TOKEN));
    }

    public IntegrationConfigured publishIntegration(SimulatedStore store, DownloadMode mode) {
        return integrations.publish(store.magentoBaseUrl(), TOKEN, mode, 60);
    }

    /** What the poller would publish: the simulator's current snapshot of the order. */
    public OrderSnapshot observe(IntegrationConfigured integration, SimulatedStore store, long entityId) {
        OrderSnapshot order = magento(store).getOrder(entityId);
        publish(integration, order);
        return order;
    }

    public void publish(IntegrationConfigured integration, OrderSnapshot order) {
        var observed = new OrderObserved(
                integration.integrationId(), UUID.randomUUID(), OrderObserved.ObservedBy.ORDER_SEARCH, order);
        kafka.sendEvent(
                Topics.RAW_ORDERS,
                Topics.orderKey(integration.integrationId(), order.entityId()),
                EventEnvelope.of(integration.accountId(), integration.integrationId(), observed, Clock.systemUTC()));
    }

    public static MagentoClient magento(SimulatedStore store) {
        var settings = MagentoClientSettings.defaults();
        return new MagentoClient(
                MagentoTransport.open(settings, OutboundGuard.allowing("127.0.0.0/8")),
                new MagentoEndpoint(store.magentoBaseUrl(), "default"),
                new MagentoCredentials.Bearer(TOKEN),
                settings,
                Clock.systemUTC());
    }

    public List<ConsumerRecord<String, String>> read(
            String topic, String integrationId, int atLeast, Duration timeout) {
        return kafka.readUntil(topic, forIntegration(integrationId), found -> found.size() >= atLeast, timeout);
    }

    public List<ConsumerRecord<String, String>> readSettled(String topic, String integrationId) {
        return kafka.readAll(topic, forIntegration(integrationId), Duration.ofSeconds(2));
    }

    public static Predicate<ConsumerRecord<String, String>> forIntegration(String integrationId) {
        return r -> r.key() != null && r.key().startsWith(integrationId + ":")
                || r.key() != null && r.key().equals(integrationId);
    }

    public static <T extends EventPayload> T payload(ConsumerRecord<String, String> r, Class<T> type) {
        return EventJson.decode(r.value(), type).payload();
    }

    public static Instant daysAgo(int days) {
        return Instant.now().minus(Duration.ofDays(days));
    }
}
