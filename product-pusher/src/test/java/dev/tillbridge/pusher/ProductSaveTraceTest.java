package dev.tillbridge.pusher;

import static dev.tillbridge.pusher.support.PusherTestSupport.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.ProductUpdate;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.infra.TillbridgeTestResource;
import dev.tillbridge.pusher.support.PusherTestSupport;
import dev.tillbridge.simulator.SimulatedStore;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * A product update that comes with a W3C {@code traceparent} (a POS connector that traces) is saved in Magento inside
 * that trace: the save span's parent is the record's span, and Magento's client span is the save's child. The spans
 * are the service's own, kept by an in-memory exporter; the broker and the Magento simulator are real.
 */
@QuarkusTest
@WithTestResource(TillbridgeTestResource.class)
class ProductSaveTraceTest extends PusherScenarioTest {

    @Inject
    InMemorySpanExporter spans;

    @Test
    void aProductUpdatesTraceparentIsTheParentOfItsSaveInMagento() {
        SimulatedStore store = PusherTestSupport.store(magento.simulator(), "pt", 1, "TRACED-");
        String traceId = hex(16);
        String parentSpanId = hex(8);
        try (PusherTestSupport support = new PusherTestSupport(bootstrapServers, credentialsKey);
                KafkaProducer<String, String> pos = producer()) {
            IntegrationConfigured integration = support.knownIntegration(store, directory);

            ProductUpdate update = product(
                    integration, PusherTestSupport.newRunId(), 1, 1, "TRACED-1", "Traced", new BigDecimal("9.90"));
            var record = new ProducerRecord<>(
                    Topics.PRODUCT_UPDATES,
                    Topics.productKey(integration.integrationId(), "TRACED-1"),
                    EventJson.encode(EventEnvelope.of(
                            integration.accountId(), integration.integrationId(), update, Clock.systemUTC())));
            record.headers()
                    .add(
                            "traceparent",
                            ("00-" + traceId + "-" + parentSpanId + "-01").getBytes(StandardCharsets.UTF_8));
            pos.send(record);
            pos.flush();

            SpanData save = await().atMost(Duration.ofSeconds(60))
                    .until(
                            () -> find(s -> s.getTraceId().equals(traceId)
                                    && s.getName().equals("product save")),
                            Optional::isPresent)
                    .orElseThrow();
            assertThat(save.getParentSpanId())
                    .as("the save's parent is the record's span")
                    .isEqualTo(parentSpanId);
            assertThat(save.getAttributes().asMap().toString()).contains(integration.integrationId());

            SpanData call = await().atMost(Duration.ofMinutes(2))
                    .until(
                            () -> find(s ->
                                    s.getParentSpanId().equals(save.getSpanId()) && s.getKind() == SpanKind.CLIENT),
                            Optional::isPresent)
                    .orElseThrow();
            assertThat(call.getTraceId()).isEqualTo(traceId);
            assertThat(call.getAttributes().asMap().toString())
                    .contains("PUT /V1/products/TRACED-1")
                    .contains("200");
            assertThat(store.productSaveCount("TRACED-1")).isPositive();
        }
    }

    private Optional<SpanData> find(Predicate<SpanData> wanted) {
        return spans.getFinishedSpanItems().stream().filter(wanted).findFirst();
    }

    private KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    private static String hex(int bytes) {
        byte[] id = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(id);
        id[0] |= 1;
        return HexFormat.of().formatHex(id);
    }
}
