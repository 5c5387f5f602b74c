package dev.tillbridge.status.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The relay's Kafka producer: acks=all and idempotent, so an acknowledged record is on every in-sync replica
 * and the producer's own retries never duplicate one. Sends a batch and reports, per outbox row, whether the
 * broker acknowledged it within the send timeout.
 */
public final class OutboxProducer implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final Duration sendTimeout;

    /** @param kafkaConfig the service's Kafka settings (bootstrap servers, security), without serializers */
    public OutboxProducer(Map<String, Object> kafkaConfig, Duration sendTimeout) {
        this.sendTimeout = sendTimeout;
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "status-api-outbox");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        int timeoutMs = (int) sendTimeout.toMillis();
        // Bounded waits: for metadata while the broker is unreachable, and for each record's acknowledgement.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs);
        this.producer = new KafkaProducer<>(config);
    }

    /**
     * Why the broker cannot be used now, if it cannot: asks for a topic's partitions (from the producer's metadata,
     * fetched within the send timeout when it has none). Locks nothing, so a relay cut off from the broker asks
     * this before it takes rows that a relay of another replica could publish.
     */
    public Optional<Exception> unreachable(String topic) {
        try {
            producer.partitionsFor(topic);
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(e);
        }
    }

    /**
     * Sends the records (at most one per key, so their order does not matter) and waits for the broker.
     *
     * @return the error of each record that was not acknowledged, by row id; empty when all were
     */
    public Map<Long, Exception> send(List<OutboxRecord> records) {
        Map<Long, Exception> failed = new LinkedHashMap<>();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (OutboxRecord record : records) {
            if (!failed.isEmpty()) {
                // The first refusal (typically: no metadata within the timeout) would repeat for each record.
                failed.put(record.id(), failed.values().iterator().next());
                sent.add(null);
                continue;
            }
            try {
                sent.add(producer.send(record.toProducerRecord()));
            } catch (RuntimeException e) {
                failed.put(record.id(), e);
                sent.add(null);
            }
        }
        long deadline = System.nanoTime() + sendTimeout.toNanos() + TimeUnit.SECONDS.toNanos(1);
        for (int i = 0; i < records.size(); i++) {
            long id = records.get(i).id();
            if (sent.get(i) != null) {
                await(sent.get(i), deadline).ifPresent(e -> failed.put(id, e));
            }
        }
        return failed;
    }

    private static Optional<Exception> await(Future<RecordMetadata> ack, long deadline) {
        try {
            ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.of(e.getCause() instanceof Exception cause ? cause : e);
        } catch (TimeoutException e) {
            return Optional.of(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
