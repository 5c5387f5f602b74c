package dev.tillbridge.events.kafka;

import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.EventPayload;
import dev.tillbridge.events.MalformedEventException;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.json.EventJson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Reads a consumed record as an event. An unreadable record is counted
 * ({@code tillbridge_events_malformed_total{topic}}), logged with its topic, partition and offset, and
 * the {@link MalformedEventException} is rethrown so that the channel's {@code dead-letter-queue} failure
 * strategy moves the raw record to {@code <topic>.dlq}; the consumer then goes on with the next record.
 */
@Singleton
public class IncomingEvents {

    private static final Logger LOG = Logger.getLogger(IncomingEvents.class);

    private final MeterRegistry registry;

    public IncomingEvents(MeterRegistry registry) {
        this.registry = registry;
    }

    public EventEnvelope<EventPayload> read(ConsumerRecord<String, String> record) {
        try {
            return EventJson.decode(record.value());
        } catch (MalformedEventException e) {
            throw rejected(record, e);
        }
    }

    public <T extends EventPayload> EventEnvelope<T> read(ConsumerRecord<String, String> record, Class<T> expected) {
        try {
            return EventJson.decode(record.value(), expected);
        } catch (MalformedEventException e) {
            throw rejected(record, e);
        }
    }

    private MalformedEventException rejected(ConsumerRecord<String, String> record, MalformedEventException e) {
        malformedCounter(record.topic()).increment();
        LOG.warnf(
                "Unreadable record on %s-%d@%d (key %s) goes to %s: %s",
                record.topic(),
                record.partition(),
                record.offset(),
                record.key(),
                Topics.deadLetter(record.topic()),
                e.getMessage());
        return e;
    }

    public double malformedCount(String topic) {
        return malformedCounter(topic).count();
    }

    private Counter malformedCounter(String topic) {
        return Counter.builder("tillbridge.events.malformed")
                .description("Records that could not be read as events and went to the dead-letter topic")
                .tag("topic", topic)
                .register(registry);
    }
}
