package dev.tillbridge.filter.messaging;

import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.MalformedEventException;
import dev.tillbridge.events.json.EventJson;
import java.util.OptionalLong;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Keeps the global integrations store equal to the compacted topic: the newest revision per key, tombstones
 * delete. A record of an older revision than the one held changes nothing: status-api's outbox publishes
 * at-least-once, and a repeat of an earlier revision may follow a newer one.
 */
final class IntegrationTableUpdater implements Processor<String, String, Void, Void> {

    private TimestampedKeyValueStore<String, String> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(DownloadModeTopology.INTEGRATIONS_STORE);
    }

    @Override
    public void process(Record<String, String> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else if (!olderThanHeld(record.key(), record.value())) {
            store.put(record.key(), ValueAndTimestamp.make(record.value(), record.timestamp()));
        }
    }

    private boolean olderThanHeld(String key, String value) {
        ValueAndTimestamp<String> held = store.get(key);
        if (held == null || held.value() == null) {
            return false;
        }
        OptionalLong heldRevision = revision(held.value());
        OptionalLong revision = revision(value);
        return heldRevision.isPresent() && revision.isPresent() && revision.getAsLong() < heldRevision.getAsLong();
    }

    private static OptionalLong revision(String json) {
        try {
            return OptionalLong.of(EventJson.decode(json, IntegrationConfigured.class)
                    .payload()
                    .revision());
        } catch (MalformedEventException e) {
            return OptionalLong.empty();
        }
    }
}
