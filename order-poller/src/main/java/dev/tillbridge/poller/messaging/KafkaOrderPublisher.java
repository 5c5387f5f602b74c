package dev.tillbridge.poller.messaging;

import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.events.kafka.EventMessages;
import dev.tillbridge.events.kafka.KafkaClientSettings;
import dev.tillbridge.events.tracing.TraceHeaders;
import dev.tillbridge.poller.service.OrderPublisher;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The poller's Kafka producer: idempotent, {@code acks=all}, batched. A plain client rather than a
 * messaging channel because the cycle must hold every send's acknowledgement before it moves the watermark.
 */
public final class KafkaOrderPublisher implements OrderPublisher, AutoCloseable {

    private final KafkaProducer<String, String> producer;

    /**
     * @param kafka     the service's whole {@code kafka.*} configuration: broker address and, in Kubernetes, the
     *                  SASL_SSL settings the channels use too
     * @param overrides settings a test changes on top of everything else
     */
    public KafkaOrderPublisher(Map<String, ?> kafka, Map<String, Object> overrides) {
        this.producer = new KafkaProducer<>(settings(kafka, overrides));
    }

    /** The producer's settings: the kafka.* configuration, then the publisher's own guarantees, then the overrides. */
    static Map<String, Object> settings(Map<String, ?> kafka, Map<String, Object> overrides) {
        Map<String, Object> props = KafkaClientSettings.producer(kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "order-poller");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.putAll(overrides);
        return props;
    }

    @Override
    public CompletableFuture<Void> send(String topic, String key, EventEnvelope<?> envelope) {
        // The cycle's trace (W3C traceparent) rides along in a header, so invoice-filter's decision joins it.
        var record = new ProducerRecord<>(
                topic,
                null,
                key,
                EventJson.encode(envelope),
                TraceHeaders.injectCurrent(EventMessages.cloudEventHeaders(envelope, "order-poller")));
        CompletableFuture<Void> acked = new CompletableFuture<>();
        producer.send(record, (metadata, error) -> {
            if (error == null) {
                acked.complete(null);
            } else {
                acked.completeExceptionally(error);
            }
        });
        return acked;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
