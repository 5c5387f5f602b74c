package dev.tillbridge.pos.messaging;

import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.ProductUpdate;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.events.kafka.EventMessages;
import dev.tillbridge.events.kafka.KafkaClientSettings;
import dev.tillbridge.pos.service.CatalogRun;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Publishes catalog runs to {@code product-updates}, keyed {@code integrationId:sku} as docs/architecture.md says. */
@Singleton
public class CatalogPublisher {

    private static final Logger LOG = Logger.getLogger(CatalogPublisher.class);

    private final KafkaProducer<String, String> producer;
    private final String integrationId;
    private final String accountId;
    private final String skuPrefix;

    public CatalogPublisher(
            @Identifier(KafkaClientSettings.DEFAULT_KAFKA_BROKER) Map<String, Object> kafka,
            @ConfigProperty(name = "pos.integration-id") String integrationId,
            @ConfigProperty(name = "pos.account-id") String accountId,
            @ConfigProperty(name = "pos.catalog.sku-prefix") String skuPrefix) {
        this.producer = new KafkaProducer<>(settings(kafka));
        this.integrationId = integrationId;
        this.accountId = accountId;
        this.skuPrefix = skuPrefix;
    }

    /** The whole kafka.* configuration (SASL_SSL settings in Kubernetes), then the producer's own guarantees. */
    static Map<String, Object> settings(Map<String, ?> kafka) {
        Map<String, Object> props = KafkaClientSettings.producer(kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "pos-standin");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return props;
    }

    /** Publishes a run of {@code size} products and waits for the broker to have all of them; returns the run id. */
    public String publish(int size) {
        String runId = CatalogRun.newRunId();
        List<ProductUpdate> run = CatalogRun.of(integrationId, runId, size, skuPrefix, System.nanoTime());
        List<Future<?>> sends = new ArrayList<>();
        for (ProductUpdate update : run) {
            EventEnvelope<ProductUpdate> envelope =
                    EventEnvelope.of(accountId, integrationId, update, Clock.systemUTC());
            sends.add(producer.send(new ProducerRecord<>(
                    Topics.PRODUCT_UPDATES,
                    null,
                    Topics.productKey(integrationId, update.sku()),
                    EventJson.encode(envelope),
                    EventMessages.cloudEventHeaders(envelope, "pos-standin"))));
        }
        producer.flush();
        for (Future<?> send : sends) {
            try {
                send.get();
            } catch (Exception e) {
                throw new IllegalStateException("Catalog run " + runId + " not published: " + e.getMessage(), e);
            }
        }
        LOG.infof("POS published catalog run %s of integration %s: %,d products", runId, integrationId, size);
        return runId;
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
