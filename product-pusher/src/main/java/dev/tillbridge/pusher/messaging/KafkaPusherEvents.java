package dev.tillbridge.pusher.messaging;

import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.events.kafka.EventMessages;
import dev.tillbridge.events.kafka.KafkaClientSettings;
import dev.tillbridge.pusher.service.PusherEvents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The pusher's Kafka producer (idempotent, {@code acks=all}): progress, log lines, alerts, and dead letters.
 * A plain client, like the poller's, because the pusher's core also runs outside Quarkus (the crash test's
 * child process, the benchmark) and because a dead letter must be acknowledged before its offset goes.
 */
public final class KafkaPusherEvents implements PusherEvents, AutoCloseable {

    private final KafkaProducer<String, String> producer;

    /** To the local broker at {@code bootstrapServers} (PLAINTEXT): tests and the benchmark. */
    public KafkaPusherEvents(String bootstrapServers, Map<String, Object> overrides) {
        this(KafkaClientSettings.bootstrapOnly(bootstrapServers), overrides);
    }

    /** @param kafka the service's whole {@code kafka.*} configuration (SASL_SSL settings in Kubernetes) */
    public KafkaPusherEvents(Map<String, ?> kafka, Map<String, Object> overrides) {
        this.producer = new KafkaProducer<>(settings(kafka, overrides));
    }

    /** The kafka.* configuration, then the producer's own guarantees, then a test's overrides. */
    static Map<String, Object> settings(Map<String, ?> kafka, Map<String, Object> overrides) {
        Map<String, Object> props = KafkaClientSettings.producer(kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, PusherEvents.ORIGIN);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.putAll(overrides);
        return props;
    }

    @Override
    public CompletableFuture<Void> publish(String topic, String key, EventEnvelope<?> envelope) {
        return send(new ProducerRecord<>(
                topic,
                null,
                key,
                EventJson.encode(envelope),
                EventMessages.cloudEventHeaders(envelope, PusherEvents.ORIGIN)));
    }

    /** The same headers SmallRye's dead-letter-queue strategy writes, so every DLQ reads alike. */
    @Override
    public CompletableFuture<Void> deadLetter(ConsumerRecord<String, String> record, String reason) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add("dead-letter-reason", bytes(reason));
        headers.add("dead-letter-topic", bytes(record.topic()));
        headers.add("dead-letter-partition", bytes(String.valueOf(record.partition())));
        headers.add("dead-letter-offset", bytes(String.valueOf(record.offset())));
        return send(
                new ProducerRecord<>(Topics.deadLetter(record.topic()), null, record.key(), record.value(), headers));
    }

    private CompletableFuture<Void> send(ProducerRecord<String, String> record) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    acked.complete(null);
                } else {
                    acked.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            acked.completeExceptionally(e);
        }
        return acked;
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
