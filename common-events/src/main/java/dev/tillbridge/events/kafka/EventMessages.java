package dev.tillbridge.events.kafka;

import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.json.EventJson;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Builds the Kafka record for an event: its key, the JSON envelope, and CloudEvents headers on top. */
public final class EventMessages {

    private EventMessages() {}

    public static Message<String> of(String key, EventEnvelope<?> envelope, String source) {
        var metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key)
                .withHeaders(cloudEventHeaders(envelope, source))
                .build();
        return Message.of(EventJson.encode(envelope)).addMetadata(metadata);
    }

    public static RecordHeaders cloudEventHeaders(EventEnvelope<?> envelope, String source) {
        var headers = new RecordHeaders();
        headers.add("ce_specversion", bytes("1.0"));
        headers.add("ce_id", bytes(envelope.id().toString()));
        headers.add("ce_type", bytes(envelope.type()));
        headers.add("ce_source", bytes(source));
        headers.add("ce_time", bytes(envelope.occurredAt().toString()));
        return headers;
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
