package dev.tillbridge.status.messaging;

import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.events.kafka.EventMessages;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One Kafka record waiting in the outbox, exactly as it will be published: topic, key, value (the encoded
 * envelope, or null for a tombstone) and headers. The envelope is encoded once, when the row is written, so a
 * repeat after a crash carries the same envelope id and time as the first publication.
 *
 * @param id        the row id (0 before it is stored); publication order per (topic, key)
 * @param createdAt when the row was written (null before it is stored)
 */
public record OutboxRecord(
        long id, String topic, String key, String value, Map<String, String> headers, Instant createdAt) {

    public OutboxRecord {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        headers = Map.copyOf(headers);
    }

    /** An event record: the JSON envelope with CloudEvents headers, as {@link EventMessages} builds them. */
    public static OutboxRecord event(String topic, String key, EventEnvelope<?> envelope, String source) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : EventMessages.cloudEventHeaders(envelope, source)) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return new OutboxRecord(0, topic, key, EventJson.encode(envelope), headers, null);
    }

    /** A tombstone: deletes {@code key} from a compacted topic. */
    public static OutboxRecord tombstone(String topic, String key) {
        return new OutboxRecord(0, topic, key, null, Map.of(), null);
    }

    public ProducerRecord<String, String> toProducerRecord() {
        RecordHeaders kafkaHeaders = new RecordHeaders();
        headers.forEach((name, value) -> kafkaHeaders.add(name, value.getBytes(StandardCharsets.UTF_8)));
        return new ProducerRecord<>(topic, null, key, value, kafkaHeaders);
    }
}
