package dev.tillbridge.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.Topics;
import dev.tillbridge.infra.KafkaTestClient;
import dev.tillbridge.infra.SimulatorExtension;
import dev.tillbridge.simulator.SimulatedStore;
import dev.tillbridge.simulator.StoreSpec;
import dev.tillbridge.simulator.store.Order;
import dev.tillbridge.simulator.store.OrderSeed;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.state.internals.OffsetCheckpoint;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A filter started on a state folder that outlived its broker's data (the local stack's second checkout, a
 * recreated topic, a restored broker): the global {@code integrations} store is checkpointed far beyond the
 * topic's end. Kafka Streams would seek there, fail with OffsetOutOfRange and stop for good; the filter must wipe
 * the store, rebuild it from the topic, become ready and decide orders.
 */
@QuarkusTest
@TestProfile(StaleStateRecoveryTest.StaleCheckpoint.class)
class StaleStateRecoveryTest {

    private static final long FAR_BEYOND_THE_END = 1_000_000_000L;

    @RegisterExtension
    static final SimulatorExtension magento = new SimulatorExtension();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "tillbridge.credentials.key")
    String credentialsKey;

    @ConfigProperty(name = "kafka-streams.state.dir")
    String stateDir;

    @ConfigProperty(name = "quarkus.kafka-streams.application-id")
    String applicationId;

    public static class StaleCheckpoint implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(StaleStateResource.class));
        }
    }

    /** The usual test resource, plus a global-store checkpoint far ahead of the topic, planted before start. */
    public static class StaleStateResource extends FilterTestResource {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            String runId = config.get("tillbridge.test.run-id");
            Path global = Path.of(
                    "target", "kafka-streams-" + runId, config.get("quarkus.kafka-streams.application-id"), "global");
            try {
                Files.createDirectories(global);
                new OffsetCheckpoint(global.resolve(".checkpoint").toFile())
                        .write(Map.of(new TopicPartition(Topics.INTEGRATIONS, 0), FAR_BEYOND_THE_END));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return config;
        }
    }

    @Test
    void aGlobalStoreCheckpointedBeyondTheTopicIsRebuiltAndOrdersAreDecided() throws IOException {
        await("the decision stream running")
                .atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> RestAssured.given()
                        .get("/q/health/ready")
                        .then()
                        .statusCode(200)
                        .body("checks.find { it.name == 'Order decision stream' }.data.state", equalTo("RUNNING")));

        Path checkpoint = Path.of(stateDir, applicationId, "global", ".checkpoint");
        if (Files.exists(checkpoint)) {
            assertThat(new OffsetCheckpoint(checkpoint.toFile()).read().values())
                    .as("the stale checkpoint is gone")
                    .doesNotContain(FAR_BEYOND_THE_END);
        }
        RestAssured.given().get("/q/metrics").then().statusCode(200);
        assertThat(RestAssured.given().get("/q/metrics").asString())
                .containsPattern("tillbridge_filter_state_stores_wiped_total(\\{[^}]*\\})? 1\\.0");

        SimulatedStore store = magento.createStore(
                StoreSpec.tenant("s" + UUID.randomUUID().toString().substring(0, 8))
                        .withBearerToken(FilterTestSupport.TOKEN));
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            FilterTestSupport support = new FilterTestSupport(kafka, credentialsKey);
            var integration = support.publishIntegration(store, DownloadMode.WAIT_FOR_INVOICE);
            store.seedOrders(OrderSeed.of(1).withStates(Map.of("processing", 1)).withInvoicedFraction(1.0));
            Order order = store.orders().get(0);
            support.observe(integration, store, order.entityId());
            assertThat(support.read(Topics.FILTERED_ORDERS, integration.integrationId(), 1, Duration.ofSeconds(45)))
                    .as("an invoiced order released after the rebuild")
                    .hasSize(1);
        }
    }
}
